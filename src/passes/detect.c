/* detect.c — total rows found by arithmetic, whatever their label.
 *
 * A national row named "Estados Unidos Mexicanos", "U.S. total" or
 * "World" carries no total word, so the worded pass (totals.c) counts it
 * as one more state and doubles every figure.  Here, for each grouping
 * column in turn, the rows that agree on everything else (input, period,
 * the other grouping columns) form a group; a row whose every count is
 * the sum of the other rows of its group, at least two of them non-zero,
 * is a total row.  A row larger than every other and within 2% of their
 * sum, but not equal, is not guessed: a warning names it and the
 * --total-word that would settle it.  Two walks over the records per
 * column, so the cost is linear in the cells (README, "Totals without a
 * word").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passes_impl.h"
#include "ts_recmap.h"

/* How far a near-sum may be from the sum, in parts of the sum. */
#define NEAR_SHARE 0.02

struct group {
	int64_t sum[TS_NCOUNTS];
	int64_t max1[TS_NCOUNTS];       /* the largest value of the count */
	uint32_t nmax1[TS_NCOUNTS];     /* how many rows give it */
	uint32_t have[TS_NCOUNTS];      /* rows that give the count */
	uint32_t rows, nonzero;
	uint32_t first, second, last, before_last;   /* records, in order */
	unsigned overflow;              /* bit per count */
	int done;                       /* a total or near-sum was said */
};

struct detect {
	struct ts_store *st;
	struct ts_diags *diags;
	const uint8_t *keydim;
	size_t ndims, dim;      /* dim: the column whose values are summed */
	struct ts_recmap map;
	struct group *groups;
	size_t groups_cap;
};

static int
in_play(const struct ts_store *st, size_t i)
{
	return ts_passes_counts_input(st, ts_store_input(st, i)) &&
	    !(ts_store_flag(st, i) & TS_FLAGS_OUT);
}

static uint64_t
group_hash(const void *ctx, uint32_t rec)
{
	const struct detect *dt = ctx;
	uint64_t h = ts_recmap_mix(0, ts_store_input(dt->st, rec));
	size_t d;

	h = ts_recmap_mix(h, ts_store_period_id(dt->st, rec));
	for (d = 0; d < dt->ndims; d++)
		if (dt->keydim[d] && d != dt->dim)
			h = ts_recmap_mix(h, ts_store_dim_id(dt->st, rec, d));
	return h ^ (h >> 29);
}

static int
group_equal(const void *ctx, uint32_t a, uint32_t b)
{
	const struct detect *dt = ctx;
	size_t d;

	if (ts_store_input(dt->st, a) != ts_store_input(dt->st, b) ||
	    ts_store_period_id(dt->st, a) != ts_store_period_id(dt->st, b))
		return 0;
	for (d = 0; d < dt->ndims; d++)
		if (dt->keydim[d] && d != dt->dim &&
		    ts_store_dim_id(dt->st, a, d) != ts_store_dim_id(dt->st, b, d))
			return 0;
	return 1;
}

static void
group_add(struct group *g, const struct ts_store *st, uint32_t i)
{
	size_t c;
	int64_t v, lo, hi;
	int nonzero = 0, cens = (ts_store_flag(st, i) & TS_FLAG_CENSORED) != 0;

	if (g->rows == 0) {
		g->first = i;
		g->second = UINT32_MAX;
	} else if (g->rows == 1) {
		g->second = i;
	}
	g->before_last = g->rows ? g->last : UINT32_MAX;
	g->last = i;
	g->rows++;
	for (c = 0; c < TS_NCOUNTS; c++) {
		v = ts_store_get_count(st, i, (enum ts_count)c);
		if (v == TS_MISSING)
			continue;
		if (v != 0)
			nonzero = 1;
		if (g->have[c] == 0 || v > g->max1[c]) {
			g->max1[c] = v;
			g->nmax1[c] = 1;
		} else if (v == g->max1[c]) {
			g->nmax1[c]++;
		}
		g->have[c]++;
		/* A censored count's sum is a range: no arithmetic to detect. */
		if (v > INT64_MAX - g->sum[c] ||
		    (cens && ts_store_censored(st, i, (enum ts_count)c, &lo, &hi)))
			g->overflow |= 1u << c;
		else
			g->sum[c] += v;
	}
	g->nonzero += (uint32_t)nonzero;
}

