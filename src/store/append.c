/* append.c — appending one store to another (the second part of a split
 * input), its case details included. */
#include <pthread.h>

#include "store_impl.h"

/* --- Appending a store (the second part of a split input) ----------
 * Column by column, each moved from its end a chunk at a time, the source
 * giving back what it has handed over: the two parts of a column are
 * never both resident, so that the merge of a split input costs no more
 * memory than one pass. */
#define MOVE_CHUNK ((size_t)1 << 17)

/* Gives back c's entries from `from` on (they have been copied). */
static void
col_shrink(struct column *c, size_t from)
{
	void *nv;

	if (c->w == 0 || from == 0)
		return;
	nv = realloc(c->v, from * c->w);
	if (nv != NULL)
		c->v = nv;
}

static void
col_drop(struct column *c)
{
	free(c->v);
	c->v = NULL;
	c->w = 0;
}

/* Copies ids src[from..to) to dst[at + from ..) through map (NULL: as
 * they are); dst is wide enough. */
static void
ids_copy(struct column *dst, size_t at, const struct column *src, size_t from,
    size_t to, const uint32_t *map)
{
	size_t i;
	uint32_t x;

	if (src->w == 1 && dst->w == 1) {
		const uint8_t *s = src->v;
		uint8_t *d = (uint8_t *)dst->v + at;
		if (map == NULL)
			memcpy(d + from, s + from, to - from);
		else
			for (i = from; i < to; i++)
				d[i] = (uint8_t)map[s[i]];
		return;
	}
	if (src->w == 2 && dst->w == 2) {
		const uint16_t *s = src->v;
		uint16_t *d = (uint16_t *)dst->v + at;
		if (map == NULL)
			memcpy(d + from, s + from, (to - from) * 2);
		else
			for (i = from; i < to; i++)
				d[i] = (uint16_t)map[s[i]];
		return;
	}
	for (i = from; i < to; i++) {
		x = id_get(src, i);
		col_put(dst, at + i, map ? map[x] : x);
	}
}

/* Moves the n ids of src to dst from entry `at` on (dst has room for
 * cap), through map (map_len entries; NULL: as they are), widening dst
 * as needed; src is left empty. */
static int
ids_move(struct column *dst, size_t at, size_t cap, struct column *src,
    size_t n, const uint32_t *map, size_t map_len)
{
	uint32_t max = 0, x;
	uint64_t lim;
	unsigned w;
	size_t i, from, to;

	if (n == 0) {
		col_drop(src);
		return 0;
	}
	/* A bound first, from the ids src's width allows; the exact largest
	 * only when that bound would widen dst. */
	if (src->w == 0) {
		max = map ? map[0] : 0;
	} else if (map == NULL) {
		max = (uint32_t)(col_limit(src->w) < UINT32_MAX ? col_limit(src->w) : UINT32_MAX);
	} else {
		lim = col_limit(src->w) < map_len - 1 ? col_limit(src->w) : map_len - 1;
		for (i = 0; i <= lim; i++)
			if (map[i] > max)
				max = map[i];
	}
	if (src->w && max > (dst->w ? col_limit(dst->w) : 0))
		for (i = 0, max = 0; i < n; i++) {
			x = id_get(src, i);
			if (map)
				x = map[x];
			if (x > max)
				max = x;
		}
	if (max == 0 && dst->w == 0) {
		col_drop(src);
		return 0;
	}
	if (dst->w == 0) {
		if ((dst->v = calloc(cap ? cap : 1, 1)) == NULL)
			return -1;
		dst->w = 1;
	}
	for (w = dst->w; w < 4 && max > col_limit(w); w *= 2)
		;
	if (w != dst->w && ts_store_col_widen(dst, w, at, cap, 0) != 0)
		return -1;
	for (to = n; to > 0; to = from) {
		from = to > MOVE_CHUNK ? to - MOVE_CHUNK : 0;
		ids_copy(dst, at, src, from, to, map);
		col_shrink(src, from);
	}
	col_drop(src);
	return 0;
}

/* Sets ids at..at+n-1 of c to x. */
static int
ids_fill(struct column *c, size_t at, size_t cap, size_t n, uint32_t x)
{
	size_t i;

	if (n == 0 || (x == 0 && c->w == 0))
		return 0;
	if (id_set(c, at, x, cap, at) != 0)
		return -1;
	if (c->w == 1)
		memset((uint8_t *)c->v + at, (int)x, n);
	else
		for (i = 1; i < n; i++)
			col_put(c, at + i, x);
	return 0;
}

/* Moves src's counts to dst's records at..at+n-1 (dst's case details are
 * set: counts may follow from the outcomes in either). */
