/*
** yml: YAML documents (catalogs, packet templates) as a small tree of plain nodes, each with
** the line and column it came from; the only module that calls libyaml (yaml_*). Named yml_
** because yaml_ belongs to libyaml.
**
** Loading is strict where YAML is forgiving and people slip: a tab used for indentation, a
** duplicate key, an alias or a non-scalar key are errors with FILE:LINE:COL.
**
** Ownership: yml_load_file() fills a struct yml_doc freed by yml_doc_release(); nodes and
** their strings belong to the document.
*/
#ifndef KPISTAT_YML_H
#define KPISTAT_YML_H

#include <stddef.h>

#include "kpistat/err.h"

enum yml_type { YML_SCALAR, YML_SEQ, YML_MAP };

struct yml_node;

struct yml_pair {
	char		*key;		/* the key's text */
	int		 line, col;	/* where the key is (1-based) */
	struct yml_node	*val;		/* its value */
};

struct yml_node {
	enum yml_type	 type;
	int		 line, col;	/* where the node starts (1-based) */
	char		*text;		/* YML_SCALAR: the value ("" for an empty scalar) */
	int		 plain;		/* YML_SCALAR: unquoted (so `~`/`null`/empty mean nothing) */
	struct yml_node	**items;	/* YML_SEQ: the elements */
	struct yml_pair	*pairs;		/* YML_MAP: the entries, in file order */
	size_t		 n;		/* number of items or pairs */
};

struct yml_doc {
	char		*file;		/* path as given, for locations */
	struct yml_node	*root;		/* NULL for an empty document */
};

/* Read and parse `path`. On failure fill e (KP_NOINPUT or KP_DATA, where = FILE:LINE:COL). */
int	yml_load_file(const char *path, struct yml_doc *out, struct kp_err *e);
/* Parse YAML text already in memory; `name` is used in locations. */
int	yml_load_string(const char *name, const char *text, size_t len, struct yml_doc *out,
	    struct kp_err *e);
void	yml_doc_release(struct yml_doc *d);

/* The value under `key` in a mapping, or NULL (also when `map` is not a mapping). */
const struct yml_node *yml_get(const struct yml_node *map, const char *key);
/* The pair for `key` (for its location), or NULL. */
const struct yml_pair *yml_get_pair(const struct yml_node *map, const char *key);
/* 1 when the node is a plain null (~, null, or nothing). */
int	yml_is_null(const struct yml_node *n);
/* "FILE:LINE:COL" of a node into buf. */
char	*yml_where(const struct yml_doc *d, int line, int col, char *buf, size_t n);
const char *yml_type_name(enum yml_type t);	/* "a scalar", "a list", "a mapping" */

#endif
