/* text.c — the report for people at a terminal.
 *
 * Every data value goes through ts_cell_clean() (no control character or
 * escape sequence from the input reaches the terminal) and is measured with
 * ts_cell_width() (columns line up with accented, wide and combining
 * characters).  Lines are built in memory so that none ends in spaces.
 */
#include <stdlib.h>
#include <string.h>

#include "ts_cell.h"
#include "ts_i18n.h"
#include "ts_compare.h"
#include "ts_layout_write.h"
#include "ts_plot.h"
#include "ts_input.h"
#include "ts_jsonout.h"
#include "ts_pct.h"
#include "ts_report.h"

#define BAR_CELLS 20

/* Starts a table row in the report before wrapping (wrap_lines): rows
 * are fitted, never wrapped.  Data values never hold it (ts_cell_clean). */
#define ROW_MARK '\001'

/* A line being built; on out of memory it stays short (ok = 0). */
struct line {
	char *s;
	size_t len, cap;
	int ok;
};

/* Appends n bytes of s, or n spaces when s is NULL. */
static void
put_n(struct line *l, const char *s, size_t n)
{
	if (!l->ok)
		return;
	if (ts_grow(&l->s, &l->cap, l->len + n + 1, 1) != 0) {
		l->ok = 0;
		return;
	}
	if (s)
		memcpy(l->s + l->len, s, n);
	else
		memset(l->s + l->len, ' ', n);
	l->len += n;
	l->s[l->len] = '\0';
}

static void
put(struct line *l, const char *s)
{
	put_n(l, s, strlen(s));
}

/* Writes the line without trailing spaces and empties it. */
static void
flush_line(FILE *fp, struct line *l, const char *on, const char *off)
{
	while (l->len > 0 && l->s[l->len - 1] == ' ')
		l->len--;
	if (l->len > 0) {
		l->s[l->len] = '\0';
		fprintf(fp, "%s%s%s", on, l->s, off);
	}
	putc('\n', fp);
	l->len = 0;
}

static void
pad(struct line *l, const char *s, size_t w, int right)
{
	size_t have = ts_cell_width(s);

	if (right && have < w)
		put_n(l, NULL, w - have);
	put(l, s);
	if (!right && have < w)
		put_n(l, NULL, w - have);
}

/* What a table shows; one table per rate, the counts with the first. */
enum col_kind { COL_KEY, COL_COUNT, COL_RATE, COL_CI, COL_BAR };
struct col {
	enum col_kind kind;
	int which;
	const char *title;
	size_t w;
	int right;
};

struct table {
	const struct ts_result *r;
	const struct ts_text_style *style;
	struct col cols[TS_MAX_BY + 8];
	size_t ncols;
	double scale;           /* the rate a full bar stands for */
	char ci_title[32];
	int short_ci;           /* the interval as "4.5-12.3", one decimal */
};

/* What print_table() shows of a rate's table, so that it fits the
 * terminal (docs/guide.md, "Reports that fit"). */
enum {
	SHOW_COUNTS = 1,        /* the count columns */
	SHOW_RATE = 2,          /* the rate and its interval */
	SHOW_BAR = 4,
	SHORT_CI = 8,
	MEASURE = 16,           /* print nothing, return the width */
	SHORT_TITLES = 32,      /* "Investig.", "Conv./prosec." */
};

static const char *
dash(const struct table *t)
{
	return t->style->ascii ? "-" : "\xe2\x80\x94";
}

static void
pct(double v, char *buf, size_t size)
{
	ts_pct_text(v, buf, size);
	ts_i18n_number(buf, size);
}

/* The bar of a rate: full up to the interval's low end, dark shade up to
 * the rate, light shade up to the high end; each cell is drawn by what its
 * midpoint falls in. */
