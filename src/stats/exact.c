/* exact.c — the trend test on time scores, exact trend and homogeneity
 * tests for small counts, over-dispersion and funnel limits (ts_exact.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <Rmath.h>

#include "ts_exact.h"

/* R's exact tests count a table as extreme when it is within this
 * relative distance of the observed one, so that rounding does not drop
 * a table that ties with it. */
#define REL_TIE 1e-7

static int
valid(size_t m, const int64_t *k, const int64_t *n, double *kk, double *nn)
{
	size_t i;

	*kk = *nn = 0;
	if (m < 2)
		return 0;
	for (i = 0; i < m; i++) {
		if (n[i] <= 0 || k[i] < 0 || k[i] > n[i])
			return 0;
		*kk += (double)k[i];
		*nn += (double)n[i];
	}
	return 1;
}

int
ts_stats_trend_scores(size_t m, const int64_t *k, const int64_t *n,
    const double *scores, struct ts_chisq *out)
{
	double kk, nn, smin, ns = 0, t = 0, w = 0, d, s;
	size_t i;

	if (!valid(m, k, n, &kk, &nn))
		return -1;
	out->df = 1;
	if (kk == 0 || kk == nn) {
		out->statistic = out->p_value = out->z = NAN;
		return 0;
	}
	/* The test does not change when a constant is taken off the
	 * scores; taking the smallest keeps the sums small. */
	smin = scores[0];
	for (i = 1; i < m; i++)
		if (scores[i] < smin)
			smin = scores[i];
	for (i = 0; i < m; i++)
		ns += (double)n[i] * (scores[i] - smin);
	/* d_i = N (s_i - smin) - sum n_j (s_j - smin) = N (s_i - s_bar):
	 * T N = sum k_i d_i and N^2 sum n_i (s_i - s_bar)^2 = sum n_i d_i^2. */
	for (i = 0; i < m; i++) {
		s = scores[i] - smin;
		d = nn * s - ns;
		t += (double)k[i] * d;
		w += (double)n[i] * d * d;
	}
	if (w == 0) {
		out->statistic = out->p_value = out->z = NAN;
		return 0;
	}
	out->z = t * nn / sqrt(kk * (nn - kk) * w);
	out->statistic = out->z * out->z;
	out->p_value = pchisq(out->statistic, 1, 0, 0);
	return 0;
}

int
ts_stats_exact_trend(size_t m, const int64_t *k, const int64_t *n,
    const int64_t *scores, double *p)
{
	double kk, nn, *cur, *nxt, *hyp, mean, obs, dev, total, prev_n, width, dm;
	int64_t smin, span = 0, K, t_obs = 0, r, x, t, tmax, rows;
	size_t i, cells;
	int flip;

	if (!valid(m, k, n, &kk, &nn))
		return TS_EXACT_FAIL;
	if (kk == 0 || kk == nn) {
		*p = 1;
		return TS_EXACT_OK;
	}
	smin = scores[0];
	for (i = 1; i < m; i++)
		smin = scores[i] < smin ? scores[i] : smin;
	for (i = 0; i < m; i++)
		span = scores[i] - smin > span ? scores[i] - smin : span;
	/* Successes and failures play the same part: count the fewer. */
	flip = kk > nn - kk;
	K = (int64_t)(flip ? nn - kk : kk);
	tmax = K * span;
	rows = K + 1;
	{
		/* The work: every state times the shares a group can take. */
		double most = 0;
		for (i = 0; i < m; i++)
			most = (double)n[i] > most ? (double)n[i] : most;
		if (most > (double)K)
			most = (double)K;
		if ((double)rows * (double)(tmax + 1) * 2 > TS_EXACT_BUDGET ||
		    (double)rows * (double)(tmax + 1) * (double)m * (most + 1) > 10 * TS_EXACT_BUDGET)
			return TS_EXACT_TOO_BIG;
	}
	cells = (size_t)rows * (size_t)(tmax + 1);
	cur = calloc(cells, sizeof *cur);
	nxt = calloc(cells, sizeof *nxt);
	hyp = malloc((size_t)(K + 1) * (size_t)(K + 1) * sizeof *hyp);
	if (cur == NULL || nxt == NULL || hyp == NULL) {
		free(cur);
		free(nxt);
		free(hyp);
		return TS_EXACT_FAIL;
	}
	for (i = 0; i < m; i++)
		t_obs += (flip ? n[i] - k[i] : k[i]) * (scores[i] - smin);
	/* From the last group back: state (r, t) = r successes left for
	 * groups 0..i, t = sum k_j s_j over the groups after i.  Given r
	 * successes among groups 0..i, group i's share is hypergeometric. */
	cur[(size_t)K * (size_t)(tmax + 1)] = 1;
	prev_n = nn;
	for (i = m; i-- > 1;) {
		int64_t step = scores[i] - smin;
		memset(nxt, 0, cells * sizeof *nxt);
		prev_n -= (double)n[i];
		/* hyp[r][x]: group i's share x of r successes, once per (r, x). */
		for (r = 0; r <= K; r++)
			for (x = 0; x <= r; x++)
				hyp[(size_t)r * (size_t)(K + 1) + (size_t)x] = x > n[i] ||
				    (double)(r - x) > prev_n ? 0 :
				    dhyper((double)x, (double)n[i], prev_n, (double)r, 0);
		for (r = 0; r <= K; r++) {
			const double *h = hyp + (size_t)r * (size_t)(K + 1);
			for (t = 0; t <= tmax; t++) {
				double w = cur[(size_t)r * (size_t)(tmax + 1) + (size_t)t];
				if (w == 0)
					continue;
				for (x = 0; x <= r && x <= n[i]; x++)
					if (h[x] != 0)
						nxt[(size_t)(r - x) * (size_t)(tmax + 1) +
						    (size_t)(t + x * step)] += w * h[x];
			}
		}
		memcpy(cur, nxt, cells * sizeof *cur);
	}
	/* Group 0 takes what is left. */
	mean = 0;
	for (i = 0; i < m; i++)
		mean += (double)n[i] * (double)(scores[i] - smin);
	mean *= (double)K / nn;
	obs = fabs((double)t_obs - mean);
	width = obs * REL_TIE;
	total = 0;
	for (r = 0; r <= K && r <= n[0]; r++) {
		for (t = 0; t <= tmax; t++) {
			double w = cur[(size_t)r * (size_t)(tmax + 1) + (size_t)t];
			if (w == 0)
				continue;
			dm = (double)(t + r * (scores[0] - smin));
			dev = fabs(dm - mean);
			if (dev >= obs - width)
				total += w;
		}
	}
	free(cur);
	free(nxt);
	free(hyp);
	*p = total > 1 ? 1 : total;
	return TS_EXACT_OK;
}

