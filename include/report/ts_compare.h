/* ts_compare.h — comparisons between the groups of a report.
 *
 * When --by includes a period field (year, quarter, month), the groups of
 * each combination of the other --by fields (a stratum) are compared in
 * period order: the difference between successive periods (Newcombe's
 * hybrid score interval, z-test or Fisher's exact test), the
 * Cochran-Armitage trend test across them, the chi-square test of
 * homogeneity, and the funnel outliers.  Without a period field the groups
 * form one stratum with homogeneity and funnel outliers only.  The measure
 * is the conviction rate; groups without one (counts missing, no
 * investigations, or more convictions than investigations) are left out.
 *
 * For case lists it also computes the cohort figures of every group (cases
 * still open, days from opening to conviction) on the cohort basis, and on
 * the period basis marks the conviction rates as ratios of different cases.
 */
#ifndef TS_COMPARE_H
#define TS_COMPARE_H

#include <stdio.h>

#include "ts_error.h"
#include "ts_report.h"
#include "ts_stats.h"

enum ts_cmp_kind {
	TS_CMP_DIFFERENCE,
	TS_CMP_TREND,
	TS_CMP_HOMOGENEITY,
	TS_CMP_OUTLIER,
};

/* The funnel limits checked, widest first. */
#define TS_FUNNEL_WIDE 0.998
#define TS_FUNNEL_NARROW 0.95

struct ts_cmp {
	enum ts_cmp_kind kind;
	size_t group;            /* a group of the stratum (the outlier; the
	                            "to" group of a difference) */
	size_t from;             /* DIFFERENCE: the earlier group */
	size_t ngroups;          /* TREND, HOMOGENEITY: groups compared */
	size_t first, last;      /* TREND, HOMOGENEITY: first and last group */
	struct ts_interval diff; /* DIFFERENCE: to - from, at --level */
	int fisher;              /* DIFFERENCE: 1 Fisher, 0 z-test */
	double p_value;          /* NaN when undefined */
	struct ts_chisq chisq;   /* TREND, HOMOGENEITY */
	double limit;            /* OUTLIER: 0.95 or 0.998 */
	int side;                /* OUTLIER: -1 low, +1 high */
	double pooled;           /* OUTLIER: the stratum's pooled rate */
};

struct ts_comparisons {
	struct ts_cmp *items;
	size_t count, cap;
	int by_period;           /* the by-index of the period field, or -1 */
	int cases;               /* some input is a case list */
	int period_basis;        /* case lists on --basis period, by period */
	struct ts_cohort *cohorts;   /* cohort basis: one per group, then the
	                                total; NULL otherwise */
};

/* Computes the comparisons of r (whose groups and rates are built) and
 * adds a warning to r->diags for every rate that is a period ratio (its
 * numerator exceeds its denominator).  *out is owned by the caller
 * (ts_compare_free).  Returns 0, or TS_EIO with err set (out of memory). */
int ts_compare_build(struct ts_result *r, struct ts_comparisons **out,
    struct ts_error *err);

void ts_compare_free(struct ts_comparisons *c);

/* Writes the value of the JSON "comparisons" member (an array). */
void ts_compare_write_json(FILE *fp, const struct ts_result *r);

/* Writes the text report's comparison section, the attrition funnel (when
 * prosecutions are present) and the note on period data. */
void ts_compare_write_text(FILE *fp, const struct ts_result *r);

#endif
