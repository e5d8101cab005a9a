/* group.c — grouping records by key and computing each group's rates. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ts_basis.h"
#include "ts_cell.h"
#include "ts_compare.h"
#include "ts_fields.h"
#include "ts_hashtab.h"
#include "ts_report.h"

/* The dimension a --by name means: a canonical field by any of its aliases
 * ("Entidad" is jurisdiction), a header as written, or a header that folds
 * to the same letters ("Tipo de trata" for "tipo_de_trata"). */
static int
find_dim(const struct ts_store *st, const char *name)
{
	char a[128], b[128];
	enum ts_field f = ts_fields_match(name, strlen(name));
	size_t d, la;
	int dim;

	if (f != TS_F_NONE && (dim = ts_store_find_dim(st, ts_field_name(f))) >= 0)
		return dim;
	if ((dim = ts_store_find_dim(st, name)) >= 0)
		return dim;
	la = ts_fields_fold(name, strlen(name), a, sizeof a);
	for (d = 0; la > 0 && d < ts_store_ndims(st); d++) {
		const char *dn = ts_store_dim_name(st, d);
		if (ts_fields_fold(dn, strlen(dn), b, sizeof b) == la && memcmp(a, b, la) == 0)
			return (int)d;
	}
	return -1;
}

int
ts_report_resolve_by(const struct ts_store *st, const char *name,
    struct ts_by *out, struct ts_error *err)
{
	static const struct { const char *name; enum ts_precision prec; } periods[] = {
		{ "year", TS_PREC_YEAR }, { "quarter", TS_PREC_QUARTER },
		{ "month", TS_PREC_MONTH }, { "date", TS_PREC_DAY },
		{ "period", TS_PREC_NONE },
	};
	size_t i;
	int dim;
	enum ts_field f;
	char list[256];
	size_t o;

	memset(out, 0, sizeof *out);
	if (strlen(name) >= sizeof out->name)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    "--by: field name too long");
	/* A period field by any alias ("Año" is year) groups by that period. */
	f = ts_fields_match(name, strlen(name));
	if (f == TS_F_YEAR || f == TS_F_MONTH || f == TS_F_DATE || f == TS_F_PERIOD)
		name = ts_field_name(f);
	strcpy(out->name, name);
	for (i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		if (strcmp(name, periods[i].name) == 0) {
			out->kind = TS_BY_PERIOD;
			out->prec = periods[i].prec;
			return TS_OK;
		}
	}
	dim = find_dim(st, name);
	if (dim < 0) {
		o = (size_t)snprintf(list, sizeof list, "%s", "year, quarter, month, date, period");
		for (i = 0; i < ts_store_ndims(st) && o < sizeof list; i++) {
			/* Header names come from the data: no raw controls. */
			char *clean = ts_cell_clean(ts_store_dim_name(st, i), 0);
			o += (size_t)snprintf(list + o, sizeof list - o, ", %s",
			    clean ? clean : "?");
			free(clean);
		}
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    "--by: no field or column named '%s' in the input (there are: %s)",
		    name, list);
	}
	out->kind = TS_BY_DIM;
	out->dim = dim;
	/* Keys are named as the store names the dimension: "jurisdiction"
	 * whatever alias was typed, a header as written otherwise. */
	snprintf(out->name, sizeof out->name, "%s", ts_store_dim_name(st, (size_t)dim));
	return TS_OK;
}

static void
compute_rates(struct ts_group *g, const struct ts_report_options *opt)
{
	size_t q;

	for (q = 0; q < TS_NRATES; q++)
		ts_report_rate_of(g->pair[q][0], g->pair[q][1], opt, &g->rate[q]);
}

void
ts_report_group_rates(struct ts_group *g, const struct ts_report_options *opt)
{
	compute_rates(g, opt);
}

/* One warning per rate whose total left records out, so that nobody reads
 * the rate as the quotient of the printed sums. */
static int
warn_unpaired(struct ts_result *r)
{
	static const char *const what[TS_NRATES] = {
		"conviction rate", "prosecution rate", "convictions per prosecution",
	};
	const struct ts_group *t = &r->total;
	size_t q;

	for (q = 0; q < TS_NRATES; q++) {
		if (t->unpaired[q] == 0 || !t->rate[q].defined || r->diags == NULL)
			continue;
		if (ts_diags_add(r->diags, TS_DIAG_WARNING, TS_DIAG_NO_INPUT, 0,
		    "the %s uses only the records that give both %s and %s: "
		    "%llu record%s give%s only one of them", what[q],
		    ts_count_name(ts_rate_num[q]), ts_count_name(ts_rate_den[q]),
		    (unsigned long long)t->unpaired[q], t->unpaired[q] == 1 ? "" : "s",
		    t->unpaired[q] == 1 ? "s" : "") != 0)
			return -1;
	}
	return 0;
}

/* qsort has no context argument: the comparison reads these. */
static const struct ts_store *sort_store;
static const struct ts_report_options *sort_opt;

static int
group_cmp(const void *pa, const void *pb)
{
	const struct ts_group *a = pa, *b = pb;
	size_t i;
	int c;

	for (i = 0; i < sort_opt->nby; i++) {
		if (sort_opt->by[i].kind == TS_BY_PERIOD &&
		    (a->key[i].period.precision == TS_PREC_NONE) !=
		    (b->key[i].period.precision == TS_PREC_NONE))
			/* Records without a period come after every period. */
			c = a->key[i].period.precision == TS_PREC_NONE ? 1 : -1;
		else if (sort_opt->by[i].kind == TS_BY_PERIOD)
			c = ts_period_cmp(&a->key[i].period, &b->key[i].period);
		else if (a->key[i].id == b->key[i].id)
			c = 0;
		else
			c = strcmp(ts_store_string(sort_store, a->key[i].id),
			    ts_store_string(sort_store, b->key[i].id));
		if (c)
			return c;
	}
	return 0;
}

