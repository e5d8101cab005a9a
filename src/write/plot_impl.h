/* plot_impl.h — what the charts of src/write/plot_*.c share: XML text,
 * axis steps, the frame of titles, source and notes.  Private to the
 * chart files. */
#ifndef TS_PLOT_IMPL_H
#define TS_PLOT_IMPL_H

#include <stdio.h>

#include "ts_plot.h"
#include "ts_i18n.h"

/* Text sizes in SVG user units: nothing smaller than SMALL at the default
 * width, so that the chart stays legible when printed or scaled down. */
#define PLOT_FONT_SMALL  11
#define PLOT_FONT_LABEL  12
#define PLOT_FONT_TITLE  18
#define PLOT_MARGIN      20.0

/* Okabe-Ito colours: told apart with the common colour blindnesses and
 * distinct in greyscale print for the first few. */
extern const char *const ts_plot_colours[TS_PLOT_MAX_SERIES];

/* Writes s as XML character data: unsafe characters escaped by the one
 * policy (ts_cell_clean: controls and bytes that are not UTF-8 as \xHH;
 * U+FFFE and U+FFFF, which XML 1.0 forbids, and the bidirectional
 * controls as \uHHHH), then markup characters as entities.  At most max
 * code points, then "…". */
void ts_plot_xml_text(FILE *fp, const char *s, size_t max);

/* A round axis: the step and the top (a multiple of the step at or above
 * hi) for values from 0 to hi, about six steps. */
void ts_plot_axis(double hi, double *top, double *step);

/* A percentage with as many decimals as the step needs ("12.5%"). */
void ts_plot_tick(double v, double step, char *buf, size_t size);

/* The rate a chart shows as a title phrase ("Conviction rate"). */
const char *ts_plot_rate_title(enum ts_rate_kind rk);

/* The SVG root element of a width x height chart, with a white ground;
 * the caller adds its own data-* attributes through extra (may be ""). */
void ts_plot_open(FILE *fp, int width, int height, const char *extra);

/* The title and subtitle lines at the top: style's, or the defaults
 * given.  Returns the y below them. */
double ts_plot_head(FILE *fp, const struct ts_plot_style *style,
    const char *title, const char *subtitle);

/* The number of lines ts_plot_foot() writes under a chart of the given
 * width (source, then each note), so that the caller can size it. */
size_t ts_plot_foot_lines(const struct ts_result *r, const struct ts_plot_style *style,
    const char *const *notes, size_t nnotes, int width);

/* The source line (style->source, else the data's source column when
 * it has one; never a file path) and the notes, wrapped to width, ending
 * at y bottom.  Returns nothing; the lines are class "source" and
 * "note". */
void ts_plot_foot(FILE *fp, const struct ts_result *r, const struct ts_plot_style *style,
    const char *const *notes, size_t nnotes, int width, double bottom);

/* A count as the other formats show it: "<N" below the --suppress
 * threshold, "withheld" when it would reveal such a count, a dash when
 * missing.  ts_plot_count() writes it as XML text, ts_plot_count_text()
 * as plain text into buf. */
void ts_plot_count(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    enum ts_count c);
void ts_plot_count_text(const struct ts_result *r, const struct ts_group *g,
    enum ts_count c, char *buf, size_t size);

/* 1 when group g of r has rate rk to draw: defined, and not withheld
 * by --suppress. */
int ts_plot_drawable(const struct ts_result *r, const struct ts_group *g,
    enum ts_rate_kind rk);

/* The attributes data-k, data-n, data-value and (with an interval)
 * data-low and data-high of a point, each with a leading space. */
void ts_plot_point_data(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    enum ts_rate_kind rk);

/* "k/n = 8.30% (5.38%–12.59%)": a point's tooltip and accessible name. */
void ts_plot_point_title(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    enum ts_rate_kind rk);

/* Line height of the foot's lines. */
#define PLOT_FOOT_LINE 15.0

#endif
