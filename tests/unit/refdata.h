/* refdata.h — reading R's reference values (the CSV files of tests/data,
 * made by the scripts there; tests/data/REFSTATS.md) in the unit tests that
 * check figures against them (test_stats.c, test_methods.c).  Static
 * inline, so that a test includes it and uses what it needs.
 */
#ifndef TS_TEST_REFDATA_H
#define TS_TEST_REFDATA_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Splits a CSV line in place at the commas (the line end dropped);
 * returns the field count, at most max. */
static inline int
ref_split(char *line, char **f, int max)
{
	int nf = 0;
	char *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	while (nf < max) {
		f[nf++] = p;
		p = strchr(p, ',');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	return nf;
}

/* Parses a ;-separated list of counts into out[0..max); returns how
 * many. */
static inline size_t
ref_parse_list(const char *s, int64_t *out, size_t max)
{
	size_t n = 0;
	char *end;

	while (n < max && *s) {
		out[n++] = strtoll(s, &end, 10);
		s = *end == ';' ? end + 1 : end;
		if (end == s && *s)
			break;
	}
	return n;
}

/* Relative closeness within tol; exact zeros must match exactly, NaN
 * only NaN. */
static inline int
ref_close_rel(double got, double want, double tol)
{
	if (isnan(want))
		return isnan(got);
	if (want == 0)
		return got == 0;
	return fabs(got - want) <= tol * fabs(want);
}

#endif