static void
cat_count(char *buf, size_t size, size_t *o, enum ts_count c, int64_t v)
{
	int w;

	if (*o + 1 >= size)
		return;
	w = snprintf(buf + *o, size - *o, "%s%s %lld", *o ? ", " : "",
	    ts_count_name(c), (long long)v);
	if (w > 0)
		*o += (size_t)w < size - *o ? (size_t)w : size - *o - 1;
}

/* Where the other rows of g lie from row i: "below it", "above it". */
static const char *
where(const struct group *g, uint32_t i)
{
	return i == g->first ? "below" : i == g->last ? "above" : "around";
}

/* The lines of the other rows of g than i. */
static void
other_lines(const struct ts_store *st, const struct group *g, uint32_t i,
    char *buf, size_t size)
{
	uint32_t lo = i == g->first ? g->second : g->first;
	uint32_t hi = i == g->last ? g->before_last : g->last;

	snprintf(buf, size, "lines %lu-%lu", (unsigned long)ts_store_line(st, lo),
	    (unsigned long)ts_store_line(st, hi));
}

static void
label(const struct ts_store *st, uint32_t v, char *buf, size_t size)
{
	const char *s = ts_store_string(st, v);

	if (v == 0 || *s == '\0')
		snprintf(buf, size, "%s", "(blank)");
	else
		ts_quote(s, strlen(s), buf, size);
}

/* Whether row i of group g is the sum of the others (1), near it (2), or
 * neither (0); sums[] gets the figures for the message. */
static int
judge(const struct detect *dt, const struct group *g, uint32_t i,
    char *figures, size_t size)
{
	size_t c, o = 0;
	int64_t v, others;
	int given = 0, equal = 1, near = 1, self_nonzero = 0;

	for (c = 0; c < TS_NCOUNTS; c++) {
		v = ts_store_get_count(dt->st, i, (enum ts_count)c);
		if (v != TS_MISSING && v != 0)
			self_nonzero = 1;
	}
	/* At least two other rows, two of them not zero: a row equal to its
	 * one neighbour is a repeat, not a total. */
	if (g->rows < 3 || g->nonzero - (uint32_t)self_nonzero < 2)
		return 0;
	figures[0] = '\0';
	for (c = 0; c < TS_NCOUNTS; c++) {
		v = ts_store_get_count(dt->st, i, (enum ts_count)c);
		if (v == TS_MISSING)
			continue;
		if (g->have[c] < 3 || (g->overflow & (1u << c)))
			return 0;
		given = 1;
		others = g->sum[c] - v;
		if (v != others)
			equal = 0;
		/* Larger than every other row, and within the share of them. */
		if (v != g->max1[c] || g->nmax1[c] != 1 || others <= 0 ||
		    (double)(v > others ? v - others : others - v) >
		    NEAR_SHARE * (double)others)
			near = 0;
	}
	if (!given || (!equal && !near))
		return 0;
	for (c = 0; c < TS_NCOUNTS; c++) {
		v = ts_store_get_count(dt->st, i, (enum ts_count)c);
		if (v == TS_MISSING)
			continue;
		if (equal) {
			cat_count(figures, size, &o, (enum ts_count)c, v);
		} else {
			int w = snprintf(figures + o, size - o, "%s%s %lld in the row, "
			    "%lld in the sum", o ? "; " : "", ts_count_name((enum ts_count)c),
			    (long long)v, (long long)(g->sum[c] - v));
			if (w > 0)
				o += (size_t)w < size - o ? (size_t)w : size - o - 1;
		}
	}
	return equal ? 1 : 2;
}

