/* plot_svg.c — the SVG chart of a rate per period, with its intervals. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts_plot.h"
#include "ts_pct.h"

/* The frame, in SVG user units (pixels at 100 %). */
#define PLOT_LEFT    86.0
#define PLOT_TOP     64.0
#define PLOT_BOTTOM  362.0
#define LEGEND_WIDTH 160.0
#define MAX_SLOTS    600

/* Okabe-Ito colours: told apart with the common colour blindnesses and
 * distinct in greyscale print for the first few. */
static const char *const colours[TS_PLOT_MAX_SERIES] = {
	"#0072b2", "#d55e00", "#009e73", "#cc79a7",
	"#e69f00", "#56b4e9", "#000000", "#999999",
};

enum ts_rate_kind
ts_plot_rate(const struct ts_result *r)
{
	int64_t n = r->total.sum[TS_INVESTIGATIONS];

	if (n == TS_MISSING)
		return TS_RATE_PER_PROSECUTION;
	return TS_RATE_CONVICTION;
}

int
ts_plot_slot(const struct ts_period *p, enum ts_precision prec, long *out)
{
	int y, m, d;

	if (p->precision != prec)
		return -1;
	ts_civil_from_days(p->lo, &y, &m, &d);
	switch (prec) {
	case TS_PREC_YEAR:
		*out = y;
		return 0;
	case TS_PREC_QUARTER:
		*out = 4L * y + (m - 1) / 3;
		return 0;
	case TS_PREC_MONTH:
		*out = 12L * y + m - 1;
		return 0;
	default:
		return -1;
	}
}

/* Whether g has a rate to draw: defined, and not withheld by --suppress. */
static int
drawable(const struct ts_group *g, enum ts_rate_kind rk)
{
	return g->rate[rk].defined && !g->rate_hidden[rk];
}

/* The slot of group g, or -1 when it has none. */
static int
group_slot(const struct ts_result *r, const struct ts_group *g, long *slot)
{
	if (r->opt.nby == 0 || r->opt.by[0].kind != TS_BY_PERIOD)
		return -1;
	return ts_plot_slot(&g->key[0].period, r->opt.by[0].prec, slot);
}

static const struct ts_result *sort_result;

static int
series_cmp(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	return strcmp(ts_store_string(sort_result->st, a),
	    ts_store_string(sort_result->st, b));
}

int
ts_plot_series(const struct ts_result *r, uint32_t **ids, size_t *n)
{
	size_t i, j, cap = 0;
	long slot;

	*ids = NULL;
	*n = 0;
	for (i = 0; i < r->ngroups; i++) {
		uint32_t id = r->opt.nby > 1 ? r->groups[i].key[1].id : 0;
		if (group_slot(r, &r->groups[i], &slot) != 0)
			continue;
		for (j = 0; j < *n && (*ids)[j] != id; j++)
			;
		if (j < *n)
			continue;
		if (ts_grow(ids, &cap, *n + 1, sizeof **ids) != 0) {
			free(*ids);
			*ids = NULL;
			*n = 0;
			return -1;
		}
		(*ids)[(*n)++] = id;
	}
	sort_result = r;
	if (*n > 1)
		qsort(*ids, *n, sizeof **ids, series_cmp);
	return 0;
}

const char *
ts_plot_series_name(const struct ts_result *r, uint32_t id)
{
	const char *s = ts_store_string(r->st, id);

	return *s ? s : "(none)";
}

size_t
ts_plot_span(const struct ts_result *r, long *first, long *last)
{
	size_t i, count = 0;
	long slot;

	*first = *last = 0;
	for (i = 0; i < r->ngroups; i++) {
		if (group_slot(r, &r->groups[i], &slot) != 0)
			continue;
		if (count == 0 || slot < *first)
			*first = slot;
		if (count == 0 || slot > *last)
			*last = slot;
		count++;
	}
	return count;
}

