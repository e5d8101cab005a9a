/* pct.c — percentages with enough digits (see ts_pct.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ts_pct.h"

#define DASH "\xe2\x80\x94"
/* A double has 17 significant digits; past that more decimals say
 * nothing new. */
#define MAX_DECIMALS 20

/* 10 to the -d. */
static const double tenth[MAX_DECIMALS + 1] = {
	1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10,
	1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20,
};

/* 1 when the percentage x, printed to d decimals, reads as exactly x0
 * (0, 100 or -100).  x prints as x0 when it lies within half a unit of
 * the d-th decimal of it, and as some other number otherwise: decided
 * in doubles unless x is within a billionth of that half unit of the
 * edge, or unless a number that is not 100 could read back as 100 (past
 * 12 decimals), where printing and reading back decide. */
static int
prints_as(double x, int d, double x0)
{
	char buf[64];
	double t = fabs(x - x0), half = 0.5 * tenth[d];

	if (x0 == 0 || d <= 12) {
		if (t < half * (1 - 1e-9))
			return 1;
		if (t > half * (1 + 1e-9))
			return 0;
	}

	snprintf(buf, sizeof buf, "%.*f", d, x);
	return strtod(buf, NULL) == x0;
}

int
ts_pct_decimals(double v)
{
	double x = v * 100;
	int d = 2;

	if (!isfinite(v) || v == 0 || v == 1 || v == -1)
		return 2;
	while (d < MAX_DECIMALS && (prints_as(x, d, 0) || prints_as(x, d, 100) ||
	    prints_as(x, d, -100)))
		d++;
	return d;
}

/* 100 v with the decimals it needs, signed or with "%". */
static void
print_pct(double v, int points, char *buf, size_t size)
{
	if (!isfinite(v))
		snprintf(buf, size, "%s", DASH);
	else if (points)
		snprintf(buf, size, "%+.*f", ts_pct_decimals(v), v * 100);
	else
		snprintf(buf, size, "%.*f%%", ts_pct_decimals(v), v * 100);
}

void
ts_pct_text(double v, char *buf, size_t size)
{
	print_pct(v, 0, buf, size);
}

void
ts_points_text(double v, char *buf, size_t size)
{
	print_pct(v, 1, buf, size);
}
