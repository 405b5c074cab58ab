/*
** test_store_locks.c: another writer on the store, and what the message says about it
** (store_lock.c, store_evlock.c). With KPISTAT_BUSY_TIMEOUT=0 nothing waits:
**   - a child process holding SQLite's write lock (WAL: a lock in STORE-shm) is named by pid
**     and program; one that runs as kpistat is "another kpistat process"; a connection of this
**     process is "another process" without a name
**   - a store left in rollback-journal mode (an older kpistat) has the lock on the store file
**     itself (no -shm): the child is named from that lock
**   - KPISTAT_BUSY_TIMEOUT empty, malformed, negative or past a day means the default wait
**     (30 s), not none: a write waits for a holder that lets go after 0.2 s
**   - one events import at a time: a second waits its timeout, then is refused with the
**     kpistat-specific message; once the first is done the second begins
**   - a store whose file is gone since it was opened cannot be locked for an import.
** Each time the lock is gone, the refused write goes through.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kpistat/catalog.h"
#include "kpistat/store.h"
#include "kpistat/store_events.h"
#include "store_fixture.h"

static const char catalog_text[] =
    "departments: [{ code: dev, name: Dev }]\n"
    "datasets:\n"
    "  - name: ev\n"
    "    key: id\n"
    "    columns: { id: text, at: date }\n"
    "metrics:\n"
    "  - { code: m, name: M, department: dev, direction: lower }\n";

#define WAITED(n) \
	"waited " #n " s: try again when it is done (or set KPISTAT_BUSY_TIMEOUT to wait longer)"

static struct fx	 fx;
static struct catalog	 cat;
static const char	*self;		/* this program's base name, as a holder's message shows it */

static int
setup(void **state)
{
	struct store *st;

	(void)state;
	if (fx_dir(&fx, "test_store_locks") != 0 || fx_catalog(&fx, catalog_text, &cat) != 0 ||
	    (st = fx_store(&fx, &cat)) == NULL)
		return -1;
	store_close(st);
	setenv("KPISTAT_BUSY_TIMEOUT", "0", 1);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unsetenv("KPISTAT_BUSY_TIMEOUT");
	catalog_release(&cat);
	return fx_remove(&fx);
}

/* A child process holding the store's write lock until release_lock(). */
struct holder {
	pid_t	 pid;
	int	 go;		/* closed to let the child go */
};

