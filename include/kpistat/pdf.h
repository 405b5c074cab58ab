/*
** pdf: the PDF backend, the only module that calls libharu (HPDF_*). It owns the document,
** libharu's error handling, the two embedded DejaVu faces (UTF-8, subset), pages, outlines,
** links, images, document info and the deterministic options, and offers drawing primitives
** in points with the origin at the bottom left of the current page.
**
** Errors: libharu's handler records the first error and never longjmps. Errors are sticky in
** libharu, so after one every primitive here becomes a no-op; callers draw a whole phase and
** then ask pdf_check() whether it worked. Fonts are checked with access() before libharu sees
** them, so a missing font is a clear message rather than libharu error 0x1017.
**
** Ownership: pdf_new() returns a handle freed by pdf_free(). Strings passed in are copied or
** used during the call only. Text must be valid UTF-8 within the BMP (see text_sanitize()).
*/
#ifndef KPISTAT_PDF_H
#define KPISTAT_PDF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kpistat/err.h"

enum pdf_font { PDF_REGULAR, PDF_BOLD };

#define PDF_FONT_DIR	"/usr/share/fonts/truetype/dejavu"	/* fonts-dejavu-core */
#define PDF_FONT_REGULAR "DejaVuSans.ttf"
#define PDF_FONT_BOLD	"DejaVuSans-Bold.ttf"

/* A calendar time for the document's dates (UTC). */
struct pdf_date {
	int	year, month, day, hour, minute, second;
};

struct pdf_opts {
	double		 width, height;	/* page size in points (letter 612 x 792, A4 595.276 x 841.89) */
	const char	*font_dir;	/* holds PDF_FONT_REGULAR and PDF_FONT_BOLD; NULL: default */
	const char	*title;		/* document info, UTF-8; each may be NULL */
	const char	*author;
	const char	*subject;
	const char	*creator;	/* also written as Producer, so bytes don't depend on libharu */
	int		 has_date;	/* write CreationDate and ModDate */
	struct pdf_date	 date;
	int		 has_id;	/* write a trailer /ID (deterministic when id is) */
	unsigned char	 id[16];
	int		 compress;	/* Flate-compress streams (the normal case) */
};

struct pdf;

/*
** Start a document: check the font files (KP_NOINPUT naming the path and what to install),
** set up UTF-8 and load the fonts. Returns NULL with e filled on failure.
*/
struct pdf *pdf_new(const struct pdf_opts *o, struct kp_err *e);
void	pdf_free(struct pdf *p);

/* 0 when no libharu error happened so far; else -1 with e saying during which `phase`. */
int	pdf_check(struct pdf *p, const char *phase, struct kp_err *e);

/* Pages: pdf_page_add() appends one and makes it current; returns its index (from 0). */
int	pdf_page_add(struct pdf *p);
void	pdf_page_use(struct pdf *p, int page);
int	pdf_page_count(const struct pdf *p);

/* Does the regular face have a glyph for code point cp? (Both faces cover the same set.) */
int	pdf_has_glyph(void *p, uint32_t cp);
/* Text width in points: the signature of text_width_fn, so a struct pdf can measure for text.h. */
double	pdf_text_width(void *p, int font, double size, const char *s, size_t n);

/* Drawing state, until changed. Colours are 0xRRGGBB. */
void	pdf_fill(struct pdf *p, uint32_t rgb);
void	pdf_stroke(struct pdf *p, uint32_t rgb);
void	pdf_line_width(struct pdf *p, double w);
void	pdf_dash(struct pdf *p, unsigned on, unsigned off);	/* 0, 0: solid */
void	pdf_alpha(struct pdf *p, double a);			/* fill opacity, 1 = opaque */

/* Text s[0..n) with its baseline starting at (x, y), in the fill colour. */
void	pdf_text(struct pdf *p, enum pdf_font f, double size, double x, double y, const char *s,
	    size_t n);

/* Shapes. `fill`: 1 fill, 0 stroke, 2 fill and stroke. */
void	pdf_line(struct pdf *p, double x1, double y1, double x2, double y2);
void	pdf_polyline(struct pdf *p, const double *x, const double *y, size_t n);	/* NaN y breaks it */
void	pdf_rect(struct pdf *p, double x, double y, double w, double h, int fill);
void	pdf_circle(struct pdf *p, double x, double y, double r, int fill);
void	pdf_polygon(struct pdf *p, const double *x, const double *y, size_t n, int fill);

/*
** Rings as one path (ring r is len[r] points of x, y, after those of the rings before it),
** painted with the even-odd rule: mode 0 stroke, 1 fill, 2 fill and stroke, 3 clip to it
** (inside pdf_save_state/pdf_restore_state).
*/
void	pdf_rings(struct pdf *p, const double *x, const double *y, const size_t *len,
	    size_t nrings, int mode);
/*
** Drawing between pdf_bulk_begin and pdf_bulk_end (thousands of path points: a map) goes into
** one form XObject, deflated at a faster level than the rest, painted on the page where it
** ends. It inherits the graphics state at the end; what it sets stays inside. No text in it:
** the form has no resources of its own.
*/
void	pdf_bulk_begin(struct pdf *p);
void	pdf_bulk_end(struct pdf *p);
void	pdf_save_state(struct pdf *p);
void	pdf_restore_state(struct pdf *p);
/* A PNG file fitted into the box (aspect kept, centred). -1 with e filled when unreadable. */
int	pdf_image(struct pdf *p, const char *path, double x, double y, double w, double h,
	    struct kp_err *e);

/*
** Navigation. pdf_outline() adds a bookmark under `parent` (-1: top level) pointing at `page`
** and returns its id. pdf_link() makes the box on the current page a link to `page`.
*/
int	pdf_outline(struct pdf *p, int parent, const char *title, int page, int open);
void	pdf_link(struct pdf *p, double x, double y, double w, double h, int page);

/* Write the document to fp (KP_IOERR on failure). */
int	pdf_save(struct pdf *p, FILE *fp, struct kp_err *e);

#endif