static void
bar(const struct table *t, const struct ts_rate *rt, char *buf, size_t size)
{
	static const char *const uni[] = { "\xe2\x96\x88", "\xe2\x96\x93", "\xe2\x96\x91", " " };
	static const char *const asc[] = { "#", "=", "-", " " };
	const char *const *glyph = t->style->ascii ? asc : uni;
	double lo = rt->has_interval ? rt->ci.low : rt->ci.value;
	double hi = rt->has_interval ? rt->ci.high : rt->ci.value;
	size_t j, o = 0;

	buf[0] = '\0';
	for (j = 0; j < BAR_CELLS; j++) {
		double mid = (j + 0.5) * t->scale / BAR_CELLS;
		int g = mid < lo ? 0 : mid < rt->ci.value ? 1 : mid <= hi ? 2 : 3;
		o += (size_t)snprintf(buf + o, size - o, "%s", glyph[g]);
		if (o >= size)
			break;
	}
}

/* The rate group g shows for rate q: its own, or when it is a range of
 * censored counts (ts_report.h) one put together in *tmp, from the low
 * end's interval low to the high end's interval high, the value being the
 * high end (the bar shades up to it); NULL when there is none. */
static const struct ts_rate *
shown_rate(const struct ts_result *r, const struct ts_group *g, size_t q,
    struct ts_rate *tmp)
{
	const struct ts_range *x = ts_result_range(r, g);

	if (g->rate_hidden[q])
		return NULL;
	if (x == NULL || !(x->rates >> q & 1)) {
		*tmp = ts_result_rate(r, g, (enum ts_rate_kind)q);
		return tmp->defined ? tmp : NULL;
	}
	if (!x->low[q].defined)
		return NULL;
	*tmp = x->high[q];
	tmp->has_interval = x->low[q].has_interval && x->high[q].has_interval;
	if (tmp->has_interval)
		tmp->ci.low = x->low[q].ci.low;
	return tmp;
}

/* A range as text: lo, an en dash (or '-'), hi. */
static void
range_text(const struct table *t, const char *lo, const char *hi, char *buf,
    size_t size)
{
	const char *dash_s = t->style->ascii ? "-" : "\xe2\x80\x93";
	size_t a = strlen(lo), d = strlen(dash_s), b = strlen(hi);

	if (a + d + b >= size) {
		snprintf(buf, size, "%s%s%s", lo, dash_s, hi);
		return;
	}
	memcpy(buf, lo, a);
	memcpy(buf + a, dash_s, d);
	memcpy(buf + a + d, hi, b + 1);
}

/* The text of one cell, malloc'd (data values cleaned). */
static char *
cell(const struct table *t, const struct ts_group *g, const struct col *c)
{
	const struct ts_result *r = t->r;
	const struct ts_range *x = ts_result_range(r, g);
	const struct ts_rate *rt;
	struct ts_rate tmp;
	char buf[BAR_CELLS * 3 + 64], lo[32], hi[32];
	const char *s = buf;
	int ranged;

	buf[0] = '\0';
	switch (c->kind) {
	case COL_KEY:
		return ts_cell_clean(ts_report_key(r, g, (size_t)c->which, buf, sizeof buf), 0);
	case COL_COUNT:
		if (g->hidden[c->which] == TS_BELOW)
			snprintf(buf, sizeof buf, "<%lld", (long long)r->opt.suppress);
		else if (g->hidden[c->which] == TS_WITHHELD)
			s = _("withheld");
		else if (g->sum[c->which] == TS_MISSING)
			s = dash(t);
		else if (x && (x->counts >> c->which & 1)) {
			ts_int_text(g->sum[c->which], lo);
			ts_int_text(x->hi[c->which], hi);
			range_text(t, lo, hi, buf, sizeof buf);
		} else
			ts_int_text(g->sum[c->which], buf);
		break;
	default:
		rt = shown_rate(r, g, (size_t)c->which, &tmp);
		ranged = x && (x->rates >> c->which & 1);
		if (rt == NULL) {
			s = c->kind == COL_RATE ? dash(t) : "";
		} else if (c->kind == COL_RATE && ranged) {
			pct(x->low[c->which].ci.value, lo, sizeof lo);
			pct(x->high[c->which].ci.value, hi, sizeof hi);
			range_text(t, lo, hi, buf, sizeof buf);
		} else if (c->kind == COL_RATE) {
			pct(rt->ci.value, buf, sizeof buf);
		} else if (c->kind == COL_BAR) {
			bar(t, rt, buf, sizeof buf);
		} else if (!rt->has_interval) {
			s = _("(a ratio: no interval)");
		} else {
			if (t->short_ci) {
				snprintf(lo, sizeof lo, "%.1f", rt->ci.low * 100);
				snprintf(hi, sizeof hi, "%.1f", rt->ci.high * 100);
				ts_i18n_number(lo, sizeof lo);
				ts_i18n_number(hi, sizeof hi);
			} else {
				pct(rt->ci.low, lo, sizeof lo);
				pct(rt->ci.high, hi, sizeof hi);
			}
			range_text(t, lo, hi, buf, sizeof buf);
		}
		break;
	}
	return strdup(s);
}

