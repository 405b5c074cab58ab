/*
** pdf.c: the libharu backend (see pdf.h). The only file that includes <hpdf.h>.
**
** libharu 2.3.0 facts this file works around (../shared/LIBHARU.md):
**  - UseUTFEncodings and SetCurrentEncoder("UTF-8") must come before any SetInfoAttr, or the
**    info strings are written as PDFDocEncoding mojibake;
**  - its ToUnicode CMap is a malformed identity "cidrange" that poppler warns about on every
**    run; we replace the stream with a proper bfrange map (code = Unicode in UTF-8 mode);
**  - SetDash takes integer patterns in 2.3 and reals in 2.4;
**  - /ID is only written when encrypting, so a fixed one goes into the trailer directly;
**  - errors are sticky: once one is recorded every call fails, so we stop calling at all.
*/
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <zlib.h>

#include "kpistat/buf.h"
#include "kpistat/pdf.h"
#include "kpistat/xmalloc.h"

struct pdf_image {
	char		*path;		/* as given */
	HPDF_Image	 img;
};

struct pdf_gs {
	double		 alpha;		/* fill opacity */
	HPDF_ExtGState	 gs;
};

struct pdf {
	HPDF_Doc	 doc;
	HPDF_Font	 font[2];	/* regular, bold */
	HPDF_FontDef	 def;		/* the regular face, for glyph coverage */
	HPDF_Encoder	 utf8;
	HPDF_Page	*pages;
	size_t		 npages, cappages;
	HPDF_Page	 cur;		/* the page drawn on, or NULL */
	HPDF_Outline	*outlines;
	size_t		 noutlines, capoutlines;
	struct pdf_image *images;
	size_t		 nimages, capimages;
	struct pdf_gs	*gs;
	size_t		 ngs, capgs;
	double		 width, height;	/* page size */
	HPDF_STATUS	 err;		/* first libharu error, 0 if none */
	HPDF_STATUS	 detail;	/* its detail code */
	unsigned char	 known[8192];	/* glyph coverage cache: looked up ... */
	unsigned char	 has[8192];	/* ... and present */
	HPDF_FontDef	 defs[2];	/* both faces, for advance widths */
	int16_t		*adv[2];	/* advance width per BMP code point, 1/1000 em; -1 unknown */
	struct buf	 tmp;		/* NUL-terminated copies of text */
	/* What the current page's graphics state already holds, so that repeated settings are
	 * not written again (libharu formats every number it writes; that dominated run time). */
	int		 st_font;	/* -1 unknown */
	double		 st_size;
	uint32_t	 st_fill, st_stroke;	/* 0xFFFFFFFF unknown */
	double		 st_lw;		/* -1 unknown */
	int		 compress;	/* Flate streams */
	HPDF_Page	 bulk_on;	/* the page pdf_bulk_begin captures */
	HPDF_Stream	 bulk_page;	/* its content stream, while ... */
	HPDF_Stream	 bulk;		/* ... its drawing goes into this one */
};

static void
forget_state(struct pdf *p)
{
	p->st_font = -1;
	p->st_size = -1;
	p->st_fill = p->st_stroke = 0xFFFFFFFFu;
	p->st_lw = -1;
}

static void
on_error(HPDF_STATUS err, HPDF_STATUS detail, void *ud)
{
	struct pdf *p = ud;

	/* Record the first error only; no longjmp. pdf_check() reports it after the phase. */
	if (p->err == 0) {
		p->err = err;
		p->detail = detail;
	}
}

static int
alive(const struct pdf *p)
{
	return p->err == 0 && p->cur != NULL;
}

