/* plot_groups.c — charts of the groups of one field that is not a period:
 * the forest plot (a row per group, sorted, with its interval and the
 * pooled rate) and the funnel plot (rate against investigations, with the
 * control limits of docs/methods.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_impl.h"
#include "ts_i18n.h"
#include "ts_jsonout.h"
#include "ts_compare.h"
#include "ts_stats.h"

#define ROW_HEIGHT   20.0
#define LABEL_RIGHT  226.0
#define FOREST_LEFT  240.0
#define FOREST_RIGHT 590.0
#define COUNTS_LEFT  604.0


int
ts_plot_check_groups(const struct ts_result *r, const struct ts_plot_style *style,
    struct ts_error *err)
{
	enum ts_rate_kind rk = ts_plot_rate(r);
	size_t i, defined = 0;

	if (r->opt.nby != 1)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("plot: a %s plot takes one --by field ('%s'); for a field over time use "
		    "--by year,%s"), style && style->funnel ? "funnel" : "forest",
		    r->opt.by[0].name, r->opt.by[0].name);
	if (r->ngroups > TS_PLOT_MAX_ROWS && (style == NULL || style->funnel ||
	    r->opt.top == 0 || r->opt.top > TS_PLOT_MAX_ROWS))
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("plot: '%s' has %zu values; a chart shows at most %d "
		    "(choose a coarser field, or --top N)"), r->opt.by[0].name, r->ngroups, TS_PLOT_MAX_ROWS);
	for (i = 0; i < r->ngroups; i++)
		if (ts_plot_drawable(r, &r->groups[i], rk))
			defined++;
	if (defined == 0)
		return ts_error_set(err, TS_EDATA, NULL, 0, 0,
		    N_("plot: nothing to draw: no %s has %s"), r->opt.by[0].name,
		    rk == TS_RATE_CONVICTION ? "investigations and convictions" :
		    "prosecutions and convictions");
	return TS_OK;
}

/* The pooled rate of the drawable groups: their convictions over their
 * investigations (the sums over records that give both, as each group's
 * rate), as the report's comparisons pool them. */
static double
pooled_rate(const struct ts_result *r, enum ts_rate_kind rk, int64_t *k, int64_t *n)
{
	size_t i;

	*k = *n = 0;
	for (i = 0; i < r->ngroups; i++) {
		const struct ts_group *g = &r->groups[i];
		if (!ts_plot_drawable(r, g, rk) || ts_group_pair(g, rk, 1) == TS_MISSING)
			continue;
		*k += ts_group_pair(g, rk, 0);
		*n += ts_group_pair(g, rk, 1);
	}
	return *n > 0 ? (double)*k / (double)*n : NAN;
}

/* Sorting the rows: an index with its key precomputed, no globals. */
struct row {
	size_t group;
	int has_rate;
	double rate;
	int64_t n;
};

static int
by_rate(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;

	if (a->has_rate != b->has_rate)
		return b->has_rate - a->has_rate;
	if (a->has_rate && a->rate != b->rate)
		return a->rate < b->rate ? 1 : -1;
	return (a->group > b->group) - (a->group < b->group);
}

static int
by_count(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;

	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return (a->group > b->group) - (a->group < b->group);
}

static struct row *
sorted_rows(const struct ts_result *r, enum ts_rate_kind rk, enum ts_plot_sort sort)
{
	struct row *rows = malloc((r->ngroups ? r->ngroups : 1) * sizeof *rows);
	size_t i;

	if (rows == NULL)
		return NULL;
	for (i = 0; i < r->ngroups; i++) {
		const struct ts_group *g = &r->groups[i];
		rows[i].group = i;
		rows[i].has_rate = ts_plot_drawable(r, g, rk);
		rows[i].rate = ts_result_rate(r, g, rk).ci.value;
		rows[i].n = ts_group_pair(g, rk, 1) == TS_MISSING ? -1 : ts_group_pair(g, rk, 1);
	}
	if (sort == TS_PLOT_SORT_RATE)
		qsort(rows, r->ngroups, sizeof *rows, by_rate);
	else if (sort == TS_PLOT_SORT_COUNT)
		qsort(rows, r->ngroups, sizeof *rows, by_count);
	return rows;
}

/* A linear scale from lo to hi drawn between pixels p0 and p1. */
struct scale {
	double lo, hi, p0, p1, step;
};

static double
at(const struct scale *s, double v)
{
	return s->p0 + (v - s->lo) / (s->hi - s->lo) * (s->p1 - s->p0);
}

