/* order.c — the key order of the groups (group_impl.h): worked out on
 * their keys before the groups are made, so that they are made in order. */
#include <pthread.h>
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
 * elements name (value: the group). */
static int
order_cmp(const void *pa, const void *pb, const void *ctx)
{
	const struct grouping *G = ctx;
	const struct ts_sort_keyed *a = pa, *b = pb;
	size_t nby = G->opt->nby;

	return key_cmp(G->r, &G->gkeys[(size_t)a->value * nby], &G->gkeys[(size_t)b->value * nby]);
}

/* A copy of the n elements of size `size` at base in the order order[]
 * gives (order[i]: the element that goes to place i), in room for
 * `room` >= n of them (those past n cleared), malloc'd; NULL when out of
 * memory.  The places to read are known ahead, so they are asked
 * for ahead: a gather over a large array costs its bandwidth, not a miss
 * an element as following the cycles of the permutation does. */
static void *
in_order(const void *base, size_t size, const uint32_t *order, size_t n, size_t room)
{
	const char *g = base;
	char *out = malloc(room ? room * size : 1), *o = out;
	size_t i;

	if (out == NULL)
		return NULL;
	memset(out + n * size, 0, (room - n) * size);
	for (i = 0; i < n; i++, o += size) {
		if (i + 16 < n)
			__builtin_prefetch(g + (size_t)order[i + 16] * size);
		if (size == sizeof(uint64_t) * 2)
			memcpy(o, g + (size_t)order[i] * size, sizeof(uint64_t) * 2);
		else if (size == sizeof(uint64_t) * 4)
			memcpy(o, g + (size_t)order[i] * size, sizeof(uint64_t) * 4);
		else
			memcpy(o, g + (size_t)order[i] * size, size);
	}
	return out;
}

/* Replaces the array *base of n elements of `size` with its copy in
 * the order of order[], in room for `room` of them (*cap: room).
 * Returns 0 or -1 (*base then as it was). */
static int
reorder(void *base, size_t *cap, size_t size, const uint32_t *order, size_t n,
    size_t room)
{
	void *old, *p;

	/* Through memcpy, as ts_grow() does: base is a T **, not a void **. */
	memcpy(&old, base, sizeof old);
	if ((p = in_order(old, size, order, n, room)) == NULL)
		return -1;
	free(old);
	memcpy(base, &p, sizeof p);
	*cap = room;
	return 0;
}

/* Puts what the visits made in build order in the key order of
 * G->order: the groups' keys (G->gkeys) and on the cohort basis their
 * tallies and times, each copied into room of its own and the old room
 * given back before the next, while the groups themselves are not made
 * yet (the room they take is the most at any time).  Nothing to do
 * without an order; G->order stays (exact mode reads its sums by it).
 * Returns 0 or -1. */
int
ts_group_in_key_order(struct grouping *G)
{
	size_t ng = G->r->ngroups, nby = G->opt->nby ? G->opt->nby : 1, keys_cap;

	if (G->order == NULL || ng < 2)
		return 0;
	/* The keys' room counts key parts, not groups; one more tally and
	 * times for the total's (arrange(), group.c); each one's own array
	 * of times moves with it. */
	if (reorder(&G->gkeys, &keys_cap, nby * sizeof *G->gkeys, G->order, ng, ng) != 0 ||
	    (G->tallies && reorder(&G->tallies, &G->tallies_cap, sizeof *G->tallies,
	    G->order, ng, ng + 1) != 0) ||
	    (G->times && reorder(&G->times, &G->times_cap, sizeof *G->times,
	    G->order, ng, ng + 1) != 0))
		return -1;
	G->gkeys_cap = ng * nby;
	return 0;
}

/* Two threads sort the keys from this many groups on. */
#define TWO_THREADS_SORT ((size_t)1 << 16)

struct half_sort {
	struct ts_sort_keyed *a;
	size_t n;
	int rc;
};