/*
** The ToUnicode map libharu should have written: in UTF-8 mode a character code is its BMP
** code point, so every code maps to itself. bfrange entries may only vary the last byte, hence
** one range per high byte; surrogates are not characters and are skipped.
*/
static void
fix_tounicode(struct pdf *p, HPDF_Font font)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_Stream s;
	struct buf b = BUF_INIT;
	int hi[256], n = 0;

	if (attr == NULL || attr->cmap_stream == NULL || (s = attr->cmap_stream->stream) == NULL)
		return;
	for (int h = 0; h < 256; h++)
		if (h < 0xD8 || h > 0xDF)
			hi[n++] = h;
	buf_adds(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (int i = 0; i < n; i += 100) {	/* at most 100 entries per block */
		int k = n - i < 100 ? n - i : 100;

		buf_addf(&b, "%d beginbfrange\n", k);
		for (int j = i; j < i + k; j++)
			buf_addf(&b, "<%02X00> <%02XFF> <%02X00>\n", hi[j], hi[j], hi[j]);
		buf_adds(&b, "endbfrange\n");
	}
	buf_adds(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	HPDF_MemStream_FreeData(s);
	if (HPDF_Stream_Write(s, (const HPDF_BYTE *)b.s, (HPDF_UINT)b.len) != HPDF_OK && p->err == 0)
		p->err = HPDF_FILE_IO_ERROR;
	buf_release(&b);
}

static int
load_font(struct pdf *p, const char *dir, const char *file, int which, struct kp_err *e)
{
	char *path = xasprintf("%s/%s", dir, file);
	const char *name;

	if (access(path, R_OK) != 0) {
		err_set(e, KP_NOINPUT, NULL, "cannot read font '%s': %s; install the Debian package "
		    "fonts-dejavu-core or point KPISTAT_FONT_DIR at a directory holding %s and %s",
		    path, strerror(errno), PDF_FONT_REGULAR, PDF_FONT_BOLD);
		free(path);
		return -1;
	}
	name = HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE);
	p->font[which] = name ? HPDF_GetFont(p->doc, name, "UTF-8") : NULL;
	if (p->font[which] == NULL) {
		err_set(e, KP_NOINPUT, NULL, "cannot load font '%s' (libharu error 0x%04X): is it "
		    "a TrueType file?", path, (unsigned)p->err);
		free(path);
		return -1;
	}
	free(path);
	fix_tounicode(p, p->font[which]);
	p->defs[which] = ((HPDF_FontAttr)p->font[which]->attr)->fontdef;
	if (which == PDF_REGULAR)
		p->def = p->defs[which];
	p->adv[which] = xmalloc(65536 * sizeof *p->adv[which]);
	memset(p->adv[which], 0xFF, 65536 * sizeof *p->adv[which]);	/* all -1 */
	return 0;
}

static void
set_id(struct pdf *p, const unsigned char id[16])
{
	HPDF_Array a = HPDF_Array_New(p->doc->mmgr);

	if (a == NULL || HPDF_Dict_Add(p->doc->trailer, "ID", a) != HPDF_OK)
		return;
	HPDF_Array_Add(a, HPDF_Binary_New(p->doc->mmgr, (HPDF_BYTE *)id, 16));
	HPDF_Array_Add(a, HPDF_Binary_New(p->doc->mmgr, (HPDF_BYTE *)id, 16));
}

struct pdf *
pdf_new(const struct pdf_opts *o, struct kp_err *e)
{
	struct pdf *p = xcalloc(1, sizeof *p);
	const char *dir = o->font_dir ? o->font_dir : PDF_FONT_DIR;

	buf_init(&p->tmp, 0);
	p->width = o->width;
	p->height = o->height;
	if ((p->doc = HPDF_New(on_error, p)) == NULL) {
		free(p);
		err_set(e, KP_SOFTWARE, NULL, "cannot start a PDF document (out of memory?)");
		return NULL;
	}
	HPDF_SetCompressionMode(p->doc, o->compress ? HPDF_COMP_ALL : HPDF_COMP_NONE);
	p->compress = o->compress;
	/* UTF-8 before any info string (see the top of this file). */
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	p->utf8 = HPDF_GetEncoder(p->doc, "UTF-8");
	if (load_font(p, dir, PDF_FONT_REGULAR, PDF_REGULAR, e) < 0 ||
	    load_font(p, dir, PDF_FONT_BOLD, PDF_BOLD, e) < 0) {
		pdf_free(p);
		return NULL;
	}
	if (o->title)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, o->title);
	if (o->author)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, o->author);
	if (o->subject)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_SUBJECT, o->subject);
	if (o->creator) {
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, o->creator);
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_PRODUCER, o->creator);
	}
	if (o->has_date) {
		/* ind '+' 0 0: with 'Z' libharu appends an off-spec 00'00'. */
		HPDF_Date d = { o->date.year, o->date.month, o->date.day, o->date.hour,
		    o->date.minute, o->date.second, '+', 0, 0 };

		HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d);
		HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, d);
	}
	if (o->has_id)
		set_id(p, o->id);
	HPDF_SetPageMode(p->doc, HPDF_PAGE_MODE_USE_OUTLINE);
	if (pdf_check(p, "setting up the document", e) < 0) {
		pdf_free(p);
		return NULL;
	}
	return p;
}