static void
group_label(const struct ts_result *r, const struct ts_group *g, char *buf, size_t size)
{
	ts_report_key_text(r, 0, &g->key[0], buf, size);
	if (*buf == '\0')
		snprintf(buf, size, _("(none)"));
}

static void
default_subtitle(const struct ts_result *r, const char *extra, char *buf, size_t size)
{
	/* TRANSLATORS: "95% Wilson score intervals", then a note or nothing. */
	snprintf(buf, size, _("%g%% %s intervals%s"), r->opt.level * 100,
	    _(ts_stats_method_title(r->opt.method)), extra);
}

/* The rate axis across the page, ticks under the rows. */
static void
rate_ticks_across(FILE *fp, const struct scale *x, double top, double bottom)
{
	char buf[32];
	double v;
	int i;

	fprintf(fp, "<g class=\"grid\" font-size=\"%d\" fill=\"#333333\" text-anchor=\"middle\">\n",
	    PLOT_FONT_SMALL);
	for (i = 0, v = x->lo; v <= x->hi + x->step * 1e-6; i++, v = x->lo + i * x->step) {
		fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" "
		    "stroke-width=\"1\"/>\n", at(x, v), top, at(x, v), bottom,
		    i == 0 ? "#333333" : "#e4e4e4");
		ts_plot_tick(v, x->step, buf, sizeof buf);
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\">%s</text>\n", at(x, v), bottom + 16, buf);
	}
	fputs("</g>\n", fp);
}

