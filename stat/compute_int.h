/*
** compute_int.h: what the compute job's two files share (compute.c feeds records into cells,
** compute_result.c turns cells into figures). Private to stat/compute*.c.
*/
#ifndef KPISTAT_COMPUTE_INT_H
#define KPISTAT_COMPUTE_INT_H

#include <stdint.h>

#include "kpistat/buf.h"
#include "kpistat/compute.h"

struct cell {
	long long	 n;		/* records (open_at_end: the +1/-1 difference) */
	long long	 k;		/* share_within: records within the threshold */
	long long	 bad;		/* records with to before from (left out) */
	long double	 s1, s2;	/* sum of field or numerator; sum of denominator */
	double		*v;		/* values for medians and percentiles ... */
	int32_t		*iv;		/* ... or, while they all fit, durations in seconds */
	size_t		 nv, cap;
};

/* A filter with its values in the column's own form. */
struct cfilter {
	int		 col;		/* index in the row */
	enum col_type	 type;
	enum filter_op	 op;
	char		**s;		/* text values */
	size_t		*sn;
	double		*x;		/* numbers, dates (days) and times (seconds) as doubles */
	size_t		 n;
};

/* Breakdown values: an open-addressing table from the value's bytes to its number. */
struct bval {
	char	*key;			/* type tag + bytes */
	size_t	 keylen;
	char	*label;			/* "district=3" */
	struct cell *cells;		/* nper cells, one per period */
};

struct cjob {
	const struct metric	*m;
	const struct compute	*k;
	const struct dataset	*d;
	enum period_kind	 kind;
	int			 fy;
	long			 klo, khi;	/* periods emitted */
	size_t			 nper;
	int			 ip, ifrom, ito, ifield, inum, iden, ibrk;	/* row indexes, -1 */
	enum col_type		 tp, tfrom, tto, tbrk, tfield, tnum, tden;	/* their types */
	double			 unit;		/* seconds per duration unit */
	struct cfilter		*f;
	size_t			 nf;
	struct bval		*b;		/* [0] is "no value": counted in the city only */
	size_t			 nb, bcap;
	size_t			*slot;		/* hash slots: index into b + 1, 0 empty */
	size_t			 nslot;
	long			 cday[256], ckey[256];	/* period of day cache, by day % 256 */
	long long		 last_i;	/* the last integer breakdown value and its number */
	size_t			 last_b;
	size_t			 small_b[64];	/* numbers of integer breakdown values 0..63 (0: not yet) */
	int			 iarea;		/* share_in_group: the area column's index, or -1 */
	enum col_type		 tarea;
	char			**gids;		/* ... the group's area ids, and the values' prefix */
	size_t			 ngids;
	char			*gprefix;
	struct buf		 tmp;
};

/*
** A computed figure outside its metric's range (catalog_out_of_bounds) is stored all the same,
** because the records give it (refusing it would leave the figure the records no longer
** support), and said in w as a warning and counted in r->outliers: the records, or the
** metric's min:/max:, want a look. Called for figures stored new or changed only, so that a
** recompute does not repeat the warnings of figures it leaves as they were.
*/
void	compute_check_bounds(const struct metric *m, const struct figure *f,
	    struct compute_result *r, struct diags *w);

/* compute_ratio.c: ratio metrics' figures, inside compute_run's transaction. 0 or -1 (in d). */
int	compute_ratios(struct store *st, const struct catalog *c, const struct compute_opts *o,
	    struct compute_result *r, struct diags *d, struct diags *w);

#endif