static int
counts_move(struct ts_store *dst, size_t at, struct ts_store *src, size_t n)
{
	struct column *s, *d;
	size_t c, i, from, to;

	for (c = 0; c < TS_NCOUNTS; c++) {
		s = &src->counts[c];
		d = &dst->counts[c];
		if (s->w == 0 && d->w == 0)
			continue;       /* both read from the outcome bytes */
		if (s->w == d->w) {     /* one encoding: the bytes as they are */
			for (to = n; to > 0; to = from) {
				from = to > MOVE_CHUNK ? to - MOVE_CHUNK : 0;
				memcpy((char *)d->v + (at + from) * d->w,
				    (const char *)s->v + from * s->w, (to - from) * d->w);
				col_shrink(s, from);
			}
		} else {
			for (i = 0; i < n; i++)
				if (cnt_set(dst, (enum ts_count)c, at + i,
				    cnt_get(src, (enum ts_count)c, i), at + i) != 0)
					return -1;
		}
		col_drop(s);
	}
	return 0;
}

/* Moves src's lines to dst's records at..at+n-1, moved on by offset. */
static int
lines_move(struct ts_store *dst, size_t at, struct ts_store *src, size_t n,
    long offset)
{
	uint64_t last = (uint64_t)src->line_k + n - 1 + (uint64_t)offset;
	uint32_t x, l;
	size_t i;
	long ln;

	if (n == 0)
		return 0;
	/* One constant for src and no saturated line: one for dst too. */
	if (src->line.w == 0 && dst->line.w == 0 && offset >= 0 &&
	    (uint64_t)src->line_k + n - 1 < UINT32_MAX && last < UINT32_MAX) {
		x = src->line_k + (uint32_t)offset - (uint32_t)at;
		if (at == 0 || x == dst->line_k) {
			dst->line_k = x;
			return 0;
		}
	}
	for (i = 0; i < n; i++) {
		l = ts_store_line(src, i);
		ln = (long)l + offset;
		if (line_put(dst, at + i, l == UINT32_MAX || ln > (long)UINT32_MAX ?
		    UINT32_MAX : (uint32_t)ln, at + i) != 0)
			return -1;
	}
	col_drop(&src->line);
	return 0;
}

static int cases_move(struct ts_store *dst, size_t at, struct ts_store *src);
static void cases_release(struct ts_store *src);

/* The case details of src moved to dst's records from `at` on, then
 * the counts of its n records (they may follow from the outcomes). */
struct cases_job {
	struct ts_store *dst, *src;
	size_t at, n;
	int rc;
};

static void *
run_cases(void *arg)
{
	struct cases_job *j = arg;

	j->rc = cases_move(j->dst, j->at, j->src) != 0 ||
	    counts_move(j->dst, j->at, j->src, j->n) != 0 ? -1 : 0;
	return NULL;
}

