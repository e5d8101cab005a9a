/* cuminc.c — the Aalen-Johansen cumulative incidence of conviction and its
 * infinitesimal jackknife standard error (see ts_cuminc.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <Rmath.h>

#include "ts_cuminc.h"
#include "ts_sort.h"

int
ts_cuminc_classes(uint32_t *times, size_t n, struct ts_cuminc_class **out,
    size_t *nout)
{
	struct ts_cuminc_class *cls;
	size_t i, m = 0;

	*out = NULL;
	*nout = 0;
	if (ts_sort_u32(times, n) != 0)
		return -1;
	for (i = 0; i < n; i++)
		m += i == 0 || times[i] != times[i - 1];
	if ((cls = malloc((m ? m : 1) * sizeof *cls)) == NULL)
		return -1;
	for (i = 0, m = 0; i < n; i++) {
		if (i == 0 || times[i] != times[i - 1]) {
			cls[m].time = times[i];
			cls[m++].cases = 0;
		}
		cls[m - 1].cases++;
	}
	*out = cls;
	*nout = m;
	return 0;
}

/* One distinct time u_l: the cases at risk and the outcomes there. */
struct step {
	double u, y, d1, d2;
	double h1, h;           /* d1 / y and (d1 + d2) / y, worked out once */
	double s_before;        /* S(u_l -) */
	double f;               /* F(u_l) */
	/* For the influence of a case at or after u_l: dS and dF after the
	 * steps before l, and g_l, dF's growth per unit of dS from l to `at`. */
	double pre_s, pre_f, tail;
};

/* Fills pre_s, pre_f for l = 0..last and tail for l = last..0 (st has
 * room for last + 1 entries). */
static void
prefix_and_tail(struct step *st, size_t last)
{
	double dS = 0, dF = 0, g = 0, y, h, h1;
	size_t l;

	for (l = 0; l < last; l++) {
		st[l].pre_s = dS;
		st[l].pre_f = dF;
		y = st[l].y;
		h1 = st[l].h1;
		h = st[l].h;
		dF += dS * h1 - st[l].s_before * h1 / y;
		dS = dS * (1 - h) + st[l].s_before * h / y;
	}
	st[last].pre_s = dS;
	st[last].pre_f = dF;
	st[last].tail = 0;
	for (l = last; l-- > 0;) {
		g = st[l].h1 + (1 - st[l].h) * g;
		st[l].tail = g;
	}
}

/* The quantile q of the rising curve F: the first time F reaches q
 * (within rounding), st[*l].u; NaN when it never does (*l = L).  The
 * search starts at *l, the step where a lower quantile was reached (or
 * 0): no step before it reaches that one, so none reaches q. */
static double
curve_quantile(const struct step *st, size_t L, double q, size_t *l)
{
	for (; *l < L; ++*l)
		if (st[*l].f >= q - 1e-12)
			return st[*l].u;
	return NAN;
}

int
ts_cuminc_fit(const struct ts_cuminc_class *cls, size_t n, double at, double level,
    struct ts_cuminc *out)
{
	struct step *st;
	double s, f, var, se, z, h, h1, y;
	size_t L = 0, i, j, k = 0, l, last;
	uint64_t cases = 0, left;
	uint32_t day;

	if (n == 0 || !(level > 0 && level < 1))
		return -1;
	for (i = 0; i < n; i++) {
		if (cls[i].cases == 0 || ts_cuminc_status(cls[i].time) > TS_CASE_COMPETING ||
		    (i > 0 && cls[i].time <= cls[i - 1].time))
			return -1;
		cases += cls[i].cases;
	}
	st = malloc((n + 1) * sizeof *st);
	if (st == NULL)
		return -1;
	out->at_risk = 0;
	out->convicted = 0;
	left = cases;
	for (i = 0; i < n; i = j) {
		struct step *p = &st[L++];
		day = ts_cuminc_days(cls[i].time);
		p->u = day;
		p->y = (double)left;
		p->d1 = p->d2 = 0;
		for (j = i; j < n && ts_cuminc_days(cls[j].time) == day; j++) {
			if (ts_cuminc_status(cls[j].time) == TS_CASE_CONVICTION)
				p->d1 = (double)cls[j].cases;
			else if (ts_cuminc_status(cls[j].time) == TS_CASE_COMPETING)
				p->d2 = (double)cls[j].cases;
			left -= cls[j].cases;
		}
	}
	for (i = 0; i < n; i++) {
		double t_i = ts_cuminc_days(cls[i].time);
		enum ts_case_status stat = ts_cuminc_status(cls[i].time);
		if (t_i >= at || stat != TS_CASE_CENSORED)
			out->at_risk += (int64_t)cls[i].cases;
		if (stat == TS_CASE_CONVICTION && t_i <= at)
			out->convicted += (int64_t)cls[i].cases;
	}
	s = 1;
	f = 0;
	for (l = 0; l < L; l++) {
		st[l].h1 = st[l].d1 / st[l].y;
		st[l].h = (st[l].d1 + st[l].d2) / st[l].y;
		st[l].s_before = s;
		f += s * st[l].d1 / st[l].y;
		st[l].f = f;
		s *= 1 - st[l].h;
	}
	/* The steps up to `at`. */
	for (last = 0; last < L && st[last].u <= at; last++)
		;
	out->estimate = last ? st[last - 1].f : 0;
	/* dF(at)/dw_i depends only on the case's time and status: one
	 * derivative per (time, status) class, times the cases in it.  With
	 * dh_l = (dd_l - h_l dY_l) / Y_l, dS_l = dS_{l-1} (1 - h_l) - S_{l-1} dh_l
	 * and dF = sum_l dS_{l-1} h1_l + S_{l-1} dh1_l.
	 * Walking the steps for every class costs classes x steps, quadratic
	 * in a group's cases.  Before a class's own step k every class sees
	 * the same recurrence (dY = 1, dd = 0), so one forward pass gives dS
	 * and dF there for all; after it (dY = dd = 0) dF grows by dS_k times
	 * g_{k+1} = sum_{l>k} h1_l prod_{k<j<l} (1 - h_j), one backward pass.
	 * Only step k itself depends on the class's status. */
	prefix_and_tail(st, last);
	var = 0;
	for (i = 0; i < n; i++) {
		double t_i = ts_cuminc_days(cls[i].time), cnt = (double)cls[i].cases, dS, dF;
		enum ts_case_status stat = ts_cuminc_status(cls[i].time);
		for (; k < L && st[k].u < t_i; k++)
			;
		if (k >= last) {
			dF = st[last].pre_f;
		} else {
			double dd1 = stat == TS_CASE_CONVICTION;
			double dd = stat != TS_CASE_CENSORED;
			y = st[k].y;
			h1 = st[k].h1;
			h = st[k].h;
			dS = st[k].pre_s;
			dF = st[k].pre_f + dS * h1 + st[k].s_before * (dd1 - h1) / y;
			dS = dS * (1 - h) - st[k].s_before * (dd - h) / y;
			dF += dS * st[k + 1].tail;
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
	l = 0;
	out->q1 = curve_quantile(st, L, 0.25, &l);
	out->median = curve_quantile(st, L, 0.5, &l);
	out->q3 = curve_quantile(st, L, 0.75, &l);
	free(st);
	return 0;
}