static void
add(struct table *t, enum col_kind kind, int which, const char *title, int right)
{
	struct col *c = &t->cols[t->ncols++];

	c->kind = kind;
	c->which = which;
	c->title = title;
	c->right = right;
	c->w = 0;
}

/* The smallest of 1, 2, 5, 10, 20, 25, 50, 100 % that holds every bar;
 * 0 when no row has this rate. */
static double
bar_scale(const struct ts_result *r, int rate)
{
	static const double steps[] = { 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1 };
	double top = 0;
	size_t i;
	int any = 0;

	for (i = 0; i <= ts_result_nrows(r); i++) {
		const struct ts_group *g = ts_result_row(r, i);
		struct ts_rate tmp;
		const struct ts_rate *rt = shown_rate(r, g, (size_t)rate, &tmp);
		double v;
		if (rt == NULL)
			continue;
		v = rt->has_interval ? rt->ci.high : rt->ci.value;
		any = 1;
		if (v > top)
			top = v;
	}
	if (!any)
		return 0;
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (top <= steps[i])
			return steps[i];
	return 1;
}

/* Prints the table of one rate with what show asks (SHOW_*); returns
 * its width in cells (0 after MEASURE too), or -1 when out of memory. */
static long
print_table(FILE *fp, const struct ts_result *r, const struct ts_text_style *style,
    int rate, int show)
{
	static const char *const count_titles[] = {
		N_("Investigations"), N_("Prosecutions"), N_("Convictions"),
	};
	static const char *const rate_titles[] = {
		N_("Conviction rate"), N_("Prosecution rate"), N_("Convictions per prosecution"),
	};
	/* TRANSLATORS: short column titles, for a narrow terminal. */
	static const char *const count_short[] = { N_("Investig."), N_("Prosec."), N_("Convict.") };
	static const char *const rate_short[] = { N_("Conv. rate"), N_("Pros. rate"), N_("Conv./prosec.") };
	int brief = (show & SHORT_TITLES) != 0;
	struct table t;
	struct line l = { NULL, 0, 0, 1 };
	const char *bold = style->color ? "\033[1m" : "";
	const char *reset = style->color ? "\033[0m" : "";
	size_t i, k, w;
	char *s;

	memset(&t, 0, sizeof t);
	t.r = r;
	t.style = style;
	t.scale = bar_scale(r, rate);
	t.short_ci = (show & SHORT_CI) != 0;
	/* TRANSLATORS: the interval column's title, "95% CI"; the second %s
	 * is " (%)" or nothing. */
	snprintf(t.ci_title, sizeof t.ci_title, _("%g%% CI%s"), r->opt.level * 100,
	    t.short_ci ? " (%)" : "");
	ts_i18n_number(t.ci_title, sizeof t.ci_title);
	for (i = 0; i < r->opt.nby; i++)
		add(&t, COL_KEY, (int)i, ts_report_by_title(r, i), 0);
	if (r->opt.nby == 0)
		add(&t, COL_KEY, 0, "", 0);
	for (i = 0; (show & SHOW_COUNTS) && i < 3; i++)
		if (r->total.sum[i] != TS_MISSING || i != TS_PROSECUTIONS)
			add(&t, COL_COUNT, (int)i, _(brief ? count_short[i] : count_titles[i]), 1);
	if (show & SHOW_RATE) {
		add(&t, COL_RATE, rate, _(brief ? rate_short[rate] : rate_titles[rate]), 1);
		add(&t, COL_CI, rate, t.ci_title, 0);
	}
	if ((show & SHOW_RATE) && (show & SHOW_BAR))
		add(&t, COL_BAR, rate, "", 0);

	for (k = 0; k < t.ncols; k++) {
		struct col *c = &t.cols[k];
		if (c->kind == COL_KEY && r->opt.nby > 0)
			s = ts_cell_clean(c->title, 0);
		else
			s = strdup(c->title);
		if (s == NULL)
			return -1;
		c->w = ts_cell_width(s);
		free(s);
		for (i = 0; i <= ts_result_nrows(r); i++) {
			s = cell(&t, ts_result_row(r, i), c);
			if (s == NULL)
				return -1;
			w = ts_cell_width(s);
			if (w > c->w)
				c->w = w;
			free(s);
		}
	}
	if (show & MEASURE) {
		long width = 0;
		for (k = 0; k < t.ncols; k++)
			width += (long)t.cols[k].w + (k ? 2 : 0);
		return width;
	}
	for (k = 0; k < t.ncols; k++) {
		if (k)
			put(&l, "  ");
		s = t.cols[k].kind == COL_KEY ? ts_cell_clean(t.cols[k].title, 0) :
		    strdup(t.cols[k].title);
		if (s == NULL) {
			free(l.s);
			return -1;
		}
		pad(&l, s, t.cols[k].w, t.cols[k].right);
		free(s);
	}
	if (style->width > 0)
		putc(ROW_MARK, fp);
	flush_line(fp, &l, bold, reset);
	for (i = 0; i <= ts_result_nrows(r); i++) {
		for (k = 0; k < t.ncols; k++) {
			if (k)
				put(&l, "  ");
			s = cell(&t, ts_result_row(r, i), &t.cols[k]);
			if (s == NULL) {
				free(l.s);
				return -1;
			}
			pad(&l, s, t.cols[k].w, t.cols[k].right);
			free(s);
		}
		if (style->width > 0)
			putc(ROW_MARK, fp);
		flush_line(fp, &l, "", "");
	}
	if (!l.ok) {
		free(l.s);
		return -1;
	}
	free(l.s);
	if (!(show & SHOW_RATE))
		return 0;
	{
		char line[512], more[128] = "";
		/* TRANSLATORS: "Conviction rate = convictions / investigations,
		 * with a 95% Wilson score interval"; %g is the level, the last
		 * %s the method's name. */
		snprintf(line, sizeof line, _("%s = %s, with a %g%% %s interval"),
		    _(rate_titles[rate]),
		    rate == TS_RATE_CONVICTION ? _("convictions / investigations") :
		    rate == TS_RATE_PROSECUTION ? _("prosecutions / investigations") :
		    _("convictions / prosecutions"),
		    r->opt.level * 100, _(ts_stats_method_title(r->opt.method)));
		ts_i18n_number(line, sizeof line);
		if (t.scale > 0 && (show & SHOW_BAR)) {
			snprintf(more, sizeof more, _("; a full bar is %g%%"), t.scale * 100);
			ts_i18n_number(more, sizeof more);
		}
		fprintf(fp, "%s%s.\n", line, more);
	}
	return 0;
}

