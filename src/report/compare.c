/* compare.c — differences, trend, homogeneity and funnel outliers between
 * the groups of a report (see ts_compare.h). */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>


#include "ts_basis.h"
#include "ts_compare.h"
#include "ts_fields.h"
#include "ts_i18n.h"
#include "ts_sort.h"
#include "group_impl.h"

/* The by-index of the period field comparisons run along, or -1. */
static int
period_field(const struct ts_report_options *opt)
{
	size_t b;

	for (b = 0; b < opt->nby; b++)
		if (opt->by[b].kind == TS_BY_PERIOD &&
		    (opt->by[b].prec == TS_PREC_YEAR || opt->by[b].prec == TS_PREC_QUARTER ||
		    opt->by[b].prec == TS_PREC_MONTH))
			return (int)b;
	return -1;
}

/* Compares key part b of two groups in report order. */
static int
part_cmp(const struct ts_result *r, size_t b, const struct ts_group *x,
    const struct ts_group *y)
{
	if (r->opt.by[b].kind == TS_BY_PERIOD)
		return ts_period_cmp(&x->key[b].period, &y->key[b].period);
	if (x->key[b].id == y->key[b].id)
		return 0;
	return strcmp(ts_store_string(r->st, x->key[b].id),
	    ts_store_string(r->st, y->key[b].id));
}

/* Same stratum: equal in every key part but the period field.  Without
 * a period field every group is in the one stratum. */
static int
stratum_cmp(const struct ts_result *r, int pf, const struct ts_group *x,
    const struct ts_group *y)
{
	size_t b;
	int c;

	if (pf < 0)
		return 0;
	for (b = 0; b < r->opt.nby; b++)
		if ((int)b != pf && (c = part_cmp(r, b, x, y)) != 0)
			return c;
	return 0;
}

/* What index_cmp() compares along: the result and its period field. */
struct index_order {
	const struct ts_result *r;
	int pf;
};

/* Stratum order, then period order, of two group indexes (ctx: struct
 * index_order). */
static int
index_cmp(const void *pa, const void *pb, const void *ctx)
{
	const struct index_order *o = ctx;
	const struct ts_result *r = o->r;
	const struct ts_group *x = &r->groups[*(const size_t *)pa];
	const struct ts_group *y = &r->groups[*(const size_t *)pb];
	int pf = o->pf, c = stratum_cmp(r, pf, x, y);

	if (c == 0 && pf >= 0)
		c = part_cmp(r, (size_t)pf, x, y);
	return c;
}

/* A group takes part when its conviction rate is a proportion that
 * --suppress does not withhold, and, along a period field, when it has a
 * period. */
static int
eligible(const struct ts_result *r, int pf, const struct ts_group *g)
{
	if (pf >= 0 && g->key[pf].period.precision == TS_PREC_NONE)
		return 0;
	if (g->rate_hidden[TS_RATE_CONVICTION])
		return 0;
	return ts_result_rate_has_interval(r, g, TS_RATE_CONVICTION);
}

