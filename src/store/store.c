/* store.c — columnar record arrays and the string intern table.
 *
 * The record columns are narrow: each holds 1, 2, 4 or 8 bytes an entry
 * and widens, converting what it holds, the first time a value does not
 * fit.  A case list (every count 0 or 1, a few dozen strings, a few
 * thousand dates) so costs about a dozen bytes a record.  Periods are
 * interned like strings: the records hold the id of their period.
 */
#define _DEFAULT_SOURCE         /* madvise() beside _POSIX_C_SOURCE */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ts_bytes.h"
#include "ts_error.h"
#include "ts_fields.h"
#include "ts_hashtab.h"
#include "ts_store.h"

/* A narrow column: w bytes an entry (1, 2, 4 or 8).  Counts keep the
 * largest value of each width for TS_MISSING; ids have no missing value.
 * w = 0: nothing is stored (yet): an id column reads 0 everywhere, and a
 * count column reads what the record's outcome gives (case_count()); the
 * first value that differs gives the column its bytes. */
struct column {
	void *v;
	unsigned char w;
};

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

	struct ts_input_info *inputs;
	size_t ninputs, inputs_cap;

	/* Record flags (see "Record flags" below); grown on first use. */
	uint16_t *flags;
	size_t flags_len, flags_cap;

	struct case_cols *cases;   /* case lists: see the section at the end */
};

static void free_cases(struct case_cols *c);
static size_t case_rows(const struct ts_store *st);

/* Count c of a case whose outcome is o: a case is one investigation,
 * prosecuted and convicted or acquitted as its outcome says; victims
 * come from no outcome. */
static int64_t
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

/* In an outcome byte: the record's counts other than victims are those of
 * its outcome (ts_row.outcome), so the count columns need not hold them. */
#define CASE_COUNTS 0x80
static int case_counts_of(const struct ts_store *st, size_t i);
static int set_case_counts(struct ts_store *st, size_t i, uint8_t outcome);

static const char *const count_names[TS_NCOUNTS] = {
	"investigations", "prosecutions", "convictions", "acquittals", "victims",
};

const char *
ts_count_name(enum ts_count c)
{
	return c < TS_NCOUNTS ? count_names[c] : "?";
}

/* A word at a time, the last word overlapping the one before (its length
 * is in the seed, so that costs nothing in spread): the strings interned
 * are short (names of states, agencies, outcomes), so the per-call cost
 * matters more than the quality on long keys.  *nul gets whether a byte
 * is NUL, found on the way.  The table is a power of two: mix the high
 * bits down. */
static uint64_t
hash_text(const char *s, size_t len, int *nul)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ len, w, zero = 0;
	const char *last;

	if (len >= 8) {
		for (last = s + len - 8; s < last; s += 8) {
			w = ts_bytes_word(s);
			zero |= ts_bytes_has_zero(w);
			h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
			h ^= h >> 32;
		}
		w = ts_bytes_word(last);
		zero |= ts_bytes_has_zero(w);
	} else if (len > 0) {
		w = ts_bytes_short(s, len);
		/* The bytes above the string are 0: not NULs of it. */
		zero = ts_bytes_has_zero(w | ~0ULL << (8 * len));
	} else {
		w = 0;
	}
	*nul = zero != 0;
	h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	return h ^ (h >> 32);
}

static uint64_t
hash_bytes(const char *s, size_t len)
{
	int nul;

	return hash_text(s, len, &nul);
}

/* Column helpers.  Entries i < n are live; the column has room for cap. */

static uint64_t
col_limit(unsigned w)
{
	return w == 8 ? UINT64_MAX : (1ULL << (8 * w)) - 1;
}

static uint64_t
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

static void
col_put(struct column *c, size_t i, uint64_t x)
{
	switch (c->w) {
	case 1: ((uint8_t *)c->v)[i] = (uint8_t)x; break;
	case 2: ((uint16_t *)c->v)[i] = (uint16_t)x; break;
	case 4: ((uint32_t *)c->v)[i] = (uint32_t)x; break;
	default: ((uint64_t *)c->v)[i] = x; break;
	}
}

/* Makes c w bytes wide, converting its n entries (a count's missing value
 * stays missing).  Returns 0 or -1 (c unchanged). */
static int
col_widen(struct column *c, unsigned w, size_t n, size_t cap, int count)
{
	struct column nc = { NULL, (unsigned char)w };
	size_t i;
	uint64_t x;

	if (cap > SIZE_MAX / 8)
		return -1;
	nc.v = malloc(cap ? cap * w : 1);
	if (nc.v == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		x = col_raw(c, i);
		if (count && x == col_limit(c->w))
			x = w == 8 ? (uint64_t)TS_MISSING : col_limit(w);
		col_put(&nc, i, x);
	}
	free(c->v);
	*c = nc;
	return 0;
}

/* id_set() past its common cases: a first value, a wider entry, a
 * widening. */
static TS_COLD int
id_set_wide(struct column *c, size_t i, uint32_t x, size_t cap, size_t live)
{
	unsigned w = c->w;

	if (w == 0) {                   /* all 0 so far */
		if (x == 0)
			return 0;
		if ((c->v = calloc(cap ? cap : 1, 1)) == NULL)
			return -1;
		c->w = w = 1;
	}

	while (w < 4 && x > col_limit(w))
		w *= 2;
	if (w != c->w && col_widen(c, w, live > i ? live : i, cap, 0) != 0)
		return -1;
	col_put(c, i, x);
	return 0;
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
	return id_set_wide(c, i, x, cap, live);
}

static uint32_t
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
static int
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
	if (w != c->w && col_widen(c, w, live > i ? live : i, cap, 1) != 0)
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

static int64_t
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

static int
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

static int64_t case_count(const struct ts_store *st, enum ts_count c, size_t i);

/* count_set() and count_get() for count c of the store, which may still
 * be read from the outcomes (w = 0). */
static int
cnt_set(struct ts_store *st, enum ts_count c, size_t i, int64_t v, size_t live)
{
	struct column *col = &st->counts[c];
	size_t k, n = live > i ? live : i;
	int64_t x;

	if (col->w == 0) {
		if (v == case_count(st, c, i))
			return 0;
		if ((col->v = malloc(st->cap ? st->cap : 1)) == NULL)
			return -1;
		col->w = 1;
		for (k = 0; k < n; k++) {       /* 0, 1 or missing */
			x = case_count(st, c, k);
			((uint8_t *)col->v)[k] = x == TS_MISSING ? 0xFF : (uint8_t)x;
		}
	}
	return count_set(col, i, v, st->cap, live);
}

static int64_t
cnt_get(const struct ts_store *st, enum ts_count c, size_t i)
{
	if (st->counts[c].w == 0)
		return case_count(st, c, i);
	return count_get(&st->counts[c], i);
}

struct ts_store *
ts_store_new(void)
{
	struct ts_store *st = calloc(1, sizeof *st);
	size_t i;

	if (st == NULL)
		return NULL;
	st->period.w = 1;
	st->source.w = st->input.w = 0;         /* 0 until one differs */
	for (i = 0; i < TS_NCOUNTS; i++)        /* from the outcome until one differs */
		st->counts[i].w = i == TS_VICTIMS ? 1 : 0;
	if (ts_store_intern(st, "", 0) != 0) {
		ts_store_free(st);
		return NULL;
	}
	return st;
}

void
ts_store_free(struct ts_store *st)
{
	size_t i;

	if (st == NULL)
		return;
	free(st->arena);
	free(st->strs);
	free(st->slots);
	free(st->periods);
	ts_hashtab_free(&st->ptab);
	free(st->period.v);
	for (i = 0; i < TS_NCOUNTS; i++)
		free(st->counts[i].v);
	free(st->source.v);
	free(st->input.v);
	free(st->line.v);
	for (i = 0; i < st->ndims; i++) {
		free(st->dim_names[i]);
		free(st->dims[i].v);
	}
	free(st->dim_names);
	free(st->dims);
	for (i = 0; i < st->ninputs; i++) {
		free(st->inputs[i].path);
		free(st->inputs[i].encoding);
	}
	free(st->inputs);
	free(st->flags);
	free_cases(st->cases);
	free(st);
}