static int
write_forest(FILE *fp, const struct ts_result *r, const struct ts_plot_style *style)
{
	enum ts_rate_kind rk = ts_plot_rate(r);
	struct row *rows = sorted_rows(r, rk, style ? style->sort : TS_PLOT_SORT_RATE);
	struct scale x;
	char title[256], sub[200], label[128], extra[256], a[32], b[32], nbuf[4][256];
	const char *notes[4];
	/* --top N draws the first N rows of the --sort order; the pooled
	 * line still takes every group. */
	size_t nshown = r->opt.top && r->opt.top < r->ngroups ? r->opt.top : r->ngroups;
	size_t i, nnotes = 0, undefined = 0, withheld = 0;
	int64_t pk, pn;
	double pooled = pooled_rate(r, rk, &pk, &pn), hi = 0, top, bottom;
	int height;

	if (rows == NULL)
		return -1;
	for (i = 0; i < r->ngroups; i++) {
		const struct ts_group *g = &r->groups[i];
		const struct ts_rate rtv = ts_result_rate(r, g, rk), *rt = &rtv;
		if (!ts_plot_drawable(r, g, rk)) {
			if (rt->defined)
				withheld++;
			else
				undefined++;
			continue;
		}
		if ((rt->has_interval ? rt->ci.high : rt->ci.value) > hi)
			hi = rt->has_interval ? rt->ci.high : rt->ci.value;
	}
	if (pooled > hi)
		hi = pooled;
	x.lo = 0;
	ts_plot_axis(hi, &x.hi, &x.step);
	x.p0 = FOREST_LEFT;
	x.p1 = FOREST_RIGHT;
	if (rk == TS_RATE_PER_PROSECUTION)
		snprintf(nbuf[nnotes++], 256, "%s", _("The input counts no investigations: the rate is "
		    "convictions per prosecution."));
	if (undefined || withheld)
		snprintf(nbuf[nnotes++], 256, _("Without a point: %zu group%s without the counts "
		    "for a rate, %zu withheld by --suppress."), undefined,
		    undefined == 1 ? "" : "s", withheld);
	if (nshown < r->ngroups)
		snprintf(nbuf[nnotes++], 256, _("--top %zu: %zu other groups are not drawn; "
		    "the dashed line takes them too."), nshown, r->ngroups - nshown);
	snprintf(nbuf[nnotes++], 256, _("The dashed line is the rate of all the groups drawn "
	    "together: %lld/%lld."), (long long)pk, (long long)pn);
	for (i = 0; i < nnotes; i++)
		notes[i] = nbuf[i];

	top = 96;
	bottom = top + ROW_HEIGHT * (double)nshown;
	height = (int)ceil(bottom + 44 + PLOT_FOOT_LINE *
	    (double)ts_plot_foot_lines(r, style, notes, nnotes, TS_PLOT_WIDTH) + 8);
	ts_num_text(x.lo, a, sizeof a);
	ts_num_text(x.hi, b, sizeof b);
	snprintf(extra, sizeof extra, "data-rate=\"%s\" data-chart=\"forest\" "
	    "data-x-zero=\"%.2f\" data-x-top=\"%.2f\" data-x-min=\"%s\" data-x-max=\"%s\"",
	    ts_rate_name(rk), x.p0, x.p1, a, b);
	ts_plot_open(fp, TS_PLOT_WIDTH, height, extra);
	snprintf(title, sizeof title, _("%s by %s"), ts_plot_rate_title(rk), r->opt.by[0].name);
	default_subtitle(r, "", sub, sizeof sub);
	ts_plot_head(fp, style, title, sub);

	/* Column heads. */
	fprintf(fp, "<g class=\"heads\" font-size=\"%d\" font-weight=\"bold\" fill=\"#333333\">\n"
	    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", PLOT_FONT_SMALL, LABEL_RIGHT,
	    top - 8);
	ts_plot_xml_text(fp, ts_report_by_title(r, 0), 30);
	fprintf(fp, "</text>\n<text x=\"%.1f\" y=\"%.1f\">%s</text>\n"
	    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n</g>\n",
	    COUNTS_LEFT, top - 8, rk == TS_RATE_PER_PROSECUTION ? _("conv./pros.") : _("conv./inv."),
	    (double)TS_PLOT_WIDTH - PLOT_MARGIN, top - 8, _("rate"));

	/* Zebra rows, so that a label and its interval are read together. */
	for (i = 0; i < nshown; i += 2)
		fprintf(fp, "<rect class=\"band\" x=\"%.1f\" y=\"%.2f\" width=\"%.1f\" "
		    "height=\"%.1f\" fill=\"#f4f4f4\"/>\n", PLOT_MARGIN, top + ROW_HEIGHT * (double)i,
		    (double)TS_PLOT_WIDTH - 2 * PLOT_MARGIN, ROW_HEIGHT);
	rate_ticks_across(fp, &x, top, bottom);
	fprintf(fp, "<text class=\"x-label\" x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" "
	    "text-anchor=\"middle\">%s</text>\n", (x.p0 + x.p1) / 2, bottom + 34,
	    PLOT_FONT_LABEL, rk == TS_RATE_CONVICTION ?
	    _("Conviction rate (convictions / investigations)") : _("Convictions / prosecutions"));

	for (i = 0; i < nshown; i++) {
		const struct ts_group *g = &r->groups[rows[i].group];
		const struct ts_rate rtv = ts_result_rate(r, g, rk), *rt = &rtv;
		double y = top + ROW_HEIGHT * ((double)i + 0.5);

		group_label(r, g, label, sizeof label);
		fprintf(fp, "<g class=\"%s\" data-key=\"", ts_plot_drawable(r, g, rk) ? "point" : "row");
		ts_plot_xml_text(fp, label, 200);
		fputs("\"", fp);
		if (ts_plot_drawable(r, g, rk))
			ts_plot_point_data(fp, r, g, rk);
		fputs(">\n", fp);
		fprintf(fp, "<text x=\"%.1f\" y=\"%.2f\" font-size=\"%d\" text-anchor=\"end\">",
		    LABEL_RIGHT, y + 4, PLOT_FONT_SMALL);
		ts_plot_xml_text(fp, label, 30);
		fputs("</text>\n", fp);
		fprintf(fp, "<text x=\"%.1f\" y=\"%.2f\" font-size=\"%d\" fill=\"#555555\">",
		    COUNTS_LEFT, y + 4, PLOT_FONT_SMALL);
		ts_plot_count(fp, r, g, ts_rate_num[rk]);
		putc('/', fp);
		ts_plot_count(fp, r, g, ts_rate_den[rk]);
		fprintf(fp, "</text>\n<text x=\"%.1f\" y=\"%.2f\" font-size=\"%d\" "
		    "text-anchor=\"end\">", (double)TS_PLOT_WIDTH - PLOT_MARGIN, y + 4,
		    PLOT_FONT_SMALL);
		if (ts_plot_drawable(r, g, rk))
			fprintf(fp, "%.2f%%", rt->ci.value * 100);
		else
			fputs(rt->defined ? _("withheld") : "\xe2\x80\x94", fp);
		fputs("</text>\n", fp);
		if (ts_plot_drawable(r, g, rk)) {
			double cx = at(&x, rt->ci.value);
			fputs("<title>", fp);
			ts_plot_xml_text(fp, label, 60);
			fputs(": ", fp);
			ts_plot_point_title(fp, r, g, rk);
			fputs("</title>\n", fp);
			fprintf(fp, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"4\" fill=\"%s\" "
			    "stroke=\"%s\" stroke-width=\"1.5\"/>\n", cx, y,
			    rt->has_interval ? ts_plot_colours[0] : "#ffffff", ts_plot_colours[0]);
			if (rt->has_interval) {
				double x1 = at(&x, rt->ci.low), x2 = at(&x, rt->ci.high);
				fprintf(fp, "<line class=\"whisker\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
				    "y2=\"%.2f\" stroke=\"%s\" stroke-width=\"1.5\"/>\n", x1, y, x2, y,
				    ts_plot_colours[0]);
				fprintf(fp, "<line class=\"cap\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
				    "y2=\"%.2f\" stroke=\"%s\" stroke-width=\"1.5\"/>\n", x1, y - 5, x1,
				    y + 5, ts_plot_colours[0]);
				fprintf(fp, "<line class=\"cap\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
				    "y2=\"%.2f\" stroke=\"%s\" stroke-width=\"1.5\"/>\n", x2, y - 5, x2,
				    y + 5, ts_plot_colours[0]);
			}
		}
		fputs("</g>\n", fp);
	}
	if (pooled == pooled) {
		fprintf(fp, "<g class=\"pooled\" data-value=\"");
		ts_json_num(fp, pooled);
		fprintf(fp, "\">\n<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
		    "stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>\n",
		    at(&x, pooled), top - 4, at(&x, pooled), bottom, ts_plot_colours[1]);
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" text-anchor=\"middle\" "
		    "fill=\"%s\">all: %.2f%%</text>\n</g>\n", at(&x, pooled), top - 8,
		    PLOT_FONT_SMALL, ts_plot_colours[1], pooled * 100);
	}
	ts_plot_foot(fp, r, style, notes, nnotes, TS_PLOT_WIDTH, (double)height - 8);
	fputs("</svg>\n", fp);
	free(rows);
	return ferror(fp) ? -1 : 0;
}

