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
	TS_CMP_WITHHELD,         /* a stratum's tests, withheld (see reason) */
};

/* The funnel limits checked, widest first: outside the wide one is an
 * "alarm", outside only the narrow one an "alert". */
#define TS_FUNNEL_WIDE 0.998
#define TS_FUNNEL_NARROW 0.95

/* Why a stratum's tests are withheld. */
enum ts_withheld {
	TS_WITHHELD_OPEN_SHARES,     /* cohorts with different shares still open */
	TS_WITHHELD_NOT_OBSERVABLE,  /* --follow-up: fewer than two cohorts
	                                followed that long */
	TS_WITHHELD_CENSORED,        /* a group's rate is a range of censored
	                                counts (ncensored: how many) */
};

struct ts_cmp {
	enum ts_cmp_kind kind;
	size_t group;            /* a group of the stratum (the outlier; the
	                            "to" group of a difference) */
	size_t from;             /* DIFFERENCE: the earlier group */
	size_t ngroups;          /* TREND, HOMOGENEITY: groups compared */
	size_t first, last;      /* TREND, HOMOGENEITY: first and last group */
	size_t member0;          /* TREND, HOMOGENEITY: the groups compared are
	                            members[member0 .. member0 + ngroups) */
	struct ts_interval diff; /* DIFFERENCE: to - from, at --level */
	int fisher;              /* DIFFERENCE: 1 Fisher, 0 z-test */
	int dispersed;           /* DIFFERENCE, TREND: allows for over-dispersion */
	int exact;               /* TREND, HOMOGENEITY: the exact test */
	int too_big;             /* small counts, but the exact test would take
	                            too long: the chi-square test instead */
	double p_value;          /* raw; NaN when undefined */
	double p_adjusted;       /* --adjust within its kind; NaN as p_value */
	struct ts_chisq chisq;   /* TREND, HOMOGENEITY */
	int64_t gap;             /* DIFFERENCE: periods with no data between */
	int direction;           /* TREND: +1 rising, -1 falling, 0 neither
	                            (or the adjusted p not below 1 - level) */
	/* HOMOGENEITY: the stratum's dispersion and funnel flags. */
	int has_dispersion;
	struct ts_dispersion_fit disp;
	enum ts_dispersion disp_used;    /* NONE unless significant */
	size_t alerts, alarms;
	double expected_alerts, expected_alarms;
	double limit;            /* OUTLIER: 0.95 (alert) or 0.998 (alarm) */
	int side;                /* OUTLIER: -1 low, +1 high */
	double pooled;           /* OUTLIER: the stratum's pooled rate */
	double low, high;        /* OUTLIER: the funnel limits, as rates */
	enum ts_withheld reason; /* WITHHELD */
	size_t ncensored;        /* WITHHELD, CENSORED: the rates that are ranges */
};

/* A cohort followed for --follow-up: its cumulative incidence. */
struct ts_follow {
	int observable;          /* every case could be followed that long */
	int fitted;              /* ci holds the fit (some case has a time) */
	struct ts_cuminc ci;     /* at the follow-up (or, without it, at the
	                            cut-off) */
	int64_t timed;           /* cases in the fit */
	int64_t untimed;         /* cases without the dates it needs */
	int32_t last_open;       /* latest opening day */
};

struct ts_comparisons {
	struct ts_cmp *items;
	size_t count, cap;
	int by_period;           /* the by-index of the period field, or -1 */
	int cases;               /* some input is a case list */
	int period_basis;        /* case lists on --basis period, by period */
	/* Cohort basis: the cases of each cohort, one per group, then the
	 * total's (the grouping's tallies; NULL otherwise), and the fit of
	 * each cohort that has one (fitted), in group order; follow_at[g] is
	 * group g's place in it (TS_NO_FOLLOW: none).  A million groups of
	 * undated cases hold no fits.  Read them through ts_compare_cohort()
	 * and ts_compare_follow(). */
	struct ts_cohort_tally *cohorts;
	struct ts_follow *follow;
	size_t nfollow, follow_cap;
	uint32_t *follow_at;
	int32_t as_of;           /* the cut-off day (cohort basis) */
	size_t ntests[3];        /* tests run: differences, trends, homogeneity */
	size_t *members;         /* the groups of the trend and homogeneity tests */
	size_t nmembers, members_cap;
};

#define TS_NO_FOLLOW UINT32_MAX

/* The cohort figures of group g (ngroups: the total) on the cohort
 * basis (c->cohorts set): its cases, still open and convicted, and the
 * quartiles of its days to conviction (NaN when it has no fit). */
struct ts_cohort ts_compare_cohort(const struct ts_comparisons *c, size_t g);

/* The cohort follow-up of group g (ngroups: the total) on the cohort
 * basis: its fit, or when it has none, *tmp filled as one that fitted
 * nothing (its untimed cases only). */
const struct ts_follow *ts_compare_follow(const struct ts_comparisons *c, size_t g,
    struct ts_follow *tmp);

/* The position in time of group g along the period field pf: the year,
 * or 4 y + quarter - 1, or 12 y + month - 1 (the trend scores, and gaps
 * between successive periods). */
int64_t ts_compare_slot(const struct ts_result *r, int pf, const struct ts_group *g);

/* The text of period slot `slot` of the period field pf ("2014"). */
void ts_compare_slot_text(const struct ts_result *r, int pf, int64_t slot,
    char *buf, size_t size);

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
/* The same, only the parts in sections (TS_SECTION_COMPARISONS: the
 * attrition and the comparisons, TS_SECTION_COHORT: the cohort table,
 * TS_SECTION_NOTES: the note on period data). */
void ts_compare_write_sections(FILE *fp, const struct ts_result *r, unsigned sections);

#endif
