/* casedup.c — the table of first occurrences of case ids, across every
 * input: duplicates are found by key (the scheme is described
 * with struct case_cols in store_impl.h). */
#define _DEFAULT_SOURCE         /* madvise() beside _POSIX_C_SOURCE */
#include <sys/mman.h>

#include "store_impl.h"

/* Nonzero when some byte of w is zero. */
static uint64_t
zero_byte(uint64_t w)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;

	return ~(((w & low7) + low7) | w | low7);
}

/* Nonzero when some tag of bucket bk is tag (or, when it is 0, some
 * untaken slot): eight bytes at a time, so that a probe does not branch
 * on each slot. */
static uint64_t
tag_seen(const struct fp_bucket *bk, uint8_t tag)
{
	uint64_t rep = 0x0101010101010101ULL * tag, lo;
	uint32_t hi;

	memcpy(&lo, bk->tag, 8);
	memcpy(&hi, bk->tag + 8, 4);
	return zero_byte(lo ^ rep) | zero_byte(((uint64_t)hi ^ rep) | 0xFFFFFFFF00000000ULL);
}

/* 1 when the texts of record i of a and record j of b are the same
 * bytes, or when either is not kept (the key alone decides then). */
static TS_COLD int
texts_agree(const struct case_cols *a, size_t i, const struct case_cols *b, size_t j)
{
	const char *s, *t;
	size_t ls, lt;

	if ((s = ts_store_case_text_of(a, i, &ls)) == NULL ||
	    (t = ts_store_case_text_of(b, j, &lt)) == NULL)
		return 1;
	return ls == lt && memcmp(s, t, ls) == 0;
}

/* 1 when record r of c has the case id of key, the id of record kr of kc
 * (kc NULL: of no record): the fingerprint agrees, then the check, then,
 * when both texts are kept, the texts. */
static inline int
same_case(const struct case_cols *c, size_t r, struct ts_case_key key,
    const struct case_cols *kc, size_t kr)
{
	return key_fp(c, r) == key.fp && key_check(c, r) == key.check &&
	    (kc == NULL || c->text_at.w == 0 || kc->text_at.w == 0 ||
	    texts_agree(c, r, kc, kr));
}

/* Looks key up in t (a table of c's records): the index of the record in
 * t that has it, or SIZE_MAX with *at = the bucket where it would go
 * (SIZE_MAX when the table is full). */
static inline size_t
fp_find(const struct fp_table *t, const struct case_cols *c,
    struct ts_case_key key, const struct case_cols *kc, size_t kr, size_t *at)
{
	uint64_t fp = key.fp;
	size_t b = (size_t)fp & (t->nbuckets - 1), k, tries, r;
	uint8_t tag = (uint8_t)(fp >> 56);
	const struct fp_bucket *bk;

	for (tries = 0; tries < t->nbuckets; tries++) {
		bk = &t->buckets[b];
		if (tag_seen(bk, tag))
			for (k = 0; k < bk->used; k++)
				if (bk->tag[k] == tag &&
				    same_case(c, r = t->base + bk->rec[k] - 1, key, kc, kr))
					return r;
		if (bk->used < BUCKET_SLOTS) {
			*at = b;
			return SIZE_MAX;
		}
		b = (b + 1) & (t->nbuckets - 1);
	}
	*at = SIZE_MAX;
	return SIZE_MAX;
}

/* The key of record i of c. */
static inline struct ts_case_key
key_of(const struct case_cols *c, size_t i)
{
	struct ts_case_key key;

	key.fp = key_fp(c, i);
	key.check = key_check(c, i);
	return key;
}

/* As fp_find(), for record rec of c (an index in the store, at least
 * t->base), into *first; when its case id is new, rec is remembered as
 * its first.  Returns 0, or -1 when the table is full (the caller grows
 * it). */
static int
fp_probe(struct fp_table *t, const struct case_cols *c, size_t rec, size_t *first)
{
	struct fp_bucket *bk;
	size_t at = SIZE_MAX;

	if ((*first = fp_find(t, c, key_of(c, rec), c, rec, &at)) != SIZE_MAX)
		return 0;
	if (at == SIZE_MAX)
		return -1;
	bk = &t->buckets[at];
	bk->rec[bk->used] = (uint32_t)(rec - t->base + 1);
	bk->tag[bk->used++] = (uint8_t)(key_fp(c, rec) >> 56);
	t->nfirst++;
	return 0;
}

