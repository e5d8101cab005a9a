/* gather.c — the grouping engine: visiting the records in chunks, the
 * cells per group and class, and their sums (group_impl.h). */
#define _DEFAULT_SOURCE         /* madvise() beside _POSIX_C_SOURCE */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ts_basis.h"
#include "ts_fields.h"
#include "group_impl.h"

static uint64_t
tuple_hash(const uint32_t *key, size_t w)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL;
	size_t k;

	for (k = 0; k < w; k++)
		h = (h ^ key[k]) * 0xFF51AFD7ED558CCDULL;
	return h ^ (h >> 31);
}

static int
tuple_same(const void *ctx, uint32_t i, const void *key)
{
	const struct tuples *t = ctx;
	const uint32_t *o, *k = key;
	size_t x;

	if (t->w == 0)
		return 1;       /* no keys array: the one empty tuple */
	o = t->keys + (size_t)i * t->w;
	for (x = 0; x < t->w && o[x] == k[x]; x++)
		;
	return x == t->w;
}

static uint64_t
tuple_hash_of(const void *ctx, uint32_t i)
{
	const struct tuples *t = ctx;

	/* No keys array when w is 0 (a report with no --by). */
	return tuple_hash(t->w ? t->keys + (size_t)i * t->w : NULL, t->w);
}

int
ts_group_tuples_init(struct tuples *t, size_t w)
{
	memset(t, 0, sizeof *t);
	t->w = w;
	return ts_hashtab_init(&t->tab, 64);
}

void
ts_group_tuples_free(struct tuples *t)
{
	ts_hashtab_free(&t->tab);
	free(t->keys);
	memset(t, 0, sizeof *t);
}

/* The index of key in t, added when new (*added set); NO_INDEX when out of
 * memory. */
uint32_t
ts_group_tuples_get(struct tuples *t, const uint32_t *key, int *added)
{
	size_t j = ts_hashtab_find(&t->tab, tuple_hash(key, t->w), tuple_same, t, key), w = t->w;

	*added = 0;
	if (t->tab.slots[j] != 0)
		return ts_hashtab_entry(&t->tab, j);
	if (t->n >= NO_INDEX - 1 || (w && ts_grow(&t->keys, &t->cap, (t->n + 1) * w,
	    sizeof *t->keys) != 0))
		return NO_INDEX;
	if (w)
		memcpy(t->keys + t->n * w, key, w * sizeof *key);
	*added = 1;
	if (ts_hashtab_add(&t->tab, j, (uint32_t)t->n++, tuple_hash_of, t) != 0)
		return NO_INDEX;
	return (uint32_t)(t->n - 1);
}

/* How a visit under t stands to rate q (a bit each): its pair adds what
 * both counts add (PAIR_BOTH), it gives only the numerator (PAIR_NUM) or
 * only the denominator (PAIR_DEN), and its pair nothing, or something
 * else (PAIR_OTHER); 0: it gives neither.  A group whose visits are, for
 * each rate, of one kind besides 0 and never PAIR_OTHER has the pairs
 * ts_group_pair() reads from its sums: it holds none of its own. */
#define PAIR_BOTH 1u
#define PAIR_NUM 2u
#define PAIR_DEN 4u
#define PAIR_OTHER 8u

static unsigned
pair_kind(const struct tmpl *t, size_t q)
{
	size_t a = ts_rate_num[q], b = ts_rate_den[q], k = TS_NCOUNTS + 2 * q;
	unsigned bits = (t->given >> a & 1) | (t->given >> b & 1) << 1 |
	    (t->given >> k & 1) << 2 | (t->given >> (k + 1) & 1) << 3;

	if (bits == 0)
		return 0;
	if (bits == 0xF && t->src[k] == t->src[a] && t->src[k + 1] == t->src[b])
		return PAIR_BOTH;
	if (bits == 1 && t->src[k] < 0 && t->src[k + 1] < 0)
		return PAIR_NUM;
	if (bits == 2 && t->src[k] < 0 && t->src[k + 1] < 0)
		return PAIR_DEN;
	return PAIR_OTHER;
}

/* 1 when the kinds (pair_kind(), OR-ed over a group's visits) let the
 * group hold no pairs of its own. */
static int
kinds_plain(unsigned kinds)
{
	size_t q;
	unsigned m;

	for (q = 0; q < TS_NRATES; q++) {
		m = kinds >> 4 * q & 0xF;
		if ((m & PAIR_OTHER) || (m & (m - 1)))
			return 0;
	}
	return 1;
}

/* The template of class cls for a group (total 0) or the total (1): what
 * one visit of that class adds (tests/unit/test_reference_grouper.c adds
 * each record's counts one by one, as the specification).  A count given
 * and not covered is "counted" (ts_store_get_count() reads it).  A moved
 * conviction counts on the second visit, the other counts on the first
 * (ts_basis_here()); a group gets a 0 for a counted count that is not
 * here, so its sum stays defined, the total nothing. */
static void
template_of(unsigned cls, int total, struct tmpl *t)
{
	int moved = (cls & CLS_MOVED) != 0, pass = (cls & CLS_PASS1) != 0;
	unsigned gives = cls & CLS_GIVES, cov = cls >> CLS_COVERED_SHIFT & CLS_GIVES;
	unsigned add_given = 0;
	size_t c, q, k;

	memset(t, 0, sizeof *t);
	for (c = 0; c < TS_NCOUNTS; c++) {
		int counted = (gives >> c & 1) && !(cov >> c & 1);
		int here = ts_basis_here(moved, pass, c);

		t->src[c] = -1;
		if (counted && (here || !total))
			add_given |= 1u << c;
		if (counted && here)
			t->src[c] = (int8_t)c;
	}
	t->given = add_given;
	for (q = 0; q < TS_NRATES; q++) {
		enum ts_count a = ts_rate_num[q], b = ts_rate_den[q];
		int ca = (cov >> a & 1) != 0, cb = (cov >> b & 1) != 0;

		k = TS_NCOUNTS + 2 * q;
		t->src[k] = t->src[k + 1] = -1;
		if ((gives >> a & 1) && (gives >> b & 1)) {
			/* A total row pairs its own counts only where it alone
			 * gives one of them; else its rows have the pair. */
			if (ca && cb)
				continue;
			if (ca || (add_given >> a & 1)) {
				t->src[k] = ca ? (int8_t)a : t->src[a];
				t->given |= 1u << k;
			}
			if (cb || (add_given >> b & 1)) {
				t->src[k + 1] = cb ? (int8_t)b : t->src[b];
				t->given |= 1u << (k + 1);
			}
		} else if (!pass && ((gives >> a & 1) || (gives >> b & 1))) {
			t->unpaired |= 1u << q;
		}
	}
	t->records = !pass;
	for (k = 0; k < NSUMS; k++)
		if (t->src[k] >= 0)
			t->use |= 1u << t->src[k];
	for (q = 0; q < TS_NRATES; q++)
		t->kinds |= pair_kind(t, q) << 4 * q;
}

