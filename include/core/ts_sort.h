/* ts_sort.h — sorting with a context argument.
 *
 * C11's qsort() passes its comparison no context, so a comparison that
 * needs one (the store a key's text lives in, the report's options) would
 * read file-static globals: not reentrant, and wrong the day two threads
 * sort.  ts_sort() is a stable merge sort whose comparison gets the
 * caller's context.
 *
 * ts_sort_u32() sorts integer keys that are mostly small and many (a
 * cohort's days, packed with an outcome): counted per value or sorted a
 * byte at a time, where a comparison sort took n log n calls through a
 * function pointer.  ts_sort_keyed() sorts 64-bit keys with a value
 * each (the first bytes of the groups' texts) the same way.
 */
#ifndef TS_SORT_H
#define TS_SORT_H

#include <stddef.h>
#include <stdint.h>

/* < 0, 0, > 0 as a sorts before, with or after b. */
typedef int ts_sort_cmp_fn(const void *a, const void *b, const void *ctx);

/* Sorts the n elements of `size` bytes at base by cmp, equal elements
 * kept in their order.  Returns 0, or -1 when out of memory (base is then
 * as it was). */
int ts_sort(void *base, size_t n, size_t size, ts_sort_cmp_fn *cmp, const void *ctx);

/* Sorts the n keys at a in ascending order: per value when the largest
 * is at most about n, else by a radix sort over the bytes it uses (room
 * for n more keys).  Returns 0, or -1 when out of memory (a is then as it
 * was). */
int ts_sort_u32(uint32_t *a, size_t n);

/* An element for ts_sort_keyed(): a key and what it stands for. */
struct ts_sort_keyed {
	uint64_t key;
	uint32_t value;
	uint32_t spare;         /* the caller's; moved with the element */
};

/* Sorts the n elements at a by their keys in ascending order, equal keys
 * kept in their order: a radix sort a byte at a time over the bytes on
 * which some keys differ (room for n more elements).  Returns 0, or -1
 * when out of memory (a is then as it was). */
int ts_sort_keyed(struct ts_sort_keyed *a, size_t n);

#endif
