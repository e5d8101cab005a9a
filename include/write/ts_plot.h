/* ts_plot.h — pictures of a report: the SVG chart of `tracestat plot` and
 * the sparkline under the text report.
 *
 * Both draw one rate per period from a struct ts_result built with the
 * first --by entry a period (year, quarter or month) and, for the chart,
 * an optional second entry whose values become the series.  Both write to
 * a FILE * they are given and do nothing else.
 */
#ifndef TS_PLOT_H
#define TS_PLOT_H

#include <stdio.h>

#include "ts_error.h"
#include "ts_report.h"

#define TS_PLOT_WIDTH      800
#define TS_PLOT_HEIGHT     450
#define TS_PLOT_MAX_SERIES 8     /* series in one panel; more: small multiples */
#define TS_PLOT_MAX_PANELS 64
#define TS_PLOT_MAX_ROWS   200   /* groups in a forest or funnel plot */

/* The order of the rows of a forest plot (--sort). */
enum ts_plot_sort {
	TS_PLOT_SORT_RATE,      /* highest rate first (the default) */
	TS_PLOT_SORT_KEY,       /* as the report orders the groups */
	TS_PLOT_SORT_COUNT,     /* largest denominator first */
};

/* What the user says of a chart beyond the data: its words and its form.
 * NULL strings take the defaults (title and subtitle from the figures,
 * the source from the data's source column); "" leaves a line out. */
struct ts_plot_style {
	const char *title, *subtitle, *source, *note;
	int funnel;             /* --funnel: rate against investigations */
	int y_from_zero;        /* --y-from-zero: never zoom the rate axis */
	enum ts_plot_sort sort;
};

/* The rate a picture shows: the conviction rate when the input gives
 * investigations, else convictions per prosecution (published tables such
 * as the US TIP report count no investigations). */
enum ts_rate_kind ts_plot_rate(const struct ts_result *r);

/* The place of p on a time axis of the given precision (YEAR: the year,
 * QUARTER: 4 * year + quarter - 1, MONTH: 12 * year + month - 1).
 * Returns 0, or -1 when p is not a single period of that precision (a
 * range over several, or no period). */
int ts_plot_slot(const struct ts_period *p, enum ts_precision prec, long *out);

/* The distinct values of the second --by entry among the groups, sorted
 * like the report sorts them (by bytes); one id 0 when there is no second
 * entry.  *ids is owned by the caller (free).  Returns 0, or -1 when out
 * of memory. */
int ts_plot_series(const struct ts_result *r, uint32_t **ids, size_t *n);

/* The name of series id for a legend: the value, or "(none)" when the
 * records leave the field empty. */
const char *ts_plot_series_name(const struct ts_result *r, uint32_t id);

/* The first and last slot (ts_plot_slot) of the groups that have one.
 * Returns the number of such groups. */
size_t ts_plot_span(const struct ts_result *r, long *first, long *last);

/* Checks that r can be drawn, before the output is opened, so that
 * nothing is written for a chart that cannot be drawn:
 *  - the first --by entry a year, quarter or month, at most one more entry
 *    (the series: up to TS_PLOT_MAX_SERIES in one panel, up to
 *    TS_PLOT_MAX_PANELS as small multiples), and a period with a rate; or
 *  - one --by entry that is not a period (a forest plot, or with
 *    style->funnel a funnel plot), at most TS_PLOT_MAX_ROWS groups, one
 *    with a rate.
 * Returns 0, or TS_EUSAGE / TS_EDATA with err set. */
int ts_plot_check(const struct ts_result *r, const struct ts_plot_style *style,
    struct ts_error *err);

/* Writes the chart of r (checked with ts_plot_check) as a standalone SVG
 * document, TS_PLOT_WIDTH wide: the rate per period (one panel, or small
 * multiples), a forest plot, or a funnel plot.  Every point carries its
 * figures as data-* attributes (data-k, data-n, data-value, data-low,
 * data-high: the same doubles as the JSON report), and the element that
 * holds it the scale (data-y-zero, data-y-top, data-y-min, data-y-max for
 * a rate drawn upwards; data-x-zero, data-x-top, data-x-max for one drawn
 * across), so that tests and scripts can check what is drawn.  Returns 0,
 * or -1 when writing failed. */
int ts_plot_write_svg(FILE *fp, const struct ts_result *r,
    const struct ts_plot_style *style);

/* The forest and funnel plots of src/write/plot_groups.c, called by
 * ts_plot_write_svg() and ts_plot_check() for a --by that is not a
 * period. */
int ts_plot_check_groups(const struct ts_result *r, const struct ts_plot_style *style,
    struct ts_error *err);
int ts_plot_write_groups(FILE *fp, const struct ts_result *r,
    const struct ts_plot_style *style);

/* The formats of a chart: SVG, the drawing itself, and renderings of it. */
enum ts_plot_format {
	TS_PLOT_SVG,
	TS_PLOT_PNG,
	TS_PLOT_PDF,
};

/* Renders the SVG document svg[0..len) (a chart of ts_plot_write_svg) to
 * fp as PNG at dpi (96: one pixel per SVG unit) or as PDF (vector, 0.75
 * points per SVG unit; dpi unused), through librsvg and cairo.  Returns 0,
 * or TS_EIO with err set. */
int ts_plot_render(FILE *fp, const char *svg, size_t len, enum ts_plot_format format,
    double dpi, struct ts_error *err);

/* Writes one line per series, "Conviction rate by year, 2003-2023: ▂▃▅▇"
 * with the lowest and highest rate, when the first --by entry is a year,
 * quarter or month and there are at least two periods; writes nothing
 * otherwise.  Unicode blocks, or ASCII digits 0-9 when ascii is set.
 * Returns 0, or -1 when writing failed. */
int ts_sparkline_write(FILE *fp, const struct ts_result *r, int ascii);

#endif
