/* ts_cuminc.h — cumulative incidence of conviction with competing
 * outcomes and open cases.
 *
 * A cohort's cases end in conviction, or in a competing outcome
 * (acquittal, dismissal) that rules conviction out, or are still open at
 * the data's cut-off (censored).  The Aalen-Johansen estimator gives the
 * share convicted within t days of opening:
 *   F(t) = sum over event times u <= t of S(u-) d1(u) / Y(u),
 * S the probability of no outcome yet (Kaplan-Meier over both kinds),
 * d1 the convictions at u, Y the cases still at risk.  Its standard error
 * is the infinitesimal jackknife one that R's survival::survfit gives a
 * multi-state fit, sqrt(sum_i (dF / dw_i)^2), and its interval the one
 * survfit's default conf.type = "log" gives: F exp(-+ z se / F), the upper
 * end at most 1.  See docs/methods.md, "Open cases".
 */
#ifndef TS_CUMINC_H
#define TS_CUMINC_H

#include <stddef.h>
#include <stdint.h>

enum ts_case_status {
	TS_CASE_CENSORED = 0,   /* still open at the cut-off */
	TS_CASE_CONVICTION = 1,
	TS_CASE_COMPETING = 2,  /* acquitted, dismissed */
};

/* One case: days from opening to its outcome or to the cut-off. */
struct ts_case_time {
	int32_t days;
	uint8_t status;         /* enum ts_case_status */
	int32_t opened;         /* the opening day; the fit does not read it */
};

struct ts_cuminc {
	double estimate;        /* F(at) */
	double std_err;         /* infinitesimal jackknife */
	double low, high;       /* log-transformed interval at the level */
	int64_t at_risk;        /* cases with follow-up of at least `at` days */
	int64_t convicted;      /* convictions within `at` days */
	double median, q1, q3;  /* days at which F reaches 0.5, 0.25, 0.75
	                           (NaN: not reached) */
};

/* Fits the cases obs[0..n) (sorted in place) and evaluates at `at` days
 * with an interval at the level (0 < level < 1).  Returns 0, or -1 when
 * n is 0, a day count is negative, or out of memory. */
int ts_cuminc_fit(struct ts_case_time *obs, size_t n, double at, double level,
    struct ts_cuminc *out);

#endif
