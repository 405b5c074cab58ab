/*
** test_records.c: the raw-record store's blocks (store_block.c, store_merge.c, store_runs.c)
** against a model: imports of records in key order, in random order (large enough to spill
** sorted runs to a temporary file), with keys given twice, stored keys updated or unchanged,
** composite keys; after each import every record must be stored once with its last value, the
** counts and reported problems must match, and the blocks must cover disjoint key ranges.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "kpistat/catalog.h"
#include "kpistat/store.h"
#include "kpistat/store_events.h"
#include "kpistat/diag.h"
#include "../stat/store_block.h"

static char tmpdir[64], db[128], yaml[128];

static const char cat[] =
    "departments: [{ code: dev, name: Dev }]\n"
    "metrics: [{ code: m5, name: M5, department: dev, direction: lower }]\n"
    "datasets:\n"
    "  - name: ev\n"
    "    key: id\n"
    "    columns: { id: text, at: date, v: integer, note: text }\n"
    "  - name: two\n"
    "    key: [who, n]\n"
    "    columns: { who: text, n: integer, x: number, at: datetime }\n";

static int
setup(void **state)
{
	FILE *fp;

	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/kpistat-records-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(db, sizeof db, "%s/kp.db", tmpdir);
	snprintf(yaml, sizeof yaml, "%s/c.yaml", tmpdir);
	if ((fp = fopen(yaml, "w")) == NULL)
		return -1;
	fputs(cat, fp);
	fclose(fp);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(yaml);
	unlink(db);
	rmdir(tmpdir);
	return 0;
}

static struct store *
open_store(struct catalog *c)
{
	struct kp_err e;
	struct diags dg;
	struct store *st;

	diags_init(&dg, 10);
	if (catalog_load_file(yaml, c, &dg) != 0)
		fail_msg("catalog: %s", dg.n ? dg.v[0].msg : "?");
	diags_release(&dg);
	unlink(db);
	st = store_open(db, STORE_CREATE, &e);
	assert_non_null(st);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_catalog_write(st, c, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	return st;
}

/* ---- key encoding --------------------------------------------------------------------- */

static int
enc_cmp(const struct dataset *d, const int *keyidx, const struct ev_value *a,
    const struct ev_value *b)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	int c;

	blk_key(d, keyidx, a, &x);
	blk_key(d, keyidx, b, &y);
	c = memcmp(x.s, y.s, x.len < y.len ? x.len : y.len);
	if (c == 0)
		c = (x.len > y.len) - (x.len < y.len);
	buf_release(&x);
	buf_release(&y);
	return (c > 0) - (c < 0);
}

static void
test_records_keys_sort_as_values(void **state)
{
	struct catalog c;
	struct ev_value a[4], b[4];
	int keyidx[2] = { 0, 1 };
	const struct dataset *d;
	struct store *st;
	static const long long ints[] = { -9000000000LL, -2, -1, 0, 1, 127, 128, 300, 1LL << 40 };
	static const char *const texts[] = { "", "a", "a b", "ab", "b", "\xc3\xa9" };

	(void)state;
	st = open_store(&c);
	d = catalog_dataset(&c, "two");
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	/* (who, n): text first, then the integer, each in value order. */
	for (size_t i = 0; i < 6; i++)
		for (size_t j = 0; j < 9; j++)
			for (size_t k = 0; k < 6; k++)
				for (size_t l = 0; l < 9; l++) {
					int want = i != k ? (i > k) - (i < k) : (j > l) - (j < l);

					a[0].s = texts[i];
					a[0].n = strlen(texts[i]);
					a[1].i = ints[j];
					b[0].s = texts[k];
					b[0].n = strlen(texts[k]);
					b[1].i = ints[l];
					assert_int_equal(enc_cmp(d, keyidx, a, b), want);
				}
	/* Numbers as keys order numerically, negative ones included. */
	{
		static const double xs[] = { -1e300, -2.5, -1, 0, 1e-300, 1, 2.5, 1e300 };
		struct dataset one = *d;	/* keyed on x alone */
		int xk[1] = { 2 };

		one.nkey = 1;
		for (size_t i = 0; i < 8; i++)
			for (size_t j = 0; j < 8; j++) {
				a[2].d = xs[i];
				b[2].d = xs[j];
				assert_int_equal(enc_cmp(&one, xk, a, b), (i > j) - (i < j));
			}
	}
	store_close(st);
	catalog_release(&c);
}

