/* ts_stats.h — proportions, intervals and tests.
 *
 * Pure functions: no I/O, no globals, no allocation.  Every distribution
 * function comes from GNU R's standalone math library (libRmath), so the
 * figures equal R's.
 */
#ifndef TS_STATS_H
#define TS_STATS_H

#include <stddef.h>
#include <stdint.h>

enum ts_ci_method {
	TS_CI_WILSON,
	TS_CI_WILSON_CC,
	TS_CI_EXACT,
	TS_CI_JEFFREYS,
	TS_CI_AGRESTI_COULL,
	TS_CI_NMETHODS
};

/* A proportion with its interval. */
struct ts_interval {
	double value;   /* k / n */
	double low, high;
};

/* Method names as on the command line ("wilson", "wilson-cc", "exact",
 * "jeffreys", "agresti-coull") and as prose ("Wilson score"). */
const char *ts_stats_method_name(enum ts_ci_method m);
const char *ts_stats_method_title(enum ts_ci_method m);

/* Parses a method name; also accepts "_" for "-".  Returns 0 or -1. */
int ts_stats_method_parse(const char *s, enum ts_ci_method *m);

/* The interval for k successes in n trials at the given level, 0 < level
 * < 1, by the definitions of tests/data/REFSTATS.md: k = 0 gives low 0 and
 * k = n gives high 1 exactly.  Returns 0, or -1 (out untouched) when
 * n <= 0, k < 0, k > n, the level is outside (0, 1) or m is unknown. */
int ts_stats_interval(enum ts_ci_method m, int64_t k, int64_t n, double level,
    struct ts_interval *out);

/* k1/n1 - k2/n2 without the cancellation of the textbook formula when both
 * proportions are close (both near 1, say).  n1, n2 > 0. */
double ts_stats_diff(int64_t k1, int64_t n1, int64_t k2, int64_t n2);

/* Newcombe's (1998) hybrid score interval, method 10, for p1 - p2 from the
 * Wilson limits at the given level.  Returns 0, or -1 on counts or a level
 * ts_stats_interval refuses. */
int ts_stats_newcombe(int64_t k1, int64_t n1, int64_t k2, int64_t n2,
    double level, struct ts_interval *out);

/* Two-sided p-value of the pooled two-proportion z-test (R's
 * prop.test(correct = FALSE)); NaN when undefined (k1 + k2 is 0 or
 * n1 + n2) or the counts are invalid. */
double ts_stats_ztest_p(int64_t k1, int64_t n1, int64_t k2, int64_t n2);

/* Two-sided p-value of Fisher's exact test on [[k1, n1-k1], [k2, n2-k2]]
 * by R's rule: the probability of every table no more likely than the
 * observed one times 1 + 1e-7.  1 when k1 + k2 is 0 or n1 + n2; NaN on
 * invalid counts. */
double ts_stats_fisher_p(int64_t k1, int64_t n1, int64_t k2, int64_t n2);

/* 1 when an expected cell of the 2x2 table is below 5 (R's warning rule
 * for the chi-square approximation), so Fisher's test is the one to use. */
int ts_stats_small_expected(int64_t k1, int64_t n1, int64_t k2, int64_t n2);

/* A chi-square test: statistic, degrees of freedom, p-value, and for the
 * trend test the signed z (statistic = z^2).  NaN where undefined. */
struct ts_chisq {
	double statistic;
	double df;
	double p_value;
	double z;
};

/* Cochran-Armitage test for trend in m proportions k[i]/n[i] with scores
 * 1..m, as R's prop.trend.test (1 df, no N/(N-1) factor).  Returns 0, or
 * -1 when m < 2 or a count is invalid; the results are NaN when every
 * trial succeeded or none did. */
int ts_stats_trend(size_t m, const int64_t *k, const int64_t *n,
    struct ts_chisq *out);

/* Pearson chi-square test of homogeneity of m proportions (the m x 2
 * table [k[i], n[i]-k[i]], no continuity correction, df = m - 1), as R's
 * chisq.test(correct = FALSE).  Returns 0 or -1 like ts_stats_trend. */
int ts_stats_homogeneity(size_t m, const int64_t *k, const int64_t *n,
    struct ts_chisq *out);

/* Funnel limits: the exact binomial limits, as counts, of a group of n
 * trials under the pooled rate p at the given limit (0.95, 0.998):
 * low = qbinom(alpha/2, n, p), high = qbinom(alpha/2, n, p, upper tail).
 * Returns the side a count k lies on: -1 below low, +1 above high, else 0. */
int ts_stats_funnel(int64_t k, int64_t n, double p, double limit);

/* The funnel limits at n trials under the pooled rate p, as rates for a
 * chart: the quantiles of ts_stats_funnel() interpolated between counts
 * (Spiegelhalter 2005, "Funnel plots for comparing institutional
 * performance", appendix A.1.1).  A count flagged by ts_stats_funnel() lies
 * on or beyond them.  Returns 0, or -1 when n < 1 or p or limit is out of
 * range. */
int ts_stats_funnel_limits(int64_t n, double p, double limit, double *low, double *high);

/* Cohort figures of a list of cases opened in one period. */
struct ts_cohort {
	int64_t cases;          /* cases opened */
	int64_t convicted;      /* of them, convicted */
	int64_t still_open;     /* of them, not closed */
	double share_open;      /* still_open / cases; NaN when no cases */
	double median_days;     /* days opened -> conviction, R quantile type 7; */
	double q1_days, q3_days;/* NaN when no convictions */
};

/* Summarises a cohort of `cases` cases of which `still_open` are not
 * closed; days[0..nconvicted-1] are the days from opening to conviction of
 * the convicted ones (sorted in place).  Returns 0, or -1 when the counts
 * do not add up (still_open + nconvicted > cases) or a day count is
 * negative or not finite. */
int ts_stats_cohort(int64_t cases, int64_t still_open, double *days,
    size_t nconvicted, struct ts_cohort *out);

/* The p-quantile of sorted[0..n-1], R's default (type 7); NaN when n = 0. */
double ts_stats_quantile(const double *sorted, size_t n, double p);

/* The version of libRmath tracestat was built with ("4.2.2"). */
const char *ts_stats_rmath_version(void);

#endif
