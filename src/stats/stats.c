/* stats.c — proportions and their intervals, through libRmath. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <Rmath.h>

#include "ts_i18n.h"
#include "ts_sort.h"
#include "ts_stats.h"

static const char *const method_names[TS_CI_NMETHODS] = {
	"wilson", "wilson-cc", "exact", "jeffreys", "agresti-coull",
};

static const char *const method_titles[TS_CI_NMETHODS] = {
	/* Translated where printed (the text report). */
	N_("Wilson score"), N_("Wilson score with continuity correction"),
	N_("Clopper-Pearson exact"), N_("Jeffreys"), N_("Agresti-Coull"),
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

/* Levels whose alpha/2 is at least this are computed as R computes them,
 * from 1 - alpha/2 (the lower tail), so that the figures equal R's to the
 * last bit; above it (levels past 0.9998) 1 - alpha/2 would lose digits
 * and the upper tail at alpha/2 is used instead. */
#define R_FORM_MIN_HALF 1e-4

/* The normal quantile for a two-sided level: Phi^-1(1 - alpha/2). */
static double
z_of(double level)
{
	double half = (1 - level) / 2;

	if (half >= R_FORM_MIN_HALF)
		return qnorm((1 + level) / 2, 0, 1, 1, 0);
	return qnorm(half, 0, 1, 0, 0);
}

/* The 1 - half quantile of Beta(a, b) (see R_FORM_MIN_HALF). */
static double
qbeta_upper(double half, double a, double b)
{
	if (half >= R_FORM_MIN_HALF)
		return qbeta(1 - half, a, b, 1, 0);
	return qbeta(half, a, b, 0, 0);
}

int
ts_stats_interval(enum ts_ci_method m, int64_t k, int64_t n, double level,
    struct ts_interval *out)
{
	double z, z2, lo = 0, hi = 1, dk, dn, half, nt, pt, qt, w;

