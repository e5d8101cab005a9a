/* range.c — sums and rates that include a censored count (docs/methods.md,
 * "Censored counts").
 *
 * ts_report_build() groups the records twice when some count is censored:
 * once as stored (every censored count at its low end) and once at the
 * high ends.  The groups are the same in both (censoring changes values,
 * not keys), so each sum's range is the pair of its sums; a rate's range
 * runs from the low numerator over the high denominator to the high
 * numerator over the low denominator, the extremes over every value the
 * counts can take. */
#include <stdlib.h>
#include <string.h>

#include "ts_report.h"

const struct ts_range *
ts_result_range(const struct ts_result *r, const struct ts_group *g)
{
	const struct ts_range *x;
	size_t i;

	if (r->ranges == NULL)
		return NULL;
	i = g == &r->total ? r->ngroups : (size_t)(g - r->groups);
	if (i > r->ngroups)
		return NULL;
	x = &r->ranges[i];
	return x->counts || x->rates ? x : NULL;
}

static void
range_of(const struct ts_report_options *opt, struct ts_group *g,
    const struct ts_group *h, struct ts_range *x)
{
	size_t c, q;
	int64_t kl, nl, kh, nh;

	for (c = 0; c < TS_NCOUNTS; c++) {
		x->hi[c] = h->sum[c];
		if (g->sum[c] != TS_MISSING && h->sum[c] != g->sum[c])
			x->counts |= 1u << c;
	}
	for (q = 0; q < TS_NRATES; q++) {
		kl = g->pair[q][0];
		nl = g->pair[q][1];
		kh = h->pair[q][0];
		nh = h->pair[q][1];
		if (kl == kh && nl == nh)
			continue;
		x->rates |= 1u << q;
		ts_report_rate_of(kl, nh, opt, &x->low[q]);
		ts_report_rate_of(kh, nl, opt, &x->high[q]);
		/* One end without a rate: the rate can be anything. */
		if (!x->low[q].defined || !x->high[q].defined)
			x->low[q].defined = x->high[q].defined = 0;
		memset(&g->rate[q], 0, sizeof g->rate[q]);
	}
}

int
ts_result_ranges(struct ts_result *r, const struct ts_result *hi)
{
	size_t i;

	if (hi->ngroups != r->ngroups)
		return -1;
	r->ranges = calloc(r->ngroups + 1, sizeof *r->ranges);
	if (r->ranges == NULL)
		return -1;
	for (i = 0; i < r->ngroups; i++)
		range_of(&r->opt, &r->groups[i], &hi->groups[i], &r->ranges[i]);
	range_of(&r->opt, &r->total, &hi->total, &r->ranges[r->ngroups]);
	return 0;
}