/* The labels of a funnel's flagged points, placed so that none covers
 * another: each tries the right of its point, then the left, then a line
 * up or down, and so on; it keeps the first place that is free, or the
 * last it tried. */
struct box {
	double x0, x1, y0, y1;
};

struct labels {
	struct box placed[2 * TS_PLOT_MAX_ROWS];   /* the points, then the labels */
	size_t n;
};

static int
overlaps(const struct labels *l, const struct box *b)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (b->x0 < l->placed[i].x1 && l->placed[i].x0 < b->x1 &&
		    b->y0 < l->placed[i].y1 && l->placed[i].y0 < b->y1)
			return 1;
	return 0;
}

static void
place_label(FILE *fp, struct labels *l, const char *text, double cx, double cy,
    double left, double right)
{
	static const double shift[] = { 0, -13, 13, -26, 26, -39, 39 };
	size_t cps = 0, k;
	const unsigned char *p;
	double w, lx = cx + 8, ly = cy + 4;
	struct box b = { 0, 0, 0, 0 };
	int anchor_end = 0;

	for (p = (const unsigned char *)text; *p && cps < 24; p++)
		cps += (*p & 0xc0) != 0x80;
	w = 6.6 * (double)cps + 2;
	for (k = 0; k < 2 * sizeof shift / sizeof shift[0]; k++) {
		int end = (int)(k % 2);
		lx = end ? cx - 8 : cx + 8;
		ly = cy + 4 + shift[k / 2];
		if ((!end && lx + w > right + 150) || (end && lx - w < left))
			continue;
		b.x0 = end ? lx - w : lx;
		b.x1 = end ? lx : lx + w;
		b.y0 = ly - 10;
		b.y1 = ly + 2;
		anchor_end = end;
		if (!overlaps(l, &b))
			break;
	}
	if (l->n < 2 * TS_PLOT_MAX_ROWS)
		l->placed[l->n++] = b;
	/* Moved off its point's line: a leader says whose label it is. */
	if (ly != cy + 4)
		fprintf(fp, "<line class=\"leader\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
		    "y2=\"%.2f\" stroke=\"#888888\" stroke-width=\"0.8\"/>\n", cx, cy,
		    anchor_end ? lx + 1 : lx - 1, ly - 4);
	fprintf(fp, "<text class=\"label\" x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" "
	    "fill=\"#333333\"%s>", lx, ly, PLOT_FONT_SMALL,
	    anchor_end ? " text-anchor=\"end\"" : "");
	ts_plot_xml_text(fp, text, 24);
	fputs("</text>\n", fp);
}

