/* test_stats.c — intervals against R's reference values (tests/data). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <Rmath.h>

#include "refdata.h"

#include "ts_cuminc.h"
#include "ts_stats.h"

/* The tolerance of REFSTATS.md: 1e-12 relative, 1e-10 below 1e-100. */
static int
close_p(double got, double want)
{
	return ref_close_rel(got, want, fabs(want) < 1e-100 ? 1e-10 : 1e-12);
}

static void
test_reference_rows(void **state)
{
	FILE *fp = fopen("tests/data/intervals.csv", "r");
	char line[512], method[32], levelstr[16];
	long long k, n;
	double est, lo, hi;
	int checked = 0;

	(void)state;
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));   /* header */
	while (fgets(line, sizeof line, fp)) {
		struct ts_interval ci;
		enum ts_ci_method m;
		char *p;

		for (p = line; *p; p++)
			if (*p == ',')
				*p = ' ';
		assert_int_equal(sscanf(line, "%lld %lld %15s %31s %lf %lf %lf",
		    &k, &n, levelstr, method, &est, &lo, &hi), 7);
		if (ts_stats_method_parse(method, &m) != 0)
			fail_msg("unknown method %s", method);
		if (ts_stats_interval(m, k, n, strtod(levelstr, NULL), &ci) != 0)
			fail_msg("%s k=%lld n=%lld level=%s refused", method, k, n, levelstr);
		if (!ref_close_rel(ci.value, est, 1e-12) || !ref_close_rel(ci.low, lo, 1e-12) ||
		    !ref_close_rel(ci.high, hi, 1e-12))
			fail_msg("%s k=%lld n=%lld level=%s: got %.17g %.17g %.17g, "
			    "want %.17g %.17g %.17g", method, k, n, levelstr,
			    ci.value, ci.low, ci.high, est, lo, hi);
		checked++;
	}
	fclose(fp);
	/* Every row of the file: 66 counts x 3 levels x 5 methods. */
	assert_int_equal(checked, 330);
}

static void
test_two_prop_rows(void **state)
{
	FILE *fp = fopen("tests/data/two_prop.csv", "r");
	char line[1024], *f[16];
	int checked = 0;

	(void)state;
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));
	while (fgets(line, sizeof line, fp)) {
		int64_t k1, n1, k2, n2;
		double want_diff, want_z, want_f, want_lo, want_hi, z, fp_;
		struct ts_interval nc;

		assert_int_equal(ref_split(line, f, 16), 9);
		k1 = strtoll(f[0], NULL, 10);
		n1 = strtoll(f[1], NULL, 10);
		k2 = strtoll(f[2], NULL, 10);
		n2 = strtoll(f[3], NULL, 10);
		want_diff = strtod(f[4], NULL);
		want_z = strtod(f[5], NULL);
		want_f = strtod(f[6], NULL);
		want_lo = strtod(f[7], NULL);
		want_hi = strtod(f[8], NULL);
		z = ts_stats_ztest_p(k1, n1, k2, n2);
		fp_ = ts_stats_fisher_p(k1, n1, k2, n2);
		assert_int_equal(ts_stats_newcombe(k1, n1, k2, n2, 0.95, &nc), 0);
		if (!ref_close_rel(ts_stats_diff(k1, n1, k2, n2), want_diff, 1e-12) ||
		    !ref_close_rel(nc.value, want_diff, 1e-12) || !close_p(z, want_z) ||
		    !close_p(fp_, want_f) || !ref_close_rel(nc.low, want_lo, 1e-12) ||
		    !ref_close_rel(nc.high, want_hi, 1e-12))
			fail_msg("%s/%s vs %s/%s: got diff %.17g z %.17g fisher %.17g "
			    "newcombe %.17g %.17g", f[0], f[1], f[2], f[3], nc.value, z,
			    fp_, nc.low, nc.high);
		checked++;
	}
	fclose(fp);
	assert_int_equal(checked, 9);
}