#define EMPTY_SLOT UINT64_MAX

/* The length of string id (< nstr). */
static size_t
str_len(const struct ts_store *st, size_t id)
{
	return (size_t)((id + 1 < st->nstr ? st->strs[id + 1] : st->arena_len) -
	    st->strs[id] - 1);
}

/* The slot's home for a hash: the tag's low bits while they suffice. */
static size_t
home(uint64_t h, size_t nslots)
{
	return (size_t)(nslots <= (1ULL << 32) ? (uint32_t)h : h) & (nslots - 1);
}

static int
rehash(struct ts_store *st, size_t nslots)
{
	uint64_t *slots, h;
	size_t i, j;

	if (nslots > SIZE_MAX / sizeof *slots)
		return -1;
	slots = malloc(nslots * sizeof *slots);
	if (slots == NULL)
		return -1;
	memset(slots, 0xff, nslots * sizeof *slots);
	/* Move every entry by its tag, without reading the strings (while
	 * the tag holds enough bits for the new size). */
	for (i = 0; i < st->nslots; i++) {
		if (st->slots[i] == EMPTY_SLOT)
			continue;
		h = nslots <= (1ULL << 32) ? st->slots[i] >> 32 :
		    hash_bytes(st->arena + st->strs[(uint32_t)st->slots[i]],
		    str_len(st, (uint32_t)st->slots[i]));
		j = home(h, nslots);
		while (slots[j] != EMPTY_SLOT)
			j = (j + 1) & (nslots - 1);
		slots[j] = st->slots[i];
	}
	free(st->slots);
	st->slots = slots;
	st->nslots = nslots;
	return 0;
}

/* ts_store_intern(), or TS_HAS_NUL for a string with a NUL byte when
 * no_nul (that string is then not added). */
static uint32_t
intern(struct ts_store *st, const char *s, size_t len, int no_nul)
{
	uint64_t h, tag, slot;
	size_t j, id;
	int nul;

	if (st->nslots == 0 && rehash(st, 1024) != 0)
		return TS_NO_ID;
	h = hash_text(s, len, &nul);
	if (nul && no_nul)
		return TS_HAS_NUL;
	tag = (uint64_t)(uint32_t)h << 32;
	j = home(h, st->nslots);
	while ((slot = st->slots[j]) != EMPTY_SLOT) {
		id = (uint32_t)slot;
		if ((slot & 0xFFFFFFFF00000000ULL) == tag && str_len(st, id) == len &&
		    ts_bytes_same(st->arena + st->strs[id], s, len))
			return (uint32_t)id;
		j = (j + 1) & (st->nslots - 1);
	}
	if (st->nstr >= TS_HAS_NUL - 1 || len > SIZE_MAX - st->arena_len - 1)
		return TS_NO_ID;
	if (ts_grow(&st->arena, &st->arena_cap, st->arena_len + len + 1, 1) != 0 ||
	    ts_grow(&st->strs, &st->str_cap, st->nstr + 1, sizeof *st->strs) != 0)
		return TS_NO_ID;
	id = st->nstr++;
	st->strs[id] = st->arena_len;
	if (len)
		memcpy(st->arena + st->arena_len, s, len);
	st->arena[st->arena_len + len] = '\0';
	st->arena_len += len + 1;
	st->slots[j] = tag | id;
	/* Keep the load under three quarters: the tags make long probe runs
	 * cheap, and the slots are 8 bytes. */
	if (st->nstr * 4 > st->nslots * 3 && rehash(st, st->nslots * 2) != 0)
		return TS_NO_ID;
	return (uint32_t)id;
}

uint32_t
ts_store_intern(struct ts_store *st, const char *s, size_t len)
{
	return intern(st, s, len, 0);
}

uint32_t
ts_store_intern_text(struct ts_store *st, const char *s, size_t len)
{
	return intern(st, s, len, 1);
}

const char *
ts_store_string(const struct ts_store *st, uint32_t id)
{
	if (id >= st->nstr)
		return "";
	return st->arena + st->strs[id];
}

size_t
ts_store_nstrings(const struct ts_store *st)
{
	return st->nstr;
}

int
ts_store_find_dim(const struct ts_store *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->ndims; i++)
		if (strcmp(st->dim_names[i], name) == 0)
			return (int)i;
	return -1;
}

int
ts_store_dim(struct ts_store *st, const char *name)
{
	int found = ts_store_find_dim(st, name);
	size_t cap;
	char *copy;
	uint8_t *col;

	if (found >= 0)
		return found;
	cap = st->dims_cap;
	if (ts_grow(&st->dim_names, &cap, st->ndims + 1, sizeof(char *)) != 0)
		return -1;
	if (cap != st->dims_cap) {
		struct column *nd = realloc(st->dims, cap * sizeof *nd);
		if (nd == NULL)
			return -1;
		st->dims = nd;
		st->dims_cap = cap;
	}
	copy = strdup(name);
	if (copy == NULL)
		return -1;
	/* Records added earlier get id 0, the empty string. */
	col = calloc(st->cap ? st->cap : 1, 1);
	if (col == NULL) {
		free(copy);
		return -1;
	}
	st->dim_names[st->ndims] = copy;
	st->dims[st->ndims].v = col;
	st->dims[st->ndims].w = 1;
	return (int)st->ndims++;
}

size_t
ts_store_ndims(const struct ts_store *st)
{
	return st->ndims;
}

const char *
ts_store_dim_name(const struct ts_store *st, size_t dim)
{
	return dim < st->ndims ? st->dim_names[dim] : "";
}

/* Grows every record column to ncap entries. */
static int
grow_records(struct ts_store *st, size_t ncap)
{
	size_t i;

	if (ncap > SIZE_MAX / 8)
		return -1;
	if (col_grow(&st->period, ncap) != 0 || col_grow(&st->source, ncap) != 0 ||
	    col_grow(&st->input, ncap) != 0)
		return -1;
	for (i = 0; i < TS_NCOUNTS; i++)
		if (col_grow(&st->counts[i], ncap) != 0)
			return -1;
	/* The room is not cleared: every record added sets every column
	 * (clearing would make the whole capacity resident). */
	for (i = 0; i < st->ndims; i++)
		if (col_grow(&st->dims[i], ncap) != 0)
			return -1;
	if (col_grow(&st->line, ncap) != 0)
		return -1;
	st->cap = ncap;
	return 0;
}

/* Stores line `line` of record i (entries below live are kept). */
static TS_COLD int
line_put_slow(struct ts_store *st, size_t i, uint32_t line, size_t live)
{
	struct column *c = &st->line;
	uint32_t x = line - (uint32_t)i;
	size_t k;
	unsigned w;

	if (c->w == 0) {
		if (live == 0 || x == st->line_k) {
			st->line_k = x;
			return 0;
		}
		w = st->line_k <= 0xFF ? 1 : st->line_k <= 0xFFFF ? 2 : 4;
		if ((c->v = malloc((st->cap ? st->cap : 1) * w)) == NULL)
			return -1;
		c->w = (unsigned char)w;
		for (k = 0; k < live; k++)
			col_put(c, k, st->line_k);
	}
	return id_set(c, i, x, st->cap, live);
}

/* line_put_slow(), inlined for a record one line after the one before
 * (as in a file without quoted newlines or rejected rows). */
static inline int
line_put(struct ts_store *st, size_t i, uint32_t line, size_t live)
{
	if (st->line.w == 0 && live > 0 && line - (uint32_t)i == st->line_k)
		return 0;
	return line_put_slow(st, i, line, live);
}

