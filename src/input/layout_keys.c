/* layout_keys.c — the records of long and wide tables by their key: one
 * record for the rows of one key, and keys of earlier inputs joined
 * (layout_parts_impl.h). */
#include <stdio.h>
#include <stdlib.h>

#include "ts_i18n.h"
#include "ts_recmap.h"
#include "layout_parts_impl.h"

/* --- Keys and records -------------------------------------------------- */

/* A period as the store keeps it (store.c's period table). */
static struct ts_period
stored_period(const struct ts_period *in)
{
	struct ts_period p = *in;

	if (p.precision == TS_PREC_NONE)
		p.lo = p.hi = 0;
	if (p.precision != TS_PREC_RANGE && p.precision != TS_PREC_FISCAL)
		p.range_prec = 0;
	return p;
}

/* The hash of a key's period, as the store keeps it. */
static uint64_t
period_hash(const struct ts_period *in)
{
	struct ts_period p = stored_period(in);
	uint64_t h = ts_recmap_mix(0x243f6a8885a308d3ULL, (uint64_t)(uint32_t)p.lo << 32 |
	    (uint32_t)p.hi);

	return ts_recmap_mix(h, (uint64_t)p.precision << 8 | p.range_prec);
}

/* The hash of a key: its period and its dimensions that are given (so
 * that a dimension added later, empty in earlier records, changes no
 * hash). */
static uint64_t
key_hash(const struct ts_period *p, const uint32_t *dims, size_t nd)
{
	uint64_t h = period_hash(p);
	size_t d;

	for (d = 0; d < nd; d++)
		if (dims[d])
			h = ts_recmap_mix(h, (uint64_t)d << 32 | dims[d]);
	return h ^ h >> 29;
}

static int
same_key(const struct ts_store *st, size_t i, const struct ts_period *in,
    const uint32_t *dims, size_t nd)
{
	struct ts_period q = ts_store_period(st, i), pp = stored_period(in), *p = &pp;
	size_t d, all = ts_store_ndims(st);

	if (q.lo != p->lo || q.hi != p->hi || q.precision != p->precision ||
	    q.range_prec != p->range_prec)
		return 0;
	for (d = 0; d < all; d++)
		if (ts_store_dim_id(st, i, d) != (d < nd ? dims[d] : 0))
			return 0;
	return 1;
}

/* A key to look up: its hash, period and dimensions (nd of them). */
struct probe {
	uint64_t hash;
	const struct ts_period *period;
	const uint32_t *dims;
	size_t nd;
};

static int
node_is(const void *ctx, uint32_t entry, const void *key)
{
	const struct ts_layout *l = ctx;
	const struct probe *p = key;
	const struct key_node *n = &l->nodes[entry];

	return n->hash == p->hash && same_key(l->st, n->rec, p->period, p->dims, p->nd);
}

static uint64_t
node_hash(const void *ctx, uint32_t entry)
{
	return ((const struct ts_layout *)ctx)->nodes[entry].hash;
}

/* The slot of p's key in the index: its first node, or the empty slot
 * where it would go.  Returns 0, or -1 when out of memory. */
static int
index_find(struct ts_layout *l, const struct probe *p, size_t *slot)
{
	if (l->index.nslots == 0 && ts_hashtab_init(&l->index, 1024) != 0)
		return -1;
	*slot = ts_hashtab_find(&l->index, p->hash, node_is, l, p);
	return 0;
}

/* Adds record rec under p's key, at the end of its records (slot:
 * index_find()'s, the index unchanged since).  Returns 0, or -1 when out
 * of memory. */
static int
index_add(struct ts_layout *l, const struct probe *p, size_t slot, size_t rec)
{
	struct key_node *head;
	uint32_t e;

	if (l->nnodes >= UINT32_MAX - 1 ||
	    ts_grow(&l->nodes, &l->nodes_cap, l->nnodes + 1, sizeof *l->nodes) != 0)
		return -1;
	e = (uint32_t)l->nnodes++;
	l->nodes[e].hash = p->hash;
	l->nodes[e].rec = rec;
	l->nodes[e].next = 0;
	l->nodes[e].last = e;
	if (l->index.slots[slot] == 0)
		return ts_hashtab_add(&l->index, slot, e, node_hash, l);
	head = &l->nodes[ts_hashtab_entry(&l->index, slot)];
	l->nodes[head->last].next = e + 1;
	head->last = e;
	return 0;
}