/* Bucketed, a table stays quick to 85 % full. */
static int
fp_room(size_t nbuckets, size_t entries)
{
	return entries * 20 <= nbuckets * BUCKET_SLOTS * 17;
}

static void
fp_prefetch(const struct fp_table *t, uint64_t fp)
{
#ifdef __GNUC__
	if (t->nbuckets)
		__builtin_prefetch(&t->buckets[(size_t)fp & (t->nbuckets - 1)], 1);
#else
	(void)t;
	(void)fp;
#endif
}

/* A zeroed bucket array.  A large one asks for huge pages: every probe
 * is a cache miss, and with 4 KiB pages a TLB miss too, whose page walk
 * costs as much again (more under virtualisation). */
static struct fp_bucket *
buckets_new(size_t n)
{
#ifdef MADV_HUGEPAGE
	const size_t huge = (size_t)2 << 20;
	size_t size = n * sizeof(struct fp_bucket);
	void *p;

	if (size >= huge && (p = aligned_alloc(huge, size)) != NULL) {
		madvise(p, size, MADV_HUGEPAGE);
		memset(p, 0, size);
		return p;
	}
#endif
	return calloc(n, sizeof(struct fp_bucket));
}

/* How far ahead fp_add() and ts_store_case_overlap() fetch the bucket of
 * a record: a probe is a cache miss, and some twenty in flight hide most
 * of them. */
#define FP_AHEAD 16

/* Adds the first occurrences among records from..to-1 to the main
 * table, in order; it has room for them. */
static int
fp_add(struct case_cols *c, size_t from, size_t to)
{
	size_t i, first;

	for (i = from; i < to; i++) {
		if (i + FP_AHEAD < to)
			fp_prefetch(&c->first, key_fp(c, i + FP_AHEAD));
		if (key_fp(c, i) && fp_probe(&c->first, c, i, &first) != 0)
			return -1;
	}
	return 0;
}

/* Makes the main table at least twice as large (or the first one), with
 * room for want entries, re-adding the first occurrences of records
 * 0..upto-1 in order. */
static int
fp_grow(struct case_cols *c, size_t upto, size_t want)
{
	struct fp_bucket *nb;
	size_t n = c->first.nbuckets ? c->first.nbuckets * 2 : 64;

	while (!fp_room(n, want)) {
		if (n > SIZE_MAX / 2 / sizeof *nb)
			return -1;
		n *= 2;
	}
	if (n > SIZE_MAX / sizeof *nb)
		return -1;
	nb = buckets_new(n);
	if (nb == NULL)
		return -1;
	free(c->first.buckets);
	c->first.buckets = nb;
	c->first.nbuckets = n;
	c->first.nfirst = 0;
	return fp_add(c, 0, upto);
}

/* The main table moved to n buckets (a power of two, with room for its
 * entries): its entries are re-added from the old buckets, not from the
 * records, as some records may still wait for their check. */
static int
fp_rehash(struct case_cols *c, size_t n)
{
	struct fp_table t = { NULL, n, 0, c->first.base };
	const struct fp_bucket *bk;
	size_t b, k, rec, first;

	if ((t.buckets = buckets_new(n)) == NULL)
		return -1;
	for (b = 0; b < c->first.nbuckets; b++)
		for (bk = &c->first.buckets[b], k = 0; k < bk->used; k++) {
			rec = c->first.base + bk->rec[k] - 1;
			if (fp_probe(&t, c, rec, &first) != 0) {
				free(t.buckets);
				return -1;
			}
		}
	free(c->first.buckets);
	c->first = t;
	return 0;
}

/* 1 when the main table was given back (ts_store_cases_loaded()): it
 * has entries and no buckets. */
static int
given_back(const struct case_cols *c)
{
	return c->first.buckets == NULL && c->first.nfirst > 0;
}

