/*
** store_int.h: what the store's own files (store.c, store_catalog.c, store_figure.c) share.
** Private: nothing outside stat/store*.c includes it.
*/
#ifndef KPISTAT_STORE_INT_H
#define KPISTAT_STORE_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "kpistat/store.h"

/* A locked figure, "metric\x1fperiod", with the lock that froze it first. */
struct st_frozen {
	char		*key;
	long long	 lock;
};

/* st_prep's hints: a cache index by a hash of an address (of the SQL text, of a statement). */
#define ST_HINTS	256
#define ST_HINT(p)	(((uintptr_t)(p) >> 4 ^ (uintptr_t)(p) >> 12) % ST_HINTS)

struct store {
	sqlite3		*db;		/* the connection */
	char		*path;		/* as given, for messages */
	int		 version;	/* user_version after open and migration */
	int		 in_txn;	/* inside store_begin .. commit/rollback */
	long long	 fig_floor;	/* largest figure id before this transaction (LLONG_MAX outside one) */
	int		 seen_ready;	/* temp.seen exists */
	char		*last_code;	/* the metric looked up last (imports come in runs of one metric) */
	long long	 last_id;	/* its row id */
	int		 last_computed;	/* and whether it is computed */
	char		 clock[32];	/* when set, the time store_record() writes (store_set_clock) */
	int		 has_locks;	/* some figure is locked (read at store_begin; 1 when unsure) */
	const char	*lock_reason;	/* store_set_lock_reason(): lets writes change locked figures */
	struct st_frozen *frozen;	/* the locked figures, sorted (st_locks_load), or NULL */
	size_t		 nfrozen;
	int		 frozen_ready;	/* frozen[] holds the store's locks as of this transaction */
	struct st_cached *cache;	/* st_prep's statements, kept for the next use */
	size_t		 ncache, cache_next;
	unsigned char	 by_sql[ST_HINTS], by_stmt[ST_HINTS];	/* where an address was last */
	int		 disk_full;	/* st_db_err found the disk full */
	int		 txn_lost;	/* SQLite gave up the transaction at an error: writes refused */
};


int	st_db_err(struct store *st, struct kp_err *e, const char *doing);
/* store_lock.c: the wait for another writer ($KPISTAT_BUSY_TIMEOUT, default 30 s), and the
** error once it expired, naming the process that holds the lock when it can be found. */
int	st_busy_seconds(void);
int	st_busy_err(struct store *st, struct kp_err *e, const char *doing);
int	st_exec(struct store *st, const char *sql, const char *doing, struct kp_err *e);
/*
** A statement for sql, ready to bind and step; NULL with e filled. Hand it back with st_done
** (never sqlite3_finalize): the handle keeps it prepared for the next st_prep of the same text,
** since parsing costs more than running most of these queries (a web request made dozens).
*/
sqlite3_stmt *st_prep(struct store *st, const char *sql, struct kp_err *e);
/* Done with q (from st_prep or sqlite3_prepare_v2; NULL is fine): reset for reuse or freed. */
void	st_done(struct store *st, sqlite3_stmt *q);
/* Step a write statement to completion, reset it and clear its bindings; -1 with e filled. */
int	st_run(struct store *st, sqlite3_stmt *q, const char *doing, struct kp_err *e);
void	st_bind_text(sqlite3_stmt *q, const char *name, const char *v);
/* The same by index: v (NULL binds NULL) copied; out of memory copying it exits (xoom). */
void	st_bind_text_at(sqlite3_stmt *q, int i, const char *v);
void	st_bind_int(sqlite3_stmt *q, const char *name, long long v);
void	st_bind_double(sqlite3_stmt *q, const char *name, double v);
const char *st_col_text(sqlite3_stmt *q, int i);
void	st_now_iso(char buf[32]);
/* The time a write carries: the clock set with store_set_clock(), else now. */
void	st_write_time(struct store *st, char at[32]);
/* Column i as a new string, or NULL when it is NULL. */
char	*st_col_dup(sqlite3_stmt *q, int i);
/*
** Whether (metric, period) is frozen by a lock: 1 with the lock's id (and its program and
** period when prog/per are not NULL), 0 not, -1 on error (store_cycle.c).
*/
int	st_figure_lock(struct store *st, const char *metric, const char *period, long long *lock,
	    char prog[64], char per[16], struct kp_err *e);
/* Step q to its end calling row(q, arg) for each row, then finalize it; 0, or -1 with e filled. */
int	st_each_row(struct store *st, sqlite3_stmt *q, void (*row)(sqlite3_stmt *, void *),
	    void *arg, const char *doing, struct kp_err *e);
/* A growing array of rows of `size` bytes, for st_each_row's callbacks; add returns a zeroed one. */
struct st_rows {
	void	*v;
	size_t	 n, cap, size;
};
void	*st_rows_add(struct st_rows *r);
/*
** st_each_row into a new array of `size`-byte rows: *out and *n on success; on failure the rows
** read so far go to release(v, n) and -1 is returned with e filled.
*/
int	st_select(struct store *st, sqlite3_stmt *q, void (*row)(sqlite3_stmt *, void *),
	    size_t size, void **out, size_t *n, void (*release)(void *, size_t), const char *doing,
	    struct kp_err *e);
/* Forget the loaded locked figures (they are read again when next needed). */
void	st_locks_forget(struct store *st);
/* Log a change to a locked figure (late_change); has_old/has_new say which values count. */
int	st_late_change(struct store *st, const char *metric, const char *period,
	    const char *breakdown, const char *what, int has_old, double old, int has_new,
	    double nv, const char *by, const char *at, const char *reason, long long lock,
	    struct kp_err *e);

/* store_dataset.c: the catalog's datasets and compute blocks (called by store_catalog.c). */
int	st_datasets_write(struct store *st, const struct catalog *c, struct kp_err *e);
int	st_datasets_read(struct store *st, struct catalog *c, struct kp_err *e);
int	st_compute_write(struct store *st, long long id, const struct metric *m, struct kp_err *e);
int	st_compute_read(struct store *st, long long id, struct metric *m, struct kp_err *e);
/* Lists in one column, joined with U+001F (caller frees; st_split's list with ck_strv_free). */
char	*st_join(char *const *v, size_t n);
void	st_split(const char *s, char ***out, size_t *n);
/* store_geo.c: a metric's ratio: block (none: nothing stored, NULL read). */
int	st_ratio_write(struct store *st, long long id, const struct metric *m, struct kp_err *e);
int	st_ratio_read(struct store *st, long long id, struct metric *m, struct kp_err *e);
/* store_geo.c: the catalog's geographies (called by store_catalog.c). */
int	st_geos_write(struct store *st, const struct catalog *c, struct kp_err *e);
int	st_geos_read(struct store *st, struct catalog *c, struct kp_err *e);

/* store_events.c: a records table's signature (caller frees); whether a table exists (1/0/-1). */
#define EV_LAYOUT	"blocks2;"	/* the records tables' layout (store_block.h) */
char	*st_ev_signature(const struct dataset *d);
int	st_table_exists(struct store *st, const char *name);
/* store_block.c: the day of a date (days) or date-time (seconds), flooring times before 1970. */
long	st_ev_day(enum col_type t, long long v);

#endif