static void
test_records_rows_round_trip(void **state)
{
	struct catalog c;
	struct ev_value v[4], back[4];
	struct buf b = BUF_INIT;
	const struct dataset *d;
	struct store *st;

	(void)state;
	st = open_store(&c);
	d = catalog_dataset(&c, "two");
	memset(v, 0, sizeof v);
	v[0].s = "Zoë, \"quoted\"";
	v[0].n = strlen(v[0].s);
	v[1].i = -123456789012LL;
	v[2].d = -0.125;
	v[3].null = 1;
	blk_row(d, v, &b);
	assert_int_equal(blk_row_read(d, (const unsigned char *)b.s, b.len, back), 0);
	assert_int_equal(back[0].n, v[0].n);
	assert_memory_equal(back[0].s, v[0].s, v[0].n);
	assert_int_equal(back[1].i, v[1].i);
	assert_true(back[2].d == v[2].d);
	assert_true(back[3].null);
	/* Cut short or with bytes left over: refused. */
	assert_int_equal(blk_row_read(d, (const unsigned char *)b.s, b.len - 1, back), -1);
	buf_addch(&b, 0);
	assert_int_equal(blk_row_read(d, (const unsigned char *)b.s, b.len, back), -1);
	/* Packed and unpacked, a block comes back byte for byte; cut short, it is refused. */
	{
		struct buf packed = BUF_INIT, raw = BUF_INIT;

		for (int i = 0; i < 200; i++)
			blk_row(d, v, &b);
		blk_pack(b.s, b.len, &packed);
		assert_true(packed.len < b.len / 4);
		assert_int_equal(blk_unpack(packed.s, packed.len, &raw), 0);
		assert_int_equal(raw.len, b.len);
		assert_memory_equal(raw.s, b.s, b.len);
		assert_int_equal(blk_unpack(packed.s, packed.len - 3, &raw), -1);
		assert_int_equal(blk_unpack("\xff", 1, &raw), -1);
		buf_release(&packed);
		buf_release(&raw);
	}
	buf_release(&b);
	store_close(st);
	catalog_release(&c);
}

/* ---- imports against a model ---------------------------------------------------------- */

#define NKEYS	120000	/* keys 0..NKEYS-1; an import of most of them spills runs */

struct model {
	int		*val;		/* stored value per key, -1: not stored */
	int		*seen;		/* per key: import number it was last given in */
	long		 dup_reports;
	int		*dup_line;	/* per line: reported as a duplicate */
	long		 nlines;
};

struct check {
	const struct model	*m;
	char			*hit;
	long			 n;
	int			 bad;
};

static int
each(void *arg, const struct ev_value *v)
{
	struct check *k = arg;
	int id = atoi(v[0].s + 1);

	k->n++;
	if (id < 0 || id >= NKEYS || k->hit[id] || k->m->val[id] != v[1].i)
		k->bad++;
	else
		k->hit[id] = 1;
	return 0;
}

static void
on_report(void *arg, enum ev_outcome out, long long tag, const char *note, size_t nlen)
{
	struct model *m = arg;

	if (out == EV_UPDATED)
		return;		/* updates are counted, not checked here */
	assert_int_equal(out, EV_DUPLICATE);
	assert_true(tag >= 0 && tag < m->nlines);
	assert_int_equal(m->dup_line[tag], 0);
	assert_true(nlen > 0 && note[0] == 'k');
	m->dup_line[tag] = 1;
	m->dup_reports++;
}

/* The blocks cover disjoint, rising key ranges and hold `total` records. */
static void
check_blocks(long total)
{
	sqlite3 *h;
	sqlite3_stmt *q;
	char *prev = NULL;
	size_t nprev = 0;
	long sum = 0;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT klo, khi, n FROM ev_ev ORDER BY klo", -1, &q,
	    NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *lo = sqlite3_column_blob(q, 0), *hi = sqlite3_column_blob(q, 1);
		size_t nlo = (size_t)sqlite3_column_bytes(q, 0), nhi = (size_t)sqlite3_column_bytes(q, 1);
		int c = memcmp(lo, hi, nlo < nhi ? nlo : nhi);

		assert_true(c < 0 || (c == 0 && nlo <= nhi));
		if (prev != NULL) {
			c = memcmp(prev, lo, nprev < nlo ? nprev : nlo);
			assert_true(c < 0 || (c == 0 && nprev < nlo));
		}
		free(prev);
		prev = malloc(nhi + 1);
		memcpy(prev, hi, nhi);
		nprev = nhi;
		assert_true(sqlite3_column_int64(q, 2) <= BLK_MAX * 2);
		sum += (long)sqlite3_column_int64(q, 2);
	}
	free(prev);
	sqlite3_finalize(q);
	sqlite3_close(h);
	assert_int_equal(sum, total);
}

