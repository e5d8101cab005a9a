/* plot_svg.c — the SVG chart of a rate per period, with its intervals:
 * one panel of up to eight series, or small multiples of more. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_impl.h"
#include "ts_i18n.h"
#include "ts_jsonout.h"
#include "ts_pct.h"

/* The frame, in SVG user units (pixels at 100 %). */
#define PLOT_LEFT    86.0
#define PLOT_TOP     72.0
#define PLOT_BOTTOM  362.0
#define LEGEND_WIDTH 160.0
#define MAX_SLOTS    600
#define colours      ts_plot_colours

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


/* The slot of group g, or -1 when it has none. */
static int
group_slot(const struct ts_result *r, const struct ts_group *g, long *slot)
{
	if (r->opt.nby == 0 || r->opt.by[0].kind != TS_BY_PERIOD)
		return -1;
	return ts_plot_slot(&g->key[0].period, r->opt.by[0].prec, slot);
}

struct series_key {
	uint32_t id;
	const char *name;
};

static int
series_cmp(const void *pa, const void *pb)
{
	const struct series_key *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

int
ts_plot_series(const struct ts_result *r, uint32_t **ids, size_t *n)
{
	struct series_key *keys = NULL;
	size_t i, j, cap = 0;
	long slot;

	*ids = NULL;
	*n = 0;
	for (i = 0; i < r->ngroups; i++) {
		uint32_t id = r->opt.nby > 1 ? r->groups[i].key[1].id : 0;
		if (group_slot(r, &r->groups[i], &slot) != 0)
			continue;
		for (j = 0; j < *n && keys[j].id != id; j++)
			;
		if (j < *n)
			continue;
		if (ts_grow(&keys, &cap, *n + 1, sizeof *keys) != 0) {
			free(keys);
			*n = 0;
			return -1;
		}
		keys[*n].id = id;
		keys[(*n)++].name = ts_store_string(r->st, id);
	}
	if (*n > 1)
		qsort(keys, *n, sizeof *keys, series_cmp);
	if (*n > 0 && (*ids = malloc(*n * sizeof **ids)) == NULL) {
		free(keys);
		*n = 0;
		return -1;
	}
	for (i = 0; i < *n; i++)
		(*ids)[i] = keys[i].id;
	free(keys);
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
ts_plot_check(const struct ts_result *r, const struct ts_plot_style *style,
    struct ts_error *err)
{
	enum ts_rate_kind rk = ts_plot_rate(r);
	uint32_t *ids;
	size_t i, nseries, defined = 0;
	long first, last;

	if (r->opt.nby >= 1 && r->opt.by[0].kind != TS_BY_PERIOD)
		return ts_plot_check_groups(r, style, err);
	if (style && style->funnel)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("plot: --funnel needs --by FIELD, a field that is not a period "
		    "(e.g. --by jurisdiction)"));
	if (r->opt.nby < 1 || r->opt.nby > 2 ||
	    (r->opt.by[0].prec != TS_PREC_YEAR && r->opt.by[0].prec != TS_PREC_QUARTER &&
	    r->opt.by[0].prec != TS_PREC_MONTH))
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("plot: --by must be year, quarter or month, then at most one more field"));
	if (r->opt.nby == 2 && r->opt.by[1].kind == TS_BY_PERIOD)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("plot: the series field must not be a period ('%s')"), r->opt.by[1].name);
	if (ts_plot_series(r, &ids, &nseries) != 0)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	free(ids);
	if (nseries > TS_PLOT_MAX_PANELS)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("plot: '%s' has %zu values; small multiples show at most %d "
		    "(choose another field, or --by %s alone for a forest plot)"),
		    r->opt.by[1].name, nseries, TS_PLOT_MAX_PANELS, r->opt.by[1].name);
	if (ts_plot_span(r, &first, &last) == 0)
		return ts_error_set(err, TS_EDATA, NULL, 0, 0,
		    N_("plot: no record falls in a single %s (the input needs a year, "
		    "month, date or period column)"), r->opt.by[0].name);
	if (last - first >= MAX_SLOTS)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("plot: %ld periods do not fit in one chart (at most %d); "
		    "use a coarser --by"), last - first + 1, MAX_SLOTS);
	for (i = 0; i < r->ngroups; i++) {
		long slot;
		if (group_slot(r, &r->groups[i], &slot) == 0 &&
		    ts_plot_drawable(r, &r->groups[i], rk))
			defined++;
	}
	if (defined == 0)
		return ts_error_set(err, TS_EDATA, NULL, 0, 0,
		    N_("plot: nothing to draw: no %s has %s"),
		    r->opt.by[0].name, rk == TS_RATE_CONVICTION ?
		    "investigations and convictions" : "prosecutions and convictions");
	return TS_OK;
}