static uint64_t
period_hash(const struct ts_period *p)
{
	uint64_t h = (uint64_t)(uint32_t)p->lo * 0x9E3779B97F4A7C15ULL;

	h ^= ((uint64_t)(uint32_t)p->hi << 16) ^ ((uint64_t)p->precision << 8) ^
	    p->range_prec;
	h *= 0xC2B2AE3D27D4EB4FULL;
	return h ^ (h >> 29);
}

static int
period_equal(const struct ts_period *a, const struct ts_period *b)
{
	return a->lo == b->lo && a->hi == b->hi && a->precision == b->precision &&
	    a->range_prec == b->range_prec;
}

static int
period_same(const void *ctx, uint32_t id, const void *p)
{
	const struct ts_store *st = ctx;

	return period_equal(&st->periods[id], p);
}

static uint64_t
period_hash_of(const void *ctx, uint32_t id)
{
	const struct ts_store *st = ctx;

	return period_hash(&st->periods[id]);
}

/* period_id() for a period that is not in the table (or no table). */
static TS_COLD uint32_t
period_add(struct ts_store *st, const struct ts_period *in)
{
	struct ts_period p = *in;
	size_t j;

	if (st->ptab.nslots == 0 && ts_hashtab_init(&st->ptab, 256) != 0)
		return TS_NO_ID;
	j = ts_hashtab_find(&st->ptab, period_hash(&p), period_same, st, &p);
	if (st->ptab.slots[j] != 0)
		return ts_hashtab_entry(&st->ptab, j);
	if (st->nperiods >= TS_NO_ID - 1 ||
	    ts_grow(&st->periods, &st->periods_cap, st->nperiods + 1, sizeof p) != 0)
		return TS_NO_ID;
	st->periods[st->nperiods] = p;
	if (ts_hashtab_add(&st->ptab, j, (uint32_t)st->nperiods++, period_hash_of, st) != 0)
		return TS_NO_ID;
	return (uint32_t)(st->nperiods - 1);
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
	if (p.precision != TS_PREC_RANGE)
		p.range_prec = 0;
	if (st->ptab.nslots) {
		j = ts_hashtab_find(&st->ptab, period_hash(&p), period_same, st, &p);
		if (st->ptab.slots[j] != 0)
			return ts_hashtab_entry(&st->ptab, j);
	}
	return period_add(st, &p);
}

static int put_case(struct ts_store *st, size_t i, uint8_t outcome, uint64_t fp,
    uint32_t case_id, int32_t closed);


/* ts_store_add(), and for a case row (row->outcome) its case details in
 * the same step; from_outcome: its counts other than victims are its
 * outcome's, whatever row->counts holds. */
static int
add_record(struct ts_store *st, const struct ts_row *row, uint64_t fp,
    uint32_t case_id, int32_t closed, int from_outcome)
{
	size_t i = st->n, d;
	uint32_t pid, id;
	int64_t v;
	enum ts_outcome o = (enum ts_outcome)row->outcome;
	/* Case details already stored past the records (a caller that set
	 * them first) are kept: the general path reads them back. */
	int fresh = case_rows(st) <= i;

	if (i == st->cap) {
		if (st->cap > SIZE_MAX / 2)
			return -1;
		if (grow_records(st, st->cap ? st->cap * 2 : 256) != 0)
			return -1;
	}
	pid = period_id(st, &row->period);
	if (pid == TS_NO_ID || id_set(&st->period, i, pid, st->cap, i) != 0)
		return -1;
	/* A case row's counts follow from its outcome: kept as the outcome
	 * byte alone while every row agrees. */
	if (row->outcome) {
		if (fresh ? put_case(st, i, (uint8_t)(row->outcome | CASE_COUNTS), fp,
		    case_id, closed) != 0 : set_case_counts(st, i, row->outcome) != 0)
			return -1;
	}
	for (d = 0; d < TS_NCOUNTS; d++) {
		struct column *c = &st->counts[d];
		if (from_outcome && d != TS_VICTIMS) {
			/* Read from the outcome while the column holds nothing. */
			if (c->w == 0 && fresh)
				continue;
			v = outcome_count(o, (enum ts_count)d);
		} else {
			v = row->counts[d];
			if (count_put(c, i, v))
				continue;
			/* Nothing stored yet, and this record reads as what it
			 * has (case_count()). */
			if (c->w == 0 && fresh && v == (o ? outcome_count(o,
			    (enum ts_count)d) : TS_MISSING))
				continue;
		}
		if (cnt_set(st, (enum ts_count)d, i, v, i) != 0)
			return -1;
	}
	if (id_set(&st->source, i, row->source, st->cap, i) != 0 ||
	    id_set(&st->input, i, row->input, st->cap, i) != 0)
		return -1;
	if (line_put(st, i, row->line, i) != 0)
		return -1;
	for (d = 0; d < st->ndims; d++) {
		id = row->dims ? row->dims[d] : 0;
		if (id_set(&st->dims[d], i, id == TS_NO_ID ? 0 : id, st->cap, i) != 0)
			return -1;
	}
	st->n++;
	return 0;
}

/* --- Appending a store (the second part of a split input) ----------
 * Column by column, each moved from its end a chunk at a time, the source
 * giving back what it has handed over: the two parts of a column are
 * never both resident, so that the merge of a split input costs no more
 * memory than one pass. */
#define MOVE_CHUNK ((size_t)1 << 17)

/* Gives back c's entries from `from` on (they have been copied). */
static void
col_shrink(struct column *c, size_t from)
{
	void *nv;

	if (c->w == 0 || from == 0)
		return;
	nv = realloc(c->v, from * c->w);
	if (nv != NULL)
		c->v = nv;
}

static void
col_drop(struct column *c)
{
	free(c->v);
	c->v = NULL;
	c->w = 0;
}

/* Copies ids src[from..to) to dst[at + from ..) through map (NULL: as
 * they are); dst is wide enough. */
static void
ids_copy(struct column *dst, size_t at, const struct column *src, size_t from,
    size_t to, const uint32_t *map)
{
	size_t i;
	uint32_t x;

	if (src->w == 1 && dst->w == 1) {
		const uint8_t *s = src->v;
		uint8_t *d = (uint8_t *)dst->v + at;
		if (map == NULL)
			memcpy(d + from, s + from, to - from);
		else
			for (i = from; i < to; i++)
				d[i] = (uint8_t)map[s[i]];
		return;
	}
	if (src->w == 2 && dst->w == 2) {
		const uint16_t *s = src->v;
		uint16_t *d = (uint16_t *)dst->v + at;
		if (map == NULL)
			memcpy(d + from, s + from, (to - from) * 2);
		else
			for (i = from; i < to; i++)
				d[i] = (uint16_t)map[s[i]];
		return;
	}
	for (i = from; i < to; i++) {
		x = id_get(src, i);
		col_put(dst, at + i, map ? map[x] : x);
	}
}

/* Moves the n ids of src to dst from entry `at` on (dst has room for
 * cap), through map (map_len entries; NULL: as they are), widening dst
 * as needed; src is left empty. */
static int
ids_move(struct column *dst, size_t at, size_t cap, struct column *src,
    size_t n, const uint32_t *map, size_t map_len)
{
	uint32_t max = 0, x;
	uint64_t lim;
	unsigned w;
	size_t i, from, to;

	if (n == 0) {
		col_drop(src);
		return 0;
	}
	/* A bound first, from the ids src's width allows; the exact largest
	 * only when that bound would widen dst. */
	if (src->w == 0) {
		max = map ? map[0] : 0;
	} else if (map == NULL) {
		max = (uint32_t)(col_limit(src->w) < UINT32_MAX ? col_limit(src->w) : UINT32_MAX);
	} else {
		lim = col_limit(src->w) < map_len - 1 ? col_limit(src->w) : map_len - 1;
		for (i = 0; i <= lim; i++)
			if (map[i] > max)
				max = map[i];
	}
	if (src->w && max > (dst->w ? col_limit(dst->w) : 0))
		for (i = 0, max = 0; i < n; i++) {
			x = id_get(src, i);
			if (map)
				x = map[x];
			if (x > max)
				max = x;
		}
	if (max == 0 && dst->w == 0) {
		col_drop(src);
		return 0;
	}
	if (dst->w == 0) {
		if ((dst->v = calloc(cap ? cap : 1, 1)) == NULL)
			return -1;
		dst->w = 1;
	}
	for (w = dst->w; w < 4 && max > col_limit(w); w *= 2)
		;
	if (w != dst->w && col_widen(dst, w, at, cap, 0) != 0)
		return -1;
	for (to = n; to > 0; to = from) {
		from = to > MOVE_CHUNK ? to - MOVE_CHUNK : 0;
		ids_copy(dst, at, src, from, to, map);
		col_shrink(src, from);
	}
	col_drop(src);
	return 0;
}

