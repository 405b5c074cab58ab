/*
** cmd_pdf.h: shared by the commands that write a PDF (stat/cmd_pdf.c).
*/
#ifndef KPISTAT_CMD_PDF_H
#define KPISTAT_CMD_PDF_H

#include "kpistat/cmd.h"
#include "kpistat/pdf.h"

/* Both DejaVu faces readable (KPISTAT_FONT_DIR, else the Debian path)? 0, or -1 (KP_NOINPUT). */
int	cmd_pdf_fonts(struct kp_err *e);
/* Font directory, compression and creator for a new document. */
void	cmd_pdf_opts(struct pdf_opts *po);
/*
** Dates and /ID: SOURCE_DATE_EPOCH when set; in deterministic mode the data's own time
** `as_of` (ISO); else the clock. `seed` names the document, for the /ID.
*/
void	cmd_pdf_identity(const struct cmd_ctx *ctx, const char *as_of, const char *seed,
	    struct pdf_opts *o);

#endif