/* One panel: its place on the page and its scales. */
struct frame {
	double left, right, top, bottom;
	long first;             /* slot at the left */
	long nslots;
	double band;            /* width of one slot */
	double ymin, ytop;      /* the rates at the bottom and the top */
	double step;            /* between grid lines */
	enum ts_rate_kind rate;
	uint32_t *series;
	size_t nseries;
	int small;              /* 1 in a panel of small multiples */
	int count_chars;        /* the widest count under the axis, in characters */
};

static double
fx(const struct frame *f, long slot)
{
	return f->left + ((double)(slot - f->first) + 0.5) * f->band;
}

static double
fy(const struct frame *f, double v)
{
	return f->bottom - (v - f->ymin) / (f->ytop - f->ymin) * (f->bottom - f->top);
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

	if (f->nseries < 2 || f->small)
		return 0;
	w = f->band * 0.5 / (double)f->nseries;
	if (w > 20)
		w = 20;
	return ((double)s - (double)(f->nseries - 1) / 2) * w;
}

/* Whether the counts fit in the rows under the axis at 11 px (about 6.6 px
 * a digit): two rows (numerator, denominator) for one series, a row of
 * "k/n" per series for several; none in small multiples. */
static int
counts_fit(const struct frame *f)
{
	return !f->small && f->band >= 6.6 * f->count_chars + 6;
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

/* The counts of a rate: numerator and denominator. */
static enum ts_count
num_of(enum ts_rate_kind rk)
{
	return rk == TS_RATE_PROSECUTION ? TS_PROSECUTIONS : TS_CONVICTIONS;
}

static enum ts_count
den_of(enum ts_rate_kind rk)
{
	return rk == TS_RATE_PER_PROSECUTION ? TS_PROSECUTIONS : TS_INVESTIGATIONS;
}

/* The widest count text under the axis, in characters. */
static int
widest_count(const struct ts_result *r, const struct frame *f)
{
	char a[48], b[48];
	size_t i;
	int w = 1, len;
	long slot;

	for (i = 0; i < r->ngroups; i++) {
		const struct ts_group *g = &r->groups[i];
		if (group_slot(r, g, &slot) != 0)
			continue;
		ts_plot_count_text(r, g, num_of(f->rate), a, sizeof a);
		ts_plot_count_text(r, g, den_of(f->rate), b, sizeof b);
		if (f->nseries > 1)
			len = (int)(strlen(a) + strlen(b) + 1);
		else
			len = (int)(strlen(a) > strlen(b) ? strlen(a) : strlen(b));
		if (len > w)
			w = len;
	}
	return w;
}

/* The rate axis: from zero, or zoomed to the data when every interval
 * lies well above zero (and --y-from-zero is not given); the chart then
 * says that the axis does not start at zero. */
static void
rate_axis(const struct ts_result *r, const struct ts_plot_style *style, struct frame *f)
{
	double lo = INFINITY, hi = 0;
	size_t i;
	long slot;

	for (i = 0; i < r->ngroups; i++) {
		const struct ts_rate rtv = ts_result_rate(r, &r->groups[i], f->rate), *rt = &rtv;
		double top = rt->has_interval ? rt->ci.high : rt->ci.value;
		double bottom = rt->has_interval ? rt->ci.low : rt->ci.value;
		if (group_slot(r, &r->groups[i], &slot) != 0 || !ts_plot_drawable(r, &r->groups[i], f->rate))
			continue;
		if (top > hi)
			hi = top;
		if (bottom < lo)
			lo = bottom;
	}
	f->ymin = 0;
	ts_plot_axis(hi, &f->ytop, &f->step);
	if ((style && style->y_from_zero) || !(lo > 0.4 * hi) || !(hi > lo))
		return;
	ts_plot_axis(hi - lo, &f->ytop, &f->step);
	f->ymin = floor(lo / f->step + 1e-9) * f->step;
	f->ytop = ceil(hi / f->step - 1e-9) * f->step;
	if (f->ytop <= f->ymin)
		f->ytop = f->ymin + f->step;
}

static void
write_grid(FILE *fp, const struct frame *f, int labels)
{
	char buf[64];
	double v;
	int i;

	fprintf(fp, "<g class=\"grid\" font-size=\"%d\" fill=\"#333333\" text-anchor=\"end\">\n",
	    PLOT_FONT_SMALL);
	for (i = 0, v = f->ymin; v <= f->ytop + f->step * 1e-6; i++, v = f->ymin + i * f->step) {
		/* The lowest line is the axis; at zero it is the zero line. */
		fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
		    "stroke=\"%s\" stroke-width=\"1\"/>\n", f->left, fy(f, v), f->right,
		    fy(f, v), i == 0 ? "#333333" : "#dddddd");
		if (!labels || (f->small && i % 2))
			continue;
		ts_plot_tick(v, f->step, buf, sizeof buf);
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\">%s</text>\n", f->left - 6,
		    fy(f, v) + 4, buf);
	}
	/* Not from zero: a break in the axis, so that nobody reads the
	 * lowest line as zero. */
	if (f->ymin > 0)
		fprintf(fp, "<path class=\"axis-break\" d=\"M%.2f %.2f l6 -3 l-6 -3 l6 -3\" "
		    "fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n",
		    f->left - 3, fy(f, f->ymin) - 2);
	fputs("</g>\n", fp);
}