/* The first of tries[0..n) (each with base added) whose table fits
 * style->width, else the last. */
static int
first_fit(const struct ts_result *r, const struct ts_text_style *style, int rate,
    int base, const int *tries, size_t n)
{
	size_t i;
	long w;

	for (i = 0; i + 1 < n; i++) {
		if ((w = print_table(NULL, r, style, rate, base | tries[i] | MEASURE)) < 0)
			return -1;
		if (w <= style->width)
			break;
	}
	return base | tries[i];
}

/* The table of one rate, fitted to style->width (0: any width): with
 * bars; else without; else with a shorter interval column; else the
 * counts and the rate in two tables, with shorter titles if need be.  A
 * row is never wrapped.  *bars is set when the table has bars. */
static int
print_fitted(FILE *fp, const struct ts_result *r, const struct ts_text_style *style,
    int rate, int with_counts, int *bars)
{
	static const int whole[] = {
		SHOW_RATE | SHOW_BAR, SHOW_RATE, SHOW_RATE | SHORT_CI, 0,
	};
	static const int rate_only[] = {
		SHOW_RATE | SHOW_BAR, SHOW_RATE, SHOW_RATE | SHORT_CI,
		SHOW_RATE | SHORT_CI | SHORT_TITLES,
	};
	static const int counts_only[] = { SHOW_COUNTS, SHOW_COUNTS | SHORT_TITLES };
	int show = SHOW_RATE | SHOW_BAR | (with_counts ? SHOW_COUNTS : 0);

	if (style->width > 0 && !with_counts)
		show = first_fit(r, style, rate, 0, rate_only, 4);
	else if (style->width > 0)
		show = first_fit(r, style, rate, SHOW_COUNTS, whole, 4);
	if (show < 0)
		return -1;
	if (!(show & SHOW_RATE)) {
		/* Split: the counts, then the rate on its own. */
		if ((show = first_fit(r, style, rate, 0, counts_only, 2)) < 0 ||
		    print_table(fp, r, style, rate, show) < 0)
			return -1;
		putc('\n', fp);
		if ((show = first_fit(r, style, rate, 0, rate_only, 4)) < 0)
			return -1;
	}
	if (show & SHOW_BAR)
		*bars = 1;
	return print_table(fp, r, style, rate, show) < 0 ? -1 : 0;
}