static struct ts_cmp *
push(struct ts_comparisons *c, enum ts_cmp_kind kind, size_t group)
{
	struct ts_cmp *it;

	if (ts_grow(&c->items, &c->cap, c->count + 1, sizeof *c->items) != 0)
		return NULL;
	it = &c->items[c->count++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->group = group;
	it->p_value = it->p_adjusted = NAN;
	it->disp_used = TS_DISPERSION_NONE;
	return it;
}

int64_t
ts_compare_slot(const struct ts_result *r, int pf, const struct ts_group *g)
{
	int y, mo, d;

	ts_civil_from_days(g->key[pf].period.lo, &y, &mo, &d);
	switch (r->opt.by[pf].prec) {
	case TS_PREC_QUARTER:
		return 4 * (int64_t)y + (mo - 1) / 3;
	case TS_PREC_MONTH:
		return 12 * (int64_t)y + mo - 1;
	default:
		return y;
	}
}

void
ts_compare_slot_text(const struct ts_result *r, int pf, int64_t slot,
    char *buf, size_t size)
{
	struct ts_key key;
	int64_t y = slot, m = 0;

	memset(&key, 0, sizeof key);
	if (r->opt.by[pf].prec == TS_PREC_QUARTER) {
		y = slot / 4;
		m = (slot % 4) * 3;
	} else if (r->opt.by[pf].prec == TS_PREC_MONTH) {
		y = slot / 12;
		m = slot % 12;
	}
	key.period.lo = key.period.hi = ts_days_from_civil((int)y, (int)m + 1, 1);
	key.period.precision = TS_PREC_DAY;
	key.period = ts_period_at(&key.period, r->opt.by[pf].prec);
	ts_report_key_text(r, (size_t)pf, &key, buf, size);
}

/* Records the groups idx[0..m) of a test in c->members.  Returns the
 * offset, or (size_t)-1 when out of memory. */
static size_t
members(struct ts_comparisons *c, const size_t *idx, size_t m)
{
	size_t at = c->nmembers;

	if (ts_grow(&c->members, &c->members_cap, at + m, sizeof *c->members) != 0)
		return (size_t)-1;
	memcpy(c->members + at, idx, m * sizeof *idx);
	c->nmembers += m;
	return at;
}

/* A trend test across the m groups idx[] with the periods' positions in
 * time as scores; exact when the counts are small. */
static int
push_trend(const struct ts_result *r, struct ts_comparisons *c, const size_t *idx,
    size_t m, const int64_t *k, const int64_t *n, int64_t *slots, double *scores)
{
	struct ts_cmp *it = push(c, TS_CMP_TREND, idx[0]);
	double p;
	size_t i;

	if (it == NULL)
		return -1;
	it->ngroups = m;
	it->first = idx[0];
	it->last = idx[m - 1];
	if ((it->member0 = members(c, idx, m)) == (size_t)-1)
		return -1;
	for (i = 0; i < m; i++) {
		slots[i] = ts_compare_slot(r, c->by_period, &r->groups[idx[i]]);
		scores[i] = (double)slots[i];
	}
	ts_stats_trend_scores(m, k, n, scores, &it->chisq);
	it->p_value = it->chisq.p_value;
	if (isnan(it->p_value) || ts_stats_small_table(m, k, n)) {
		int rc = ts_stats_exact_trend(m, k, n, slots, &p);
		if (rc == TS_EXACT_FAIL)
			return -1;
		if (rc == TS_EXACT_OK) {
			it->exact = 1;
			it->p_value = p;
		}
		it->too_big = rc == TS_EXACT_TOO_BIG;
	}
	c->ntests[1]++;
	return 0;
}

/* The homogeneity test of the m groups idx[], exact when the counts are
 * small, with the dispersion of the rates. */
static struct ts_cmp *
push_homogeneity(const struct ts_result *r, struct ts_comparisons *c,
    const size_t *idx, size_t m, const int64_t *k, const int64_t *n)
{
	struct ts_cmp *it = push(c, TS_CMP_HOMOGENEITY, idx[0]);
	double p;

	if (it == NULL)
		return NULL;
	it->ngroups = m;
	it->first = idx[0];
	it->last = idx[m - 1];
	if ((it->member0 = members(c, idx, m)) == (size_t)-1)
		return NULL;
	ts_stats_homogeneity(m, k, n, &it->chisq);
	it->p_value = it->chisq.p_value;
	if (isnan(it->p_value) || ts_stats_small_table(m, k, n)) {
		int rc = ts_stats_exact_homogeneity(m, k, n, &p);
		if (rc == TS_EXACT_FAIL)
			return NULL;
		if (rc == TS_EXACT_OK) {
			it->exact = 1;
			it->p_value = p;
		}
		it->too_big = rc == TS_EXACT_TOO_BIG;
	}
	it->has_dispersion = ts_stats_dispersion(m, k, n, &it->disp) == 0;
	if (it->has_dispersion && it->disp.significant)
		it->disp_used = r->opt.dispersion;
	c->ntests[2]++;
	(void)r;
	return it;
}

/* Allows a difference for over-dispersion, so that its interval and its
 * test answer the same question: each arm of the interval times sqrt(phi)
 * (multiplicative) or with the between-group variance of both rates added
 * (additive, 2 tau^2), and the pooled z-test on the same variance. */
static void
disperse(struct ts_cmp *it, enum ts_dispersion used, const struct ts_dispersion_fit *fit,
    int64_t k1, int64_t n1, int64_t k2, int64_t n2, double level)
{
	struct ts_interval *d = &it->diff;
	double lo = d->value - d->low, hi = d->high - d->value, z, add, pbar, v;

	/* No conviction in either, or nothing but: nothing varies, and
	 * Fisher's p = 1 stands. */
	if (used == TS_DISPERSION_NONE || k1 + k2 == 0 || k1 + k2 == n1 + n2)
		return;
	z = ts_stats_z(level);
	pbar = ((double)k1 + (double)k2) / ((double)n1 + (double)n2);
	v = pbar * (1 - pbar) * (1 / (double)n1 + 1 / (double)n2);
	if (used == TS_DISPERSION_MULTIPLICATIVE) {
		lo *= sqrt(fit->phi);
		hi *= sqrt(fit->phi);
		v *= fit->phi;
	} else {
		add = 2 * z * z * fit->tau2;
		lo = sqrt(lo * lo + add);
		hi = sqrt(hi * hi + add);
		v += 2 * fit->tau2;
	}
	d->low = d->value - lo < -1 ? -1 : d->value - lo;
	d->high = d->value + hi > 1 ? 1 : d->value + hi;
	it->fisher = 0;
	it->dispersed = 1;
	it->p_value = v > 0 ? ts_stats_normal_two_sided(d->value / sqrt(v)) : NAN;
}

/* The comparisons of one stratum: idx[0..m) are its eligible groups in
 * period order, k[] and n[] their counts.  s is scratch of m entries. */
static int
stratum(const struct ts_result *r, struct ts_comparisons *c, const size_t *idx,
    size_t m, const int64_t *k, const int64_t *n, int64_t *slots, double *scores)
{
	struct ts_cmp *it, *h;
	struct ts_dispersion_fit fit;
	enum ts_dispersion used;
	int64_t kk = 0, nn = 0, a, b;
	size_t i;
	double pooled, lo, hi;
	int has_fit;

	for (i = 0; i < m; i++) {
		/* Sums within int64 were checked; the pooled sums here are
		 * bounded by the total's, which were checked too. */
		kk += k[i];
		nn += n[i];
	}
	if (m < 2)
		return 0;
	/* The dispersion first: the differences and the trend allow for it. */
	has_fit = ts_stats_dispersion(m, k, n, &fit) == 0;
	used = has_fit && fit.significant ? r->opt.dispersion : TS_DISPERSION_NONE;
	if (c->by_period >= 0) {
		for (i = 1; i < m; i++) {
			if ((it = push(c, TS_CMP_DIFFERENCE, idx[i])) == NULL)
				return -1;
			it->from = idx[i - 1];
			a = ts_compare_slot(r, c->by_period, &r->groups[idx[i - 1]]);
			b = ts_compare_slot(r, c->by_period, &r->groups[idx[i]]);
			it->gap = b - a - 1;
			ts_stats_newcombe(k[i], n[i], k[i - 1], n[i - 1], r->opt.level, &it->diff);
			/* No conviction in either, or nothing but: one table is
			 * possible, and Fisher's test gives p = 1. */
			it->fisher = ts_stats_small_expected(k[i - 1], n[i - 1], k[i], n[i]) ||
			    k[i] + k[i - 1] == 0 || k[i] + k[i - 1] == n[i] + n[i - 1];
			if (it->fisher)
				it->p_value = ts_stats_fisher_p(k[i - 1], n[i - 1], k[i], n[i]);
			else
				it->p_value = ts_stats_ztest_p(k[i - 1], n[i - 1], k[i], n[i]);
			disperse(it, used, &fit, k[i - 1], n[i - 1], k[i], n[i], r->opt.level);
			c->ntests[0]++;
		}
		/* A trend needs three points at least. */
		if (m >= 3 && push_trend(r, c, idx, m, k, n, slots, scores) != 0)
			return -1;
		it = &c->items[c->count - 1];
		/* The quasi-binomial trend: the chi-square over the dispersion
		 * left around the trend line (the homogeneity chi-square less
		 * the trend's, on m - 2 df), when that is significant too. */
		if (m >= 3 && used == TS_DISPERSION_MULTIPLICATIVE && !it->exact &&
		    !isnan(it->chisq.statistic)) {
			double rest = fit.chisq - it->chisq.statistic, df = (double)(m - 2);
			if (rest / df > 1 && rest > ts_stats_chisq_quantile_upper(0.05, df)) {
				it->chisq.statistic /= rest / df;
				it->chisq.z /= sqrt(rest / df);
				it->p_value = ts_stats_chisq_upper(it->chisq.statistic, 1);
				it->dispersed = 1;
			}
		}
	}
	if ((h = push_homogeneity(r, c, idx, m, k, n)) == NULL)
		return -1;
	/* h may move as items grow: keep its index. */
	{
		size_t hi_ix = (size_t)(h - c->items);
		double ea = 0, em = 0;

		pooled = (double)kk / (double)nn;
		for (i = 0; i < m; i++) {
			enum ts_dispersion d = c->items[hi_ix].disp_used;
			const struct ts_dispersion_fit *hf = &c->items[hi_ix].disp;
			int side = ts_stats_funnel_check(k[i], n[i], pooled, TS_FUNNEL_WIDE, d, hf,
			    &lo, &hi);
			double limit = TS_FUNNEL_WIDE;

			if (d == TS_DISPERSION_NONE) {
				double c95 = ts_stats_funnel_chance(n[i], pooled, TS_FUNNEL_NARROW);
				double c998 = ts_stats_funnel_chance(n[i], pooled, TS_FUNNEL_WIDE);
				if (!isnan(c95) && !isnan(c998)) {
					em += c998;
					ea += c95 > c998 ? c95 - c998 : 0;
				}
			} else {
				em += 1 - TS_FUNNEL_WIDE;
				ea += TS_FUNNEL_WIDE - TS_FUNNEL_NARROW;
			}
			if (side == 0) {
				side = ts_stats_funnel_check(k[i], n[i], pooled, TS_FUNNEL_NARROW, d,
				    hf, &lo, &hi);
				limit = TS_FUNNEL_NARROW;
			}
			if (side == 0)
				continue;
			if ((it = push(c, TS_CMP_OUTLIER, idx[i])) == NULL)
				return -1;
			it->limit = limit;
			it->side = side;
			it->pooled = pooled;
			it->low = lo < 0 ? 0 : lo;
			it->high = hi > 1 ? 1 : hi;
			if (limit == TS_FUNNEL_WIDE)
				c->items[hi_ix].alarms++;
			else
				c->items[hi_ix].alerts++;
		}
		c->items[hi_ix].expected_alerts = ea;
		c->items[hi_ix].expected_alarms = em;
	}
	return 0;
}

/* Adjusts the p-values of each kind of test together, and names a
 * trend's direction only when its adjusted p is below 1 - level. */
static int
adjust(const struct ts_result *r, struct ts_comparisons *c)
{
	static const enum ts_cmp_kind kinds[3] = {
		TS_CMP_DIFFERENCE, TS_CMP_TREND, TS_CMP_HOMOGENEITY,
	};
	double *p;
	size_t i, j, m;
	int q;

	p = malloc((c->count ? c->count : 1) * sizeof *p);
	if (p == NULL)
		return -1;
	for (q = 0; q < 3; q++) {
		for (i = 0, m = 0; i < c->count; i++)
			if (c->items[i].kind == kinds[q])
				p[m++] = c->items[i].p_value;
		if (ts_adjust_p(r->opt.adjust, m, p, p) != 0) {
			free(p);
			return -1;
		}
		for (i = 0, j = 0; i < c->count; i++)
			if (c->items[i].kind == kinds[q])
				c->items[i].p_adjusted = p[j++];
	}
	free(p);
	for (i = 0; i < c->count; i++) {
		struct ts_cmp *it = &c->items[i];
		if (it->kind == TS_CMP_TREND && it->p_adjusted < 1 - r->opt.level &&
		    !isnan(it->chisq.z) && it->chisq.z != 0)
			it->direction = it->chisq.z > 0 ? 1 : -1;
	}
	return 0;
}

/* Warns about every rate that is a ratio of period counts, not a share. */
static int
warn_period_ratios(struct ts_result *r)
{
	static const char *const what[TS_NRATES][2] = {
		{ "convictions", "investigations" },
		{ "prosecutions", "investigations" },
		{ "convictions", "prosecutions" },
	};
	static const enum ts_count num[TS_NRATES] = {
		TS_CONVICTIONS, TS_PROSECUTIONS, TS_CONVICTIONS,
	};
	static const enum ts_count den[TS_NRATES] = {
		TS_INVESTIGATIONS, TS_INVESTIGATIONS, TS_PROSECUTIONS,
	};
	char key[512], part[256];
	size_t i, b, q;
	/* No ranges and no rate marked a ratio: a proportion has its
	 * interval (as ts_result_rate_has_interval() has it), known from its
	 * counts alone. */
	int plain = r->ranges == NULL && r->ratio_groups == 0 && r->ratio_total == 0 &&
	    r->opt.level > 0 && r->opt.level < 1 && (unsigned)r->opt.method < TS_CI_NMETHODS;

	if (r->diags == NULL)
		return 0;
	for (i = 0; i <= r->ngroups; i++) {
		const struct ts_group *g = i < r->ngroups ? &r->groups[i] : &r->total;
		for (q = 0; q < TS_NRATES; q++) {
			int64_t k = ts_group_pair(g, (enum ts_rate_kind)q, 0),
			    n = ts_group_pair(g, (enum ts_rate_kind)q, 1);
			/* No rate at all (as ts_report_rate_of() has it), the
			 * common case for one of a case's rates: nothing to
			 * work out. */
			if (k == TS_MISSING || n == TS_MISSING || n <= 0 || (plain && k >= 0 && k <= n))
				continue;
			if (ts_result_rate_has_interval(r, g, (enum ts_rate_kind)q) ||
			    !ts_result_rate(r, g, (enum ts_rate_kind)q).defined)
				continue;
			if (i == r->ngroups) {
				snprintf(key, sizeof key, "%s", "the total");
			} else {
				key[0] = '\0';
				for (b = 0; b < r->opt.nby; b++) {
					ts_report_key_text(r, b, &g->key[b], part, sizeof part);
					snprintf(key + strlen(key), sizeof key - strlen(key), "%s%s=%s",
					    b ? ", " : "", r->opt.by[b].name, part);
				}
			}
			/* Under --suppress the counts may not be named. */
			if (g->hidden[num[q]] || g->hidden[den[q]]) {
				if (ts_diags_add(r->diags, TS_DIAG_WARNING, TS_DIAG_NO_INPUT, 0, N_("%s: %s exceed "
				    "%s"), key, what[q][0], what[q][1]) != 0)
					return -1;
				continue;
			}
			if (ts_diags_add(r->diags, TS_DIAG_WARNING, TS_DIAG_NO_INPUT, 0,
			    N_("%s: %lld %s exceed %lld %s, so %s is a period ratio "
			    "(counts of different cases), not a proportion; no interval "
			    "is given"), key, (long long)ts_group_pair(g, (enum ts_rate_kind)q, 0), what[q][0],
			    (long long)ts_group_pair(g, (enum ts_rate_kind)q, 1), what[q][1],
			    ts_rate_name((enum ts_rate_kind)q)) != 0)
				return -1;
		}
	}
	return 0;
}

/* The cumulative incidence of a cohort of `timed` cases, its classes
 * cls[0..ncls), the latest opened on last_open; `untimed` more are left
 * out.  Returns 0 or -1. */
static int
follow_fit(const struct ts_result *r, const struct ts_comparisons *c,
    const struct ts_cuminc_class *cls, size_t ncls, size_t timed, int32_t last_open,
    int64_t untimed, struct ts_follow *out)
{
	double at = r->opt.follow_up_days > 0 ? r->opt.follow_up_days : (double)INT32_MAX;

	memset(out, 0, sizeof *out);
	out->last_open = INT32_MIN;
	out->untimed = untimed;
	if (timed == 0)
		return 0;
	out->timed = (int64_t)timed;
	out->last_open = last_open;
	if (ts_cuminc_fit(cls, ncls, at, r->opt.level, &out->ci) != 0)
		return -1;
	out->fitted = 1;
	out->observable = (double)last_open + r->opt.follow_up_days <= (double)c->as_of;
	return 0;
}

/* The total's cases, made from the groups' as each is fitted: counted per
 * time when the times are few beside the cases (as they are: a few
 * thousand days times three outcomes), else every case's time. */
struct total {
	uint64_t *count;        /* count[time]: the cases of that time */
	size_t ncount;
	uint32_t *times;        /* NULL when counted */
	size_t ntimes;
	int32_t last_open;
	int64_t untimed;
};

static int
total_init(struct total *tot, const struct ts_cohort_times *t, size_t ng)
{
	size_t g, i, n = 0;
	uint32_t max = 0;

	memset(tot, 0, sizeof *tot);
	tot->last_open = INT32_MIN;
	for (g = 0; t && g < ng; g++) {
		n += t[g].ntimes;
		for (i = 0; i < t[g].ntimes; i++)
			if (t[g].times[i] > max)
				max = t[g].times[i];
	}
	if (n == 0)
		return 0;
	if ((size_t)max < n + 4096) {
		tot->ncount = (size_t)max + 1;
		tot->count = calloc(tot->ncount, sizeof *tot->count);
		return tot->count ? 0 : -1;
	}
	tot->times = malloc(n * sizeof *tot->times);
	return tot->times ? 0 : -1;
}

/* Adds the cases of tally u, its times t (NULL: none) and their classes
 * cls[0..ncls), to the total. */
static void
total_add(struct total *tot, const struct ts_cohort_tally *u,
    const struct ts_cohort_times *t, const struct ts_cuminc_class *cls, size_t ncls)
{
	size_t i;

	tot->untimed += u->untimed;
	if (t == NULL || t->ntimes == 0)
		return;
	if (tot->last_open == INT32_MIN || t->last_open > tot->last_open)
		tot->last_open = t->last_open;
	if (tot->times) {
		memcpy(tot->times + tot->ntimes, t->times, t->ntimes * sizeof *t->times);
	} else {
		for (i = 0; i < ncls; i++)
			tot->count[cls[i].time] += cls[i].cases;
	}
	tot->ntimes += t->ntimes;
}

static void
total_free(struct total *tot)
{
	free(tot->count);
	free(tot->times);
	memset(tot, 0, sizeof *tot);
}

/* The total's cumulative incidence, and frees what tot holds. */
static int
total_follow(const struct ts_result *r, const struct ts_comparisons *c,
    struct total *tot, struct ts_follow *out)
{
	struct ts_cuminc_class *cls = NULL;
	size_t ncls = 0, i;
	int rc = -1;

	if (tot->times) {
		if (ts_cuminc_classes(tot->times, tot->ntimes, &cls, &ncls) != 0)
			goto out;
	} else if (tot->ntimes > 0) {
		for (i = 0; i < tot->ncount; i++)
			ncls += tot->count[i] > 0;
		if ((cls = malloc(ncls * sizeof *cls)) == NULL)
			goto out;
		for (i = 0, ncls = 0; i < tot->ncount; i++) {
			if (tot->count[i] == 0)
				continue;
			cls[ncls].time = (uint32_t)i;
			cls[ncls++].cases = tot->count[i];
		}
	}
	rc = follow_fit(r, c, cls, ncls, tot->ntimes, tot->last_open, tot->untimed, out);
out:
	free(cls);
	total_free(tot);
	return rc;
}

/* The cumulative incidence of the cohort of tally u and its times t
 * (NULL: none): open cases, and cases closed after the cut-off, are
 * censored at it (as gathered); cases opened after it are left out.  Its
 * times are sorted, added to tot (unless NULL) and freed. */
static int
follow(const struct ts_result *r, const struct ts_comparisons *c,
    const struct ts_cohort_tally *u, struct ts_cohort_times *t, struct total *tot,
    struct ts_follow *out)
{
	struct ts_cuminc_class *cls = NULL;
	size_t ncls = 0, ntimes = t ? t->ntimes : 0;
	int rc;

	if (ntimes > 0 && ts_cuminc_classes(t->times, ntimes, &cls, &ncls) != 0)
		return -1;
	rc = follow_fit(r, c, cls, ncls, ntimes, t ? t->last_open : INT32_MIN, u->untimed, out);
	if (rc == 0 && tot)
		total_add(tot, u, t, cls, ncls);
	free(cls);
	if (t) {
		free(t->times);
		t->times = NULL;
		t->times_cap = t->ntimes = 0;
	}
	return rc;
}

/* Groups below which the fits stay on one thread: a thread costs more
 * than a few hundred small fits. */
#define FIT_SPLIT_MIN 64

/* The groups [from, to) fitted into out[from..to), their cases added to
 * tot: one half of the groups, on a thread of its own (fit_groups()). */
struct fit_range {
	const struct ts_result *r;
	const struct ts_comparisons *c;
	struct ts_follow *out;
	struct total *tot;
	size_t from, to;
	int rc;
};

static void *
fit_range(void *arg)
{
	struct fit_range *fr = arg;
	const struct ts_result *r = fr->r;
	size_t g;

	for (g = fr->from; g < fr->to && fr->rc == 0; g++)
		fr->rc = follow(r, fr->c, &fr->c->cohorts[g], r->times ? &r->times[g] : NULL,
		    fr->tot, &fr->out[g]);
	return NULL;
}

/* Fits groups [0, ng) into out, adding their cases to whole (NULL: the
 * total is not made from them), the second half on a second thread when
 * --threads allows it and the groups are many.  Each group's fit is its
 * own, and the total's sums and maximum do not depend on the order its
 * groups come in, so the figures are those of one thread.  Returns 0 or
 * -1. */
static int
fit_groups(const struct ts_result *r, const struct ts_comparisons *c, size_t ng,
    struct total *whole, struct ts_follow *out)
{
	struct fit_range a = { r, c, out, whole, 0, ng, 0 }, b;
	struct total part;
	pthread_t tid;
	size_t i;
	int threaded = 0;

	memset(&part, 0, sizeof part);
	/* A total kept as every case's time would need its halves joined in
	 * order: only a total counted per time is split. */
	if (r->opt.threads >= 2 && ng >= FIT_SPLIT_MIN && (whole == NULL || whole->times == NULL)) {
		b = a;
		a.to = b.from = ng / 2;
		part.last_open = INT32_MIN;
		b.tot = NULL;
		if (whole && whole->count) {
			part.ncount = whole->ncount;
			part.count = calloc(part.ncount, sizeof *part.count);
			b.tot = part.count ? &part : NULL;
		} else if (whole) {
			b.tot = &part;
		}
		threaded = (whole == NULL || b.tot != NULL) &&
		    pthread_create(&tid, NULL, fit_range, &b) == 0;
		if (!threaded) {
			free(part.count);
			a.to = ng;
		}
	}
	fit_range(&a);
	if (!threaded)
		return a.rc;
	pthread_join(tid, NULL);
	if (whole && b.rc == 0) {
		whole->untimed += part.untimed;
		whole->ntimes += part.ntimes;
		if (part.last_open != INT32_MIN &&
		    (whole->last_open == INT32_MIN || part.last_open > whole->last_open))
			whole->last_open = part.last_open;
		for (i = 0; part.count && i < part.ncount; i++)
			whole->count[i] += part.count[i];
	}
	free(part.count);
	return a.rc != 0 || b.rc != 0 ? -1 : 0;
}

/* The cohort figures of every group and of the total (index ngroups):
 * cases opened, still open (no verdict yet), and the cumulative incidence
 * of conviction, whose quantiles are the days to conviction, from the
 * tallies the grouping gathered (their times are freed as they are
 * fitted). */
static int
cohorts(struct ts_result *r, struct ts_comparisons *c)
{
	size_t ng = r->ngroups, g;
	struct ts_cohort_tally *t;
	struct ts_cohort check;
	struct ts_follow f;
	struct total tot, *whole = NULL;
	struct ts_follow *fits;
	double none = 0;
	int rc;

	if (r->tallies == NULL)
		return -1;
	/* The tallies become the cohorts' cases. */
	c->cohorts = r->tallies;
	r->tallies = NULL;
	if ((c->follow_at = malloc((ng + 1) * sizeof *c->follow_at)) == NULL)
		return -1;
	c->as_of = ts_group_cut_off(r->st, &r->opt);
	/* The total of a report with groups holds no times of its own. */
	if (ng > 0 && r->opt.nby > 0) {
		whole = &tot;
		if (total_init(whole, r->times, ng) != 0)
			return -1;
	}
	/* With many groups of cases with days, and two threads, the groups'
	 * fits first (fit_groups()), then each group's figures in order, the
	 * total's last.  The fits are made in place in c->follow, at their
	 * group's index, and moved down as the loop keeps those that were
	 * fitted: the n-th kept is at most the n-th group, so none is
	 * overwritten before it is read.  Otherwise each group is fitted as
	 * the loop comes to it, and c->follow holds only the fitted ones (a
	 * million groups without days hold none). */
	fits = NULL;
	if (r->times && r->opt.threads >= 2 && ng >= FIT_SPLIT_MIN) {
		if (ts_grow(&c->follow, &c->follow_cap, ng + 1, sizeof *c->follow) != 0)
			goto fail;
		fits = c->follow;
		if (fit_groups(r, c, ng, whole, fits) != 0)
			goto fail;
	}
	for (g = 0; g <= ng; g++) {
		t = &c->cohorts[g];
		rc = ts_stats_cohort(t->cases, t->open, &none, 0, &check);
		if (rc == 0 && g == ng)
			rc = whole ? total_follow(r, c, whole, &f) :
			    follow(r, c, t, r->times ? &r->times[g] : NULL, NULL, &f);
		else if (rc == 0 && fits)
			f = fits[g];
		else if (rc == 0)
			rc = follow(r, c, t, r->times ? &r->times[g] : NULL, whole, &f);
		if (rc != 0)
			goto fail;
		t->untimed = f.untimed;
		c->follow_at[g] = TS_NO_FOLLOW;
		if (f.fitted) {
			if (c->nfollow >= TS_NO_FOLLOW || ts_grow(&c->follow, &c->follow_cap,
			    c->nfollow + 1, sizeof *c->follow) != 0)
				goto fail;
			c->follow_at[g] = (uint32_t)c->nfollow;
			c->follow[c->nfollow++] = f;
		}
	}
	return 0;
fail:
	if (whole)
		total_free(whole);
	return -1;
}

/* 1 when the cohorts idx[0..m) do not all have the same share of cases
 * still open. */
static int
open_shares_differ(const struct ts_comparisons *c, const size_t *idx, size_t m)
{
	size_t i;
	const struct ts_cohort_tally *a = &c->cohorts[idx[0]], *b;

	for (i = 1; i < m; i++) {
		b = &c->cohorts[idx[i]];
		if ((double)a->open * (double)b->cases !=
		    (double)b->open * (double)a->cases)
			return 1;
	}
	return 0;
}

/* The groups and counts a stratum's tests use: the conviction rate; with
 * --follow-up on the cohort basis the convictions within the follow-up
 * of the cohorts followed that long.  Returns how many, or pushes a
 * WITHHELD item and returns 0; -1 when out of memory.  idx may be run:
 * the groups kept are moved to its front. */
static long
stratum_counts(const struct ts_result *r, struct ts_comparisons *c, size_t *run,
    size_t m, size_t *idx, int64_t *k, int64_t *n)
{
	struct ts_cmp *it;
	size_t i, o = 0, first = m ? run[0] : 0;

	if (c->follow_at && r->opt.follow_up_days > 0) {
		for (i = 0; i < m; i++) {
			struct ts_follow tmp;
			const struct ts_follow *f = ts_compare_follow(c, run[i], &tmp);
			if (!f->fitted || !f->observable || f->timed == 0)
				continue;
			idx[o] = run[i];
			k[o] = f->ci.convicted;
			n[o] = f->timed;
			o++;
		}
		if (o < 2 && m >= 2) {
			if ((it = push(c, TS_CMP_WITHHELD, first)) == NULL)
				return -1;
			it->reason = TS_WITHHELD_NOT_OBSERVABLE;
			it->ngroups = m;
			return 0;
		}
		return (long)o;
	}
	if (c->follow_at && m >= 2 && open_shares_differ(c, run, m)) {
		if ((it = push(c, TS_CMP_WITHHELD, first)) == NULL)
			return -1;
		it->reason = TS_WITHHELD_OPEN_SHARES;
		it->ngroups = m;
		return 0;
	}
	for (i = 0; i < m; i++) {
		idx[i] = run[i];
		k[i] = ts_group_pair(&r->groups[run[i]], TS_RATE_CONVICTION, 0);
		n[i] = ts_group_pair(&r->groups[run[i]], TS_RATE_CONVICTION, 1);
	}
	return (long)m;
}

/* A stratum with a conviction rate that is a range of censored counts
 * (ts_report.h) is not tested: a test's statistic need not lie between
 * its values at the counts' ends, so no end decides it.  Pushes a
 * WITHHELD item and returns 1; 0 when no rate of the stratum is a range;
 * -1 when out of memory. */
static int
censored_stratum(const struct ts_result *r, struct ts_comparisons *c,
    const size_t *g, size_t m)
{
	struct ts_cmp *it;
	size_t i, n = 0;

	for (i = 0; i < m; i++) {
		const struct ts_range *x = ts_result_range(r, &r->groups[g[i]]);
		n += x && (x->rates >> TS_RATE_CONVICTION & 1);
	}
	if (n == 0 || m < 2)
		return 0;
	if ((it = push(c, TS_CMP_WITHHELD, g[0])) == NULL)
		return -1;
	it->reason = TS_WITHHELD_CENSORED;
	it->ngroups = m;
	it->ncensored = n;
	return 1;
}

/* On the period basis a case list's conviction rates compare convictions
 * dated in a period with the cases opened in it: no interval. */
static int
mark_period_basis(struct ts_result *r, struct ts_comparisons *c)
{
	unsigned bits = 1u << TS_RATE_CONVICTION | 1u << TS_RATE_PER_PROSECUTION;

	c->period_basis = 1;
	if (ts_basis_any_period(&r->opt))
		r->ratio_groups |= bits;
	/* The total counts the same cases on either basis, unless --period
	 * cut it to one period. */
	if (r->opt.has_period)
		r->ratio_total |= bits;
	if (r->diags && ts_diags_add(r->diags, TS_DIAG_WARNING, TS_DIAG_NO_INPUT, 0, N_("--basis period: "
	    "each period's convictions are those dated in it, over the cases opened "
	    "in it, which are different cases: the rates are period ratios, not "
	    "proportions, and have no interval")) != 0)
		return -1;
	return 0;
}

int
ts_compare_build(struct ts_result *r, struct ts_comparisons **out,
    struct ts_error *err)
{
	struct ts_comparisons *c;
	size_t *idx = NULL, *run, i, j, t, m, ng = r->ngroups;
	int64_t *k = NULL, *n = NULL, *slots = NULL;
	double *scores = NULL;
	long used;
	int cs;
	struct index_order order;

	*out = NULL;
	if (warn_period_ratios(r) != 0)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	c = calloc(1, sizeof *c);
	if (c == NULL)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	c->by_period = period_field(&r->opt);
	for (i = 0; i < ts_store_ninputs(r->st); i++)
		if (ts_store_input_info_c(r->st, i)->shape == TS_SHAPE_CASES)
			c->cases = 1;
	if (c->cases && r->opt.basis == TS_BASIS_COHORT && cohorts(r, c) != 0)
		goto oom;
	/* The times are done with: their room for the strata's arrays. */
	ts_group_free_times(r->times, ng + 1);
	r->times = NULL;
	if (c->cases && r->opt.basis == TS_BASIS_PERIOD &&
	    (ts_basis_any_period(&r->opt) || r->opt.has_period) &&
	    mark_period_basis(r, c) != 0)
		goto oom;
	if (r->opt.nby == 0 || ng < 2) {
		*out = c;
		return TS_OK;
	}
	idx = malloc(ng * sizeof *idx);
	k = malloc(ng * sizeof *k);
	n = malloc(ng * sizeof *n);
	/* Only a trend, along a period field, scores its groups. */
	if (c->by_period >= 0) {
		slots = malloc(ng * sizeof *slots);
		scores = malloc(ng * sizeof *scores);
	}
	if (idx == NULL || k == NULL || n == NULL ||
	    (c->by_period >= 0 && (slots == NULL || scores == NULL)))
		goto oom;
	for (i = 0; i < ng; i++)
		idx[i] = i;
	order.r = r;
	order.pf = c->by_period;
	/* Without a period field the one stratum is in group order. */
	if (c->by_period >= 0 && ts_sort(idx, ng, sizeof *idx, index_cmp, &order) != 0)
		goto oom;
	for (i = 0; i < ng; i = j) {
		for (j = i + 1; j < ng && stratum_cmp(r, c->by_period,
		    &r->groups[idx[i]], &r->groups[idx[j]]) == 0; j++)
			;
		if ((cs = censored_stratum(r, c, idx + i, j - i)) < 0)
			goto oom;
		if (cs > 0)
			continue;
		/* The stratum's eligible groups, moved to its front in
		 * place (each written at or before where it was read), then
		 * those its tests use, the same way. */
		run = idx + i;
		m = 0;
		for (t = i; t < j; t++)
			if (eligible(r, c->by_period, &r->groups[idx[t]]))
				run[m++] = idx[t];
		if ((used = stratum_counts(r, c, run, m, run, k, n)) < 0 ||
		    stratum(r, c, run, (size_t)used, k, n, slots, scores) != 0)
			goto oom;
	}
	if (adjust(r, c) != 0)
		goto oom;
	free(idx);
	free(k);
	free(n);
	free(slots);
	free(scores);
	*out = c;
	return TS_OK;
oom:
	free(idx);
	free(k);
	free(n);
	free(slots);
	free(scores);
	ts_compare_free(c);
	return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
}

void
ts_compare_free(struct ts_comparisons *c)
{
	if (c == NULL)
		return;
	free(c->items);
	free(c->cohorts);
	free(c->follow);
	free(c->follow_at);
	free(c->members);
	free(c);
}

const struct ts_follow *
ts_compare_follow(const struct ts_comparisons *c, size_t g, struct ts_follow *tmp)
{
	if (c->follow_at[g] != TS_NO_FOLLOW)
		return &c->follow[c->follow_at[g]];
	memset(tmp, 0, sizeof *tmp);
	tmp->last_open = INT32_MIN;
	tmp->untimed = c->cohorts[g].untimed;
	return tmp;
}

struct ts_cohort
ts_compare_cohort(const struct ts_comparisons *c, size_t g)
{
	const struct ts_cohort_tally *n = &c->cohorts[g];
	const struct ts_follow *f;
	struct ts_cohort co;
	double none = 0;

	memset(&co, 0, sizeof co);
	/* Checked by cohorts(): still open are at most the cases. */
	(void)ts_stats_cohort(n->cases, n->open, &none, 0, &co);
	co.convicted = n->convicted;
	co.median_days = co.q1_days = co.q3_days = NAN;
	if (c->follow_at[g] != TS_NO_FOLLOW) {
		f = &c->follow[c->follow_at[g]];
		co.median_days = f->ci.median;
		co.q1_days = f->ci.q1;
		co.q3_days = f->ci.q3;
	}
	return co;
}