static void
test_trend_rows(void **state)
{
	FILE *fp = fopen("tests/data/trend.csv", "r");
	char line[2048], *f[16];
	int checked = 0;

	(void)state;
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));
	while (fgets(line, sizeof line, fp)) {
		int64_t k[64], n[64], sc[64];
		size_t m, i;
		struct ts_chisq tr, ho;

		assert_int_equal(ref_split(line, f, 16), 11);
		m = (size_t)strtoul(f[1], NULL, 10);
		assert_int_equal(ref_parse_list(f[2], k, 64), m);
		assert_int_equal(ref_parse_list(f[3], n, 64), m);
		assert_int_equal(ref_parse_list(f[4], sc, 64), m);
		for (i = 0; i < m; i++)
			assert_int_equal(sc[i], (int64_t)i + 1);   /* scores 1..m */
		assert_int_equal(ts_stats_trend(m, k, n, &tr), 0);
		assert_int_equal(ts_stats_homogeneity(m, k, n, &ho), 0);
		if (!ref_close_rel(tr.z, strtod(f[5], NULL), 1e-12) ||
		    !ref_close_rel(tr.statistic, strtod(f[6], NULL), 1e-12) ||
		    !close_p(tr.p_value, strtod(f[7], NULL)) ||
		    !ref_close_rel(ho.statistic, strtod(f[8], NULL), 1e-12) ||
		    ho.df != strtod(f[9], NULL) ||
		    !close_p(ho.p_value, strtod(f[10], NULL)))
			fail_msg("%s: got trend z %.17g chisq %.17g p %.17g, homog %.17g "
			    "df %g p %.17g", f[0], tr.z, tr.statistic, tr.p_value,
			    ho.statistic, ho.df, ho.p_value);
		checked++;
	}
	fclose(fp);
	assert_int_equal(checked, 5);
}

static void
test_motivating_figure(void **state)
{
	struct ts_interval ci;

	(void)state;
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 19, 229, 0.95, &ci), 0);
	/* R: prop.test(19, 229, correct = FALSE) */
	assert_true(ref_close_rel(ci.value, 0.082969432314410, 1e-12));
	assert_true(ref_close_rel(ci.low, 0.053757991454388, 1e-12));
	assert_true(ref_close_rel(ci.high, 0.125941358621043, 1e-12));
}

static void
test_edges(void **state)
{
	struct ts_interval ci;

	(void)state;
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 0, 10, 0.95, &ci), 0);
	assert_true(ci.low == 0.0);
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 10, 10, 0.95, &ci), 0);
	assert_true(ci.high == 1.0);
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 0, 0, 0.95, &ci), -1);
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 5, 4, 0.95, &ci), -1);
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, -1, 4, 0.95, &ci), -1);
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 1, 4, 1.0, &ci), -1);
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 1, 4, 0.0, &ci), -1);
	/* n near 1e9: k(n-k) must not overflow. */
	assert_int_equal(ts_stats_interval(TS_CI_WILSON, 500000000, 1000000000, 0.95, &ci), 0);
	assert_true(ci.low < 0.5 && ci.high > 0.5 && ci.high - ci.low < 1e-4);
}

/* Cases outside the reference files, checked against the definitions
 * rather than against stored numbers: at the Clopper-Pearson limits the
 * binomial tails equal alpha/2, at the Jeffreys limits the beta tails do,
 * and the Wilson limits solve (k - n p)^2 = z^2 n p (1 - p). */