static int
print_inputs(FILE *fp, const struct ts_result *r)
{
	size_t i;
	char *path, layout[512], rows[64];

	for (i = 0; i < ts_store_ninputs(r->st); i++) {
		const struct ts_input_info *in = ts_store_input_info_c(r->st, i);
		if ((path = ts_cell_clean(in->path, 0)) == NULL)
			return -1;
		ts_layout_text(&in->layout, layout, sizeof layout);
		snprintf(rows, sizeof rows, ngettext("%llu row", "%llu rows", in->rows),
		    (unsigned long long)in->rows);
		/* TRANSLATORS: "Read data/2014.csv: CSV, UTF-8, counts table,
		 * 1 row, 0 rejected"; the last %s is the layout or nothing. */
		fprintf(fp, _("Read %s: %s, %s, %s, %s, %llu rejected%s\n"),
		    strcmp(path, "-") == 0 ? _("standard input") : path,
		    strcmp(in->format, "csv") == 0 ? "CSV" : strcmp(in->format, "json") == 0 ?
		    "JSON" : strcmp(in->format, "ndjson") == 0 ? "NDJSON" : in->format,
		    in->encoding ? in->encoding : "UTF-8",
		    in->shape == TS_SHAPE_CASES ? _("case list") : _("counts table"),
		    rows, (unsigned long long)in->rejected, layout);
		if (in->layout.kind != TS_LAYOUT_PLAIN &&
		    ts_input_layout_describe(in, layout, sizeof layout))
			fprintf(fp, "  %s\n", layout);
		free(path);
	}
	return 0;
}

static void
print_filter(FILE *fp, const struct ts_result *r, const struct ts_text_style *style)
{
	char a[16], b[16], label[32];
	struct ts_period lo = r->opt.period, hi = r->opt.period;

	if (!r->opt.has_period)
		return;
	lo.hi = lo.lo;
	hi.lo = hi.hi;
	lo.precision = hi.precision = TS_PREC_DAY;
	ts_period_format(&lo, a, sizeof a);
	ts_period_format(&hi, b, sizeof b);
	ts_period_format(&r->opt.period, label, sizeof label);
	/* TRANSLATORS: "Period 2014: 2014-01-01 to 2014-12-31; 3 records
	 * outside it left out"; the last %s is ", none inside" or nothing. */
	fprintf(fp, ngettext("Period %s%s%s: %s to %s; %llu record outside it left out%s.\n",
	    "Period %s%s%s: %s to %s; %llu records outside it left out%s.\n",
	    r->outside_period),
	    r->opt.period_text, strcmp(label, r->opt.period_text) ? " = " : "",
	    strcmp(label, r->opt.period_text) ? label : "",
	    a, b, (unsigned long long)r->outside_period,
	    r->total.records == 0 ? _(", none inside") : "");
	(void)style;
}

#define MAX_SOURCES 20

/* One line per distinct source, in the order first seen; past
 * MAX_SOURCES only how many more (a table whose every row names its own
 * source would print as many lines as rows; JSON lists them all). */