int
ts_plot_check(const struct ts_result *r, struct ts_error *err)
{
	enum ts_rate_kind rk = ts_plot_rate(r);
	uint32_t *ids;
	size_t i, nseries, defined = 0;
	long first, last;

	if (r->opt.nby < 1 || r->opt.nby > 2 || r->opt.by[0].kind != TS_BY_PERIOD ||
	    (r->opt.by[0].prec != TS_PREC_YEAR && r->opt.by[0].prec != TS_PREC_QUARTER &&
	    r->opt.by[0].prec != TS_PREC_MONTH))
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    "plot: --by must be year, quarter or month, then at most one more field");
	if (r->opt.nby == 2 && r->opt.by[1].kind == TS_BY_PERIOD)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    "plot: the series field must not be a period ('%s')", r->opt.by[1].name);
	if (ts_plot_series(r, &ids, &nseries) != 0)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
	free(ids);
	if (nseries > TS_PLOT_MAX_SERIES)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    "plot: '%s' has %zu values; a chart shows at most %d series "
		    "(choose another field, or select rows first)",
		    r->opt.by[1].name, nseries, TS_PLOT_MAX_SERIES);
	if (ts_plot_span(r, &first, &last) == 0)
		return ts_error_set(err, TS_EDATA, NULL, 0, 0,
		    "plot: no record falls in a single %s (the input needs a year, "
		    "month, date or period column)", r->opt.by[0].name);
	if (last - first >= MAX_SLOTS)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    "plot: %ld periods do not fit in one chart (at most %d); "
		    "use a coarser --by", last - first + 1, MAX_SLOTS);
	for (i = 0; i < r->ngroups; i++) {
		long slot;
		if (group_slot(r, &r->groups[i], &slot) == 0 &&
		    drawable(&r->groups[i], rk))
			defined++;
	}
	if (defined == 0)
		return ts_error_set(err, TS_EDATA, NULL, 0, 0,
		    "plot: nothing to draw: no %s has %s",
		    r->opt.by[0].name, rk == TS_RATE_CONVICTION ?
		    "investigations and convictions" : "prosecutions and convictions");
	return TS_OK;
}

/* Writes s as XML character data: markup characters as entities, control
 * characters (which XML 1.0 forbids) as the visible text \xHH, and bytes
 * that are not UTF-8 as U+FFFD.  At most max code points, then "…". */
static void
xml_text(FILE *fp, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t shown = 0;

	while (*p) {
		size_t len = 1, k;
		if (shown == max) {
			fputs("\xe2\x80\xa6", fp);
			return;
		}
		shown++;
		if (*p >= 0xc2 && *p <= 0xdf)
			len = 2;
		else if (*p >= 0xe0 && *p <= 0xef)
			len = 3;
		else if (*p >= 0xf0 && *p <= 0xf4)
			len = 4;
		else if (*p >= 0x80) {
			fputs("\xef\xbf\xbd", fp);
			p++;
			continue;
		}
		for (k = 1; k < len; k++)
			if ((p[k] & 0xc0) != 0x80)
				break;
		if (k < len) {
			fputs("\xef\xbf\xbd", fp);
			p++;
			continue;
		}
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
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(fp, "\\x%02x", *p);
			else
				putc(*p, fp);
		}
		p++;
	}
}

/* A percentage with as many decimals as the tick step needs. */
static void
fmt_tick(double v, double step, char *buf, size_t size)
{
	int dec = 0;
	double s = step * 100;

	while (dec < 3 && fabs(s - floor(s + 0.5)) > 1e-9) {
		s *= 10;
		dec++;
	}
	snprintf(buf, size, "%.*f%%", dec, v * 100);
}

/* The y scale: a round top above the highest whisker, and its step. */
static void
y_scale(double ymax, double *top, double *step)
{
	static const double steps[] = {
		0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5,
		1, 2, 5, 10, 20, 50, 100,
	};
	size_t i;

	if (!(ymax > 0))
		ymax = 0.1;
	for (i = 0; i + 1 < sizeof steps / sizeof steps[0]; i++)
		if (ymax / steps[i] <= 6)
			break;
	*step = steps[i];
	*top = ceil(ymax / *step - 1e-9) * *step;
}

