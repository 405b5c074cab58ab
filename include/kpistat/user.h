/*
** user: who may use `kpistat serve`, and their passwords. A user has a name (what figures they
** enter carry as `by`), a role and, for a department user, the department they speak for:
**   office      the performance office: the data call of every department, read only here
**   department  enters its own department's figures and commentary, updates its follow-ups
**   viewer      reads the status table
** Passwords are hashed with Argon2id (libsodium's crypto_pwhash_str, interactive limits) and
** never kept or printed in clear. The store's side is store_user.h.
*/
#ifndef KPISTAT_USER_H
#define KPISTAT_USER_H

#include <stddef.h>

#include "kpistat/err.h"

enum user_role { ROLE_OFFICE, ROLE_DEPARTMENT, ROLE_VIEWER };

#define USER_NAME_MAX	64	/* bytes */
#define USER_PW_MIN	10	/* characters: a passphrase, not a PIN */
#define USER_PW_MAX	1024	/* bytes */
#define USER_HASH_MAX	128	/* crypto_pwhash_STRBYTES */

const char *user_role_name(enum user_role r);		/* "office", "department", "viewer" */
int	user_role_parse(const char *s, enum user_role *out);	/* 0 or -1 */

/*
** A user name: 1..64 bytes of valid UTF-8, no control characters, no leading or trailing
** space (it is shown on pages and stored as `by`). 0, or -1 with e filled (KP_USAGE).
*/
int	user_check_name(const char *s, struct kp_err *e);
/* A password: USER_PW_MIN characters at least, USER_PW_MAX bytes at most, valid UTF-8. */
int	user_check_password(const char *pw, struct kp_err *e);

/* libsodium's initialisation, once; -1 with e filled when it fails. */
int	user_crypto_init(struct kp_err *e);
/* Hash pw into out (USER_HASH_MAX bytes). 0, or -1 with e filled (out of memory for Argon2). */
int	user_hash(const char *pw, char out[USER_HASH_MAX], struct kp_err *e);
/*
** Whether pw matches hash: 1 yes, 0 no. With hash NULL (no such user, no password set) the
** same work is done against a dummy hash and 0 returned, so that timing does not tell.
*/
int	user_verify(const char *hash, const char *pw);

#endif