	if (n <= 0 || k < 0 || k > n || !(level > 0 && level < 1))
		return -1;
	dk = (double)k;
	dn = (double)n;
	half = (1 - level) / 2;
	z = z_of(level);
	z2 = z * z;
	switch (m) {
	case TS_CI_WILSON:
		wilson_limits(dk, dn, z, &lo, &hi);
		break;
	case TS_CI_WILSON_CC:
		/* Newcombe's method 4: the Wilson lower limit at k - 1/2 and the
		 * upper at k + 1/2 (also when k = n/2, unlike R's prop.test). */
		if (k > 0)
			wilson_limits(dk - 0.5, dn, z, &lo, &w);
		if (k < n)
			wilson_limits(dk + 0.5, dn, z, &w, &hi);
		break;
	case TS_CI_EXACT:
		if (k > 0)
			lo = qbeta(half, dk, dn - dk + 1, 1, 0);
		if (k < n)
			hi = qbeta_upper(half, dk + 1, dn - dk);
		break;
	case TS_CI_JEFFREYS:
		if (k > 0)
			lo = qbeta(half, dk + 0.5, dn - dk + 0.5, 1, 0);
		if (k < n)
			hi = qbeta_upper(half, dk + 0.5, dn - dk + 0.5);
		break;
	case TS_CI_AGRESTI_COULL:
		nt = dn + z2;
		pt = (dk + z2 / 2) / nt;
		/* 1 - pt cancels only when pt is near 1, where the limits are
		 * near 1 too and keep their relative precision. */
		qt = 1 - pt;
		w = z * sqrt(pt * qt / nt);
		lo = pt - w < 0 ? 0 : pt - w;
		hi = pt + w > 1 ? 1 : pt + w;
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

/* a*b exactly as hi + lo (both doubles); a and b are integers below 2^53. */
static void
two_prod(double a, double b, double *hi, double *lo)
{
	*hi = a * b;
	*lo = fma(a, b, -*hi);
}

/* a*b - c*d with the products kept exact, then rounded once. */
static double
cross_diff(double a, double b, double c, double d)
{
	double p1, e1, p2, e2, s, bb, err;

	two_prod(a, b, &p1, &e1);
	two_prod(c, d, &p2, &e2);
	/* Knuth's two-sum of p1 and -p2. */
	s = p1 - p2;
	bb = s - p1;
	err = (p1 - (s - bb)) + (-p2 - bb);
	return s + (err + (e1 - e2));
}

static int
valid_counts(int64_t k, int64_t n)
{
	return n > 0 && k >= 0 && k <= n;
}

double
ts_stats_diff(int64_t k1, int64_t n1, int64_t k2, int64_t n2)
{
	if (!valid_counts(k1, n1) || !valid_counts(k2, n2))
		return NAN;
	return cross_diff((double)k1, (double)n2, (double)k2, (double)n1) /
	    ((double)n1 * (double)n2);
}

/* The distances p - low and high - p of the Wilson interval, written so
 * that neither subtracts two numbers close to 1: with the centre c and
 * half-width h, p - c = z^2 (2k - n) / (2n (n + z^2)). */
static void
wilson_arms(int64_t k, int64_t n, double z, double *below, double *above)
{
	double dk = (double)k, dn = (double)n, z2 = z * z;
	double h = z * sqrt(dk * (dn - dk) / dn + z2 / 4) / (dn + z2);
	double off = z2 * (double)(2 * k - n) / (2 * dn * (dn + z2));

	*below = k == 0 ? 0 : h + off;
	*above = k == n ? 0 : h - off;
}

int
ts_stats_newcombe(int64_t k1, int64_t n1, int64_t k2, int64_t n2,
    double level, struct ts_interval *out)
{
	double z, b1, a1, b2, a2, d;

	if (!valid_counts(k1, n1) || !valid_counts(k2, n2) ||
	    !(level > 0 && level < 1))
		return -1;
	z = z_of(level);
	wilson_arms(k1, n1, z, &b1, &a1);
	wilson_arms(k2, n2, z, &b2, &a2);
	d = ts_stats_diff(k1, n1, k2, n2);
	out->value = d;
	out->low = d - hypot(b1, a2);
	out->high = d + hypot(a1, b2);
	return 0;
}

double
ts_stats_ztest_p(int64_t k1, int64_t n1, int64_t k2, int64_t n2)
{
	double dn1, dn2, nn, kk, pbar, qbar, z;

	if (!valid_counts(k1, n1) || !valid_counts(k2, n2))
		return NAN;
	dn1 = (double)n1;
	dn2 = (double)n2;
	nn = dn1 + dn2;
	kk = (double)k1 + (double)k2;
	if (kk == 0 || kk == nn)
		return NAN;
	pbar = kk / nn;
	qbar = (nn - kk) / nn;
	z = ts_stats_diff(k1, n1, k2, n2) /
	    sqrt(pbar * qbar * (1 / dn1 + 1 / dn2));
	return 2 * pnorm(fabs(z), 0, 1, 0, 0);
}

int
ts_stats_small_expected(int64_t k1, int64_t n1, int64_t k2, int64_t n2)
{
	double nn = (double)n1 + (double)n2, kk = (double)k1 + (double)k2;
	double rows[2] = { (double)n1, (double)n2 }, cols[2] = { kk, nn - kk };
	int i, j;

	for (i = 0; i < 2; i++)
		for (j = 0; j < 2; j++)
			if (rows[i] * cols[j] / nn < 5)
				return 1;
	return 0;
}

/* Between `kept` (a table in a tail, P <= e^thr) and the mode (not kept),
 * the kept table nearest the mode, by bisection: the density is monotone
 * between them. */
static double
tail_edge(double kept, double mode, double m, double nb, double r, double thr)
{
	double mid;

	while (fabs(mode - kept) > 1) {
		mid = kept + trunc((mode - kept) / 2);
		if (dhyper(mid, m, nb, r, 1) <= thr)
			kept = mid;
		else
			mode = mid;
	}
	return kept;
}

double
ts_stats_fisher_p(int64_t k1, int64_t n1, int64_t k2, int64_t n2)
{
	/* X = the top-left cell, hypergeometric: m = k1 + k2 white balls,
	 * nb = the rest, r = n1 drawn. */
	double m, nb, r, x, lo, hi, mode, thr, a, b, p;

	if (!valid_counts(k1, n1) || !valid_counts(k2, n2))
		return NAN;
	m = (double)k1 + (double)k2;
	nb = (double)n1 + (double)n2 - m;
	r = (double)n1;
	x = (double)k1;
	lo = r - nb > 0 ? r - nb : 0;
	hi = r < m ? r : m;
	mode = floor((r + 1) * (m + 1) / (m + nb + 2));
	if (mode < lo)
		mode = lo;
	if (mode > hi)
		mode = hi;
	/* R keeps the tables with P <= P(observed) (1 + 1e-7); in logs so that
	 * tiny probabilities do not underflow. */
	thr = dhyper(x, m, nb, r, 1) + log1p(1e-7);
	if (dhyper(mode, m, nb, r, 1) <= thr)
		return 1;
	/* The density rises up to the mode and falls after it, so the kept
	 * tables are two tails [lo, a] and [b, hi]. */
	a = dhyper(lo, m, nb, r, 1) <= thr ? tail_edge(lo, mode, m, nb, r, thr) : lo - 1;
	b = dhyper(hi, m, nb, r, 1) <= thr ? tail_edge(hi, mode, m, nb, r, thr) : hi + 1;
	p = 0;
	if (a >= lo)
		p += phyper(a, m, nb, r, 1, 0);
	if (b <= hi)
		p += phyper(b - 1, m, nb, r, 0, 0);
	return p > 1 ? 1 : p;
}

/* Checks m groups of counts and sums them; -1 when m < 2 or a count is
 * invalid. */
static int
table_sums(size_t m, const int64_t *k, const int64_t *n, double *kk, double *nn)
{
	size_t i;

	if (m < 2)
		return -1;
	*kk = *nn = 0;
	for (i = 0; i < m; i++) {
		if (!valid_counts(k[i], n[i]))
			return -1;
		*kk += (double)k[i];
		*nn += (double)n[i];
	}
	return 0;
}

static void
chisq_undefined(struct ts_chisq *out, double df)
{
	out->statistic = out->p_value = out->z = NAN;
	out->df = df;
}

int
ts_stats_trend(size_t m, const int64_t *k, const int64_t *n,
    struct ts_chisq *out)
{
	double kk, nn, ss = 0, t_hi = 0, t_lo = 0, w = 0, d, ph, pl, s, bb;
	size_t i;

	if (table_sums(m, k, n, &kk, &nn) != 0)
		return -1;
	if (kk == 0 || kk == nn) {
		chisq_undefined(out, 1);
		return 0;
	}
	for (i = 0; i < m; i++)
		ss += (double)n[i] * (double)(i + 1);
	/* With d_i = N s_i - sum n_j s_j (an integer, exact in a double),
	 * T = sum k_i d_i / N and sum n_i (s_i - s_bar)^2 = sum n_i d_i^2 / N^2.
	 * T cancels, so its sum is kept in double-double. */
	for (i = 0; i < m; i++) {
		d = nn * (double)(i + 1) - ss;
		two_prod((double)k[i], d, &ph, &pl);
		s = t_hi + ph;
		bb = s - t_hi;
		t_lo += (t_hi - (s - bb)) + (ph - bb) + pl;
		t_hi = s;
		w += (double)n[i] * d * d;
	}
	/* z = T / sqrt(pbar qbar sum n_i (s_i - s_bar)^2)
	 *   = (sum k_i d_i) N / sqrt(K (N - K) W). */
	out->z = (t_hi + t_lo) * nn / sqrt(kk * (nn - kk) * w);
	out->statistic = out->z * out->z;
	out->df = 1;
	out->p_value = pchisq(out->statistic, 1, 0, 0);
	return 0;
}

int
ts_stats_homogeneity(size_t m, const int64_t *k, const int64_t *n,
    struct ts_chisq *out)
{
	double kk, nn, sum = 0, d;
	size_t i;

	if (table_sums(m, k, n, &kk, &nn) != 0)
		return -1;
	if (kk == 0 || kk == nn) {
		chisq_undefined(out, (double)(m - 1));
		return 0;
	}
	/* (O - E)^2 / E over both cells of row i is D_i^2 / (n_i K (N - K))
	 * with D_i = k_i N - n_i K, computed exactly. */
	for (i = 0; i < m; i++) {
		d = cross_diff((double)k[i], nn, (double)n[i], kk);
		sum += d * d / (double)n[i];
	}
	out->statistic = sum / (kk * (nn - kk));
	out->df = (double)(m - 1);
	out->p_value = pchisq(out->statistic, out->df, 0, 0);
	out->z = NAN;
	return 0;
}

int
ts_stats_funnel(int64_t k, int64_t n, double p, double limit)
{
	double half = (1 - limit) / 2;

	if (!valid_counts(k, n) || !(p >= 0 && p <= 1))
		return 0;
	if ((double)k < qbinom(half, (double)n, p, 1, 0))
		return -1;
	if ((double)k > qbinom(half, (double)n, p, 0, 0))
		return 1;
	return 0;
}

static int
cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

/* Sorts the days of a cohort.  They are whole days from 0 to a few
 * thousand, and there are many of them (one per conviction): as integer
 * keys (ts_sort_u32()) they sort in a pass or two where qsort() took
 * n log n comparisons through a function pointer.  Other values, and a
 * few days, go to qsort(). */
static void
sort_days(double *days, size_t n)
{
	uint32_t *key = NULL;
	size_t i;

	for (i = 0; n >= 64 && i < n; i++)
		if (!(days[i] <= (double)UINT32_MAX) || days[i] != floor(days[i]))
			break;
	if (n < 64 || i < n || (key = malloc(n * sizeof *key)) == NULL) {
		qsort(days, n, sizeof *days, cmp_double);
		return;
	}
	for (i = 0; i < n; i++)
		key[i] = (uint32_t)days[i];
	if (ts_sort_u32(key, n) != 0) {
		qsort(days, n, sizeof *days, cmp_double);
	} else {
		for (i = 0; i < n; i++)
			days[i] = (double)key[i];
	}
	free(key);
}

double
ts_stats_quantile(const double *sorted, size_t n, double p)
{
	double h, f;
	size_t j;

	if (n == 0 || !(p >= 0 && p <= 1))
		return NAN;
	h = (double)(n - 1) * p;
	f = floor(h);
	j = (size_t)f;
	if (j + 1 >= n)
		return sorted[n - 1];
	return sorted[j] + (h - f) * (sorted[j + 1] - sorted[j]);
}

int
ts_stats_cohort(int64_t cases, int64_t still_open, double *days,
    size_t nconvicted, struct ts_cohort *out)
{
	size_t i;

	if (cases < 0 || still_open < 0 || (uint64_t)nconvicted > (uint64_t)INT64_MAX ||
	    still_open > cases - (int64_t)nconvicted)
		return -1;
	for (i = 0; i < nconvicted; i++)
		if (!(days[i] >= 0) || !isfinite(days[i]))
			return -1;
	sort_days(days, nconvicted);
	out->cases = cases;
	out->convicted = (int64_t)nconvicted;
	out->still_open = still_open;
	out->share_open = cases > 0 ? (double)still_open / (double)cases : NAN;
	out->median_days = ts_stats_quantile(days, nconvicted, 0.5);
	out->q1_days = ts_stats_quantile(days, nconvicted, 0.25);
	out->q3_days = ts_stats_quantile(days, nconvicted, 0.75);
	return 0;
}

const char *
ts_stats_rmath_version(void)
{
	return R_VERSION_STRING;
}
