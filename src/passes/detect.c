/* detect.c — total rows found by arithmetic, whatever their label.
 *
 * A national row named "Estados Unidos Mexicanos", "U.S. total" or
 * "World" carries no total word, so the worded pass (totals.c) counts it
 * as one more state and doubles every figure.  Here, for each grouping
 * column in turn, the rows that agree on everything else (input, period,
 * the other grouping columns) form a block; a row whose every count is
 * the sum of the other rows of its block, at least two of them non-zero,
 * may be a total row.  Small figures add up by chance (1 + 2 = 3), so an
 * equality is taken as a total only on evidence: the chance that an
 * ordinary row would hit the sum, estimated from the size of its figures
 * and the number of rows summed, must be below one in a million, in the
 * block alone or over every block where the same label is the sum (a
 * national row is the sum in every year, a coincidence is not), and the
 * label must not fail to be the sum in more than a third as many blocks
 * as it is.  An equality without that evidence is named in a warning,
 * not guessed.  A row larger than every other and within 2% of their
 * sum, but not equal, is not guessed either: a warning names it and the
 * --total-word that would settle it.  Three walks over the records per
 * column, so the cost is linear in the cells (README, "Totals
 * without a word").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passes_impl.h"
#include "ts_i18n.h"
#include "ts_recmap.h"

/* How far a near-sum may be from the sum, in parts of the sum. */
#define NEAR_SHARE 0.02

/* The chance of a coincidence below which an equality is a total, as a
 * power of ten: one in a million. */
#define CHANCE_LIMIT (-6.0)

/* What judge() finds of a row in its block. */
enum verdict {
	V_NONE,         /* not judged: too few rows, or counts not given */
	V_EQUAL,        /* the sum of the others in every count it gives */
	V_NEAR,         /* the largest, within NEAR_SHARE of their sum */
	V_OTHER,        /* judged, and neither */
};

/* What a label (an input's value of the summed column) shows over its
 * blocks. */
struct label_ev {
	uint32_t equal, other;  /* blocks where it is the sum, where not */
	double chance;          /* log10 of the chance over its equal blocks */
	int strong;             /* one block is evidence enough alone */
	int said;               /* the warning of too little evidence is out */
};

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
	struct group *groups;   /* the blocks of three rows or more */
	size_t groups_cap;
	uint32_t *brows;        /* per block: its rows, then its group + 1 */
	size_t brows_cap;
	struct ts_recmap lmap;  /* records by input and label in column dim */
	struct label_ev *labels;
	size_t labels_cap;
	uint8_t *verdict;       /* per record: its enum verdict in column dim */
	uint32_t *gent, *lent;  /* per record: its block's and label's entries,
	                         * kept so that no later walk hashes it again */
	/* Every record's key, read from the store once for all the columns'
	 * walks (a hash or a comparison reads these, not the store): its
	 * input, its period id, and its values of the nkd grouping columns,
	 * rkey[i * nkd + j] for the j-th (kj is the j of dim). */
	uint32_t *rin, *rper, *rkey;
	size_t nkd, kj;
	uint8_t *play;          /* per record: of a counts table, and not flagged
	                           out (by an earlier column's walk too) */
	/* The counts of CHUNK records from `at`, as ts_store_get_count()
	 * reads them: cv[c * CHUNK + k] for record at + k; fl their flags. */
	int64_t *cv;
	uint16_t *fl;
	uint8_t *counts_in;     /* per input: ts_passes_counts_input() */
};

static uint64_t
group_hash(const void *ctx, uint32_t rec)
{
	const struct detect *dt = ctx;
	const uint32_t *k = dt->rkey + (size_t)rec * dt->nkd;
	uint64_t h = ts_recmap_mix(0, dt->rin[rec]);
	size_t j;

	h = ts_recmap_mix(h, dt->rper[rec]);
	for (j = 0; j < dt->nkd; j++)
		if (j != dt->kj)
			h = ts_recmap_mix(h, k[j]);
	return h ^ (h >> 29);
}

