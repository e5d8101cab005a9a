/* store_impl.h — what the files of src/store/ share: the store's layout,
 * the narrow column codec, and the functions one file gives another.
 * Private to src/store/; everything else uses ts_store.h. */
#ifndef TS_STORE_IMPL_H
#define TS_STORE_IMPL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ts_error.h"
#include "ts_fields.h"
#include "ts_hashtab.h"
#include "ts_store.h"

/* A narrow column: w bytes an entry (1, 2, 4 or 8).  Counts keep the
 * largest value of each width for TS_MISSING; ids have no missing value.
 * w = 0: nothing is stored (yet): an id column reads 0 everywhere, and a
 * count column reads what the record's outcome gives (ts_store_case_count()); the
 * first value that differs gives the column its bytes. */
struct column {
	void *v;
	unsigned char w;
};

/* A direct map from days to ids beside a hash table of them: a case
 * list's dates fall on a few thousand days of a few years, and one load
 * from a dense array of those days stays in the cache, where a probe of
 * the table and of the entry it points to misses it when the records'
 * columns and the case-id table stream through.  Only a cache of what the
 * table says: a day it does not cover (more than DAYMAP_SPAN days apart
 * from the others, or when memory for it could not be had) is looked up
 * in the table as before. */
#define DAYMAP_SPAN 65536u

struct daymap {
	uint32_t *v;            /* value of day base + k; 0: not known */
	int32_t base;
	uint32_t span;
};

static inline uint32_t
daymap_get(const struct daymap *dm, int32_t d)
{
	uint32_t k = (uint32_t)d - (uint32_t)dm->base;

	return k < dm->span ? dm->v[k] : 0;
}

/* column.c: remembers value v (nonzero) for day d, growing the map to
 * cover d if it stays within DAYMAP_SPAN days; nothing when it cannot. */
TS_COLD void ts_store_daymap_put(struct daymap *dm, int32_t d, uint32_t v);

struct ts_store {
	/* Intern table: open addressing over ids; strings in one arena of
	 * NUL-terminated strings, addressed by offset so the arena can grow. */
	char *arena;
	size_t arena_len, arena_cap;
	/* id -> offset in arena; a string's length is where the next one
	 * starts, less its NUL (8 bytes an id: 10M case ids are 80 MB). */
	uint64_t *strs;
	size_t nstr, str_cap;
	/* Hash index: each slot holds the low 32 bits of the string's hash
	 * (the tag) above its id, so that a probe skips most other strings
	 * without reading them: with a million case ids the strings are
	 * far from the cache.  EMPTY_SLOT = empty. */
	uint64_t *slots;
	size_t nslots;

	/* Period table: the distinct periods, and their hash index. */
	struct ts_period *periods;
	size_t nperiods, periods_cap;
	struct ts_hashtab ptab; /* the periods (nslots 0: none yet) */
	struct daymap pdays;    /* single days: id + 1 */

	/* Records. */
	size_t n, cap;
	struct column period;           /* period id */
	struct column counts[TS_NCOUNTS];
	struct column source, input;
	/* Lines as line - record index (mod 2^32): in one clean input that
	 * is the same for every record, line_k, and the column holds nothing
	 * (w = 0) until a record differs. */
	struct column line;
	uint32_t line_k;

	/* Dimensions: one id column each. */
	char **dim_names;
	struct column *dims;
	size_t ndims, dims_cap;
	/* The header as written that first gave each dimension
	 * (ts_store_set_dim_header); grown on first use. */
	struct dim_header {
		char *text;
		int differs;
	} *dim_headers;
	size_t ndim_headers;

	struct ts_input_info *inputs;
	size_t ninputs, inputs_cap;

	/* Record flags (see "Record flags" below); grown on first use. */
	uint16_t *flags;
	size_t flags_len, flags_cap;

	struct case_cols *cases;   /* case lists: see the section at the end */
	struct censored_cells *censored; /* ranges of censored counts (censored.c) */
};

