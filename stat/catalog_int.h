/*
** catalog_int.h: what the catalog reader's files (catalog.c, catalog_compute.c) share while
** checking a YAML document. Private: nothing outside stat/catalog*.c includes it.
*/
#ifndef KPISTAT_CATALOG_INT_H
#define KPISTAT_CATALOG_INT_H

#include "kpistat/catalog.h"
#include "kpistat/yml.h"

/* What the checks need while walking the document. */
struct ck {
	const struct yml_doc	*doc;	/* for locations */
	struct diags		*d;	/* problems found */
	int			 bad;	/* how many */
};

/* Report a problem at node `at` (FILE:LINE:COL); counts it in ck->bad. */
void	ck_report(struct ck *ck, const struct yml_node *at, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* A code: lower-case letters, digits, '_', '.', '-', starting with a letter or digit. */
int	ck_valid_code(const char *s);
/* The scalar text under `key`, or NULL when absent (reported when required) or not a scalar. */
const char *ck_str(struct ck *ck, const struct yml_node *map, const char *key, const char *what,
	    int required);
/* The list under `key` (NULL when absent or null); reports a non-list. */
const struct yml_node *ck_list(struct ck *ck, const struct yml_node *map, const char *key,
	    const char *what);
/* 1 when n is a mapping, else reports it and returns 0. */
int	ck_map(struct ck *ck, const struct yml_node *n, const char *what);

/* catalog_index.c: free the lookup tables (catalog_release). */
void	catalog_index_free(struct catalog_index *x);

/* catalog_dataset.c: read `datasets:` into c; helpers both raw-record files use. */
void	ck_datasets(struct ck *ck, const struct yml_node *list, struct catalog *c);
int	ck_bool(struct ck *ck, const struct yml_node *map, const char *key, const char *what,
	    int dflt);					/* true/false/yes/no, else dflt */
int	ck_plain_text(const char *s);			/* no control characters but tab */
int	ck_streq(const char *a, const char *b);	/* NULLs equal only each other */
int	ck_strv_equal(char *const *a, size_t na, char *const *b, size_t nb);
void	ck_strv_free(char **v, size_t n);

/* catalog_compute.c: one metric's `compute:` block, or NULL when it has problems (reported). */
struct compute *ck_compute(struct ck *ck, const struct yml_node *n, const struct catalog *c,
	    const struct metric *m);

/* catalog_geo.c: `geographies:` (files relative to cpath's directory), then datasets' links. */
void	ck_geographies(struct ck *ck, const struct yml_node *list, struct catalog *c,
	    const char *cpath);
void	ck_geo_links(struct ck *ck, const struct yml_node *datasets, struct catalog *c);
void	ck_geo_measures(struct ck *ck, const struct yml_node *metrics, struct catalog *c);

#endif
