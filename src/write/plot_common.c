/* plot_common.c — the parts every chart shares: XML text, axes, titles,
 * the source line and the notes under a chart. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_impl.h"
#include "ts_cell.h"
#include "ts_error.h"
#include "ts_jsonout.h"
#include "ts_pct.h"

const char *const ts_plot_colours[TS_PLOT_MAX_SERIES] = {
	"#0072b2", "#d55e00", "#009e73", "#cc79a7",
	"#e69f00", "#56b4e9", "#000000", "#999999",
};

/* The length of the UTF-8 sequence at p (NUL-terminated: ts_utf8_seq()
 * stops at the NUL, which is no continuation byte), or 0 when it is not
 * one. */
static size_t
utf8_len(const unsigned char *p)
{
	return ts_utf8_seq((const char *)p, 4);
}

/* Unsafe characters escaped by the one policy first (ts_cell_clean), then
 * markup characters as entities. */
void
ts_plot_xml_text(FILE *fp, const char *s, size_t max)
{
	char *c = ts_cell_clean(s, 0);
	const unsigned char *p = (const unsigned char *)c;
	size_t shown = 0, len;

	if (c == NULL)
		return;         /* out of memory: nothing unsafe */
	while (*p) {
		if (shown == max) {
			fputs("\xe2\x80\xa6", fp);
			break;
		}
		shown++;
		/* Well-formed UTF-8 now: the lead byte gives the length. */
		len = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
		if (len > 1) {
			fwrite(p, 1, len, fp);
			p += len;
			continue;
		}
		switch (*p) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&apos;", fp); break;
		default: putc(*p, fp);
		}
		p++;
	}
	free(c);
}

void
ts_plot_axis(double hi, double *top, double *step)
{
	static const double steps[] = {
		0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.025,
		0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100,
	};
	size_t i;

	if (!(hi > 0))
		hi = 0.1;
	for (i = 0; i + 1 < sizeof steps / sizeof steps[0]; i++)
		if (hi / steps[i] <= 6)
			break;
	*step = steps[i];
	*top = ceil(hi / *step - 1e-9) * *step;
}

void
ts_plot_tick(double v, double step, char *buf, size_t size)
{
	int dec = 0;
	double s = step * 100;

	while (dec < 4 && fabs(s - floor(s + 0.5)) > 1e-9) {
		s *= 10;
		dec++;
	}
	snprintf(buf, size, "%.*f%%", dec, v * 100);
}

const char *
ts_plot_rate_title(enum ts_rate_kind rk)
{
	switch (rk) {
	case TS_RATE_PROSECUTION:
		return _("Prosecution rate");
	case TS_RATE_PER_PROSECUTION:
		return _("Convictions per prosecution");
	default:
		return _("Conviction rate");
	}
}

void
ts_plot_open(FILE *fp, int width, int height, const char *extra)
{
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\"%s%s>\n",
	    width, height, width, height, *extra ? " " : "", extra);
	fprintf(fp, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", width, height);
}

double
ts_plot_head(FILE *fp, const struct ts_plot_style *style, const char *title,
    const char *subtitle)
{
	const char *t = style && style->title ? style->title : title;
	const char *s = style && style->subtitle ? style->subtitle : subtitle;

	fprintf(fp, "<text class=\"title\" x=\"%.1f\" y=\"28\" font-size=\"%d\" "
	    "font-weight=\"bold\">", PLOT_MARGIN, PLOT_FONT_TITLE);
	ts_plot_xml_text(fp, t, 90);
	fputs("</text>\n", fp);
	if (s == NULL || *s == '\0')
		return 40;
	fprintf(fp, "<text class=\"subtitle\" x=\"%.1f\" y=\"48\" font-size=\"%d\" "
	    "fill=\"#444444\">", PLOT_MARGIN, PLOT_FONT_LABEL);
	ts_plot_xml_text(fp, s, 120);
	fputs("</text>\n", fp);
	return 58;
}