/*
** One import: `n` lines with keys from `keys`, in that order, value base + line. Returns the
** counts; checks them, the reports and every stored record against the model.
*/
static void
import(struct store *st, const struct dataset *d, struct model *m, const int *keys, long n,
    int base, int round)
{
	struct ev_counts c;
	struct ev_writer *w;
	struct kp_err e;
	struct check k = { m, calloc(NKEYS, 1), 0, 0 };
	long added = 0, updated = 0, unchanged = 0, dups = 0, stored = 0;
	char key[16], note[32];

	memset(&c, 0, sizeof c);
	m->nlines = n;
	m->dup_line = calloc((size_t)n + 1, sizeof *m->dup_line);
	m->dup_reports = 0;
	w = store_ev_begin(st, d, EV_MERGE, "f.csv", "t", on_report, m, &e);
	assert_non_null(w);
	for (long i = 0; i < n; i++) {
		struct ev_value v[4];
		int id = keys[i], val = base + (int)(i % 7);

		memset(v, 0, sizeof v);
		snprintf(key, sizeof key, "k%06d", id);
		v[0].s = key;
		v[0].n = strlen(key);
		v[1].i = 19000 + id % 100;
		v[2].i = val;
		v[3].s = "a note long enough to make rows of some size, so that runs spill";
		v[3].n = strlen(v[3].s);
		snprintf(note, sizeof note, "k%06d", id);
		if (store_ev_put(w, v, i, note, strlen(note), &e) != 0)
			fail_msg("put: %s", e.msg);
		/* The model: the first line with a key in this import wins. */
		if (m->seen[id] == round) {
			dups++;
			continue;
		}
		m->seen[id] = round;
		if (m->val[id] < 0)
			added++;
		else if (m->val[id] == val)
			unchanged++;
		else
			updated++;
		m->val[id] = val;
	}
	assert_int_equal(store_ev_finish(w, &c, &e), 0);
	assert_int_equal(c.added, added);
	assert_int_equal(c.updated, updated);
	assert_int_equal(c.unchanged, unchanged);
	assert_int_equal(c.duplicate, dups);
	assert_int_equal(m->dup_reports, dups);
	assert_int_equal(store_ev_commit(w, &c, &e), 0);
	for (int i = 0; i < NKEYS; i++)
		stored += m->val[i] >= 0;
	{
		const char *cols[] = { "id", "v" };

		assert_int_equal(store_ev_scan(st, d, cols, 2, NULL, 0, NULL, each, &k, &e), 0);
	}
	assert_int_equal(k.bad, 0);
	assert_int_equal(k.n, stored);
	check_blocks(stored);
	free(k.hit);
	free(m->dup_line);
	m->dup_line = NULL;
}

static unsigned long rng = 12345;

static unsigned long
rnd(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return rng >> 33;
}

static void
shuffle(int *v, long n)
{
	for (long i = n - 1; i > 0; i--) {
		long j = (long)(rnd() % (unsigned long)(i + 1));
		int t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
}

static void
test_records_imports_match_a_model(void **state)
{
	struct catalog c;
	struct model m;
	struct store *st;
	const struct dataset *d;
	int *keys = malloc(sizeof(int) * (NKEYS + 1000));
	long n;

	(void)state;
	st = open_store(&c);
	d = catalog_dataset(&c, "ev");
	m.val = malloc(sizeof(int) * NKEYS);
	m.seen = calloc(NKEYS, sizeof(int));
	for (int i = 0; i < NKEYS; i++)
		m.val[i] = -1;

	/* 1. Every other key, in key order: the straight path. */
	n = 0;
	for (int i = 0; i < NKEYS; i += 2)
		keys[n++] = i;
	import(st, d, &m, keys, n, 100, 1);

	/* 2. A few keys between stored ones, and past the end, in order: they join blocks. */
	n = 0;
	for (int i = 1; i < 200; i += 2)
		keys[n++] = i;
	for (int i = NKEYS - 99; i < NKEYS; i += 2)
		keys[n++] = i;
	import(st, d, &m, keys, n, 200, 2);

	/* 3. Every key, shuffled, some given two or three times: spilled runs, merged. */
	n = 0;
	for (int i = 0; i < NKEYS; i++)
		keys[n++] = i;
	for (int i = 0; i < 1000; i++)
		keys[n++] = (int)(rnd() % NKEYS);
	shuffle(keys, n);
	import(st, d, &m, keys, n, 300, 3);

	/* 4. In order for a while, then out of order: both paths in one import. */
	n = 0;
	for (int i = 5000; i < 9000; i++)
		keys[n++] = i;
	for (int i = 0; i < 3000; i++)
		keys[n++] = (int)(rnd() % NKEYS);
	import(st, d, &m, keys, n, 300, 4);

	/* 5. The same file again: nothing changes. */
	import(st, d, &m, keys, n, 300, 5);

	free(keys);
	free(m.val);
	free(m.seen);
	store_close(st);
	catalog_release(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_keys_sort_as_values),
		cmocka_unit_test(test_records_rows_round_trip),
		cmocka_unit_test(test_records_imports_match_a_model),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