void
pdf_free(struct pdf *p)
{
	if (p == NULL)
		return;
	pdf_bulk_end(p);	/* a page's own stream back, for HPDF_Free */
	if (p->doc)
		HPDF_Free(p->doc);
	for (size_t i = 0; i < p->nimages; i++)
		free(p->images[i].path);
	free(p->images);
	free(p->pages);
	free(p->outlines);
	free(p->gs);
	free(p->adv[0]);
	free(p->adv[1]);
	buf_release(&p->tmp);
	free(p);
}

int
pdf_check(struct pdf *p, const char *phase, struct kp_err *e)
{
	if (p->err == 0)
		return 0;
	return err_set(e, p->err == HPDF_FILE_IO_ERROR ? KP_IOERR : KP_SOFTWARE, NULL,
	    "PDF error while %s: libharu error 0x%04X, detail %u", phase, (unsigned)p->err,
	    (unsigned)p->detail);
}

int
pdf_page_add(struct pdf *p)
{
	HPDF_Page pg;

	if (p->err)
		return -1;
	if ((pg = HPDF_AddPage(p->doc)) == NULL)
		return -1;
	p->pages = xgrow(p->pages, &p->cappages, p->npages + 1, sizeof *p->pages);
	p->pages[p->npages] = pg;
	p->cur = pg;
	forget_state(p);
	HPDF_Page_SetWidth(pg, (HPDF_REAL)p->width);
	HPDF_Page_SetHeight(pg, (HPDF_REAL)p->height);
	return (int)p->npages++;
}

void
pdf_page_use(struct pdf *p, int page)
{
	p->cur = page >= 0 && (size_t)page < p->npages ? p->pages[page] : NULL;
	forget_state(p);
}

int
pdf_page_count(const struct pdf *p)
{
	return (int)p->npages;
}

int
pdf_has_glyph(void *arg, uint32_t cp)
{
	struct pdf *p = arg;
	unsigned byte, bit;

	if (cp > 0xFFFF || p->def == NULL)
		return 0;
	byte = cp >> 3, bit = 1u << (cp & 7);
	if (!(p->known[byte] & bit)) {
		p->known[byte] |= (unsigned char)bit;
		if (cp < 0x20 || HPDF_TTFontDef_GetGlyphid(p->def, (HPDF_UINT16)cp) != 0)
			p->has[byte] |= (unsigned char)bit;
	}
	return (p->has[byte] & bit) != 0;
}

/*
** The same sum HPDF_Font_TextWidth computes (integer advances in 1/1000 em, per code point),
** from a per-face cache: libharu looks each glyph up through the cmap on every call.
*/
double
pdf_text_width(void *arg, int font, double size, const char *s, size_t n)
{
	struct pdf *p = arg;
	const unsigned char *u = (const unsigned char *)s;
	int16_t *adv;
	long sum = 0;

	font = font ? 1 : 0;
	if (p->err || n == 0 || (adv = p->adv[font]) == NULL)
		return 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;

		/* Well-formed BMP UTF-8 only (text_sanitize saw to that); anything else counts 0. */
		if (u[i] < 0x80) {
			cp = u[i++];
		} else if ((u[i] & 0xE0) == 0xC0 && i + 1 < n) {
			cp = (uint32_t)(u[i] & 0x1F) << 6 | (u[i + 1] & 0x3F);
			i += 2;
		} else if ((u[i] & 0xF0) == 0xE0 && i + 2 < n) {
			cp = (uint32_t)(u[i] & 0x0F) << 12 | (uint32_t)(u[i + 1] & 0x3F) << 6 |
			    (u[i + 2] & 0x3F);
			i += 3;
		} else {
			i++;
			continue;
		}
		if (adv[cp] < 0)
			adv[cp] = HPDF_TTFontDef_GetCharWidth(p->defs[font], (HPDF_UINT16)cp);
		sum += adv[cp];
	}
	return (double)sum * size / 1000.0;
}

