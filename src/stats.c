/* stats.c — proportions and their intervals, through libRmath. */
#include <math.h>
#include <string.h>

#include <Rmath.h>

#include "ts_stats.h"

static const char *const method_names[TS_CI_NMETHODS] = {
	"wilson", "wilson-cc", "exact", "jeffreys", "agresti-coull",
};

static const char *const method_titles[TS_CI_NMETHODS] = {
	"Wilson score", "Wilson score with continuity correction",
	"Clopper-Pearson exact", "Jeffreys", "Agresti-Coull",
};

const char *
ts_stats_method_name(enum ts_ci_method m)
{
	return (unsigned)m < TS_CI_NMETHODS ? method_names[m] : "?";
}

const char *
ts_stats_method_title(enum ts_ci_method m)
{
	return (unsigned)m < TS_CI_NMETHODS ? method_titles[m] : "?";
}

int
ts_stats_method_parse(const char *s, enum ts_ci_method *m)
{
	char buf[32];
	size_t i;
	int j;

	for (i = 0; s[i] && i + 1 < sizeof buf; i++)
		buf[i] = s[i] == '_' ? '-' : s[i];
	if (s[i])
		return -1;
	buf[i] = '\0';
	for (j = 0; j < TS_CI_NMETHODS; j++) {
		if (strcmp(buf, method_names[j]) == 0) {
			*m = (enum ts_ci_method)j;
			return 0;
		}
	}
	return -1;
}

/* The Wilson score limits of x successes in n (x may be fractional for the
 * continuity correction).  The lower limit is computed as x^2 / (n (a + b)),
 * which equals (a - b) / (n + z^2) but does not cancel when x is small. */
static void
wilson_limits(double x, double n, double z, double *low, double *high)
{
	double z2 = z * z;
	double a = x + z2 / 2;
	double b = z * sqrt(x * (n - x) / n + z2 / 4);

	*low = x <= 0 ? 0 : x * x / (n * (a + b));
	*high = (a + b) / (n + z2);
}

int
ts_stats_interval(enum ts_ci_method m, int64_t k, int64_t n, double level,
    struct ts_interval *out)
{
	double z, lo = 0, hi = 1, dk, dn;

	if (n <= 0 || k < 0 || k > n || !(level > 0 && level < 1))
		return -1;
	dk = (double)k;
	dn = (double)n;
	/* As R: qnorm((1 + level) / 2). */
	z = qnorm((1 + level) / 2, 0, 1, 1, 0);
	switch (m) {
	case TS_CI_WILSON:
		wilson_limits(dk, dn, z, &lo, &hi);
		break;
	default:
		return -1;
	}
	if (k == 0)
		lo = 0;
	if (k == n)
		hi = 1;
	out->value = dk / dn;
	out->low = lo;
	out->high = hi;
	return 0;
}

const char *
ts_stats_rmath_version(void)
{
	return R_VERSION_STRING;
}
