/* dist.c — the normal and chi-square distributions, for the stages that
 * may not include <Rmath.h> themselves (the comparisons of a report). */
#include <Rmath.h>

#include "ts_stats.h"

double
ts_stats_z(double level)
{
	return qnorm((1 + level) / 2, 0, 1, 1, 0);
}

double
ts_stats_normal_two_sided(double z)
{
	return 2 * pnorm(z < 0 ? -z : z, 0, 1, 0, 0);
}

double
ts_stats_chisq_upper(double x, double df)
{
	return pchisq(x, df, 0, 0);
}

double
ts_stats_chisq_quantile_upper(double p, double df)
{
	return qchisq(p, df, 0, 0);
}
