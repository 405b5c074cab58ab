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
fx_unlink_store(const struct fx *f)
{
	static const char *const side[] = { "", "-wal", "-shm", "-journal" };
	char p[320];

	for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
		snprintf(p, sizeof p, "%s%s", f->db, side[i]);
		unlink(p);
	}
}

int
fx_remove(const struct fx *f)
{
	unlink(f->yaml);
	fx_unlink_store(f);
	return rmdir(f->dir);
}
