/*
** store.c: the KPI store on SQLite (see store.h). The only file that calls sqlite3_*.
**
** Every statement is prepared once per handle (store_stmt) and every value is bound; no text a
** user typed is ever spliced into SQL. Errors copy sqlite3_errmsg() into the kp_err with what
** the store was doing, so the message says both.
*/
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kpistat/schema.h"
#include "kpistat/store.h"
#include "kpistat/xmalloc.h"
#include "store_int.h"

#ifndef PAGE_SIZE_TEXT
#define PAGE_SIZE_TEXT	"16384"	/* bytes per database page in a new store */
#endif

static int config_done;	/* sqlite3_config() is done (it must precede every other call) */

/*
** Disk full, as the OS or SQLite says it (a file size limit or quota looks the same). SQLite
** reports the errno of a failed write only unreliably (it asks for errno later), so a write
** or truncate error counts as "full" too when the store's file system has less than 1 MiB
** left or a file size limit is set (ulimit -f).
*/
static int
is_disk_full(struct store *st)
{
	int rc = sqlite3_extended_errcode(st->db), sys = sqlite3_system_errno(st->db);
	struct rlimit rl;
	struct statvfs vfs;
	char *dir, *slash;
	int low;

	if ((rc & 0xff) == SQLITE_FULL || sys == ENOSPC || sys == EFBIG || sys == EDQUOT)
		return 1;
	if (rc != SQLITE_IOERR_WRITE && rc != SQLITE_IOERR_TRUNCATE && rc != SQLITE_IOERR_SHMSIZE &&
	    rc != SQLITE_IOERR_FSTAT)
		return 0;
	if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		return 1;
	dir = xstrdup(st->path);
	if ((slash = strrchr(dir, '/')) != NULL)
		slash[slash == dir] = '\0';
	low = statvfs(slash ? dir : ".", &vfs) == 0 &&
	    (unsigned long long)vfs.f_bavail * vfs.f_frsize < 1024 * 1024;
	free(dir);
	return low;
}

/* Once SQLite has given up a transaction (txn_lost): every statement that would write is refused. */
static int
deny_writes(void *arg, int action, const char *a, const char *b, const char *c, const char *d)
{
	(void)arg;
	(void)a;
	(void)b;
	(void)c;
	(void)d;
	return action == SQLITE_SELECT || action == SQLITE_READ || action == SQLITE_FUNCTION ||
	    action == SQLITE_TRANSACTION || action == SQLITE_SAVEPOINT ? SQLITE_OK : SQLITE_DENY;
}

/*
** After an error inside store_begin .. commit: SQLite rolls the whole transaction back on some
** (out of memory, a full disk, an I/O error), and a caller that goes on (an import reports
** every bad row) would then write each next figure on its own, committed at once. From here to
** store_rollback nothing is written: an authorizer refuses every write (setting it needs no
** memory and makes prepared statements check again).
*/
static void
txn_check(struct store *st)
{
	if (st->in_txn && !st->txn_lost && sqlite3_get_autocommit(st->db)) {
		st->txn_lost = 1;
		sqlite3_set_authorizer(st->db, deny_writes, NULL);
	}
}

/* Record the connection's last error, saying what we were doing. Returns -1. */
int
st_db_err(struct store *st, struct kp_err *e, const char *doing)
{
	int rc = sqlite3_extended_errcode(st->db);
	int code = KP_IOERR;

	if (st->txn_lost && (rc & 0xff) == SQLITE_AUTH)
		return err_set(e, code, st->path, "%s: the write was given up at an earlier error; "
		    "nothing was written", doing);
	txn_check(st);

	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		code = KP_DATA;
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return st_busy_err(st, e, doing);
	/*
	** The likeliest cause of a failed write of a large import deserves plain words; so does
	** a disk that fails, which SQLite has rolled back from (tests/cli/test_faults.sh checks
	** that "nothing was written" holds at every write, sync and truncate).
	*/
	if ((st->disk_full = is_disk_full(st)))
		return err_set(e, code, st->path, "%s: the store's disk is full (or the file size "
		    "limit was reached): nothing was written; make room and try again", doing);
	if ((rc & 0xff) == SQLITE_IOERR) {
		int sys = sqlite3_system_errno(st->db), rd = rc == SQLITE_IOERR_READ ||
		    rc == SQLITE_IOERR_SHORT_READ;

		return err_set(e, code, st->path, "%s: the disk failed %s(%s%s%s): nothing was "
		    "%s; check the disk and try again", doing, rd ? "while reading " : "",
		    sqlite3_errstr(rc), sys ? ": " : "", sys ? strerror(sys) : "",
		    rd ? "changed" : "written");
	}
	/* A damaged file is not the disk's or the input's fault: say what would help. */
	if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
		return err_set(e, code, st->path, "%s: the store file is damaged (%s): restore it "
		    "from a backup; 'sqlite3 FILE \"PRAGMA integrity_check\"' lists the damage", doing,
		    sqlite3_errmsg(st->db));
	return err_set(e, code, st->path, "%s: %s", doing, sqlite3_errmsg(st->db));
}