static void *
half_sort_run(void *arg)
{
	struct half_sort *h = arg;

	h->rc = ts_sort_keyed(h->a, h->n);
	return NULL;
}

/* Sorts the n elements at *e by key, equal keys kept in their order, as
 * ts_sort_keyed() does: on two threads each half, then the halves merged
 * (the first half's first on equal keys) into new room that replaces *e.
 * Returns 0, or -1 when out of memory (*e then as it was, or sorted). */
static int
sort_keyed(struct ts_sort_keyed **e, size_t n, int threads)
{
	struct ts_sort_keyed *a = *e, *out;
	struct half_sort h;
	pthread_t tid;
	size_t i, j, o;
	int rc;

	if (threads < 2 || n < TWO_THREADS_SORT)
		return ts_sort_keyed(a, n);
	h.a = a + n / 2;
	h.n = n - n / 2;
	h.rc = 0;
	if (pthread_create(&tid, NULL, half_sort_run, &h) != 0)
		return ts_sort_keyed(a, n);
	rc = ts_sort_keyed(a, n / 2);
	pthread_join(tid, NULL);
	if (rc != 0 || h.rc != 0 || (out = malloc(n * sizeof *out)) == NULL)
		return -1;
	for (i = 0, j = n / 2, o = 0; i < n / 2 && j < n;)
		out[o++] = a[j].key < a[i].key ? a[j++] : a[i++];
	while (i < n / 2)
		out[o++] = a[i++];
	while (j < n)
		out[o++] = a[j++];
	free(a);
	*e = out;
	return 0;
}

/* The key order of the groups while they are only keys (G->gkeys, in
 * build order), before ts_group_make(): G->order[p] is the group that
 * goes to place p, so that the groups are made in order and never moved
 * (NULL: they are in order already).  Returns 0 or -1. */
int
ts_group_order(struct grouping *G)
{
	struct ts_result *r = G->r;
	size_t ng = r->ngroups, nby = G->opt->nby, i, j, k = 0, lcp = 0;
	struct ts_sort_keyed *e;
	const char *first, *s0 = NULL;
	int by_text = nby > 0 && G->opt->by[0].kind == TS_BY_DIM, rc = 0;

	free(G->order);
	G->order = NULL;
	if (nby == 0 || ng < 2)
		return 0;
	if ((e = calloc(ng, sizeof *e)) == NULL)
		return -1;
	for (i = 0; i < ng; i++)
		e[i].value = (uint32_t)i;
	if (by_text) {
		/* The prefix every text of the first part shares: texts that
		 * share it compare as what follows it does, and their next 8
		 * bytes as a number decide most of the order by a radix sort
		 * ("CF-0000013" and "CF-0000014" differ past "CF-0").  Only
		 * the runs of equal numbers are compared as keys. */
		s0 = ts_store_string(G->st, G->gkeys[0].id);
		lcp = strlen(s0);
		for (i = 1; i < ng && lcp > 0; i++) {
			first = ts_store_string(G->st, G->gkeys[i * nby].id);
			for (k = 0; k < lcp && first[k] == s0[k]; k++)
				;
			lcp = k;
		}
		for (i = 0; i < ng; i++)
			e[i].key = text_prefix(ts_store_string(G->st, G->gkeys[i * nby].id) + lcp);
		rc = sort_keyed(&e, ng, G->opt->threads);
		for (i = 0; i < ng && rc == 0; i = j) {
			for (j = i + 1; j < ng && e[j].key == e[i].key; j++)
				;
			if (j - i > 1)
				rc = ts_sort(&e[i], j - i, sizeof *e, order_cmp, G);
		}
	} else {
		rc = ts_sort(e, ng, sizeof *e, order_cmp, G);
	}
	if (rc != 0 || (G->order = malloc(ng * sizeof *G->order)) == NULL) {
		free(e);
		return -1;
	}
	for (i = 0; i < ng; i++)
		G->order[i] = e[i].value;
	free(e);
	return 0;
}