static void
write_axes(FILE *fp, const struct ts_result *r, const struct frame *f)
{
	char buf[64];
	double label_w;
	long s, every;
	size_t rows;

	write_grid(fp, f, 1);
	fprintf(fp, "<text class=\"y-label\" x=\"16\" y=\"%.2f\" font-size=\"%d\" "
	    "text-anchor=\"middle\" transform=\"rotate(-90 16 %.2f)\">%s</text>\n",
	    (f->top + f->bottom) / 2, PLOT_FONT_LABEL, (f->top + f->bottom) / 2,
	    f->rate == TS_RATE_CONVICTION ? _("Conviction rate (convictions / investigations)") :
	    _("Convictions / prosecutions"));

	/* Period labels: thinned so that they never overlap. */
	period_text(r, f->first + f->nslots - 1, buf, sizeof buf);
	label_w = 7.0 * (double)strlen(buf) + 8;
	every = (long)ceil(label_w / f->band);
	if (every < 1)
		every = 1;
	fprintf(fp, "<g class=\"x-axis\" font-size=\"%d\" fill=\"#333333\" text-anchor=\"middle\">\n",
	    PLOT_FONT_SMALL);
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
	fprintf(fp, "<text class=\"x-label\" x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" "
	    "text-anchor=\"middle\">%c%s</text>\n", (f->left + f->right) / 2,
	    f->bottom + 36 + 13 * (double)rows, PLOT_FONT_LABEL,
	    r->opt.by[0].name[0] - 'a' + 'A', r->opt.by[0].name + 1);
}

/* With several series: a row of "k/n" under the axis for each, in its
 * colour, headed by its name. */