struct frame {
	double left, right, top, bottom;
	long first;             /* slot at the left */
	long nslots;
	double band;            /* width of one slot */
	double ytop;            /* the rate at the top of the frame */
	enum ts_rate_kind rate;
	uint32_t *series;
	size_t nseries;
};

static double
fx(const struct frame *f, long slot)
{
	return f->left + ((double)(slot - f->first) + 0.5) * f->band;
}

static double
fy(const struct frame *f, double v)
{
	return f->bottom - v / f->ytop * (f->bottom - f->top);
}

static size_t
series_index(const struct frame *f, const struct ts_result *r, const struct ts_group *g)
{
	size_t s;
	uint32_t id = r->opt.nby > 1 ? g->key[1].id : 0;

	for (s = 0; s < f->nseries && f->series[s] != id; s++)
		;
	return s;
}

/* Horizontal offset of series s, so that whiskers of one period do not
 * hide each other. */
static double
dodge(const struct frame *f, size_t s)
{
	double w;

	if (f->nseries < 2)
		return 0;
	w = f->band * 0.5 / (double)f->nseries;
	if (w > 20)
		w = 20;
	return ((double)s - (double)(f->nseries - 1) / 2) * w;
}

/* Whether the counts fit in the rows under the axis: two rows (numerator,
 * denominator) for one series, a row of "k/n" per series for several. */
static int
counts_fit(const struct frame *f)
{
	return f->band >= (f->nseries < 2 ? 32 : 38);
}

static void
period_text(const struct ts_result *r, long slot, char *buf, size_t size)
{
	switch (r->opt.by[0].prec) {
	case TS_PREC_QUARTER:
		snprintf(buf, size, "%ld-Q%ld", slot / 4, slot % 4 + 1);
		break;
	case TS_PREC_MONTH:
		snprintf(buf, size, "%ld-%02ld", slot / 12, slot % 12 + 1);
		break;
	default:
		snprintf(buf, size, "%ld", slot);
	}
}

/* A count as the other formats show it: "<N" below the --suppress
 * threshold, "withheld" when it would reveal such a count, a dash when
 * missing. */
static void
write_count(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    enum ts_count c)
{
	if (g->hidden[c] == TS_BELOW)
		fprintf(fp, "&lt;%lld", (long long)r->opt.suppress);
	else if (g->hidden[c] == TS_WITHHELD)
		fputs("withheld", fp);
	else if (g->sum[c] == TS_MISSING)
		fputs("\xe2\x80\x94", fp);
	else
		fprintf(fp, "%lld", (long long)g->sum[c]);
}

static void
write_title(FILE *fp, const struct ts_result *r, const struct frame *f)
{
	char lvl[16];
	size_t i, n = ts_store_ninputs(r->st);

	fprintf(fp, "<text x=\"%.1f\" y=\"26\" font-size=\"17\" font-weight=\"bold\">",
	    PLOT_LEFT - 60);
	fputs(f->rate == TS_RATE_CONVICTION ? "Conviction rate" : "Convictions per prosecution", fp);
	fputs(" by ", fp);
	xml_text(fp, r->opt.by[0].name, 40);
	if (r->opt.nby > 1) {
		fputs(" and ", fp);
		xml_text(fp, r->opt.by[1].name, 40);
	}
	if (f->rate == TS_RATE_PER_PROSECUTION)
		fputs(" (the input counts no investigations)", fp);
	fputs("</text>\n", fp);

	snprintf(lvl, sizeof lvl, "%g%%", r->opt.level * 100);
	fprintf(fp, "<text x=\"%.1f\" y=\"46\" font-size=\"12\" fill=\"#444444\">",
	    PLOT_LEFT - 60);
	for (i = 0; i < n && i < 3; i++) {
		const char *path = ts_store_input_info_c(r->st, i)->path;
		if (i)
			fputs(", ", fp);
		xml_text(fp, strcmp(path, "-") == 0 ? "standard input" : path, 50);
	}
	if (n > 3)
		fprintf(fp, " and %zu more", n - 3);
	fprintf(fp, "; whiskers: %s %s interval</text>\n", lvl,
	    ts_stats_method_title(r->opt.method));
}