/* The network search of the exact homogeneity test.  Groups i..m-1 are
 * to share r successes; lp is the log weight sum log C(n_j, k_j) of the
 * groups before i.  hi[i][r] and lo[i][r] bound the log weight the rest
 * can add; when every completion is extreme the search adds their total
 * weight at once (Vandermonde: sum prod C(n_j, k_j) = C(N_i, r)). */
struct net {
	size_t m;
	int64_t K;
	const int64_t *n;
	double *hi, *lo;        /* [(m + 1) x (K + 1)] */
	double *rest_n;         /* [m + 1]: N_i = sum_{j >= i} n_j */
	double *lc;             /* [m x (K + 1)]: log C(n_i, x) */
	double thr, lnorm, sum, work;
};

#define AT(a, i, r) ((a)[(size_t)(i) * (size_t)(nt->K + 1) + (size_t)(r)])

static int
search(struct net *nt, size_t i, int64_t r, double lp)
{
	int64_t x;

	if (++nt->work > TS_EXACT_BUDGET / 10)
		return 1;
	if (lp + AT(nt->hi, i, r) <= nt->thr) {
		nt->sum += exp(lp + lchoose(nt->rest_n[i], (double)r) - nt->lnorm);
		return 0;
	}
	if (lp + AT(nt->lo, i, r) > nt->thr)
		return 0;
	for (x = 0; x <= r && x <= nt->n[i]; x++) {
		if ((double)(r - x) > nt->rest_n[i + 1])
			continue;
		if (search(nt, i + 1, r - x, lp + AT(nt->lc, i, x)) != 0)
			return 1;
	}
	return 0;
}