/* Run SQL with no parameters and no result rows. */
int
st_exec(struct store *st, const char *sql, const char *doing, struct kp_err *e)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return st_db_err(st, e, doing);
	return 0;
}

/*
** st_prep's cache: the statements a handle prepared, by text. Why: `kpistat serve` keeps a
** handle per thread, and a request ran dozens of short queries (the catalog, the data call,
** each figure) each parsed afresh: parsing was more than half the CPU of a submission (perf,
** make bench-web). One in use (handed out, not yet st_done) is not handed out again: a nested
** st_prep of the same text gets a statement of its own, freed by its st_done.
*/
#define ST_CACHE_MAX	128	/* entries; indexes fit the unsigned char hints */

struct st_cached {
	sqlite3_stmt	*q;
	const char	*sql;	/* the text it was asked by last (compared first: most are literals) */
	int		 in_use;
};

/* Hand out cache entry i, asked for by sql, and remember where both are. */
static sqlite3_stmt *
take(struct store *st, size_t i, const char *sql)
{
	st->cache[i].in_use = 1;
	st->cache[i].sql = sql;
	st->by_sql[ST_HINT(sql)] = (unsigned char)i;
	st->by_stmt[ST_HINT(st->cache[i].q)] = (unsigned char)i;
	return st->cache[i].q;
}

sqlite3_stmt *
st_prep(struct store *st, const char *sql, struct kp_err *e)
{
	sqlite3_stmt *q;
	size_t i;

	/*
	** Where this address was found last, then by address, then by text (an address may have
	** been freed and reused, so the text is always checked): an import asks for the same few
	** literals a million times.
	*/
	i = st->by_sql[ST_HINT(sql)];
	if (i < st->ncache && !st->cache[i].in_use && st->cache[i].sql == sql &&
	    strcmp(sqlite3_sql(st->cache[i].q), sql) == 0)
		return take(st, i, sql);
	for (int by_text = 0; by_text < 2; by_text++)
		for (i = 0; i < st->ncache; i++) {
			struct st_cached *c = &st->cache[i];

			if (!c->in_use && (by_text || c->sql == sql) &&
			    strcmp(sqlite3_sql(c->q), sql) == 0)
				return take(st, i, sql);
		}
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK) {
		if (st->txn_lost && sqlite3_errcode(st->db) == SQLITE_AUTH) {
			st_db_err(st, e, "cannot write");
			return NULL;
		}
		err_set(e, KP_SOFTWARE, st->path, "cannot prepare a statement: %s",
		    sqlite3_errmsg(st->db));
		txn_check(st);
		return NULL;
	}
	if (q == NULL)
		return NULL;
	if (st->cache == NULL)
		st->cache = xcalloc(ST_CACHE_MAX, sizeof *st->cache);
	if (st->ncache < ST_CACHE_MAX)
		i = st->ncache++;
	else {	/* full (queries built for one dataset's columns): replace one not in use */
		for (i = 0; i < ST_CACHE_MAX && st->cache[st->cache_next % ST_CACHE_MAX].in_use; i++)
			st->cache_next++;
		if (i == ST_CACHE_MAX)
			return q;	/* all in use: st_done finalizes this one */
		i = st->cache_next++ % ST_CACHE_MAX;
		sqlite3_finalize(st->cache[i].q);
	}
	st->cache[i].q = q;
	return take(st, i, sql);
}

void
st_done(struct store *st, sqlite3_stmt *q)
{
	size_t i;

	if (q == NULL)
		return;
	if ((i = st->by_stmt[ST_HINT(q)]) >= st->ncache || st->cache[i].q != q)
		for (i = 0; i < st->ncache && st->cache[i].q != q; i++)
			;
	if (i == st->ncache) {
		sqlite3_finalize(q);	/* not kept (the cache was full) */
		return;
	}
	sqlite3_reset(q);	/* ends its read, as finalizing did */
	sqlite3_clear_bindings(q);
	st->cache[i].in_use = 0;
}