/* The data's sources: up to three distinct values of the source column,
 * joined with "; ", and "and others" beyond.  Empty when no record has
 * one. */
static void
data_sources(const struct ts_result *r, char *buf, size_t size)
{
	uint32_t seen[3];
	size_t i, n = 0, nrec = ts_store_count(r->st), len = 0;
	int more = 0;

	buf[0] = '\0';
	if (ts_store_no_sources(r->st))
		return;
	for (i = 0; i < nrec && !more; i++) {
		uint32_t id = ts_store_source(r->st, i);
		size_t j;
		if (id == 0)
			continue;
		for (j = 0; j < n && seen[j] != id; j++)
			;
		if (j < n)
			continue;
		if (n == 3)
			more = 1;
		else
			seen[n++] = id;
	}
	for (i = 0; i < n && len + 1 < size; i++) {
		int w = snprintf(buf + len, size - len, "%s%s", i ? "; " : "",
		    ts_store_string(r->st, seen[i]));
		if (w < 0)
			break;
		len += (size_t)w < size - len ? (size_t)w : size - len - 1;
	}
	if (more && len + 16 < size)
		snprintf(buf + len, size - len, _("; and others"));
}

/* Splits text into lines of at most width code points at spaces (a word
 * longer than a line is cut), calling out(start, bytes) for each, at most
 * max lines; the last one ends in "…" when text goes on.  Returns the
 * number of lines. */
static size_t
wrap(const char *text, size_t width, size_t max,
    void (*out)(void *ctx, const char *s, size_t n, int more), void *ctx)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t lines = 0;

	while (*p && lines < max) {
		const unsigned char *q = p, *cut = NULL;
		size_t cps = 0, len;
		while (*q && cps < width) {
			if (*q == ' ')
				cut = q;
			len = utf8_len(q);
			q += len ? len : 1;
			cps++;
		}
		if (*q == '\0' || *q == ' ')
			cut = q;
		else if (cut == NULL || cut == p)
			cut = q;
		lines++;
		if (out)
			out(ctx, (const char *)p, (size_t)(cut - p),
			    lines == max && *cut != '\0');
		p = cut;
		while (*p == ' ')
			p++;
	}
	return lines;
}

struct foot_ctx {
	FILE *fp;
	double y;
	const char *cls;
};

static void
foot_line(void *vctx, const char *s, size_t n, int more)
{
	struct foot_ctx *c = vctx;
	char *copy = malloc(n + 1);

	fprintf(c->fp, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" "
	    "fill=\"#555555\">", c->cls, PLOT_MARGIN, c->y, PLOT_FONT_SMALL);
	if (copy != NULL) {
		memcpy(copy, s, n);
		copy[n] = '\0';
		ts_plot_xml_text(c->fp, copy, n);
		free(copy);
	}
	if (more)
		fputs("\xe2\x80\xa6", c->fp);
	fputs("</text>\n", c->fp);
	c->y += PLOT_FOOT_LINE;
}

/* Code points in a line of the foot: 11 px text is about 6.4 px a
 * character on average. */
static size_t
foot_width(int width)
{
	return (size_t)(((double)width - 2 * PLOT_MARGIN) / 6.4);
}

static void
source_text(const struct ts_result *r, const struct ts_plot_style *style,
    char *buf, size_t size)
{
	char data[1024];

	buf[0] = '\0';
	if (style && style->source) {
		if (*style->source)
			snprintf(buf, size, _("Source: %s"), style->source);
		return;
	}
	data_sources(r, data, sizeof data);
	if (*data)
		snprintf(buf, size, _("Source: %s"), data);
}

size_t
ts_plot_foot_lines(const struct ts_result *r, const struct ts_plot_style *style,
    const char *const *notes, size_t nnotes, int width)
{
	char src[1100];
	size_t i, n = 0;

	source_text(r, style, src, sizeof src);
	if (*src)
		n += wrap(src, foot_width(width), 3, NULL, NULL);
	if (style && style->note && *style->note)
		n += wrap(style->note, foot_width(width), 3, NULL, NULL);
	for (i = 0; i < nnotes; i++)
		n += wrap(notes[i], foot_width(width), 2, NULL, NULL);
	return n;
}