int
ts_stats_exact_homogeneity(size_t m, const int64_t *k, const int64_t *n,
    double *p)
{
	struct net net_s, *nt = &net_s;
	double kk, nn, lobs = 0, v;
	int64_t r, x;
	size_t i, cells;
	int flip, rc;

	if (!valid(m, k, n, &kk, &nn))
		return TS_EXACT_FAIL;
	if (kk == 0 || kk == nn) {
		*p = 1;
		return TS_EXACT_OK;
	}
	flip = kk > nn - kk;
	nt->m = m;
	nt->K = (int64_t)(flip ? nn - kk : kk);
	nt->n = n;
	if ((double)(m + 1) * (double)(nt->K + 1) * (double)(nt->K + 1) > 5 * TS_EXACT_BUDGET)
		return TS_EXACT_TOO_BIG;
	cells = (m + 1) * (size_t)(nt->K + 1);
	nt->hi = malloc(cells * sizeof *nt->hi);
	nt->lo = malloc(cells * sizeof *nt->lo);
	nt->rest_n = malloc((m + 1) * sizeof *nt->rest_n);
	nt->lc = malloc(cells * sizeof *nt->lc);
	if (nt->hi == NULL || nt->lo == NULL || nt->rest_n == NULL || nt->lc == NULL) {
		free(nt->hi);
		free(nt->lo);
		free(nt->rest_n);
		free(nt->lc);
		return TS_EXACT_FAIL;
	}
	for (i = 0; i < m; i++)
		for (x = 0; x <= nt->K; x++)
			AT(nt->lc, i, x) = x <= n[i] ? lchoose((double)n[i], (double)x) : NAN;
	nt->rest_n[m] = 0;
	for (i = m; i-- > 0;)
		nt->rest_n[i] = nt->rest_n[i + 1] + (double)n[i];
	/* Bounds from the back: none left to share is weight 0, more than
	 * there is room for is impossible. */
	for (r = 0; r <= nt->K; r++)
		AT(nt->hi, m, r) = AT(nt->lo, m, r) = r == 0 ? 0 : NAN;
	for (i = m; i-- > 0;) {
		for (r = 0; r <= nt->K; r++) {
			double h = -INFINITY, l = INFINITY;
			for (x = 0; x <= r && x <= n[i]; x++) {
				double a = AT(nt->hi, i + 1, r - x), b = AT(nt->lo, i + 1, r - x);
				if (isnan(a))
					continue;
				v = AT(nt->lc, i, x);
				h = v + a > h ? v + a : h;
				l = v + b < l ? v + b : l;
			}
			AT(nt->hi, i, r) = isinf(h) ? NAN : h;
			AT(nt->lo, i, r) = isinf(l) ? NAN : l;
		}
	}
	for (i = 0; i < m; i++)
		lobs += lchoose((double)n[i], (double)(flip ? n[i] - k[i] : k[i]));
	/* P <= P_obs (1 + 1e-7), in logs. */
	nt->thr = lobs + log1p(REL_TIE);
	nt->lnorm = lchoose(nn, (double)nt->K);
	nt->sum = 0;
	nt->work = 0;
	rc = search(nt, 0, nt->K, 0);
	free(nt->hi);
	free(nt->lo);
	free(nt->rest_n);
	free(nt->lc);
	if (rc != 0)
		return TS_EXACT_TOO_BIG;
	*p = nt->sum > 1 ? 1 : nt->sum;
	return TS_EXACT_OK;
}

int
ts_stats_small_table(size_t m, const int64_t *k, const int64_t *n)
{
	double kk, nn;
	size_t i;

	if (!valid(m, k, n, &kk, &nn))
		return 0;
	for (i = 0; i < m; i++)
		if ((double)n[i] * kk / nn < 5 || (double)n[i] * (nn - kk) / nn < 5)
			return 1;
	return 0;
}

int
ts_stats_dispersion(size_t m, const int64_t *k, const int64_t *n,
    struct ts_dispersion_fit *out)
{
	struct ts_chisq h;
	double kk, nn, p0, w, sw = 0, sw2 = 0, tau2;
	size_t i;

	if (!valid(m, k, n, &kk, &nn) || kk == 0 || kk == nn)
		return -1;
	if (ts_stats_homogeneity(m, k, n, &h) != 0)
		return -1;
	p0 = kk / nn;
	for (i = 0; i < m; i++) {
		w = (double)n[i] / (p0 * (1 - p0));
		sw += w;
		sw2 += w * w;
	}
	out->chisq = h.statistic;
	out->df = h.df;
	out->p_value = h.p_value;
	out->phi = h.statistic / h.df;
	tau2 = (h.statistic - h.df) / (sw - sw2 / sw);
	out->tau2 = tau2 > 0 ? tau2 : 0;
	out->significant = h.statistic > qchisq(0.05, h.df, 0, 0);
	return 0;
}

int
ts_stats_funnel_check(int64_t k, int64_t n, double p0, double limit,
    enum ts_dispersion d, const struct ts_dispersion_fit *fit,
    double *low, double *high)
{
	double half = (1 - limit) / 2, dn = (double)n, z, v, rate;

	if (n <= 0 || k < 0 || k > n || !(p0 >= 0 && p0 <= 1)) {
		*low = *high = NAN;
		return 0;
	}
	rate = (double)k / dn;
	if (d == TS_DISPERSION_NONE || fit == NULL) {
		double lo = qbinom(half, dn, p0, 1, 0), hi = qbinom(half, dn, p0, 0, 0);
		*low = lo / dn;
		*high = hi / dn;
		return (double)k < lo ? -1 : (double)k > hi ? 1 : 0;
	}
	z = qnorm(half, 0, 1, 0, 0);
	v = p0 * (1 - p0) / dn;
	v = d == TS_DISPERSION_MULTIPLICATIVE ? v * fit->phi : v + fit->tau2;
	*low = p0 - z * sqrt(v);
	*high = p0 + z * sqrt(v);
	return rate < *low ? -1 : rate > *high ? 1 : 0;
}

double
ts_stats_funnel_chance(int64_t n, double p0, double limit)
{
	double half = (1 - limit) / 2, dn = (double)n, lo, hi, c;

	if (n <= 0 || !(p0 >= 0 && p0 <= 1))
		return NAN;
	lo = qbinom(half, dn, p0, 1, 0);
	hi = qbinom(half, dn, p0, 0, 0);
	c = lo > 0 ? pbinom(lo - 1, dn, p0, 1, 0) : 0;
	return c + pbinom(hi, dn, p0, 0, 0);
}