/* Adds n visits whose values of count c sum to sum[c] under t to the sums
 * at sum_to and pair_to (sum k as struct acc numbers them: the counts,
 * then the pairs of each rate; pair_to NULL: a group whose pairs are its
 * plain sums, t->plain), and to *unpaired and *records: one adder
 * for an acc and for a group.  Returns -1 when a sum would pass
 * INT64_MAX, with *which the count named. */
static int
add_visits(int64_t *sum_to, int64_t (*pair_to)[2], uint64_t *unpaired,
    uint64_t *records, const struct tmpl *t, const uint64_t *sum, uint64_t n,
    size_t *which)
{
	size_t k, q;
	int64_t x, *v;

	for (k = 0; k < (pair_to ? NSUMS : TS_NCOUNTS); k++) {
		if (t->src[k] < 0)
			continue;
		x = (int64_t)sum[t->src[k]];
		v = k < TS_NCOUNTS ? &sum_to[k] :
		    &pair_to[(k - TS_NCOUNTS) / 2][(k - TS_NCOUNTS) % 2];
		if (x > 0 && *v > INT64_MAX - x) {
			*which = k < TS_NCOUNTS ? k : (size_t)ts_rate_num[(k - TS_NCOUNTS) / 2];
			return -1;
		}
		*v = (int64_t)((uint64_t)*v + (uint64_t)x);
	}
	for (q = 0; q < TS_NRATES; q++)
		if (t->unpaired >> q & 1)
			unpaired[q] += n;
	if (t->records)
		*records += n;
	return 0;
}

/* add_visits() into an acc. */
static int
acc_add(struct acc *a, const struct tmpl *t, const uint64_t *sum, uint64_t n,
    size_t *which)
{
	if (add_visits(a->sum, a->pair, a->unpaired, &a->records, t, sum, n, which) != 0)
		return -1;
	a->given |= t->given;
	return 0;
}

/* The figures of a as a group's sums (its pairs only when g holds them). */
void
ts_group_acc_to_group(const struct acc *a, struct ts_group *g)
{
	size_t c, q;

	for (c = 0; c < TS_NCOUNTS; c++)
		g->sum[c] = a->given >> c & 1 ? a->sum[c] : TS_MISSING;
	g->records = a->records;
	for (q = 0; g->pair && q < TS_NRATES; q++) {
		size_t k = TS_NCOUNTS + 2 * q;
		g->pair[q][0] = a->given >> k & 1 ? a->pair[q][0] : TS_MISSING;
		g->pair[q][1] = a->given >> (k + 1) & 1 ? a->pair[q][1] : TS_MISSING;
	}
}

/* 1 when the pairs of a are as ts_group_pair() reads them from its sums
 * when a group holds none. */
static int
acc_plain(const struct acc *a)
{
	int64_t pair[TS_NRATES][2];
	struct ts_group g;
	size_t q;

	memset(&g, 0, sizeof g);
	g.pair = pair;
	ts_group_acc_to_group(a, &g);
	g.pair = NULL;
	for (q = 0; q < TS_NRATES; q++)
		if (pair[q][0] != ts_group_pair(&g, (enum ts_rate_kind)q, 0) ||
		    pair[q][1] != ts_group_pair(&g, (enum ts_rate_kind)q, 1))
			return 0;
	return 1;
}

/* Room in r->pairs for the groups that need[i] marks (r->groups[i]),
 * each group's pair pointing at its own.  Returns 0 or -1. */
static int
pairs_for(struct ts_result *r, const uint16_t *need, uint16_t bit)
{
	size_t i, n = 0;

	for (i = 0; i < r->ngroups; i++)
		n += (need[i] & bit) != 0;
	free(r->pairs);
	r->pairs = NULL;
	if (n == 0)
		return 0;
	if ((r->pairs = calloc(n, sizeof *r->pairs)) == NULL)
		return -1;
	for (i = 0, n = 0; i < r->ngroups; i++)
		r->groups[i].pair = need[i] & bit ? r->pairs[n++] : NULL;
	return 0;
}

/* Exact mode, after ts_group_make(): gives the groups whose pairs are not
 * their plain sums (every group, all_pairs) room for them.  Returns 0 or
 * -1. */
int
ts_group_acc_pairs(struct grouping *G)
{
	struct ts_result *r = G->r;
	uint16_t *need = calloc(r->ngroups ? r->ngroups : 1, sizeof *need);
	size_t i;
	int rc;

	if (need == NULL)
		return -1;
	for (i = 0; i < r->ngroups; i++)
		need[i] = G->all_pairs || !acc_plain(&G->accs[G->order ? G->order[i] : i]);
	rc = pairs_for(r, need, 1);
	free(need);
	return rc;
}

static const struct tmpl *
tmpl_get(struct grouping *G, unsigned cls, int total)
{
	if (!G->tmpl_ready[cls]) {
		template_of(cls, 0, &G->tmpl[2 * cls]);
		template_of(cls, 1, &G->tmpl[2 * cls + 1]);
		G->tmpl_ready[cls] = 1;
	}
	return &G->tmpl[2 * cls + (total ? 1 : 0)];
}