/* Sets ids at..at+n-1 of c to x. */
static int
ids_fill(struct column *c, size_t at, size_t cap, size_t n, uint32_t x)
{
	size_t i;

	if (n == 0 || (x == 0 && c->w == 0))
		return 0;
	if (id_set(c, at, x, cap, at) != 0)
		return -1;
	if (c->w == 1)
		memset((uint8_t *)c->v + at, (int)x, n);
	else
		for (i = 1; i < n; i++)
			col_put(c, at + i, x);
	return 0;
}

/* Moves src's counts to dst's records at..at+n-1 (dst's case details are
 * set: counts may follow from the outcomes in either). */
static int
counts_move(struct ts_store *dst, size_t at, struct ts_store *src, size_t n)
{
	struct column *s, *d;
	size_t c, i, from, to;

	for (c = 0; c < TS_NCOUNTS; c++) {
		s = &src->counts[c];
		d = &dst->counts[c];
		if (s->w == 0 && d->w == 0)
			continue;       /* both read from the outcome bytes */
		if (s->w == d->w) {     /* one encoding: the bytes as they are */
			for (to = n; to > 0; to = from) {
				from = to > MOVE_CHUNK ? to - MOVE_CHUNK : 0;
				memcpy((char *)d->v + (at + from) * d->w,
				    (const char *)s->v + from * s->w, (to - from) * d->w);
				col_shrink(s, from);
			}
		} else {
			for (i = 0; i < n; i++)
				if (cnt_set(dst, (enum ts_count)c, at + i,
				    cnt_get(src, (enum ts_count)c, i), at + i) != 0)
					return -1;
		}
		col_drop(s);
	}
	return 0;
}

/* Moves src's lines to dst's records at..at+n-1, moved on by offset. */
static int
lines_move(struct ts_store *dst, size_t at, struct ts_store *src, size_t n,
    long offset)
{
	uint64_t last = (uint64_t)src->line_k + n - 1 + (uint64_t)offset;
	uint32_t x, l;
	size_t i;
	long ln;

	if (n == 0)
		return 0;
	/* One constant for src and no saturated line: one for dst too. */
	if (src->line.w == 0 && dst->line.w == 0 && offset >= 0 &&
	    (uint64_t)src->line_k + n - 1 < UINT32_MAX && last < UINT32_MAX) {
		x = src->line_k + (uint32_t)offset - (uint32_t)at;
		if (at == 0 || x == dst->line_k) {
			dst->line_k = x;
			return 0;
		}
	}
	for (i = 0; i < n; i++) {
		l = ts_store_line(src, i);
		ln = (long)l + offset;
		if (line_put(dst, at + i, l == UINT32_MAX || ln > (long)UINT32_MAX ?
		    UINT32_MAX : (uint32_t)ln, at + i) != 0)
			return -1;
	}
	col_drop(&src->line);
	return 0;
}

static int cases_move(struct ts_store *dst, size_t at, struct ts_store *src,
    const uint32_t *sid);
static void cases_release(struct ts_store *src);

int
ts_store_add(struct ts_store *st, const struct ts_row *row)
{
	return add_record(st, row, 0, 0, TS_NO_DAY, 0);
}

int
ts_store_add_case(struct ts_store *st, const struct ts_row *row, uint64_t fp,
    uint32_t case_id, int32_t closed)
{
	if (row->outcome == 0) {
		if (add_record(st, row, 0, 0, TS_NO_DAY, 0) != 0)
			return -1;
		return ts_store_set_case_key(st, st->n - 1, 0, fp, case_id, closed);
	}
	return add_record(st, row, fp, case_id, closed, 1);
}

int
ts_store_append(struct ts_store *dst, struct ts_store *src, uint32_t input,
    long line_offset)
{
	uint32_t *sid = NULL, *pid = NULL;
	int *dim = NULL;
	size_t i, d, k, n0 = dst->n, n = src->n, need = dst->n + src->n, ncap;
	int rc = -1;

	if (need < dst->n)
		return -1;
	sid = malloc(src->nstr * sizeof *sid);
	pid = malloc((src->nperiods ? src->nperiods : 1) * sizeof *pid);
	dim = malloc((src->ndims ? src->ndims : 1) * sizeof *dim);
	if (sid == NULL || pid == NULL || dim == NULL)
		goto out;
	/* Strings and periods in src's id order, so that the ids new to dst
	 * come out as they would have had dst read src's rows itself. */
	for (i = 0; i < src->nstr; i++)
		if ((sid[i] = ts_store_intern(dst, src->arena + src->strs[i],
		    str_len(src, i))) == TS_NO_ID)
			goto out;
	for (i = 0; i < src->nperiods; i++)
		if ((pid[i] = period_id(dst, &src->periods[i])) == TS_NO_ID)
			goto out;
	for (d = 0; d < src->ndims; d++)
		if ((dim[d] = ts_store_dim(dst, src->dim_names[d])) < 0)
			goto out;
	if (need > dst->cap) {
		for (ncap = dst->cap ? dst->cap : 256; ncap < need; ncap *= 2)
			if (ncap > SIZE_MAX / 2)
				goto out;
		if (grow_records(dst, ncap) != 0)
			goto out;
	}
	if (src->flags_len && ts_grow(&dst->flags, &dst->flags_cap, n0 + src->flags_len,
	    sizeof *dst->flags) != 0)
		goto out;
	/* The case details first: counts may follow from the outcomes. */
	if (cases_move(dst, n0, src, sid) != 0 || counts_move(dst, n0, src, n) != 0)
		goto out;
	cases_release(src);
	if (ids_move(&dst->period, n0, dst->cap, &src->period, n, pid, src->nperiods) != 0 ||
	    ids_move(&dst->source, n0, dst->cap, &src->source, n, sid, src->nstr) != 0 ||
	    ids_fill(&dst->input, n0, dst->cap, n, input) != 0 ||
	    lines_move(dst, n0, src, n, line_offset) != 0)
		goto out;
	col_drop(&src->input);
	/* dst's dimensions that src lacks: the empty string. */
	for (d = 0; d < dst->ndims; d++) {
		for (k = 0; k < src->ndims && dim[k] != (int)d; k++)
			;
		if (k == src->ndims && dst->dims[d].w)
			memset((char *)dst->dims[d].v + n0 * dst->dims[d].w, 0,
			    n * dst->dims[d].w);
	}
	for (d = 0; d < src->ndims; d++)
		if (ids_move(&dst->dims[dim[d]], n0, dst->cap, &src->dims[d], n, sid,
		    src->nstr) != 0)
			goto out;
	/* Flags set while reading (a total word in a period cell). */
	if (src->flags_len) {
		if (dst->flags_len < n0)
			memset(dst->flags + dst->flags_len, 0,
			    (n0 - dst->flags_len) * sizeof *dst->flags);
		memcpy(dst->flags + n0, src->flags, src->flags_len * sizeof *dst->flags);
		dst->flags_len = n0 + src->flags_len;
	}
	dst->n = need;
	rc = 0;
out:
	src->n = 0;
	src->flags_len = 0;
	free(sid);
	free(pid);
	free(dim);
	return rc;
}