void
pdf_fill(struct pdf *p, uint32_t c)
{
	if (!alive(p) || p->st_fill == c)
		return;
	p->st_fill = c;
	HPDF_Page_SetRGBFill(p->cur, (float)(c >> 16 & 255) / 255.0f,
		    (float)(c >> 8 & 255) / 255.0f, (float)(c & 255) / 255.0f);
}

void
pdf_stroke(struct pdf *p, uint32_t c)
{
	if (!alive(p) || p->st_stroke == c)
		return;
	p->st_stroke = c;
	HPDF_Page_SetRGBStroke(p->cur, (float)(c >> 16 & 255) / 255.0f,
		    (float)(c >> 8 & 255) / 255.0f, (float)(c & 255) / 255.0f);
}

void
pdf_line_width(struct pdf *p, double w)
{
	if (!alive(p) || p->st_lw == w)
		return;
	p->st_lw = w;
	HPDF_Page_SetLineWidth(p->cur, (HPDF_REAL)w);
}

void
pdf_dash(struct pdf *p, unsigned on, unsigned off)
{
	/* 2.3.0 takes HPDF_UINT16 patterns, 2.4 HPDF_REAL ones. */
#if HPDF_MAJOR_VERSION > 2 || (HPDF_MAJOR_VERSION == 2 && HPDF_MINOR_VERSION >= 4)
	HPDF_REAL pat[2] = { (HPDF_REAL)on, (HPDF_REAL)off };
#else
	HPDF_UINT16 pat[2] = { (HPDF_UINT16)on, (HPDF_UINT16)off };
#endif
	if (!alive(p))
		return;
	if (on == 0)
		HPDF_Page_SetDash(p->cur, NULL, 0, 0);
	else
		HPDF_Page_SetDash(p->cur, pat, 2, 0);
}

void
pdf_alpha(struct pdf *p, double a)
{
	size_t i;

	if (!alive(p))
		return;
	for (i = 0; i < p->ngs; i++)
		if (p->gs[i].alpha == a)
			break;
	if (i == p->ngs) {
		HPDF_ExtGState gs = HPDF_CreateExtGState(p->doc);

		if (gs == NULL)
			return;
		HPDF_ExtGState_SetAlphaFill(gs, (HPDF_REAL)a);
		p->gs = xgrow(p->gs, &p->capgs, p->ngs + 1, sizeof *p->gs);
		p->gs[p->ngs].alpha = a;
		p->gs[p->ngs++].gs = gs;
	}
	HPDF_Page_SetExtGState(p->cur, p->gs[i].gs);
}

void
pdf_text(struct pdf *p, enum pdf_font f, double size, double x, double y, const char *s,
    size_t n)
{
	if (!alive(p) || n == 0)
		return;
	buf_reset(&p->tmp);
	buf_add(&p->tmp, s, n);	/* TextOut wants a NUL-terminated string */
	/* The font is part of the graphics state, so it outlives BT/ET: set it on change only. */
	if (p->st_font != (int)f || p->st_size != size) {
		HPDF_Page_SetFontAndSize(p->cur, p->font[f == PDF_BOLD], (HPDF_REAL)size);
		p->st_font = (int)f;
		p->st_size = size;
	}
	HPDF_Page_BeginText(p->cur);
	HPDF_Page_TextOut(p->cur, (HPDF_REAL)x, (HPDF_REAL)y, p->tmp.s);
	HPDF_Page_EndText(p->cur);
}

static void
paint(struct pdf *p, int fill)
{
	if (fill == 1)
		HPDF_Page_Fill(p->cur);
	else if (fill == 2)
		HPDF_Page_FillStroke(p->cur);
	else
		HPDF_Page_Stroke(p->cur);
}