void *
ts_group_alloc_n(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

/* The codes of a period part under precision prec: equal codes for equal
 * keys (the same lo, hi and precision). */
static uint32_t
period_code(struct tuples *seen, const struct ts_period *p)
{
	uint32_t key[3];
	int added;

	key[0] = (uint32_t)p->lo;
	key[1] = (uint32_t)p->hi;
	key[2] = p->precision;
	return ts_group_tuples_get(seen, key, &added);
}

static struct ts_period
narrow(const struct ts_period *p, enum ts_precision prec)
{
	return prec == TS_PREC_NONE ? *p : ts_period_at(p, prec);
}

static struct ts_period
day_period(int32_t d)
{
	struct ts_period day;

	day.lo = day.hi = d;
	day.precision = TS_PREC_DAY;
	day.range_prec = 0;
	return day;
}

/* Works out the per-period and per-closed-day tables.  Returns 0 or -1. */
int
ts_group_setup_tables(struct grouping *G)
{
	const struct ts_store *st = G->st;
	const struct ts_report_options *opt = G->opt;
	size_t np = ts_store_nperiods(st), nc = ts_store_nclosed_days(st) + 1, i, b;
	struct tuples seen;
	struct ts_period p;
	int fail = 0;

	for (b = 0; b < opt->nby; b++) {
		if (opt->by[b].kind != TS_BY_PERIOD)
			continue;
		G->pcode[b] = ts_group_alloc_n(np, sizeof *G->pcode[b]);
		G->pkey[b] = ts_group_alloc_n(np, sizeof *G->pkey[b]);
		G->ccode[b] = ts_group_alloc_n(nc, sizeof *G->ccode[b]);
		G->ckey[b] = ts_group_alloc_n(nc, sizeof *G->ckey[b]);
		if (G->pcode[b] == NULL || G->pkey[b] == NULL || G->ccode[b] == NULL ||
		    G->ckey[b] == NULL || ts_group_tuples_init(&seen, 3) != 0)
			return -1;
		for (i = 0; i < np && !fail; i++) {
			p = ts_store_period_by_id(st, (uint32_t)i);
			G->pkey[b][i] = narrow(&p, opt->by[b].prec);
			fail = (G->pcode[b][i] = period_code(&seen, &G->pkey[b][i])) == NO_INDEX;
		}
		for (i = 1; G->moves && i < nc && !fail; i++) {
			p = day_period(ts_store_closed_day_by_id(st, (uint32_t)i));
			G->ckey[b][i] = narrow(&p, opt->by[b].prec);
			fail = (G->ccode[b][i] = period_code(&seen, &G->ckey[b][i])) == NO_INDEX;
		}
		G->radix[b] = seen.n ? seen.n : 1;
		ts_group_tuples_free(&seen);
		if (fail)
			return -1;
	}
	if (opt->has_period) {
		G->pin = ts_group_alloc_n(np, 1);
		G->cin = ts_group_alloc_n(nc, 1);
		if (G->pin == NULL || G->cin == NULL)
			return -1;
		for (i = 0; i < np; i++) {
			p = ts_store_period_by_id(st, (uint32_t)i);
			G->pin[i] = (uint8_t)ts_period_within(&p, &opt->period);
		}
		for (i = 1; i < nc; i++) {
			p = day_period(ts_store_closed_day_by_id(st, (uint32_t)i));
			G->cin[i] = (uint8_t)ts_period_within(&p, &opt->period);
		}
	}
	if (G->cohort) {
		G->as_of = ts_group_cut_off(st, opt);
		G->pday = ts_group_alloc_n(np, sizeof *G->pday);
		G->cday = ts_group_alloc_n(nc, sizeof *G->cday);
		if (G->pday == NULL || G->cday == NULL)
			return -1;
		for (i = 0; i < np; i++) {
			p = ts_store_period_by_id(st, (uint32_t)i);
			G->pday[i] = p.precision == TS_PREC_DAY ? p.lo : NOT_A_DAY;
		}
		G->cday[0] = TS_NO_DAY;
		for (i = 1; i < nc; i++)
			G->cday[i] = ts_store_closed_day_by_id(st, (uint32_t)i);
	}
	return 0;
}

/* A case code in 4 bits: the outcome (0..7) and TS_CASE_COUNTS. */
static unsigned
code4(uint8_t code)
{
	return (code & 7u) | (code & TS_CASE_COUNTS ? 8u : 0u);
}

void
ts_group_setup_counts(struct grouping *G)
{
	size_t c;
	unsigned k;
	int64_t x;

	for (c = 0; c < TS_NCOUNTS; c++) {
		if (ts_store_count_kept(G->st, (enum ts_count)c)) {
			G->kept[G->nkept++] = c;
			continue;
		}
		G->derived |= 1u << c;
		for (k = 0; k < 16; k++) {
			x = ts_store_case_code_count((uint8_t)((k & 7) | (k & 8 ? TS_CASE_COUNTS : 0)),
			    (enum ts_count)c);
			G->value4[c][k] = x == TS_MISSING ? 0 : x;
			G->given4[k] |= (unsigned)(x != TS_MISSING) << c;
		}
	}
	if (G->derived)
		G->need_case = 1;
}

/* Reads records from .. from + m - 1 into G->ck.  Returns 1 when a count
 * is negative (no count read so far is, but a caller could store one). */
static int
read_chunk(struct grouping *G, size_t from, size_t m)
{
	const struct ts_report_options *opt = G->opt;
	struct chunk *ck = G->ck;
	size_t b, c, k, i;
	int64_t neg = 0, x, *v;

	ts_store_read_flags(G->st, from, from + m, ck->flags);
	if (G->need_pid)
		ts_store_read_period_ids(G->st, from, from + m, ck->pid);
	memset(ck->gives, 0, m);
	if (G->need_case) {
		ts_store_read_case_codes(G->st, from, from + m, ck->outcome);
		ts_store_read_closed_ids(G->st, from, from + m, ck->cid);
		for (k = 0; k < m; k++) {
			/* Outcomes past 7 do not fit the class: exact mode. */
			neg |= ck->outcome[k] & 0x78 ? -1 : 0;
			ck->code[k] = (uint8_t)code4(ck->outcome[k]);
			ck->gives[k] = (uint8_t)G->given4[ck->code[k]];
			ck->outcome[k] &= (uint8_t)~TS_CASE_COUNTS;
		}
	}
	for (b = 0; b < opt->nby; b++)
		if (opt->by[b].kind == TS_BY_DIM)
			ts_store_read_dim_ids(G->st, (size_t)opt->by[b].dim, from, from + m,
			    ck->dim[b]);
	for (i = 0; i < G->nkept; i++) {
		c = G->kept[i];
		v = ck->v[c];
		ts_store_read_counts_raw(G->st, (enum ts_count)c, from, from + m, v);
		if (G->high)
			ts_store_read_counts_high(G->st, (enum ts_count)c, from, from + m, v);
		for (k = 0; k < m; k++) {
			int given = (x = v[k]) != TS_MISSING;
			v[k] = given ? x : 0;
			neg |= v[k];
			ck->gives[k] |= (uint8_t)(given << c);
		}
	}
	/* Exact mode adds each record's own values. */
	for (c = 0; G->exact && c < TS_NCOUNTS; c++)
		for (k = 0; (G->derived >> c & 1) && k < m; k++)
			ck->v[c][k] = G->value4[c][ck->code[k]];
	return neg < 0;
}

/* Room for the key of group gi (and in exact mode its sums, on the cohort
 * basis its tally), cleared; NULL when out of memory. */
struct ts_key *
ts_group_slot(struct grouping *G, uint32_t gi)
{
	size_t cap, nby = G->opt->nby ? G->opt->nby : 1;

	cap = G->gkeys_cap;
	if (ts_grow(&G->gkeys, &cap, ((size_t)gi + 1) * nby, sizeof *G->gkeys) != 0)
		return NULL;
	G->gkeys_cap = cap;
	memset(&G->gkeys[(size_t)gi * nby], 0, nby * sizeof *G->gkeys);
	if (G->exact) {
		cap = G->accs_cap;
		if (ts_grow(&G->accs, &cap, (size_t)gi + 1, sizeof *G->accs) != 0)
			return NULL;
		G->accs_cap = cap;
		memset(&G->accs[gi], 0, sizeof G->accs[gi]);
	}
	if (G->cohort) {
		cap = G->tallies_cap;
		if (ts_grow(&G->tallies, &cap, (size_t)gi + 1, sizeof *G->tallies) != 0)
			return NULL;
		G->tallies_cap = cap;
		memset(&G->tallies[gi], 0, sizeof G->tallies[gi]);
		G->ntallies = (size_t)gi + 1;
		if (G->times && ts_group_times_room(G) != 0)
			return NULL;
	}
	G->r->ngroups = (size_t)gi + 1;
	return &G->gkeys[(size_t)gi * nby];
}

/* The key of new group gi, as record k of the chunk on this pass. */
static void
key_group(struct grouping *G, uint32_t gi, size_t k, int pass)
{
	const struct ts_report_options *opt = G->opt;
	const struct chunk *ck = G->ck;
	struct ts_key *key = &G->gkeys[(size_t)gi * (opt->nby ? opt->nby : 1)];
	size_t b;

	for (b = 0; b < opt->nby; b++) {
		if (opt->by[b].kind == TS_BY_PERIOD)
			key[b].period = pass ? G->ckey[b][ck->cid[k]] : G->pkey[b][ck->pid[k]];
		else
			key[b].id = ck->dim[b][k];
	}
}

/* The keys gathered (gkeys, put in key order by ts_group_in_key_order())
 * become r->keys, and each group of r->groups gets its slice.  Returns 0. */
static int
keys_in_order(struct grouping *G)
{
	struct ts_result *r = G->r;
	size_t i, nby = G->opt->nby ? G->opt->nby : 1;
	struct ts_key *k;

	free(r->keys);
	r->keys = G->gkeys;
	/* Growing doubled the room: give back what no group uses. */
	if (r->ngroups > 0 && G->gkeys_cap > r->ngroups * nby) {
		k = realloc(r->keys, r->ngroups * nby * sizeof *k);
		if (k != NULL)
			r->keys = k;
	}
	for (i = 0; i < r->ngroups; i++)
		r->groups[i].key = &r->keys[i * nby];
	G->gkeys = NULL;
	G->gkeys_cap = 0;
	return 0;
}

/* The groups of r->groups, made once their number is known: cleared, in
 * the order of G->order (when set), each with its slice of the keys
 * gathered (gkeys, in that order already, becomes r->keys).  Returns 0 or -1. */
int
ts_group_make(struct grouping *G)
{
	struct ts_result *r = G->r;

	free(r->groups);
	r->groups = calloc(r->ngroups ? r->ngroups : 1, sizeof *r->groups);
	if (r->groups == NULL)
		return -1;
	return keys_in_order(G);
}

/* Sum k of a group, as struct acc numbers them: the counts, then the
 * pairs of each rate. */
static int64_t *
group_sum(struct ts_group *g, size_t k)
{
	return k < TS_NCOUNTS ? &g->sum[k] :
	    &g->pair[(k - TS_NCOUNTS) / 2][(k - TS_NCOUNTS) % 2];
}

/* add_visits() into a group made by ts_group_make() (its sums start at
 * 0; given[gi] keeps the bits of struct acc; the total alone counts the
 * unpaired records). */
static int
group_add(struct ts_group *g, uint16_t *given, const struct tmpl *t,
    const uint64_t *sum, uint64_t n)
{
	uint64_t unpaired[TS_NRATES] = { 0 };
	size_t which;

	if (add_visits(g->sum, g->pair, unpaired, &g->records, t, sum, n, &which) != 0)
		return -1;
	*given |= (uint16_t)t->given;
	return 0;
}

/* The sums no visit gave become missing, as ts_group_acc_to_group() has them. */
static void
group_finish(struct ts_group *g, unsigned given)
{
	size_t k;

	for (k = 0; k < (g->pair ? NSUMS : TS_NCOUNTS); k++)
		if (!(given >> k & 1))
			*group_sum(g, k) = TS_MISSING;
}

/* A new cell of class key[0] for the key codes key + 1, and its group
 * (made, its key cleared, when new: *new_group set); NO_INDEX when out
 * of memory. */
static uint32_t
new_cell(struct grouping *G, const uint32_t *key, int *new_group)
{
	uint32_t gi, ci;
	int added = 0;

	if (G->ncells >= NO_INDEX - 1 ||
	    ts_grow(&G->cells, &G->cells_cap, G->ncells + 1, sizeof *G->cells) != 0 ||
	    (G->nkept && ts_grow(&G->csum, &G->csum_cap, (G->ncells + 1) * G->nkept,
	    sizeof *G->csum) != 0))
		return NO_INDEX;
	if (G->dense) {
		if (G->gmap == NULL && (G->gmap = calloc(G->nkeys, sizeof *G->gmap)) == NULL)
			return NO_INDEX;
		gi = G->gmap[key[1]];
		if (gi == 0) {
			if (G->r->ngroups >= NO_INDEX - 1)
				return NO_INDEX;
			gi = (uint32_t)G->r->ngroups;
			G->gmap[key[1]] = gi + 1;
			added = 1;
		} else {
			gi--;
		}
	} else if ((gi = ts_group_tuples_get(&G->groups_ix, key + 1, &added)) == NO_INDEX) {
		return NO_INDEX;
	}
	if (added && ts_group_slot(G, gi) == NULL)
		return NO_INDEX;
	*new_group = added;
	ci = (uint32_t)G->ncells++;
	G->cells[ci].visits = 0;
	G->cells[ci].group = gi;
	G->cells[ci].cls = key[0];
	if (G->nkept)
		memset(&G->csum[(size_t)ci * G->nkept], 0, G->nkept * sizeof *G->csum);
	return ci;
}

/* The cell of a visit through the hash of cells_ix. */
static uint32_t
hashed_cell(struct grouping *G, const uint32_t *key, int *new_group)
{
	int added;
	uint32_t e = ts_group_tuples_get(&G->cells_ix, key, &added), ci;

	if (e == NO_INDEX)
		return NO_INDEX;
	if (!added)
		return G->ixcell[e];
	if (ts_grow(&G->ixcell, &G->ixcell_cap, (size_t)e + 1, sizeof *G->ixcell) != 0 ||
	    (ci = new_cell(G, key, new_group)) == NO_INDEX)
		return NO_INDEX;
	G->ixcell[e] = ci;
	return ci;
}

#define DIRECT_KEYS (1u << 16)

/* Sets up the direct map when the key codes are few, or the key is one
 * dimension (dense). */
int
ts_group_direct_setup(struct grouping *G)
{
	size_t b, nstr = ts_store_nstrings(G->st), nkeys = 1;

	G->dense = G->opt->nby == 1 && G->opt->by[0].kind == TS_BY_DIM &&
	    nstr > DIRECT_KEYS && nstr < NO_INDEX;
	for (b = 0; b < G->opt->nby; b++) {
		if (G->pcode[b] == NULL)
			G->radix[b] = nstr ? nstr : 1;
		if (!G->dense && (G->radix[b] > DIRECT_KEYS ||
		    nkeys * G->radix[b] > DIRECT_KEYS))
			return 0;
		nkeys *= G->radix[b];
	}
	G->clsblock = calloc(NCLASSES, sizeof *G->clsblock);
	G->blocks = calloc(DIRECT_BLOCKS, sizeof *G->blocks);
	if (G->clsblock == NULL || G->blocks == NULL)
		return -1;
	G->nkeys = nkeys;
	return 0;
}

void
ts_group_direct_clear(struct grouping *G)
{
	size_t i;

	for (i = 0; i < G->nblocks; i++)
		free(G->blocks[i]);
	G->nblocks = 0;
	if (G->clsblock)
		memset(G->clsblock, 0, NCLASSES * sizeof *G->clsblock);
	free(G->gmap);
	G->gmap = NULL;
}

/* The index in the direct map of the key codes (opt.nby of them). */
size_t
ts_group_key_index(const struct grouping *G, const uint32_t *codes)
{
	size_t b, idx = 0;

	for (b = 0; b < G->opt->nby; b++)
		idx = idx * G->radix[b] + codes[b];
	return idx;
}

/* The cell of a visit (key: class, then the key codes; idx: their index
 * in the direct map, when there is one), made when new, and its group
 * (*new_group: made now, its key cleared for the caller to fill in);
 * NO_INDEX when out of memory. */
uint32_t
ts_group_cell(struct grouping *G, const uint32_t *key, size_t idx, int *new_group)
{
	unsigned cls = key[0];
	uint32_t *blk, ci;

	*new_group = 0;
	if (G->nkeys == 0)
		return hashed_cell(G, key, new_group);
	if (G->clsblock[cls] == 0) {
		/* Past the blocks a dense key has no hash of groups to
		 * fall back on: its groups are in gmap either way. */
		if (G->nblocks == DIRECT_BLOCKS)
			return hashed_cell(G, key, new_group);
		if ((blk = calloc(G->nkeys, sizeof *blk)) == NULL)
			return NO_INDEX;
		G->blocks[G->nblocks++] = blk;
		G->clsblock[cls] = (uint16_t)G->nblocks;
	}
	blk = G->blocks[G->clsblock[cls] - 1];
	if (blk[idx] == 0) {
		if ((ci = new_cell(G, key, new_group)) == NO_INDEX)
			return NO_INDEX;
		blk[idx] = ci + 1;
	}
	return blk[idx] - 1;
}

/* Makes G->times as long as G->tallies, the new ones cleared.  Returns
 * 0 or -1. */
int
ts_group_times_room(struct grouping *G)
{
	size_t cap = G->times_cap;

	if (cap >= G->tallies_cap)
		return 0;
	if (ts_grow(&G->times, &cap, G->tallies_cap, sizeof *G->times) != 0)
		return -1;
	memset(G->times + G->times_cap, 0, (cap - G->times_cap) * sizeof *G->times);
	G->times_cap = cap;
	return 0;
}

/* The times of group gi, G->times made when none was; NULL when out of
 * memory. */
struct ts_cohort_times *
ts_group_times(struct grouping *G, uint32_t gi)
{
	if (ts_group_times_room(G) != 0)
		return NULL;
	return &G->times[gi];
}

/* Keeps the time of a case of group gi for the cumulative incidence
 * (ts_cuminc.h), censored at the cut-off as_of: an open case, or one
 * closed after it, at its days from opening to as_of; a closed one at its
 * days to its outcome.  Returns 0 or -1 (out of memory). */
static int
cohort_time(struct grouping *G, uint32_t gi, enum ts_outcome o, int64_t lo,
    int32_t closed, int32_t as_of)
{
	int open = o == TS_OUTCOME_OPEN || o == TS_OUTCOME_CHARGED;
	enum ts_case_status status = TS_CASE_CENSORED;
	int64_t end = as_of;
	struct ts_cohort_times *t;

	if (lo == NOT_A_DAY || (!open && (closed == TS_NO_DAY || closed < lo)) ||
	    lo > as_of) {
		G->tallies[gi].untimed++;
		return 0;
	}
	if (!open && closed <= as_of) {
		end = closed;
		status = o == TS_OUTCOME_CONVICTED ? TS_CASE_CONVICTION : TS_CASE_COMPETING;
	}
	if (end - lo > (int64_t)TS_CUMINC_DAYS_MAX) {
		G->tallies[gi].untimed++;       /* beyond any calendar date */
		return 0;
	}
	if ((t = ts_group_times(G, gi)) == NULL ||
	    ts_grow(&t->times, &t->times_cap, t->ntimes + 1, sizeof *t->times) != 0)
		return -1;
	if (t->ntimes == 0 || lo > t->last_open)
		t->last_open = (int32_t)lo;
	t->times[t->ntimes++] = ts_cuminc_time((uint32_t)(end - lo), status);
	return 0;
}

/* Counts case k of the chunk in the cohort tally of group gi. */
static int
tally(struct grouping *G, uint32_t gi, size_t k)
{
	struct ts_cohort_tally *t = &G->tallies[gi];
	const struct chunk *ck = G->ck;
	enum ts_outcome o = (enum ts_outcome)ck->outcome[k];

	t->cases++;
	t->open += o == TS_OUTCOME_OPEN || o == TS_OUTCOME_CHARGED;
	t->convicted += o == TS_OUTCOME_CONVICTED;
	return cohort_time(G, gi, o, G->pday[ck->pid[k]], G->cday[ck->cid[k]], G->as_of);
}

/* Visits records from .. from + m - 1 (in G->ck) on this pass.  Returns 0,
 * 1 when a cell's sum passed INT64_MAX, -1 when out of memory, -2 in exact
 * mode when a sum would pass INT64_MAX (G->err_rec, G->err_which). */
static int
visit_chunk(struct grouping *G, size_t from, size_t m, int pass)
{
	const struct chunk *ck = G->ck;
	size_t k, b, c, i, idx, nby = G->opt->nby;
	uint32_t key[TS_MAX_BY + 1], ci;
	uint64_t ovf = 0, one[TS_NCOUNTS], *cs;
	unsigned f, cls, use;
	int moved, gnew;
	struct cell *cl;

	for (k = 0; k < m; k++) {
		f = ck->flags[k];
		moved = G->moves && ck->outcome[k] == TS_OUTCOME_CONVICTED && ck->cid[k] != 0;
		if ((pass && !moved) || (f & TS_FLAGS_OUT))
			continue;       /* a total, subtotal or revised row */
		if (G->pin && !(pass ? G->cin[ck->cid[k]] : G->pin[ck->pid[k]])) {
			G->r->outside_period += !pass;
			continue;
		}
		cls = ck->gives[k];
		cls |= (f >> 8 & cls) << CLS_COVERED_SHIFT | (moved ? CLS_MOVED : 0) |
		    (pass ? CLS_PASS1 : 0) |
		    (G->derived ? (unsigned)ck->code[k] << CLS_CODE_SHIFT : 0);
		key[0] = cls;
		for (b = 0, idx = 0; b < nby; b++) {
			key[b + 1] = G->pcode[b] == NULL ? ck->dim[b][k] :
			    pass ? G->ccode[b][ck->cid[k]] : G->pcode[b][ck->pid[k]];
			idx = idx * G->radix[b] + key[b + 1];
		}
		if ((ci = ts_group_cell(G, key, idx, &gnew)) == NO_INDEX)
			return -1;
		if (gnew)
			key_group(G, G->cells[ci].group, k, pass);
		cl = &G->cells[ci];
		if (G->exact) {
			for (c = 0; c < TS_NCOUNTS; c++)
				one[c] = (uint64_t)ck->v[c][k];
			if (acc_add(&G->total, tmpl_get(G, cls, 1), one, 1, &G->err_which) != 0 ||
			    (nby && acc_add(&G->accs[cl->group], tmpl_get(G, cls, 0), one, 1,
			    &G->err_which) != 0)) {
				G->err_rec = from + k;
				return -2;
			}
		} else {
			/* Only the counts some sum adds, so that a cell's sum
			 * passes INT64_MAX only when a real one does. */
			use = (cls & (CLS_GIVES << CLS_COVERED_SHIFT | CLS_MOVED | CLS_PASS1)) == 0 ?
			    CLS_GIVES :
			    tmpl_get(G, cls, 0)->use | tmpl_get(G, cls, 1)->use;
			cs = &G->csum[(size_t)ci * G->nkept];
			for (i = 0; i < G->nkept; i++) {
				c = G->kept[i];
				cs[i] += use >> c & 1 ? (uint64_t)ck->v[c][k] : 0;
				ovf |= cs[i];
			}
			cl->visits++;
		}
		if (G->cohort && ck->outcome[k] != TS_OUTCOME_NONE &&
		    tally(G, cl->group, k) != 0)
			return -1;
	}
	return ovf >> 63 ? 1 : 0;
}

/* Visits records lo..hi-1 on this pass.  Returns as visit_chunk(); 1
 * also when a count is negative. */
int
ts_group_visit_range(struct grouping *G, size_t lo, size_t hi, int pass)
{
	size_t from, m;
	int rc;

	for (from = lo; from < hi; from += m) {
		m = hi - from < CHUNK ? hi - from : CHUNK;
		if (read_chunk(G, from, m) && !G->exact)
			return 1;
		if ((rc = visit_chunk(G, from, m, pass)) != 0)
			return rc;
	}
	return 0;
}

/* Cells added up are given back this many at a time. */
#define CELLS_BACK ((size_t)1 << 16)

/* Gives back the room of the cells from n on, added up (and their sums). */
static void
cells_give_back(struct grouping *G, size_t n)
{
	struct cell *c = realloc(G->cells, n * sizeof *G->cells);
	uint64_t *cs;

	if (c != NULL) {
		G->cells = c;
		G->cells_cap = n;
	}
	if (G->nkept && (cs = realloc(G->csum, n * G->nkept * sizeof *G->csum)) != NULL) {
		G->csum = cs;
		G->csum_cap = n * G->nkept;
	}
}

#define OWN_PAIRS 0x8000u
#if NSUMS > 15
#error "OWN_PAIRS needs a bit of given that no sum uses"
#endif

/* The place of each group in key order (the inverse of G->order), or
 * NULL when the groups are in order already (or out of memory: *oom). */
static uint32_t *
places(const struct grouping *G, int *oom)
{
	size_t ng = G->r->ngroups, p;
	uint32_t *place;

	*oom = 0;
	if (G->order == NULL || ng < 2)
		return NULL;
	if ((place = malloc(ng * sizeof *place)) == NULL) {
		*oom = 1;
		return NULL;
	}
	for (p = 0; p < ng; p++)
		place[G->order[p]] = (uint32_t)p;
	return place;
}

/* How far ahead sum_cells() asks for the group of a cell: the groups it
 * adds to jump about a large array, and their addresses are known early. */
#define AHEAD 16

/* The total's sums while the cells are added: what the cells of each
 * class sum to (every value added is at least 0, so a sum past
 * INT64_MAX shows in its top bit), each class added to the total once at
 * the end (total_add()) instead of once a cell. */
struct class_sums {
	struct { uint64_t sum[TS_NCOUNTS], visits; } *of;      /* [NCLASSES] */
	uint32_t *used;         /* the classes met, nused of them */
	size_t nused;
	uint64_t over;          /* top bit: a sum passed INT64_MAX */
};

/* Adds cell ci (its group: the group's place) to the sums of its group
 * and of its class.  Returns 0, or 1 when a sum passes INT64_MAX. */
static int
add_cell(struct grouping *G, size_t ci, uint16_t *given, struct class_sums *cs)
{
	struct ts_result *r = G->r;
	const struct cell *cl = &G->cells[ci];
	uint64_t sum[TS_NCOUNTS];
	size_t c, i;

	memset(sum, 0, sizeof sum);
	for (i = 0; i < G->nkept; i++)
		sum[G->kept[i]] = G->csum[ci * G->nkept + i];
	/* A count that follows from the case code is the same for every
	 * visit of the cell (0 or 1). */
	for (c = 0; c < TS_NCOUNTS; c++) {
		int64_t x = G->value4[c][cl->cls >> CLS_CODE_SHIFT & 0xF];
		if (!(G->derived >> c & 1))
			continue;
		if (x < 0 || (x > 1 && cl->visits > (uint64_t)INT64_MAX / (uint64_t)x))
			return 1;
		sum[c] = cl->visits * (uint64_t)x;
	}
	if (cs->of[cl->cls].visits == 0)
		cs->used[cs->nused++] = cl->cls;
	for (c = 0; c < TS_NCOUNTS; c++)
		cs->over |= cs->of[cl->cls].sum[c] += sum[c];
	cs->over |= cs->of[cl->cls].visits += cl->visits;
	if (G->opt->nby && group_add(&r->groups[cl->group], &given[cl->group],
	    tmpl_get(G, cl->cls, 0), sum, cl->visits) != 0)
		return 1;
	return 0;
}

/* Adds the sums of each class met to the total.  Returns 0, or 1 when a
 * sum passes INT64_MAX. */
static int
total_add(struct grouping *G, const struct class_sums *cs)
{
	size_t i, which;
	unsigned cls;

	if (cs->over >> 63)
		return 1;
	for (i = 0; i < cs->nused; i++) {
		cls = cs->used[i];
		if (acc_add(&G->total, tmpl_get(G, cls, 1), cs->of[cls].sum,
		    cs->of[cls].visits, &which) != 0)
			return 1;
	}
	return 0;
}

/* The groups are added to in this many sweeps over the cells, each over
 * the groups of a range of places, when there are many; on two threads
 * from this many cells on. */
#define SWEEPS 4
#define TWO_THREADS_CELLS CELLS_BACK

/* One sweep's work on one thread: the cells of the groups at places
 * lo..hi-1 added (compact: the other cells kept, in their order, and
 * their number in kept). */
struct sweep {
	struct grouping *G;
	uint16_t *given;
	struct class_sums cs;
	size_t lo, hi, kept;
	int compact, rc;
};

static int
sweep_init(struct sweep *w, struct grouping *G, uint16_t *given)
{
	memset(w, 0, sizeof *w);
	w->G = G;
	w->given = given;
	/* calloc: only the pages of the classes met are touched. */
	w->cs.of = calloc(NCLASSES, sizeof *w->cs.of);
	w->cs.used = malloc(NCLASSES * sizeof *w->cs.used);
	return w->cs.of && w->cs.used ? 0 : -1;
}

static void
sweep_free(struct sweep *w)
{
	free(w->cs.of);
	free(w->cs.used);
}

/* Keeps cell ci as cell k. */
static void
keep_cell(struct grouping *G, size_t ci, size_t k)
{
	if (k == ci)
		return;
	G->cells[k] = G->cells[ci];
	if (G->nkept)
		memmove(&G->csum[k * G->nkept], &G->csum[ci * G->nkept],
		    G->nkept * sizeof *G->csum);
}

/* Maps the pages of the groups at places lo..hi-1 writable before a
 * sweep adds to them.  A sum is read before it is written, so a page
 * first met in a sweep is mapped to the shared zero page and copied on
 * the write that follows; while a second thread runs, each such copy
 * also flushes the other core's TLB (an interrupt a page, dear in a
 * virtual machine: a fifth of the CPU of a million groups on two
 * threads).  Only whole pages inside the range, whose bytes it leaves
 * as they are; a kernel without MADV_POPULATE_WRITE (before Linux 5.14)
 * ignores it and nothing else changes. */
static void
groups_populate(const struct ts_group *groups, size_t lo, size_t hi)
{
#ifdef MADV_POPULATE_WRITE
	long sz = sysconf(_SC_PAGESIZE);
	uintptr_t page = sz > 0 ? (uintptr_t)sz : 4096, a, b;

	a = ((uintptr_t)(groups + lo) + page - 1) & ~(page - 1);
	b = (uintptr_t)(groups + hi) & ~(page - 1);
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_POPULATE_WRITE);
#else
	(void)groups;
	(void)lo;
	(void)hi;
#endif
}