static void
write_series_counts(FILE *fp, const struct ts_result *r, const struct frame *f)
{
	size_t i, s;
	long slot;

	fprintf(fp, "<g class=\"counts\" font-size=\"%d\" text-anchor=\"middle\">\n",
	    PLOT_FONT_SMALL);
	for (s = 0; s < f->nseries; s++) {
		double y = f->bottom + 32 + 13 * (double)s;
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\" fill=\"%s\">",
		    f->left - 6, y, colours[s]);
		ts_plot_xml_text(fp, ts_plot_series_name(r, f->series[s]), 10);
		fputs("</text>\n", fp);
		for (i = 0; i < r->ngroups; i++) {
			const struct ts_group *g = &r->groups[i];
			if (group_slot(r, g, &slot) != 0 || series_index(f, r, g) != s)
				continue;
			fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" fill=\"%s\">", fx(f, slot), y,
			    colours[s]);
			ts_plot_count(fp, r, g, num_of(f->rate));
			putc('/', fp);
			ts_plot_count(fp, r, g, den_of(f->rate));
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
	size_t i, row;
	long slot;

	if (!counts_fit(f))
		return;
	if (f->nseries > 1) {
		write_series_counts(fp, r, f);
		return;
	}
	fprintf(fp, "<g class=\"counts\" font-size=\"%d\" fill=\"#555555\" "
	    "text-anchor=\"middle\">\n", PLOT_FONT_SMALL);
	for (row = 0; row < 2; row++) {
		double y = f->bottom + 32 + 13 * (double)row;
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%s</text>\n",
		    f->left - 6, y, names[f->rate][row]);
		for (i = 0; i < r->ngroups; i++) {
			if (group_slot(r, &r->groups[i], &slot) != 0)
				continue;
			fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\">", fx(f, slot), y);
			ts_plot_count(fp, r, &r->groups[i], row ? den_of(f->rate) : num_of(f->rate));
			fputs("</text>\n", fp);
		}
	}
	fputs("</g>\n", fp);
}

static void
write_point(FILE *fp, const struct ts_result *r, const struct frame *f,
    const struct ts_group *g, long slot)
{
	const struct ts_rate rtv = ts_result_rate(r, g, f->rate), *rt = &rtv;
	size_t s = series_index(f, r, g);
	const char *colour = colours[f->small ? 0 : s % TS_PLOT_MAX_SERIES];
	double x = fx(f, slot) + dodge(f, s), y = fy(f, rt->ci.value);
	double radius = f->small ? 2.5 : 4, cap = f->small ? 3.5 : 5.5;
	char pv[64];
	char buf[64];

	period_text(r, slot, buf, sizeof buf);
	fprintf(fp, "<g class=\"point\" data-period=\"%s\" data-series=\"", buf);
	if (r->opt.nby > 1)
		ts_plot_xml_text(fp, ts_store_string(r->st, g->key[1].id), 200);
	fputs("\"", fp);
	ts_plot_point_data(fp, r, g, f->rate);
	fputs(">\n<title>", fp);
	if (r->opt.nby > 1) {
		ts_plot_xml_text(fp, ts_store_string(r->st, g->key[1].id), 60);
		fputs(", ", fp);
	}
	fprintf(fp, "%s: ", buf);
	ts_plot_point_title(fp, r, g, f->rate);
	fputs("</title>\n", fp);
	fprintf(fp, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.1f\" fill=\"%s\" stroke=\"%s\" "
	    "stroke-width=\"1.5\"/>\n", x, y, radius, rt->has_interval ? colour : "#ffffff",
	    colour);
	/* The whisker over the point, so that a narrow interval is not hidden
	 * behind it; its caps always show where it ends. */
	if (rt->has_interval) {
		double lo = fy(f, rt->ci.low), hi = fy(f, rt->ci.high);
		fprintf(fp, "<line class=\"whisker\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
		    "stroke=\"%s\" stroke-width=\"1.5\"/>\n", x, lo, x, hi, colour);
		fprintf(fp, "<line class=\"cap\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
		    "stroke=\"%s\" stroke-width=\"1.5\"/>\n", x - cap, lo, x + cap, lo, colour);
		fprintf(fp, "<line class=\"cap\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
		    "stroke=\"%s\" stroke-width=\"1.5\"/>\n", x - cap, hi, x + cap, hi, colour);
	}
	/* Room to spare: the rate itself beside the point. */
	ts_pct_text(rt->ci.value, pv, sizeof pv);
	if (!f->small && f->nseries < 2 && f->band >= 64)
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" fill=\"#333333\">"
		    "%s</text>\n", x + 8, y + 4, PLOT_FONT_SMALL, pv);
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
	double d = dodge(f, s);
	const char *colour = colours[f->small ? 0 : s];

	fprintf(fp, "<g class=\"series\" data-series=\"");
	if (r->opt.nby > 1)
		ts_plot_xml_text(fp, ts_store_string(r->st, f->series[s]), 200);
	fputs("\">\n", fp);
	for (i = 0; i < r->ngroups; i++) {
		const struct ts_group *g = &r->groups[i];
		if (group_slot(r, g, &slot) != 0 || series_index(f, r, g) != s ||
		    !ts_plot_drawable(r, g, f->rate))
			continue;
		if (prev && slot == prev_slot + 1)
			fprintf(fp, "<line class=\"link\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
			    "y2=\"%.2f\" stroke=\"%s\" stroke-width=\"1\" stroke-opacity=\"0.5\"/>\n",
			    fx(f, prev_slot) + d, fy(f, ts_result_rate(r, prev, f->rate).ci.value),
			    fx(f, slot) + d, fy(f, ts_result_rate(r, g, f->rate).ci.value), colour);
		prev = g;
		prev_slot = slot;
	}
	for (i = 0; i < r->ngroups; i++) {
		const struct ts_group *g = &r->groups[i];
		if (group_slot(r, g, &slot) != 0 || series_index(f, r, g) != s ||
		    !ts_plot_drawable(r, g, f->rate))
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
	fprintf(fp, "<g class=\"legend\" font-size=\"%d\">\n<text x=\"%.2f\" y=\"%.2f\" "
	    "font-weight=\"bold\">", PLOT_FONT_SMALL, f->right + 16, f->top + 4);
	ts_plot_xml_text(fp, r->opt.by[1].name, 22);
	fputs("</text>\n", fp);
	for (s = 0; s < f->nseries; s++) {
		y = f->top + 24 + 18 * (double)s;
		fprintf(fp, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"4\" fill=\"%s\"/>\n",
		    f->right + 22, y - 4, colours[s]);
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\">", f->right + 32, y);
		ts_plot_xml_text(fp, ts_plot_series_name(r, f->series[s]), 20);
		fputs("</text>\n", fp);
	}
	fputs("</g>\n", fp);
}