static int
print_sources(FILE *fp, const struct ts_result *r)
{
	const struct ts_store *st = r->st;
	size_t k, len, n = ts_store_count(st), shown = 0;
	char *seen = calloc(ts_store_nstrings(st), 1);
	char *s;

	if (seen == NULL)
		return -1;
	for (k = 0; k < n && !ts_store_no_sources(st); k++) {
		uint32_t id = ts_store_source(st, k);
		if (id == 0 || seen[id])
			continue;
		seen[id] = 1;
		if (shown++ >= MAX_SOURCES)
			continue;
		if ((s = ts_cell_clean(ts_store_string(st, id), 0)) == NULL) {
			free(seen);
			return -1;
		}
		for (len = strlen(s); len > 0 && s[len - 1] == ' '; len--)
			s[len - 1] = '\0';
		fprintf(fp, _("Source: %s\n"), s);
		free(s);
	}
	free(seen);
	if (shown > MAX_SOURCES)
		fprintf(fp, _("%zu more sources: see --format json.\n"),
		    shown - MAX_SOURCES);
	return 0;
}

#define MAX_NOTES 20

/* One line per note (a verified total, the source counted for a revised
 * figure), under the table.  Returns -1 when out of memory. */
static int
print_notes(FILE *fp, const struct ts_result *r)
{
	const struct ts_diags *d = r->diags;
	const struct ts_input_info *in;
	char *path, *msg;
	size_t i, shown = 0;

	for (i = 0; d && i < d->count; i++) {
		if (d->items[i].kind != TS_DIAG_NOTE)
			continue;
		/* A table with a total per month would bury the report. */
		if (shown++ == MAX_NOTES) {
			fprintf(fp, _("%zu more notes: see --format json.\n"),
			    ts_diags_count(d, TS_DIAG_NOTE) - MAX_NOTES);
			break;
		}
		in = ts_store_input_info_c(r->st, d->items[i].input);
		path = ts_cell_clean(in ? in->path : "", 0);
		msg = ts_cell_clean(ts_diag_text(&d->items[i]), 0);
		if (path && msg && in == NULL)    /* about the report as a whole */
			fprintf(fp, _("Note: %s\n"), msg);
		else if (path && msg)
			fprintf(fp, _("Note: %s:%ld: %s\n"), strcmp(path, "-") == 0 ?
			    _("(stdin)") : path, d->items[i].line, msg);
		free(path);
		free(msg);
		if (path == NULL || msg == NULL)
			return -1;
	}
	return 0;
}

#define MAX_CHANGES 10

/* The codes of the warnings whose pass changed a figure of the table (a
 * row kept out, two groups made one, a cell left out), or that point at
 * a figure that may be doubled: docs/json.md. */
static int
changes_figures(const char *code)
{
	static const char *const codes[] = {
		"total_detected", "total_possible", "total_near_sum", "total_mismatch",
		"total_incomplete",
		"labels_folded", "labels_blank", "repeat_input", "revised", "unit_mismatch",
		"range_checked", "range_mismatch", "cell_rejected",
		"counts_never_meet",
	};
	size_t k;

	for (k = 0; code && k < sizeof codes / sizeof codes[0]; k++)
		if (strcmp(code, codes[k]) == 0)
			return 1;
	return 0;
}

/* Under the table, each warning that changed a figure, once, the first
 * MAX_CHANGES of them and a count of the rest: a reader of the text
 * report sees why a figure is not the naive sum.  Returns -1 when out of
 * memory. */
static int
print_changes(FILE *fp, const struct ts_result *r)
{
	const struct ts_diags *d = r->diags;
	const struct ts_input_info *in;
	char *path, *msg;
	size_t i, j, shown = 0, more = 0, listed[MAX_CHANGES];

	for (i = 0; d && i < d->count; i++) {
		if (d->items[i].kind != TS_DIAG_WARNING ||
		    d->items[i].input == TS_DIAG_NO_INPUT ||
		    !changes_figures(d->items[i].code))
			continue;
		for (j = 0; j < shown; j++)
			if (d->items[listed[j]].input == d->items[i].input &&
			    d->items[listed[j]].line == d->items[i].line &&
			    strcmp(d->items[listed[j]].message, d->items[i].message) == 0)
				break;
		if (j < shown)
			continue;       /* the same warning twice: once */
		if (shown == MAX_CHANGES) {
			more++;
			continue;
		}
		listed[shown++] = i;
		in = ts_store_input_info_c(r->st, d->items[i].input);
		path = ts_cell_clean(in ? in->path : "", 0);
		msg = ts_cell_clean(ts_diag_text(&d->items[i]), 0);
		if (path && msg)
			fprintf(fp, _("Warning: %s:%ld: %s\n"), strcmp(path, "-") == 0 ?
			    _("(stdin)") : path, d->items[i].line, msg);
		free(path);
		free(msg);
		if (path == NULL || msg == NULL)
			return -1;
	}
	if (more)
		fprintf(fp, ngettext("%zu more warning that changed a figure: run "
		    "'tracestat check' to list them.\n", "%zu more warnings that changed "
		    "a figure: run 'tracestat check' to list them.\n", more), more);
	return 0;
}

