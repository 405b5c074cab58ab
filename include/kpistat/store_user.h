/*
** store_user: the users of `kpistat serve` in the KPI store (part of the store module: only
** stat/store*.c call sqlite3_*). Users are never deleted, only disabled: figures carry their
** names. Writers run inside a transaction the caller opened with store_begin().
**
** Ownership: store_user_get fills a caller-owned struct kp_user (strings owned; release with
** kp_user_release); store_users returns an array freed with kp_users_free.
*/
#ifndef KPISTAT_STORE_USER_H
#define KPISTAT_STORE_USER_H

#include <stddef.h>

#include "kpistat/err.h"
#include "kpistat/store.h"
#include "kpistat/user.h"

struct kp_user {
	char		*name;
	enum user_role	 role;
	char		*department;	/* ROLE_DEPARTMENT only, else NULL */
	char		*pwhash;	/* NULL until a password is set */
	int		 disabled;
	char		*created_at, *created_by, *changed_at;
};

/* Add a user: 1 added, 0 the name is taken (nothing written), -1 on error. */
int	store_user_add(struct store *st, const char *name, enum user_role role,
	    const char *department, const char *by, struct kp_err *e);
/* Set the password hash: 1 set, 0 no such user, -1 on error. */
int	store_user_set_hash(struct store *st, const char *name, const char *hash, struct kp_err *e);
/* Disable: 1 disabled, 0 no such user, -1 on error (disabling twice is harmless). */
int	store_user_disable(struct store *st, const char *name, struct kp_err *e);
/* One user: 1 found, 0 none, -1 on error. */
int	store_user_get(struct store *st, const char *name, struct kp_user *out, struct kp_err *e);
/* Every user, by name. */
int	store_users(struct store *st, struct kp_user **out, size_t *n, struct kp_err *e);
void	kp_user_release(struct kp_user *u);
void	kp_users_free(struct kp_user *v, size_t n);

#endif
