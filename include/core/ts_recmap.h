/* ts_recmap.h — an index of store records by a key the caller defines.
 *
 * The map holds record numbers only: the key of a record is whatever the
 * caller's hash and equal functions read from the store, so an index of
 * every record costs 12 bytes a record whatever the width of the key.
 * Each distinct key gets an entry number (0, 1, ...), dense, in the order
 * the keys were first added, for the caller's parallel arrays.
 */
#ifndef TS_RECMAP_H
#define TS_RECMAP_H

#include <stddef.h>
#include <stdint.h>

#include "ts_hashtab.h"

struct ts_recmap_ops {
	uint64_t (*hash)(const void *ctx, uint32_t rec);
	int (*equal)(const void *ctx, uint32_t a, uint32_t b);
	const void *ctx;
};

struct ts_recmap {
	struct ts_recmap_ops ops;
	struct ts_hashtab tab;  /* entries; nslots 0 until the first put */
	uint32_t *first;        /* entry -> the record that added it */
	size_t count, cap;
};

/* Starts an empty map (no allocation yet). */
void ts_recmap_init(struct ts_recmap *m, const struct ts_recmap_ops *ops);

/* Frees what the map holds; it can be initialised again. */
void ts_recmap_free(struct ts_recmap *m);

/* The entry of rec's key, adding it (with rec as its first record) when
 * new.  Returns 0 with *entry set, or -1 when out of memory. */
int ts_recmap_put(struct ts_recmap *m, uint32_t rec, size_t *entry);

/* The entry of rec's key, or SIZE_MAX when no record with that key was
 * added. */
size_t ts_recmap_get(const struct ts_recmap *m, uint32_t rec);

/* Mixes v into the hash h, for the callers' hash functions (inline: a
 * hash of a record's key calls it once a part, millions of times a
 * pass). */
static inline uint64_t
ts_recmap_mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

#endif