size_t
ts_store_count(const struct ts_store *st)
{
	return st->n;
}

struct ts_period
ts_store_period(const struct ts_store *st, size_t i)
{
	return st->periods[id_get(&st->period, i)];
}

uint32_t
ts_store_period_id(const struct ts_store *st, size_t i)
{
	return id_get(&st->period, i);
}

size_t
ts_store_nperiods(const struct ts_store *st)
{
	return st->nperiods;
}

struct ts_period
ts_store_period_by_id(const struct ts_store *st, uint32_t id)
{
	return st->periods[id];
}

int64_t
ts_store_get_count(const struct ts_store *st, size_t i, enum ts_count c)
{
	if (i < st->flags_len && (st->flags[i] & TS_FLAG_COVERED(c)))
		return TS_MISSING;
	return cnt_get(st, c, i);
}

int64_t
ts_store_get_count_raw(const struct ts_store *st, size_t i, enum ts_count c)
{
	return cnt_get(st, c, i);
}

uint32_t
ts_store_dim_id(const struct ts_store *st, size_t i, size_t dim)
{
	return dim < st->ndims ? id_get(&st->dims[dim], i) : 0;
}

uint32_t
ts_store_source(const struct ts_store *st, size_t i)
{
	return id_get(&st->source, i);
}

uint32_t
ts_store_input(const struct ts_store *st, size_t i)
{
	return id_get(&st->input, i);
}

uint32_t
ts_store_line(const struct ts_store *st, size_t i)
{
	if (st->line.w == 0)
		return (uint32_t)i + st->line_k;
	return (uint32_t)i + id_get(&st->line, i);
}

int
ts_store_add_input(struct ts_store *st, const char *path)
{
	struct ts_input_info *in;

	if (ts_grow(&st->inputs, &st->inputs_cap, st->ninputs + 1, sizeof *st->inputs) != 0)
		return -1;
	in = &st->inputs[st->ninputs];
	memset(in, 0, sizeof *in);
	in->path = strdup(path);
	if (in->path == NULL)
		return -1;
	in->format = "csv";
	return (int)st->ninputs++;
}

struct ts_input_info *
ts_store_input_info(struct ts_store *st, size_t idx)
{
	return idx < st->ninputs ? &st->inputs[idx] : NULL;
}

const struct ts_input_info *
ts_store_input_info_c(const struct ts_store *st, size_t idx)
{
	return idx < st->ninputs ? &st->inputs[idx] : NULL;
}

size_t
ts_store_ninputs(const struct ts_store *st)
{
	return st->ninputs;
}

/* Record flags: a separate column, allocated when the first flag is set so
 * that stores nobody marks pay nothing; records past its end read as 0. */
int
ts_store_set_flag(struct ts_store *st, size_t i, unsigned flag)
{
	size_t old = st->flags_len;

	if (i >= st->n)
		return -1;
	if (i >= st->flags_len) {
		if (ts_grow(&st->flags, &st->flags_cap, st->n, sizeof *st->flags) != 0)
			return -1;
		memset(st->flags + old, 0, (st->n - old) * sizeof *st->flags);
		st->flags_len = st->n;
	}
	st->flags[i] |= (uint16_t)flag;
	return 0;
}

unsigned
ts_store_flag(const struct ts_store *st, size_t i)
{
	return i < st->flags_len ? st->flags[i] : 0;
}

int
ts_store_set_dim(struct ts_store *st, size_t i, size_t dim, uint32_t id)
{
	if (i < st->n && dim < st->ndims && id < st->nstr)
		return id_set(&st->dims[dim], i, id, st->cap, st->n);
	return 0;
}

int
ts_store_set_count(struct ts_store *st, size_t i, enum ts_count c, int64_t v)
{
	if (i < st->n && (unsigned)c < TS_NCOUNTS)
		return cnt_set(st, c, i, v, st->n);
	return 0;
}

/* --- Case lists ---------------------------------------------------------
 * What a case-list row adds to its record: the outcome, the case id and
 * the closed date.  Kept apart from the record columns, sized lazily: a
 * record past the end (or from a counts table) has none.
 *
 * A case id is kept as a 64-bit fingerprint of its text, not as a string:
 * interning ten million distinct ids cost about 400 MB.  The text is kept
 * too (case_id, a string id) only for the records whose caller asks for
 * it (convert writes it out).  Duplicates across every input are found in
 * a table of record indices by fingerprint, in buckets of one cache line:
 * twelve slots, each with an 8-bit tag of the fingerprint, so that a probe
 * reads the fingerprint of another record only when the tags agree.  Two
 * different ids share a fingerprint with odds of about n^2 / 2^65 for n
 * ids (3e-6 for ten million): they would be reported as a duplicate. */
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
	/* Closed dates: a narrow column of day ids (0: none; k: days[k - 1]),
	 * as a case list closes on a few thousand distinct days. */
	struct column closed;
	int32_t *days;
	size_t ndays, days_cap;
	struct ts_hashtab dtab; /* the days (nslots 0: none yet) */
	uint32_t *case_id;      /* NULL until some record keeps its text */
	size_t n, cap, id_cap;
	struct fp_table first;  /* the records checked so far */
	/* The table of a store appended after them (ts_store_append), whose
	 * records are side.base .. side_end - 1: folded into `first` only
	 * when the next case id is checked, so that a load ending with the
	 * append (one split file) never pays for it. */
	struct fp_table side;
	size_t side_end;
};

static void
free_cases(struct case_cols *c)
{
	if (c == NULL)
		return;
	free(c->outcome);
	free(c->fp);
	free(c->closed.v);
	free(c->days);
	ts_hashtab_free(&c->dtab);
	free(c->case_id);
	free(c->first.buckets);
	free(c->side.buckets);
	free(c);
}

static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ULL;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

/* Each word goes through a bijective mix of the state xor the word, so
 * two ids of one length that differ in a single word never collide. */
uint64_t
ts_store_case_fingerprint(const char *s, size_t len)
{
	uint64_t h = mix64(0x9E3779B97F4A7C15ULL ^ (uint64_t)len), w;

	while (len >= 8) {
		memcpy(&w, s, 8);
		h = mix64(h ^ w);
		s += 8;
		len -= 8;
	}
	if (len) {
		w = 0;
		memcpy(&w, s, len);
		h = mix64(h ^ w ^ 0xA5A5A5A5A5A5A5A5ULL);
	}
	return h ? h : 1;
}

static int
day_same(const void *ctx, uint32_t k, const void *d)
{
	const struct case_cols *c = ctx;

	return c->days[k] == *(const int32_t *)d;
}

static uint64_t
day_hash(const void *ctx, uint32_t k)
{
	const struct case_cols *c = ctx;

	return (uint32_t)c->days[k];
}

/* The id of closed day d in c's day table (0 for TS_NO_DAY), adding it if
 * new; TS_NO_ID when out of memory. */
static uint32_t
day_id(struct case_cols *c, int32_t d)
{
	size_t j;

	if (d == TS_NO_DAY)
		return 0;
	if (c->dtab.nslots == 0 && ts_hashtab_init(&c->dtab, 1024) != 0)
		return TS_NO_ID;
	j = ts_hashtab_find(&c->dtab, (uint32_t)d, day_same, c, &d);
	if (c->dtab.slots[j] != 0)
		return ts_hashtab_entry(&c->dtab, j) + 1;
	if (c->ndays >= TS_NO_ID - 1 ||
	    ts_grow(&c->days, &c->days_cap, c->ndays + 1, sizeof *c->days) != 0)
		return TS_NO_ID;
	c->days[c->ndays] = d;
	if (ts_hashtab_add(&c->dtab, j, (uint32_t)c->ndays++, day_hash, c) != 0)
		return TS_NO_ID;
	return (uint32_t)c->ndays;
}

