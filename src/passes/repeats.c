/* repeats.c — the same figures twice: a file given twice, a row copied.
 *
 * A report over every file of a folder that holds one table under two
 * names (data/2014.csv and data/mexico-2014-federal.csv) doubles every
 * figure.  An input whose records are the same set as an earlier input's
 * (same content after decoding, or the same rows in another order, another
 * encoding, another delimiter) is counted once: its records are flagged
 * TS_FLAG_REPEAT and a warning names both.  Inside one counts table, a row
 * equal to an earlier one in everything (period, labels, counts, source)
 * is warned about, once per input with the first pair; it is counted as
 * given, since some tables list one event per row.  --allow-repeats
 * counts repeated inputs as given and says nothing.  Linear: one hash per
 * record, a sort of the inputs by their signature, and a sort of the
 * records of the inputs that share one (README, "The same figures twice").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passes_impl.h"
#include "ts_i18n.h"
#include "ts_recmap.h"

struct sig {
	uint32_t input;
	uint32_t nrecs;
	uint64_t sum;           /* of the records' hashes: order does not matter */
};

struct rep {
	struct ts_store *st;
	struct ts_diags *diags;
	size_t ndims;
	uint64_t *hash;         /* per record */
	uint32_t *first, *count;        /* per input: its records, in order */
	uint32_t *recs;                 /* the records by input */
};

static uint64_t
fmix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t
rec_hash(const struct rep *rp, uint32_t i)
{
	const struct ts_store *st = rp->st;
	uint64_t h = ts_recmap_mix(0, ts_store_period_id(st, i));
	size_t d, c;

	for (d = 0; d < rp->ndims; d++)
		h = ts_recmap_mix(h, ts_store_dim_id(st, i, d));
	for (c = 0; c < TS_NCOUNTS; c++)
		h = ts_recmap_mix(h, (uint64_t)ts_store_get_count_raw(st, i, (enum ts_count)c));
	h = ts_recmap_mix(h, ts_store_source(st, i));
	h = ts_recmap_mix(h, ts_store_outcome(st, i));
	h = ts_recmap_mix(h, ts_store_case_fp(st, i));
	h = ts_recmap_mix(h, (uint64_t)(uint32_t)ts_store_closed(st, i));
	return fmix(h);
}

/* Whether records a and b say the same in everything but where they are. */
static int
rec_same(const struct rep *rp, uint32_t a, uint32_t b)
{
	const struct ts_store *st = rp->st;
	size_t d, c;

	if (ts_store_period_id(st, a) != ts_store_period_id(st, b) ||
	    ts_store_source(st, a) != ts_store_source(st, b) ||
	    ts_store_outcome(st, a) != ts_store_outcome(st, b) ||
	    ts_store_case_fp(st, a) != ts_store_case_fp(st, b) ||
	    ts_store_closed(st, a) != ts_store_closed(st, b))
		return 0;
	for (d = 0; d < rp->ndims; d++)
		if (ts_store_dim_id(st, a, d) != ts_store_dim_id(st, b, d))
			return 0;
	for (c = 0; c < TS_NCOUNTS; c++)
		if (ts_store_get_count_raw(st, a, (enum ts_count)c) !=
		    ts_store_get_count_raw(st, b, (enum ts_count)c))
			return 0;
	return 1;
}

static int
sig_cmp(const void *pa, const void *pb)
{
	const struct sig *a = pa, *b = pb;

	if (a->nrecs != b->nrecs)
		return a->nrecs < b->nrecs ? -1 : 1;
	if (a->sum != b->sum)
		return a->sum < b->sum ? -1 : 1;
	return a->input < b->input ? -1 : a->input > b->input;
}

/* A record's hash and number, sorted by hash (then number, so that the
 * order is the same on every run). */
struct hrec {
	uint64_t hash;
	uint32_t rec;
};

