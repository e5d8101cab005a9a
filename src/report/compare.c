/* compare.c — differences, trend, homogeneity and funnel outliers between
 * the groups of a report (see ts_compare.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts_basis.h"
#include "ts_compare.h"
#include "ts_fields.h"

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

/* qsort has no context argument: the comparison reads these. */
static const struct ts_result *sort_result;
static int sort_pf;

static int
index_cmp(const void *pa, const void *pb)
{
	const struct ts_group *x = &sort_result->groups[*(const size_t *)pa];
	const struct ts_group *y = &sort_result->groups[*(const size_t *)pb];
	int c = stratum_cmp(sort_result, sort_pf, x, y);

	if (c == 0 && sort_pf >= 0)
		c = part_cmp(sort_result, (size_t)sort_pf, x, y);
	return c;
}

/* A group takes part when its conviction rate is a proportion that
 * --suppress does not withhold, and, along a period field, when it has a
 * period. */
static int
eligible(int pf, const struct ts_group *g)
{
	const struct ts_rate *rt = &g->rate[TS_RATE_CONVICTION];

	if (pf >= 0 && g->key[pf].period.precision == TS_PREC_NONE)
		return 0;
	if (g->rate_hidden[TS_RATE_CONVICTION])
		return 0;
	return rt->defined && rt->has_interval;
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
	it->p_value = NAN;
	return it;
}

/* Adds a trend or homogeneity test across the m groups idx[]. */
static int
push_test(struct ts_comparisons *c, enum ts_cmp_kind kind, const size_t *idx,
    size_t m, const int64_t *k, const int64_t *n)
{
	struct ts_cmp *it = push(c, kind, idx[0]);

	if (it == NULL)
		return -1;
	it->ngroups = m;
	it->first = idx[0];
	it->last = idx[m - 1];
	if (kind == TS_CMP_TREND)
		ts_stats_trend(m, k, n, &it->chisq);
	else
		ts_stats_homogeneity(m, k, n, &it->chisq);
	it->p_value = it->chisq.p_value;
	return 0;
}

/* The comparisons of one stratum: idx[0..m) are its eligible groups in
 * period order.  k and n are scratch arrays of m entries. */
static int
stratum(const struct ts_result *r, struct ts_comparisons *c, const size_t *idx,
    size_t m, int64_t *k, int64_t *n)
{
	struct ts_cmp *it;
	int64_t kk = 0, nn = 0;
	size_t i;
	double pooled;

	for (i = 0; i < m; i++) {
		k[i] = r->groups[idx[i]].pair[TS_RATE_CONVICTION][0];
		n[i] = r->groups[idx[i]].pair[TS_RATE_CONVICTION][1];
		/* Sums within int64 were checked; the pooled sums here are
		 * bounded by the total's, which were checked too. */
		kk += k[i];
		nn += n[i];
	}
	if (m < 2)
		return 0;
	if (c->by_period >= 0) {
		for (i = 1; i < m; i++) {
			if ((it = push(c, TS_CMP_DIFFERENCE, idx[i])) == NULL)
				return -1;
			it->from = idx[i - 1];
			ts_stats_newcombe(k[i], n[i], k[i - 1], n[i - 1], r->opt.level, &it->diff);
			it->fisher = ts_stats_small_expected(k[i - 1], n[i - 1], k[i], n[i]);
			/* No conviction in either, or nothing but: no test. */
			if (k[i] + k[i - 1] == 0 || k[i] + k[i - 1] == n[i] + n[i - 1])
				it->p_value = NAN;
			else if (it->fisher)
				it->p_value = ts_stats_fisher_p(k[i - 1], n[i - 1], k[i], n[i]);
			else
				it->p_value = ts_stats_ztest_p(k[i - 1], n[i - 1], k[i], n[i]);
		}
		if (push_test(c, TS_CMP_TREND, idx, m, k, n) != 0)
			return -1;
	}
	if (push_test(c, TS_CMP_HOMOGENEITY, idx, m, k, n) != 0)
		return -1;
	pooled = (double)kk / (double)nn;
	for (i = 0; i < m; i++) {
		int side = ts_stats_funnel(k[i], n[i], pooled, TS_FUNNEL_WIDE);
		double limit = TS_FUNNEL_WIDE;

		if (side == 0) {
			side = ts_stats_funnel(k[i], n[i], pooled, TS_FUNNEL_NARROW);
			limit = TS_FUNNEL_NARROW;
		}
		if (side == 0)
			continue;
		if ((it = push(c, TS_CMP_OUTLIER, idx[i])) == NULL)
			return -1;
		it->limit = limit;
		it->side = side;
		it->pooled = pooled;
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

	if (r->diags == NULL)
		return 0;
	for (i = 0; i <= r->ngroups; i++) {
		const struct ts_group *g = i < r->ngroups ? &r->groups[i] : &r->total;
		for (q = 0; q < TS_NRATES; q++) {
			if (!g->rate[q].defined || g->rate[q].has_interval)
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
				if (ts_diags_add(r->diags, TS_DIAG_WARNING, TS_DIAG_NO_INPUT, 0, "%s: %s exceed "
				    "%s", key, what[q][0], what[q][1]) != 0)
					return -1;
				continue;
			}
			if (ts_diags_add(r->diags, TS_DIAG_WARNING, TS_DIAG_NO_INPUT, 0,
			    "%s: %lld %s exceed %lld %s, so %s is a period ratio "
			    "(counts of different cases), not a proportion; no interval "
			    "is given", key, (long long)g->pair[q][0], what[q][0],
			    (long long)g->pair[q][1], what[q][1],
			    ts_rate_name((enum ts_rate_kind)q)) != 0)
				return -1;
		}
	}
	return 0;
}