static void
write_axes(FILE *fp, const struct ts_result *r, const struct frame *f, double step)
{
	char buf[64];
	double v, label_w;
	long s, every;
	size_t rows;
	int i;

	fputs("<g class=\"grid\" font-size=\"11\" fill=\"#333333\" text-anchor=\"end\">\n", fp);
	for (i = 0, v = 0; v <= f->ytop + step * 1e-6; i++, v = i * step) {
		fmt_tick(v, step, buf, sizeof buf);
		fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
		    "stroke=\"%s\" stroke-width=\"1\"/>\n", f->left, fy(f, v), f->right,
		    fy(f, v), i == 0 ? "#333333" : "#dddddd");
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\">%s</text>\n", f->left - 6,
		    fy(f, v) + 4, buf);
	}
	fputs("</g>\n", fp);
	fprintf(fp, "<text class=\"y-label\" x=\"16\" y=\"%.2f\" font-size=\"12\" "
	    "text-anchor=\"middle\" transform=\"rotate(-90 16 %.2f)\">%s</text>\n",
	    (f->top + f->bottom) / 2, (f->top + f->bottom) / 2,
	    f->rate == TS_RATE_CONVICTION ? "Conviction rate (convictions / investigations)" :
	    "Convictions / prosecutions");

	/* Period labels: thinned so that they never overlap. */
	period_text(r, f->first + f->nslots - 1, buf, sizeof buf);
	label_w = 6.5 * (double)strlen(buf) + 6;
	every = (long)ceil(label_w / f->band);
	if (every < 1)
		every = 1;
	fputs("<g class=\"x-axis\" font-size=\"11\" fill=\"#333333\" text-anchor=\"middle\">\n", fp);
	for (s = 0; s < f->nslots; s++) {
		double x = fx(f, f->first + s);
		fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#333333\"/>\n",
		    x, f->bottom, x, f->bottom + 4);
		if (s % every)
			continue;
		period_text(r, f->first + s, buf, sizeof buf);
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\">%s</text>\n", x, f->bottom + 17, buf);
	}
	fputs("</g>\n", fp);
	/* Under the rows of counts, when there are any. */
	rows = !counts_fit(f) ? 0 : f->nseries > 1 ? f->nseries : 2;
	fprintf(fp, "<text class=\"x-label\" x=\"%.2f\" y=\"%.2f\" font-size=\"12\" "
	    "text-anchor=\"middle\">%c%s</text>\n", (f->left + f->right) / 2,
	    f->bottom + 35 + 11 * (double)rows, r->opt.by[0].name[0] - 'a' + 'A',
	    r->opt.by[0].name + 1);
}

/* With several series: a row of "k/n" under the axis for each, in its
 * colour, headed by its name. */
static void
write_series_counts(FILE *fp, const struct ts_result *r, const struct frame *f,
    enum ts_count num, enum ts_count den)
{
	size_t i, s;
	long slot;

	fputs("<g class=\"counts\" font-size=\"9\" text-anchor=\"middle\">\n", fp);
	for (s = 0; s < f->nseries; s++) {
		double y = f->bottom + 31 + 11 * (double)s;
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\" fill=\"%s\">",
		    f->left - 6, y, colours[s]);
		xml_text(fp, ts_plot_series_name(r, f->series[s]), 10);
		fputs("</text>\n", fp);
		for (i = 0; i < r->ngroups; i++) {
			const struct ts_group *g = &r->groups[i];
			if (group_slot(r, g, &slot) != 0 || series_index(f, r, g) != s)
				continue;
			fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" fill=\"%s\">", fx(f, slot), y,
			    colours[s]);
			write_count(fp, r, g, num);
			putc('/', fp);
			write_count(fp, r, g, den);
			fputs("</text>\n", fp);
		}
	}
	fputs("</g>\n", fp);
}

/* The counts under the axis: one row for the numerator and one for the
 * denominator of the single series, or a row per series. */