static int
hrec_cmp(const void *pa, const void *pb)
{
	const struct hrec *a = pa, *b = pb;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

static struct hrec *
sorted_recs(const struct rep *rp, uint32_t input)
{
	uint32_t k, n = rp->count[input];
	struct hrec *h = malloc((n ? n : 1) * sizeof *h);

	if (h == NULL)
		return NULL;
	for (k = 0; k < n; k++) {
		h[k].rec = rp->recs[rp->first[input] + k];
		h[k].hash = rp->hash[h[k].rec];
	}
	qsort(h, n, sizeof *h, hrec_cmp);
	return h;
}

/* 1 when inputs a and b hold the same records (as a multiset).  Records
 * of equal hash that sort differently only make it say "not the same":
 * never a false repeat. */
static int
same_set(const struct rep *rp, uint32_t a, uint32_t b)
{
	struct hrec *ha = sorted_recs(rp, a), *hb = sorted_recs(rp, b);
	uint32_t k, n = rp->count[a];
	int same = ha && hb ? 1 : -1;

	for (k = 0; same == 1 && k < n; k++)
		if (ha[k].hash != hb[k].hash || !rec_same(rp, ha[k].rec, hb[k].rec))
			same = 0;
	free(ha);
	free(hb);
	return same;
}

static const char *
path_of(const struct ts_store *st, uint32_t input)
{
	const struct ts_input_info *in = ts_store_input_info_c(st, input);

	return in ? in->path : "-";
}

static int
drop_input(struct rep *rp, uint32_t orig, uint32_t dup)
{
	uint32_t k, n = rp->count[dup], first = rp->recs[rp->first[dup]];

	for (k = 0; k < n; k++)
		if (ts_store_set_flag(rp->st, rp->recs[rp->first[dup] + k],
		    TS_FLAG_REPEAT) != 0)
			return -1;
	if (ts_diags_add(rp->diags, TS_DIAG_WARNING, dup, ts_store_line(rp->st, first),
	    N_("%s holds the same %lu record%s as %s: counted once, from %s "
	    "(--allow-repeats counts both)"), path_of(rp->st, dup),
	    (unsigned long)n, n == 1 ? "" : "s", path_of(rp->st, orig),
	    path_of(rp->st, orig)) != 0)
		return -1;
	ts_diags_set_code(rp->diags, "repeat_input");
	return 0;
}

static int
repeated_inputs(struct rep *rp, size_t nin)
{
	struct sig *sg = calloc(nin ? nin : 1, sizeof *sg);
	uint8_t *gone = calloc(nin ? nin : 1, 1);
	size_t i, j, k;
	int rc = -1, same;

	if (sg == NULL || gone == NULL)
		goto out;
	for (i = 0; i < nin; i++) {
		sg[i].input = (uint32_t)i;
		sg[i].nrecs = rp->count[i];
		for (k = 0; k < rp->count[i]; k++)
			sg[i].sum += rp->hash[rp->recs[rp->first[i] + k]];
	}
	qsort(sg, nin, sizeof *sg, sig_cmp);
	/* Within a run of equal signatures, each input is compared with the
	 * earlier ones still counted; a run longer than a few is a folder of
	 * copies, each found at its first comparison. */
	for (i = 0; i < nin; i = j) {
		for (j = i + 1; j < nin && sg[j].nrecs == sg[i].nrecs &&
		    sg[j].sum == sg[i].sum; j++)
			;
		if (sg[i].nrecs == 0 || j - i < 2)
			continue;
		for (k = i + 1; k < j; k++) {
			size_t o;
			for (o = i; o < k; o++) {
				if (gone[sg[o].input])
					continue;
				if ((same = same_set(rp, sg[o].input, sg[k].input)) < 0)
					goto out;
				if (same) {
					gone[sg[k].input] = 1;
					if (drop_input(rp, sg[o].input, sg[k].input) != 0)
						goto out;
					break;
				}
			}
		}
	}
	rc = 0;
out:
	free(sg);
	free(gone);
	return rc;
}

static uint64_t
row_hash(const void *ctx, uint32_t rec)
{
	return ((const struct rep *)ctx)->hash[rec];
}

static int
row_equal(const void *ctx, uint32_t a, uint32_t b)
{
	return rec_same(ctx, a, b);
}

/* Rows of one counts table equal to an earlier row of it. */
static int
repeated_rows(struct rep *rp, uint32_t input)
{
	struct ts_recmap map;
	uint32_t k, rec, n = rp->count[input], repeats = 0, first_dup = 0, orig = 0;
	size_t e, before;
	int rc = 0;

	ts_recmap_init(&map, &(struct ts_recmap_ops){ row_hash, row_equal, rp });
	for (k = 0; k < n; k++) {
		rec = rp->recs[rp->first[input] + k];
		if (ts_store_flag(rp->st, rec) & TS_FLAGS_OUT)
			continue;
		before = map.count;
		if (ts_recmap_put(&map, rec, &e) != 0) {
			rc = -1;
			break;
		}
		if (map.count > before)
			continue;
		if (repeats++ == 0) {
			first_dup = rec;
			orig = map.first[e];
		}
	}
	ts_recmap_free(&map);
	if (rc != 0 || repeats == 0)
		return rc;
	if (repeats == 1 ? ts_diags_add(rp->diags, TS_DIAG_WARNING, input,
	    ts_store_line(rp->st, first_dup), N_("row repeats line %lu in everything "
	    "(period, labels, counts, source): counted as given, as a table may "
	    "list one event a row; if it is a copy, remove it, or give each row "
	    "its source (--allow-repeats: no warning)"),
	    (unsigned long)ts_store_line(rp->st, orig)) :
	    ts_diags_add(rp->diags, TS_DIAG_WARNING, input,
	    ts_store_line(rp->st, first_dup), N_("%lu rows repeat an earlier row in "
	    "everything (period, labels, counts, source), the first this one, "
	    "which repeats line %lu: counted as given, as a table may list one "
	    "event a row; if they are copies, remove them, or give each row its "
	    "source (--allow-repeats: no warning)"), (unsigned long)repeats,
	    (unsigned long)ts_store_line(rp->st, orig)))
		return -1;
	ts_diags_set_code(rp->diags, "repeat_rows");
	return 0;
}

int
ts_passes_repeats(struct ts_store *st, int allow_repeats, struct ts_diags *diags)
{
	struct rep rp;
	size_t n = ts_store_count(st), nin = ts_store_ninputs(st), i;
	uint32_t *fill = NULL;
	int rc = -1;

	/* Nothing to compare: one input, and no counts table's rows (a case
	 * list's repeated rows are its repeated case ids, warned of as read). */
	if (allow_repeats || (nin < 2 && !ts_totals_any_counts(st)))
		return 0;
	memset(&rp, 0, sizeof rp);
	rp.st = st;
	rp.diags = diags;
	rp.ndims = ts_store_ndims(st);
	rp.hash = malloc((n ? n : 1) * sizeof *rp.hash);
	rp.first = calloc(nin + 1, sizeof *rp.first);
	rp.count = calloc(nin + 1, sizeof *rp.count);
	rp.recs = malloc((n ? n : 1) * sizeof *rp.recs);
	fill = calloc(nin + 1, sizeof *fill);
	if (rp.hash == NULL || rp.first == NULL || rp.count == NULL ||
	    rp.recs == NULL || fill == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		rp.hash[i] = rec_hash(&rp, (uint32_t)i);
		rp.count[ts_store_input(st, i)]++;
	}
	for (i = 1; i < nin; i++)
		rp.first[i] = rp.first[i - 1] + rp.count[i - 1];
	for (i = 0; i < n; i++) {
		uint32_t in = ts_store_input(st, i);
		rp.recs[rp.first[in] + fill[in]++] = (uint32_t)i;
	}
	if (!allow_repeats && nin > 1 && repeated_inputs(&rp, nin) != 0)
		goto out;
	for (i = 0; !allow_repeats && i < nin; i++)
		if (ts_passes_counts_input(st, (uint32_t)i) &&
		    repeated_rows(&rp, (uint32_t)i) != 0)
			goto out;
	rc = 0;
out:
	free(rp.hash);
	free(rp.first);
	free(rp.count);
	free(rp.recs);
	free(fill);
	return rc;
}