/* The cohort figures of every group and of the total (index ngroups):
 * cases opened, still open (no verdict yet), and the days from opening to
 * conviction of the convicted cases whose opening day and closed day are
 * known, from the tallies the grouping gathered. */
static int
cohorts(const struct ts_result *r, struct ts_comparisons *c)
{
	size_t ng = r->ngroups, g;
	struct ts_cohort_tally *t;
	double none = 0;

	if (r->tallies == NULL)
		return -1;
	c->cohorts = calloc(ng + 1, sizeof *c->cohorts);
	if (c->cohorts == NULL)
		return -1;
	for (g = 0; g <= ng; g++) {
		t = &r->tallies[g];
		if (ts_stats_cohort(t->cases, t->open, t->days ? t->days : &none, t->ndays,
		    &c->cohorts[g]) != 0)
			return -1;
		c->cohorts[g].convicted = t->convicted;
	}
	return 0;
}

/* On the period basis a case list's conviction rates compare convictions
 * dated in a period with the cases opened in it: no interval. */
static int
mark_period_basis(struct ts_result *r, struct ts_comparisons *c)
{
	size_t i;

	c->period_basis = 1;
	for (i = 0; i <= r->ngroups; i++) {
		/* The total counts the same cases on either basis, unless
		 * --period cut it to one period. */
		struct ts_group *g = i < r->ngroups ? &r->groups[i] : &r->total;
		if (i == r->ngroups && !r->opt.has_period)
			break;
		if (i < r->ngroups && !ts_basis_any_period(&r->opt))
			continue;
		g->rate[TS_RATE_CONVICTION].has_interval = 0;
		g->rate[TS_RATE_PER_PROSECUTION].has_interval = 0;
	}
	if (r->diags && ts_diags_add(r->diags, TS_DIAG_WARNING, TS_DIAG_NO_INPUT, 0, "--basis period: "
	    "each period's convictions are those dated in it, over the cases opened "
	    "in it, which are different cases: the rates are period ratios, not "
	    "proportions, and have no interval") != 0)
		return -1;
	return 0;
}

int
ts_compare_build(struct ts_result *r, struct ts_comparisons **out,
    struct ts_error *err)
{
	struct ts_comparisons *c;
	size_t *idx = NULL, *run = NULL, i, j, t, m, ng = r->ngroups;
	int64_t *k = NULL, *n = NULL;

	*out = NULL;
	if (warn_period_ratios(r) != 0)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
	c = calloc(1, sizeof *c);
	if (c == NULL)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
	c->by_period = period_field(&r->opt);
	for (i = 0; i < ts_store_ninputs(r->st); i++)
		if (ts_store_input_info_c(r->st, i)->shape == TS_SHAPE_CASES)
			c->cases = 1;
	if (c->cases && r->opt.basis == TS_BASIS_COHORT && cohorts(r, c) != 0)
		goto oom;
	if (c->cases && r->opt.basis == TS_BASIS_PERIOD &&
	    (ts_basis_any_period(&r->opt) || r->opt.has_period) &&
	    mark_period_basis(r, c) != 0)
		goto oom;
	if (r->opt.nby == 0 || ng < 2) {
		*out = c;
		return TS_OK;
	}
	idx = malloc(ng * sizeof *idx);
	run = malloc(ng * sizeof *run);
	k = malloc(ng * sizeof *k);
	n = malloc(ng * sizeof *n);
	if (idx == NULL || run == NULL || k == NULL || n == NULL)
		goto oom;
	for (i = 0; i < ng; i++)
		idx[i] = i;
	sort_result = r;
	sort_pf = c->by_period;
	qsort(idx, ng, sizeof *idx, index_cmp);
	for (i = 0; i < ng; i = j) {
		for (j = i + 1; j < ng && stratum_cmp(r, c->by_period,
		    &r->groups[idx[i]], &r->groups[idx[j]]) == 0; j++)
			;
		m = 0;
		for (t = i; t < j; t++)
			if (eligible(c->by_period, &r->groups[idx[t]]))
				run[m++] = idx[t];
		if (stratum(r, c, run, m, k, n) != 0)
			goto oom;
	}
	free(idx);
	free(run);
	free(k);
	free(n);
	*out = c;
	return TS_OK;
oom:
	free(idx);
	free(run);
	free(k);
	free(n);
	ts_compare_free(c);
	return ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
}

void
ts_compare_free(struct ts_comparisons *c)
{
	if (c == NULL)
		return;
	free(c->items);
	free(c->cohorts);
	free(c);
}