void
ts_store_cases_loaded(struct ts_store *st)
{
	struct case_cols *c = st->cases;

	if (c == NULL || c->first.buckets == NULL)
		return;
	/* The count stays: fp_grow() sizes the rebuilt table by it. */
	c->first.nfirst += c->side.nfirst;
	free(c->first.buckets);
	free(c->side.buckets);
	c->first.buckets = NULL;
	c->first.nbuckets = 0;
	memset(&c->side, 0, sizeof c->side);
	c->side_end = 0;
}

void
ts_store_case_expect(struct ts_store *st, size_t n)
{
	struct case_cols *c = st->cases;
	size_t want, nb = 64;

	if (c == NULL || given_back(c))
		return;
	want = c->first.nfirst + c->side.nfirst;
	if (n > SIZE_MAX / 20 - want || fp_room(c->first.nbuckets, want + n))
		return;
	want += n;
	while (!fp_room(nb, want)) {
		if (nb > SIZE_MAX / 512)        /* fp_room() multiplies by 204 */
			return;
		nb *= 2;
	}
	/* Only a hint: when the memory is not there, the table grows as
	 * the records come, as it would have without it. */
	(void)fp_rehash(c, nb);
}

/* Adds the first occurrences of an appended store's records (side) to
 * the main table. */
int
ts_store_fp_fold(struct case_cols *c)
{
	size_t want = c->first.nfirst + c->side.nfirst;

	if (c->side_end == 0)
		return 0;
	if (!fp_room(c->first.nbuckets, want) && fp_grow(c, c->side.base, want) != 0)
		return -1;
	if (fp_add(c, c->side.base, c->side_end) != 0)
		return -1;
	free(c->side.buckets);
	memset(&c->side, 0, sizeof c->side);
	c->side_end = 0;
	return 0;
}

void
ts_store_case_prefetch(const struct ts_store *st, uint64_t fp)
{
	if (st->cases)
		fp_prefetch(&st->cases->first, fp);
}

int
ts_store_case_first(struct ts_store *st, size_t i, size_t *first)
{
	struct case_cols *c = st->cases;
	uint64_t fp = c && i < c->n ? key_fp(c, i) : 0;

	*first = SIZE_MAX;
	if (c && i >= c->checked && i < c->n)
		c->checked = i + 1;
	if (fp == 0)
		return 0;
	if (i >= UINT32_MAX - 1)
		return -1;      /* 4 bytes a record index in the table */
	if (c->side_end && ts_store_fp_fold(c) != 0)
		return -1;
	if (!fp_room(c->first.nbuckets, c->first.nfirst + 1) &&
	    fp_grow(c, i, c->first.nfirst + 1) != 0)
		return -1;
	return fp_probe(&c->first, c, i, first);
}

int
ts_store_case_overlap(const struct ts_store *st, const struct ts_store *part,
    size_t from, size_t to)
{
	const struct case_cols *c = st->cases, *pc = part->cases;
	size_t i, at;
	uint64_t fp;

	if (c == NULL || pc == NULL)
		return 0;
	/* Not known without the table (or with an appended store's records
	 * not in it yet): may share, read on. */
	if (given_back(c) || c->side_end)
		return 1;
	if (c->first.nbuckets == 0)
		return 0;
	if (to > pc->n)
		to = pc->n;
	for (i = from; i < to; i++) {
		if (i + FP_AHEAD < to)
			fp_prefetch(&c->first, key_fp(pc, i + FP_AHEAD));
		if ((fp = key_fp(pc, i)) == 0)
			continue;
		if (fp_find(&c->first, c, key_of(pc, i), pc, i, &at) != SIZE_MAX)
			return 1;
	}
	return 0;
}

/* --- The overlap of two tables, bucket by bucket --------------------------
 * Two tables of as many buckets put a case id in the same home bucket
 * (its fingerprint's low bits), each at the first bucket from there that
 * had room.  A case id that part's table holds in bucket b has its home
 * no further back than the run of full buckets of part's table that ends
 * at b - 1; st's table holds it, if at all, between its home and the
 * first bucket of st's table from b on that is not full.  So a walk over
 * part's buckets in order compares each entry's tag with the tags of a
 * few neighbouring buckets of st's table, reading both tables front to
 * back, and reads the keys (a cache miss each) only when the tags agree,
 * one time in twenty or so: a probe a case id costs a cache miss each. */

/* A pair of records whose tags agree: record a of st, b of part. */
struct tag_pair {
	size_t a, b;
};