static void *
sweep_run(void *arg)
{
	struct sweep *w = arg;
	struct grouping *G = w->G;
	const struct ts_group *groups = G->r->groups;
	size_t ci, n = G->ncells, place, ng = G->r->ngroups;

	if (w->lo < ng)
		groups_populate(groups, w->lo, w->hi < ng ? w->hi : ng);
	for (ci = 0, w->kept = 0; ci < n && w->rc == 0; ci++) {
		place = G->cells[ci].group;
		if (place < w->lo || place >= w->hi) {
			if (w->compact)
				keep_cell(G, ci, w->kept++);
			continue;
		}
		if (ci + AHEAD < n)
			__builtin_prefetch(&groups[G->cells[ci + AHEAD].group], 1);
		w->rc = add_cell(G, ci, w->given, &w->cs);
	}
	return NULL;
}

/* The sweeps of sum_cells(), each on two threads when there are many
 * cells: a half of the range of places each, the cells read only, then
 * the cells added kept out.  The groups, their given marks and the
 * templates (all made before) are shared; each thread adds to groups of
 * its own.  Returns 0, 1 when a sum passes INT64_MAX, -1 when out of
 * memory. */
static int
sweeps_run(struct grouping *G, uint16_t *given)
{
	size_t ng = G->r->ngroups, sweeps, sw, lo, hi, ci, kept;
	struct sweep w[2];
	pthread_t tid;
	int two, rc = 0, started;

	if (sweep_init(&w[0], G, given) != 0 || sweep_init(&w[1], G, given) != 0) {
		sweep_free(&w[0]);
		sweep_free(&w[1]);
		return -1;
	}
	sweeps = G->ncells > CELLS_BACK ? SWEEPS : 1;
	two = G->opt->threads >= 2 && G->ncells >= TWO_THREADS_CELLS;
	for (sw = sweeps; sw-- > 0 && rc == 0;) {
		lo = ng / sweeps * sw;
		hi = sw + 1 == sweeps ? (size_t)NO_INDEX : ng / sweeps * (sw + 1);
		/* The first thread takes the lower half of the places. */
		w[0].lo = lo;
		w[0].hi = two ? lo + ((hi == (size_t)NO_INDEX ? ng : hi) - lo) / 2 : hi;
		w[0].compact = !two;
		w[1].lo = w[0].hi;
		w[1].hi = hi;
		started = two && pthread_create(&tid, NULL, sweep_run, &w[1]) == 0;
		if (two && !started)
			sweep_run(&w[1]);
		sweep_run(&w[0]);
		if (started)
			pthread_join(tid, NULL);
		rc = w[0].rc || w[1].rc;
		kept = w[0].kept;
		if (two)
			for (ci = 0, kept = 0; ci < G->ncells && rc == 0; ci++)
				if (G->cells[ci].group < lo || G->cells[ci].group >= hi)
					keep_cell(G, ci, kept++);
		G->ncells = kept;
		if (kept > 0)
			cells_give_back(G, kept);
	}
	if (rc == 0)
		rc = total_add(G, &w[0].cs) || total_add(G, &w[1].cs);
	sweep_free(&w[0]);
	sweep_free(&w[1]);
	return rc;
}

