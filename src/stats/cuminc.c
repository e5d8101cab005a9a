/* cuminc.c — the Aalen-Johansen cumulative incidence of conviction and its
 * infinitesimal jackknife standard error (see ts_cuminc.h). */
#include <math.h>
#include <stdlib.h>

#include <Rmath.h>

#include "ts_cuminc.h"

static int
by_days(const void *pa, const void *pb)
{
	const struct ts_case_time *a = pa, *b = pb;

	if (a->days != b->days)
		return a->days < b->days ? -1 : 1;
	return (a->status > b->status) - (a->status < b->status);
}

/* One distinct time u_l: the cases at risk and the outcomes there. */
struct step {
	double u, y, d1, d2;
	double s_before;        /* S(u_l -) */
	double f;               /* F(u_l) */
};

/* The quantile q of the rising curve F: the first time F reaches q
 * (within rounding); NaN when it never does. */
static double
curve_quantile(const struct step *st, size_t L, double q)
{
	size_t l;

	for (l = 0; l < L; l++)
		if (st[l].f >= q - 1e-12)
			return st[l].u;
	return NAN;
}

int
ts_cuminc_fit(struct ts_case_time *obs, size_t n, double at, double level,
    struct ts_cuminc *out)
{
	struct step *st;
	double s, f, var, se, z, h, h1, y;
	size_t L = 0, i, j, l, last, cls_start;

	if (n == 0 || !(level > 0 && level < 1))
		return -1;
	for (i = 0; i < n; i++)
		if (obs[i].days < 0)
			return -1;
	qsort(obs, n, sizeof *obs, by_days);
	st = malloc(n * sizeof *st);
	if (st == NULL)
		return -1;
	out->at_risk = 0;
	out->convicted = 0;
	for (i = 0; i < n; i = j) {
		struct step *p = &st[L++];
		p->u = obs[i].days;
		p->y = (double)(n - i);
		p->d1 = p->d2 = 0;
		for (j = i; j < n && obs[j].days == obs[i].days; j++) {
			p->d1 += obs[j].status == TS_CASE_CONVICTION;
			p->d2 += obs[j].status == TS_CASE_COMPETING;
		}
	}
	for (i = 0; i < n; i++) {
		out->at_risk += obs[i].days >= at || obs[i].status != TS_CASE_CENSORED;
		out->convicted += obs[i].status == TS_CASE_CONVICTION && obs[i].days <= at;
	}
	s = 1;
	f = 0;
	for (l = 0; l < L; l++) {
		st[l].s_before = s;
		f += s * st[l].d1 / st[l].y;
		st[l].f = f;
		s *= 1 - (st[l].d1 + st[l].d2) / st[l].y;
	}
	/* The steps up to `at`. */
	for (last = 0; last < L && st[last].u <= at; last++)
		;
	out->estimate = last ? st[last - 1].f : 0;
	/* dF(at)/dw_i depends only on the case's time and status: one
	 * derivative per (time, status) class, times the cases in it.  With
	 * dh_l = (dd_l - h_l dY_l) / Y_l, dS_l = dS_{l-1} (1 - h_l) - S_{l-1} dh_l
	 * and dF = sum_l dS_{l-1} h1_l + S_{l-1} dh1_l. */
	var = 0;
	for (i = 0; i < n; i = cls_start) {
		double t_i = obs[i].days, cnt, dS = 0, dF = 0;
		int stat = obs[i].status;
		for (cls_start = i; cls_start < n && obs[cls_start].days == obs[i].days &&
		    obs[cls_start].status == stat; cls_start++)
			;
		cnt = (double)(cls_start - i);
		for (l = 0; l < last; l++) {
			double dy = t_i >= st[l].u ? 1 : 0;
			double at_l = t_i == st[l].u;
			double dd1 = at_l && stat == TS_CASE_CONVICTION;
			double dd = at_l && stat != TS_CASE_CENSORED;
			y = st[l].y;
			h1 = st[l].d1 / y;
			h = (st[l].d1 + st[l].d2) / y;
			dF += dS * h1 + st[l].s_before * (dd1 - h1 * dy) / y;
			dS = dS * (1 - h) - st[l].s_before * (dd - h * dy) / y;
		}
		var += cnt * dF * dF;
	}
	se = sqrt(var);
	out->std_err = se;
	z = qnorm((1 + level) / 2, 0, 1, 1, 0);
	if (out->estimate > 0) {
		out->low = out->estimate * exp(-z * se / out->estimate);
		out->high = out->estimate * exp(z * se / out->estimate);
		if (out->high > 1)
			out->high = 1;
	} else {
		out->low = out->high = NAN;
	}
	out->median = curve_quantile(st, L, 0.5);
	out->q1 = curve_quantile(st, L, 0.25);
	out->q3 = curve_quantile(st, L, 0.75);
	free(st);
	return 0;
}