/* --- Case lists ---------------------------------------------------------
 * What a case-list row adds to its record: the outcome, the case id and
 * the closed date.  Kept apart from the record columns, sized lazily: a
 * record past the end (or from a counts table) has none.
 *
 * A case id is kept as its key, not as a string: interning ten million
 * distinct ids cost about 400 MB, and so would keeping their bytes for a
 * compare (docs/security.md, "Case ids").  The key is a 64-bit
 * fingerprint and an independent 32-bit check of the id's bytes, both
 * keyed with a random seed drawn once a run, so that ids cannot be made
 * to collide by someone who does not know the seed (an unkeyed hash can
 * be inverted); two ids are the same case only when both agree, and,
 * when both texts are kept (for the callers that ask: convert writes them
 * out), when the texts are equal byte for byte.  Two different
 * ids pass for one with odds of about n^2 / 2^97 for n ids (7e-16 for ten
 * million).  Duplicates across every input are found in a table of
 * record indices by fingerprint, in buckets of one cache line: twelve
 * slots, each with an 8-bit tag of the fingerprint, so that a probe
 * reads the key of another record only when the tags agree. */
#define BUCKET_SLOTS 12

struct fp_bucket {
	uint32_t rec[BUCKET_SLOTS];     /* record index + 1 */
	uint8_t tag[BUCKET_SLOTS];
	/* Slots 0..used-1 are taken: they fill in order, none is freed. */
	uint8_t used;
	uint8_t pad[64 - 5 * BUCKET_SLOTS - 1];
};

/* A table of first occurrences: entries hold base + record index + 1. */
struct fp_table {
	struct fp_bucket *buckets;
	size_t nbuckets, nfirst;
	size_t base;
};

struct case_cols {
	uint8_t *outcome;
	uint64_t *fp;           /* 0 = no case id */
	uint32_t *check;        /* the key's second part */
	/* The keys of the records from `seg` on, when a store appended
	 * after them (ts_store_append) kept its own arrays (index i - seg)
	 * rather than have them copied behind these: what the merge of a
	 * split input costs is mostly fresh pages for the copy.  fp2 NULL:
	 * none.  Read through key_fp() and key_check(); joined into fp and
	 * check (ts_store_keys_join()) before any key is written. */
	uint64_t *fp2;
	uint32_t *check2;
	size_t seg;
	/* Closed dates: a narrow column of day ids (0: none; k: days[k - 1]),
	 * as a case list closes on a few thousand distinct days. */
	struct column closed;
	int32_t *days;
	size_t ndays, days_cap;
	struct ts_hashtab dtab; /* the days (nslots 0: none yet) */
	struct daymap dmap;     /* the days' ids */
	/* The case ids' texts, for the callers that keep them: not interned
	 * (ten million distinct ids would fill the intern table for nothing,
	 * and the merge of a split input would hash each again), but one
	 * after another in an arena, each as its length (LEB128), its bytes
	 * and a NUL.  text_at holds a record's offset there + 1 (0: no text;
	 * w = 0 while no record has one); the bytes from text_len on are the
	 * text staged for the next record (ts_store_case_stage()), staged
	 * bytes long. */
	char *text;
	size_t text_len, text_cap, staged;
	struct column text_at;
	size_t n, cap;
	struct fp_table first;  /* the records checked so far */
	/* The records of a store appended after them (ts_store_append),
	 * side.base .. side_end - 1 (side_end 0: none), with side.nfirst
	 * first occurrences among them: folded into `first` only when the
	 * next case id is checked, so that a load ending with the append
	 * (one split file) never pays for it.  Their table is not kept
	 * (side.buckets NULL): until the fold, ts_store_case_overlap() says
	 * "may share". */
	struct fp_table side;
	size_t side_end;
	/* Records 0 .. checked - 1 have had their case id checked
	 * (ts_store_case_first(), in order): with no case id after them,
	 * `first` holds every case id of the store, as the walk of
	 * ts_store_case_overlap_walk() needs. */
	size_t checked;
};

/* In an outcome byte: the record's counts other than victims are those of
 * its outcome (ts_row.outcome), so the count columns need not hold them. */
#define CASE_COUNTS 0x80

/* Count c of a case whose outcome is o: a case is one investigation,
 * prosecuted and convicted or acquitted as its outcome says; victims
 * come from no outcome. */
