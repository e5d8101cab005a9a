/* ts_stats.h — proportions, intervals and tests.
 *
 * Pure functions: no I/O, no globals, no allocation.  Every distribution
 * function comes from GNU R's standalone math library (libRmath), so the
 * figures equal R's.
 */
#ifndef TS_STATS_H
#define TS_STATS_H

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
 * < 1.  Returns 0, or -1 (out untouched) when n <= 0, k < 0, k > n or the
 * level is outside (0, 1). */
int ts_stats_interval(enum ts_ci_method m, int64_t k, int64_t n, double level,
    struct ts_interval *out);

/* The version of libRmath tracestat was built with ("4.2.2"). */
const char *ts_stats_rmath_version(void);

#endif
