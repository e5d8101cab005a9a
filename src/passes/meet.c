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
 * records, keyed by period and labels (README, "Counts that never meet"),
 * after a plain one that finds whether any record gives one count of a
 * pair without the other (in most tables none does, and the keyed walk
 * is skipped).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passes_impl.h"
#include "ts_i18n.h"
#include "ts_recmap.h"

static const struct pair {
	enum ts_count num, den;
} pairs[] = {
	{ TS_CONVICTIONS, TS_INVESTIGATIONS },
	{ TS_PROSECUTIONS, TS_INVESTIGATIONS },
	{ TS_CONVICTIONS, TS_PROSECUTIONS },
};
#define NPAIRS (sizeof pairs / sizeof pairs[0])

struct seen {
	uint32_t first[TS_NCOUNTS];     /* a record that gives the count + 1 */
	uint8_t both[NPAIRS];           /* some record gives both */
};

/* Records read at a time by any_apart(). */
#define CHUNK 1024

/* 1 when some record gives one count of a pair and not the other (as
 * ts_store_get_count() reads them), 0 when none does.  Only then can a
 * group have the two counts in different records, so with none the
 * keyed walk below has nothing to find.  Every record is looked at,
 * counts tables or not, flagged out or not: more records can only make
 * the answer 1, and the walk then decides as before. */
static int
any_apart(const struct ts_store *st)
{
	size_t n = ts_store_count(st), at, i, q, c;
	int64_t v[TS_NCOUNTS][CHUNK];
	uint16_t flags[CHUNK];
	int used[TS_NCOUNTS] = { 0 };

	for (q = 0; q < NPAIRS; q++)
		used[pairs[q].num] = used[pairs[q].den] = 1;
	for (at = 0; at < n; at += CHUNK) {
		size_t m = n - at < CHUNK ? n - at : CHUNK;

		ts_store_read_flags(st, at, at + m, flags);
		for (c = 0; c < TS_NCOUNTS; c++)
			if (used[c])
				ts_store_read_counts_raw(st, (enum ts_count)c, at, at + m, v[c]);
		for (i = 0; i < m; i++)
			for (q = 0; q < NPAIRS; q++) {
				enum ts_count a = pairs[q].num, b = pairs[q].den;
				int ga = v[a][i] != TS_MISSING && !(flags[i] & TS_FLAG_COVERED(a));
				int gb = v[b][i] != TS_MISSING && !(flags[i] & TS_FLAG_COVERED(b));
				if (ga != gb)
					return 1;
			}
	}
	return 0;
}

int
ts_passes_counts_meet(struct ts_store *st, const uint8_t *keydim,
    struct ts_diags *diags)
{
	struct ts_passes_key kc = { st, keydim, ts_store_ndims(st), 1 };
	struct ts_recmap map;
	struct seen *sn = NULL;
	size_t n = ts_store_count(st), i, e, cap = 0, before, q;
	uint32_t groups[NPAIRS] = { 0 }, firstkey[NPAIRS] = { 0 };
	char key[256], a[300], b[300];
	int rc = -1, give[TS_NCOUNTS];
	size_t c;

	if (!any_apart(st))
		return 0;
	ts_recmap_init(&map, &(struct ts_recmap_ops){ ts_passes_key_hash,
	    ts_passes_key_equal, &kc });
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
		ts_passes_where(st, rn, a, sizeof a);
		ts_passes_where(st, rd, b, sizeof b);
		if (ts_diags_add(diags, TS_DIAG_WARNING, ts_store_input(st, rn),
		    ts_store_line(st, rn), N_("%s and %s never come from the same record "
		    "in %lu group%s of period and labels (the first: %s, %s at %s, %s "
		    "at %s): a rate pairs the records that give both, so there it is "
		    "not computed (\xe2\x80\x94); give both counts in one row (one "
		    "row per period and group, one column per count)"),
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
