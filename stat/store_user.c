/*
** store_user.c: the users of `kpistat serve` in the KPI store (see store_user.h).
*/
#include <stdlib.h>
#include <string.h>

#include "kpistat/store_user.h"
#include "kpistat/xmalloc.h"
#include "store_int.h"

#define USER_COLS "SELECT name, role, department, pwhash, disabled, created_at, created_by, " \
	"changed_at FROM app_user"

int
store_user_add(struct store *st, const char *name, enum user_role role, const char *department,
    const char *by, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st,
	    "INSERT INTO app_user(name, role, department, created_at, created_by, changed_at)\n"
	    "VALUES (:name, :role, :dept, :at, :by, :at) ON CONFLICT(name) DO NOTHING", e);
	char at[32];
	int rc;

	if (q == NULL)
		return -1;
	st_write_time(st, at);
	st_bind_text(q, ":name", name);
	st_bind_text(q, ":role", user_role_name(role));
	st_bind_text(q, ":dept", role == ROLE_DEPARTMENT ? department : NULL);
	st_bind_text(q, ":at", at);
	st_bind_text(q, ":by", by);
	rc = st_run(st, q, "cannot store the user", e);
	st_done(st, q);
	return rc < 0 ? -1 : sqlite3_changes(st->db) > 0;
}

/* Run an UPDATE of one user bound to :name (and :v when v is given): 1, 0 none, -1. */
static int
user_update(struct store *st, const char *sql, const char *name, const char *v, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, sql, e);
	char at[32];
	int rc;

	if (q == NULL)
		return -1;
	st_write_time(st, at);
	st_bind_text(q, ":name", name);
	st_bind_text(q, ":at", at);
	if (v != NULL)
		st_bind_text(q, ":v", v);
	rc = st_run(st, q, "cannot change the user", e);
	st_done(st, q);
	return rc < 0 ? -1 : sqlite3_changes(st->db) > 0;
}

int
store_user_set_hash(struct store *st, const char *name, const char *hash, struct kp_err *e)
{
	return user_update(st, "UPDATE app_user SET pwhash = :v, changed_at = :at WHERE name = :name",
	    name, hash, e);
}

int
store_user_disable(struct store *st, const char *name, struct kp_err *e)
{
	return user_update(st, "UPDATE app_user SET disabled = 1, changed_at = CASE disabled WHEN 1 "
	    "THEN changed_at ELSE :at END WHERE name = :name", name, NULL, e);
}

static void
user_row(sqlite3_stmt *q, void *arg)
{
	struct kp_user *u = st_rows_add(arg);
	const char *role = st_col_text(q, 1);

	u->name = st_col_dup(q, 0);
	if (user_role_parse(role, &u->role) < 0)
		u->role = ROLE_VIEWER;	/* the CHECK constraint keeps this from happening */
	u->department = st_col_dup(q, 2);
	u->pwhash = st_col_dup(q, 3);
	u->disabled = sqlite3_column_int(q, 4);
	u->created_at = st_col_dup(q, 5);
	u->created_by = st_col_dup(q, 6);
	u->changed_at = st_col_dup(q, 7);
}

static void
release_users(void *v, size_t n)
{
	kp_users_free(v, n);
}

int
store_user_get(struct store *st, const char *name, struct kp_user *out, struct kp_err *e)
{
	struct kp_user *v = NULL;
	sqlite3_stmt *q = st_prep(st, USER_COLS " WHERE name = :name", e);
	size_t n = 0;

	memset(out, 0, sizeof *out);
	if (q == NULL)
		return -1;
	st_bind_text(q, ":name", name);
	if (st_select(st, q, user_row, sizeof *v, (void **)&v, &n, release_users,
	    "cannot read the user", e) < 0)
		return -1;
	if (n == 1)
		*out = v[0];
	free(v);
	return n == 1;
}

int
store_users(struct store *st, struct kp_user **out, size_t *n, struct kp_err *e)
{
	sqlite3_stmt *q = st_prep(st, USER_COLS " ORDER BY name", e);

	if (q == NULL)
		return -1;
	return st_select(st, q, user_row, sizeof **out, (void **)out, n, release_users,
	    "cannot read the users", e);
}

void
kp_user_release(struct kp_user *u)
{
	free(u->name);
	free(u->department);
	free(u->pwhash);
	free(u->created_at);
	free(u->created_by);
	free(u->changed_at);
	memset(u, 0, sizeof *u);
}

void
kp_users_free(struct kp_user *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		kp_user_release(&v[i]);
	free(v);
}
