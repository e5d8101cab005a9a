/* range.c — sums and rates that include a censored count (docs/methods.md,
 * "Censored counts").
 *
 * ts_report_build() groups the records twice when some count is censored:
 * once as stored (every censored count at its low end) and once at the
 * high ends.  The groups are the same in both (censoring changes values,
 * not keys), so each sum's range is the pair of its sums; a rate's range
 * runs from the low numerator over the high denominator to the high
 * numerator over the low denominator, the extremes over every value the
 * counts can take.  A block of censored counts whose sum a verified total
 * gives (ts_store.h) adds that sum, exactly, to a group that holds them
 * all. */
#include <stdlib.h>
#include <string.h>

#include "ts_report.h"

/* More look-ups than this (censored counts in blocks times groups) and
 * the blocks are not placed in groups: their ranges stay as the totals
 * narrowed them, and only the report's total gets their sums. */
#define PLACE_WORK 10000000u

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

int
ts_result_any_range(const struct ts_result *r)
{
	size_t i;

	for (i = 0; r->ranges && i <= r->ngroups; i++)
		if (ts_result_range(r, i == r->ngroups ? &r->total : &r->groups[i]))
			return 1;
	return 0;
}

static void
range_sums(struct ts_group *g, const struct ts_group *h, struct ts_range *x)
{
	size_t q;

	memcpy(x->hi, h->sum, sizeof x->hi);
	for (q = 0; q < TS_NRATES; q++) {
		x->pair_hi[q][0] = ts_group_pair(h, (enum ts_rate_kind)q, 0);
		x->pair_hi[q][1] = ts_group_pair(h, (enum ts_rate_kind)q, 1);
	}
	(void)g;
}

/* The bits and rates of x from g's sums (low) and x's (high). */
static void
range_rates(const struct ts_report_options *opt, const struct ts_group *g,
    struct ts_range *x)
{
	size_t c, q;
	int64_t kl, nl, kh, nh;

	x->counts = x->rates = 0;
	for (c = 0; c < TS_NCOUNTS; c++)
		if (g->sum[c] != TS_MISSING && x->hi[c] != g->sum[c])
			x->counts |= 1u << c;
	for (q = 0; q < TS_NRATES; q++) {
		kl = ts_group_pair(g, (enum ts_rate_kind)q, 0);
		nl = ts_group_pair(g, (enum ts_rate_kind)q, 1);
		kh = x->pair_hi[q][0];
		nh = x->pair_hi[q][1];
		if (kl == kh && nl == nh)
			continue;
		x->rates |= 1u << q;
		ts_report_rate_of(kl, nh, opt, &x->low[q]);
		ts_report_rate_of(kh, nl, opt, &x->high[q]);
		/* One end without a rate: the rate can be anything. */
		if (!x->low[q].defined || !x->high[q].defined)
			x->low[q].defined = x->high[q].defined = 0;
	}
}

/* What a block's counts give: their sums at both ends, the group that
 * holds them (SIZE_MAX: none yet; MIXED: more than one or not found),
 * and per rate q whether they are in its sums (pairs bit q: some are,
 * bit q + 16: some are not, bit q + 8: all are). */
#define MIXED (SIZE_MAX - 1)
struct block {
	int64_t sum, lo, hi;
	size_t group;
	unsigned count;         /* enum ts_count, + 1; 0 until one is seen */
	unsigned pairs, out;    /* out: some count is not counted */
};

/* The group of record i, or SIZE_MAX when none matches (or the work cap
 * is reached: *work counts down). */
static size_t
group_of(const struct ts_result *r, size_t i, uint64_t *work)
{
	const struct ts_report_options *opt = &r->opt;
	struct ts_period p = ts_store_period(r->st, i), k[TS_MAX_BY];
	size_t gi, b;

	for (b = 0; b < opt->nby; b++)
		if (opt->by[b].kind == TS_BY_PERIOD)
			k[b] = opt->by[b].prec == TS_PREC_NONE ? p :
			    ts_period_at(&p, opt->by[b].prec);
	for (gi = 0; gi < r->ngroups; gi++) {
		const struct ts_group *g = &r->groups[gi];
		if (*work == 0)
			return SIZE_MAX;
		--*work;
		for (b = 0; b < opt->nby; b++)
			if (opt->by[b].kind == TS_BY_PERIOD ?
			    ts_period_cmp(&g->key[b].period, &k[b]) != 0 :
			    g->key[b].id != ts_store_dim_id(r->st, i, (size_t)opt->by[b].dim))
				break;
		if (b == opt->nby)
			return gi;
	}
	return SIZE_MAX;
}

/* 1 when count c of record i is in the sums (not left out or covered,
 * inside --period). */
