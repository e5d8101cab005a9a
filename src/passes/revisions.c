/* revisions.c — one figure from two sources: counted once, and said so.
 *
 * Records with the same period and the same grouping values describe the
 * same thing; when their sources differ, the later one (or the one the
 * user prefers) is a revision of the other.  Summing both would count the
 * year twice, so the loser is flagged out of the sums.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_fields.h"
#include "ts_i18n.h"
#include "ts_recmap.h"
#include "ts_totals.h"

struct keyctx {
	const struct ts_store *st;
	const uint8_t *key;
	size_t ndims;
};

static uint64_t
rec_hash(const void *ctx, uint32_t rec)
{
	const struct keyctx *k = ctx;
	struct ts_period p = ts_store_period(k->st, rec);
	uint64_t h = ts_recmap_mix(0, (uint64_t)(uint32_t)p.lo << 32 | (uint32_t)p.hi);
	size_t d;

	h = ts_recmap_mix(h, (uint64_t)p.precision << 8 | p.range_prec);
	for (d = 0; d < k->ndims; d++)
		if (k->key[d])
			h = ts_recmap_mix(h, ts_store_dim_id(k->st, rec, d));
	return h ^ (h >> 29);
}

static int
rec_equal(const void *ctx, uint32_t a, uint32_t b)
{
	const struct keyctx *k = ctx;
	struct ts_period pa = ts_store_period(k->st, a), pb = ts_store_period(k->st, b);
	size_t d;

	if (pa.lo != pb.lo || pa.hi != pb.hi || pa.precision != pb.precision ||
	    pa.range_prec != pb.range_prec)
		return 0;
	for (d = 0; d < k->ndims; d++)
		if (k->key[d] && ts_store_dim_id(k->st, a, d) != ts_store_dim_id(k->st, b, d))
			return 0;
	return 1;
}

/* 1 when record a comes after record b in the input order. */
static int
later(const struct ts_store *st, uint32_t a, uint32_t b)
{
	if (ts_store_input(st, a) != ts_store_input(st, b))
		return ts_store_input(st, a) > ts_store_input(st, b);
	return ts_store_line(st, a) > ts_store_line(st, b);
}

/* 1 when the source of rec contains the folded text want. */
static int
source_has(const struct ts_store *st, uint32_t rec, const char *want)
{
	const char *s = ts_store_string(st, ts_store_source(st, rec));
	size_t len = strlen(s);
	char *folded = malloc(len + 1);
	int found;

	if (folded == NULL)
		return 0;
	ts_fields_fold(s, len, folded, len + 1);
	found = strstr(folded, want) != NULL;
	free(folded);
	return found;
}

/* "\"TIP 2008 ...\" at b.csv:4", and " and 2 more rows" when the source
 * gives the key in more rows (nrows) than that one. */
static void
where(const struct ts_store *st, uint32_t rec, size_t nrows, char *buf, size_t size)
{
	const struct ts_input_info *in = ts_store_input_info_c(st, ts_store_input(st, rec));
	const char *s = ts_store_string(st, ts_store_source(st, rec));
	const char *path = in ? in->path : "";
	char q[128], more[64] = "";

	if (*s)
		ts_quote(s, strlen(s), q, sizeof q);
	else
		snprintf(q, sizeof q, "%s", "(no source)");
	if (nrows > 1)
		snprintf(more, sizeof more, " and %zu more row%s", nrows - 1, nrows > 2 ? "s" : "");
	snprintf(buf, size, "%s at %s:%u%s", q, strcmp(path, "-") == 0 ? "(stdin)" : path,
	    ts_store_line(st, rec), more);
}

/* What one source gives for a key: its rows among the key's records, and
 * each count summed over them (TS_MISSING when none gives it).  A source
 * may give a key in several rows: they are all counted or all left out,
 * so its figure is their sum.  A sum past INT64_MAX cannot be told (bit c
 * of bad): that count is not compared. */
struct figure {
	uint32_t first, last;   /* its first and last row */
	size_t nrows;
	int64_t sum[TS_NCOUNTS];
	unsigned bad;
};

static void
figure_of(const struct ts_store *st, const uint32_t *recs, size_t n, uint32_t src,
    struct figure *f)
{
	size_t k, c;
	int64_t v;