int
ts_store_set_case_key(struct ts_store *st, size_t i, uint8_t outcome,
    uint64_t fp, uint32_t case_id, int32_t closed)
{
	struct case_cols *c = st->cases;
	size_t cap, k;
	uint32_t day;

	if (c == NULL && (c = st->cases = calloc(1, sizeof *c)) == NULL)
		return -1;
	if (i >= c->cap) {
		cap = c->cap;
		if (ts_grow(&c->outcome, &cap, i + 1, sizeof *c->outcome) != 0)
			return -1;
		cap = c->cap;
		if (ts_grow(&c->fp, &cap, i + 1, sizeof *c->fp) != 0)
			return -1;
		if (col_grow(&c->closed, cap) != 0)
			return -1;
		c->cap = cap;
	}
	if ((day = closed == TS_NO_DAY ? 0 : day_id(c, closed)) == TS_NO_ID)
		return -1;
	if (case_id && i >= c->id_cap) {
		cap = c->id_cap;
		if (ts_grow(&c->case_id, &cap, i + 1, sizeof *c->case_id) != 0)
			return -1;
		memset(c->case_id + c->id_cap, 0, (cap - c->id_cap) * sizeof *c->case_id);
		c->id_cap = cap;
	}
	for (k = c->n; k < i; k++) {
		c->outcome[k] = 0;
		c->fp[k] = 0;
		if (id_set(&c->closed, k, 0, c->cap, k) != 0)
			return -1;
	}
	/* A later call keeps what the record's counts follow. */
	c->outcome[i] = (uint8_t)((outcome & ~CASE_COUNTS) |
	    (i < c->n ? c->outcome[i] & CASE_COUNTS : 0));
	c->fp[i] = fp;
	if (id_set(&c->closed, i, day, c->cap, c->n > i ? c->n : i) != 0)
		return -1;
	if (i < c->id_cap)
		c->case_id[i] = case_id;
	if (i >= c->n)
		c->n = i + 1;
	return 0;
}

/* The case details of a new record i, its outcome byte as stored
 * (CASE_COUNTS included): ts_store_set_case_key() for the record just
 * after the last, with room for it, in a few stores. */
static int
put_case(struct ts_store *st, size_t i, uint8_t outcome, uint64_t fp,
    uint32_t case_id, int32_t closed)
{
	struct case_cols *c = st->cases;
	uint32_t day;

	if (c == NULL || i != c->n || i >= c->cap || (case_id && i >= c->id_cap)) {
		if (ts_store_set_case_key(st, i, outcome & ~CASE_COUNTS, fp, case_id,
		    closed) != 0)
			return -1;
		st->cases->outcome[i] |= outcome & CASE_COUNTS;
		return 0;
	}
	if ((day = day_id(c, closed)) == TS_NO_ID ||
	    id_set(&c->closed, i, day, c->cap, i) != 0)
		return -1;
	c->outcome[i] = outcome;
	c->fp[i] = fp;
	if (i < c->id_cap)
		c->case_id[i] = case_id;
	c->n = i + 1;
	return 0;
}

int
ts_store_set_case(struct ts_store *st, size_t i, uint8_t outcome,
    uint32_t case_id, int32_t closed)
{
	const char *s = ts_store_string(st, case_id);
	size_t len = case_id && case_id < st->nstr ? str_len(st, case_id) : 0;

	return ts_store_set_case_key(st, i, outcome,
	    len ? ts_store_case_fingerprint(s, len) : 0, len ? case_id : 0, closed);
}

/* The records that have case details (or room for them, zeroed). */
static size_t
case_rows(const struct ts_store *st)
{
	return st->cases ? st->cases->n : 0;
}

uint8_t
ts_store_outcome(const struct ts_store *st, size_t i)
{
	return st->cases && i < st->cases->n ?
	    (uint8_t)(st->cases->outcome[i] & ~CASE_COUNTS) : 0;
}

/* 1 when record i's counts follow from its outcome. */
static int
case_counts_of(const struct ts_store *st, size_t i)
{
	return st->cases && i < st->cases->n &&
	    (st->cases->outcome[i] & CASE_COUNTS);
}

/* Marks record i (a case row) as counting by its outcome. */
static int
set_case_counts(struct ts_store *st, size_t i, uint8_t outcome)
{
	if (ts_store_set_case_key(st, i, outcome, ts_store_case_fp(st, i),
	    ts_store_case_id(st, i), ts_store_closed(st, i)) != 0)
		return -1;
	st->cases->outcome[i] |= CASE_COUNTS;
	return 0;
}

/* Count c of record i as its outcome gives it: a case is one
 * investigation, prosecuted and convicted or acquitted as its outcome
 * says; victims, and the records of counts tables, have none. */
static int64_t
case_count(const struct ts_store *st, enum ts_count c, size_t i)
{
	if (c == TS_VICTIMS || !case_counts_of(st, i))
		return TS_MISSING;
	return outcome_count((enum ts_outcome)(st->cases->outcome[i] & ~CASE_COUNTS), c);
}

uint32_t
ts_store_case_id(const struct ts_store *st, size_t i)
{
	return st->cases && i < st->cases->n && i < st->cases->id_cap ?
	    st->cases->case_id[i] : 0;
}

uint64_t
ts_store_case_fp(const struct ts_store *st, size_t i)
{
	return st->cases && i < st->cases->n ? st->cases->fp[i] : 0;
}

int32_t
ts_store_closed(const struct ts_store *st, size_t i)
{
	uint32_t id = st->cases && i < st->cases->n ? id_get(&st->cases->closed, i) : 0;

	return id ? st->cases->days[id - 1] : TS_NO_DAY;
}

/* Nonzero when some byte of w is zero. */
static uint64_t
zero_byte(uint64_t w)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;

	return ~(((w & low7) + low7) | w | low7);
}

/* Nonzero when some tag of bucket bk is tag (or, when it is 0, some
 * untaken slot): eight bytes at a time, so that a probe does not branch
 * on each slot. */
static uint64_t
tag_seen(const struct fp_bucket *bk, uint8_t tag)
{
	uint64_t rep = 0x0101010101010101ULL * tag, lo;
	uint32_t hi;

	memcpy(&lo, bk->tag, 8);
	memcpy(&hi, bk->tag + 8, 4);
	return zero_byte(lo ^ rep) | zero_byte(((uint64_t)hi ^ rep) | 0xFFFFFFFF00000000ULL);
}

/* Looks fp up in t (fps: the store's fingerprints): the index of the
 * record in t that has it, or SIZE_MAX with *at = the bucket where it
 * would go (SIZE_MAX when the table is full). */
static inline size_t
fp_find(const struct fp_table *t, const uint64_t *fps, uint64_t fp, size_t *at)
{
	size_t b = (size_t)fp & (t->nbuckets - 1), k, tries;
	uint8_t tag = (uint8_t)(fp >> 56);
	const struct fp_bucket *bk;

	for (tries = 0; tries < t->nbuckets; tries++) {
		bk = &t->buckets[b];
		if (tag_seen(bk, tag))
			for (k = 0; k < bk->used; k++)
				if (bk->tag[k] == tag && fps[t->base + bk->rec[k] - 1] == fp)
					return t->base + bk->rec[k] - 1;
		if (bk->used < BUCKET_SLOTS) {
			*at = b;
			return SIZE_MAX;
		}
		b = (b + 1) & (t->nbuckets - 1);
	}
	*at = SIZE_MAX;
	return SIZE_MAX;
}

/* As fp_find(), into *first; when fp is new, record rec (an index in the
 * store, at least t->base) is remembered as its first.  Returns 0, or -1
 * when the table is full (the caller grows it). */
static int
fp_probe(struct fp_table *t, const uint64_t *fps, uint64_t fp, size_t rec,
    size_t *first)
{
	struct fp_bucket *bk;
	size_t at = SIZE_MAX;

	if ((*first = fp_find(t, fps, fp, &at)) != SIZE_MAX)
		return 0;
	if (at == SIZE_MAX)
		return -1;
	bk = &t->buckets[at];
	bk->rec[bk->used] = (uint32_t)(rec - t->base + 1);
	bk->tag[bk->used++] = (uint8_t)(fp >> 56);
	t->nfirst++;
	return 0;
}