/* What the chart leaves out or how to read it, so that nothing is dropped
 * silently: up to four notes in notes[], their texts in buf. */
static size_t
chart_notes(const struct ts_result *r, const struct frame *f, int any_fit,
    char buf[][256], const char **notes)
{
	size_t i, n = 0, off = 0, undefined = 0, withheld = 0, ratios = 0, len;
	long slot;
	char key[64];

	for (i = 0; i < r->ngroups; i++) {
		const struct ts_rate rtv = ts_result_rate(r, &r->groups[i], f->rate), *rt = &rtv;
		if (group_slot(r, &r->groups[i], &slot) != 0)
			off++;
		else if (!rt->defined)
			undefined++;
		else if (r->groups[i].rate_hidden[f->rate])
			withheld++;
		else if (!rt->has_interval)
			ratios++;
	}
	if (f->rate == TS_RATE_PER_PROSECUTION)
		snprintf(buf[n++], 256, "%s", _("The input counts no investigations: the rate is "
		    "convictions per prosecution."));
	if (off || undefined || withheld) {
		len = 0;
		buf[n][0] = '\0';
		if (off) {
			for (i = 0; i < r->ngroups; i++)
				if (group_slot(r, &r->groups[i], &slot) != 0)
					break;
			ts_report_key_text(r, 0, &r->groups[i].key[0], key, sizeof key);
			len += (size_t)snprintf(buf[n] + len, 256 - len,
			    "Not drawn: %zu group%s whose period is not a single %s (%.40s%s). ",
			    off, off == 1 ? "" : "s", r->opt.by[0].name, key, off > 1 ? ", ..." : "");
		}
		if (undefined && len < 256)
			len += (size_t)snprintf(buf[n] + len, 256 - len, "%s%zu group%s without "
			    "the counts for a rate. ", off ? "Also " : "Not drawn: ", undefined,
			    undefined == 1 ? "" : "s");
		if (withheld && len < 256)
			snprintf(buf[n] + len, 256 - len, "%s%zu group%s withheld by --suppress %lld.",
			    off || undefined ? "" : "Not drawn: ", withheld,
			    withheld == 1 ? "" : "s", (long long)r->opt.suppress);
		len = strlen(buf[n]);
		while (len > 0 && buf[n][len - 1] == ' ')
			buf[n][--len] = '\0';
		n++;
	}
	if (ratios)
		snprintf(buf[n++], 256, "%s", _("Hollow point: a period ratio above 100%, without an interval."));
	if (f->ymin > 0) {
		char tick[32];
		ts_plot_tick(f->ymin, f->step, tick, sizeof tick);
		snprintf(buf[n++], 256, _("The rate axis starts at %s, not at zero."), tick);
	}
	if (!any_fit && n < 5)
		snprintf(buf[n++], 256, "%s", _("The counts behind each point are in the report "
		    "(tracestat report with the same --by)."));
	for (i = 0; i < n; i++)
		notes[i] = buf[i];
	return n;
}

