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

/* The hash of record i's key, as key_hash(). */
static uint64_t
record_hash(const struct ts_store *st, size_t i)
{
	struct ts_period p = ts_store_period(st, i);
	uint64_t h = period_hash(&p);
	size_t d, nd = ts_store_ndims(st);
	uint32_t id;

	for (d = 0; d < nd; d++)
		if ((id = ts_store_dim_id(st, i, d)) != 0)
			h = ts_recmap_mix(h, (uint64_t)d << 32 | id);
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

/* Adds record rec with hash h to the index; keeps it under half full. */
static int
index_add(struct ts_layout *l, uint64_t h, size_t rec)
{
	size_t j, k, n;
	struct entry *t;

	if ((l->nentries + 1) * 2 > l->nslots) {
		n = l->nslots ? l->nslots * 2 : 1024;
		if (n > SIZE_MAX / sizeof *t || (t = malloc(n * sizeof *t)) == NULL)
			return -1;
		for (k = 0; k < n; k++)
			t[k].rec = SIZE_MAX;
		for (k = 0; k < l->nslots; k++) {
			if (l->table[k].rec == SIZE_MAX)
				continue;
			for (j = (size_t)l->table[k].hash & (n - 1); t[j].rec != SIZE_MAX;
			    j = (j + 1) & (n - 1))
				;
			t[j] = l->table[k];
		}
		free(l->table);
		l->table = t;
		l->nslots = n;
	}
	for (j = (size_t)h & (l->nslots - 1); l->table[j].rec != SIZE_MAX;
	    j = (j + 1) & (l->nslots - 1))
		;
	l->table[j].hash = h;
	l->table[j].rec = rec;
	l->nentries++;
	return 0;
}

int
ts_layout_index_earlier(struct ts_layout *l)
{
	size_t i, n = ts_store_count(l->st);
	const struct ts_input_info *in;

	for (i = 0; i < n; i++) {
		in = ts_store_input_info_c(l->st, ts_store_input(l->st, i));
		if (in == NULL || in->layout.kind == TS_LAYOUT_PLAIN ||
		    ts_store_input(l->st, i) == l->input)
			continue;
		if (index_add(l, record_hash(l->st, i), i) != 0)
			return -1;
	}
	return 0;
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
	size_t nd = ts_store_ndims(l->st), j, rec, other = SIZE_MAX;
	uint64_t h = key_hash(&row->period, dims, nd);
	int64_t old;
	int k;

	for (j = l->nslots ? (size_t)h & (l->nslots - 1) : 0;
	    l->nslots && l->table[j].rec != SIZE_MAX; j = (j + 1) & (l->nslots - 1)) {
		if (l->table[j].hash != h ||
		    !same_key(l->st, l->table[j].rec, &row->period, dims, nd))
			continue;
		rec = l->table[j].rec;
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
	    index_add(l, h, ts_store_count(l->st) - 1) != 0)
		return -1;
	l->info->layout.records++;
	return 0;
fill:
	if (ts_store_set_count(l->st, rec, c, v) != 0)
		return -1;
	return check_combined(l, rec, (long)row->line);
}