/* Adds the cells up into the sums of their groups and of the total.
 * Returns 0, or 1 when a sum passes INT64_MAX.
 *
 * The groups are made in key order (ts_group_order() runs first): a cell
 * adds to the group at the place of its group, so that no group is moved
 * after.  The cells come in build order, and the places they add to jump
 * about: were the cells added in one sweep, every page of the groups
 * would be touched while the cells still take their room.  So a sweep
 * adds the cells of the groups of one range of places, keeps the others
 * (in their order) and gives back the room of those it added
 * (sweeps_run()).  The sums do not depend on the order of the cells:
 * every value added is at least 0. */
static int
sum_cells(struct grouping *G)
{
	struct ts_result *r = G->r;
	size_t ci, ng = r->ngroups;
	struct cell *cl;
	uint16_t *given, *kinds;
	uint32_t *place;
	int rc, oom;

	/* The indexes are done with: room for the groups. */
	ts_group_tuples_free(&G->cells_ix);
	ts_group_tuples_free(&G->groups_ix);
	ts_group_direct_clear(G);
	if (ts_group_order(G) != 0)
		return -1;
	place = places(G, &oom);
	if (oom || ts_group_in_key_order(G) != 0) {
		free(place);
		return -1;
	}
	/* Done with: the groups are made in order. */
	free(G->order);
	G->order = NULL;
	/* Only the groups whose pairs ts_group_pair() cannot read from
	 * their sums hold pairs of their own (marked by a bit of given no
	 * sum uses).  From here a cell names its group by its place.  Every
	 * class's templates are made here, before the sweeps share them. */
	kinds = calloc(ng ? ng : 1, sizeof *kinds);
	if (kinds == NULL) {
		free(place);
		return -1;
	}
	for (ci = 0; ci < G->ncells; ci++) {
		cl = &G->cells[ci];
		if (place)
			cl->group = place[cl->group];
		kinds[cl->group] |= (uint16_t)tmpl_get(G, cl->cls, 0)->kinds;
	}
	free(place);
	free(r->groups);
	r->groups = calloc(ng ? ng : 1, sizeof *r->groups);
	given = r->groups ? calloc(ng ? ng : 1, sizeof *given) : NULL;
	if (given == NULL) {
		free(kinds);
		return -1;
	}
	for (ci = 0; ci < ng; ci++)
		if (G->all_pairs || !kinds_plain(kinds[ci]))
			given[ci] |= OWN_PAIRS;
	free(kinds);
	if (pairs_for(r, given, OWN_PAIRS) != 0 || (rc = sweeps_run(G, given)) == -1) {
		free(given);
		return -1;
	}
	for (ci = 0; ci < ng && rc == 0; ci++)
		group_finish(&r->groups[ci], given[ci] & ~OWN_PAIRS);
	free(given);
	if (rc != 0)
		return rc;
	return keys_in_order(G);
}