/* --- Grouping --------------------------------------------------------------
 * The records are read in chunks, a column at a time (the store's bulk
 * reads).  A visit is a record seen under a key: pass 0 is every record
 * under its own key; on the period basis pass 1 sees a moved conviction
 * again under the period of its closed day.  The keys' parts are small
 * codes: a dimension's string id, or a period part's code, worked out once
 * for each distinct period (and closed day) rather than once a record.
 *
 * What a visit adds to its group and to the total depends only on its
 * class: the counts it gives, those a total row's rows cover, whether its
 * conviction moves, and the pass (see template_of()); and where the store
 * keeps no column for a count, its case code (outcome), from which the
 * count follows.  So a visit adds its
 * counts to a cell, one per group and class, and each cell is turned into
 * the sums of its group and of the total once, at the end.  When a sum
 * passes INT64_MAX (or a count is negative), the visits are made again one
 * by one, each added to the total and its group as it comes (exact mode),
 * so that the error names the record where the sum passed, as before. */

#define CHUNK 512
#define NSUMS (TS_NCOUNTS + 2 * TS_NRATES)     /* sums, then the pairs */
#define NCLASSES (1u << 16)
#define CLS_GIVES 0x1Fu                 /* bit c: the record gives count c */
#define CLS_COVERED_SHIFT TS_NCOUNTS    /* TS_FLAG_COVERED bits of given counts */
#define CLS_MOVED (1u << 10)
#define CLS_PASS1 (1u << 11)
#define CLS_CODE_SHIFT 12               /* a case code, when counts follow it */
#define NO_INDEX UINT32_MAX
#define NOT_A_DAY INT64_MIN

/* What the visits of one class add to a group or to the total: sum k adds
 * the values of count src[k] (-1: nothing), and is given (not missing) when
 * bit k of given is set. */
struct tmpl {
	int8_t src[NSUMS];
	unsigned given;
	unsigned unpaired;      /* bit q: the visit counts as unpaired for rate q */
	unsigned records;       /* 1: a record's first visit */
	unsigned use;           /* bit c: some sum adds count c */
};

/* A group's (or the total's) figures while they are gathered: sums with a
 * missing value as 0 and a bit for whether any visit gave it. */
struct acc {
	int64_t v[NSUMS];
	uint64_t unpaired[TS_NRATES];
	uint64_t records;
	unsigned given;
};

/* The counts that visits of one class added to one group. */
struct cell {
	uint64_t sum[TS_NCOUNTS];
	uint64_t visits;
	uint32_t group;
	uint32_t cls;
};

/* A hash index of tuples of w 32-bit words: tuple i is keys[i*w..]. */
struct tuples {
	struct ts_hashtab tab;
	uint32_t *keys;         /* n tuples of w words */
	size_t n, cap, w;
};

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

static int
tuples_init(struct tuples *t, size_t w)
{
	memset(t, 0, sizeof *t);
	t->w = w;
	return ts_hashtab_init(&t->tab, 64);
}

static void
tuples_free(struct tuples *t)
{
	ts_hashtab_free(&t->tab);
	free(t->keys);
	memset(t, 0, sizeof *t);
}

/* The index of key in t, added when new (*added set); NO_INDEX when out of
 * memory. */
static uint32_t
tuples_get(struct tuples *t, const uint32_t *key, int *added)
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
}

/* Adds n visits whose values of count c sum to sum[c] to a under t.
 * Returns -1 when a sum would pass INT64_MAX, with *which the count named. */
static int
acc_add(struct acc *a, const struct tmpl *t, const uint64_t *sum, uint64_t n,
    size_t *which)
{
	size_t k, q;
	int64_t x;

	for (k = 0; k < NSUMS; k++) {
		if (t->src[k] < 0)
			continue;
		x = (int64_t)sum[t->src[k]];
		if (x > 0 && a->v[k] > INT64_MAX - x) {
			*which = k < TS_NCOUNTS ? k : (size_t)ts_rate_num[(k - TS_NCOUNTS) / 2];
			return -1;
		}
		a->v[k] = (int64_t)((uint64_t)a->v[k] + (uint64_t)x);
	}
	a->given |= t->given;
	for (q = 0; q < TS_NRATES; q++)
		if (t->unpaired >> q & 1)
			a->unpaired[q] += n;
	if (t->records)
		a->records += n;
	return 0;
}

/* The figures of a as a group's sums. */
static void
acc_to_group(const struct acc *a, struct ts_group *g)
{
	size_t c, q;

	for (c = 0; c < TS_NCOUNTS; c++)
		g->sum[c] = a->given >> c & 1 ? a->v[c] : TS_MISSING;
	for (q = 0; q < TS_NRATES; q++) {
		size_t k = TS_NCOUNTS + 2 * q;
		g->pair[q][0] = a->given >> k & 1 ? a->v[k] : TS_MISSING;
		g->pair[q][1] = a->given >> (k + 1) & 1 ? a->v[k + 1] : TS_MISSING;
		g->unpaired[q] = a->unpaired[q];
	}
	g->records = a->records;
}