void
pdf_line(struct pdf *p, double x1, double y1, double x2, double y2)
{
	if (!alive(p))
		return;
	HPDF_Page_MoveTo(p->cur, (HPDF_REAL)x1, (HPDF_REAL)y1);
	HPDF_Page_LineTo(p->cur, (HPDF_REAL)x2, (HPDF_REAL)y2);
	HPDF_Page_Stroke(p->cur);
}

void
pdf_polyline(struct pdf *p, const double *x, const double *y, size_t n)
{
	int open = 0, any = 0;

	if (!alive(p))
		return;
	for (size_t i = 0; i < n; i++) {
		if (y[i] != y[i]) {	/* NaN: a gap */
			open = 0;
			continue;
		}
		if (open) {
			HPDF_Page_LineTo(p->cur, (HPDF_REAL)x[i], (HPDF_REAL)y[i]);
			any = 1;
		} else {
			HPDF_Page_MoveTo(p->cur, (HPDF_REAL)x[i], (HPDF_REAL)y[i]);
			open = any = 1;
		}
	}
	if (any)
		HPDF_Page_Stroke(p->cur);
}

void
pdf_rect(struct pdf *p, double x, double y, double w, double h, int fill)
{
	if (!alive(p))
		return;
	HPDF_Page_Rectangle(p->cur, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
	paint(p, fill);
}

void
pdf_circle(struct pdf *p, double x, double y, double r, int fill)
{
	if (!alive(p))
		return;
	HPDF_Page_Circle(p->cur, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)r);
	paint(p, fill);
}

void
pdf_polygon(struct pdf *p, const double *x, const double *y, size_t n, int fill)
{
	if (!alive(p) || n < 2)
		return;
	HPDF_Page_MoveTo(p->cur, (HPDF_REAL)x[0], (HPDF_REAL)y[0]);
	for (size_t i = 1; i < n; i++)
		HPDF_Page_LineTo(p->cur, (HPDF_REAL)x[i], (HPDF_REAL)y[i]);
	HPDF_Page_ClosePath(p->cur);
	paint(p, fill);
}

/* v in tenths of a point, as few characters as PDF allows ("-12.3", "40"). */
static void
put_tenths(struct buf *b, double v)
{
	long t = lround(v * 10);
	char c[24], *e = c + sizeof c, *q = e;
	unsigned long u = (unsigned long)(t < 0 ? -t : t);

	if (u % 10) {
		*--q = (char)('0' + u % 10);
		*--q = '.';
	}
	u /= 10;
	do
		*--q = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (t < 0)
		*--q = '-';
	buf_add(b, q, (size_t)(e - q));
}

/*
** Rings as one path (pdf.h). A map is thousands of points, so the path goes into the page's
** content stream in one write, each coordinate at 0.1 pt: libharu's MoveTo/LineTo clear a
** 512-byte buffer byte by byte and print five decimals per number, which was most of a map's
** time and half its bytes. Between paths the page is in its description state, which is
** where a path may start and where the painting operator leaves it.
*/
void
pdf_rings(struct pdf *p, const double *x, const double *y, const size_t *len, size_t nrings,
    int mode)
{
	static const char *const paint_op[4] = { "S\n", "f*\n", "B*\n", "W* n\n" };
	HPDF_PageAttr attr;
	struct buf *b = &p->tmp;
	int any = 0;

	if (!alive(p) || nrings == 0)
		return;
	attr = (HPDF_PageAttr)p->cur->attr;
	if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION) {
		p->err = HPDF_PAGE_INVALID_GMODE;	/* a caller's bug: stop drawing, say so */
		return;
	}
	buf_reset(b);
	for (size_t r = 0, at = 0; r < nrings; at += len[r++]) {
		if (len[r] < 2)
			continue;
		for (size_t i = 0; i < len[r]; i++) {
			put_tenths(b, x[at + i]);
			buf_addch(b, ' ');
			put_tenths(b, y[at + i]);
			buf_adds(b, i == 0 ? " m\n" : " l\n");
		}
		buf_adds(b, "h\n");
		any = 1;
	}
	if (!any)
		return;
	/* Even-odd throughout: holes and multi-part areas whatever the rings' orientation. */
	buf_adds(b, paint_op[mode >= 0 && mode <= 3 ? mode : 0]);
	if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b->s, (HPDF_UINT)b->len) != HPDF_OK &&
	    p->err == 0)
		p->err = HPDF_GetError(p->doc);
}