/* Visits every record, and on the period basis every moved conviction
 * again, then (not in exact mode) adds the cells up.  Returns as
 * visit_chunk(); 1 also when a count is negative. */
int
ts_group_gather(struct grouping *G)
{
	size_t n = ts_store_count(G->st);
	int pass, rc;

	switch (ts_group_visit_halves(G, n)) {
	case 0:
		return sum_cells(G);
	case -1:
		return -1;
	case 2:
		return 1;       /* a sum passed INT64_MAX: exact mode */
	default:
		break;
	}
	for (pass = 0; pass <= (G->moves ? 1 : 0); pass++)
		if ((rc = ts_group_visit_range(G, 0, n, pass)) != 0)
			return rc;
	return G->exact ? 0 : sum_cells(G);
}

void
ts_group_free_times(struct ts_cohort_times *t, size_t n)
{
	size_t i;

	for (i = 0; t && i < n; i++)
		free(t[i].times);
	free(t);
}

/* Forgets what ts_group_gather() found, to start again. */
void
ts_group_reset(struct grouping *G)
{
	struct ts_result *r = G->r;

	ts_group_tuples_free(&G->cells_ix);
	ts_group_tuples_free(&G->groups_ix);
	ts_group_direct_clear(G);
	G->ncells = 0;
	free(G->tallies);
	ts_group_free_times(G->times, G->ntallies);
	G->tallies = NULL;
	G->times = NULL;
	G->tallies_cap = G->ntallies = G->times_cap = 0;
	r->ngroups = 0;
	r->outside_period = 0;
	memset(&G->total, 0, sizeof G->total);
}