/* One integer from a PRAGMA or query; -1 on error (which is never a valid answer here). */
static long
query_int(struct store *st, const char *sql)
{
	struct kp_err e;
	sqlite3_stmt *q = st_prep(st, sql, &e);
	long v = -1;

	if (q == NULL)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(q, 0);
	st_done(st, q);
	return v;
}

/*
** One statement that returns nothing (BEGIN, COMMIT, SAVEPOINT, RELEASE), kept prepared:
** a web submission runs four of them, and sqlite3_exec parsed each every time.
*/
static int
exec_kept(struct store *st, const char *sql, const char *doing, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, sql, e);
	int rc;

	if (q == NULL)
		return -1;
	rc = st_run(st, q, doing, e);
	st_done(st, q);
	return rc;
}

int
st_run(struct store *st, sqlite3_stmt *q, const char *doing, struct kp_err *e)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return st_db_err(st, e, doing);
	return 0;
}

void
st_bind_text(sqlite3_stmt *q, const char *name, const char *v)
{
	st_bind_text_at(q, sqlite3_bind_parameter_index(q, name), v);
}

void
st_bind_text_at(sqlite3_stmt *q, int i, const char *v)
{
	/*
	** SQLite copies the text; when that copy fails the parameter stays unbound (NULL) and
	** the statement would run with it, writing NULL or matching nothing. Out of memory is
	** not an error path here (xmalloc.h): exit, and the open transaction is never committed.
	*/
	if (v == NULL)
		sqlite3_bind_null(q, i);
	else if (sqlite3_bind_text(q, i, v, -1, SQLITE_TRANSIENT) == SQLITE_NOMEM)
		xoom();
}

void
st_bind_int(sqlite3_stmt *q, const char *name, long long v)
{
	sqlite3_bind_int64(q, sqlite3_bind_parameter_index(q, name), v);
}

void
st_bind_double(sqlite3_stmt *q, const char *name, double v)
{
	sqlite3_bind_double(q, sqlite3_bind_parameter_index(q, name), v);
}

const char *
st_col_text(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);

	/* NULL for a value that is not NULL: SQLite ran out of memory converting it to text. */
	if (s == NULL && sqlite3_column_type(q, i) != SQLITE_NULL)
		xoom();
	return s;
}

void
st_write_time(struct store *st, char at[32])
{
	if (st->clock[0] != '\0')
		memcpy(at, st->clock, 32);
	else
		st_now_iso(at);
}

char *
st_col_dup(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? NULL : xstrdup(st_col_text(q, i));
}

/*
** Now as ISO 8601 UTC. SOURCE_DATE_EPOCH, when set, fixes it (reproducible builds'
** convention), so that tests and golden outputs do not depend on the clock.
*/
void
st_now_iso(char buf[32])
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm tm;

	if (env != NULL && *env != '\0') {
		char *end;
		long long v = strtoll(env, &end, 10);

		if (*end == '\0' && v >= 0)	/* a malformed value is ignored, not 1970 */
			t = (time_t)v;
	}
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- open, migrate, close ---------------------------------------------------------- */

/* Bring a store at version `from` up to schema_latest, one transaction per step. */
static int
migrate(struct store *st, int from, struct kp_err *e)
{
	const char *doing = from == 0 ? "cannot create the store" : "cannot upgrade the schema";
	char sql[96];

	for (int v = from + 1; v <= schema_latest; v++) {
		if (st_exec(st, "BEGIN IMMEDIATE", from == 0 ? doing : "cannot start the schema "
		    "upgrade", e) < 0)
			return -1;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d;",
		    v, STORE_APP_ID);
		if (st_exec(st, schema_migrations[v], doing, e) < 0 ||
		    st_exec(st, sql, "cannot record the schema version", e) < 0) {
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		if (st_exec(st, "COMMIT", from == 0 ? doing : "cannot commit the schema upgrade",
		    e) < 0)
			return -1;
	}
	st->version = schema_latest;
	return 0;
}

/* Why a store could not be created at `path`: a clear message for the usual causes. */
static int
explain_cannot_create(const char *path, struct kp_err *e)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	struct stat sb;
	int rc;

	if (slash == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else if (slash == dir) {
		slash[1] = '\0';
	} else {
		*slash = '\0';
	}
	if (stat(dir, &sb) < 0)
		rc = err_set(e, KP_CANTCREAT, path, "cannot create the store: directory '%s' does not exist", dir);
	else if (!S_ISDIR(sb.st_mode))
		rc = err_set(e, KP_CANTCREAT, path, "cannot create the store: '%s' is not a directory", dir);
	else if (access(dir, W_OK) < 0)
		rc = err_set(e, KP_CANTCREAT, path, "cannot create the store: directory '%s' is not writable", dir);
	else
		rc = err_set(e, KP_CANTCREAT, path, "cannot create the store");
	free(dir);
	return rc;
}