	memset(f, 0, sizeof *f);
	for (c = 0; c < TS_NCOUNTS; c++)
		f->sum[c] = TS_MISSING;
	for (k = 0; k < n; k++) {
		if (ts_store_source(st, recs[k]) != src)
			continue;
		if (f->nrows++ == 0)
			f->first = recs[k];
		f->last = recs[k];
		for (c = 0; c < TS_NCOUNTS; c++) {
			v = ts_store_get_count(st, recs[k], (enum ts_count)c);
			if (v == TS_MISSING || (f->bad >> c & 1))
				continue;
			if (f->sum[c] == TS_MISSING) {
				f->sum[c] = v;
			} else if (v > 0 && f->sum[c] > INT64_MAX - v) {
				f->bad |= 1u << c;
				f->sum[c] = TS_MISSING;
			} else {
				f->sum[c] += v;
			}
		}
	}
}

/* Says what happened to the losing source's rows against the winning
 * source's (win->last is the winning row); flags the loser's rows.  A
 * count only the loser gives is the only figure there is: the winning row
 * takes it. */
static int
settle(struct ts_store *st, const uint8_t *key, struct figure *win,
    const struct figure *lose, const uint32_t *recs, size_t n,
    const char *why, struct ts_diags *diags)
{
	uint32_t w = win->last, src = ts_store_source(st, lose->first);
	int win_old = !later(st, w, lose->first);
	const struct figure *old = win_old ? win : lose, *new = win_old ? lose : win;
	uint32_t new_rec = win_old ? lose->first : w;
	char what[256], wold[384], wnew[384], wwin[384], wlose[384];
	char diff[512], fill[256];
	size_t c, k, o = 0, of = 0;
	int64_t a, b;
	int m;

	ts_totals_describe(st, key, w, what, sizeof what);
	where(st, old->first, old->nrows, wold, sizeof wold);
	where(st, new->first, new->nrows, wnew, sizeof wnew);
	where(st, win->first, win->nrows, wwin, sizeof wwin);
	where(st, lose->first, lose->nrows, wlose, sizeof wlose);
	diff[0] = fill[0] = '\0';
	for (c = 0; c < TS_NCOUNTS; c++) {
		a = old->sum[c];
		b = new->sum[c];
		if (a == b || ((win->bad | lose->bad) >> c & 1))
			continue;
		if (a == TS_MISSING || b == TS_MISSING) {
			if (win->sum[c] != TS_MISSING)
				continue;
			a = lose->sum[c];
			if (ts_store_set_count(st, w, (enum ts_count)c, a) != 0)
				return -1;
			win->sum[c] = a;
			m = snprintf(fill + of, sizeof fill - of, "%s%s %lld",
			    of ? ", " : "", ts_count_name((enum ts_count)c), (long long)a);
			if (m > 0)
				of += (size_t)m < sizeof fill - of ? (size_t)m : sizeof fill - of - 1;
			continue;
		}
		m = snprintf(diff + o, sizeof diff - o, "%s%s %lld -> %lld", o ? ", " : "",
		    ts_count_name((enum ts_count)c), (long long)a, (long long)b);
		if (m > 0)
			o += (size_t)m < sizeof diff - o ? (size_t)m : sizeof diff - o - 1;
	}
	for (k = 0; k < n; k++)
		if (ts_store_source(st, recs[k]) == src &&
		    ts_store_set_flag(st, recs[k], TS_FLAG_REVISED) != 0)
			return -1;
	if (o == 0) {
		if (ts_diags_add(diags, TS_DIAG_NOTE, ts_store_input(st, w),
		    ts_store_line(st, w), N_("%s: the same figures in %s and %s: "
		    "counted once%s%s%s%s"), what, wold, wnew,
		    of ? "; " : "", of ? wlose : "", of ? " alone gives " : "",
		    fill) != 0)
			return -1;
		ts_diags_set_code(diags, "revision_same");
		return 0;
	}
	if (ts_diags_add(diags, TS_DIAG_WARNING, ts_store_input(st, new_rec),
	    ts_store_line(st, new_rec), N_("%s: figure revised between sources: %s "
	    "(%s -> %s)"), what, diff, wold, wnew) != 0)
		return -1;
	ts_diags_set_code(diags, "revised");
	if (ts_diags_add(diags, TS_DIAG_NOTE, ts_store_input(st, w),
	    ts_store_line(st, w), N_("%s: counted from %s (%s); %s left out of "
	    "the sums%s%s"), what, wwin, why, wlose,
	    of ? ", except what only it gives: " : "", fill) != 0)
		return -1;
	ts_diags_set_code(diags, "revision_counted");
	return 0;
}