#define PAIRS 64

/* 1 when one of the n pairs has the same case id in both stores. */
static int
pairs_same(const struct case_cols *c, const struct case_cols *pc,
    const struct tag_pair *pr, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (same_case(c, pr[i].a, key_of(pc, pr[i].b), pc, pr[i].b))
			return 1;
	return 0;
}

static void
pair_prefetch(const struct case_cols *c, const struct case_cols *pc,
    const struct tag_pair *pr)
{
#ifdef __GNUC__
	__builtin_prefetch(key_fp_at(c, pr->a));
	__builtin_prefetch(key_fp_at(pc, pr->b));
#else
	(void)c;
	(void)pc;
	(void)pr;
#endif
}

static int
bucket_full(const struct fp_bucket *bk)
{
	return bk->used == BUCKET_SLOTS;
}

int
ts_store_case_overlap_walk(const struct ts_store *st, const struct ts_store *part,
    unsigned slice, unsigned nslices)
{
	const struct case_cols *c = st->cases, *pc = part->cases;
	const struct fp_table *ta, *tb;
	const struct fp_bucket *bb, *ba;
	struct tag_pair pr[PAIRS];
	uint64_t seen[4];
	size_t nb, mask, from, to, b, i, back, fwd, d, k, m, npr = 0;
	uint8_t tag;

	if (c == NULL || pc == NULL)
		return 0;
	if (given_back(c) || c->side_end)
		return 1;
	ta = &c->first;
	tb = &pc->first;
	if (given_back(pc) || pc->side_end || nslices == 0 || slice >= nslices)
		return -1;
	/* Every case id of part in its table: its records checked to the
	 * last that has one. */
	for (i = pc->checked; i < pc->n; i++)
		if (key_fp(pc, i) != 0)
			return -1;
	if (tb->nfirst == 0)
		return 0;
	if (ta->nbuckets == 0)
		return 0;
	if (tb->nbuckets != ta->nbuckets)
		return -1;
	nb = ta->nbuckets;
	mask = nb - 1;
	from = nb / nslices * slice;
	to = slice + 1 == nslices ? nb : nb / nslices * (slice + 1);
	/* back: how many full buckets of part's table come just before b;
	 * fwd: how many full ones of st's from b on (the window of b is
	 * b - back .. b + fwd). */
	for (back = 0; back < nb - 1 && bucket_full(&tb->buckets[(from - back - 1) & mask]); back++)
		;
	for (fwd = 0; fwd < nb - 1 && bucket_full(&ta->buckets[(from + fwd) & mask]); fwd++)
		;
	for (b = from; b < to; b++) {
		if (b > from) {
			back = bucket_full(&tb->buckets[b - 1]) && back < nb - 1 ? back + 1 : 0;
			if (fwd > 0)
				fwd--;
			else
				for (; fwd < nb - 1 && bucket_full(&ta->buckets[(b + fwd) & mask]); fwd++)
					;
		}
		/* The tags of the window as a set of 256 bits: most of b's
		 * tags are in none of its buckets. */
		memset(seen, 0, sizeof seen);
		for (d = 0; d <= back + fwd; d++)
			for (ba = &ta->buckets[(b - back + d) & mask], m = 0; m < ba->used; m++)
				seen[ba->tag[m] >> 6] |= (uint64_t)1 << (ba->tag[m] & 63);
		bb = &tb->buckets[b];
		for (k = 0; k < bb->used; k++) {
			tag = bb->tag[k];
			if (!(seen[tag >> 6] >> (tag & 63) & 1))
				continue;
			for (d = 0; d <= back + fwd; d++) {
				ba = &ta->buckets[(b - back + d) & mask];
				if (!tag_seen(ba, tag))
					continue;
				for (m = 0; m < ba->used; m++) {
					if (ba->tag[m] != tag)
						continue;
					pr[npr].a = ta->base + ba->rec[m] - 1;
					pr[npr].b = tb->base + bb->rec[k] - 1;
					pair_prefetch(c, pc, &pr[npr]);
					if (++npr == PAIRS) {
						if (pairs_same(c, pc, pr, npr))
							return 1;
						npr = 0;
					}
				}
			}
		}
	}
	return pairs_same(c, pc, pr, npr);
}