/* Bucketed, a table stays quick to 85 % full. */
static int
fp_room(size_t nbuckets, size_t entries)
{
	return entries * 20 <= nbuckets * BUCKET_SLOTS * 17;
}

static void
fp_prefetch(const struct fp_table *t, uint64_t fp)
{
#ifdef __GNUC__
	if (t->nbuckets)
		__builtin_prefetch(&t->buckets[(size_t)fp & (t->nbuckets - 1)], 1);
#else
	(void)t;
	(void)fp;
#endif
}

/* A zeroed bucket array.  A large one asks for huge pages: every probe
 * is a cache miss, and with 4 KiB pages a TLB miss too, whose page walk
 * costs as much again (more under virtualisation). */
static struct fp_bucket *
buckets_new(size_t n)
{
#ifdef MADV_HUGEPAGE
	const size_t huge = (size_t)2 << 20;
	size_t size = n * sizeof(struct fp_bucket);
	void *p;

	if (size >= huge && (p = aligned_alloc(huge, size)) != NULL) {
		madvise(p, size, MADV_HUGEPAGE);
		memset(p, 0, size);
		return p;
	}
#endif
	return calloc(n, sizeof(struct fp_bucket));
}

/* How far ahead fp_add() and ts_store_case_overlap() fetch the bucket of
 * a record: a probe is a cache miss, and some twenty in flight hide most
 * of them. */
#define FP_AHEAD 16

/* Adds the first occurrences among records from..to-1 to the main
 * table, in order; it has room for them. */
static int
fp_add(struct case_cols *c, size_t from, size_t to)
{
	size_t i, first;

	for (i = from; i < to; i++) {
		if (i + FP_AHEAD < to)
			fp_prefetch(&c->first, c->fp[i + FP_AHEAD]);
		if (c->fp[i] && fp_probe(&c->first, c->fp, c->fp[i], i, &first) != 0)
			return -1;
	}
	return 0;
}

/* Makes the main table at least twice as large (or the first one), with
 * room for want entries, re-adding the first occurrences of records
 * 0..upto-1 in order. */
static int
fp_grow(struct case_cols *c, size_t upto, size_t want)
{
	struct fp_bucket *nb;
	size_t n = c->first.nbuckets ? c->first.nbuckets * 2 : 64;

	while (!fp_room(n, want)) {
		if (n > SIZE_MAX / 2 / sizeof *nb)
			return -1;
		n *= 2;
	}
	if (n > SIZE_MAX / sizeof *nb)
		return -1;
	nb = buckets_new(n);
	if (nb == NULL)
		return -1;
	free(c->first.buckets);
	c->first.buckets = nb;
	c->first.nbuckets = n;
	c->first.nfirst = 0;
	return fp_add(c, 0, upto);
}

/* The main table moved to n buckets (a power of two, with room for its
 * entries): its entries are re-added from the old buckets, not from the
 * records, as some records may still wait for their check. */
static int
fp_rehash(struct case_cols *c, size_t n)
{
	struct fp_table t = { NULL, n, 0, c->first.base };
	const struct fp_bucket *bk;
	size_t b, k, rec, first;

	if ((t.buckets = buckets_new(n)) == NULL)
		return -1;
	for (b = 0; b < c->first.nbuckets; b++)
		for (bk = &c->first.buckets[b], k = 0; k < bk->used; k++) {
			rec = c->first.base + bk->rec[k] - 1;
			if (fp_probe(&t, c->fp, c->fp[rec], rec, &first) != 0) {
				free(t.buckets);
				return -1;
			}
		}
	free(c->first.buckets);
	c->first = t;
	return 0;
}

void
ts_store_case_expect(struct ts_store *st, size_t n)
{
	struct case_cols *c = st->cases;
	size_t want, nb = 64;

	if (c == NULL)
		return;
	want = c->first.nfirst + c->side.nfirst;
	if (n > SIZE_MAX / 20 - want || fp_room(c->first.nbuckets, want + n))
		return;
	want += n;
	while (!fp_room(nb, want)) {
		if (nb > SIZE_MAX / 512)        /* fp_room() multiplies by 204 */
			return;
		nb *= 2;
	}
	/* Only a hint: when the memory is not there, the table grows as
	 * the records come, as it would have without it. */
	(void)fp_rehash(c, nb);
}

/* Moves the entries of the side table (an appended store's) into the
 * main one. */
static int
fp_fold(struct case_cols *c)
{
	size_t want = c->first.nfirst + c->side.nfirst;

	if (c->side.buckets == NULL)
		return 0;
	if (!fp_room(c->first.nbuckets, want) && fp_grow(c, c->side.base, want) != 0)
		return -1;
	if (fp_add(c, c->side.base, c->side_end) != 0)
		return -1;
	free(c->side.buckets);
	memset(&c->side, 0, sizeof c->side);
	c->side_end = 0;
	return 0;
}

void
ts_store_case_prefetch(const struct ts_store *st, uint64_t fp)
{
	if (st->cases)
		fp_prefetch(&st->cases->first, fp);
}

int
ts_store_case_first(struct ts_store *st, size_t i, size_t *first)
{
	struct case_cols *c = st->cases;
	uint64_t fp = ts_store_case_fp(st, i);

	*first = SIZE_MAX;
	if (fp == 0)
		return 0;
	if (i >= UINT32_MAX - 1)
		return -1;      /* 4 bytes a record index in the table */
	if (c->side.buckets && fp_fold(c) != 0)
		return -1;
	if (!fp_room(c->first.nbuckets, c->first.nfirst + 1) &&
	    fp_grow(c, i, c->first.nfirst + 1) != 0)
		return -1;
	return fp_probe(&c->first, c->fp, fp, i, first);
}

int
ts_store_case_overlap(const struct ts_store *st, const struct ts_store *part,
    size_t from, size_t to)
{
	const struct case_cols *c = st->cases, *pc = part->cases;
	size_t i, at;
	uint64_t fp;

	if (c == NULL || pc == NULL || (c->first.nbuckets == 0 && c->side.nbuckets == 0))
		return 0;
	if (to > pc->n)
		to = pc->n;
	for (i = from; i < to; i++) {
		if (i + FP_AHEAD < to) {
			fp_prefetch(&c->first, pc->fp[i + FP_AHEAD]);
			fp_prefetch(&c->side, pc->fp[i + FP_AHEAD]);
		}
		if ((fp = pc->fp[i]) == 0)
			continue;
		if ((c->first.nbuckets && fp_find(&c->first, c->fp, fp, &at) != SIZE_MAX) ||
		    (c->side.nbuckets && fp_find(&c->side, c->fp, fp, &at) != SIZE_MAX))
			return 1;
	}
	return 0;
}

/* Moves src's case details to dst's records from `at` on, with their
 * table of first occurrences (kept apart until the next check, see
 * struct case_cols); sid maps src's string ids to dst's.  src keeps its
 * outcome bytes, for counts_move(). */
