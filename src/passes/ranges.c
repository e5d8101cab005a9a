/* ranges.c — a range row among the rows of its single periods.
 *
 * A table that gives 2012, 2013 and 2014 and then "2012-2014" for the
 * same state gives each figure twice; summed naively, the state's figures
 * double.  For each key (the grouping values), the rows whose period is a
 * range are compared with the rows of single periods (years, quarters,
 * months, days) that lie wholly inside it: when there are any, the finer
 * rows are counted and the range row is checked against their sum, like a
 * total, with a warning either way.  A count only the range row gives
 * stays counted from it.  The rows of each key are sorted by period once;
 * each range row reads the rows inside it, and a file whose range rows
 * overlap so much that this would cost more than WORK_PER_RECORD reads a
 * record is refused (README, "Ranges among their periods").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passes_impl.h"
#include "ts_i18n.h"
#include "ts_recmap.h"

#define WORK_PER_RECORD 64

struct single {
	int32_t lo, hi;
	uint32_t rec;
};

static int
single_cmp(const void *pa, const void *pb)
{
	const struct single *a = pa, *b = pb;

	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

static int
in_play(const struct ts_store *st, size_t i)
{
	return ts_passes_counts_input(st, ts_store_input(st, i)) &&
	    !(ts_store_flag(st, i) & TS_FLAGS_OUT);
}

static void
cat(char *buf, size_t size, size_t *o, const char *fmt, long long a, long long b,
    const char *name)
{
	int w;

	if (*o + 1 >= size)
		return;
	w = b < 0 ? snprintf(buf + *o, size - *o, fmt, *o ? ", " : "", name, a) :
	    snprintf(buf + *o, size - *o, fmt, *o ? "; " : "", name, a, b);
	if (w > 0)
		*o += (size_t)w < size - *o ? (size_t)w : size - *o - 1;
}

/* Checks range row r against the rows of sl[0..n) inside it. */
static int
check_range(struct ts_store *st, struct ts_diags *diags, uint32_t r,
    const struct single *sl, size_t n)
{
	struct ts_period p = ts_store_period(st, r);
	int64_t sum[TS_NCOUNTS] = { 0 }, v;
	uint32_t have[TS_NCOUNTS] = { 0 }, inside = 0, first = 0;
	char per[64], good[512], bad[512], only[256];
	size_t k, c, og = 0, ob = 0, oo = 0;
	const struct ts_input_info *in;
	unsigned over = 0;
	int64_t covered = 0, upto = (int64_t)p.lo - 1, clo, chi;
	char part[160];

	for (k = 0; k < n; k++) {
		if (sl[k].hi > p.hi)
			continue;
		if (inside++ == 0)
			first = sl[k].rec;
		/* The days the rows inside cover: sorted by start, so one
		 * sweep. */
		if (sl[k].hi > upto) {
			covered += (int64_t)sl[k].hi - (sl[k].lo > upto ? sl[k].lo : upto + 1) + 1;
			upto = sl[k].hi;
		}
		for (c = 0; c < TS_NCOUNTS; c++) {
			v = ts_store_get_count(st, sl[k].rec, (enum ts_count)c);
			if (v == TS_MISSING)
				continue;
			have[c]++;
			/* A censored count's sum is a range: not checked. */
			if (v > INT64_MAX - sum[c] || ((ts_store_flag(st, sl[k].rec) &
			    TS_FLAG_CENSORED) && ts_store_censored(st, sl[k].rec,
			    (enum ts_count)c, &clo, &chi)))
				over |= 1u << c;
			else
				sum[c] += v;
		}
	}
	if (inside == 0)
		return 0;
	good[0] = bad[0] = only[0] = '\0';
	for (c = 0; c < TS_NCOUNTS; c++) {
		v = ts_store_get_count(st, r, (enum ts_count)c);
		if (v == TS_MISSING || (over & (1u << c)) ||
		    ts_store_censored(st, r, (enum ts_count)c, &clo, &chi))
			continue;
		if (have[c] == 0)
			cat(only, sizeof only, &oo, "%s%s %lld", v, -1, ts_count_name((enum ts_count)c));
		else if (v == sum[c])
			cat(good, sizeof good, &og, "%s%s %lld", v, -1, ts_count_name((enum ts_count)c));
		else
			cat(bad, sizeof bad, &ob, "%s%s %lld in the range row, %lld in the rows",
			    v, sum[c], ts_count_name((enum ts_count)c));
	}
	ts_period_format(&p, per, sizeof per);
	part[0] = '\0';
	if (covered < (int64_t)p.hi - p.lo + 1)
		snprintf(part, sizeof part, " (they cover %lld of its %lld days: its "
		    "figures for the other days are not counted)", (long long)covered,
		    (long long)p.hi - p.lo + 1);
	in = ts_store_input_info_c(st, ts_store_input(st, first));
	if (ts_diags_add(diags, TS_DIAG_WARNING, ts_store_input(st, r),
	    ts_store_line(st, r), N_("range row %s covers %lu row%s of single periods "
	    "inside it (the first at %s:%lu), which %s counted instead%s: %s%s%s%s"),
	    per, (unsigned long)inside, inside == 1 ? "" : "s", in ? in->path : "-",
	    (unsigned long)ts_store_line(st, first), inside == 1 ? "is" : "are", part,
	    ob ? "it does not match their sum: " : og ? "it matches their sum: " :
	    "nothing to check", ob ? bad : good,
	    oo ? "; counted from the range row, which alone gives them: " : "",
	    only) != 0)
		return -1;
	ts_diags_set_code(diags, ob ? "range_mismatch" : "range_checked");
	if (oo == 0)
		return ts_store_set_flag(st, r, TS_FLAG_TOTAL) != 0 ? -1 : 0;
	for (c = 0; c < TS_NCOUNTS; c++)
		if (have[c] != 0 && ts_store_set_flag(st, r, TS_FLAG_COVERED(c)) != 0)
			return -1;
	return 0;
}