void
ts_group_grouping_free(struct grouping *G)
{
	size_t b;

	ts_group_working_free(G);
	for (b = 0; b < TS_MAX_BY; b++) {
		free(G->pcode[b]);
		free(G->ccode[b]);
		free(G->pkey[b]);
		free(G->ckey[b]);
	}
	free(G->pin);
	free(G->cin);
	free(G->pday);
	free(G->cday);
	free(G->order);
	G->order = NULL;
}

/* What a grouping makes while it visits (a second thread's too), not the
 * per-period tables it shares. */
void
ts_group_working_free(struct grouping *G)
{
	ts_group_gather_free(G);
	free(G->blocks);
	free(G->clsblock);
	free(G->tallies);
	ts_group_free_times(G->times, G->ntallies);
	free(G->gkeys);
	free(G->tmpl);
	free(G->tmpl_ready);
	free(G->ck);
}

/* The memory only ts_group_gather() needs, freed before the groups are sorted. */
void
ts_group_gather_free(struct grouping *G)
{
	ts_group_tuples_free(&G->cells_ix);
	ts_group_tuples_free(&G->groups_ix);
	ts_group_direct_clear(G);
	free(G->cells);
	free(G->csum);
	free(G->ixcell);
	free(G->accs);
	G->cells = NULL;
	G->csum = NULL;
	G->ixcell = NULL;
	G->accs = NULL;
	G->cells_cap = G->csum_cap = G->ixcell_cap = G->accs_cap = G->ncells = 0;
}