/*
** Bulk drawing (pdf.h): while it lasts the page's content stream is swapped for a scratch
** one, so every libharu call writes there; at the end the scratch goes, deflated at a fast
** level, into a form XObject that the page paints. libharu deflates at zlib's default level
** (6) when it saves, which for a map's paths takes about five times level 2 for 15 % fewer
** bytes (NYC's districts: 33.5 KB against 39.7 KB). A stream with no filter is written as is,
** and write_fn adds the /Filter key that libharu would otherwise drop.
*/
static HPDF_STATUS
flate_key(HPDF_Dict d, HPDF_Stream s)
{
	(void)d;
	return HPDF_Stream_WriteStr(s, "/Filter /FlateDecode\012");
}

void
pdf_bulk_begin(struct pdf *p)
{
	HPDF_PageAttr attr;

	if (!alive(p) || p->bulk != NULL)
		return;
	attr = (HPDF_PageAttr)p->cur->attr;
	if ((p->bulk = HPDF_MemStream_New(p->doc->mmgr, 1 << 16)) == NULL)
		return;
	p->bulk_on = p->cur;
	p->bulk_page = attr->stream;
	attr->stream = p->bulk;
}

void
pdf_bulk_end(struct pdf *p)
{
	HPDF_PageAttr attr;
	HPDF_Dict form;
	HPDF_UINT n;
	HPDF_Box box = { 0, 0, 0, 0 };
	unsigned char *raw = NULL, *z = NULL;
	uLongf zn;

	if (p->bulk == NULL)
		return;
	attr = (HPDF_PageAttr)p->bulk_on->attr;
	attr->stream = p->bulk_page;
	forget_state(p);	/* what the form set stays inside it */
	n = HPDF_Stream_Size(p->bulk);
	if (p->err == 0 && n > 0 && p->cur == p->bulk_on) {
		raw = xmalloc(n);
		zn = compressBound(n);
		z = xmalloc(zn);
		box.right = (HPDF_REAL)p->width;
		box.top = (HPDF_REAL)p->height;
		if (HPDF_Stream_Seek(p->bulk, 0, HPDF_SEEK_SET) != HPDF_OK ||
		    HPDF_Stream_Read(p->bulk, raw, &n) != HPDF_OK ||
		    (form = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref)) == NULL) {
			if (p->err == 0 && (p->err = HPDF_GetError(p->doc)) == 0)
				p->err = HPDF_FAILD_TO_ALLOC_MEM;
		} else {
			form->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
			HPDF_Dict_AddName(form, "Type", "XObject");
			HPDF_Dict_AddName(form, "Subtype", "Form");
			HPDF_Dict_Add(form, "BBox", HPDF_Box_Array_New(p->doc->mmgr, box));
			form->filter = HPDF_STREAM_FILTER_NONE;
			if (p->compress && compress2(z, &zn, raw, n, 2) == Z_OK) {
				form->write_fn = flate_key;
				HPDF_Stream_Write(form->stream, z, (HPDF_UINT)zn);
			} else {
				HPDF_Stream_Write(form->stream, raw, n);
			}
			HPDF_Page_ExecuteXObject(p->cur, form);
		}
	}
	HPDF_Stream_Free(p->bulk);
	p->bulk = NULL;
	free(raw);
	free(z);
}

void
pdf_save_state(struct pdf *p)
{
	if (alive(p))
		HPDF_Page_GSave(p->cur);
}

void
pdf_restore_state(struct pdf *p)
{
	if (alive(p))
		HPDF_Page_GRestore(p->cur);
	/* The colours and width set since the save are gone: don't trust the cache for them. */
	forget_state(p);
}

int
pdf_image(struct pdf *p, const char *path, double x, double y, double w, double h,
    struct kp_err *e)
{
	HPDF_Image img = NULL;
	double iw, ih, s;