static void
write_count_rows(FILE *fp, const struct ts_result *r, const struct frame *f)
{
	static const char *const names[TS_NRATES][2] = {
		{ "convictions", "investigations" },
		{ "prosecutions", "investigations" },
		{ "convictions", "prosecutions" },
	};
	static const enum ts_count counts[TS_NRATES][2] = {
		{ TS_CONVICTIONS, TS_INVESTIGATIONS },
		{ TS_PROSECUTIONS, TS_INVESTIGATIONS },
		{ TS_CONVICTIONS, TS_PROSECUTIONS },
	};
	size_t i, row;
	long slot;

	if (!counts_fit(f))
		return;
	if (f->nseries > 1) {
		write_series_counts(fp, r, f, counts[f->rate][0], counts[f->rate][1]);
		return;
	}
	/* Five-digit counts touch in narrow bands: a smaller font there. */
	fprintf(fp, "<g class=\"counts\" font-size=\"%s\" fill=\"#555555\" "
	    "text-anchor=\"middle\">\n", f->band < 40 ? "8.5" : "10");
	for (row = 0; row < 2; row++) {
		double y = f->bottom + 31 + 12 * (double)row;
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%s</text>\n",
		    f->left - 6, y, names[f->rate][row]);
		for (i = 0; i < r->ngroups; i++) {
			if (group_slot(r, &r->groups[i], &slot) != 0)
				continue;
			fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\">", fx(f, slot), y);
			write_count(fp, r, &r->groups[i], counts[f->rate][row]);
			fputs("</text>\n", fp);
		}
	}
	fputs("</g>\n", fp);
}

static void
write_point(FILE *fp, const struct ts_result *r, const struct frame *f,
    const struct ts_group *g, long slot)
{
	const struct ts_rate *rt = &g->rate[f->rate];
	enum ts_count num = f->rate == TS_RATE_PROSECUTION ? TS_PROSECUTIONS : TS_CONVICTIONS;
	enum ts_count den = f->rate == TS_RATE_PER_PROSECUTION ? TS_PROSECUTIONS : TS_INVESTIGATIONS;
	size_t s = series_index(f, r, g);
	const char *colour = colours[s % TS_PLOT_MAX_SERIES];
	double x = fx(f, slot) + dodge(f, s), y = fy(f, rt->ci.value);
	char pv[64], pl[64], ph[64];
	char buf[64];

	period_text(r, slot, buf, sizeof buf);
	fprintf(fp, "<g class=\"point\" data-period=\"%s\" data-series=\"", buf);
	if (r->opt.nby > 1)
		xml_text(fp, ts_store_string(r->st, g->key[1].id), 200);
	fputs("\" data-k=\"", fp);
	write_count(fp, r, g, num);
	fputs("\" data-n=\"", fp);
	write_count(fp, r, g, den);
	fputs("\" data-value=\"", fp);
	ts_json_num(fp, rt->ci.value);
	if (rt->has_interval) {
		fputs("\" data-low=\"", fp);
		ts_json_num(fp, rt->ci.low);
		fputs("\" data-high=\"", fp);
		ts_json_num(fp, rt->ci.high);
	}
	fputs("\">\n<title>", fp);
	if (r->opt.nby > 1) {
		xml_text(fp, ts_store_string(r->st, g->key[1].id), 60);
		fputs(", ", fp);
	}
	fprintf(fp, "%s: ", buf);
	write_count(fp, r, g, num);
	putc('/', fp);
	write_count(fp, r, g, den);
	ts_pct_text(rt->ci.value, pv, sizeof pv);
	ts_pct_text(rt->ci.low, pl, sizeof pl);
	ts_pct_text(rt->ci.high, ph, sizeof ph);
	fprintf(fp, " = %s", pv);
	if (rt->has_interval)
		fprintf(fp, " (%s\xe2\x80\x93%s)", pl, ph);
	else
		fputs(" (a period ratio, not a proportion: no interval)", fp);
	fputs("</title>\n", fp);
	if (rt->has_interval) {
		double lo = fy(f, rt->ci.low), hi = fy(f, rt->ci.high);
		fprintf(fp, "<line class=\"whisker\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
		    "stroke=\"%s\" stroke-width=\"1.5\"/>\n", x, lo, x, hi, colour);
		fprintf(fp, "<line class=\"cap\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
		    "stroke=\"%s\" stroke-width=\"1.5\"/>\n", x - 4, lo, x + 4, lo, colour);
		fprintf(fp, "<line class=\"cap\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
		    "stroke=\"%s\" stroke-width=\"1.5\"/>\n", x - 4, hi, x + 4, hi, colour);
	}
	fprintf(fp, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"4\" fill=\"%s\" stroke=\"%s\" "
	    "stroke-width=\"1.5\"/>\n", x, y, rt->has_interval ? colour : "#ffffff", colour);
	/* Room to spare: the rate itself beside the point. */
	if (f->nseries < 2 && f->band >= 60)
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"10\" fill=\"#333333\">"
		    "%s</text>\n", x + 8, y + 3.5, pv);
	fputs("</g>\n", fp);
}