static int
group_equal(const void *ctx, uint32_t a, uint32_t b)
{
	const struct detect *dt = ctx;
	const uint32_t *ka = dt->rkey + (size_t)a * dt->nkd;
	const uint32_t *kb = dt->rkey + (size_t)b * dt->nkd;
	size_t j;

	if (dt->rin[a] != dt->rin[b] || dt->rper[a] != dt->rper[b])
		return 0;
	for (j = 0; j < dt->nkd; j++)
		if (j != dt->kj && ka[j] != kb[j])
			return 0;
	return 1;
}

static uint64_t
label_hash(const void *ctx, uint32_t rec)
{
	const struct detect *dt = ctx;
	uint64_t h = ts_recmap_mix(0, dt->rin[rec]);

	h = ts_recmap_mix(h, dt->rkey[(size_t)rec * dt->nkd + dt->kj]);
	return h ^ (h >> 29);
}

static int
label_equal(const void *ctx, uint32_t a, uint32_t b)
{
	const struct detect *dt = ctx;

	return dt->rin[a] == dt->rin[b] &&
	    dt->rkey[(size_t)a * dt->nkd + dt->kj] == dt->rkey[(size_t)b * dt->nkd + dt->kj];
}

/* Records read at a time from the store's columns. */
#define CHUNK 4096

/* Reads every record's key into dt->rin, rper and rkey; -1 when out of
 * memory. */
static int
read_keys(struct detect *dt)
{
	size_t n = ts_store_count(dt->st), at, i, d, j;
	uint32_t ids[CHUNK];

	dt->rin = malloc((n ? n : 1) * sizeof *dt->rin);
	dt->rper = malloc((n ? n : 1) * sizeof *dt->rper);
	dt->rkey = malloc((n && dt->nkd ? n * dt->nkd : 1) * sizeof *dt->rkey);
	dt->play = malloc(n ? n : 1);
	dt->cv = malloc(TS_NCOUNTS * CHUNK * sizeof *dt->cv);
	dt->fl = malloc(CHUNK * sizeof *dt->fl);
	if (dt->rin == NULL || dt->rper == NULL || dt->rkey == NULL || dt->play == NULL ||
	    dt->cv == NULL || dt->fl == NULL)
		return -1;
	for (i = 0; i < n; i++)
		dt->rin[i] = ts_store_input(dt->st, i);
	dt->counts_in = malloc(ts_store_ninputs(dt->st) + 1);
	if (dt->counts_in == NULL)
		return -1;
	for (i = 0; i < ts_store_ninputs(dt->st); i++)
		dt->counts_in[i] = (uint8_t)ts_passes_counts_input(dt->st, (uint32_t)i);
	for (at = 0; at < n; at += CHUNK) {
		size_t m = n - at < CHUNK ? n - at : CHUNK;

		ts_store_read_period_ids(dt->st, at, at + m, dt->rper + at);
		for (d = 0, j = 0; d < dt->ndims; d++) {
			if (!dt->keydim[d])
				continue;
			ts_store_read_dim_ids(dt->st, d, at, at + m, ids);
			for (i = 0; i < m; i++)
				dt->rkey[(at + i) * dt->nkd + j] = ids[i];
			j++;
		}
	}
	return 0;
}

/* Reads the counts and flags of records at..at+m-1 into dt->cv, dt->fl. */
static void
read_counts(struct detect *dt, size_t at, size_t m)
{
	size_t c, k;
	int64_t *v;

	ts_store_read_flags(dt->st, at, at + m, dt->fl);
	for (c = 0; c < TS_NCOUNTS; c++) {
		v = dt->cv + c * CHUNK;
		ts_store_read_counts_raw(dt->st, (enum ts_count)c, at, at + m, v);
		for (k = 0; k < m; k++)
			if (dt->fl[k] & TS_FLAG_COVERED(c))
				v[k] = TS_MISSING;
	}
}

/* Count c of the k-th record read by read_counts(). */
static int64_t
count_of(const struct detect *dt, size_t k, size_t c)
{
	return dt->cv[c * CHUNK + k];
}