static const char *
default_subtitle(const struct ts_result *r, char *buf, size_t size)
{
	/* TRANSLATORS: "Whiskers: 95% Wilson score interval". */
	snprintf(buf, size, _("Whiskers: %g%% %s interval"), r->opt.level * 100,
	    _(ts_stats_method_title(r->opt.method)));
	return buf;
}

static void
default_title(const struct ts_result *r, enum ts_rate_kind rk, char *buf, size_t size)
{
	if (r->opt.nby > 1)
		snprintf(buf, size, _("%s by %s and %s"), ts_plot_rate_title(rk),
		    r->opt.by[0].name, r->opt.by[1].name);
	else
		snprintf(buf, size, _("%s by %s"), ts_plot_rate_title(rk), r->opt.by[0].name);
}

/* Small multiples: a grid of panels, one series each, on shared axes. */
#define PANEL_GAP_X   18.0
#define PANEL_GAP_Y   40.0
#define PANEL_HEIGHT  96.0

static int
write_small_multiples(FILE *fp, const struct ts_result *r, const struct ts_plot_style *style,
    struct frame *f)
{
	char title[256], sub[160], nbuf[6][256], lbl[64];
	const char *notes[6];
	size_t s, nnotes, cols = f->nseries <= 12 ? 3 : 4, rows = (f->nseries + cols - 1) / cols;
	double head = 58, left0 = 66, width, height;
	int total;
	long first = f->first, last = f->first + f->nslots - 1;

	nnotes = chart_notes(r, f, 0, nbuf, notes);
	width = (TS_PLOT_WIDTH - left0 - PLOT_MARGIN - PANEL_GAP_X * (double)(cols - 1)) /
	    (double)cols;
	height = head + 20 + (double)rows * (PANEL_HEIGHT + PANEL_GAP_Y) +
	    PLOT_FOOT_LINE * (double)ts_plot_foot_lines(r, style, notes, nnotes, TS_PLOT_WIDTH) + 10;
	total = (int)ceil(height);
	snprintf(sub, sizeof sub, "data-rate=\"%s\" data-panels=\"%zu\"", ts_rate_name(f->rate),
	    f->nseries);
	ts_plot_open(fp, TS_PLOT_WIDTH, total, sub);
	default_title(r, f->rate, title, sizeof title);
	ts_plot_head(fp, style, title, default_subtitle(r, sub, sizeof sub));
	f->small = 1;
	for (s = 0; s < f->nseries; s++) {
		size_t col = s % cols, row = s / cols;
		f->left = left0 + (double)col * (width + PANEL_GAP_X);
		f->right = f->left + width;
		f->top = head + 40 + (double)row * (PANEL_HEIGHT + PANEL_GAP_Y);
		f->bottom = f->top + PANEL_HEIGHT;
		f->band = width / (double)f->nslots;
		fprintf(fp, "<g class=\"panel\" data-series=\"");
		ts_plot_xml_text(fp, ts_store_string(r->st, f->series[s]), 200);
		ts_num_text(f->ymin, lbl, sizeof lbl);
		fprintf(fp, "\" data-y-zero=\"%.2f\" data-y-top=\"%.2f\" data-y-min=\"%s\" ",
		    f->bottom, f->top, lbl);
		ts_num_text(f->ytop, lbl, sizeof lbl);
		fprintf(fp, "data-y-max=\"%s\">\n", lbl);
		fprintf(fp, "<text class=\"panel-title\" x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" "
		    "font-weight=\"bold\">", f->left, f->top - 8, PLOT_FONT_SMALL);
		ts_plot_xml_text(fp, ts_plot_series_name(r, f->series[s]), 28);
		fputs("</text>\n", fp);
		write_grid(fp, f, col == 0);
		/* The first and last period under every panel of the bottom row
		 * and under the last panel of each column. */
		if (row == rows - 1 || s + cols >= f->nseries) {
			fprintf(fp, "<g class=\"x-axis\" font-size=\"%d\" fill=\"#333333\">\n",
			    PLOT_FONT_SMALL);
			period_text(r, first, lbl, sizeof lbl);
			fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\">%s</text>\n", f->left,
			    f->bottom + 15, lbl);
			period_text(r, last, lbl, sizeof lbl);
			fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%s</text>\n",
			    f->right, f->bottom + 15, lbl);
			fputs("</g>\n", fp);
		}
		write_series(fp, r, f, s);
		fputs("</g>\n", fp);
	}
	ts_plot_foot(fp, r, style, notes, nnotes, TS_PLOT_WIDTH, (double)total - 8);
	fputs("</svg>\n", fp);
	return ferror(fp) ? -1 : 0;
}

