/*
** store_fixture.h: a temporary store for the cmocka tests. A directory /tmp/NAME.XXXXXX holds
** the catalog file (c.yaml) and the store (kp.db); a catalog given as YAML text is written
** there and loaded (its first problem printed when it does not load), a new store gets it
** written in, and the directory goes with everything SQLite left in it (-wal, -shm, -journal).
** Shared by test_scan.c, test_datasets.c, test_cycle.c and test_store_faults.c.
*/
#ifndef KPISTAT_TEST_STORE_FIXTURE_H
#define KPISTAT_TEST_STORE_FIXTURE_H

#include "kpistat/catalog.h"
#include "kpistat/store.h"

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
/* Remove the store and the files SQLite keeps beside it. */
void	fx_unlink_store(const struct fx *f);
/* Remove the catalog file, the store and the directory; -1 when the directory stays. */
int	fx_remove(const struct fx *f);

#endif