/* Prints the warnings about the report as a whole (they name no row, so
 * 'tracestat check' cannot list them) and counts the others in *nrows. */
static int
print_report_warnings(FILE *fp, const struct ts_result *r, size_t *nrows)
{
	const struct ts_diags *d = r->diags;
	char *msg;
	size_t i;

	*nrows = 0;
	for (i = 0; d && i < d->count; i++) {
		if (d->items[i].kind != TS_DIAG_WARNING)
			continue;
		if (d->items[i].input != TS_DIAG_NO_INPUT) {
			(*nrows)++;
			continue;
		}
		/* Tabs and line ends too: a CR in a quoted value would let it
		 * overwrite the line on a terminal (fuzz regression). */
		msg = ts_cell_clean(ts_diag_text(&d->items[i]), 0);
		if (msg == NULL)
			return -1;
		fprintf(fp, _("Warning: %s.\n"), msg);
		free(msg);
	}
	return 0;
}

/* Display cells of the UTF-8 sequence at s (len bytes); escape codes
 * (the title's bold) take none. */
static size_t
seq_width(const char *s, size_t len)
{
	char one[8];

	if (len >= sizeof one)
		return 1;
	memcpy(one, s, len);
	one[len] = '\0';
	return ts_cell_width(one);
}

/* Writes text[0..len) to fp with every line longer than width cells
 * broken at a space (continued two cells in), or where a word alone is
 * longer; lines that start with ROW_MARK are table rows, written whole. */
static void
wrap_lines(FILE *fp, const char *text, size_t len, size_t width)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		size_t indent = 0, lead = strspn(p, " ");

		if (*p == ROW_MARK) {
			fwrite(p + 1, 1, (size_t)(eol - p - 1), fp);
		} else {
			while (p < eol) {
				const char *q = p, *brk = NULL;
				size_t w = indent, n;
				while (q < eol) {
					if (*q == '\033') {
						q += strcspn(q, "m") + 1;
						continue;
					}
					n = ts_utf8_seq(q, (size_t)(eol - q));
					if (n == 0)
						n = 1;
					if (*q == ' ')
						brk = q;
					if (w + seq_width(q, n) > width)
						break;
					w += seq_width(q, n);
					q += n;
				}
				if (q >= eol) {
					fprintf(fp, "%*s", (int)indent, "");
					fwrite(p, 1, (size_t)(eol - p), fp);
					break;
				}
				if (brk == NULL || brk == p)
					brk = q;
				fprintf(fp, "%*s", (int)indent, "");
				fwrite(p, 1, (size_t)(brk - p), fp);
				putc('\n', fp);
				p = brk;
				while (p < eol && *p == ' ')
					p++;
				/* Continued two cells past the line's own indent. */
				indent = lead + 2 < width / 2 ? lead + 2 : 2;
			}
		}
		if (nl)
			putc('\n', fp);
		p = eol + 1;
	}
}

/* The count of warnings about rows, which 'tracestat check' lists. */
static void
rows_warning(FILE *fp, size_t nw)
{
	if (nw)
		fprintf(fp, ngettext("%zu warning about input rows: run 'tracestat check' "
		    "to list them.\n", "%zu warnings about input rows: run 'tracestat "
		    "check' to list them.\n", nw), nw);
}

static int write_text(FILE *fp, const struct ts_result *r,
    const struct ts_text_style *style);

