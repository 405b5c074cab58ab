/*
** store_fixture.c: the temporary store of the cmocka tests (store_fixture.h).
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kpistat/diag.h"
#include "store_fixture.h"

int
fx_dir(struct fx *f, const char *name)
{
	snprintf(f->dir, sizeof f->dir, "/tmp/%s.XXXXXX", name);
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->yaml, sizeof f->yaml, "%s/c.yaml", f->dir);
	snprintf(f->db, sizeof f->db, "%s/kp.db", f->dir);
	return 0;
}

int
fx_write(const struct fx *f, const char *text)
{
	FILE *fp = fopen(f->yaml, "w");

	if (fp == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp) == 0 ? 0 : -1;
}

int
fx_catalog(const struct fx *f, const char *text, struct catalog *out)
{
	struct diags d;
	int rc;

	if (fx_write(f, text) != 0)
		return -1;
	diags_init(&d, 0);
	if ((rc = catalog_load_file(f->yaml, out, &d)) != 0)
		fprintf(stderr, "%s: %s\n", d.n ? d.v[0].where : f->yaml, d.n ? d.v[0].msg : "?");
	diags_release(&d);
	return rc == 0 ? 0 : -1;
}

struct store *
fx_store(const struct fx *f, const struct catalog *c)
{
	struct kp_err e;
	struct store *st;

	fx_unlink_store(f);
	if ((st = store_open(f->db, STORE_CREATE, &e)) == NULL) {
		fprintf(stderr, "%s\n", e.msg);
		return NULL;
	}
	if (store_begin(st, &e) != 0 || store_catalog_write(st, c, &e) != 0 ||
	    store_commit(st, &e) != 0) {
		fprintf(stderr, "%s\n", e.msg);
		store_close(st);
		return NULL;
	}
	return st;
}

struct store *
fx_open(const struct fx *f)
{
	struct kp_err e;
	struct store *st = store_open(f->db, 0, &e);

	if (st == NULL)
		fail_msg("%s", e.msg);
	return st;
}

void
fx_record(struct ev_value v[5], char key[16], int i, long day0, int after, int open_every,
    int nokind_every)
{
	memset(v, 0, 5 * sizeof *v);
	snprintf(key, 16, "r%02d", i);
	v[0].s = key;
	v[0].n = strlen(key);
	v[1].i = day0 + i;
	v[2].null = open_every > 0 && i % open_every == 0;
	v[2].i = (long long)(day0 + i + after) * 86400;
	v[3].null = nokind_every > 0 && i % nokind_every == 0;
	v[3].s = "k";
	v[3].n = 1;
	v[4].i = i;
}

void
fx_unlink_store(const struct fx *f)
{
	static const char *const side[] = { "", "-wal", "-shm", "-journal" };
	char p[320];

	for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
		snprintf(p, sizeof p, "%s%s", f->db, side[i]);
		unlink(p);
	}
}

static int
copy_file(const char *from, const char *to)
{
	char buf[65536];
	FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
	size_t n;
	int rc = 0;

	if (out == NULL) {
		if (in)
			fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (ferror(in))
		rc = -1;
	fclose(in);
	return fclose(out) == 0 ? rc : -1;
}

int
fx_save(const struct fx *f)
{
	char p[400];

	snprintf(p, sizeof p, "%s/saved.db", f->dir);
	return copy_file(f->db, p);
}

int
fx_restore(const struct fx *f)
{
	char p[400];

	snprintf(p, sizeof p, "%s/saved.db", f->dir);
	fx_unlink_store(f);
	return copy_file(p, f->db);
}

/* Append the rows of table t to fp: "t|v1|v2|...", values as SQLite gives them as text. */
static int
dump_table(sqlite3 *db, const char *t, FILE *fp)
{
	char *sql = sqlite3_mprintf("SELECT * FROM \"%w\" ORDER BY rowid", t);
	sqlite3_stmt *q = NULL;
	int rc;

	if (sql == NULL)
		return -1;
	rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK) {	/* a WITHOUT ROWID table: in key order */
		sql = sqlite3_mprintf("SELECT * FROM \"%w\"", t);
		rc = sql ? sqlite3_prepare_v2(db, sql, -1, &q, NULL) : SQLITE_NOMEM;
		sqlite3_free(sql);
		if (rc != SQLITE_OK)
			return -1;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		fputs(t, fp);
		for (int i = 0; i < sqlite3_column_count(q); i++) {
			const unsigned char *v = sqlite3_column_text(q, i);
			int n = sqlite3_column_bytes(q, i);

			fputc('|', fp);
			if (v == NULL)
				fputs("NULL", fp);
			else
				for (int j = 0; j < n; j++)
					fprintf(fp, v[j] >= 32 && v[j] < 127 && v[j] != '|' ? "%c" :
					    "\\x%02x", v[j]);
		}
		fputc('\n', fp);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

char *
fx_dump(const struct fx *f, const char *skip)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	char *text = NULL;
	size_t len;
	FILE *fp = open_memstream(&text, &len);
	int rc = -1;

	if (fp == NULL)
		return NULL;
	if (sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' "
	    "ORDER BY name", -1, &q, NULL) == SQLITE_OK) {
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			const char *t = (const char *)sqlite3_column_text(q, 0);

			if (skip != NULL && strstr(t, skip) != NULL)
				continue;
			if (dump_table(db, t, fp) != 0)
				break;
		}
		rc = rc == SQLITE_DONE ? 0 : -1;
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	fclose(fp);
	if (rc != 0) {
		free(text);
		return NULL;
	}
	return text;
}

const char *
fx_integrity(const struct fx *f, char *buf, size_t n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;

	snprintf(buf, n, "%s", "cannot run PRAGMA integrity_check");
	if (sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
	return buf;
}

int
fx_remove(const struct fx *f)
{
	char p[400];

	unlink(f->yaml);
	fx_unlink_store(f);
	snprintf(p, sizeof p, "%s/saved.db", f->dir);
	unlink(p);
	return rmdir(f->dir);
}