/*
** Why the header of an existing file could not be read. In WAL mode even a reader needs the
** -shm file, so a full disk fails here: that, and a failing disk, must not read as "not a
** kpistat store", which a steward would take for corruption.
*/
static int
explain_cannot_read(struct store *st, struct kp_err *e)
{
	int rc = sqlite3_extended_errcode(st->db), sys = sqlite3_system_errno(st->db);

	if (is_disk_full(st))
		return err_set(e, KP_IOERR, st->path, "cannot open the store: the disk is full (or "
		    "the file size limit was reached), so its working files (-wal, -shm) cannot be "
		    "made; the store itself is intact: make room and try again");
	if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN)
		return err_set(e, KP_IOERR, st->path, "cannot open the store: %s%s%s; nothing was "
		    "changed", sqlite3_errmsg(st->db), sys ? ": " : "", sys ? strerror(sys) : "");
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return st_busy_err(st, e, "cannot open the store");
	return err_set(e, KP_DATA, st->path, "not a kpistat store (%s)", sqlite3_errmsg(st->db));
}

struct store *
store_open(const char *path, int flags, struct kp_err *e)
{
	struct store *st;
	struct stat sb;
	int exists = stat(path, &sb) == 0;
	/* One connection per process and one thread: SQLite's own mutexes are pure cost. */
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	long app, ver, ntables;

	if (!exists && !(flags & STORE_CREATE)) {
		err_set(e, KP_NOINPUT, path, "no kpistat store here: run 'kpistat init' first, "
		    "or give the store with --db PATH or $KPISTAT_DB");
		return NULL;
	}
	if (exists && S_ISDIR(sb.st_mode)) {
		err_set(e, KP_NOINPUT, path, "is a directory, not a kpistat store");
		return NULL;
	}
	if (!exists)
		oflags |= SQLITE_OPEN_CREATE;
	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->fig_floor = LLONG_MAX;
	st->has_locks = 1;	/* until a transaction has looked */
	/*
	** kpistat does not ask SQLite how much memory it uses; counting it costs a mutex on every
	** allocation, several per row of a raw-record import. Only possible before SQLite starts.
	*/
	if (!config_done) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		config_done = 1;
	}
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		if (!exists)
			explain_cannot_create(path, e);
		else
			err_set(e, KP_IOERR, path, "cannot open the store: %s; nothing was changed",
			    sqlite3_errmsg(st->db));
		store_close(st);
		return NULL;
	}
	/*
	** Another writer is waited for, not failed on: BEGIN IMMEDIATE (store_begin) and reads
	** that meet a lock call the busy handler until it lets go or the wait expires.
	*/
	sqlite3_busy_timeout(st->db, st_busy_seconds() * 1000);
	/* Large pages: raw-record tables of millions of rows insert and scan faster (new files only). */
	if (!exists)
		sqlite3_exec(st->db, "PRAGMA page_size = " PAGE_SIZE_TEXT, NULL, NULL, NULL);
	/* An 8 MiB page cache keeps large imports off the disk until commit; it is a cap, not a need. */
	sqlite3_exec(st->db, "PRAGMA cache_size = -8192", NULL, NULL, NULL);
	sqlite3_extended_result_codes(st->db, 1);

	/* Reading the header tells a kpistat store from anything else. */
	/* Stop at the first failure: a later query that succeeds would clear its error. */
	if ((app = query_int(st, "PRAGMA application_id")) < 0 ||
	    (ver = query_int(st, "PRAGMA user_version")) < 0 ||
	    (ntables = query_int(st, "SELECT count(*) FROM sqlite_schema")) < 0) {
		explain_cannot_read(st, e);
		goto fail;
	}
	if (app != STORE_APP_ID && (app != 0 || ntables > 0)) {
		err_set(e, KP_DATA, path, "not a kpistat store (an SQLite database of another program); "
		    "give a kpistat store or a new file name");
		goto fail;
	}
	if (ver > schema_latest) {
		err_set(e, KP_DATA, path, "written by a newer kpistat (schema version %ld; this kpistat "
		    "knows up to %d): upgrade kpistat to use it", ver, schema_latest);
		goto fail;
	}
	if (ntables == 0 && !(flags & STORE_CREATE)) {
		err_set(e, KP_NOINPUT, path, "empty store: run 'kpistat init' first");
		goto fail;
	}
	if (st_exec(st, "PRAGMA foreign_keys = ON", "cannot enable foreign keys", e) < 0)
		goto fail;
	/*
	** WAL lets readers and one writer work at once. Switching to it needs the store to
	** ourselves (a store an older kpistat left in rollback mode): when another process has
	** it open, this connection reads in the mode it is in rather than waiting.
	*/
	sqlite3_busy_timeout(st->db, 0);
	(void)query_int(st, "PRAGMA journal_mode = WAL");	/* answers "wal"; memory dbs keep "memory" */
	sqlite3_busy_timeout(st->db, st_busy_seconds() * 1000);
	st->version = (int)ver;
	if (ver < schema_latest && migrate(st, (int)ver, e) < 0) {
		/* A new file's directory may be the cause; a full disk is said as that. */
		if (!exists && !st->disk_full)
			explain_cannot_create(path, e);
		goto fail;
	}
	return st;
