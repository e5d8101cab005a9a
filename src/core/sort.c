/* sort.c — a stable merge sort with a context argument (ts_sort.h). */
#include <stdlib.h>
#include <string.h>

#include "ts_sort.h"

#define RUN 8           /* runs this short are sorted by insertion */

/* One element: the usual sizes (an index, a pointer, a pair of them) as
 * fixed copies the compiler inlines, others by memcpy. */
static inline void
copy(char *dst, const char *src, size_t size)
{
	if (size == 8)
		memcpy(dst, src, 8);
	else if (size == 16)
		memcpy(dst, src, 16);
	else
		memcpy(dst, src, size);
}

/* Insertion sort of the n elements at a (tmp: room for one). */
static void
insertion(char *a, size_t n, size_t size, ts_sort_cmp_fn *cmp, const void *ctx,
    char *tmp)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		if (cmp(a + (i - 1) * size, a + i * size, ctx) <= 0)
			continue;
		copy(tmp, a + i * size, size);
		for (j = i; j > 0 && cmp(a + (j - 1) * size, tmp, ctx) > 0; j--)
			copy(a + j * size, a + (j - 1) * size, size);
		copy(a + j * size, tmp, size);
	}
}

/* Sorts a[0..n) using buf (room for n) for the merges. */
static void
merge_sort(char *a, size_t n, size_t size, ts_sort_cmp_fn *cmp, const void *ctx,
    char *buf)
{
	size_t h = n / 2, i = 0, j = h, o = 0;

	if (n <= RUN) {
		insertion(a, n, size, cmp, ctx, buf);
		return;
	}
	merge_sort(a, h, size, cmp, ctx, buf);
	merge_sort(a + h * size, n - h, size, cmp, ctx, buf);
	if (cmp(a + (h - 1) * size, a + h * size, ctx) <= 0)
		return;         /* already in order */
	while (i < h && j < n) {
		/* The left one first on a tie: stable. */
		if (cmp(a + j * size, a + i * size, ctx) < 0)
			copy(buf + o++ * size, a + j++ * size, size);
		else
			copy(buf + o++ * size, a + i++ * size, size);
	}
	if (i < h)
		memcpy(buf + o * size, a + i * size, (h - i) * size);
	/* What is left of the right half is in place already. */
	memcpy(a, buf, (o + (h - i)) * size);
}

int
ts_sort(void *base, size_t n, size_t size, ts_sort_cmp_fn *cmp, const void *ctx)
{
	char *buf;

	if (n < 2 || size == 0)
		return 0;
	if (n > (size_t)-1 / size || (buf = malloc(n * size)) == NULL)
		return -1;
	merge_sort(base, n, size, cmp, ctx, buf);
	free(buf);
	return 0;
}
