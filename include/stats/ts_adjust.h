/* ts_adjust.h — p-values adjusted for many comparisons.
 *
 * A report runs many tests (a difference per pair of successive periods,
 * a trend and a homogeneity test per stratum); at 5% each, some come out
 * "significant" by chance alone.  Each family of p-values is adjusted
 * together: Holm's step-down method (controls the family-wise error rate;
 * the default), Benjamini-Hochberg (controls the false discovery rate) or
 * none.  The figures equal R's p.adjust(p, method = "holm" | "BH"); see
 * docs/methods.md, "Many comparisons".
 */
#ifndef TS_ADJUST_H
#define TS_ADJUST_H

#include <stddef.h>

enum ts_adjust {
	TS_ADJUST_HOLM,
	TS_ADJUST_BH,
	TS_ADJUST_NONE,
};

/* "holm", "bh", "none"; and as prose ("Holm", "Benjamini-Hochberg"). */
const char *ts_adjust_name(enum ts_adjust a);
const char *ts_adjust_title(enum ts_adjust a);

/* Parses "holm", "bh" (or "BH", "fdr") and "none".  Returns 0 or -1. */
int ts_adjust_parse(const char *s, enum ts_adjust *out);

/* Adjusts p[0..m) into out[0..m) (which may be p).  NaN entries are not
 * tests: they stay NaN and do not count in m, as in p.adjust.  Returns 0,
 * or -1 when out of memory (out untouched). */
int ts_adjust_p(enum ts_adjust a, size_t m, const double *p, double *out);

#endif