/* The funnel. */
#define FUNNEL_LEFT    86.0
#define FUNNEL_RIGHT   640.0
#define FUNNEL_TOP     80.0
#define FUNNEL_BOTTOM  400.0
#define FUNNEL_STEPS   160

/* A round axis for counts 0..hi. */
static void
count_axis(double hi, double *top, double *step)
{
	double mag, f;

	if (!(hi > 0))
		hi = 1;
	mag = pow(10, floor(log10(hi / 5)));
	f = hi / 5 / mag;
	*step = mag * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10);
	if (*step < 1)
		*step = 1;
	*top = ceil(hi / *step - 1e-9) * *step;
}

/* The funnel's limits: binomial, or widened for the over-dispersion the
 * report finds among the same groups (used is TS_DISPERSION_NONE unless
 * the dispersion is significant), so that the chart flags the groups the
 * report's outlier list names (docs/methods.md, "Funnel limits"). */
struct funnel {
	double pooled;
	enum ts_dispersion used;
	struct ts_dispersion_fit fit;
};

/* The limits at n trials, as rates; -1 when there are none. */
static int
funnel_limits(const struct funnel *f, double n, double limit, double *lo, double *hi)
{
	if (f->used == TS_DISPERSION_NONE)
		return ts_stats_funnel_limits((int64_t)n, f->pooled, limit, lo, hi);
	ts_stats_funnel_check(0, (int64_t)n, f->pooled, limit, f->used, &f->fit, lo, hi);
	return *lo == *lo ? 0 : -1;
}

/* Whether k of n lies outside the limits. */
static int
funnel_flag(const struct funnel *f, int64_t k, int64_t n, double limit)
{
	double lo, hi;

	if (f->used == TS_DISPERSION_NONE)
		return ts_stats_funnel(k, n, f->pooled, limit) != 0;
	return ts_stats_funnel_check(k, n, f->pooled, limit, f->used, &f->fit, &lo, &hi) != 0;
}

/* One limit curve, from n0 to n1 trials, clipped to the frame. */
static void
limit_path(FILE *fp, const struct scale *x, const struct scale *y, const struct funnel *f,
    double limit, int upper, double n0, double n1, const char *dash)
{
	int i, pen = 0;

	fprintf(fp, "<path class=\"limit\" data-limit=\"%g\" data-side=\"%s\" fill=\"none\" "
	    "stroke=\"#555555\" stroke-width=\"1.2\"%s%s%s d=\"", limit, upper ? "high" : "low",
	    *dash ? " stroke-dasharray=\"" : "", dash, *dash ? "\"" : "");
	for (i = 0; i <= FUNNEL_STEPS; i++) {
		/* Closer steps where the curve bends, at small n. */
		double t = (double)i / FUNNEL_STEPS;
		double n = floor(n0 + (n1 - n0) * t * t + 0.5), lo, hi, v;
		if (n < 1 || funnel_limits(f, n, limit, &lo, &hi) != 0)
			continue;
		v = upper ? hi : lo;
		if (v > y->hi)
			v = y->hi;
		/* A limit below the axis is not drawn along it. */
		if (v < y->lo) {
			pen = 0;
			continue;
		}
		fprintf(fp, "%s%.2f %.2f", pen ? " L" : "M", at(x, n), at(y, v));
		pen = 1;
	}
	fputs("\"/>\n", fp);
}