static int
say(struct detect *dt, const struct group *g, uint32_t i, int verdict,
    const char *figures)
{
	char name[128], lines[64];
	uint32_t v = ts_store_dim_id(dt->st, i, dt->dim);
	int rc;

	label(dt->st, v, name, sizeof name);
	other_lines(dt->st, g, i, lines, sizeof lines);
	if (verdict == 1) {
		rc = ts_diags_add(dt->diags, TS_DIAG_WARNING, ts_store_input(dt->st, i),
		    ts_store_line(dt->st, i), "row %s is the sum of the %lu rows %s it "
		    "(%s): %s; counted as the total, not as a row of its own "
		    "(--no-total-detection counts it as a row)", name,
		    (unsigned long)(g->rows - 1), where(g, i), lines, figures);
		ts_diags_set_code(dt->diags, "total_detected");
	} else {
		rc = ts_diags_add(dt->diags, TS_DIAG_WARNING, ts_store_input(dt->st, i),
		    ts_store_line(dt->st, i), "row %s is larger than each of the %lu "
		    "rows %s it (%s) and within 2%% of their sum, but not equal: %s; "
		    "counted as a row of its own; if it is their total, "
		    "--total-word %s keeps it out of the sums", name,
		    (unsigned long)(g->rows - 1), where(g, i), lines, figures, name);
		ts_diags_set_code(dt->diags, "total_near_sum");
	}
	if (rc != 0)
		return -1;
	return verdict == 1 ? ts_store_set_flag(dt->st, i, TS_FLAG_TOTAL) : 0;
}

/* One grouping column: every group of the others, then every row judged
 * against its group. */
static int
detect_dim(struct detect *dt)
{
	struct ts_store *st = dt->st;
	size_t n = ts_store_count(st), i, e, before;
	char figures[512];
	struct group *g;
	int verdict;

	ts_recmap_free(&dt->map);
	ts_recmap_init(&dt->map, &(struct ts_recmap_ops){ group_hash, group_equal, dt });
	for (i = 0; i < n; i++) {
		if (!in_play(st, i))
			continue;
		before = dt->map.count;
		if (ts_recmap_put(&dt->map, (uint32_t)i, &e) != 0 ||
		    ts_grow(&dt->groups, &dt->groups_cap, dt->map.count,
		    sizeof *dt->groups) != 0)
			return -1;
		if (dt->map.count > before)
			memset(&dt->groups[e], 0, sizeof *dt->groups);
		group_add(&dt->groups[e], st, (uint32_t)i);
	}
	for (i = 0; i < n; i++) {
		if (!in_play(st, i))
			continue;
		g = &dt->groups[ts_recmap_get(&dt->map, (uint32_t)i)];
		if (g->done || (verdict = judge(dt, g, (uint32_t)i, figures,
		    sizeof figures)) == 0)
			continue;
		g->done = 1;
		if (say(dt, g, (uint32_t)i, verdict, figures) != 0)
			return -1;
	}
	return 0;
}

int
ts_passes_detect_totals(struct ts_store *st, const uint8_t *keydim,
    struct ts_diags *diags)
{
	struct detect dt;
	int rc = 0;

	memset(&dt, 0, sizeof dt);
	dt.st = st;
	dt.diags = diags;
	dt.keydim = keydim;
	dt.ndims = ts_store_ndims(st);
	ts_recmap_init(&dt.map, &(struct ts_recmap_ops){ group_hash, group_equal, &dt });
	for (dt.dim = 0; dt.dim < dt.ndims && rc == 0; dt.dim++)
		if (keydim[dt.dim])
			rc = detect_dim(&dt);
	ts_recmap_free(&dt.map);
	free(dt.groups);
	return rc;
}
