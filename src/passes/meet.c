/* meet.c — counts that never meet: investigations in one record,
 * convictions in another.
 *
 * A rate divides sums over the records that give both of its counts (a
 * row with convictions and no investigations must not raise the
 * conviction rate).  When a table gives a group's investigations in one
 * row and its convictions in another, or two files give one count each,
 * no record gives both and the rate is "—".  That is right, but a reader
 * needs the reason: one warning per rate, with the number of such groups
 * (period and labels) and the first one's rows.  One walk over the
 * records, keyed by period and labels (README, "Counts that never meet").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passes_impl.h"
#include "ts_recmap.h"

static const struct pair {
	enum ts_count num, den;
} pairs[] = {
	{ TS_CONVICTIONS, TS_INVESTIGATIONS },
	{ TS_PROSECUTIONS, TS_INVESTIGATIONS },
	{ TS_CONVICTIONS, TS_PROSECUTIONS },
};
#define NPAIRS (sizeof pairs / sizeof pairs[0])

struct meet_key {
	const struct ts_store *st;
	const uint8_t *keydim;
	size_t ndims;
};

static uint64_t
meet_hash(const void *ctx, uint32_t rec)
{
	const struct meet_key *k = ctx;
	uint64_t h = ts_recmap_mix(0, ts_store_period_id(k->st, rec));
	size_t d;

	for (d = 0; d < k->ndims; d++)
		if (k->keydim[d])
			h = ts_recmap_mix(h, ts_store_dim_id(k->st, rec, d));
	return h ^ (h >> 29);
}

static int
meet_equal(const void *ctx, uint32_t a, uint32_t b)
{
	const struct meet_key *k = ctx;
	size_t d;

	if (ts_store_period_id(k->st, a) != ts_store_period_id(k->st, b))
		return 0;
	for (d = 0; d < k->ndims; d++)
		if (k->keydim[d] &&
		    ts_store_dim_id(k->st, a, d) != ts_store_dim_id(k->st, b, d))
			return 0;
	return 1;
}

struct seen {
	uint32_t first[TS_NCOUNTS];     /* a record that gives the count + 1 */
	uint8_t both[NPAIRS];           /* some record gives both */
};

static void
where(const struct ts_store *st, uint32_t rec, char *buf, size_t size)
{
	const struct ts_input_info *in = ts_store_input_info_c(st,
	    ts_store_input(st, rec));

	snprintf(buf, size, "%s:%lu", in ? in->path : "-",
	    (unsigned long)ts_store_line(st, rec));
}

int
ts_passes_counts_meet(struct ts_store *st, const uint8_t *keydim,
    struct ts_diags *diags)
{
	struct meet_key kc = { st, keydim, ts_store_ndims(st) };
	struct ts_recmap map;
	struct seen *sn = NULL;
	size_t n = ts_store_count(st), i, e, cap = 0, before, q;
	uint32_t groups[NPAIRS] = { 0 }, firstkey[NPAIRS] = { 0 };
	char key[256], a[300], b[300];
	int rc = -1, give[TS_NCOUNTS];
	size_t c;

	ts_recmap_init(&map, &(struct ts_recmap_ops){ meet_hash, meet_equal, &kc });
	for (i = 0; i < n; i++) {
		if (!ts_passes_counts_input(st, ts_store_input(st, i)) ||
		    (ts_store_flag(st, i) & TS_FLAGS_OUT))
			continue;
		before = map.count;
		if (ts_recmap_put(&map, (uint32_t)i, &e) != 0 ||
		    ts_grow(&sn, &cap, map.count, sizeof *sn) != 0)
			goto out;
		if (map.count > before)
			memset(&sn[e], 0, sizeof *sn);
		for (c = 0; c < TS_NCOUNTS; c++) {
			give[c] = ts_store_get_count(st, i, (enum ts_count)c) != TS_MISSING;
			if (give[c] && sn[e].first[c] == 0)
				sn[e].first[c] = (uint32_t)i + 1;
		}
		for (q = 0; q < NPAIRS; q++)
			if (give[pairs[q].num] && give[pairs[q].den])
				sn[e].both[q] = 1;
	}
	for (e = 0; e < map.count; e++)
		for (q = 0; q < NPAIRS; q++)
			if (!sn[e].both[q] && sn[e].first[pairs[q].num] &&
			    sn[e].first[pairs[q].den] && groups[q]++ == 0)
				firstkey[q] = (uint32_t)e;
	for (q = 0; q < NPAIRS; q++) {
		const struct seen *s;
		uint32_t rn, rd;
		if (groups[q] == 0)
			continue;
		s = &sn[firstkey[q]];
		rn = s->first[pairs[q].num] - 1;
		rd = s->first[pairs[q].den] - 1;
		ts_totals_describe(st, keydim, rn, key, sizeof key);
		where(st, rn, a, sizeof a);
		where(st, rd, b, sizeof b);
		if (ts_diags_add(diags, TS_DIAG_WARNING, ts_store_input(st, rn),
		    ts_store_line(st, rn), "%s and %s never come from the same record "
		    "in %lu group%s of period and labels (the first: %s, %s at %s, %s "
		    "at %s): a rate pairs the records that give both, so there it is "
		    "not computed (\xe2\x80\x94); give both counts in one row (one "
		    "row per period and group, one column per count)",
		    ts_count_name(pairs[q].num), ts_count_name(pairs[q].den),
		    (unsigned long)groups[q], groups[q] == 1 ? "" : "s", key,
		    ts_count_name(pairs[q].num), a, ts_count_name(pairs[q].den), b) != 0)
			goto out;
		ts_diags_set_code(diags, "counts_never_meet");
	}
	rc = 0;
out:
	ts_recmap_free(&map);
	free(sn);
	return rc;
}