/*
** The child's part: take the write lock of store db (journal mode `mode` first), say so on fd
** ready, hold it `ms` milliseconds or (ms = 0) until fd go is closed; the exit status says
** how it went (0: as asked).
*/
static int
holder(const char *db, const char *mode, int ready, int go, long ms)
{
	struct timespec nap = { ms / 1000, ms % 1000 * 1000000L };
	char sql[80], c;
	sqlite3 *h;

	snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", mode);
	if (sqlite3_open(db, &h) != SQLITE_OK || sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return 1;
	if (write(ready, "y", 1) != 1)
		return 2;
	if (ms > 0 ? nanosleep(&nap, NULL) != 0 : read(go, &c, 1) != 0)
		return 3;
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	return 0;
}

/*
** Start a holder (see holder()) in journal mode `mode` for `ms`; when `as` is not NULL the
** child runs as that program (this test's binary executed with argv[0] = as, as /proc shows).
*/
static void
hold_lock(struct holder *h, const char *mode, long ms, const char *as)
{
	int ready[2], go[2];
	char c;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	fflush(NULL);
	if ((h->pid = fork()) == 0) {
		char rfd[16], gfd[16], wait[32];

		close(ready[0]);
		close(go[1]);
		if (as == NULL)
			_exit(holder(fx.db, mode, ready[1], go[0], ms));
		snprintf(rfd, sizeof rfd, "%d", ready[1]);
		snprintf(gfd, sizeof gfd, "%d", go[0]);
		snprintf(wait, sizeof wait, "%ld", ms);
		execl("/proc/self/exe", as, "--hold", fx.db, mode, rfd, gfd, wait, (char *)NULL);
		_exit(4);
	}
	assert_true(h->pid > 0);
	close(ready[1]);
	close(go[0]);
	h->go = go[1];
	if (read(ready[0], &c, 1) != 1)
		fail_msg("the child did not take the lock");
	close(ready[0]);
}

static void
release_lock(struct holder *h)
{
	int status;

	close(h->go);
	assert_int_equal(waitpid(h->pid, &status, 0), h->pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* A write refused with `want`, and then, the lock gone (h's, or db's), done. */
static void
refused_then_done(struct store *st, const char *want, struct holder *h, sqlite3 *db)
{
	struct kp_err e;

	err_clear(&e);
	assert_int_equal(store_begin(st, &e), -1);
	assert_int_equal(e.code, KP_IOERR);
	assert_string_equal(e.where, fx.db);
	assert_string_equal(e.msg, want);
	if (h != NULL)
		release_lock(h);
	else
		assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
}

/* A child holding the lock in journal mode `mode` is named in the refusal. */
static void
named_holder(const char *mode)
{
	struct holder h;
	struct store *st;
	char want[400];

	hold_lock(&h, mode, 0, NULL);
	st = fx_open(&fx);
	snprintf(want, sizeof want, "cannot start a write: another process is writing to the "
	    "store (pid %ld: %s); " WAITED(0), (long)h.pid, self);
	refused_then_done(st, want, &h, NULL);
	store_close(st);
}

static void
test_lock_held_by_another_process(void **state)
{
	(void)state;
	named_holder("WAL");
}

static void
test_lock_held_by_this_process(void **state)
{
	struct store *st = fx_open(&fx);
	sqlite3 *db;

	(void)state;
	/* /proc/locks lists our own pid: not named, as it is not some other program. */
	assert_int_equal(sqlite3_open(fx.db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	refused_then_done(st, "cannot start a write: another process is writing to the store; "
	    WAITED(0), NULL, db);
	sqlite3_close(db);
	store_close(st);
}

static void
test_lock_in_rollback_journal_mode(void **state)
{
	char shm[400];

	(void)state;
	/* The child leaves WAL (which needs no other connection): then it locks STORE itself. */
	snprintf(shm, sizeof shm, "%s-shm", fx.db);
	named_holder("DELETE");
	assert_int_equal(access(shm, F_OK), -1);
}

static void
test_lock_held_by_kpistat(void **state)
{
	struct holder h;
	struct store *st;
	char want[600];

	(void)state;
	/* /proc shows "/usr/local/bin/kpistat --hold ...": a kpistat process, by its base name. */
	hold_lock(&h, "WAL", 0, "/usr/local/bin/kpistat");
	st = fx_open(&fx);
	snprintf(want, sizeof want, "cannot start a write: another kpistat process is writing to "
	    "the store (pid %ld: kpistat --hold %s WAL", (long)h.pid, fx.db);
	{
		struct kp_err e;

		assert_int_equal(store_begin(st, &e), -1);
		assert_int_equal(strncmp(e.msg, want, strlen(want)), 0);
		assert_non_null(strstr(e.msg, "); " WAITED(0)));
	}
	release_lock(&h);
	store_close(st);
}

static void
test_lock_waited_for(void **state)
{
	static const char *const timeouts[] = { "", "abc", "-1", "86401", "2" };
	struct timespec t0, t1;
	struct kp_err e;

	(void)state;
	/* Unset, empty or malformed: the default wait (30 s), long enough for a 0.2 s holder. */
	for (size_t i = 0; i < sizeof timeouts / sizeof timeouts[0]; i++) {
		struct holder h;
		struct store *st;
		int status;

		setenv("KPISTAT_BUSY_TIMEOUT", timeouts[i], 1);
		hold_lock(&h, "WAL", 200, NULL);
		st = fx_open(&fx);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (store_begin(st, &e) != 0)
			fail_msg("KPISTAT_BUSY_TIMEOUT='%s': %s", timeouts[i], e.msg);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		assert_int_equal(store_commit(st, &e), 0);
		store_close(st);
		close(h.go);
		assert_int_equal(waitpid(h.pid, &status, 0), h.pid);
		assert_int_equal(status, 0);
		assert_true(t1.tv_sec - t0.tv_sec < 10);
	}
	setenv("KPISTAT_BUSY_TIMEOUT", "0", 1);
}

static void
test_lock_one_import_at_a_time(void **state)
{
	const struct dataset *d = catalog_dataset(&cat, "ev");
	struct store *st = fx_open(&fx), *st2 = fx_open(&fx);
	struct ev_writer *w, *w2;
	struct kp_err e;

	(void)state;
	w = store_ev_begin(st, d, EV_MERGE, "a.csv", "t", NULL, NULL, &e);
	if (w == NULL)
		fail_msg("%s", e.msg);
	/* No wait, then one of a second (polled): both refused with the same advice. */
	assert_null(store_ev_begin(st2, d, EV_MERGE, "b.csv", "t", NULL, NULL, &e));
	assert_int_equal(e.code, KP_IOERR);
	assert_string_equal(e.where, fx.db);
	assert_string_equal(e.msg, "cannot start the import: another 'kpistat events import' is "
	    "running on this store; " WAITED(0));
	setenv("KPISTAT_BUSY_TIMEOUT", "1", 1);
	assert_null(store_ev_begin(st2, d, EV_MERGE, "b.csv", "t", NULL, NULL, &e));
	setenv("KPISTAT_BUSY_TIMEOUT", "0", 1);
	assert_string_equal(e.msg, "cannot start the import: another 'kpistat events import' is "
	    "running on this store; " WAITED(1));
	/* The first one done (here: given up), the second begins. */
	store_ev_abort(w);
	w2 = store_ev_begin(st2, d, EV_MERGE, "b.csv", "t", NULL, NULL, &e);
	if (w2 == NULL)
		fail_msg("%s", e.msg);
	store_ev_abort(w2);
	store_close(st2);
	store_close(st);
}

static void
test_lock_store_file_gone(void **state)
{
	const struct dataset *d = catalog_dataset(&cat, "ev");
	struct store *st = fx_open(&fx);
	struct kp_err e;
	char moved[400];

	(void)state;
	snprintf(moved, sizeof moved, "%s.moved", fx.db);
	assert_int_equal(rename(fx.db, moved), 0);
	assert_null(store_ev_begin(st, d, EV_MERGE, "a.csv", "t", NULL, NULL, &e));
	assert_int_equal(rename(moved, fx.db), 0);
	assert_int_equal(e.code, KP_IOERR);
	assert_string_equal(e.where, fx.db);
	assert_string_equal(e.msg, "cannot open the store to lock it for the import: No such file "
	    "or directory");
	store_close(st);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lock_held_by_another_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_held_by_this_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_in_rollback_journal_mode, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lock_held_by_kpistat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_waited_for, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_one_import_at_a_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_store_file_gone, setup, teardown),
	};

	/* A lock holder that /proc shows as another program (hold_lock). */
	if (argc == 7 && strcmp(argv[1], "--hold") == 0)
		return holder(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]), atol(argv[6]));
	self = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