/* One series: a thin line between points of neighbouring periods (never
 * across a gap), then the points. */
static void
write_series(FILE *fp, const struct ts_result *r, const struct frame *f, size_t s)
{
	const struct ts_group *prev = NULL;
	long prev_slot = 0, slot;
	size_t i;

	fprintf(fp, "<g class=\"series\" data-series=\"");
	if (r->opt.nby > 1)
		xml_text(fp, ts_store_string(r->st, f->series[s]), 200);
	fputs("\">\n", fp);
	for (i = 0; i < r->ngroups; i++) {
		const struct ts_group *g = &r->groups[i];
		if (group_slot(r, g, &slot) != 0 || series_index(f, r, g) != s ||
		    !drawable(g, f->rate))
			continue;
		if (prev && slot == prev_slot + 1)
			fprintf(fp, "<line class=\"link\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
			    "y2=\"%.2f\" stroke=\"%s\" stroke-width=\"1\" stroke-opacity=\"0.5\"/>\n",
			    fx(f, prev_slot) + dodge(f, s), fy(f, prev->rate[f->rate].ci.value),
			    fx(f, slot) + dodge(f, s), fy(f, g->rate[f->rate].ci.value),
			    colours[s]);
		prev = g;
		prev_slot = slot;
	}
	for (i = 0; i < r->ngroups; i++) {
		const struct ts_group *g = &r->groups[i];
		if (group_slot(r, g, &slot) != 0 || series_index(f, r, g) != s ||
		    !drawable(g, f->rate))
			continue;
		write_point(fp, r, f, g, slot);
	}
	fputs("</g>\n", fp);
}

static void
write_legend(FILE *fp, const struct ts_result *r, const struct frame *f)
{
	size_t s;
	double y;

	if (f->nseries < 2)
		return;
	fprintf(fp, "<g class=\"legend\" font-size=\"11\">\n<text x=\"%.2f\" y=\"%.2f\" "
	    "font-weight=\"bold\">", f->right + 16, f->top + 4);
	xml_text(fp, r->opt.by[1].name, 22);
	fputs("</text>\n", fp);
	for (s = 0; s < f->nseries; s++) {
		y = f->top + 24 + 18 * (double)s;
		fprintf(fp, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"4\" fill=\"%s\"/>\n",
		    f->right + 22, y - 4, colours[s]);
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\">", f->right + 32, y);
		xml_text(fp, ts_plot_series_name(r, f->series[s]), 20);
		fputs("</text>\n", fp);
	}
	fputs("</g>\n", fp);
}

