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
	int		 seen_ready;	/* temp.seen exists */
	char		*last_code;	/* the metric looked up last (imports come in runs of one metric) */
	long long	 last_id;	/* its row id */
	int		 last_computed;	/* and whether it is computed */
	sqlite3_stmt	*stmt[Q_COUNT];	/* prepared on first use */
};


int	st_db_err(struct store *st, struct kp_err *e, const char *doing);
int	st_exec(struct store *st, const char *sql, const char *doing, struct kp_err *e);
sqlite3_stmt *st_stmt(struct store *st, enum stmt_id id, struct kp_err *e);
void	st_bind_text(sqlite3_stmt *q, const char *name, const char *v);
void	st_bind_int(sqlite3_stmt *q, const char *name, long long v);
void	st_bind_double(sqlite3_stmt *q, const char *name, double v);
const char *st_col_text(sqlite3_stmt *q, int i);
void	st_now_iso(char buf[32]);

#endif