static inline int64_t
outcome_count(enum ts_outcome o, enum ts_count c)
{
	switch (c) {
	case TS_INVESTIGATIONS: return 1;
	case TS_PROSECUTIONS: return ts_outcome_prosecuted(o);
	case TS_CONVICTIONS: return o == TS_OUTCOME_CONVICTED;
	case TS_ACQUITTALS: return o == TS_OUTCOME_ACQUITTED;
	default: return TS_MISSING;
	}
}

/* Count c of record i of a case list, from its outcome (cases.c). */
int64_t ts_store_case_count(const struct ts_store *st, enum ts_count c, size_t i);
int ts_store_case_counts_of(const struct ts_store *st, size_t i);
int ts_store_case_counts_set(struct ts_store *st, size_t i, uint8_t outcome);
size_t ts_store_case_rows(const struct ts_store *st);
int ts_store_case_put(struct ts_store *st, size_t i, uint8_t outcome,
    struct ts_case_key key, uint32_t case_id, int32_t closed);
/* cases.c: the text of record i of c, NULL when it has none; *len gets
 * its length. */
const char *ts_store_case_text_of(const struct case_cols *c, size_t i, size_t *len);
void ts_store_cases_free(struct case_cols *c);
/* censored.c: frees the side table; moves src's cells to dst's records
 * from `at` on (src's table is freed either way). */
struct censored_cells;
void ts_store_censored_free(struct censored_cells *cc);
int ts_store_censored_move(struct ts_store *dst, size_t at, struct ts_store *src);
uint32_t ts_store_day_id(struct case_cols *c, int32_t d);
int ts_store_fp_fold(struct case_cols *c);            /* casedup.c */
void ts_store_keys_join(struct case_cols *c);         /* append.c */
int ts_store_grow_records(struct ts_store *st, size_t ncap);      /* store.c */
/* intern.c: sid[i] = dst's id of src's string i, added when new, in src's order; 0 or -1 (out of memory). */
int ts_store_intern_store(struct ts_store *dst, const struct ts_store *src, uint32_t *sid);
TS_COLD int ts_store_line_put_slow(struct ts_store *st, size_t i, uint32_t line, size_t live);
TS_COLD uint32_t ts_store_period_add(struct ts_store *st, const struct ts_period *in);
TS_COLD uint32_t ts_store_period_day(struct ts_store *st, const struct ts_period *p);
/* The slow paths of the column codec (column.c). */
int ts_store_col_widen(struct column *c, unsigned w, size_t n, size_t cap, int count);
TS_COLD int ts_store_id_set_wide(struct column *c, size_t i, uint32_t x, size_t cap, size_t live);

/* Column helpers.  Entries i < n are live; the column has room for cap. */

static inline uint64_t
col_limit(unsigned w)
{
	return w == 8 ? UINT64_MAX : (1ULL << (8 * w)) - 1;
}

static inline uint64_t
col_raw(const struct column *c, size_t i)
{
	switch (c->w) {
	case 0: return 0;
	case 1: return ((const uint8_t *)c->v)[i];
	case 2: return ((const uint16_t *)c->v)[i];
	case 4: return ((const uint32_t *)c->v)[i];
	default: return ((const uint64_t *)c->v)[i];
	}
}

static inline void
col_put(struct column *c, size_t i, uint64_t x)
{
	switch (c->w) {
	case 1: ((uint8_t *)c->v)[i] = (uint8_t)x; break;
	case 2: ((uint16_t *)c->v)[i] = (uint16_t)x; break;
	case 4: ((uint32_t *)c->v)[i] = (uint32_t)x; break;
	default: ((uint64_t *)c->v)[i] = x; break;
	}
}

/* Stores id x at i, widening when it does not fit; entries below live
 * (at least i) are kept through a widening.  When x fits (or is 0 and
 * nothing is stored yet) that is a test or two, inlined. */
static inline int
id_set(struct column *c, size_t i, uint32_t x, size_t cap, size_t live)
{
	switch (c->w) {
	case 0:
		if (x == 0)
			return 0;
		break;
	case 1:
		if (x <= 0xFF) {
			((uint8_t *)c->v)[i] = (uint8_t)x;
			return 0;
		}
		break;
	case 2:
		if (x <= 0xFFFF) {
			((uint16_t *)c->v)[i] = (uint16_t)x;
			return 0;
		}
		break;
	default:
		((uint32_t *)c->v)[i] = x;
		return 0;
	}
	return ts_store_id_set_wide(c, i, x, cap, live);
}

