/*
** user.c: roles, names and password hashing for `kpistat serve` (see user.h).
*/
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "kpistat/csv.h"
#include "kpistat/text.h"
#include "kpistat/user.h"

static const char *const role_names[] = { "office", "department", "viewer" };

const char *
user_role_name(enum user_role r)
{
	return (unsigned)r < 3 ? role_names[r] : "?";
}

int
user_role_parse(const char *s, enum user_role *out)
{
	for (int i = 0; i < 3; i++)
		if (s != NULL && strcmp(s, role_names[i]) == 0) {
			*out = (enum user_role)i;
			return 0;
		}
	return -1;
}

int
user_check_name(const char *s, struct kp_err *e)
{
	size_t n = strlen(s);

	if (n == 0)
		return err_set(e, KP_USAGE, NULL, "empty user name");
	if (n > USER_NAME_MAX)
		return err_set(e, KP_USAGE, NULL, "user name is %zu bytes long: at most %d", n,
		    USER_NAME_MAX);
	if (!utf8_valid(s, n))
		return err_set(e, KP_USAGE, NULL, "user name is not valid UTF-8");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return err_set(e, KP_USAGE, NULL, "user name has a control character at byte "
			    "%zu: use letters, digits, spaces and punctuation", i + 1);
	if (s[0] == ' ' || s[n - 1] == ' ')
		return err_set(e, KP_USAGE, NULL, "user name '%s' starts or ends with a space", s);
	return 0;
}

int
user_check_password(const char *pw, struct kp_err *e)
{
	size_t n = strlen(pw);

	if (n > USER_PW_MAX)
		return err_set(e, KP_DATA, NULL, "password is %zu bytes long: at most %d", n,
		    USER_PW_MAX);
	if (!utf8_valid(pw, n))
		return err_set(e, KP_DATA, NULL, "password is not valid UTF-8");
	if (text_count(pw, n) < USER_PW_MIN)
		return err_set(e, KP_DATA, NULL, "password is too short: %zu characters, at least %d "
		    "(a few words make a good one)", text_count(pw, n), USER_PW_MIN);
	return 0;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc = -1;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void
init_once(void)
{
	unsigned char pw[32];

	if (sodium_init() < 0)
		return;
	/* A hash of random bytes: user_verify spends the same time for unknown names. */
	randombytes_buf(pw, sizeof pw);
	if (crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof pw,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return;
	init_rc = 0;
}

int
user_crypto_init(struct kp_err *e)
{
	pthread_once(&once, init_once);
	if (init_rc < 0)
		return err_set(e, KP_SOFTWARE, NULL, "cannot initialise libsodium (out of memory for "
		    "Argon2id?)");
	return 0;
}

int
user_hash(const char *pw, char out[USER_HASH_MAX], struct kp_err *e)
{
	_Static_assert(crypto_pwhash_STRBYTES <= USER_HASH_MAX, "hash buffer");
	if (user_crypto_init(e) < 0)
		return -1;
	if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return err_set(e, KP_SOFTWARE, NULL, "cannot hash the password: out of memory");
	return 0;
}

int
user_verify(const char *hash, const char *pw)
{
	if (user_crypto_init(NULL) < 0)
		return 0;
	if (hash == NULL) {
		volatile int same = crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw));

		(void)same;
		return 0;
	}
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}