/* Says what the chart leaves out, so that nothing is dropped silently. */
static void
write_notes(FILE *fp, const struct ts_result *r, const struct frame *f)
{
	size_t i, off = 0, undefined = 0, withheld = 0, ratios = 0;
	long slot;
	char buf[64];

	for (i = 0; i < r->ngroups; i++) {
		const struct ts_rate *rt = &r->groups[i].rate[f->rate];
		if (group_slot(r, &r->groups[i], &slot) != 0)
			off++;
		else if (!rt->defined)
			undefined++;
		else if (r->groups[i].rate_hidden[f->rate])
			withheld++;
		else if (!rt->has_interval)
			ratios++;
	}
	if (off || undefined || withheld) {
		fprintf(fp, "<text class=\"note\" x=\"%.1f\" y=\"%d\" font-size=\"10\" "
		    "fill=\"#555555\">", PLOT_LEFT - 60, TS_PLOT_HEIGHT - 19);
		if (off) {
			for (i = 0; i < r->ngroups; i++)
				if (group_slot(r, &r->groups[i], &slot) != 0)
					break;
			ts_report_key_text(r, 0, &r->groups[i].key[0], buf, sizeof buf);
			fprintf(fp, "Not drawn: %zu group%s whose period is not a single %s (",
			    off, off == 1 ? "" : "s", r->opt.by[0].name);
			xml_text(fp, buf, 40);
			fputs(off > 1 ? ", ...). " : "). ", fp);
		}
		if (undefined)
			fprintf(fp, "%s%zu group%s without the counts for a rate.",
			    off ? "Also " : "Not drawn: ", undefined, undefined == 1 ? "" : "s");
		if (withheld)
			fprintf(fp, "%s%zu group%s withheld by --suppress %lld.",
			    off || undefined ? " " : "Not drawn: ", withheld,
			    withheld == 1 ? "" : "s", (long long)r->opt.suppress);
		fputs("</text>\n", fp);
	}
	if (ratios || !counts_fit(f)) {
		fprintf(fp, "<text class=\"note\" x=\"%.1f\" y=\"%d\" font-size=\"10\" "
		    "fill=\"#555555\">", PLOT_LEFT - 60, TS_PLOT_HEIGHT - 6);
		if (ratios)
			fputs("Hollow point: a period ratio above 100%, without an interval. ", fp);
		if (!counts_fit(f))
			fputs("Counts: hover a point, or see tracestat report.", fp);
		fputs("</text>\n", fp);
	}
}

int
ts_plot_write_svg(FILE *fp, const struct ts_result *r)
{
	struct frame f;
	double ymax = 0, step;
	size_t i, s;
	long last;

	memset(&f, 0, sizeof f);
	f.rate = ts_plot_rate(r);
	if (ts_plot_series(r, &f.series, &f.nseries) != 0)
		return -1;
	ts_plot_span(r, &f.first, &last);
	f.nslots = last - f.first + 1;
	for (i = 0; i < r->ngroups; i++) {
		const struct ts_rate *rt = &r->groups[i].rate[f.rate];
		double top = rt->has_interval ? rt->ci.high : rt->ci.value;
		long slot;
		if (group_slot(r, &r->groups[i], &slot) == 0 && drawable(&r->groups[i], f.rate) &&
		    top > ymax)
			ymax = top;
	}
	y_scale(ymax, &f.ytop, &step);
	f.left = PLOT_LEFT;
	f.right = TS_PLOT_WIDTH - 24 - (f.nseries > 1 ? LEGEND_WIDTH : 0);
	f.top = PLOT_TOP;
	f.bottom = PLOT_BOTTOM;
	f.band = (f.right - f.left) / (double)f.nslots;
	/* Room for a row of counts per series beyond the two of one series. */
	if (f.nseries > 2 && counts_fit(&f))
		f.bottom -= 11 * (double)(f.nseries - 2);

	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" "
	    "data-rate=\"%s\" data-y-zero=\"%.2f\" data-y-top=\"%.2f\" data-y-max=\"",
	    TS_PLOT_WIDTH, TS_PLOT_HEIGHT, TS_PLOT_WIDTH, TS_PLOT_HEIGHT,
	    ts_rate_name(f.rate), f.bottom, f.top);
	ts_json_num(fp, f.ytop);
	fputs("\">\n", fp);
	fprintf(fp, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
	    TS_PLOT_WIDTH, TS_PLOT_HEIGHT);
	write_title(fp, r, &f);
	write_axes(fp, r, &f, step);
	for (s = 0; s < f.nseries; s++)
		write_series(fp, r, &f, s);
	write_count_rows(fp, r, &f);
	write_legend(fp, r, &f);
	write_notes(fp, r, &f);
	fputs("</svg>\n", fp);
	free(f.series);
	return ferror(fp) ? -1 : 0;
}