int
ts_plot_write_svg(FILE *fp, const struct ts_result *r, const struct ts_plot_style *style)
{
	struct frame f;
	char title[256], sub[160], nbuf[6][256], extra[256], lo[32], hi[32];
	const char *notes[6];
	size_t s, nnotes;
	long last;
	int rc, height;

	if (r->opt.nby >= 1 && r->opt.by[0].kind != TS_BY_PERIOD)
		return ts_plot_write_groups(fp, r, style);
	memset(&f, 0, sizeof f);
	f.rate = ts_plot_rate(r);
	if (ts_plot_series(r, &f.series, &f.nseries) != 0)
		return -1;
	ts_plot_span(r, &f.first, &last);
	f.nslots = last - f.first + 1;
	rate_axis(r, style, &f);
	if (f.nseries > TS_PLOT_MAX_SERIES) {
		rc = write_small_multiples(fp, r, style, &f);
		free(f.series);
		return rc;
	}
	f.left = PLOT_LEFT;
	f.right = TS_PLOT_WIDTH - 24 - (f.nseries > 1 ? LEGEND_WIDTH : 0);
	f.top = PLOT_TOP;
	f.bottom = PLOT_BOTTOM;
	f.band = (f.right - f.left) / (double)f.nslots;
	f.count_chars = widest_count(r, &f);
	/* Room for a row of counts per series beyond the two of one series. */
	if (f.nseries > 2 && counts_fit(&f))
		f.bottom -= 13 * (double)(f.nseries - 2);
	nnotes = chart_notes(r, &f, counts_fit(&f), nbuf, notes);
	height = TS_PLOT_HEIGHT;
	s = ts_plot_foot_lines(r, style, notes, nnotes, TS_PLOT_WIDTH);
	if (s > 3)
		height += (int)(PLOT_FOOT_LINE * (double)(s - 3));

	ts_num_text(f.ymin, lo, sizeof lo);
	ts_num_text(f.ytop, hi, sizeof hi);
	snprintf(extra, sizeof extra, "data-rate=\"%s\" data-y-zero=\"%.2f\" "
	    "data-y-top=\"%.2f\" data-y-min=\"%s\" data-y-max=\"%s\"",
	    ts_rate_name(f.rate), f.bottom, f.top, lo, hi);
	ts_plot_open(fp, TS_PLOT_WIDTH, height, extra);
	default_title(r, f.rate, title, sizeof title);
	ts_plot_head(fp, style, title, default_subtitle(r, sub, sizeof sub));
	write_axes(fp, r, &f);
	for (s = 0; s < f.nseries; s++)
		write_series(fp, r, &f, s);
	write_count_rows(fp, r, &f);
	write_legend(fp, r, &f);
	ts_plot_foot(fp, r, style, notes, nnotes, TS_PLOT_WIDTH, (double)height - 8);
	fputs("</svg>\n", fp);
	free(f.series);
	return ferror(fp) ? -1 : 0;
}