/* A record of a key and its source, for sorting by source. */
struct src_rec {
	uint32_t src, rec;
};

/* The records of one source among a key's: recs[start..start + n) of
 * struct by_source, first the first of them. */
struct run {
	uint32_t first;
	size_t start, n;
};

/* One key's records by source (reused from key to key): the records
 * sorted by source and then in input order, and the runs of one source
 * each, in the order their sources first come. */
struct by_source {
	struct src_rec *sr;
	size_t sr_cap;
	uint32_t *recs;
	size_t recs_cap;
	struct run *runs;
	size_t runs_cap, nruns;
};

static int
src_rec_cmp(const void *pa, const void *pb)
{
	const struct src_rec *a = pa, *b = pb;

	if (a->src != b->src)
		return a->src < b->src ? -1 : 1;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

static int
run_cmp(const void *pa, const void *pb)
{
	const struct run *a = pa, *b = pb;

	return a->first < b->first ? -1 : a->first > b->first;
}

/* Sorts a key's records recs[0..n) (in input order) into bs by source: a
 * sort, so that a key given by many sources costs n log n, not n a
 * source.  Returns 0, or -1 when out of memory. */
static int
group_by_source(struct by_source *bs, const struct ts_store *st,
    const uint32_t *recs, size_t n)
{
	size_t k;

	if (ts_grow(&bs->sr, &bs->sr_cap, n, sizeof *bs->sr) != 0 ||
	    ts_grow(&bs->recs, &bs->recs_cap, n, sizeof *bs->recs) != 0)
		return -1;
	for (k = 0; k < n; k++) {
		bs->sr[k].src = ts_store_source(st, recs[k]);
		bs->sr[k].rec = recs[k];
	}
	qsort(bs->sr, n, sizeof *bs->sr, src_rec_cmp);
	bs->nruns = 0;
	for (k = 0; k < n; k++) {
		bs->recs[k] = bs->sr[k].rec;
		if (k > 0 && bs->sr[k].src == bs->sr[k - 1].src) {
			bs->runs[bs->nruns - 1].n++;
			continue;
		}
		if (ts_grow(&bs->runs, &bs->runs_cap, bs->nruns + 1, sizeof *bs->runs) != 0)
			return -1;
		bs->runs[bs->nruns].first = bs->sr[k].rec;
		bs->runs[bs->nruns].start = k;
		bs->runs[bs->nruns++].n = 1;
	}
	qsort(bs->runs, bs->nruns, sizeof *bs->runs, run_cmp);
	return 0;
}

/* Picks the winner of one key's records and settles each other source
 * once, in the order they first come. */
static int
resolve(struct ts_store *st, const uint8_t *key, const uint32_t *recs,
    size_t n, const struct ts_totals_options *opt, const char *want,
    struct by_source *bs, struct ts_diags *diags)
{
	uint32_t win = recs[0], src, s;
	size_t k, r;
	int preferred = 0, p;
	char why[192], q[128];
	struct figure fw, fl;
	const struct run *run;

	for (k = 0; k < n; k++) {
		p = want && source_has(st, recs[k], want);
		if ((p && !preferred) || (p == preferred && later(st, recs[k], win))) {
			win = recs[k];
			preferred = p;
		}
	}
	if (preferred) {
		ts_quote(opt->prefer_source, strlen(opt->prefer_source), q, sizeof q);
		snprintf(why, sizeof why, "its source contains %s, --prefer-source", q);
	} else if (want) {
		ts_quote(opt->prefer_source, strlen(opt->prefer_source), q, sizeof q);
		snprintf(why, sizeof why, "the later input; no source contains %s", q);
	} else {
		snprintf(why, sizeof why, "%s", "the later input");
	}
	if (group_by_source(bs, st, recs, n) != 0)
		return -1;
	src = ts_store_source(st, win);
	for (r = 0; r < bs->nruns; r++)
		if (ts_store_source(st, bs->runs[r].first) == src)
			figure_of(st, bs->recs + bs->runs[r].start, bs->runs[r].n, src, &fw);
	fw.last = win;          /* the row that takes what only a loser gives */
	for (r = 0; r < bs->nruns; r++) {
		run = &bs->runs[r];
		if ((s = ts_store_source(st, run->first)) == src)
			continue;
		figure_of(st, bs->recs + run->start, run->n, s, &fl);
		if (settle(st, key, &fw, &fl, bs->recs + run->start, run->n, why,
		    diags) != 0)
			return -1;
	}
	return 0;
}

int
ts_revisions_mark(struct ts_store *st, const struct ts_totals_options *opt,
    struct ts_diags *diags, struct ts_error *err)
{
	size_t n = ts_store_count(st), i, e, nrec = 0, rcap = 0;
	struct keyctx kc;
	struct ts_recmap map;
	struct ts_recmap_ops ops = { rec_hash, rec_equal, NULL };
	uint32_t *next = NULL, *tail = NULL, *recs = NULL, r;
	uint8_t *multi = NULL, *key = NULL;
	size_t tail_cap = 0, multi_cap = 0;
	struct by_source bs;
	char *want = NULL;
	int rc = TS_OK;

	if (n == 0 || !ts_totals_any_counts(st))
		return TS_OK;   /* revisions are a counts table's */
	/* A revision is two sources for one key: with no record giving a
	 * source, the keyed walk has nothing to find (known without a scan). */
	if (ts_store_no_sources(st))
		return TS_OK;
	if (n >= UINT32_MAX)
		return ts_error_set(err, TS_EIO, NULL, 0, 0,
		    N_("too many records to look for revisions"));
	memset(&bs, 0, sizeof bs);
	kc.st = st;
	kc.ndims = ts_store_ndims(st);
	ops.ctx = &kc;
	ts_recmap_init(&map, &ops);
	key = calloc(kc.ndims + 1, 1);
	next = malloc(n * sizeof *next);
	if (key == NULL || next == NULL || ts_totals_key_dims(st, key) != 0)
		goto oom;
	kc.key = key;
	if (opt->prefer_source) {
		size_t len = strlen(opt->prefer_source);
		want = malloc(len + 1);
		if (want == NULL)
			goto oom;
		ts_fields_fold(opt->prefer_source, len, want, len + 1);
	}
	/* Chain the records of each key in input order. */
	for (i = 0; i < n; i++) {
		const struct ts_input_info *in = ts_store_input_info_c(st, ts_store_input(st, i));
		if (in == NULL || in->shape != TS_SHAPE_COUNTS ||
		    (ts_store_flag(st, i) & TS_FLAGS_OUT))
			continue;
		/* Only the chained records' entries are read: a case list
		 * leaves the array untouched (and out of the resident set). */
		next[i] = UINT32_MAX;
		if (ts_recmap_put(&map, (uint32_t)i, &e) != 0 ||
		    ts_grow(&tail, &tail_cap, map.count, sizeof *tail) != 0 ||
		    ts_grow(&multi, &multi_cap, map.count, 1) != 0)
			goto oom;
		if (map.first[e] == i) {
			multi[e] = 0;
		} else {
			next[tail[e]] = (uint32_t)i;
			if (ts_store_source(st, i) != ts_store_source(st, map.first[e]))
				multi[e] = 1;
		}
		tail[e] = (uint32_t)i;
	}
	for (e = 0; e < map.count; e++) {
		if (!multi[e])
			continue;
		nrec = 0;
		for (r = map.first[e]; r != UINT32_MAX; r = next[r]) {
			if (ts_grow(&recs, &rcap, nrec + 1, sizeof *recs) != 0)
				goto oom;
			recs[nrec++] = r;
		}
		if (resolve(st, key, recs, nrec, opt, want, &bs, diags) != 0)
			goto oom;
	}
	goto out;
oom:
	rc = ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
out:
	ts_recmap_free(&map);
	free(next);
	free(tail);
	free(multi);
	free(recs);
	free(key);
	free(want);
	free(bs.sr);
	free(bs.recs);
	free(bs.runs);
	return rc;
}
