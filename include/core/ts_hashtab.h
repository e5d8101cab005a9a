/* ts_hashtab.h — the one open-addressing hash table of tracestat.
 *
 * The table holds entry numbers only (entry + 1 in a slot, 0 for empty):
 * the keys stay in the caller's own arrays, indexed by entry, and the
 * caller's functions read them from there.  Linear probing over a power of
 * two of slots, kept at most half full; a key's home slot is the top bits
 * of its hash times a 64-bit odd constant (Fibonacci hashing), so a hash
 * whose entropy sits in its low bits (a small integer id) spreads too.
 *
 * A look-up is ts_hashtab_find(), static inline so that the comparison the
 * caller passes is inlined where the table is hot; an insertion puts the
 * new entry in the empty slot that find returned (ts_hashtab_add()).
 */
#ifndef TS_HASHTAB_H
#define TS_HASHTAB_H

#include <stddef.h>
#include <stdint.h>

struct ts_hashtab {
	uint32_t *slots;        /* entry + 1; 0 is empty */
	size_t nslots;          /* a power of two; 0 before ts_hashtab_init() */
	unsigned shift;         /* 64 - log2(nslots) */
	size_t count;           /* entries in the table */
};

/* 1 when entry's key is key (the caller's key type). */
typedef int ts_hashtab_same_fn(const void *ctx, uint32_t entry, const void *key);
/* The hash of entry's key, as ts_hashtab_find() was given it. */
typedef uint64_t ts_hashtab_hash_fn(const void *ctx, uint32_t entry);

/* An empty table of at least nslots slots (rounded up to a power of two,
 * 16 at least).  Returns 0, or -1 when out of memory (t is then empty and
 * can be freed). */
int ts_hashtab_init(struct ts_hashtab *t, size_t nslots);

/* Frees the slots; t can be initialised again. */
void ts_hashtab_free(struct ts_hashtab *t);

/* The first slot a key of hash h probes. */
static inline size_t
ts_hashtab_home(const struct ts_hashtab *t, uint64_t h)
{
	return (size_t)((h * 0x9E3779B97F4A7C15ULL) >> t->shift);
}

/* The slot of the entry whose key is key (of hash h), or the empty slot
 * where it would go: t->slots[j] is then 0.  t is initialised. */
static inline size_t
ts_hashtab_find(const struct ts_hashtab *t, uint64_t h, ts_hashtab_same_fn *same,
    const void *ctx, const void *key)
{
	size_t j = ts_hashtab_home(t, h);
	uint32_t s;

	while ((s = t->slots[j]) != 0 && !same(ctx, s - 1, key))
		j = (j + 1) & (t->nslots - 1);
	return j;
}

/* The entry in slot j, or UINT32_MAX when the slot is empty. */
static inline uint32_t
ts_hashtab_entry(const struct ts_hashtab *t, size_t j)
{
	return t->slots[j] - 1;
}

/* Puts entry (< UINT32_MAX) in slot j, the empty slot that
 * ts_hashtab_find() just returned for its key, then doubles the table
 * when it is more than half full, placing every entry again by
 * hash(ctx, entry).  Returns 0, or -1 when out of memory (the entry is
 * in the table, which stays as it was: usable, only fuller). */
int ts_hashtab_add(struct ts_hashtab *t, size_t j, uint32_t entry,
    ts_hashtab_hash_fn *hash, const void *ctx);

#endif