static int
counted(const struct ts_result *r, size_t i, enum ts_count c)
{
	unsigned f = ts_store_flag(r->st, i);
	struct ts_period p;

	if ((f & TS_FLAGS_OUT) || (f & TS_FLAG_COVERED(c)))
		return 0;
	p = ts_store_period(r->st, i);
	return !r->opt.has_period || ts_period_within(&p, &r->opt.period);
}

/* Gives group g (range x) the block's sum in place of its counts' ranges. */
static void
place(struct ts_group *g, struct ts_range *x, const struct block *bk)
{
	size_t c = bk->count - 1, q;

	g->sum[c] += bk->sum - bk->lo;
	x->hi[c] -= bk->hi - bk->sum;
	for (q = 0; q < TS_NRATES; q++) {
		size_t side = ts_rate_num[q] == c ? 0 : ts_rate_den[q] == c ? 1 : 2;
		if (side == 2 || !(bk->pairs >> q & 1) || (bk->pairs >> (q + 8) & 1) == 0)
			continue;
		g->pair[q][side] += bk->sum - bk->lo;
		x->pair_hi[q][side] -= bk->hi - bk->sum;
	}
}

static int
place_blocks(struct ts_result *r)
{
	const struct ts_store *st = r->st;
	size_t nb = ts_store_censored_nblocks(st), k, rec, gi, q;
	struct block *bks, *bk;
	uint64_t work = PLACE_WORK;
	enum ts_count c;
	int64_t lo, hi, sum;
	uint32_t b;

	if (nb == 0)
		return 0;
	if ((bks = calloc(nb, sizeof *bks)) == NULL)
		return -1;
	for (k = 0; k < nb; k++)
		bks[k].group = SIZE_MAX;
	for (k = 0; k < ts_store_ncensored(st); k++) {
		if ((b = ts_store_censored_block_of(st, k, &sum)) == 0)
			continue;
		ts_store_censored_at(st, k, &rec, &c, &lo, &hi);
		bk = &bks[b - 1];
		bk->sum = sum;
		bk->count = (unsigned)c + 1;
		bk->lo += lo;
		bk->hi += hi;
		if (!counted(r, rec, c)) {
			bk->out = 1;
			continue;
		}
		/* A group not found (or not looked for, past the cap) is
		 * none: the block still gives the total its sum. */
		gi = r->opt.nby && bk->group != MIXED ? group_of(r, rec, &work) : 0;
		bk->group = gi == SIZE_MAX ? MIXED : bk->group == SIZE_MAX ||
		    bk->group == gi ? gi : MIXED;
		/* In a rate's sums when the record gives the rate's other
		 * count too. */
		for (q = 0; q < TS_NRATES; q++) {
			enum ts_count o = ts_rate_num[q] == c ? ts_rate_den[q] :
			    ts_rate_den[q] == c ? ts_rate_num[q] : TS_NCOUNTS;
			int in = o != TS_NCOUNTS &&
			    ts_store_get_count(st, rec, o) != TS_MISSING;
			if (in)
				bk->pairs |= 1u << q;
			if (!in && o != TS_NCOUNTS)
				bk->pairs |= 1u << (q + 16);
		}
	}
	for (k = 0; k < nb; k++) {
		bk = &bks[k];
		if (bk->count == 0 || bk->out)
			continue;
		/* A rate's sums get the block only when all of it is in them. */
		for (q = 0; q < TS_NRATES; q++)
			if (!(bk->pairs >> (q + 16) & 1))
				bk->pairs |= 1u << (q + 8);
		place(&r->total, &r->ranges[r->ngroups], bk);
		if (r->opt.nby && bk->group < r->ngroups && work > 0)
			place(&r->groups[bk->group], &r->ranges[bk->group], bk);
	}
	free(bks);
	return 0;
}

int
ts_report_high_error(struct ts_error *err, int rc)
{
	char msg[sizeof err->message];

	if (rc != TS_EDATA)
		return rc;
	snprintf(msg, sizeof msg, "%s", err->message);
	/* "the sum of 'x' passes N here: ..." with its censored counts at
	 * their high ends, which the message must say. */
	snprintf(err->message, sizeof err->message, "with its censored counts at "
	    "their high ends, %.400s", msg);
	return rc;
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
		range_sums(&r->groups[i], &hi->groups[i], &r->ranges[i]);
	range_sums(&r->total, &hi->total, &r->ranges[r->ngroups]);
	if (place_blocks(r) != 0)
		return -1;
	for (i = 0; i < r->ngroups; i++)
		range_rates(&r->opt, &r->groups[i], &r->ranges[i]);
	range_rates(&r->opt, &r->total, &r->ranges[r->ngroups]);
	return 0;
}
