/* order.c — the key order of the groups (group_impl.h): worked out on
 * their keys before the groups are made, so that they are made in order. */
#include <stdlib.h>
#include <string.h>

#include "ts_sort.h"
#include "group_impl.h"

/* Key order of two groups' keys (nby parts each) in r. */
static int
key_cmp(const struct ts_result *r, const struct ts_key *a, const struct ts_key *b)
{
	const struct ts_report_options *opt = &r->opt;
	size_t i;
	int c;

	for (i = 0; i < opt->nby; i++) {
		if (opt->by[i].kind == TS_BY_PERIOD &&
		    (a[i].period.precision == TS_PREC_NONE) !=
		    (b[i].period.precision == TS_PREC_NONE))
			/* Records without a period come after every period. */
			c = a[i].period.precision == TS_PREC_NONE ? 1 : -1;
		else if (opt->by[i].kind == TS_BY_PERIOD)
			c = ts_period_cmp(&a[i].period, &b[i].period);
		else if (a[i].id == b[i].id)
			c = 0;
		else
			c = strcmp(ts_store_string(r->st, a[i].id),
			    ts_store_string(r->st, b[i].id));
		if (c)
			return c;
	}
	return 0;
}

/* What the sort compares: the text of the first key part when it is a
 * dimension (read once a group, not once a comparison), its first 8
 * bytes after the prefix all the groups' texts share as a number first
 * (so that most comparisons read no text: "CF-0000013" and "CF-0000014"
 * differ past "CF-0"), then the group. */
struct sort_entry {
	uint64_t prefix;
	const char *first;
	uint32_t group;
};

/* The first 8 bytes of s big-endian, 0 past its end: as strcmp orders
 * two strings when the numbers differ. */
static uint64_t
text_prefix(const char *s)
{
	uint64_t p = 0;
	size_t i;

	for (i = 0; i < 8 && s[i]; i++)
		p |= (uint64_t)(unsigned char)s[i] << (56 - 8 * i);
	return p;
}

/* ctx: the grouping whose groups (their keys, in build order) the
 * entries name. */
static int
order_cmp(const void *pa, const void *pb, const void *ctx)
{
	const struct grouping *G = ctx;
	const struct sort_entry *a = pa, *b = pb;
	size_t nby = G->opt->nby;
	int c;

	if (a->first && a->prefix != b->prefix)
		return a->prefix < b->prefix ? -1 : 1;
	if (a->first && a->first != b->first && (c = strcmp(a->first, b->first)) != 0)
		return c;
	return key_cmp(G->r, &G->gkeys[(size_t)a->group * nby], &G->gkeys[(size_t)b->group * nby]);
}

/* Puts the n elements of size `size` at base in the order order[] gives
 * (order[i]: the element that goes to place i) without a second array,
 * following each cycle of the permutation through tmp (room for one);
 * order[] is used up. */
void
ts_group_permute(void *base, size_t size, uint32_t *order, size_t n, void *tmp)
{
	char *g = base;
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		if (order[i] == i)
			continue;
		memcpy(tmp, g + i * size, size);
		for (j = i;; j = k) {
			k = order[j];
			order[j] = (uint32_t)j;
			if (k == i)
				break;
			/* The cycle jumps about a large array: ask for the
			 * next element while this one is copied. */
			__builtin_prefetch(g + (size_t)order[k] * size);
			__builtin_prefetch(g + (size_t)order[k] * size + size - 1);
			memcpy(g + j * size, g + k * size, size);
		}
		memcpy(g + j * size, tmp, size);
	}
}

/* The key order of the groups while they are only keys (G->gkeys, in
 * build order), before ts_group_make(): G->order[p] is the group that
 * goes to place p, so that the groups are made in order and never moved
 * (NULL: they are in order already).  Returns 0 or -1. */
int
ts_group_order(struct grouping *G)
{
	struct ts_result *r = G->r;
	size_t ng = r->ngroups, i, k = 0, lcp = 0;
	struct sort_entry *e;
	int by_text = G->opt->nby > 0 && G->opt->by[0].kind == TS_BY_DIM;

	free(G->order);
	G->order = NULL;
	if (G->opt->nby == 0 || ng < 2)
		return 0;
	if ((e = calloc(ng, sizeof *e)) == NULL)
		return -1;
	for (i = 0; i < ng; i++) {
		e[i].group = (uint32_t)i;
		e[i].first = by_text ? ts_store_string(G->st, G->gkeys[i * G->opt->nby].id) : NULL;
	}
	if (by_text) {
		/* The prefix every text shares: texts that share it compare
		 * as what follows it does. */
		lcp = strlen(e[0].first);
		for (i = 1; i < ng && lcp > 0; i++) {
			for (k = 0; k < lcp && e[i].first[k] == e[0].first[k]; k++)
				;
			lcp = k;
		}
		for (i = 0; i < ng; i++)
			e[i].prefix = text_prefix(e[i].first + lcp);
	}
	if (ts_sort(e, ng, sizeof *e, order_cmp, G) != 0 ||
	    (G->order = malloc(ng * sizeof *G->order)) == NULL) {
		free(e);
		return -1;
	}
	for (i = 0; i < ng; i++)
		G->order[i] = e[i].group;
	free(e);
	return 0;
}