int
ts_report_write_text(FILE *fp, const struct ts_result *r,
    const struct ts_text_style *style)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	int rc;

	if (style == NULL || style->width <= 0)
		return write_text(fp, r, style);
	/* Built whole, then wrapped: the sections need not know the width. */
	if ((mem = open_memstream(&buf, &len)) == NULL)
		return -1;
	rc = write_text(mem, r, style);
	if (fclose(mem) != 0 || rc != 0) {
		free(buf);
		return -1;
	}
	wrap_lines(fp, buf, len, (size_t)style->width);
	free(buf);
	return ferror(fp) ? -1 : 0;
}

static int
write_text(FILE *fp, const struct ts_result *r,
    const struct ts_text_style *style)
{
	static const struct ts_text_style plain = { 0, 0, 0, 0 };
	const char *bold, *reset;
	size_t nw;
	int k, bars = 0;
	unsigned sec;

	if (style == NULL)
		style = &plain;
	sec = style->sections ? style->sections : ~0u;
	bold = style->color ? "\033[1m" : "";
	reset = style->color ? "\033[0m" : "";
	fprintf(fp, "%s%s%s\n\n", bold, _("tracestat report: conviction rates"), reset);
	if (print_inputs(fp, r) != 0)
		return -1;
	print_filter(fp, r, style);
	putc('\n', fp);
	if (r->total.records == 0) {
		/* A table of dashes would look like a report of nothing
		 * found; say plainly that there was nothing to count. */
		uint64_t rejected = 0;
		size_t i;
		for (i = 0; r->st && i < ts_store_ninputs(r->st); i++)
			rejected += ts_store_input_info_c(r->st, i)->rejected;
		fprintf(fp, _("Nothing to report: %s.\n"), r->opt.has_period ?
		    _("no record falls inside the period") : rejected ?
		    _("every row was rejected") : _("the input holds no records"));
		if (print_report_warnings(fp, r, &nw) != 0)
			return -1;
		rows_warning(fp, nw);
		return ferror(fp) ? -1 : 0;
	}
	for (k = 0; (sec & TS_SECTION_TABLE) && k < TS_NRATES; k++) {
		if (k != TS_RATE_CONVICTION && r->total.sum[TS_PROSECUTIONS] == TS_MISSING)
			continue;
		if (k)
			putc('\n', fp);
		if (print_fitted(fp, r, style, k, k == TS_RATE_CONVICTION, &bars) != 0)
			return -1;
	}
	/* Sections computed from the groups (comparisons, tests) go here,
	 * one call each, after the tables and before the notes. */
	if ((sec & TS_SECTION_TABLE) && ts_sparkline_write(fp, r, style->ascii) != 0)
		return -1;
	ts_compare_write_sections(fp, r, sec);
	if (!(sec & TS_SECTION_NOTES))
		return ferror(fp) ? -1 : 0;
	putc('\n', fp);
	/* The legend only when a table kept its bars. */
	if (bars)
		fprintf(fp, _("Bars: %s up to the interval's low end, %s up to the rate, %s up to its high end.\n"),
		    style->ascii ? "#" : "\xe2\x96\x88", style->ascii ? "=" : "\xe2\x96\x93",
		    style->ascii ? "-" : "\xe2\x96\x91");
	if (ts_result_any_range(r))
		fprintf(fp, _("A range (%s) includes censored counts (<5): the figure lies in it; its interval\n"
		    "runs from the low end's lower limit to the high end's upper limit.\n"),
		    style->ascii ? "13-17" : "13\xe2\x80\x93" "17");
	if (r->opt.suppress > 0)
		fprintf(fp, _("Counts below %lld are shown as <%lld; counts and rates that would reveal them are withheld.\n"),
		    (long long)r->opt.suppress, (long long)r->opt.suppress);
	if (print_sources(fp, r) != 0 || print_notes(fp, r) != 0 ||
	    print_changes(fp, r) != 0)
		return -1;
	if (print_report_warnings(fp, r, &nw) != 0)
		return -1;
	rows_warning(fp, nw);
	if (r->opt.timestamp[0])
		fprintf(fp, _("Generated %s.\n"), r->opt.timestamp);
	return ferror(fp) ? -1 : 0;
}