int
ts_layout_index_earlier(struct ts_layout *l)
{
	size_t i, d, slot, n = ts_store_count(l->st), nd = ts_store_ndims(l->st);
	const struct ts_input_info *in;
	uint32_t *dims = malloc((nd ? nd : 1) * sizeof *dims);
	struct ts_period per;
	struct probe p = { 0, &per, dims, nd };
	int rc = dims == NULL ? -1 : 0;

	for (i = 0; i < n && rc == 0; i++) {
		in = ts_store_input_info_c(l->st, ts_store_input(l->st, i));
		if (in == NULL || in->layout.kind == TS_LAYOUT_PLAIN ||
		    ts_store_input(l->st, i) == l->input)
			continue;
		per = ts_store_period(l->st, i);
		for (d = 0; d < nd; d++)
			dims[d] = ts_store_dim_id(l->st, i, d);
		p.hash = key_hash(&per, dims, nd);
		if (index_find(l, &p, &slot) != 0 || index_add(l, &p, slot, i) != 0)
			rc = -1;
	}
	free(dims);
	return rc;
}

/* Warns when the record's counts, now combined, disagree as one row's
 * would (rowmap.c's check of a row). */
static int
check_combined(struct ts_layout *l, size_t rec, long line)
{
	int64_t inv = ts_store_get_count_raw(l->st, rec, TS_INVESTIGATIONS);
	int64_t c[2] = {
		ts_store_get_count_raw(l->st, rec, TS_CONVICTIONS),
		ts_store_get_count_raw(l->st, rec, TS_PROSECUTIONS),
	};
	static const char *const what[2] = { "convictions", "prosecutions" };
	int k;

	if (inv == TS_MISSING)
		return 0;
	for (k = 0; k < 2; k++)
		if (c[k] != TS_MISSING && c[k] > inv &&
		    ts_diags_add(l->diags, TS_DIAG_WARNING, l->input, line,
		    N_("%s (%lld) exceed investigations (%lld) in the record of line %lu"),
		    what[k], (long long)c[k], (long long)inv,
		    (unsigned long)ts_store_line(l->st, rec)) != 0)
			return -1;
	return 0;
}

/* Adds count c = v of the key (row's period and dims) to its record, or
 * a new record.  Returns 0, 1 with msg set when this input gave that
 * count of that key before with another value, or -1 when out of
 * memory. */
int
ts_layout_put(struct ts_layout *l, struct ts_row *row, const uint32_t *dims,
    enum ts_count c, int64_t v, struct repeats *rep, char *msg, size_t size)
{
	size_t nd = ts_store_ndims(l->st), slot, rec, other = SIZE_MAX;
	struct probe p = { key_hash(&row->period, dims, nd), &row->period, dims, nd };
	int64_t old;
	uint32_t e;
	int k;

	if (index_find(l, &p, &slot) != 0)
		return -1;
	/* The key's records in the order they came: this input's own one,
	 * else the first of an earlier input that lacks the count. */
	for (e = l->index.slots[slot]; e != 0; e = l->nodes[e - 1].next) {
		rec = l->nodes[e - 1].rec;
		old = ts_store_get_count_raw(l->st, rec, c);
		if (ts_store_input(l->st, rec) == l->input) {
			if (old == TS_MISSING)
				goto fill;
			if (rep) {
				/* A wide row: the first figure is kept. */
				rep->same += old == v;
				rep->differ += old != v;
				rep->line = ts_store_line(l->st, rec);
				return 0;
			}
			if (old == v) {
				/* The same figure twice: said once, counted once. */
				return ts_diags_add(l->diags, TS_DIAG_WARNING, l->input,
				    (long)row->line, N_("%s %lld repeats the figure of the record "
				    "of line %lu; counted once"), ts_count_name(c), (long long)v,
				    (unsigned long)ts_store_line(l->st, rec)) != 0 ? -1 : 0;
			}
			snprintf(msg, size, "%s %lld for a key whose record (line %lu) "
			    "has %s %lld already", ts_count_name(c), (long long)v,
			    (unsigned long)ts_store_line(l->st, rec), ts_count_name(c),
			    (long long)old);
			return 1;
		}
		if (old == TS_MISSING && other == SIZE_MAX)
			other = rec;
	}
	if (other != SIZE_MAX) {
		rec = other;
		l->info->layout.joined++;
		goto fill;
	}
	for (k = 0; k < TS_NCOUNTS; k++)
		row->counts[k] = TS_MISSING;
	row->counts[c] = v;
	row->dims = dims;
	if (ts_store_add(l->st, row) != 0 ||
	    index_add(l, &p, slot, ts_store_count(l->st) - 1) != 0)
		return -1;
	l->info->layout.records++;
	return 0;
fill:
	if (ts_store_set_count(l->st, rec, c, v) != 0)
		return -1;
	return check_combined(l, rec, (long)row->line);
}
