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

/* One case's time, packed in 32 bits: its days from opening to its
 * outcome or to the cut-off (0 .. TS_CUMINC_DAYS_MAX) times 4, plus its
 * status.  Sorted as integers, cases come by day, then status. */
#define TS_CUMINC_DAYS_MAX 0x3FFFFFFFu

static inline uint32_t
ts_cuminc_time(uint32_t days, enum ts_case_status status)
{
	return days << 2 | (uint32_t)status;
}

static inline uint32_t
ts_cuminc_days(uint32_t time)
{
	return time >> 2;
}

static inline enum ts_case_status
ts_cuminc_status(uint32_t time)
{
	return (enum ts_case_status)(time & 3);
}

/* The cases of one time (day and status), all the fit needs of them. */
struct ts_cuminc_class {
	uint32_t time;          /* ts_cuminc_time() */
	uint64_t cases;         /* at least 1 */
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

/* Sorts times[0..n) in place and gathers them into classes, in rising
 * time: *out (the caller's, to free()) gets *nout of them.  Returns 0, or
 * -1 when out of memory (*out NULL). */
int ts_cuminc_classes(uint32_t *times, size_t n, struct ts_cuminc_class **out,
    size_t *nout);

/* Fits the cases of the classes cls[0..n) (in strictly rising time, none
 * empty) and evaluates at `at` days with an interval at the level
 * (0 < level < 1).  Returns 0, or -1 when n is 0, the classes are not in
 * that order or one's status is none of ts_case_status, or out of
 * memory. */
int ts_cuminc_fit(const struct ts_cuminc_class *cls, size_t n, double at,
    double level, struct ts_cuminc *out);

#endif
