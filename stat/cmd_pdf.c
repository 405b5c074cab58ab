/*
** cmd_pdf.c: what the commands that write a PDF (packet, memo) share: the font check made
** before any work, the document options, and the dates and /ID of deterministic mode.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kpistat/period.h"
#include "kpistat/version.h"
#include "kpistat/xmalloc.h"

#include "cmd_pdf.h"

int
cmd_pdf_fonts(struct kp_err *e)
{
	const char *dir = getenv("KPISTAT_FONT_DIR");

	for (int i = 0; i < 2; i++) {
		char *f = xasprintf("%s/%s", dir && *dir ? dir : PDF_FONT_DIR,
		    i ? PDF_FONT_BOLD : PDF_FONT_REGULAR);

		if (access(f, R_OK) != 0) {
			err_set(e, KP_NOINPUT, NULL, "cannot read font '%s': %s; install the Debian "
			    "package fonts-dejavu-core or point KPISTAT_FONT_DIR at a directory holding "
			    "%s and %s", f, strerror(errno), PDF_FONT_REGULAR, PDF_FONT_BOLD);
			free(f);
			return -1;
		}
		free(f);
	}
	return 0;
}

void
cmd_pdf_opts(struct pdf_opts *po)
{
	po->font_dir = getenv("KPISTAT_FONT_DIR");
	if (po->font_dir && *po->font_dir == '\0')
		po->font_dir = NULL;
	po->compress = 1;
	po->creator = "kpistat " KPISTAT_VERSION;
}

/* Dates and /ID: fixed in deterministic mode (SOURCE_DATE_EPOCH, else the data's own date). */
void
cmd_pdf_identity(const struct cmd_ctx *ctx, const char *as_of, const char *seed,
    struct pdf_opts *o)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	unsigned long long h1 = 1469598103934665603ULL, h2 = 0x9E3779B97F4A7C15ULL;
	time_t t = time(NULL);
	struct tm tm;
	char *end;
	char stamp[64];

	if (sde && *sde) {
		long long v = strtoll(sde, &end, 10);

		if (*end == '\0' && v >= 0)
			t = (time_t)v;
	} else if (ctx->deterministic) {
		/* No clock: the data's own "as of" time, or a fixed day. */
		int y = 2000, mo = 1, d = 1, hh = 0, mi = 0, ss = 0;

		sscanf(as_of, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &hh, &mi, &ss);
		t = (time_t)period_days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss;
	}
	gmtime_r(&t, &tm);
	o->has_date = 1;
	o->date = (struct pdf_date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec };
	/* /ID: two FNV-1a style hashes of what identifies this packet (plus the clock and pid
	 * when not deterministic, so distinct runs get distinct IDs). */
	snprintf(stamp, sizeof stamp, "%lld/%ld", (long long)t, ctx->deterministic ? 0L :
	    (long)getpid());
	for (int pass = 0; pass < 2; pass++)
		for (const char *s = pass ? stamp : seed; *s; s++) {
			h1 = (h1 ^ (unsigned char)*s) * 1099511628211ULL;
			h2 = (h2 ^ (unsigned char)*s) * 0x100000001B3ULL + 0x2545F4914F6CDD1DULL;
		}
	for (int i = 0; i < 8; i++) {
		o->id[i] = (unsigned char)(h1 >> (8 * i));
		o->id[8 + i] = (unsigned char)(h2 >> (8 * i));
	}
	o->has_id = 1;
}

