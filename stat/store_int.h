/*
** store_int.h: what the store's own files (store.c, store_catalog.c, store_figure.c) share.
** Private: nothing outside stat/store*.c includes it.
*/
#ifndef KPISTAT_STORE_INT_H
#define KPISTAT_STORE_INT_H

#include <sqlite3.h>

#include "kpistat/store.h"

/* The statements a handle keeps prepared; the SQL is in stmt_sql[] below. */
enum stmt_id {
	Q_METRIC_ID,
	Q_FIG_GET,
	Q_FIG_INSERT,
	Q_FIG_UPDATE,
	Q_REV_INSERT,
	Q_SEEN_INSERT,
	Q_SEEN_LINE,
	Q_SERIES,
	Q_BREAKDOWNS,
	Q_HISTORY,
	Q_REVISIONS,
	Q_EACH,
	Q_COUNT
};

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
	sqlite3_stmt	*stmt[Q_COUNT];	/* prepared on first use */
};


int	st_db_err(struct store *st, struct kp_err *e, const char *doing);
int	st_exec(struct store *st, const char *sql, const char *doing, struct kp_err *e);
/* Prepare a one-off statement (catalog and dataset writes are rare); NULL with e filled. */
sqlite3_stmt *st_prep(struct store *st, const char *sql, struct kp_err *e);
/* Step a write statement to completion, reset it and clear its bindings; -1 with e filled. */
int	st_run(struct store *st, sqlite3_stmt *q, const char *doing, struct kp_err *e);
sqlite3_stmt *st_stmt(struct store *st, enum stmt_id id, struct kp_err *e);
void	st_bind_text(sqlite3_stmt *q, const char *name, const char *v);
void	st_bind_int(sqlite3_stmt *q, const char *name, long long v);
void	st_bind_double(sqlite3_stmt *q, const char *name, double v);
const char *st_col_text(sqlite3_stmt *q, int i);
void	st_now_iso(char buf[32]);

/* store_dataset.c: the catalog's datasets and compute blocks (called by store_catalog.c). */
int	st_datasets_write(struct store *st, const struct catalog *c, struct kp_err *e);
int	st_datasets_read(struct store *st, struct catalog *c, struct kp_err *e);
int	st_compute_write(struct store *st, long long id, const struct metric *m, struct kp_err *e);
int	st_compute_read(struct store *st, long long id, struct metric *m, struct kp_err *e);
/* A text column or NULL (caller frees); a text parameter or NULL. */
char	*st_dup_col(sqlite3_stmt *q, int i);
void	st_bind_opt(sqlite3_stmt *q, int i, const char *s);
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