void
ts_plot_foot(FILE *fp, const struct ts_result *r, const struct ts_plot_style *style,
    const char *const *notes, size_t nnotes, int width, double bottom)
{
	char src[1100];
	struct foot_ctx c;
	size_t i;

	c.fp = fp;
	c.y = bottom - PLOT_FOOT_LINE * (double)ts_plot_foot_lines(r, style, notes, nnotes, width)
	    + PLOT_FOOT_LINE - 4;
	c.cls = "note";
	if (style && style->note && *style->note)
		wrap(style->note, foot_width(width), 3, foot_line, &c);
	for (i = 0; i < nnotes; i++)
		wrap(notes[i], foot_width(width), 2, foot_line, &c);
	source_text(r, style, src, sizeof src);
	c.cls = "source";
	if (*src)
		wrap(src, foot_width(width), 3, foot_line, &c);
}

void
ts_plot_count_text(const struct ts_result *r, const struct ts_group *g,
    enum ts_count c, char *buf, size_t size)
{
	if (g->hidden[c] == TS_BELOW)
		snprintf(buf, size, "<%lld", (long long)r->opt.suppress);
	else if (g->hidden[c] == TS_WITHHELD)
		snprintf(buf, size, _("withheld"));
	else if (g->sum[c] == TS_MISSING)
		snprintf(buf, size, "\xe2\x80\x94");
	else if (ts_result_range(r, g) && (ts_result_range(r, g)->counts >> c & 1))
		snprintf(buf, size, "%lld\xe2\x80\x93%lld", (long long)g->sum[c],
		    (long long)ts_result_range(r, g)->hi[c]);
	else
		snprintf(buf, size, "%lld", (long long)g->sum[c]);
}

void
ts_plot_count(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    enum ts_count c)
{
	char buf[48];

	ts_plot_count_text(r, g, c, buf, sizeof buf);
	ts_plot_xml_text(fp, buf, sizeof buf);
}

int
ts_plot_drawable(const struct ts_result *r, const struct ts_group *g,
    enum ts_rate_kind rk)
{
	return ts_result_rate(r, g, rk).defined && !g->rate_hidden[rk];
}

void
ts_plot_point_data(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    enum ts_rate_kind rk)
{
	const struct ts_rate rtv = ts_result_rate(r, g, rk), *rt = &rtv;

	fputs(" data-k=\"", fp);
	ts_plot_count(fp, r, g, ts_rate_num[rk]);
	fputs("\" data-n=\"", fp);
	ts_plot_count(fp, r, g, ts_rate_den[rk]);
	fputs("\" data-value=\"", fp);
	ts_json_num(fp, rt->ci.value);
	if (rt->has_interval) {
		fputs("\" data-low=\"", fp);
		ts_json_num(fp, rt->ci.low);
		fputs("\" data-high=\"", fp);
		ts_json_num(fp, rt->ci.high);
	}
	fputs("\"", fp);
}

void
ts_plot_point_title(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    enum ts_rate_kind rk)
{
	const struct ts_rate rtv = ts_result_rate(r, g, rk), *rt = &rtv;
	char pv[64], pl[64], ph[64];

	ts_plot_count(fp, r, g, ts_rate_num[rk]);
	putc('/', fp);
	ts_plot_count(fp, r, g, ts_rate_den[rk]);
	ts_pct_text(rt->ci.value, pv, sizeof pv);
	ts_pct_text(rt->ci.low, pl, sizeof pl);
	ts_pct_text(rt->ci.high, ph, sizeof ph);
	fprintf(fp, " = %s", pv);
	if (rt->has_interval)
		fprintf(fp, " (%s\xe2\x80\x93%s)", pl, ph);
	else
		fputs(_(" (a period ratio, not a proportion: no interval)"), fp);
}