static inline uint32_t
id_get(const struct column *c, size_t i)
{
	if (c->w == 1)
		return ((const uint8_t *)c->v)[i];
	if (c->w == 0)
		return 0;
	return (uint32_t)col_raw(c, i);
}

/* Stores count v (TS_MISSING allowed) at i, widening (as id_set) when it
 * does not fit:
 * the width's largest value stands for missing, and 8 bytes hold anything. */
static inline int
count_set(struct column *c, size_t i, int64_t v, size_t cap, size_t live)
{
	unsigned w = c->w;

	if (w == 1 && v >= 0 && v < 0xFF) {
		((uint8_t *)c->v)[i] = (uint8_t)v;
		return 0;
	}

	if (v == TS_MISSING) {
		col_put(c, i, w == 8 ? (uint64_t)TS_MISSING : col_limit(w));
		return 0;
	}
	if (v < 0)
		w = 8;
	while (w < 8 && (uint64_t)v >= col_limit(w))
		w *= 2;
	if (w != c->w && ts_store_col_widen(c, w, live > i ? live : i, cap, 1) != 0)
		return -1;
	col_put(c, i, (uint64_t)v);
	return 0;
}

/* count_set() when v (or missing) fits the column as it is: 1 when
 * stored, 0 when the caller must take count_set(). */
static inline int
count_put(struct column *c, size_t i, int64_t v)
{
	switch (c->w) {
	case 1:
		if (v == TS_MISSING || (uint64_t)v < 0xFF) {
			((uint8_t *)c->v)[i] = v == TS_MISSING ? 0xFF : (uint8_t)v;
			return 1;
		}
		return 0;
	case 2:
		if (v == TS_MISSING || (uint64_t)v < 0xFFFF) {
			((uint16_t *)c->v)[i] = v == TS_MISSING ? 0xFFFF : (uint16_t)v;
			return 1;
		}
		return 0;
	default:
		return 0;
	}
}

static inline int64_t
count_get(const struct column *c, size_t i)
{
	uint64_t x;

	if (c->w == 1) {
		x = ((const uint8_t *)c->v)[i];
		return x == 0xFF ? TS_MISSING : (int64_t)x;
	}
	x = col_raw(c, i);
	if (c->w == 8)
		return (int64_t)x;
	return x == col_limit(c->w) ? TS_MISSING : (int64_t)x;
}

static inline int
col_grow(struct column *c, size_t ncap)
{
	void *nv;

	if (c->w == 0)
		return 0;
	nv = realloc(c->v, ncap * c->w);

	if (nv == NULL)
		return -1;
	c->v = nv;
	return 0;
}

/* count_set() and count_get() for count c of the store, which may still
 * be read from the outcomes (w = 0). */
static inline int
cnt_set(struct ts_store *st, enum ts_count c, size_t i, int64_t v, size_t live)
{
	struct column *col = &st->counts[c];
	size_t k, n = live > i ? live : i;
	int64_t x;

	if (col->w == 0) {
		if (v == ts_store_case_count(st, c, i))
			return 0;
		if ((col->v = malloc(st->cap ? st->cap : 1)) == NULL)
			return -1;
		col->w = 1;
		for (k = 0; k < n; k++) {       /* 0, 1 or missing */
			x = ts_store_case_count(st, c, k);
			((uint8_t *)col->v)[k] = x == TS_MISSING ? 0xFF : (uint8_t)x;
		}
	}
	return count_set(col, i, v, st->cap, live);
}

static inline int64_t
cnt_get(const struct ts_store *st, enum ts_count c, size_t i)
{
	if (st->counts[c].w == 0)
		return ts_store_case_count(st, c, i);
	return count_get(&st->counts[c], i);
}

/* The length of string id (< nstr). */
static inline size_t
str_len(const struct ts_store *st, size_t id)
{
	return (size_t)((id + 1 < st->nstr ? st->strs[id + 1] : st->arena_len) -
	    st->strs[id] - 1);
}

