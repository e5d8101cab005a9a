/* ts_exact.h — exact tests for small counts, the trend test on time
 * scores, over-dispersion and funnel limits.
 *
 * With small expected counts the chi-square approximations mislead, so
 * the trend and homogeneity tests of a few small groups are exact:
 * conditional on the margins of the m x 2 table, under the multivariate
 * hypergeometric law (docs/methods.md, "Exact tests").  Pure functions;
 * they allocate scratch space and return -1 when that fails.
 */
#ifndef TS_EXACT_H
#define TS_EXACT_H

#include <stddef.h>
#include <stdint.h>

#include "ts_stats.h"

/* The work (tables or states) an exact test may take before it gives up
 * with TS_EXACT_TOO_BIG; the caller then uses the chi-square test. */
#define TS_EXACT_BUDGET 20000000.0

enum {
	TS_EXACT_OK = 0,
	TS_EXACT_FAIL = -1,     /* invalid counts or out of memory */
	TS_EXACT_TOO_BIG = 1,   /* beyond TS_EXACT_BUDGET */
};

/* Cochran-Armitage test for trend with the given scores (the periods'
 * positions in time: 2013, 2015, 2016), as R's prop.trend.test(k, n,
 * score = scores).  Returns 0 or -1 like ts_stats_trend. */
int ts_stats_trend_scores(size_t m, const int64_t *k, const int64_t *n,
    const double *scores, struct ts_chisq *out);

/* The exact two-sided p-value of that trend test given the margins: the
 * probability of every table whose T = sum k_i s_i is at least as far from
 * its mean as the observed one (within a relative 1e-7, as R's exact
 * tests allow for rounding).  Integer scores.  *p = 1 when every trial
 * succeeded or none did. */
int ts_stats_exact_trend(size_t m, const int64_t *k, const int64_t *n,
    const int64_t *scores, double *p);

/* Fisher's exact test of homogeneity of the m x 2 table [k_i, n_i - k_i]
 * (the Freeman-Halton extension): the probability of every table no more
 * likely than the observed one times 1 + 1e-7, as R's fisher.test.
 * *p = 1 when every trial succeeded or none did. */
int ts_stats_exact_homogeneity(size_t m, const int64_t *k, const int64_t *n,
    double *p);

/* 1 when an expected cell of the m x 2 table is below 5 (the rule R's
 * chisq.test warns by): the exact tests are the ones to use. */
int ts_stats_small_table(size_t m, const int64_t *k, const int64_t *n);

/* How the funnel limits allow for over-dispersion. */
enum ts_dispersion {
	TS_DISPERSION_MULTIPLICATIVE,   /* phi times the binomial variance */
	TS_DISPERSION_ADDITIVE,         /* a between-group variance tau^2 added */
	TS_DISPERSION_NONE,             /* binomial limits */
};

/* The over-dispersion of m proportions around their pooled rate p0
 * (Spiegelhalter 2005): phi = Pearson chi-square / (m - 1), and tau^2 of
 * the additive model, tau^2 = (m phi' - (m - 1)) / (sum w - sum w^2 / sum
 * w) with w = 1 / s^2, s^2 = p0 (1 - p0) / n_i and m phi' the chi-square,
 * 0 when negative.  significant = 1 when the chi-square exceeds its upper
 * 5% point on m - 1 df.  Returns 0, or -1 when m < 2, counts are invalid
 * or p0 is 0 or 1 (no variance). */
struct ts_dispersion_fit {
	double phi;
	double chisq;
	double df;
	double p_value;
	double tau2;
	int significant;
};
int ts_stats_dispersion(size_t m, const int64_t *k, const int64_t *n,
    struct ts_dispersion_fit *out);

/* Funnel limits of a group of n under pooled rate p0 at the given limit
 * (0.95, 0.998), as proportions: with dispersion none, the exact binomial
 * limits qbinom(alpha/2, n, p0) / n and the upper one; multiplicative,
 * p0 -+ z sqrt(phi p0 (1 - p0) / n); additive, p0 -+ z sqrt(p0 (1 - p0) / n
 * + tau^2).  Returns the side k lies on: -1 below, +1 above, 0 inside. */
int ts_stats_funnel_check(int64_t k, int64_t n, double p0, double limit,
    enum ts_dispersion d, const struct ts_dispersion_fit *fit,
    double *low, double *high);

/* The chance that a group of n under rate p0 falls outside the binomial
 * funnel limit (below plus above): the flags expected with no real
 * difference.  NaN on invalid input. */
double ts_stats_funnel_chance(int64_t n, double p0, double limit);

#endif