int
ts_passes_ranges(struct ts_store *st, const uint8_t *keydim,
    struct ts_diags *diags, struct ts_error *err)
{
	size_t n = ts_store_count(st), i, e, k, nkeys, lo, hi, mid;
	struct ts_passes_key kc = { st, keydim, ts_store_ndims(st), 0 };
	struct ts_recmap map;
	uint32_t *start = NULL, *fill = NULL, *key = NULL, *ranges = NULL;
	struct single *sl = NULL;
	size_t nranges = 0, work = 0, budget;
	struct ts_period p;
	int rc = -1;

	for (i = 0; i < n; i++)
		if (ts_store_period(st, i).precision == TS_PREC_RANGE && in_play(st, i))
			break;
	if (i == n)
		return 0;       /* no range row: nothing to do */
	ts_recmap_init(&map, &(struct ts_recmap_ops){ ts_passes_key_hash,
	    ts_passes_key_equal, &kc });
	key = malloc(n * sizeof *key);
	ranges = malloc(n * sizeof *ranges);
	if (key == NULL || ranges == NULL)
		goto oom;
	for (i = 0; i < n; i++) {
		key[i] = UINT32_MAX;
		if (!in_play(st, i))
			continue;
		if (ts_recmap_put(&map, (uint32_t)i, &e) != 0)
			goto oom;
		key[i] = (uint32_t)e;
	}
	nkeys = map.count;
	start = calloc(nkeys + 1, sizeof *start);
	fill = calloc(nkeys + 1, sizeof *fill);
	sl = malloc(n * sizeof *sl);
	if (start == NULL || fill == NULL || sl == NULL)
		goto oom;
	/* The single-period rows of each key, together, sorted by period. */
	for (i = 0; i < n; i++) {
		if (key[i] == UINT32_MAX)
			continue;
		p = ts_store_period(st, i);
		if (p.precision == TS_PREC_RANGE)
			ranges[nranges++] = (uint32_t)i;
		else if (p.precision != TS_PREC_NONE)
			start[key[i] + 1]++;
	}
	for (k = 0; k < nkeys; k++)
		start[k + 1] += start[k];
	for (i = 0; i < n; i++) {
		if (key[i] == UINT32_MAX)
			continue;
		p = ts_store_period(st, i);
		if (p.precision == TS_PREC_RANGE || p.precision == TS_PREC_NONE)
			continue;
		sl[start[key[i]] + fill[key[i]]++] = (struct single){ p.lo, p.hi, (uint32_t)i };
	}
	for (k = 0; k < nkeys; k++)
		qsort(sl + start[k], start[k + 1] - start[k], sizeof *sl, single_cmp);
	budget = WORK_PER_RECORD * n + 4096;
	for (k = 0; k < nranges; k++) {
		uint32_t r = ranges[k], kk = key[r];
		p = ts_store_period(st, r);
		/* The first single row that starts in the range. */
		lo = start[kk];
		hi = start[kk + 1];
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (sl[mid].lo < p.lo)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (hi = lo; hi < start[kk + 1] && sl[hi].lo <= p.hi; hi++)
			;
		work += hi - lo;
		if (work > budget) {
			const struct ts_input_info *in = ts_store_input_info_c(st,
			    ts_store_input(st, r));
			rc = ts_error_set(err, TS_EDATA, in ? in->path : NULL,
			    (long)ts_store_line(st, r), 0, N_("range rows that overlap "
			    "the rows of their periods more than %d times a row: "
			    "tracestat does not check them; give each figure once"),
			    WORK_PER_RECORD);
			goto out;
		}
		if (check_range(st, diags, r, sl + lo, hi - lo) != 0)
			goto oom;
	}
	rc = 0;
	goto out;
oom:
	rc = ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
out:
	ts_recmap_free(&map);
	free(key);
	free(ranges);
	free(start);
	free(fill);
	free(sl);
	return rc;
}