fail:
	store_close(st);
	if (!exists)
		unlink(path);	/* do not leave a half-made file behind */
	return NULL;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	for (size_t i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].q);
	free(st->cache);
	if (st->in_txn)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(st->db);
	st_locks_forget(st);
	free(st->path);
	free(st->last_code);
	free(st);
}

int
store_schema_version(struct store *st)
{
	return st->version;
}

int
store_catalog_stamp(struct store *st, long long *n, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, "SELECT n FROM catalog_stamp", e);
	int rc;

	if (q == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
		rc = st_db_err(st, e, "cannot read the catalog's stamp");
		st_done(st, q);
		return rc;
	}
	*n = sqlite3_column_int64(q, 0);
	st_done(st, q);
	return 0;
}

int
store_schema_latest(void)
{
	return schema_latest;
}

int
store_begin(struct store *st, struct kp_err *e)
{
	if (exec_kept(st, "BEGIN IMMEDIATE", "cannot start a write", e) < 0)
		return -1;
	st->in_txn = 1;
	st_locks_forget(st);	/* another process may have locked more since */
	/*
	** Rowids only grow, so figures this transaction inserts have ids above the floor: a
	** conflict with one of those is a repeated row, found without a lookup table. Most stores
	** have no lock at all: then no figure needs the per-figure lookup. Either query failing
	** (out of memory, a damaged page) would make every figure look repeated, and SQLite may
	** have rolled the transaction back already, so that writes would go on without one.
	*/
	if ((st->fig_floor = query_int(st, "SELECT coalesce(max(id), 0) FROM measurement")) < 0 ||
	    (st->has_locks = query_int(st, "SELECT EXISTS (SELECT 1 FROM locked_figure)")) < 0) {
		st_db_err(st, e, "cannot start a write");
		store_rollback(st);
		return -1;
	}
	return 0;
}

int
store_commit(struct store *st, struct kp_err *e)
{
	if (st->txn_lost)
		return err_set(e, KP_IOERR, st->path, "cannot commit: the write was given up at an "
		    "earlier error; nothing was written");
	if (exec_kept(st, "COMMIT", "cannot commit", e) < 0)
		return -1;
	st->in_txn = 0;
	st->fig_floor = LLONG_MAX;
	return 0;
}

int
store_savepoint(struct store *st, struct kp_err *e)
{
	if (exec_kept(st, "SAVEPOINT unit", "cannot start a write", e) < 0)
		return -1;
	/* As store_begin: rows above the floor are this unit's own. */
	if ((st->fig_floor = query_int(st, "SELECT coalesce(max(id), 0) FROM measurement")) < 0) {
		st_db_err(st, e, "cannot start a write");
		store_rollback_to(st);
		return -1;
	}
	return 0;
}

int
store_release(struct store *st, struct kp_err *e)
{
	return exec_kept(st, "RELEASE unit", "cannot write", e);
}

void
store_rollback_to(struct store *st)
{
	sqlite3_exec(st->db, "ROLLBACK TO unit; RELEASE unit", NULL, NULL, NULL);
	/* What store_rollback forgets, for the same reasons. */
	st_locks_forget(st);
	free(st->last_code);
	st->last_code = NULL;
	st->seen_ready = 0;
}

void
store_rollback(struct store *st)
{
	if (st->in_txn)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_txn = 0;
	if (st->txn_lost) {
		sqlite3_set_authorizer(st->db, NULL, NULL);
		st->txn_lost = 0;
	}
	st->fig_floor = LLONG_MAX;
	st_locks_forget(st);	/* it may have undone a lock */
	/* The rollback may have undone the metric looked up last and the temp table `seen`. */
	free(st->last_code);
	st->last_code = NULL;
	st->seen_ready = 0;
}
