/* sort.c — a stable merge sort with a context argument, and a sort of
 * small integer keys (ts_sort.h). */
#include <stdint.h>
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

/* Counts the n keys at a, none above max (max + 1 <= n + 4096 or so),
 * per value and writes them back in order.  Returns 0 or -1. */
static int
counting(uint32_t *a, size_t n, uint32_t max)
{
	uint32_t *count = calloc((size_t)max + 1, sizeof *count), v, c;
	size_t i, k = 0;

	if (count == NULL)
		return -1;
	for (i = 0; i < n; i++)
		count[a[i]]++;
	for (v = 0;; v++) {
		for (c = count[v]; c > 0; c--)
			a[k++] = v;
		if (v == max)
			break;
	}
	free(count);
	return 0;
}

/* The counts of the 256 values of a byte become where each value's
 * elements start. */
static void
starts(size_t *count)
{
	size_t i, sum, c;

	for (i = 0, sum = 0; i < 256; i++) {
		c = count[i];
		count[i] = sum;
		sum += c;
	}
}

/* A radix sort a byte at a time over the bytes max uses.  Returns 0 or -1. */
static int
radix(uint32_t *a, size_t n, uint32_t max)
{
	uint32_t *tmp = malloc(n * sizeof *tmp), *from = a, *to = tmp, *swap;
	size_t count[256], i;
	unsigned shift;

	if (tmp == NULL)
		return -1;
	for (shift = 0; shift < 32 && max >> shift != 0; shift += 8) {
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[from[i] >> shift & 0xff]++;
		starts(count);
		for (i = 0; i < n; i++)
			to[count[from[i] >> shift & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != a)
		memcpy(a, from, n * sizeof *a);
	free(tmp);
	return 0;
}

int
ts_sort_u32(uint32_t *a, size_t n)
{
	uint32_t max = 0, t;
	size_t i, j;

	if (n < 64) {
		for (i = 1; i < n; i++) {
			t = a[i];
			for (j = i; j > 0 && a[j - 1] > t; j--)
				a[j] = a[j - 1];
			a[j] = t;
		}
		return 0;
	}
	for (i = 0; i < n; i++)
		if (a[i] > max)
			max = a[i];
	/* A table of counts no larger than the keys themselves, or a little
	 * more, costs one pass where the radix sort makes two or three. */
	if (n <= UINT32_MAX && max <= n + 4096)
		return counting(a, n, max);
	if (n > (size_t)-1 / sizeof *a)
		return -1;
	return radix(a, n, max);
}

int
ts_sort_keyed(struct ts_sort_keyed *a, size_t n)
{
	struct ts_sort_keyed *tmp, *from = a, *to, *swap;
	size_t (*count)[256], i, b;
	unsigned shift;

	if (n < 2)
		return 0;
	if (n > (size_t)-1 / sizeof *a || (tmp = malloc(n * sizeof *tmp)) == NULL)
		return -1;
	if ((count = calloc(8, sizeof *count)) == NULL) {
		free(tmp);
		return -1;
	}
	/* Every byte's counts in one pass; a byte where all the keys agree
	 * (one count of n) is skipped. */
	for (i = 0; i < n; i++)
		for (b = 0; b < 8; b++)
			count[b][from[i].key >> 8 * b & 0xff]++;
	to = tmp;
	for (b = 0; b < 8; b++) {
		shift = 8 * (unsigned)b;
		if (count[b][a[0].key >> shift & 0xff] == n)
			continue;
		starts(count[b]);
		for (i = 0; i < n; i++)
			to[count[b][from[i].key >> shift & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != a)
		memcpy(a, from, n * sizeof *a);
	free(count);
	free(tmp);
	return 0;
}
