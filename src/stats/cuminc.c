/* cuminc.c — the Aalen-Johansen cumulative incidence of conviction and its
 * infinitesimal jackknife standard error (see ts_cuminc.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <Rmath.h>

#include "ts_cuminc.h"

/* The order the fit walks: by day, then status; cases equal in both are
 * interchangeable (the fit does not read the opening day). */
static uint64_t
sort_key(const struct ts_case_time *o)
{
	return (uint64_t)(uint32_t)o->days << 2 | o->status;
}

/* Sorts obs by sort_key: insertion for a few cases, else a radix sort a
 * byte at a time over the bytes the largest key uses (a group's days span
 * a few thousand, so two or three passes of n each, where a comparison
 * sort cost about 1,200 instructions a case).  Returns -1 when out of
 * memory. */
static int
sort_by_days(struct ts_case_time *obs, size_t n)
{
	struct ts_case_time *tmp, *from = obs, *to, *swap;
	size_t count[256], i, pos, sum;
	uint64_t max = 0;
	unsigned shift;

	if (n < 64) {
		for (i = 1; i < n; i++) {
			struct ts_case_time t = obs[i];
			size_t j = i;
			for (; j > 0 && sort_key(&obs[j - 1]) > sort_key(&t); j--)
				obs[j] = obs[j - 1];
			obs[j] = t;
		}
		return 0;
	}
	for (i = 0; i < n; i++)
		if (sort_key(&obs[i]) > max)
			max = sort_key(&obs[i]);
	tmp = malloc(n * sizeof *tmp);
	if (tmp == NULL)
		return -1;
	to = tmp;
	for (shift = 0; shift < 64 && max >> shift != 0; shift += 8) {
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[sort_key(&from[i]) >> shift & 0xff]++;
		for (i = 0, sum = 0; i < 256; i++) {
			pos = count[i];
			count[i] = sum;
			sum += pos;
		}
		for (i = 0; i < n; i++)
			to[count[sort_key(&from[i]) >> shift & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != obs)
		memcpy(obs, from, n * sizeof *obs);
	free(tmp);
	return 0;
}

/* One distinct time u_l: the cases at risk and the outcomes there. */
struct step {
	double u, y, d1, d2;
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
		h1 = st[l].d1 / y;
		h = (st[l].d1 + st[l].d2) / y;
		dF += dS * h1 - st[l].s_before * h1 / y;
		dS = dS * (1 - h) + st[l].s_before * h / y;
	}
	st[last].pre_s = dS;
	st[last].pre_f = dF;
	st[last].tail = 0;
	for (l = last; l-- > 0;) {
		h1 = st[l].d1 / st[l].y;
		h = (st[l].d1 + st[l].d2) / st[l].y;
		g = h1 + (1 - h) * g;
		st[l].tail = g;
	}
}

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
	size_t L = 0, i, j, k = 0, l, last, cls_start;

	if (n == 0 || !(level > 0 && level < 1))
		return -1;
	for (i = 0; i < n; i++)
		if (obs[i].days < 0)
			return -1;
	if (sort_by_days(obs, n) != 0)
		return -1;
	st = malloc((n + 1) * sizeof *st);
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
	 * and dF = sum_l dS_{l-1} h1_l + S_{l-1} dh1_l.
	 * Walking the steps for every class costs classes x steps, quadratic
	 * in a group's cases.  Before a class's own step k every class sees
	 * the same recurrence (dY = 1, dd = 0), so one forward pass gives dS
	 * and dF there for all; after it (dY = dd = 0) dF grows by dS_k times
	 * g_{k+1} = sum_{l>k} h1_l prod_{k<j<l} (1 - h_j), one backward pass.
	 * Only step k itself depends on the class's status. */
	prefix_and_tail(st, last);
	var = 0;
	for (i = 0; i < n; i = cls_start) {
		double t_i = obs[i].days, cnt, dS, dF;
		int stat = obs[i].status;
		for (cls_start = i; cls_start < n && obs[cls_start].days == obs[i].days &&
		    obs[cls_start].status == stat; cls_start++)
			;
		cnt = (double)(cls_start - i);
		for (; k < L && st[k].u < t_i; k++)
			;
		if (k >= last) {
			dF = st[last].pre_f;
		} else {
			double dd1 = stat == TS_CASE_CONVICTION;
			double dd = stat != TS_CASE_CENSORED;
			y = st[k].y;
			h1 = st[k].d1 / y;
			h = (st[k].d1 + st[k].d2) / y;
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
	out->median = curve_quantile(st, L, 0.5);
	out->q1 = curve_quantile(st, L, 0.25);
	out->q3 = curve_quantile(st, L, 0.75);
	free(st);
	return 0;
}