/* One chunk of records, as the passes read it. */
struct chunk {
	int64_t v[TS_NCOUNTS][CHUNK];   /* counts as read, 0 when missing */
	uint32_t dim[TS_MAX_BY][CHUNK];
	uint32_t pid[CHUNK], cid[CHUNK];
	uint16_t flags[CHUNK];
	uint8_t gives[CHUNK];
	uint8_t outcome[CHUNK];
	uint8_t code[CHUNK];            /* case code, 4 bits (code4()) */
};

struct grouping {
	const struct ts_store *st;
	const struct ts_report_options *opt;
	struct ts_result *r;
	int exact;              /* exact mode (see above) */
	int moves;              /* the period basis moves convictions */
	int cohort;             /* gather the cohort tallies */
	int high;               /* censored counts at their high ends (range.c) */
	/* Counts the store keeps in columns (kept[0..nkept)), and for the
	 * others what each 4-bit case code gives (given4: bit c; value4). */
	size_t kept[TS_NCOUNTS], nkept;
	unsigned derived, given4[16];
	int64_t value4[TS_NCOUNTS][16];
	int need_pid, need_case;
	/* Per period part b of the key: the code and the key of each period
	 * id and each closed-day id (0: none). */
	uint32_t *pcode[TS_MAX_BY], *ccode[TS_MAX_BY];
	struct ts_period *pkey[TS_MAX_BY], *ckey[TS_MAX_BY];
	uint8_t *pin, *cin;     /* --period: inside it, by period / closed id */
	int64_t *pday;          /* a period's day, NOT_A_DAY when not a day */
	int32_t *cday;          /* a closed-day id's day */
	struct tuples cells_ix; /* (class, key codes) -> cell */
	struct tuples groups_ix;/* key codes -> group */
	struct cell *cells;
	size_t cells_cap;
	/* While gathering, a group is only its key (gkeys[gi * nby...]):
	 * its sums go to r->groups, made once their number is known
	 * (make_groups()), and in exact mode to accs as the visits come. */
	struct ts_key *gkeys;
	size_t gkeys_cap;
	struct acc *accs;       /* exact mode: one per group, build order */
	size_t accs_cap;
	struct acc total;
	struct ts_cohort_tally *tallies;  /* cohort basis: one per group */
	size_t tallies_cap, ntallies;
	struct tmpl *tmpl;      /* [2 * NCLASSES]: group, total */
	uint8_t *tmpl_ready;
	struct chunk *ck;
	size_t err_rec, err_which;
	/* A direct map in front of cells_ix while the key codes are few:
	 * blocks[clsblock[cls] - 1][key index] is the cell (NO_INDEX: not
	 * looked up yet), the key index counting the codes in radix[]. */
	size_t radix[TS_MAX_BY];
	size_t nkeys;           /* product of the radices; 0: no direct map */
	uint16_t *clsblock;
	uint32_t **blocks;
	size_t nblocks;
};

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

static void *
alloc_n(size_t n, size_t size)
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
	return tuples_get(seen, key, &added);
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
static int
setup_tables(struct grouping *G)
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
		G->pcode[b] = alloc_n(np, sizeof *G->pcode[b]);
		G->pkey[b] = alloc_n(np, sizeof *G->pkey[b]);
		G->ccode[b] = alloc_n(nc, sizeof *G->ccode[b]);
		G->ckey[b] = alloc_n(nc, sizeof *G->ckey[b]);
		if (G->pcode[b] == NULL || G->pkey[b] == NULL || G->ccode[b] == NULL ||
		    G->ckey[b] == NULL || tuples_init(&seen, 3) != 0)
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
		tuples_free(&seen);
		if (fail)
			return -1;
	}
	if (opt->has_period) {
		G->pin = alloc_n(np, 1);
		G->cin = alloc_n(nc, 1);
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
		G->pday = alloc_n(np, sizeof *G->pday);
		G->cday = alloc_n(nc, sizeof *G->cday);
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

static void
setup_counts(struct grouping *G)
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
static struct ts_key *
group_slot(struct grouping *G, uint32_t gi)
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
	}
	G->r->ngroups = (size_t)gi + 1;
	return &G->gkeys[(size_t)gi * nby];
}

/* A new group, index gi, keyed as record k of the chunk on this pass. */
static int
new_group(struct grouping *G, uint32_t gi, size_t k, int pass)
{
	const struct ts_report_options *opt = G->opt;
	const struct chunk *ck = G->ck;
	struct ts_key *key = group_slot(G, gi);
	size_t b;

	if (key == NULL)
		return -1;
	for (b = 0; b < opt->nby; b++) {
		if (opt->by[b].kind == TS_BY_PERIOD)
			key[b].period = pass ? G->ckey[b][ck->cid[k]] : G->pkey[b][ck->pid[k]];
		else
			key[b].id = ck->dim[b][k];
	}
	return 0;
}

/* The groups of r->groups, made once their number is known: cleared, each
 * with its slice of the keys gathered (gkeys becomes r->keys).  Returns 0
 * or -1. */
static int
make_groups(struct grouping *G)
{
	struct ts_result *r = G->r;
	size_t i, nby = G->opt->nby ? G->opt->nby : 1;

	free(r->groups);
	r->groups = calloc(r->ngroups ? r->ngroups : 1, sizeof *r->groups);
	if (r->groups == NULL)
		return -1;
	free(r->keys);
	r->keys = G->gkeys;
	/* Growing doubled the room: give back what no group uses. */
	if (r->ngroups > 0 && G->gkeys_cap > r->ngroups * nby) {
		struct ts_key *k = realloc(r->keys, r->ngroups * nby * sizeof *k);
		if (k != NULL)
			r->keys = k;
	}
	for (i = 0; i < r->ngroups; i++)
		r->groups[i].key = &r->keys[i * nby];
	G->gkeys = NULL;
	G->gkeys_cap = 0;
	return 0;
}