int
ts_store_append(struct ts_store *dst, struct ts_store *src, uint32_t input,
    long line_offset)
{
	uint32_t *sid = NULL, *pid = NULL;
	int *dim = NULL;
	size_t i, d, k, n0 = dst->n, n = src->n, need = dst->n + src->n, ncap;
	int rc = -1, threaded, moved;
	struct cases_job cj;
	pthread_t tid;

	if (need < dst->n)
		return -1;
	sid = malloc(src->nstr * sizeof *sid);
	pid = malloc((src->nperiods ? src->nperiods : 1) * sizeof *pid);
	dim = malloc((src->ndims ? src->ndims : 1) * sizeof *dim);
	if (sid == NULL || pid == NULL || dim == NULL)
		goto out;
	/* Strings and periods in src's id order, so that the ids new to dst
	 * come out as they would have had dst read src's rows itself. */
	if (ts_store_intern_store(dst, src, sid) != 0)
		goto out;
	for (i = 0; i < src->nperiods; i++)
		if ((pid[i] = period_id(dst, &src->periods[i])) == TS_NO_ID)
			goto out;
	for (d = 0; d < src->ndims; d++) {
		const char *h;
		int differs;
		if ((dim[d] = ts_store_dim(dst, src->dim_names[d])) < 0)
			goto out;
		h = ts_store_dim_header(src, d, &differs);
		if (h != NULL && ts_store_set_dim_header(dst, (size_t)dim[d], h, differs) != 0)
			goto out;
	}
	if (need > dst->cap) {
		for (ncap = dst->cap ? dst->cap : 256; ncap < need; ncap *= 2)
			if (ncap > SIZE_MAX / 2)
				goto out;
		if (ts_store_grow_records(dst, ncap) != 0)
			goto out;
	}
	if (src->flags_len && ts_grow(&dst->flags, &dst->flags_cap, n0 + src->flags_len,
	    sizeof *dst->flags) != 0)
		goto out;
	/* The case details and counts on a thread of their own when there
	 * are many: the other columns are apart from them, and what a move
	 * costs is mostly the fresh pages it fills. */
	cj.dst = dst;
	cj.src = src;
	cj.at = n0;
	cj.n = n;
	threaded = n >= 65536 && pthread_create(&tid, NULL, run_cases, &cj) == 0;
	if (!threaded && (run_cases(&cj), cj.rc != 0))
		goto out;
	moved = ids_move(&dst->period, n0, dst->cap, &src->period, n, pid, src->nperiods) == 0 &&
	    ids_move(&dst->source, n0, dst->cap, &src->source, n, sid, src->nstr) == 0 &&
	    ids_fill(&dst->input, n0, dst->cap, n, input) == 0 &&
	    lines_move(dst, n0, src, n, line_offset) == 0;
	if (moved) {
		col_drop(&src->input);
		/* dst's dimensions that src lacks: the empty string. */
		for (d = 0; d < dst->ndims; d++) {
			for (k = 0; k < src->ndims && dim[k] != (int)d; k++)
				;
			if (k == src->ndims && dst->dims[d].w)
				memset((char *)dst->dims[d].v + n0 * dst->dims[d].w, 0,
				    n * dst->dims[d].w);
		}
		for (d = 0; moved && d < src->ndims; d++)
			moved = ids_move(&dst->dims[dim[d]], n0, dst->cap, &src->dims[d], n,
			    sid, src->nstr) == 0;
	}
	if (threaded)
		pthread_join(tid, NULL);
	if (!moved || cj.rc != 0)
		goto out;
	cases_release(src);
	/* Flags set while reading (a total word in a period cell). */
	if (src->flags_len) {
		if (dst->flags_len < n0)
			memset(dst->flags + dst->flags_len, 0,
			    (n0 - dst->flags_len) * sizeof *dst->flags);
		memcpy(dst->flags + n0, src->flags, src->flags_len * sizeof *dst->flags);
		dst->flags_len = n0 + src->flags_len;
	}
	dst->n = need;
	if (ts_store_censored_move(dst, n0, src) != 0)
		goto out;
	rc = 0;
out:
	src->n = 0;
	src->flags_len = 0;
	free(sid);
	free(pid);
	free(dim);
	return rc;
}

/* Copies the n entries of size bytes of src to dst from the end, a chunk
 * at a time, giving src's memory back as it goes (so that the peak holds
 * little more than one copy), and frees src. */
static void
chunks_move(void *dst, void *src, size_t n, size_t size)
{
	size_t from, to;
	void *p;

	for (to = n; to > 0; to = from) {
		from = to > MOVE_CHUNK ? to - MOVE_CHUNK : 0;
		memcpy((char *)dst + from * size, (char *)src + from * size,
		    (to - from) * size);
		if (from && (p = realloc(src, from * size)) != NULL)
			src = p;
	}
	free(src);
}

/* The keys kept apart copied behind the others, whose arrays have room
 * for them (c->cap): from the end, a chunk at a time, as the merge did
 * not, so that they are resident once. */
void
ts_store_keys_join(struct case_cols *c)
{
	if (c == NULL || c->fp2 == NULL)
		return;
	chunks_move(c->fp + c->seg, c->fp2, c->n - c->seg, sizeof *c->fp);
	chunks_move(c->check + c->seg, c->check2, c->n - c->seg, sizeof *c->check);
	c->fp2 = NULL;
	c->check2 = NULL;
	c->seg = 0;
}

/* Moves the case ids' texts of s's n records to c's records from `at` on
 * (c has room for them): s's arena goes to the end of c's as it is, a
 * chunk at a time, and its offsets move on by the length of c's.  A text
 * staged in either is forgotten. */
static int
texts_move(struct case_cols *c, size_t at, struct case_cols *s, size_t n)
{
	uint64_t base = c->text_len, x, last = base + s->text_len + 1;
	size_t i, from, to;
	unsigned w;

	c->staged = 0;
	if (s->text_at.w == 0) {
		if (c->text_at.w)
			memset((char *)c->text_at.v + at * c->text_at.w, 0, n * c->text_at.w);
		return 0;
	}
	if (s->text_len > SIZE_MAX - c->text_len ||
	    ts_grow(&c->text, &c->text_cap, c->text_len + s->text_len, 1) != 0)
		return -1;
	/* c's offsets wide enough for the last of s's, then the offsets
	 * from the end, s's given back as they are copied. */
	if (c->text_at.w == 0) {
		if ((c->text_at.v = calloc(c->cap ? c->cap : 1, 1)) == NULL)
			return -1;
		c->text_at.w = 1;
	}
	for (w = c->text_at.w; w < 8 && last > col_limit(w); w *= 2)
		;
	if (w != c->text_at.w && ts_store_col_widen(&c->text_at, w, at, c->cap, 0) != 0)
		return -1;
	for (to = n; to > 0; to = from) {
		from = to > MOVE_CHUNK ? to - MOVE_CHUNK : 0;
		for (i = from; i < to; i++) {
			x = col_raw(&s->text_at, i);
			col_put(&c->text_at, at + i, x ? x + base : 0);
		}
		col_shrink(&s->text_at, from);
	}
	col_drop(&s->text_at);
	chunks_move(c->text + c->text_len, s->text, s->text_len, 1);
	s->text = NULL;
	s->text_len = s->text_cap = s->staged = 0;
	c->text_len += (size_t)(last - 1 - base);
	return 0;
}

