/* censored.c — the ranges of censored counts ("<5", docs/input.md).
 *
 * A censored count keeps its low end in its record's count column, so
 * every reader that knows nothing of ranges sees the smallest value the
 * count can take; its high end is kept here, beside the record, with the
 * record flag TS_FLAG_CENSORED that lets a bulk reader skip the look-up
 * for every other record.  Published tables censor a few cells, so the
 * side table is small: an array of cells and a hash index by record and
 * count. */
#include "store_impl.h"

struct censored_cell {
	uint32_t rec;
	uint8_t count;
	uint32_t block;         /* 0, or the block whose sum is known */
	int64_t lo, hi;
};

struct censored_cells {
	struct censored_cell *v;
	size_t n, cap;
	struct ts_hashtab tab;
	int64_t *block_sum;     /* block b's sum is block_sum[b - 1] */
	size_t nblocks, blocks_cap;
};

struct cell_key {
	uint32_t rec;
	uint8_t count;
};

static uint64_t
key_hash(uint32_t rec, unsigned count)
{
	return (uint64_t)rec * TS_NCOUNTS + count;
}

static int
cell_same(const void *ctx, uint32_t e, const void *key)
{
	const struct censored_cell *c = &((const struct censored_cells *)ctx)->v[e];
	const struct cell_key *k = key;

	return c->rec == k->rec && c->count == k->count;
}

static uint64_t
cell_hash(const void *ctx, uint32_t e)
{
	const struct censored_cell *c = &((const struct censored_cells *)ctx)->v[e];

	return key_hash(c->rec, c->count);
}

void
ts_store_censored_free(struct censored_cells *cc)
{
	if (cc == NULL)
		return;
	free(cc->v);
	free(cc->block_sum);
	ts_hashtab_free(&cc->tab);
	free(cc);
}

/* The entry of count c of record rec, or SIZE_MAX. */
static size_t
cell_find(const struct censored_cells *cc, uint32_t rec, unsigned c)
{
	struct cell_key k;
	size_t j;

	if (cc == NULL || cc->n == 0)
		return SIZE_MAX;
	k.rec = rec;
	k.count = (uint8_t)c;
	j = ts_hashtab_find(&cc->tab, key_hash(rec, c), cell_same, cc, &k);
	return cc->tab.slots[j] ? ts_hashtab_entry(&cc->tab, j) : SIZE_MAX;
}

/* Puts the range of count c of record rec, adding or replacing its
 * entry; the count column is the caller's. */
static int
cell_put(struct ts_store *st, uint32_t rec, unsigned c, int64_t lo, int64_t hi)
{
	struct censored_cells *cc = st->censored;
	struct censored_cell *e;
	struct cell_key k;
	size_t j;

	if (cc == NULL) {
		if ((cc = calloc(1, sizeof *cc)) == NULL)
			return -1;
		if (ts_hashtab_init(&cc->tab, 16) != 0) {
			free(cc);
			return -1;
		}
		st->censored = cc;
	}
	k.rec = rec;
	k.count = (uint8_t)c;
	j = ts_hashtab_find(&cc->tab, key_hash(rec, c), cell_same, cc, &k);
	if (cc->tab.slots[j]) {
		e = &cc->v[ts_hashtab_entry(&cc->tab, j)];
	} else {
		if (cc->n >= UINT32_MAX - 1 ||
		    ts_grow(&cc->v, &cc->cap, cc->n + 1, sizeof *cc->v) != 0)
			return -1;
		e = &cc->v[cc->n];
		e->rec = rec;
		e->count = (uint8_t)c;
		e->block = 0;
		cc->n++;
		/* The entry is in even when the table could not double. */
		if (ts_hashtab_add(&cc->tab, j, (uint32_t)(cc->n - 1), cell_hash, cc) != 0)
			return -1;
	}
	e->lo = lo;
	e->hi = hi;
	return 0;
}

