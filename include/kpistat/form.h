/*
** form: an HTML form's body (application/x-www-form-urlencoded) as name/value pairs, and the
** cookies of a request. Names and values are percent-decoded ('+' is a space) and must be
** valid UTF-8 without NUL bytes; a body that is not is refused as a whole.
**
** Ownership: form_parse fills a caller-owned struct form; form_release frees it.
*/
#ifndef KPISTAT_FORM_H
#define KPISTAT_FORM_H

#include <stddef.h>

struct form_field {
	char	*name, *value;
};

struct form {
	struct form_field *f;
	size_t		 n;
};

/* Parse body[0..len). 0, or -1 (bad percent escape, NUL, invalid UTF-8; *out left empty). */
int	form_parse(const char *body, size_t len, struct form *out);
/* The first value of `name`, or NULL. */
const char *form_get(const struct form *f, const char *name);
/* How many fields are named `name`. */
size_t	form_count(const struct form *f, const char *name);
void	form_release(struct form *f);

#endif