/* ts_store_line_put_slow(), inlined for a record one line after the one before
 * (as in a file without quoted newlines or rejected rows). */
static inline int
line_put(struct ts_store *st, size_t i, uint32_t line, size_t live)
{
	if (st->line.w == 0 && live > 0 && line - (uint32_t)i == st->line_k)
		return 0;
	return ts_store_line_put_slow(st, i, line, live);
}

static inline uint64_t
period_hash(const struct ts_period *p)
{
	uint64_t h = (uint64_t)(uint32_t)p->lo * 0x9E3779B97F4A7C15ULL;

	h ^= ((uint64_t)(uint32_t)p->hi << 16) ^ ((uint64_t)p->precision << 8) ^
	    p->range_prec;
	h *= 0xC2B2AE3D27D4EB4FULL;
	return h ^ (h >> 29);
}

static inline int
period_equal(const struct ts_period *a, const struct ts_period *b)
{
	return a->lo == b->lo && a->hi == b->hi && a->precision == b->precision &&
	    a->range_prec == b->range_prec;
}

static inline int
period_same(const void *ctx, uint32_t id, const void *p)
{
	const struct ts_store *st = ctx;

	return period_equal(&st->periods[id], p);
}

/* The id of period p in the period table, adding it if new; TS_NO_ID when
 * out of memory.  Only the fields that mean something are compared.  A
 * period seen before (nearly every record's) is found inline. */
static inline uint32_t
period_id(struct ts_store *st, const struct ts_period *in)
{
	struct ts_period p = *in;
	size_t j;

	if (p.precision == TS_PREC_NONE)
		p.lo = p.hi = 0;
	/* A range and a fiscal year keep how they were written. */
	if (p.precision != TS_PREC_RANGE && p.precision != TS_PREC_FISCAL)
		p.range_prec = 0;
	if (p.precision == TS_PREC_DAY && p.lo == p.hi) {
		uint32_t v = daymap_get(&st->pdays, p.lo);

		return v ? v - 1 : ts_store_period_day(st, &p);
	}
	if (st->ptab.nslots) {
		j = ts_hashtab_find(&st->ptab, period_hash(&p), period_same, st, &p);
		if (st->ptab.slots[j] != 0)
			return ts_hashtab_entry(&st->ptab, j);
	}
	return ts_store_period_add(st, &p);
}

/* The fingerprint and the check of record i's case id (i < c->n). */
static inline uint64_t
key_fp(const struct case_cols *c, size_t i)
{
	return c->fp2 != NULL && i >= c->seg ? c->fp2[i - c->seg] : c->fp[i];
}

static inline uint32_t
key_check(const struct case_cols *c, size_t i)
{
	return c->fp2 != NULL && i >= c->seg ? c->check2[i - c->seg] : c->check[i];
}

static inline const uint64_t *
key_fp_at(const struct case_cols *c, size_t i)
{
	return c->fp2 != NULL && i >= c->seg ? &c->fp2[i - c->seg] : &c->fp[i];
}

/* The end of a new case row i, just after the last: its outcome byte
 * as stored, its key, and the row count. */
static inline void
case_row_end(struct case_cols *c, size_t i, uint8_t outcome, struct ts_case_key key)
{
	c->outcome[i] = outcome;
	c->fp[i] = key.fp;
	c->check[i] = key.check;
	c->n = i + 1;
}

/* ts_store_case_put() inlined for the usual case row: the record just
 * after the last, with room for it, no text to keep, and a closing day
 * met before (or none). */
static inline int
case_put(struct ts_store *st, size_t i, uint8_t outcome, struct ts_case_key key,
    uint32_t case_id, int32_t closed)
{
	struct case_cols *c = st->cases;
	uint32_t day = 0;

	if (c == NULL || i != c->n || i >= c->cap || (case_id | c->text_at.w) || c->fp2 ||
	    (closed != TS_NO_DAY && (day = daymap_get(&c->dmap, closed)) == 0))
		return ts_store_case_put(st, i, outcome, key, case_id, closed);
	if (id_set(&c->closed, i, day, c->cap, i) != 0)
		return -1;
	case_row_end(c, i, outcome, key);
	return 0;
}

#endif