static void
test_definitions(void **state)
{
	static const int64_t cases[][2] = {
		{ 0, 1 }, { 1, 1 }, { 0, 7 }, { 7, 7 }, { 1, 2 }, { 3, 17 },
		{ 16, 17 }, { 0, 1000000000 }, { 1, 1000000000 },
		{ 999999999, 1000000000 }, { 1000000000, 1000000000 },
		{ 123456789, 1000000000 },
	};
	static const double levels[] = { 0.5, 0.8, 0.999, 0.9999999 };
	size_t c, l;
	int m;

	(void)state;
	for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		for (l = 0; l < sizeof levels / sizeof levels[0]; l++) {
			int64_t k = cases[c][0], n = cases[c][1];
			double dk = (double)k, dn = (double)n, lv = levels[l];
			double half = (1 - lv) / 2, z = qnorm(half, 0, 1, 0, 0);
			struct ts_interval ci, mirror;

			for (m = 0; m < TS_CI_NMETHODS; m++) {
				assert_int_equal(ts_stats_interval((enum ts_ci_method)m, k, n, lv, &ci), 0);
				assert_true(ci.low <= ci.value && ci.value <= ci.high);
				assert_true(ci.low >= 0 && ci.high <= 1);
				if (k == 0)
					assert_true(ci.low == 0);
				if (k == n)
					assert_true(ci.high == 1);
				/* Every method treats successes and failures alike. */
				assert_int_equal(ts_stats_interval((enum ts_ci_method)m, n - k, n, lv, &mirror), 0);
				if (!ref_close_rel(1 - mirror.high, ci.low, 1e-9) && ci.low > 1e-6)
					fail_msg("%s %lld/%lld at %g not symmetric: %.17g vs %.17g",
					    ts_stats_method_name((enum ts_ci_method)m), (long long)k,
					    (long long)n, lv, ci.low, 1 - mirror.high);
			}
			/* Tails at limits within 1e-6 of 1 are too ill-conditioned
			 * to check this way; the mirror check above covers them. */
			assert_int_equal(ts_stats_interval(TS_CI_EXACT, k, n, lv, &ci), 0);
			if (k > 0 && ci.low < 1 - 1e-6)
				assert_true(ref_close_rel(pbinom(dk - 1, dn, ci.low, 0, 0), half, 1e-8));
			if (k < n && ci.high < 1 - 1e-6)
				assert_true(ref_close_rel(pbinom(dk, dn, ci.high, 1, 0), half, 1e-8));
			if (k == 0)   /* closed form: 1 - (alpha/2)^(1/n) */
				assert_true(ref_close_rel(ci.high, -expm1(log(half) / dn), 1e-12));
			if (k == n)
				assert_true(ref_close_rel(ci.low, exp(log(half) / dn), 1e-12));
			assert_int_equal(ts_stats_interval(TS_CI_JEFFREYS, k, n, lv, &ci), 0);
			if (k > 0 && ci.low < 1 - 1e-6)
				assert_true(ref_close_rel(pbeta(ci.low, dk + 0.5, dn - dk + 0.5, 1, 0), half, 1e-8));
			if (k < n && ci.high < 1 - 1e-6)
				assert_true(ref_close_rel(pbeta(ci.high, dk + 0.5, dn - dk + 0.5, 0, 0), half, 1e-8));
			/* k - n p cancels for huge n: solve-checks only for small n. */
			assert_int_equal(ts_stats_interval(TS_CI_WILSON, k, n, lv, &ci), 0);
			if (k > 0 && n < 1000000) {
				double r = dk - dn * ci.low;
				assert_true(ref_close_rel(r * r, z * z * dn * ci.low * (1 - ci.low), 1e-7));
			}
			assert_int_equal(ts_stats_interval(TS_CI_WILSON_CC, k, n, lv, &ci), 0);
			if (k < n && n < 1000000) {
				double r = dk + 0.5 - dn * ci.high;
				assert_true(ref_close_rel(r * r, z * z * dn * ci.high * (1 - ci.high), 1e-7));
			}
		}
	}
}

/* Agresti-Coull against its formula in long double, and its clipping. */
static void
test_agresti_coull(void **state)
{
	struct ts_interval ci;
	long double z, nt, pt, w;

	(void)state;
	assert_int_equal(ts_stats_interval(TS_CI_AGRESTI_COULL, 3, 40, 0.5, &ci), 0);
	z = qnorm(0.25, 0, 1, 0, 0);
	nt = 40 + z * z;
	pt = (3 + z * z / 2) / nt;
	w = z * sqrtl(pt * (1 - pt) / nt);
	assert_true(ref_close_rel(ci.low, (double)(pt - w), 1e-13));
	assert_true(ref_close_rel(ci.high, (double)(pt + w), 1e-13));
	/* k = 1 of 29 at 99%: the lower limit would be negative. */
	assert_int_equal(ts_stats_interval(TS_CI_AGRESTI_COULL, 1, 29, 0.99, &ci), 0);
	assert_true(ci.low == 0);
	assert_int_equal(ts_stats_interval(TS_CI_AGRESTI_COULL, 28, 29, 0.99, &ci), 0);
	assert_true(ci.high == 1);
	/* wilson-cc does not copy R's k = n/2 quirk: it is wider than Wilson. */
	{
		struct ts_interval w1;
		assert_int_equal(ts_stats_interval(TS_CI_WILSON, 5, 10, 0.95, &w1), 0);
		assert_int_equal(ts_stats_interval(TS_CI_WILSON_CC, 5, 10, 0.95, &ci), 0);
		assert_true(ci.low < w1.low && ci.high > w1.high);
	}
}

