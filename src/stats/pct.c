/* pct.c — percentages with enough digits (see ts_pct.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ts_pct.h"

#define DASH "\xe2\x80\x94"
/* A double has 17 significant digits; past that more decimals say
 * nothing new. */
#define MAX_DECIMALS 20

/* 1 when the percentage x, printed to d decimals, reads as exactly x0. */
static int
prints_as(double x, int d, double x0)
{
	char buf[64];

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
