/* adjust.c — Holm and Benjamini-Hochberg adjusted p-values (ts_adjust.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ts_adjust.h"
#include "ts_sort.h"

const char *
ts_adjust_name(enum ts_adjust a)
{
	return a == TS_ADJUST_HOLM ? "holm" : a == TS_ADJUST_BH ? "bh" : "none";
}

const char *
ts_adjust_title(enum ts_adjust a)
{
	return a == TS_ADJUST_HOLM ? "Holm" : a == TS_ADJUST_BH ?
	    "Benjamini-Hochberg" : "none";
}

int
ts_adjust_parse(const char *s, enum ts_adjust *out)
{
	if (strcasecmp(s, "holm") == 0)
		*out = TS_ADJUST_HOLM;
	else if (strcasecmp(s, "bh") == 0 || strcasecmp(s, "fdr") == 0)
		*out = TS_ADJUST_BH;
	else if (strcasecmp(s, "none") == 0)
		*out = TS_ADJUST_NONE;
	else
		return -1;
	return 0;
}

/* Ascending p, ties in input order (R's order() is stable); ctx: the
 * p-values the indices point into. */
static int
by_p(const void *pa, const void *pb, const void *ctx)
{
	const double *sort_p = ctx;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	if (sort_p[a] != sort_p[b])
		return sort_p[a] < sort_p[b] ? -1 : 1;
	return (a > b) - (a < b);
}

int
ts_adjust_p(enum ts_adjust a, size_t m, const double *p, double *out)
{
	size_t *o, i, n = 0;
	double *v, run, x;

	o = malloc((m ? m : 1) * sizeof *o);
	v = malloc((m ? m : 1) * sizeof *v);
	if (o == NULL || v == NULL) {
		free(o);
		free(v);
		return -1;
	}
	for (i = 0; i < m; i++)
		if (!isnan(p[i]))
			o[n++] = i;
	if (ts_sort(o, n, sizeof *o, by_p, p) != 0) {
		free(o);
		free(v);
		return -1;
	}
	if (a == TS_ADJUST_HOLM) {
		/* cummax((n - i + 1) p_(i)), capped at 1. */
		for (i = 0, run = 0; i < n; i++) {
			x = (double)(n - i) * p[o[i]];
			if (x > 1)
				x = 1;
			if (x > run)
				run = x;
			v[i] = run;
		}
	} else if (a == TS_ADJUST_BH) {
		/* cummin from the largest of n / i p_(i), capped at 1. */
		for (i = n, run = 1; i-- > 0;) {
			x = (double)n / (double)(i + 1) * p[o[i]];
			if (x < run)
				run = x;
			v[i] = run;
		}
	} else {
		for (i = 0; i < n; i++)
			v[i] = p[o[i]];
	}
	for (i = 0; i < m; i++)
		if (isnan(p[i]))
			out[i] = p[i];
	for (i = 0; i < n; i++)
		out[o[i]] = v[i];
	free(o);
	free(v);
	return 0;
}
