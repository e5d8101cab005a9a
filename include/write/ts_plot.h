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
#define TS_PLOT_MAX_SERIES 8

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

/* Checks that r can be drawn: the first --by entry a year, quarter or month,
 * at most one more entry with at most TS_PLOT_MAX_SERIES values, and at
 * least one period with a rate.  Returns 0, or TS_EUSAGE / TS_EDATA with
 * err set.  Call it before opening the output, so that nothing is written
 * for a chart that cannot be drawn. */
int ts_plot_check(const struct ts_result *r, struct ts_error *err);

/* Writes the chart of r (checked with ts_plot_check) as a standalone SVG
 * document of TS_PLOT_WIDTH x TS_PLOT_HEIGHT.  Every point carries its
 * figures as data-* attributes (data-k, data-n, data-value, data-low,
 * data-high: the same doubles as the JSON report) and the root element the
 * y scale (data-y-zero, data-y-top, data-y-max), so that tests and scripts
 * can check what is drawn.  Returns 0, or -1 when writing failed. */
int ts_plot_write_svg(FILE *fp, const struct ts_result *r);

/* Writes one line per series, "Conviction rate by year, 2003-2023: ▂▃▅▇"
 * with the lowest and highest rate, when the first --by entry is a year,
 * quarter or month and there are at least two periods; writes nothing
 * otherwise.  Unicode blocks, or ASCII digits 0-9 when ascii is set.
 * Returns 0, or -1 when writing failed. */
int ts_sparkline_write(FILE *fp, const struct ts_result *r, int ascii);

#endif