/* Sum k of a group, as struct acc numbers them: the counts, then the
 * pairs of each rate. */
static int64_t *
group_sum(struct ts_group *g, size_t k)
{
	return k < TS_NCOUNTS ? &g->sum[k] :
	    &g->pair[(k - TS_NCOUNTS) / 2][(k - TS_NCOUNTS) % 2];
}

/* acc_add() into a group made by make_groups() (its sums start at 0;
 * given[gi] keeps the bits of struct acc). */
static int
group_add(struct ts_group *g, uint16_t *given, const struct tmpl *t,
    const uint64_t *sum, uint64_t n)
{
	size_t k, q;
	int64_t x, *v;

	for (k = 0; k < NSUMS; k++) {
		if (t->src[k] < 0)
			continue;
		x = (int64_t)sum[t->src[k]];
		v = group_sum(g, k);
		if (x > 0 && *v > INT64_MAX - x)
			return -1;
		*v = (int64_t)((uint64_t)*v + (uint64_t)x);
	}
	*given |= (uint16_t)t->given;
	for (q = 0; q < TS_NRATES; q++)
		if (t->unpaired >> q & 1)
			g->unpaired[q] += n;
	if (t->records)
		g->records += n;
	return 0;
}

/* The sums no visit gave become missing, as acc_to_group() has them. */
static void
group_finish(struct ts_group *g, unsigned given)
{
	size_t k;

	for (k = 0; k < NSUMS; k++)
		if (!(given >> k & 1))
			*group_sum(g, k) = TS_MISSING;
}

/* The cell of a visit (key: class, then the key codes) of record k of the
 * chunk, made (and its group) when new; NO_INDEX when out of memory. */
static uint32_t
cell_of(struct grouping *G, const uint32_t *key, size_t k, int pass)
{
	int added;
	uint32_t ci = tuples_get(&G->cells_ix, key, &added), gi;

	if (ci == NO_INDEX || !added)
		return ci;
	if (ts_grow(&G->cells, &G->cells_cap, (size_t)ci + 1, sizeof *G->cells) != 0)
		return NO_INDEX;
	gi = tuples_get(&G->groups_ix, key + 1, &added);
	if (gi == NO_INDEX || (added && new_group(G, gi, k, pass) != 0))
		return NO_INDEX;
	memset(&G->cells[ci], 0, sizeof G->cells[ci]);
	G->cells[ci].group = gi;
	G->cells[ci].cls = key[0];
	return ci;
}

#define DIRECT_KEYS (1u << 16)
#define DIRECT_BLOCKS 64