/* Adds record i, the k-th read by read_counts(), to its block g. */
static void
group_add(struct group *g, const struct detect *dt, uint32_t i, size_t k)
{
	const struct ts_store *st = dt->st;
	size_t c;
	int64_t v, lo, hi;
	int nonzero = 0, cens = (dt->fl[k] & TS_FLAG_CENSORED) != 0;

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
		v = count_of(dt, k, c);
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

/* What a row is in its block g (enum verdict), the row-th that
 * read_counts() read; *chance the log10 of the chance that an ordinary
 * row would be the sum as exactly (V_EQUAL only). */
static enum verdict
judge(const struct detect *dt, const struct group *g, size_t row,
    double *chance)
{
	size_t c, k, ndistinct = 0;
	int64_t v, others, distinct[TS_NCOUNTS];
	int given = 0, equal = 1, near = 1, self_nonzero = 0;
	uint32_t summed;

	for (c = 0; c < TS_NCOUNTS; c++) {
		v = count_of(dt, row, c);
		if (v != TS_MISSING && v != 0)
			self_nonzero = 1;
	}
	/* At least two other rows, two of them not zero: a row equal to its
	 * one neighbour is a repeat, not a total. */
	if (g->rows < 3 || g->nonzero - (uint32_t)self_nonzero < 2)
		return V_NONE;
	summed = g->nonzero - (uint32_t)self_nonzero;
	for (c = 0; c < TS_NCOUNTS; c++) {
		v = count_of(dt, row, c);
		if (v == TS_MISSING)
			continue;
		if (g->have[c] < 3 || (g->overflow & (1u << c)))
			return V_NONE;
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
	if (!given)
		return V_NONE;
	if (!equal && !near)
		return V_OTHER;
	*chance = 0;
	for (c = 0; equal && c < TS_NCOUNTS; c++) {
		v = count_of(dt, row, c);
		if (v == TS_MISSING)
			continue;
		/* An ordinary row of figures about v hits the sum about once
		 * in v + 1; a zero is no evidence, and a count equal to one
		 * already weighed (persons = cases) none more. */
		for (k = 0; k < ndistinct && distinct[k] != v; k++)
			;
		if (v != 0 && k == ndistinct) {
			distinct[ndistinct++] = v;
			*chance -= log10((double)v + 1.0);
		}
	}
	/* Every non-zero row summed past the second halves the chance that
	 * an ordinary row is as large as all of them together (a cautious
	 * bound: heavy-tailed figures, one large state, make it likelier
	 * than for figures of one size). */
	*chance -= (double)(summed - 2) * log10(2.0);
	return equal ? V_EQUAL : V_NEAR;
}

/* The figures of row i, judged verdict in its block g, for a message:
 * its counts when they are the sum, each count against the sum when
 * near it, none otherwise. */
static void
figures_of(const struct detect *dt, const struct group *g, uint32_t i,
    enum verdict verdict, char *figures, size_t size)
{
	size_t c, o = 0;
	int64_t v;
	int w;

	figures[0] = '\0';
	if (verdict != V_EQUAL && verdict != V_NEAR)
		return;
	for (c = 0; c < TS_NCOUNTS; c++) {
		v = ts_store_get_count(dt->st, i, (enum ts_count)c);
		if (v == TS_MISSING)
			continue;
		if (verdict == V_EQUAL) {
			cat_count(figures, size, &o, (enum ts_count)c, v);
			continue;
		}
		w = snprintf(figures + o, size - o, "%s%s %lld in the row, "
		    "%lld in the sum", o ? "; " : "", ts_count_name((enum ts_count)c),
		    (long long)v, (long long)(g->sum[c] - v));
		if (w > 0)
			o += (size_t)w < size - o ? (size_t)w : size - o - 1;
	}
}

/* Whether the label's blocks hold it for a total: evidence enough, and
 * not the sum in too few of the blocks where it could be. */
static int
established(const struct label_ev *l)
{
	if (l->equal == 0)
		return 0;
	return l->strong || (l->chance <= CHANCE_LIMIT && 3 * l->other <= l->equal);
}

static int
say(struct detect *dt, const struct group *g, uint32_t i, enum verdict verdict,
    const struct label_ev *l, const char *figures)
{
	char name[128], lines[64];
	uint32_t v = ts_store_dim_id(dt->st, i, dt->dim);
	uint32_t in = ts_store_input(dt->st, i);
	long line = (long)ts_store_line(dt->st, i);
	int rc, total = established(l);

	label(dt->st, v, name, sizeof name);
	other_lines(dt->st, g, i, lines, sizeof lines);
	if (verdict == V_EQUAL && total) {
		rc = ts_diags_add(dt->diags, TS_DIAG_WARNING, in, line, N_("row %s is "
		    "the sum of the %lu rows %s it (%s): %s; counted as the total, "
		    "not as a row of its own (--no-total-detection counts it as a "
		    "row)"), name, (unsigned long)(g->rows - 1), where(g, i), lines,
		    figures);
		ts_diags_set_code(dt->diags, "total_detected");
	} else if (verdict == V_EQUAL) {
		rc = ts_diags_add(dt->diags, TS_DIAG_WARNING, in, line, N_("row %s is "
		    "the sum of the %lu rows %s it (%s): %s; %s; counted as a row of "
		    "its own; if it is their total, --total-word %s keeps it out of "
		    "the sums"), name, (unsigned long)(g->rows - 1), where(g, i), lines,
		    figures, l->equal > 1 ? "so it is in other blocks of its file "
		    "too, but the figures are too few and too small to tell a total "
		    "from a coincidence" : "the figures are too few and too small "
		    "to tell a total from a coincidence", name);
		ts_diags_set_code(dt->diags, "total_possible");
	} else if (total) {
		rc = ts_diags_add(dt->diags, TS_DIAG_WARNING, in, line, N_("row %s, the "
		    "total of the rows beside it in %lu other block%s of its file, "
		    "does not match the %lu rows %s it here (%s)%s%s; the rows are "
		    "counted, not the total row"), name, (unsigned long)l->equal,
		    l->equal == 1 ? "" : "s", (unsigned long)(g->rows - 1),
		    where(g, i), lines, *figures ? ": " : "", figures);
		ts_diags_set_code(dt->diags, "total_mismatch");
	} else {
		rc = ts_diags_add(dt->diags, TS_DIAG_WARNING, in, line, N_("row %s is "
		    "larger than each of the %lu rows %s it (%s) and within 2%% of "
		    "their sum, but not equal: %s; counted as a row of its own; if "
		    "it is their total, --total-word %s keeps it out of the sums"),
		    name, (unsigned long)(g->rows - 1), where(g, i), lines, figures,
		    name);
		ts_diags_set_code(dt->diags, "total_near_sum");
	}
	if (rc != 0)
		return -1;
	return total ? ts_store_set_flag(dt->st, i, TS_FLAG_TOTAL) : 0;
}

/* One grouping column: every block of the others; every row judged
 * against its block, the verdicts gathered by label; then each row
 * decided on its label's evidence. */
static int
detect_dim(struct detect *dt)
{
	struct ts_store *st = dt->st;
	size_t n = ts_store_count(st), i, e, before, big;
	char figures[512];
	struct group *g;
	struct label_ev *l;
	enum verdict verdict;
	double chance = 0;

	ts_recmap_free(&dt->map);
	ts_recmap_init(&dt->map, &(struct ts_recmap_ops){ group_hash, group_equal, dt });
	ts_recmap_free(&dt->lmap);
	ts_recmap_init(&dt->lmap, &(struct ts_recmap_ops){ label_hash, label_equal, dt });
	/* The earlier columns may have flagged total rows out. */
	for (i = 0; i < n; i++) {
		if (i % CHUNK == 0)
			ts_store_read_flags(st, i, n - i < CHUNK ? n - i : CHUNK, dt->fl);
		dt->play[i] = dt->counts_in[dt->rin[i]] && !(dt->fl[i % CHUNK] & TS_FLAGS_OUT);
	}
	/* The blocks and their rows first: only a block of three rows or
	 * more can hold a total (judge()), and a column of a million labels
	 * makes a million blocks of one row, which keep a count each, not
	 * a struct group. */
	for (i = 0; i < n; i++) {
		if (!dt->play[i])
			continue;
		before = dt->map.count;
		if (ts_recmap_put(&dt->map, (uint32_t)i, &e) != 0 ||
		    ts_grow(&dt->brows, &dt->brows_cap, dt->map.count,
		    sizeof *dt->brows) != 0)
			return -1;
		if (dt->map.count > before)
			dt->brows[e] = 0;
		dt->brows[e]++;
		dt->gent[i] = (uint32_t)e;
	}
	/* brows[e] becomes the block's group + 1, 0 for a small block. */
	for (e = 0, big = 0; e < dt->map.count; e++)
		dt->brows[e] = dt->brows[e] >= 3 ? (uint32_t)++big : 0;
	if (ts_grow(&dt->groups, &dt->groups_cap, big ? big : 1, sizeof *dt->groups) != 0)
		return -1;
	memset(dt->groups, 0, (big ? big : 1) * sizeof *dt->groups);
	for (i = 0; i < n; i++) {
		if (i % CHUNK == 0)
			read_counts(dt, i, n - i < CHUNK ? n - i : CHUNK);
		if (!dt->play[i])
			continue;
		e = dt->brows[dt->gent[i]];
		dt->gent[i] = e ? (uint32_t)(e - 1) : UINT32_MAX;
		if (e)
			group_add(&dt->groups[e - 1], dt, (uint32_t)i, i % CHUNK);
	}
	/* Each row judged once: the verdict kept for the decision below. */
	for (i = 0; i < n; i++) {
		if (i % CHUNK == 0)
			read_counts(dt, i, n - i < CHUNK ? n - i : CHUNK);
		dt->verdict[i] = V_NONE;
		if (!dt->play[i] || dt->gent[i] == UINT32_MAX)
			continue;
		g = &dt->groups[dt->gent[i]];
		verdict = judge(dt, g, i % CHUNK, &chance);
		dt->verdict[i] = (uint8_t)verdict;
		if (verdict == V_NONE)
			continue;
		before = dt->lmap.count;
		if (ts_recmap_put(&dt->lmap, (uint32_t)i, &e) != 0 ||
		    ts_grow(&dt->labels, &dt->labels_cap, dt->lmap.count,
		    sizeof *dt->labels) != 0)
			return -1;
		dt->lent[i] = (uint32_t)e;
		l = &dt->labels[e];
		if (dt->lmap.count > before)
			memset(l, 0, sizeof *l);
		if (verdict == V_EQUAL) {
			l->equal++;
			l->chance += chance;
			if (chance <= CHANCE_LIMIT)
				l->strong = 1;
		} else {
			l->other++;
		}
	}
	for (i = 0; i < n; i++) {
		verdict = (enum verdict)dt->verdict[i];
		if (verdict == V_NONE)
			continue;
		g = &dt->groups[dt->gent[i]];
		l = &dt->labels[dt->lent[i]];
		if (verdict == V_EQUAL && !established(l)) {
			/* Said once per label; an equality that the label's other
			 * blocks mostly contradict is chance: nothing to say. */
			if (l->said || l->other >= l->equal)
				continue;
			l->said = 1;
		} else if (verdict != V_EQUAL &&
		    (g->done || (verdict == V_OTHER && !established(l)))) {
			continue;
		}
		figures_of(dt, g, (uint32_t)i, verdict, figures, sizeof figures);
		g->done = 1;
		if (say(dt, g, (uint32_t)i, verdict, l, figures) != 0)
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
	ts_recmap_init(&dt.lmap, &(struct ts_recmap_ops){ label_hash, label_equal, &dt });
	dt.verdict = malloc(ts_store_count(st) ? ts_store_count(st) : 1);
	dt.gent = malloc((ts_store_count(st) ? ts_store_count(st) : 1) * sizeof *dt.gent);
	dt.lent = malloc((ts_store_count(st) ? ts_store_count(st) : 1) * sizeof *dt.lent);
	for (dt.dim = 0; dt.dim < dt.ndims; dt.dim++)
		dt.nkd += keydim[dt.dim] != 0;
	if (dt.verdict == NULL || dt.gent == NULL || dt.lent == NULL || read_keys(&dt) != 0)
		rc = -1;
	for (dt.dim = 0; dt.dim < dt.ndims && rc == 0; dt.dim++)
		if (keydim[dt.dim]) {
			rc = detect_dim(&dt);
			dt.kj++;
		}
	ts_recmap_free(&dt.map);
	ts_recmap_free(&dt.lmap);
	free(dt.groups);
	free(dt.brows);
	free(dt.labels);
	free(dt.verdict);
	free(dt.gent);
	free(dt.lent);
	free(dt.rin);
	free(dt.rper);
	free(dt.rkey);
	free(dt.play);
	free(dt.cv);
	free(dt.fl);
	free(dt.counts_in);
	return rc;
}