	if (!alive(p))
		return 0;
	for (size_t i = 0; i < p->nimages; i++)
		if (strcmp(p->images[i].path, path) == 0)
			img = p->images[i].img;
	if (img == NULL) {
		if (access(path, R_OK) != 0)
			return err_set(e, KP_NOINPUT, NULL, "cannot read logo '%s': %s", path,
			    strerror(errno));
		if ((img = HPDF_LoadPngImageFromFile(p->doc, path)) == NULL) {
			/* A bad PNG is the input's fault, not a broken document: clear it. */
			HPDF_ResetError(p->doc);
			p->err = 0;
			return err_set(e, KP_DATA, NULL, "cannot read logo '%s': not a PNG image "
			    "libharu can read", path);
		}
		p->images = xgrow(p->images, &p->capimages, p->nimages + 1, sizeof *p->images);
		p->images[p->nimages].path = xstrdup(path);
		p->images[p->nimages++].img = img;
	}
	iw = HPDF_Image_GetWidth(img);
	ih = HPDF_Image_GetHeight(img);
	if (iw <= 0 || ih <= 0)
		return 0;
	s = w / iw < h / ih ? w / iw : h / ih;
	HPDF_Page_DrawImage(p->cur, img, (HPDF_REAL)(x + (w - iw * s) / 2),
	    (HPDF_REAL)(y + (h - ih * s) / 2), (HPDF_REAL)(iw * s), (HPDF_REAL)(ih * s));
	return 0;
}

int
pdf_outline(struct pdf *p, int parent, const char *title, int page, int open)
{
	HPDF_Outline o, up = NULL;
	HPDF_Destination d;

	if (p->err || page < 0 || (size_t)page >= p->npages)
		return -1;
	if (parent >= 0 && (size_t)parent < p->noutlines)
		up = p->outlines[parent];
	if ((o = HPDF_CreateOutline(p->doc, up, title, p->utf8)) == NULL)
		return -1;
	/* The default destination is /Fit: 2.3.0 rejects XYZ with zoom 0 ("keep"). */
	if ((d = HPDF_Page_CreateDestination(p->pages[page])) != NULL)
		HPDF_Outline_SetDestination(o, d);
	HPDF_Outline_SetOpened(o, open ? HPDF_TRUE : HPDF_FALSE);
	p->outlines = xgrow(p->outlines, &p->capoutlines, p->noutlines + 1, sizeof *p->outlines);
	p->outlines[p->noutlines] = o;
	return (int)p->noutlines++;
}

void
pdf_link(struct pdf *p, double x, double y, double w, double h, int page)
{
	HPDF_Rect r = { (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)(x + w), (HPDF_REAL)(y + h) };
	HPDF_Destination d;
	HPDF_Annotation a;

	if (!alive(p) || page < 0 || (size_t)page >= p->npages)
		return;
	if ((d = HPDF_Page_CreateDestination(p->pages[page])) == NULL)
		return;
	if ((a = HPDF_Page_CreateLinkAnnot(p->cur, r, d)) != NULL)
		HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);	/* else viewers draw a box */
}

int
pdf_save(struct pdf *p, FILE *fp, struct kp_err *e)
{
	HPDF_BYTE chunk[65536];
	HPDF_UINT32 size, done = 0;

	if (pdf_check(p, "drawing the pages", e) < 0)
		return -1;
	HPDF_SaveToStream(p->doc);
	if (pdf_check(p, "writing the document", e) < 0)
		return -1;
	size = HPDF_GetStreamSize(p->doc);
	HPDF_ResetStream(p->doc);
	/* Read exactly `size` bytes: asking for more makes libharu record an EOF "error". */
	while (done < size) {
		HPDF_UINT32 n = size - done < sizeof chunk ? size - done : (HPDF_UINT32)sizeof chunk;

		if (HPDF_ReadFromStream(p->doc, chunk, &n) != HPDF_OK || n == 0)
			break;
		if (fwrite(chunk, 1, n, fp) != n)
			return err_set(e, KP_IOERR, NULL, "cannot write the PDF: %s", strerror(errno));
		done += n;
	}
	if (done != size)
		return err_set(e, KP_SOFTWARE, NULL, "PDF error while copying the document out: "
		    "libharu error 0x%04X", (unsigned)p->err);
	return 0;
}