/* Sets up the direct map when the key codes are few. */
static int
direct_setup(struct grouping *G)
{
	size_t b, nstr = ts_store_nstrings(G->st), nkeys = 1;

	for (b = 0; b < G->opt->nby; b++) {
		if (G->pcode[b] == NULL)
			G->radix[b] = nstr ? nstr : 1;
		if (G->radix[b] > DIRECT_KEYS || nkeys * G->radix[b] > DIRECT_KEYS)
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

static void
direct_clear(struct grouping *G)
{
	size_t i;

	for (i = 0; i < G->nblocks; i++)
		free(G->blocks[i]);
	G->nblocks = 0;
	if (G->clsblock)
		memset(G->clsblock, 0, NCLASSES * sizeof *G->clsblock);
}

/* The cell of a visit through the direct map (idx: its key index). */
static uint32_t
direct_cell(struct grouping *G, const uint32_t *key, size_t idx, size_t k, int pass)
{
	unsigned cls = key[0];
	uint32_t *blk;

	if (G->clsblock[cls] == 0) {
		if (G->nblocks == DIRECT_BLOCKS)
			return cell_of(G, key, k, pass);
		if ((blk = malloc(G->nkeys * sizeof *blk)) == NULL)
			return NO_INDEX;
		memset(blk, 0xff, G->nkeys * sizeof *blk);
		G->blocks[G->nblocks++] = blk;
		G->clsblock[cls] = (uint16_t)G->nblocks;
	}
	blk = G->blocks[G->clsblock[cls] - 1];
	if (blk[idx] == NO_INDEX)
		blk[idx] = cell_of(G, key, k, pass);
	return blk[idx];
}

/* Keeps the time of a case for the cumulative incidence (ts_cuminc.h):
 * an open case's opening day, a closed one's days to its outcome.
 * Returns 0 or -1 (out of memory). */
static int
cohort_time(struct ts_cohort_tally *t, enum ts_outcome o, int64_t lo, int32_t closed)
{
	struct ts_case_time *ct;
	int open = o == TS_OUTCOME_OPEN || o == TS_OUTCOME_CHARGED;

	if (lo == NOT_A_DAY || (!open && (closed == TS_NO_DAY || closed < lo))) {
		t->untimed++;
		return 0;
	}
	if (ts_grow(&t->times, &t->times_cap, t->ntimes + 1, sizeof *t->times) != 0)
		return -1;
	ct = &t->times[t->ntimes++];
	ct->opened = (int32_t)lo;
	ct->days = open ? 0 : (int32_t)(closed - lo);
	ct->status = open ? TS_CASE_CENSORED : o == TS_OUTCOME_CONVICTED ?
	    TS_CASE_CONVICTION : TS_CASE_COMPETING;
	return 0;
}

/* Counts case k of the chunk in the cohort tally of group gi. */
static int
tally(struct grouping *G, uint32_t gi, size_t k)
{
	struct ts_cohort_tally *t = &G->tallies[gi];
	const struct chunk *ck = G->ck;
	enum ts_outcome o = (enum ts_outcome)ck->outcome[k];
	int64_t lo;
	int32_t closed;

	t->cases++;
	t->open += o == TS_OUTCOME_OPEN || o == TS_OUTCOME_CHARGED;
	lo = G->pday[ck->pid[k]];
	closed = G->cday[ck->cid[k]];
	if (cohort_time(t, o, lo, closed) != 0)
		return -1;
	if (o != TS_OUTCOME_CONVICTED)
		return 0;
	t->convicted++;
	/* Days from opening to conviction: known when the opening is a day
	 * and the closed day comes after it. */
	if (lo == NOT_A_DAY || closed == TS_NO_DAY || closed < lo)
		return 0;
	if (ts_grow(&t->days, &t->cap, t->ndays + 1, sizeof *t->days) != 0)
		return -1;
	t->days[t->ndays++] = (double)closed - (double)lo;
	return 0;
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
	uint64_t ovf = 0, one[TS_NCOUNTS];
	unsigned f, cls, use;
	int moved;
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
		ci = G->nkeys ? direct_cell(G, key, idx, k, pass) : cell_of(G, key, k, pass);
		if (ci == NO_INDEX)
			return -1;
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
			for (i = 0; i < G->nkept; i++) {
				c = G->kept[i];
				cl->sum[c] += use >> c & 1 ? (uint64_t)ck->v[c][k] : 0;
				ovf |= cl->sum[c];
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
static int
visit_range(struct grouping *G, size_t lo, size_t hi, int pass)
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

/* Adds the cells up into the sums of their groups and of the total.
 * Returns 0, or 1 when a sum passes INT64_MAX. */
static int
sum_cells(struct grouping *G)
{
	size_t ci, c, which, ng = G->r->ngroups, ncells = G->cells_ix.n;
	uint64_t sum[TS_NCOUNTS];
	const struct cell *cl;
	uint16_t *given;
	int rc = 0;

	/* The indexes are done with: room for the groups. */
	tuples_free(&G->cells_ix);
	tuples_free(&G->groups_ix);
	direct_clear(G);
	if (make_groups(G) != 0)
		return -1;
	if ((given = calloc(ng ? ng : 1, sizeof *given)) == NULL)
		return -1;
	for (ci = 0; ci < ncells && rc == 0; ci++) {
		cl = &G->cells[ci];
		memcpy(sum, cl->sum, sizeof sum);
		/* A count that follows from the case code is the same for
		 * every visit of the cell (0 or 1). */
		for (c = 0; c < TS_NCOUNTS; c++) {
			int64_t x = G->value4[c][cl->cls >> CLS_CODE_SHIFT & 0xF];
			if (!(G->derived >> c & 1))
				continue;
			if (x < 0 || (x > 1 && cl->visits > (uint64_t)INT64_MAX / (uint64_t)x))
				rc = 1;
			sum[c] = cl->visits * (uint64_t)x;
		}
		if (rc == 0 && (acc_add(&G->total, tmpl_get(G, cl->cls, 1), sum,
		    cl->visits, &which) != 0 || (G->opt->nby &&
		    group_add(&G->r->groups[cl->group], &given[cl->group],
		    tmpl_get(G, cl->cls, 0), sum, cl->visits) != 0)))
			rc = 1;
	}
	for (ci = 0; ci < ng && rc == 0; ci++)
		group_finish(&G->r->groups[ci], given[ci]);
	free(given);
	return rc;
}

/* --- Grouping on two threads -------------------------------------------
 * A second grouping visits the second half of the records with tables of
 * its own, while the first visits the first half; then its cells are
 * folded into the first's in the order it made them.  A serial pass makes
 * the first half's cells and groups, then the second half's new ones in
 * the order they first appear: the same cells, groups and order.  A
 * cohort's days follow in record order too.  Used on the cohort basis and
 * outside exact mode only (a second pass, or the record-by-record adding,
 * keeps to one thread). */
#define SPLIT_MIN ((size_t)1 << 17)

static void free_tallies(struct ts_cohort_tally *t, size_t n);

struct half {
	struct grouping G;
	struct ts_result r;
	size_t lo, hi;
	int rc;
};

static void *
run_half(void *arg)
{
	struct half *h = arg;

	h->rc = visit_range(&h->G, h->lo, h->hi, 0);
	return NULL;
}

/* A grouping for the second half: the first's read-only tables, its own
 * working state. */
static int
half_init(struct half *h, const struct grouping *G, size_t lo, size_t hi)
{
	memset(h, 0, sizeof *h);
	h->G = *G;
	h->G.r = &h->r;
	h->lo = lo;
	h->hi = hi;
	memset(&h->G.cells_ix, 0, sizeof h->G.cells_ix);
	memset(&h->G.groups_ix, 0, sizeof h->G.groups_ix);
	h->G.cells = NULL;
	h->G.cells_cap = 0;
	h->G.accs = NULL;
	h->G.accs_cap = 0;
	h->G.gkeys = NULL;
	h->G.gkeys_cap = 0;
	h->G.tallies = NULL;
	h->G.tallies_cap = h->G.ntallies = 0;
	h->G.nblocks = 0;
	h->G.ck = malloc(sizeof *h->G.ck);
	h->G.tmpl = malloc(2 * NCLASSES * sizeof *h->G.tmpl);
	h->G.tmpl_ready = calloc(NCLASSES, 1);
	h->G.clsblock = G->nkeys ? calloc(NCLASSES, sizeof *h->G.clsblock) : NULL;
	h->G.blocks = G->nkeys ? calloc(DIRECT_BLOCKS, sizeof *h->G.blocks) : NULL;
	if (h->G.ck == NULL || h->G.tmpl == NULL || h->G.tmpl_ready == NULL ||
	    (G->nkeys && (h->G.clsblock == NULL || h->G.blocks == NULL)) ||
	    tuples_init(&h->G.cells_ix, G->opt->nby + 1) != 0 ||
	    tuples_init(&h->G.groups_ix, G->opt->nby) != 0)
		return -1;
	return 0;
}

/* Frees what half_init() and the visits made (not the shared tables). */
static void
half_free(struct half *h)
{
	struct grouping *G = &h->G;

	tuples_free(&G->cells_ix);
	tuples_free(&G->groups_ix);
	direct_clear(G);
	free(G->blocks);
	free(G->clsblock);
	free_tallies(G->tallies, G->ntallies);
	free(G->cells);
	free(G->accs);
	free(G->gkeys);
	free(G->tmpl);
	free(G->tmpl_ready);
	free(G->ck);
	free(h->r.groups);
	free(h->r.keys);
}

/* Folds the second half's cells, groups and tallies into G.  Returns 0,
 * 1 when a cell's sum passes INT64_MAX, -1 when out of memory. */
static int
fold_half(struct grouping *G, struct half *h)
{
	const struct grouping *H = &h->G;
	uint32_t *gmap = NULL, ci, gi;
	size_t i, c, w = G->opt->nby + 1, nby = G->opt->nby ? G->opt->nby : 1;
	const uint32_t *key;
	struct ts_key *g;
	struct cell *cl;
	const struct cell *hc;
	int added, rc = -1;
	uint64_t ovf = 0;

	if (h->r.ngroups && (gmap = malloc(h->r.ngroups * sizeof *gmap)) == NULL)
		return -1;
	for (i = 0; i < H->cells_ix.n; i++) {
		hc = &H->cells[i];
		key = H->cells_ix.keys + i * w;
		ci = tuples_get(&G->cells_ix, key, &added);
		if (ci == NO_INDEX)
			goto out;
		if (added) {
			if (ts_grow(&G->cells, &G->cells_cap, (size_t)ci + 1, sizeof *G->cells) != 0)
				goto out;
			gi = tuples_get(&G->groups_ix, key + 1, &added);
			if (gi == NO_INDEX)
				goto out;
			if (added) {
				if ((g = group_slot(G, gi)) == NULL)
					goto out;
				memcpy(g, &H->gkeys[(size_t)hc->group * nby], nby * sizeof *g);
			}
			memset(&G->cells[ci], 0, sizeof G->cells[ci]);
			G->cells[ci].group = gi;
			G->cells[ci].cls = key[0];
		}
		cl = &G->cells[ci];
		gmap[hc->group] = cl->group;
		for (c = 0; c < TS_NCOUNTS; c++) {
			cl->sum[c] += hc->sum[c];
			ovf |= cl->sum[c];
		}
		cl->visits += hc->visits;
	}
	for (i = 0; G->cohort && i < H->ntallies; i++) {
		struct ts_cohort_tally *t = &G->tallies[gmap[i]];
		const struct ts_cohort_tally *u = &H->tallies[i];

		t->cases += u->cases;
		t->open += u->open;
		t->convicted += u->convicted;
		t->untimed += u->untimed;
		if (u->ntimes && ts_grow(&t->times, &t->times_cap, t->ntimes + u->ntimes,
		    sizeof *t->times) != 0)
			goto out;
		if (u->ntimes)
			memcpy(t->times + t->ntimes, u->times, u->ntimes * sizeof *t->times);
		t->ntimes += u->ntimes;
		if (u->ndays == 0)
			continue;
		if (ts_grow(&t->days, &t->cap, t->ndays + u->ndays, sizeof *t->days) != 0)
			goto out;
		memcpy(t->days + t->ndays, u->days, u->ndays * sizeof *t->days);
		t->ndays += u->ndays;
	}
	G->r->outside_period += h->r.outside_period;
	rc = ovf >> 63 ? 1 : 0;
out:
	free(gmap);
	return rc;
}

/* The first pass on two threads when it pays: 0 when done, 1 when not
 * (the caller visits on one thread), -1 when out of memory. */
static int
visit_halves(struct grouping *G, size_t n)
{
	struct half *h;
	pthread_t tid;
	int rc;

	if (G->opt->threads < 2 || G->moves || G->exact || n < 2 * SPLIT_MIN)
		return 1;
	if ((h = malloc(sizeof *h)) == NULL)
		return -1;
	if (half_init(h, G, n / 2, n) != 0 || pthread_create(&tid, NULL, run_half, h) != 0) {
		half_free(h);
		free(h);
		return 1;
	}
	rc = visit_range(G, 0, n / 2, 0);
	pthread_join(tid, NULL);
	if (rc == 0 && h->rc == 0)
		rc = fold_half(G, h);
	else if (rc == 0)
		rc = h->rc;
	half_free(h);
	free(h);
	return rc == 0 ? 0 : rc < 0 && rc != -2 ? -1 : 2;
}

/* Visits every record, and on the period basis every moved conviction
 * again, then (not in exact mode) adds the cells up.  Returns as
 * visit_chunk(); 1 also when a count is negative. */
static int
gather(struct grouping *G)
{
	size_t n = ts_store_count(G->st);
	int pass, rc;

	switch (visit_halves(G, n)) {
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
		if ((rc = visit_range(G, 0, n, pass)) != 0)
			return rc;
	return G->exact ? 0 : sum_cells(G);
}

static void
free_tallies(struct ts_cohort_tally *t, size_t n)
{
	size_t i;

	for (i = 0; t && i < n; i++) {
		if (t[i].cap)           /* else a slice of another's days */
			free(t[i].days);
		free(t[i].times);
	}
	free(t);
}

/* Forgets what gather() found, to start again. */
static void
reset(struct grouping *G)
{
	struct ts_result *r = G->r;

	tuples_free(&G->cells_ix);
	tuples_free(&G->groups_ix);
	direct_clear(G);
	free_tallies(G->tallies, G->ntallies);
	G->tallies = NULL;
	G->tallies_cap = G->ntallies = 0;
	r->ngroups = 0;
	r->outside_period = 0;
	memset(&G->total, 0, sizeof G->total);
}

static void
grouping_free(struct grouping *G)
{
	size_t b;

	tuples_free(&G->cells_ix);
	tuples_free(&G->groups_ix);
	direct_clear(G);
	free(G->blocks);
	free(G->clsblock);
	free_tallies(G->tallies, G->ntallies);
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
	free(G->cells);
	free(G->accs);
	free(G->gkeys);
	free(G->tmpl);
	free(G->tmpl_ready);
	free(G->ck);
}

/* What the sort compares: the text of the first key part when it is a
 * dimension (read once a group, not once a comparison), then the group. */
struct sort_entry {
	const char *first;
	uint32_t group;
};

/* qsort has no context argument: the comparison reads these. */
static const struct ts_group *sort_groups;

static int
order_cmp(const void *pa, const void *pb)
{
	const struct sort_entry *a = pa, *b = pb;
	int c;

	if (a->first && a->first != b->first && (c = strcmp(a->first, b->first)) != 0)
		return c;
	return group_cmp(&sort_groups[a->group], &sort_groups[b->group]);
}

/* The memory only gather() needs, freed before the groups are sorted. */
static void
gather_free(struct grouping *G)
{
	tuples_free(&G->cells_ix);
	tuples_free(&G->groups_ix);
	direct_clear(G);
	free(G->cells);
	free(G->accs);
	G->cells = NULL;
	G->accs = NULL;
	G->cells_cap = G->accs_cap = 0;
}

/* Puts the n elements of size `size` at base in the order order[] gives
 * (order[i]: the element that goes to place i) without a second array,
 * following each cycle of the permutation through tmp (room for one);
 * order[] is used up. */
static void
permute(void *base, size_t size, uint32_t *order, size_t n, void *tmp)
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
			memcpy(g + j * size, g + k * size, size);
		}
		memcpy(g + j * size, tmp, size);
	}
}

/* Puts the groups (and their tallies) in key order and adds up the
 * total's tally (the last one).  Returns 0 or -1. */
static int
arrange(struct grouping *G)
{
	struct ts_result *r = G->r;
	size_t ng = r->ngroups, nout = G->opt->nby ? ng : 0, i, nd = 0;
	uint32_t *order = alloc_n(ng, sizeof *order), *torder = NULL;
	struct sort_entry *e = NULL;
	struct ts_cohort_tally *t = NULL, *all;
	int by_text = G->opt->nby > 0 && G->opt->by[0].kind == TS_BY_DIM;

	if (order == NULL)
		goto fail;
	for (i = 0; i < ng; i++)
		order[i] = (uint32_t)i;
	sort_groups = r->groups;
	if (nout > 1) {
		if ((e = alloc_n(ng, sizeof *e)) == NULL)
			goto fail;
		for (i = 0; i < ng; i++) {
			e[i].group = (uint32_t)i;
			e[i].first = by_text ? ts_store_string(G->st, r->groups[i].key[0].id) : NULL;
		}
		qsort(e, ng, sizeof *e, order_cmp);
		for (i = 0; i < ng; i++)
			order[i] = e[i].group;
		free(e);
	}
	if (G->cohort) {
		/* The tallies are put in order in place too, and the total's
		 * goes after them (with no --by, the one group's is it). */
		size_t cap = G->tallies_cap;
		struct ts_cohort_tally tmp;

		if (ts_grow(&G->tallies, &cap, nout + 1, sizeof *G->tallies) != 0 ||
		    (nout > 1 && (torder = malloc(nout * sizeof *torder)) == NULL))
			goto fail;
		t = G->tallies;
		G->tallies = NULL;
		G->tallies_cap = G->ntallies = 0;
		all = &t[nout];
		if (nout > 0 || ng == 0)
			memset(all, 0, sizeof *all);
		if (torder) {
			memcpy(torder, order, nout * sizeof *torder);
			permute(t, sizeof *t, torder, nout, &tmp);
			free(torder);
		}
		for (i = 0; i < nout; i++) {
			all->untimed += t[i].untimed;
			all->cases += t[i].cases;
			all->open += t[i].open;
			all->convicted += t[i].convicted;
			nd += t[i].ndays;
		}
		/* The total's days are every group's. */
		if (nout > 0 && (all->days = alloc_n(nd, sizeof *all->days)) == NULL) {
			free_tallies(t, nout + 1);
			goto fail;
		}
		if (nout > 0)
			all->cap = nd ? nd : 1;
		/* Each group's days become a slice of them, so that the days
		 * are held once. */
		for (i = 0; i < nout; i++) {
			if (t[i].ndays)
				memcpy(all->days + all->ndays, t[i].days, t[i].ndays * sizeof *t[i].days);
			free(t[i].days);
			t[i].days = all->days + all->ndays;
			t[i].cap = 0;
			all->ndays += t[i].ndays;
		}
	}
	{
		struct ts_group tmpg;

		permute(r->groups, sizeof *r->groups, order, ng, &tmpg);
	}
	free(order);
	r->ngroups = nout;
	r->tallies = t;
	return 0;
fail:
	free(order);
	return -1;
}

static int
has_case_input(const struct ts_store *st)
{
	size_t i;

	for (i = 0; i < ts_store_ninputs(st); i++)
		if (ts_store_input_info_c(st, i)->shape == TS_SHAPE_CASES)
			return 1;
	return 0;
}

/* Groups the store into a new *out and computes its rates, with every
 * censored count at its low end (the count as stored) or, high set, at
 * its high end. */
static int
build_sums(const struct ts_store *st, const struct ts_report_options *opt,
    struct ts_diags *diags, int high, struct ts_result **out, struct ts_error *err)
{
	struct ts_result *r;
	struct grouping G;
	size_t i, b;
	int rc;

	*out = NULL;
	r = calloc(1, sizeof *r);
	if (r == NULL)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
	r->opt = *opt;
	r->diags = diags;
	r->st = st;
	r->total.key = r->total_key;
	memset(&G, 0, sizeof G);
	G.st = st;
	G.opt = opt;
	G.r = r;
	G.high = high;
	/* Records are visited twice on the period basis: the second visit adds
	 * each dated conviction to the period of its closed date. */
	G.moves = opt->basis == TS_BASIS_PERIOD && (ts_basis_any_period(opt) || opt->has_period);
	G.cohort = opt->basis == TS_BASIS_COHORT && has_case_input(st);
	G.need_case = G.moves || G.cohort;
	G.need_pid = G.cohort || opt->has_period;
	for (b = 0; b < opt->nby; b++)
		G.need_pid |= opt->by[b].kind == TS_BY_PERIOD;
	setup_counts(&G);
	G.ck = malloc(sizeof *G.ck);
	G.tmpl = malloc(2 * NCLASSES * sizeof *G.tmpl);
	G.tmpl_ready = calloc(NCLASSES, 1);
	if (G.ck == NULL || G.tmpl == NULL || G.tmpl_ready == NULL ||
	    setup_tables(&G) != 0 || direct_setup(&G) != 0)
		goto oom;
	for (;;) {
		if (tuples_init(&G.cells_ix, opt->nby + 1) != 0 ||
		    tuples_init(&G.groups_ix, opt->nby) != 0)
			goto oom;
		rc = gather(&G);
		if (rc != 1 || G.exact)
			break;
		reset(&G);
		G.exact = 1;
	}
	if (rc == -1)
		goto oom;
	if (rc == -2) {
		const struct ts_input_info *in = ts_store_input_info_c(st,
		    ts_store_input(st, G.err_rec));
		ts_error_set(err, TS_EDATA, in ? in->path : NULL, ts_store_line(st, G.err_rec), 0,
		    "the sum of '%s' passes %lld here: counts this large cannot be right",
		    ts_count_name((enum ts_count)G.err_which), (long long)INT64_MAX);
		grouping_free(&G);
		ts_result_free(r);
		return err->code;
	}
	if (G.exact) {
		if (make_groups(&G) != 0)
			goto oom;
		for (i = 0; i < r->ngroups; i++)
			acc_to_group(&G.accs[i], &r->groups[i]);
	}
	acc_to_group(&G.total, &r->total);
	gather_free(&G);
	sort_store = st;
	sort_opt = opt;
	if (arrange(&G) != 0)
		goto oom;
	grouping_free(&G);
	for (i = 0; i < r->ngroups; i++)
		compute_rates(&r->groups[i], opt);
	compute_rates(&r->total, opt);
	*out = r;
	return TS_OK;
oom:
	grouping_free(&G);
	ts_result_free(r);
	return ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
}

int
ts_report_build(const struct ts_store *st, const struct ts_report_options *opt,
    struct ts_diags *diags, struct ts_result **out, struct ts_error *err)
{
	struct ts_result *r;
	int rc;

	*out = NULL;
	if ((rc = build_sums(st, opt, diags, 0, &r, err)) != TS_OK)
		return rc;
	if (warn_unpaired(r) != 0)
		goto oom_r;
	if (ts_store_ncensored(st) > 0) {
		struct ts_result *hi;
		if ((rc = build_sums(st, opt, diags, 1, &hi, err)) != TS_OK) {
			ts_result_free(r);
			return ts_report_high_error(err, rc);
		}
		rc = ts_result_ranges(r, hi);
		ts_result_free(hi);
		if (rc != 0)
			goto oom_r;
	}
	if (opt->suppress > 0)
		ts_result_suppress(r);
	rc = ts_compare_build(r, &r->comparisons, err);
	free_tallies(r->tallies, r->ngroups + 1);
	r->tallies = NULL;
	if (rc == 0)
		rc = ts_result_select(r, err);      /* select.c: --sort, --top */
	if (rc != 0) {
		ts_result_free(r);
		return err->code;
	}
	*out = r;
	return TS_OK;
oom_r:
	ts_result_free(r);
	return ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
}

void
ts_result_free(struct ts_result *r)
{
	if (r == NULL)
		return;
	ts_compare_free(r->comparisons);
	free_tallies(r->tallies, r->ngroups + 1);
	free(r->ranges);
	free(r->groups);
	free(r->keys);
	free(r->rows);
	free(r);
}
