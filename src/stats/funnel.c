/* funnel.c — the control limits of a funnel plot, drawn as curves. */
#include <math.h>
#include <stdint.h>

#include <Rmath.h>

#include "ts_stats.h"

/* One limit at probability prob, as a rate: the binomial quantile r with
 * P(R <= r) >= prob, moved down by the interpolation of Spiegelhalter
 * (2005), appendix A.1.1, so that the limit is a smooth curve in n and not
 * a staircase.  The interpolated limit lies in ((r - 1) / n, r / n], so a
 * count that ts_stats_funnel() flags lies on or beyond the curve, and one
 * it does not flag on or inside it. */
static double
limit_at(double prob, double n, double p)
{
	double r = qbinom(prob, n, p, 1, 0);
	double at = pbinom(r, n, p, 1, 0);
	double below = r > 0 ? pbinom(r - 1, n, p, 1, 0) : 0;
	double alpha = at > below ? (at - prob) / (at - below) : 0;

	if (alpha < 0)
		alpha = 0;
	if (alpha > 1)
		alpha = 1;
	return (r - alpha) / n;
}

int
ts_stats_funnel_limits(int64_t n, double p, double limit, double *low, double *high)
{
	double half = (1 - limit) / 2;

	if (n <= 0 || !(p >= 0 && p <= 1) || !(limit > 0 && limit < 1))
		return -1;
	*low = limit_at(half, (double)n, p);
	*high = limit_at(1 - half, (double)n, p);
	/* At r = 0 the interpolation runs below zero. */
	*low = *low < 0 ? 0 : *low > 1 ? 1 : *low;
	*high = *high < 0 ? 0 : *high > 1 ? 1 : *high;
	return 0;
}