static int
write_funnel(FILE *fp, const struct ts_result *r, const struct ts_plot_style *style)
{
	enum ts_rate_kind rk = ts_plot_rate(r);
	struct scale x, y;
	char title[256], sub[200], label[128], extra[448], a[32], b[32], c[32], d[32];
	char nbuf[3][256];
	const char *notes[3];
	size_t i, nnotes = 0, alerts = 0, alarms = 0, drawn = 0;
	int64_t pk, pn;
	double pooled = pooled_rate(r, rk, &pk, &pn), nmax = 0, nmin = INFINITY, vmax = 0;
	int height;
	struct labels *placed = calloc(1, sizeof *placed);
	int64_t *ks = malloc((r->ngroups + 1) * sizeof *ks);
	int64_t *ns = malloc((r->ngroups + 1) * sizeof *ns);
	struct funnel fn;

	if (placed == NULL || ks == NULL || ns == NULL) {
		free(placed);
		free(ks);
		free(ns);
		return -1;
	}
	for (i = 0; i < r->ngroups; i++) {
		const struct ts_group *g = &r->groups[i];
		double n = (double)ts_group_pair(g, rk, 1);
		if (!ts_plot_drawable(r, g, rk) || ts_group_pair(g, rk, 1) == TS_MISSING)
			continue;
		ks[drawn] = ts_group_pair(g, rk, 0);
		ns[drawn] = ts_group_pair(g, rk, 1);
		drawn++;
		if (n > nmax)
			nmax = n;
		if (n < nmin)
			nmin = n;
		if (ts_result_rate(r, g, rk).ci.value > vmax)
			vmax = ts_result_rate(r, g, rk).ci.value;
	}
	fn.pooled = pooled;
	fn.used = TS_DISPERSION_NONE;
	if (ts_stats_dispersion(drawn, ks, ns, &fn.fit) == 0 && fn.fit.significant)
		fn.used = r->opt.dispersion;
	free(ks);
	free(ns);
	x.lo = 0;
	count_axis(nmax * 1.05, &x.hi, &x.step);
	x.p0 = FUNNEL_LEFT;
	x.p1 = FUNNEL_RIGHT;
	/* High enough for every point and the narrow limits at the smallest
	 * group, at most 100%. */
	if (pooled == pooled && nmin >= 1) {
		double lo, hi;
		if (funnel_limits(&fn, nmin, TS_FUNNEL_WIDE, &lo, &hi) == 0 && hi > vmax)
			vmax = hi;
	}
	y.lo = 0;
	ts_plot_axis(vmax > 1 ? 1 : vmax, &y.hi, &y.step);
	y.p0 = FUNNEL_BOTTOM;
	y.p1 = FUNNEL_TOP;

	if (rk == TS_RATE_PER_PROSECUTION)
		snprintf(nbuf[nnotes++], 256, "%s", _("The input counts no investigations: the rate is "
		    "convictions per prosecution, against prosecutions."));
	if (fn.used == TS_DISPERSION_NONE)
		snprintf(nbuf[nnotes++], 256, _("Limits: binomial, around the rate of all %zu groups "
		    "drawn (%lld/%lld); a group outside the 95%% limits is an alert, outside the "
		    "99.8%% limits an alarm."), drawn, (long long)pk, (long long)pn);
	else if (fn.used == TS_DISPERSION_MULTIPLICATIVE)
		snprintf(nbuf[nnotes++], 256, _("Limits: around the rate of all %zu groups drawn "
		    "(%lld/%lld), widened for over-dispersion (variance times %.2f; --dispersion "
		    "none for binomial limits); outside 95%%: an alert, outside 99.8%%: an alarm."),
		    drawn, (long long)pk, (long long)pn, fn.fit.phi);
	else
		snprintf(nbuf[nnotes++], 256, _("Limits: around the rate of all %zu groups drawn "
		    "(%lld/%lld), widened for over-dispersion (between-group variance %.3g added; "
		    "--dispersion none for binomial limits); outside 95%%: an alert, outside 99.8%%: "
		    "an alarm."), drawn, (long long)pk, (long long)pn, fn.fit.tau2);
	for (i = 0; i < nnotes; i++)
		notes[i] = nbuf[i];
	height = (int)ceil(FUNNEL_BOTTOM + 52 + PLOT_FOOT_LINE *
	    (double)ts_plot_foot_lines(r, style, notes, nnotes, TS_PLOT_WIDTH) + 8);
	ts_num_text(x.hi, a, sizeof a);
	ts_num_text(y.hi, b, sizeof b);
	ts_num_text(pooled, c, sizeof c);
	ts_num_text(y.lo, d, sizeof d);
	snprintf(extra, sizeof extra, "data-rate=\"%s\" data-chart=\"funnel\" "
	    "data-x-zero=\"%.2f\" data-x-top=\"%.2f\" data-x-max=\"%s\" data-y-zero=\"%.2f\" "
	    "data-y-top=\"%.2f\" data-y-min=\"%s\" data-y-max=\"%s\" data-pooled=\"%s\" "
	    "data-dispersion=\"%s\"", ts_rate_name(rk), x.p0, x.p1, a, y.p0, y.p1, d, b, c,
	    fn.used == TS_DISPERSION_NONE ? "none" : fn.used == TS_DISPERSION_ADDITIVE ?
	    "additive" : "multiplicative");
	ts_plot_open(fp, TS_PLOT_WIDTH, height, extra);
	/* TRANSLATORS: "Conviction rate against investigations, by
	 * jurisdiction"; the last %s is a field name, not translated. */
	snprintf(title, sizeof title, _("%s against %s, by %s"), ts_plot_rate_title(rk),
	    rk == TS_RATE_PER_PROSECUTION ? _("prosecutions") : _("investigations"),
	    r->opt.by[0].name);
	snprintf(sub, sizeof sub, _("Each point a %s; the funnel: 95%% and 99.8%% control "
	    "limits around the pooled rate%s"), r->opt.by[0].name,
	    fn.used == TS_DISPERSION_NONE ? "" : _(", allowing for over-dispersion"));
	ts_plot_head(fp, style, title, sub);

	/* Grid and axes. */
	fprintf(fp, "<g class=\"grid\" font-size=\"%d\" fill=\"#333333\">\n", PLOT_FONT_SMALL);
	for (i = 0; y.lo + (double)i * y.step <= y.hi + y.step * 1e-6; i++) {
		double v = y.lo + (double)i * y.step;
		ts_plot_tick(v, y.step, a, sizeof a);
		fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\"/>\n"
		    "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%s</text>\n", x.p0, at(&y, v),
		    x.p1, at(&y, v), i == 0 ? "#333333" : "#e4e4e4", x.p0 - 6, at(&y, v) + 4, a);
	}
	for (i = 0; x.lo + (double)i * x.step <= x.hi + x.step * 1e-6; i++) {
		double v = x.lo + (double)i * x.step;
		fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\"/>\n"
		    "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">%.0f</text>\n", at(&x, v),
		    y.p1, at(&x, v), y.p0, i == 0 ? "#333333" : "#e4e4e4", at(&x, v), y.p0 + 16, v);
	}
	fputs("</g>\n", fp);
	fprintf(fp, "<text class=\"x-label\" x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" "
	    "text-anchor=\"middle\">%s</text>\n", (x.p0 + x.p1) / 2, y.p0 + 36, PLOT_FONT_LABEL,
	    rk == TS_RATE_PER_PROSECUTION ? "Prosecutions" : "Investigations");
	fprintf(fp, "<text class=\"y-label\" x=\"16\" y=\"%.2f\" font-size=\"%d\" "
	    "text-anchor=\"middle\" transform=\"rotate(-90 16 %.2f)\">%s</text>\n",
	    (y.p0 + y.p1) / 2, PLOT_FONT_LABEL, (y.p0 + y.p1) / 2, ts_plot_rate_title(rk));

	if (pooled == pooled) {
		double n0 = nmin < 1 ? 1 : nmin / 2 < 1 ? 1 : nmin / 2;
		limit_path(fp, &x, &y, &fn, TS_FUNNEL_NARROW, 0, n0, x.hi, "4 3");
		limit_path(fp, &x, &y, &fn, TS_FUNNEL_NARROW, 1, n0, x.hi, "4 3");
		limit_path(fp, &x, &y, &fn, TS_FUNNEL_WIDE, 0, n0, x.hi, "");
		limit_path(fp, &x, &y, &fn, TS_FUNNEL_WIDE, 1, n0, x.hi, "");
		fprintf(fp, "<line class=\"pooled\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
		    "stroke=\"%s\" stroke-width=\"1.5\"/>\n", x.p0, at(&y, pooled), x.p1,
		    at(&y, pooled), ts_plot_colours[1]);
	}
	for (i = 0; i < r->ngroups; i++) {
		const struct ts_group *g = &r->groups[i];
		int64_t k = ts_group_pair(g, rk, 0), n = ts_group_pair(g, rk, 1);
		const char *flag = "", *colour = ts_plot_colours[0];
		double cx, cy, rv;
		if (!ts_plot_drawable(r, g, rk) || n == TS_MISSING)
			continue;
		if (pooled == pooled && funnel_flag(&fn, k, n, TS_FUNNEL_WIDE)) {
			flag = "alarm";
			colour = ts_plot_colours[1];
			alarms++;
		} else if (pooled == pooled && funnel_flag(&fn, k, n, TS_FUNNEL_NARROW)) {
			flag = "alert";
			colour = ts_plot_colours[4];
			alerts++;
		}
		cx = at(&x, (double)n);
		rv = ts_result_rate(r, g, rk).ci.value;
		cy = at(&y, rv > y.hi ? y.hi : rv);
		group_label(r, g, label, sizeof label);
		fputs("<g class=\"point\" data-key=\"", fp);
		ts_plot_xml_text(fp, label, 200);
		fprintf(fp, "\" data-flag=\"%s\"", flag);
		ts_plot_point_data(fp, r, g, rk);
		fputs(">\n<title>", fp);
		ts_plot_xml_text(fp, label, 60);
		fputs(": ", fp);
		ts_plot_point_title(fp, r, g, rk);
		fprintf(fp, "</title>\n<circle cx=\"%.2f\" cy=\"%.2f\" r=\"4.5\" fill=\"%s\" "
		    "fill-opacity=\"0.85\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n", cx, cy, colour);
		fputs("</g>\n", fp);
		/* Labels keep clear of every point. */
		placed->placed[placed->n].x0 = cx - 5;
		placed->placed[placed->n].x1 = cx + 5;
		placed->placed[placed->n].y0 = cy - 5;
		placed->placed[placed->n++].y1 = cy + 5;
	}
	/* The flagged groups named, over the points. */
	fputs("<g class=\"labels\">\n", fp);
	for (i = 0; i < r->ngroups; i++) {
		const struct ts_group *g = &r->groups[i];
		int64_t k = ts_group_pair(g, rk, 0), n = ts_group_pair(g, rk, 1);
		double rv;
		if (!ts_plot_drawable(r, g, rk) || n == TS_MISSING || !(pooled == pooled) ||
		    !funnel_flag(&fn, k, n, TS_FUNNEL_NARROW))
			continue;
		rv = ts_result_rate(r, g, rk).ci.value;
		group_label(r, g, label, sizeof label);
		place_label(fp, placed, label, at(&x, (double)n),
		    at(&y, rv > y.hi ? y.hi : rv), x.p0, x.p1);
	}
	fputs("</g>\n", fp);
	/* The key, right of the frame. */
	fprintf(fp, "<g class=\"legend\" font-size=\"%d\">\n", PLOT_FONT_SMALL);
	fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
	    "stroke-width=\"1.5\"/>\n<text x=\"%.1f\" y=\"%.1f\">pooled rate %.2f%%</text>\n",
	    FUNNEL_RIGHT + 14, FUNNEL_TOP + 4, FUNNEL_RIGHT + 34, FUNNEL_TOP + 4,
	    ts_plot_colours[1], FUNNEL_RIGHT + 40, FUNNEL_TOP + 8, pooled * 100);
	fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555555\" "
	    "stroke-dasharray=\"4 3\"/>\n<text x=\"%.1f\" y=\"%.1f\">95%% limits</text>\n",
	    FUNNEL_RIGHT + 14, FUNNEL_TOP + 24, FUNNEL_RIGHT + 34, FUNNEL_TOP + 24,
	    FUNNEL_RIGHT + 40, FUNNEL_TOP + 28);
	fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555555\"/>\n"
	    "<text x=\"%.1f\" y=\"%.1f\">99.8%% limits</text>\n",
	    FUNNEL_RIGHT + 14, FUNNEL_TOP + 44, FUNNEL_RIGHT + 34, FUNNEL_TOP + 44,
	    FUNNEL_RIGHT + 40, FUNNEL_TOP + 48);
	fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\"/>\n<text x=\"%.1f\" "
	    "y=\"%.1f\">alert: %zu</text>\n", FUNNEL_RIGHT + 24, FUNNEL_TOP + 64,
	    ts_plot_colours[4], FUNNEL_RIGHT + 40, FUNNEL_TOP + 68, alerts);
	fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\"/>\n<text x=\"%.1f\" "
	    "y=\"%.1f\">alarm: %zu</text>\n</g>\n", FUNNEL_RIGHT + 24, FUNNEL_TOP + 84,
	    ts_plot_colours[1], FUNNEL_RIGHT + 40, FUNNEL_TOP + 88, alarms);
	ts_plot_foot(fp, r, style, notes, nnotes, TS_PLOT_WIDTH, (double)height - 8);
	fputs("</svg>\n", fp);
	free(placed);
	return ferror(fp) ? -1 : 0;
}

int
ts_plot_write_groups(FILE *fp, const struct ts_result *r, const struct ts_plot_style *style)
{
	if (style && style->funnel)
		return write_funnel(fp, r, style);
	return write_forest(fp, r, style);
}