int
ts_store_set_censored(struct ts_store *st, size_t i, enum ts_count c,
    int64_t lo, int64_t hi)
{
	if (i >= st->n || i > UINT32_MAX || (unsigned)c >= TS_NCOUNTS || lo < 0 ||
	    hi < lo)
		return -1;
	if (cnt_set(st, c, i, lo, st->n) != 0 ||
	    ts_store_set_flag(st, i, TS_FLAG_CENSORED) != 0)
		return -1;
	return cell_put(st, (uint32_t)i, (unsigned)c, lo, hi);
}

int
ts_store_censored(const struct ts_store *st, size_t i, enum ts_count c,
    int64_t *lo, int64_t *hi)
{
	size_t e;

	if (!(ts_store_flag(st, i) & TS_FLAG_CENSORED) ||
	    (e = cell_find(st->censored, (uint32_t)i, (unsigned)c)) == SIZE_MAX)
		return 0;
	*lo = st->censored->v[e].lo;
	*hi = st->censored->v[e].hi;
	return 1;
}

size_t
ts_store_ncensored(const struct ts_store *st)
{
	return st->censored ? st->censored->n : 0;
}

void
ts_store_censored_at(const struct ts_store *st, size_t k, size_t *rec,
    enum ts_count *c, int64_t *lo, int64_t *hi)
{
	const struct censored_cell *e = &st->censored->v[k];

	*rec = e->rec;
	*c = (enum ts_count)e->count;
	*lo = e->lo;
	*hi = e->hi;
}

void
ts_store_read_counts_high(const struct ts_store *st, enum ts_count c,
    size_t from, size_t to, int64_t *out)
{
	size_t i, e;

	if (st->censored == NULL)
		return;
	for (i = from; i < to && i < st->flags_len; i++)
		if ((st->flags[i] & TS_FLAG_CENSORED) &&
		    (e = cell_find(st->censored, (uint32_t)i, (unsigned)c)) != SIZE_MAX)
			out[i - from] = st->censored->v[e].hi;
}

int
ts_store_censored_move(struct ts_store *dst, size_t at, struct ts_store *src)
{
	struct censored_cells *cc = src->censored;
	size_t k;
	int rc = 0;

	for (k = 0; cc && k < cc->n && rc == 0; k++) {
		size_t rec = at + cc->v[k].rec;
		if (rec > UINT32_MAX)
			rc = -1;
		else
			rc = cell_put(dst, (uint32_t)rec, cc->v[k].count, cc->v[k].lo,
			    cc->v[k].hi);
	}
	ts_store_censored_free(cc);
	src->censored = NULL;
	return rc;
}

uint32_t
ts_store_censored_block(struct ts_store *st, int64_t sum)
{
	struct censored_cells *cc = st->censored;

	if (cc == NULL || cc->nblocks >= UINT32_MAX - 1 ||
	    ts_grow(&cc->block_sum, &cc->blocks_cap, cc->nblocks + 1,
	    sizeof *cc->block_sum) != 0)
		return 0;
	cc->block_sum[cc->nblocks++] = sum;
	return (uint32_t)cc->nblocks;
}

int
ts_store_censored_join(struct ts_store *st, size_t i, enum ts_count c,
    uint32_t block)
{
	size_t e = i > UINT32_MAX ? SIZE_MAX :
	    cell_find(st->censored, (uint32_t)i, (unsigned)c);

	if (e == SIZE_MAX || block == 0 || block > st->censored->nblocks ||
	    st->censored->v[e].block != 0)
		return -1;
	st->censored->v[e].block = block;
	return 0;
}

uint32_t
ts_store_censored_block_of(const struct ts_store *st, size_t k, int64_t *sum)
{
	uint32_t b;

	if (st->censored == NULL || k >= st->censored->n)
		return 0;
	b = st->censored->v[k].block;
	if (b)
		*sum = st->censored->block_sum[b - 1];
	return b;
}

size_t
ts_store_censored_nblocks(const struct ts_store *st)
{
	return st->censored ? st->censored->nblocks : 0;
}

uint32_t
ts_store_censored_block_id(const struct ts_store *st, size_t i, enum ts_count c)
{
	size_t e = i > UINT32_MAX ? SIZE_MAX :
	    cell_find(st->censored, (uint32_t)i, (unsigned)c);

	return e == SIZE_MAX ? 0 : st->censored->v[e].block;
}