/* Fisher's test against a literal sum over every table, R's rule. */
static void
test_fisher_enumeration(void **state)
{
	static const int64_t t[][4] = {
		{ 3, 6, 3, 6 }, { 1, 2, 1, 2 }, { 0, 5, 5, 5 }, { 2, 9, 7, 11 },
		{ 12, 40, 3, 37 }, { 1, 3, 0, 1 }, { 7, 7, 0, 3 }, { 4, 30, 4, 30 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		double m = (double)(t[i][0] + t[i][2]), r = (double)t[i][1];
		double nb = (double)(t[i][1] + t[i][3]) - m, x, want = 0;
		double obs = dhyper((double)t[i][0], m, nb, r, 0);

		for (x = 0; x <= r; x++) {
			double d = dhyper(x, m, nb, r, 0);
			if (d <= obs * (1 + 1e-7))
				want += d;
		}
		if (want > 1)
			want = 1;
		if (!ref_close_rel(ts_stats_fisher_p(t[i][0], t[i][1], t[i][2], t[i][3]), want, 1e-12))
			fail_msg("table %zu: %.17g vs %.17g", i,
			    ts_stats_fisher_p(t[i][0], t[i][1], t[i][2], t[i][3]), want);
	}
	assert_true(isnan(ts_stats_fisher_p(3, 2, 1, 4)));
	assert_true(ts_stats_fisher_p(0, 4, 0, 9) == 1);
	assert_int_equal(ts_stats_small_expected(19, 229, 30, 250), 0);
	assert_int_equal(ts_stats_small_expected(0, 10, 5, 10), 1);
}

/* With two groups the trend and homogeneity tests are the z-test. */
static void
test_two_groups(void **state)
{
	int64_t k[2] = { 19, 30 }, n[2] = { 229, 250 };
	struct ts_chisq tr, ho;
	double z = ts_stats_ztest_p(19, 229, 30, 250);

	(void)state;
	assert_int_equal(ts_stats_trend(2, k, n, &tr), 0);
	assert_int_equal(ts_stats_homogeneity(2, k, n, &ho), 0);
	assert_true(ref_close_rel(tr.p_value, z, 1e-12));
	assert_true(ref_close_rel(ho.p_value, z, 1e-12));
	assert_true(ref_close_rel(tr.statistic, ho.statistic, 1e-12));
	assert_true(tr.z > 0);   /* the rate rises */
	k[0] = k[1] = 0;
	assert_int_equal(ts_stats_trend(2, k, n, &tr), 0);
	assert_true(isnan(tr.p_value));
	assert_int_equal(ts_stats_homogeneity(2, k, n, &ho), 0);
	assert_true(isnan(ho.statistic) && ho.df == 1);
	assert_int_equal(ts_stats_trend(1, k, n, &tr), -1);
	k[0] = 300;
	assert_int_equal(ts_stats_homogeneity(2, k, n, &ho), -1);
}

static void
test_newcombe_levels(void **state)
{
	struct ts_interval a, b;

	(void)state;
	assert_int_equal(ts_stats_newcombe(30, 250, 19, 229, 0.5, &a), 0);
	assert_int_equal(ts_stats_newcombe(30, 250, 19, 229, 0.999, &b), 0);
	assert_true(b.low < a.low && a.low < a.value && a.value < a.high && a.high < b.high);
	/* Swapping the groups mirrors the interval. */
	assert_int_equal(ts_stats_newcombe(19, 229, 30, 250, 0.999, &a), 0);
	assert_true(ref_close_rel(a.low, -b.high, 1e-14) && ref_close_rel(a.high, -b.low, 1e-14));
	assert_int_equal(ts_stats_newcombe(1, 0, 1, 2, 0.95, &a), -1);
	assert_int_equal(ts_stats_newcombe(1, 2, 1, 2, 1.0, &a), -1);
}

static void
test_funnel(void **state)
{
	double p = 0.1, lo95 = qbinom(0.025, 200, p, 1, 0), hi95 = qbinom(0.025, 200, p, 0, 0);

	(void)state;
	assert_int_equal(ts_stats_funnel((int64_t)lo95, 200, p, 0.95), 0);
	assert_int_equal(ts_stats_funnel((int64_t)lo95 - 1, 200, p, 0.95), -1);
	assert_int_equal(ts_stats_funnel((int64_t)hi95, 200, p, 0.95), 0);
	assert_int_equal(ts_stats_funnel((int64_t)hi95 + 1, 200, p, 0.95), 1);
	/* Below the 95% limit need not be below the 99.8% one. */
	assert_int_equal(ts_stats_funnel((int64_t)lo95 - 1, 200, p, 0.998), 0);
	assert_true(pbinom(lo95 - 1, 200, p, 1, 0) < 0.025);
	assert_int_equal(ts_stats_funnel(0, 200, p, 0.998), -1);
}

static int
cmp_dbl(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

/* Many whole days sort as integer keys (counted, or by a radix sort when
 * one is far), others by comparison: the quartiles must be those of a
 * plain sort either way. */
static void
test_cohort_many(void **state)
{
	enum { N = 5001 };
	static double days[N], copy[N];
	struct ts_cohort c;
	uint32_t x = 12345;
	size_t i;
	int round;

	(void)state;
	for (round = 0; round < 4; round++) {
		for (i = 0; i < N; i++) {
			x = x * 1103515245u + 12345u;
			days[i] = (double)((x >> 8) % 4000u);
			if (round == 1 && i == N / 2)
				days[i] = 10.5;         /* not a whole day */
			if (round == 2 && i == 7)
				days[i] = 3e6;          /* too far for a table */
			if (round == 3 && i == 9)
				days[i] = 5e9;          /* too far for a key */
		}
		memcpy(copy, days, sizeof days);
		qsort(copy, N, sizeof *copy, cmp_dbl);
		assert_int_equal(ts_stats_cohort(N + 10, 10, days, N, &c), 0);
		assert_memory_equal(days, copy, sizeof days);
		/* (N - 1) / 4 is whole: each quartile is one of the days. */
		assert_true(c.q1_days == copy[1250] && c.median_days == copy[2500] &&
		    c.q3_days == copy[3750]);
	}
}

static void
test_cohort(void **state)
{
	double days[] = { 400, 100, 300, 200 };
	double none[1];
	struct ts_cohort c;

	(void)state;
	assert_int_equal(ts_stats_cohort(10, 3, days, 4, &c), 0);
	assert_int_equal(c.convicted, 4);
	assert_true(ref_close_rel(c.share_open, 0.3, 1e-15));
	/* R: quantile(c(100, 200, 300, 400)) gives 175, 250, 325. */
	assert_true(c.q1_days == 175 && c.median_days == 250 && c.q3_days == 325);
	assert_int_equal(ts_stats_cohort(600, 600, none, 0, &c), 0);
	assert_true(c.share_open == 1 && isnan(c.median_days));
	assert_int_equal(ts_stats_cohort(3, 1, days, 4, &c), -1);
	days[0] = -1;
	assert_int_equal(ts_stats_cohort(10, 0, days, 4, &c), -1);
	assert_true(isnan(ts_stats_quantile(days, 0, 0.5)));
	days[0] = 7;
	assert_true(ts_stats_quantile(days, 1, 0.75) == 7);
}

static void
test_method_names(void **state)
{
	enum ts_ci_method m;

	(void)state;
	assert_int_equal(ts_stats_method_parse("wilson", &m), 0);
	assert_int_equal(m, TS_CI_WILSON);
	assert_int_equal(ts_stats_method_parse("agresti_coull", &m), 0);
	assert_int_equal(m, TS_CI_AGRESTI_COULL);
	assert_int_equal(ts_stats_method_parse("wald", &m), -1);
	assert_string_equal(ts_stats_method_name(TS_CI_EXACT), "exact");
}

/* Cases packed as times gather into classes by day, then outcome (open
 * first), and the fit of four cases is worked out by hand: at 25 days
 * F = 1/3 (the conviction at 10 of the 3 at risk; the acquittal at 20
 * halves S); the one at 30 lifts F to 2/3, so the median is 30 days, the
 * first quartile 10, the third not reached.  Classes out of order,
 * repeated, empty or of an unknown outcome are refused. */
static void
test_cuminc_classes(void **state)
{
	uint32_t times[] = {
		ts_cuminc_time(30, TS_CASE_CONVICTION), ts_cuminc_time(5, TS_CASE_CENSORED),
		ts_cuminc_time(20, TS_CASE_COMPETING), ts_cuminc_time(10, TS_CASE_CONVICTION),
		ts_cuminc_time(10, TS_CASE_CONVICTION), ts_cuminc_time(10, TS_CASE_CENSORED),
	};
	struct ts_cuminc_class *cls, bad[2];
	struct ts_cuminc ci;
	size_t n;

	(void)state;
	assert_int_equal(ts_cuminc_classes(times, 6, &cls, &n), 0);
	assert_int_equal(n, 5);
	assert_true(cls[0].time == ts_cuminc_time(5, TS_CASE_CENSORED) && cls[0].cases == 1);
	assert_true(cls[1].time == ts_cuminc_time(10, TS_CASE_CENSORED) && cls[1].cases == 1);
	assert_true(cls[2].time == ts_cuminc_time(10, TS_CASE_CONVICTION) && cls[2].cases == 2);
	assert_int_equal(ts_cuminc_days(cls[4].time), 30);
	assert_int_equal(ts_cuminc_status(cls[3].time), TS_CASE_COMPETING);
	free(cls);
	/* The four of the comment: one conviction at 10. */
	times[0] = ts_cuminc_time(30, TS_CASE_CONVICTION);
	times[1] = ts_cuminc_time(5, TS_CASE_CENSORED);
	times[2] = ts_cuminc_time(20, TS_CASE_COMPETING);
	times[3] = ts_cuminc_time(10, TS_CASE_CONVICTION);
	assert_int_equal(ts_cuminc_classes(times, 4, &cls, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(ts_cuminc_fit(cls, n, 25, 0.95, &ci), 0);
	assert_true(fabs(ci.estimate - 1.0 / 3) < 1e-15);
	assert_int_equal(ci.at_risk, 3);
	assert_int_equal(ci.convicted, 1);
	assert_true(ci.median == 30 && ci.q1 == 10 && isnan(ci.q3));
	assert_int_equal(ts_cuminc_fit(cls, n, 40, 0.95, &ci), 0);
	assert_true(fabs(ci.estimate - 2.0 / 3) < 1e-15 && ci.convicted == 2);
	assert_int_equal(ts_cuminc_fit(cls, 0, 25, 0.95, &ci), -1);
	bad[0] = cls[1];
	bad[1] = cls[0];
	assert_int_equal(ts_cuminc_fit(bad, 2, 25, 0.95, &ci), -1);
	bad[1] = cls[1];
	assert_int_equal(ts_cuminc_fit(bad, 2, 25, 0.95, &ci), -1);
	bad[0].cases = 0;
	assert_int_equal(ts_cuminc_fit(bad, 1, 25, 0.95, &ci), -1);
	bad[0].cases = 1;
	bad[0].time |= 3;
	assert_int_equal(ts_cuminc_fit(bad, 1, 25, 0.95, &ci), -1);
	free(cls);
	assert_int_equal(ts_cuminc_classes(times, 0, &cls, &n), 0);
	assert_int_equal(n, 0);
	free(cls);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_rows),
		cmocka_unit_test(test_two_prop_rows),
		cmocka_unit_test(test_trend_rows),
		cmocka_unit_test(test_motivating_figure),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_method_names),
		cmocka_unit_test(test_definitions),
		cmocka_unit_test(test_agresti_coull),
		cmocka_unit_test(test_fisher_enumeration),
		cmocka_unit_test(test_two_groups),
		cmocka_unit_test(test_newcombe_levels),
		cmocka_unit_test(test_funnel),
		cmocka_unit_test(test_cohort),
		cmocka_unit_test(test_cohort_many),
		cmocka_unit_test(test_cuminc_classes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
