/*
** entry.c: checks shared by `record` and `import` (see entry.h).
*/
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "kpistat/csv.h"
#include "kpistat/entry.h"
#include "kpistat/num.h"
#include "kpistat/text.h"

int
entry_check_breakdown(const char *s, struct kp_err *e)
{
	const char *eq = strchr(s, '=');
	const char *p;

	if (*s == '\0')
		return 0;
	if (eq == NULL || eq == s || eq[1] == '\0')
		return err_set(e, KP_DATA, NULL, "bad breakdown '%s': expected KEY=VALUE such as "
		    "district=3, or nothing for the whole city", s);
	for (p = s; p < eq; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_')
			return err_set(e, KP_DATA, NULL, "bad breakdown '%s': the key before '=' takes "
			    "lower-case letters, digits and '_' (e.g. district=3, neighbourhood=Fairview)", s);
	for (p = eq + 1; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			return err_set(e, KP_DATA, NULL, "bad breakdown '%s': no line breaks or tabs "
			    "in the value", s);
	return 0;
}

int
entry_check_period(const struct catalog *c, const char *metric, const char *period,
    const struct metric **mp, struct period *out, enum entry_field *bad, struct kp_err *e)
{
	const struct metric *m = catalog_metric(c, metric);
	enum period_kind want;

	*bad = ENTRY_METRIC;
	if (m == NULL)
		return err_set(e, KP_DATA, NULL, "unknown metric '%s': expected one of the metric "
		    "codes in the catalog ('kpistat catalog show')", metric);
	if (m->retired)
		return err_set(e, KP_DATA, NULL, "metric '%s' is retired (no longer in the catalog): "
		    "add it back to the catalog to record figures", metric);
	*mp = m;
	if (period == NULL)
		return 0;
	*bad = ENTRY_PERIOD;
	if (period_parse(period, out, e) < 0)
		return -1;
	want = period_freq_kind(m->freq);
	if (out->kind != want)
		return err_set(e, KP_DATA, NULL, "period '%s' is a %s, but metric '%s' is reported "
		    "%s: expected %s", period, period_kind_name(out->kind), metric,
		    period_freq_name(m->freq), period_kind_example(want));
	return 0;
}

/*
** 0 when v lies in m's range; else -1 (refused) or, with `allow`, 1 (kept): e says which bound
** v is past and where the bound comes from.
*/
static int
out_of_bounds(const struct metric *m, double v, int allow, struct kp_err *e)
{
	char what[sizeof e->msg - 80];

	if (!catalog_out_of_bounds(m, v, what, sizeof what))
		return 0;
	if (allow) {
		err_set(e, KP_DATA, NULL, "warning: %s: kept, as --allow-outlier asks", what);
		return 1;
	}
	return err_set(e, KP_DATA, NULL, "%s: check the figure, or give --allow-outlier to store "
	    "it anyway", what);
}

int
entry_check_text(const char *s, const char *what, struct kp_err *e)
{
	size_t n = strlen(s), k;

	/* An option comes from a terminal or a script, not from a file a person can re-save. */
	if (!utf8_valid(s, n))
		return err_set(e, KP_DATA, NULL, "%s is not valid UTF-8: %s", what,
		    strncmp(what, "--", 2) == 0 ? "set the terminal or script to UTF-8" :
		    "save the file as UTF-8");
	if ((k = text_count(s, n)) > ENTRY_MAX_TEXT)
		return err_set(e, KP_DATA, NULL, "%s is too long: %zu characters, at most %d (a "
		    "paragraph: put a report in a file and refer to it)", what, k, ENTRY_MAX_TEXT);
	return 0;
}

int
entry_check(const struct catalog *c, const char *metric, const char *period,
    const char *value, const char *breakdown, const char *note, struct figure *out,
    enum entry_field *bad, struct kp_err *e)
{
	return entry_check_opts(c, metric, period, value, breakdown, note, NULL, out, bad, e);
}

int
entry_check_opts(const struct catalog *c, const char *metric, const char *period,
    const char *value, const char *breakdown, const char *note, const struct entry_opts *o,
    struct figure *out, enum entry_field *bad, struct kp_err *e)
{
	static const struct entry_opts defaults;
	const struct metric *m = NULL;
	struct figure f;
	int outlier;

	if (o == NULL)
		o = &defaults;
	memset(&f, 0, sizeof f);
	if (entry_check_period(c, metric, NULL, &m, NULL, bad, e) < 0)
		return -1;
	if (m->computed)
		return err_set(e, KP_DATA, NULL, "metric '%s' is computed from raw records and "
		    "takes no figures by hand: run 'kpistat compute' instead", metric);
	f.metric = m->code;
	if (entry_check_period(c, metric, period, &m, &f.period, bad, e) < 0)
		return -1;

	*bad = ENTRY_VALUE;
	if ((o->decimal_comma ? num_parse_dc : num_parse)(value, num_pct_for_unit(m->unit), m->unit,
	    &f.value, e) < 0)
		return -1;
	outlier = out_of_bounds(m, f.value, o->allow_outlier, e);
	if (outlier < 0)
		return -1;

	*bad = ENTRY_BREAKDOWN;
	f.breakdown = breakdown ? breakdown : "";
	if (!utf8_valid(f.breakdown, strlen(f.breakdown)))
		return err_set(e, KP_DATA, NULL, "breakdown is not valid UTF-8: save the file as UTF-8");
	if (entry_check_breakdown(f.breakdown, e) < 0)
		return -1;

	*bad = ENTRY_NOTE;
	if (note != NULL && *note != '\0') {
		if (entry_check_text(note, "note", e) < 0)
			return -1;
		f.note = note;
	}
	*out = f;
	return outlier;
}