/* Moves src's case details to dst's records from `at` on, with their
 * table of first occurrences (kept apart until the next check, see
 * struct case_cols), and their texts.  src
 * keeps its outcome bytes, for counts_move(). */
static int
cases_move(struct ts_store *dst, size_t at, struct ts_store *src)
{
	struct case_cols *c = dst->cases, *s = src->cases;
	uint32_t *dmap;
	size_t i, n, need, cap;
	int rc;

	if (s == NULL || s->n == 0)
		return 0;
	if (c == NULL && (c = dst->cases = calloc(1, sizeof *c)) == NULL)
		return -1;
	/* Either table may hold another's entries still, and either
	 * store's keys may be in two parts. */
	if (ts_store_fp_fold(s) != 0 || ts_store_fp_fold(c) != 0)
		return -1;
	ts_store_keys_join(s);
	ts_store_keys_join(c);
	n = s->n;
	need = at + n;
	if (need > c->cap) {
		cap = c->cap;
		if (ts_grow(&c->outcome, &cap, need, sizeof *c->outcome) != 0)
			return -1;
		cap = c->cap;
		if (ts_grow(&c->fp, &cap, need, sizeof *c->fp) != 0)
			return -1;
		cap = c->cap;
		if (ts_grow(&c->check, &cap, need, sizeof *c->check) != 0 ||
		    col_grow(&c->closed, cap) != 0 || col_grow(&c->text_at, cap) != 0)
			return -1;
		c->cap = cap;
	}
	/* Records between without case details (a counts table's). */
	if (c->n < at) {
		memset(c->outcome + c->n, 0, at - c->n);
		memset(c->fp + c->n, 0, (at - c->n) * sizeof *c->fp);
		memset(c->check + c->n, 0, (at - c->n) * sizeof *c->check);
		if (c->closed.w)
			memset((char *)c->closed.v + c->n * c->closed.w, 0,
			    (at - c->n) * c->closed.w);
		if (c->text_at.w)
			memset((char *)c->text_at.v + c->n * c->text_at.w, 0,
			    (at - c->n) * c->text_at.w);
	}
	memcpy(c->outcome + at, s->outcome, n);
	/* The keys stay where they are, in the part's arrays (see struct
	 * case_cols), until a key is written: c's arrays have room for
	 * them (c->cap), untouched so far. */
	c->fp2 = s->fp;
	c->check2 = s->check;
	c->seg = at;
	s->fp = NULL;
	s->check = NULL;
	if (texts_move(c, at, s, n) != 0)
		return -1;
	/* Closed days through dst's day table, in src's id order. */
	if ((dmap = malloc((s->ndays + 1) * sizeof *dmap)) == NULL)
		return -1;
	dmap[0] = 0;
	for (i = 0; i < s->ndays; i++)
		if ((dmap[i + 1] = ts_store_day_id(c, s->days[i])) == TS_NO_ID) {
			free(dmap);
			return -1;
		}
	rc = ids_move(&c->closed, at, c->cap, &s->closed, n, dmap, s->ndays + 1);
	free(dmap);
	if (rc != 0)
		return -1;
	c->n = need;
	/* src's table is not kept: its entries are found again from the
	 * records when they are folded in (ts_store_fp_fold()), and until
	 * then the count sizes the table. */
	memset(&c->side, 0, sizeof c->side);
	c->side.nfirst = s->first.nfirst;
	c->side.base = at;
	c->side_end = need;
	free(s->first.buckets);
	memset(&s->first, 0, sizeof s->first);
	return 0;
}

/* Frees the outcome bytes cases_move() left to src: its counts are moved
 * too now. */
static void
cases_release(struct ts_store *src)
{
	if (src->cases == NULL)
		return;
	free(src->cases->outcome);
	src->cases->outcome = NULL;
	src->cases->n = 0;
}