static int
cases_move(struct ts_store *dst, size_t at, struct ts_store *src, const uint32_t *sid)
{
	struct case_cols *c = dst->cases, *s = src->cases;
	uint32_t *dmap;
	uint64_t *nfp;
	size_t i, n, need, cap, from, to;
	int rc;

	if (s == NULL || s->n == 0)
		return 0;
	if (c == NULL && (c = dst->cases = calloc(1, sizeof *c)) == NULL)
		return -1;
	/* Either table may hold another's entries still. */
	if (fp_fold(s) != 0 || fp_fold(c) != 0)
		return -1;
	n = s->n;
	need = at + n;
	if (need > c->cap) {
		cap = c->cap;
		if (ts_grow(&c->outcome, &cap, need, sizeof *c->outcome) != 0)
			return -1;
		cap = c->cap;
		if (ts_grow(&c->fp, &cap, need, sizeof *c->fp) != 0 ||
		    col_grow(&c->closed, cap) != 0)
			return -1;
		c->cap = cap;
	}
	if (s->id_cap && need > c->id_cap) {
		cap = c->id_cap;
		if (ts_grow(&c->case_id, &cap, need, sizeof *c->case_id) != 0)
			return -1;
		memset(c->case_id + c->id_cap, 0, (cap - c->id_cap) * sizeof *c->case_id);
		c->id_cap = cap;
	}
	/* Records between without case details (a counts table's). */
	if (c->n < at) {
		memset(c->outcome + c->n, 0, at - c->n);
		memset(c->fp + c->n, 0, (at - c->n) * sizeof *c->fp);
		if (c->closed.w)
			memset((char *)c->closed.v + c->n * c->closed.w, 0,
			    (at - c->n) * c->closed.w);
	}
	memcpy(c->outcome + at, s->outcome, n);
	for (to = n; to > 0; to = from) {
		from = to > MOVE_CHUNK ? to - MOVE_CHUNK : 0;
		memcpy(c->fp + at + from, s->fp + from, (to - from) * sizeof *c->fp);
		if (from && (nfp = realloc(s->fp, from * sizeof *s->fp)) != NULL)
			s->fp = nfp;
	}
	free(s->fp);
	s->fp = NULL;
	for (i = 0; i < s->id_cap && i < n; i++)
		c->case_id[at + i] = sid[s->case_id[i]];
	/* Closed days through dst's day table, in src's id order. */
	if ((dmap = malloc((s->ndays + 1) * sizeof *dmap)) == NULL)
		return -1;
	dmap[0] = 0;
	for (i = 0; i < s->ndays; i++)
		if ((dmap[i + 1] = day_id(c, s->days[i])) == TS_NO_ID) {
			free(dmap);
			return -1;
		}
	rc = ids_move(&c->closed, at, c->cap, &s->closed, n, dmap, s->ndays + 1);
	free(dmap);
	if (rc != 0)
		return -1;
	c->n = need;
	c->side = s->first;
	c->side.base = at;
	c->side_end = need;
	memset(&s->first, 0, sizeof s->first);
	return 0;
}

/* Frees the outcome bytes cases_move() left to src: its counts are moved
 * too now. */
static void
cases_release(struct ts_store *src)
{
	if (src->cases == NULL)
		return;
	free(src->cases->outcome);
	src->cases->outcome = NULL;
	src->cases->n = 0;
}
/* --- end of case lists --------------------------------------------------- */

/* --- Bulk reads ------------------------------------------------------------
 * The passes over the records after loading read whole column ranges: one
 * width test a range instead of a function call and a switch a record. */

/* Entries from..to-1 of id column c into out[0..to-from). */
static void
col_read_ids(const struct column *c, size_t from, size_t to, uint32_t *out)
{
	size_t i, n = to - from;

	switch (c->w) {
	case 0:
		memset(out, 0, n * sizeof *out);
		break;
	case 1:
		for (i = 0; i < n; i++)
			out[i] = ((const uint8_t *)c->v)[from + i];
		break;
	case 2:
		for (i = 0; i < n; i++)
			out[i] = ((const uint16_t *)c->v)[from + i];
		break;
	case 4:
		memcpy(out, (const uint32_t *)c->v + from, n * sizeof *out);
		break;
	default:
		for (i = 0; i < n; i++)
			out[i] = (uint32_t)((const uint64_t *)c->v)[from + i];
		break;
	}
}

void
ts_store_read_period_ids(const struct ts_store *st, size_t from, size_t to,
    uint32_t *out)
{
	col_read_ids(&st->period, from, to, out);
}

void
ts_store_read_dim_ids(const struct ts_store *st, size_t dim, size_t from,
    size_t to, uint32_t *out)
{
	if (dim < st->ndims)
		col_read_ids(&st->dims[dim], from, to, out);
	else
		memset(out, 0, (to - from) * sizeof *out);
}

void
ts_store_read_counts_raw(const struct ts_store *st, enum ts_count c,
    size_t from, size_t to, int64_t *out)
{
	const struct column *col = &st->counts[c];
	const struct case_cols *cc = st->cases;
	size_t i, n = to - from;
	uint64_t lim, x;
	/* What a case row's outcome gives count c, by outcome. */
	int64_t by_outcome[TS_NOUTCOMES];
	unsigned b;

	switch (col->w) {
	case 0:
		for (i = 0; i < TS_NOUTCOMES; i++)
			by_outcome[i] = outcome_count((enum ts_outcome)i, c);
		for (i = 0; i < n; i++) {
			b = cc && from + i < cc->n ? cc->outcome[from + i] : 0;
			out[i] = !(b & CASE_COUNTS) ? TS_MISSING :
			    (b & ~CASE_COUNTS) < TS_NOUTCOMES ?
			    by_outcome[b & ~CASE_COUNTS] :
			    outcome_count((enum ts_outcome)(b & ~CASE_COUNTS), c);
		}
		break;
	case 1:
		for (i = 0; i < n; i++) {
			x = ((const uint8_t *)col->v)[from + i];
			out[i] = x == 0xFF ? TS_MISSING : (int64_t)x;
		}
		break;
	case 2:
		for (i = 0; i < n; i++) {
			x = ((const uint16_t *)col->v)[from + i];
			out[i] = x == 0xFFFF ? TS_MISSING : (int64_t)x;
		}
		break;
	case 4:
		lim = col_limit(4);
		for (i = 0; i < n; i++) {
			x = ((const uint32_t *)col->v)[from + i];
			out[i] = x == lim ? TS_MISSING : (int64_t)x;
		}
		break;
	default:
		memcpy(out, (const int64_t *)col->v + from, n * sizeof *out);
		break;
	}
}

void
ts_store_read_flags(const struct ts_store *st, size_t from, size_t to,
    uint16_t *out)
{
	size_t i = from, k = 0;

	for (; i < to && i < st->flags_len; i++, k++)
		out[k] = st->flags[i];
	for (; i < to; i++, k++)
		out[k] = 0;
}

void
ts_store_read_closed_ids(const struct ts_store *st, size_t from, size_t to,
    uint32_t *out)
{
	const struct case_cols *c = st->cases;
	size_t end = c == NULL ? from : to < c->n ? to : c->n < from ? from : c->n;

	if (end > from)
		col_read_ids(&c->closed, from, end, out);
	memset(out + (end - from), 0, (to - end) * sizeof *out);
}

size_t
ts_store_nclosed_days(const struct ts_store *st)
{
	return st->cases ? st->cases->ndays : 0;
}

int32_t
ts_store_closed_day_by_id(const struct ts_store *st, uint32_t id)
{
	return id && st->cases && id <= st->cases->ndays ?
	    st->cases->days[id - 1] : TS_NO_DAY;
}

int
ts_store_count_kept(const struct ts_store *st, enum ts_count c)
{
	return (unsigned)c < TS_NCOUNTS && st->counts[c].w != 0;
}

void
ts_store_read_case_codes(const struct ts_store *st, size_t from, size_t to,
    uint8_t *out)
{
	const struct case_cols *c = st->cases;
	size_t i = from, k = 0;

	for (; c && i < to && i < c->n; i++, k++)
		out[k] = c->outcome[i];
	for (; i < to; i++, k++)
		out[k] = 0;
}

_Static_assert(CASE_COUNTS == TS_CASE_COUNTS, "one bit for counts that follow the outcome");

int64_t
ts_store_case_code_count(uint8_t code, enum ts_count c)
{
	if (!(code & TS_CASE_COUNTS) || (unsigned)c >= TS_NCOUNTS)
		return TS_MISSING;
	return outcome_count((enum ts_outcome)(code & ~TS_CASE_COUNTS), c);
}

int
ts_store_no_sources(const struct ts_store *st)
{
	return st->source.w == 0;
}

int
ts_store_one_input(const struct ts_store *st)
{
	return st->input.w == 0;
}
