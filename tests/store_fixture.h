/*
** store_fixture.h: a temporary store for the cmocka tests. A directory /tmp/NAME.XXXXXX holds
** the catalog file (c.yaml) and the store (kp.db); a catalog given as YAML text is written
** there and loaded (its first problem printed when it does not load), a new store gets it
** written in, and the directory goes with everything SQLite left in it (-wal, -shm, -journal).
** For the fault tests: a store copied aside and back, its every row as text, and SQLite's
** integrity check.
** Shared by test_scan.c, test_datasets.c, test_cycle.c and test_store_faults.c.
*/
#ifndef KPISTAT_TEST_STORE_FIXTURE_H
#define KPISTAT_TEST_STORE_FIXTURE_H

#include "kpistat/catalog.h"
#include "kpistat/store.h"
#include "kpistat/store_events.h"

struct fx {
	char	 dir[64];	/* /tmp/NAME.XXXXXX once made */
	char	 yaml[300];	/* DIR/c.yaml: the catalog file */
	char	 db[300];	/* DIR/kp.db: the store */
};

/* Make the directory /tmp/NAME.XXXXXX and name the files in it; -1 when it cannot be made. */
int	fx_dir(struct fx *f, const char *name);
/* Write text to the catalog file; -1 when it cannot be written. */
int	fx_write(const struct fx *f, const char *text);
/* Write text to the catalog file and load it into out; -1 (first problem on stderr) if not. */
int	fx_catalog(const struct fx *f, const char *text, struct catalog *out);
/* A new store (any old one removed) holding catalog c; NULL (the error on stderr) if not. */
struct store *fx_store(const struct fx *f, const struct catalog *c);
/* The existing store opened; a cmocka failure when it does not open. */
struct store *fx_open(const struct fx *f);
/*
** Record i of the tests' records dataset, columns { id: text, at: date, done: datetime,
** kind: text, n: integer }, into v[5] (key[16] holds the key): id "r%02d", at day0 + i, done
** `after` days later at midnight (none when open_every > 0 and i % open_every == 0), kind "k"
** (none when i % nokind_every == 0, nokind_every > 0), n = i.
*/
void	fx_record(struct ev_value v[5], char key[16], int i, long day0, int after,
	    int open_every, int nokind_every);
/* Remove the store and the files SQLite keeps beside it. */
void	fx_unlink_store(const struct fx *f);
/* Copy the store (closed: one file) to DIR/saved.db, or back from it; -1 on a failed copy. */
int	fx_save(const struct fx *f);
int	fx_restore(const struct fx *f);
/*
** Every row of every table of the store as text (malloc'd), tables by name, rows in rowid
** order; tables whose name contains `skip` (when not NULL) left out. NULL if it cannot be read.
*/
char	*fx_dump(const struct fx *f, const char *skip);
/* "ok", or the first problem PRAGMA integrity_check finds (into buf). */
const char *fx_integrity(const struct fx *f, char *buf, size_t n);
/* Remove the catalog file, the store and the directory; -1 when the directory stays. */
int	fx_remove(const struct fx *f);

#endif
