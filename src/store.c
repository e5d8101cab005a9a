/* store.c — columnar record arrays and the string intern table. */
#include <stdlib.h>
#include <string.h>

#include "ts_error.h"
#include "ts_store.h"

struct ts_store {
	/* Intern table: open addressing over ids; strings in one arena of
	 * NUL-terminated strings, addressed by offset so the arena can grow. */
	char *arena;
	size_t arena_len, arena_cap;
	struct strent { size_t off, len; } *strs;   /* id -> place in arena */
	size_t nstr, str_cap;
	uint32_t *slots;           /* TS_NO_ID = empty */
	size_t nslots;

	/* Records. */
	size_t n, cap;
	int32_t *period_lo, *period_hi;
	uint8_t *period_prec, *period_rprec;
	int64_t *counts[TS_NCOUNTS];
	uint32_t *source, *input, *line;

	/* Dimensions: one id column each. */
	char **dim_names;
	uint32_t **dims;
	size_t ndims, dims_cap;

	struct ts_input_info *inputs;
	size_t ninputs, inputs_cap;

	/* Record flags (see "Record flags" below); grown on first use. */
	uint16_t *flags;
	size_t flags_len, flags_cap;

	struct case_cols *cases;   /* case lists: see the section at the end */
};

static void free_cases(struct case_cols *c);

static const char *const count_names[TS_NCOUNTS] = {
	"investigations", "prosecutions", "convictions", "acquittals", "victims",
};

const char *
ts_count_name(enum ts_count c)
{
	return c < TS_NCOUNTS ? count_names[c] : "?";
}

/* FNV-1a; the table is a power of two, so mix the high bits in. */
static uint64_t
hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

struct ts_store *
ts_store_new(void)
{
	struct ts_store *st = calloc(1, sizeof *st);

	if (st == NULL)
		return NULL;
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
	free(st->period_lo);
	free(st->period_hi);
	free(st->period_prec);
	free(st->period_rprec);
	for (i = 0; i < TS_NCOUNTS; i++)
		free(st->counts[i]);
	free(st->source);
	free(st->input);
	free(st->line);
	for (i = 0; i < st->ndims; i++) {
		free(st->dim_names[i]);
		free(st->dims[i]);
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

static int
rehash(struct ts_store *st, size_t nslots)
{
	uint32_t *slots = malloc(nslots * sizeof *slots);
	size_t i, j;

	if (slots == NULL)
		return -1;
	memset(slots, 0xff, nslots * sizeof *slots);
	for (i = 0; i < st->nstr; i++) {
		j = hash_bytes(st->arena + st->strs[i].off, st->strs[i].len) & (nslots - 1);
		while (slots[j] != TS_NO_ID)
			j = (j + 1) & (nslots - 1);
		slots[j] = (uint32_t)i;
	}
	free(st->slots);
	st->slots = slots;
	st->nslots = nslots;
	return 0;
}

uint32_t
ts_store_intern(struct ts_store *st, const char *s, size_t len)
{
	size_t j, id;

	if (st->nslots == 0 && rehash(st, 1024) != 0)
		return TS_NO_ID;
	j = hash_bytes(s, len) & (st->nslots - 1);
	while (st->slots[j] != TS_NO_ID) {
		id = st->slots[j];
		if (st->strs[id].len == len &&
		    memcmp(st->arena + st->strs[id].off, s, len) == 0)
			return (uint32_t)id;
		j = (j + 1) & (st->nslots - 1);
	}
	if (st->nstr >= TS_NO_ID - 1 || len > SIZE_MAX - st->arena_len - 1)
		return TS_NO_ID;
	if (ts_grow(&st->arena, &st->arena_cap, st->arena_len + len + 1, 1) != 0 ||
	    ts_grow(&st->strs, &st->str_cap, st->nstr + 1, sizeof *st->strs) != 0)
		return TS_NO_ID;
	id = st->nstr++;
	st->strs[id].off = st->arena_len;
	st->strs[id].len = len;
	if (len)
		memcpy(st->arena + st->arena_len, s, len);
	st->arena[st->arena_len + len] = '\0';
	st->arena_len += len + 1;
	st->slots[j] = (uint32_t)id;
	/* Keep the load under one half. */
	if (st->nstr * 2 > st->nslots && rehash(st, st->nslots * 2) != 0)
		return TS_NO_ID;
	return (uint32_t)id;
}

const char *
ts_store_string(const struct ts_store *st, uint32_t id)
{
	if (id >= st->nstr)
		return "";
	return st->arena + st->strs[id].off;
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
	uint32_t *col = NULL;

	if (found >= 0)
		return found;
	cap = st->dims_cap;
	if (ts_grow(&st->dim_names, &cap, st->ndims + 1, sizeof(char *)) != 0)
		return -1;
	if (cap != st->dims_cap) {
		uint32_t **nd = realloc(st->dims, cap * sizeof(uint32_t *));
		if (nd == NULL)
			return -1;
		st->dims = nd;
		st->dims_cap = cap;
	}
	copy = strdup(name);
	if (copy == NULL)
		return -1;
	if (st->cap) {
		col = calloc(st->cap, sizeof *col);
		if (col == NULL) {
			free(copy);
			return -1;
		}
	}
	st->dim_names[st->ndims] = copy;
	st->dims[st->ndims] = col;
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

#define GROW(arr) do { \
	void *np_ = realloc((arr), ncap * sizeof *(arr)); \
	if (np_ == NULL) return -1; \
	(arr) = np_; \
} while (0)
	if (ncap > SIZE_MAX / sizeof(int64_t))
		return -1;
	GROW(st->period_lo);
	GROW(st->period_hi);
	GROW(st->period_prec);
	GROW(st->period_rprec);
	for (i = 0; i < TS_NCOUNTS; i++)
		GROW(st->counts[i]);
	GROW(st->source);
	GROW(st->input);
	GROW(st->line);
	for (i = 0; i < st->ndims; i++) {
		GROW(st->dims[i]);
		memset(st->dims[i] + st->cap, 0, (ncap - st->cap) * sizeof(uint32_t));
	}
#undef GROW
	st->cap = ncap;
	return 0;
}

int
ts_store_add(struct ts_store *st, const struct ts_row *row)
{
	size_t i = st->n, d;

	if (i == st->cap) {
		if (st->cap > SIZE_MAX / 2)
			return -1;
		if (grow_records(st, st->cap ? st->cap * 2 : 256) != 0)
			return -1;
	}
	st->period_lo[i] = row->period.lo;
	st->period_hi[i] = row->period.hi;
	st->period_prec[i] = row->period.precision;
	st->period_rprec[i] = row->period.range_prec;
	for (d = 0; d < TS_NCOUNTS; d++)
		st->counts[d][i] = row->counts[d];
	st->source[i] = row->source;
	st->input[i] = row->input;
	st->line[i] = row->line;
	for (d = 0; d < st->ndims; d++) {
		uint32_t id = row->dims ? row->dims[d] : 0;
		st->dims[d][i] = id == TS_NO_ID ? 0 : id;
	}
	st->n++;
	return 0;
}

size_t
ts_store_count(const struct ts_store *st)
{
	return st->n;
}

struct ts_period
ts_store_period(const struct ts_store *st, size_t i)
{
	struct ts_period p;

	p.lo = st->period_lo[i];
	p.hi = st->period_hi[i];
	p.precision = st->period_prec[i];
	p.range_prec = st->period_rprec[i];
	return p;
}

int64_t
ts_store_get_count(const struct ts_store *st, size_t i, enum ts_count c)
{
	if (i < st->flags_len && (st->flags[i] & TS_FLAG_COVERED(c)))
		return TS_MISSING;
	return st->counts[c][i];
}

int64_t
ts_store_get_count_raw(const struct ts_store *st, size_t i, enum ts_count c)
{
	return st->counts[c][i];
}

uint32_t
ts_store_dim_id(const struct ts_store *st, size_t i, size_t dim)
{
	return dim < st->ndims ? st->dims[dim][i] : 0;
}

uint32_t
ts_store_source(const struct ts_store *st, size_t i)
{
	return st->source[i];
}

uint32_t
ts_store_input(const struct ts_store *st, size_t i)
{
	return st->input[i];
}

uint32_t
ts_store_line(const struct ts_store *st, size_t i)
{
	return st->line[i];
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

void
ts_store_set_dim(struct ts_store *st, size_t i, size_t dim, uint32_t id)
{
	if (i < st->n && dim < st->ndims && id < st->nstr)
		st->dims[dim][i] = id;
}

void
ts_store_set_count(struct ts_store *st, size_t i, enum ts_count c, int64_t v)
{
	if (i < st->n && (unsigned)c < TS_NCOUNTS)
		st->counts[c][i] = v;
}

/* --- Case lists (issue 3) ---------------------------------------------
 * What a case-list row adds to its record: the outcome, the case id and
 * the closed date.  Kept apart from the record columns, sized lazily: a
 * record past the end (or from a counts table) has none.  Duplicate case
 * ids across every input are found through the string ids, which are
 * dense: first_of[id] is the first record with that case id, + 1. */
struct case_cols {
	uint8_t *outcome;
	uint32_t *case_id;
	int32_t *closed;
	size_t n, cap;
	size_t *first_of;       /* by string id; 0 = not seen */
	size_t first_cap;
};

static void
free_cases(struct case_cols *c)
{
	if (c == NULL)
		return;
	free(c->outcome);
	free(c->case_id);
	free(c->closed);
	free(c->first_of);
	free(c);
}

int
ts_store_set_case(struct ts_store *st, size_t i, uint8_t outcome,
    uint32_t case_id, int32_t closed)
{
	struct case_cols *c = st->cases;
	size_t cap, k;

	if (c == NULL && (c = st->cases = calloc(1, sizeof *c)) == NULL)
		return -1;
	if (i >= c->cap) {
		cap = c->cap;
		if (ts_grow(&c->outcome, &cap, i + 1, sizeof *c->outcome) != 0)
			return -1;
		cap = c->cap;
		if (ts_grow(&c->case_id, &cap, i + 1, sizeof *c->case_id) != 0)
			return -1;
		cap = c->cap;
		if (ts_grow(&c->closed, &cap, i + 1, sizeof *c->closed) != 0)
			return -1;
		c->cap = cap;
	}
	for (k = c->n; k < i; k++) {
		c->outcome[k] = 0;
		c->case_id[k] = 0;
		c->closed[k] = TS_NO_DAY;
	}
	c->outcome[i] = outcome;
	c->case_id[i] = case_id;
	c->closed[i] = closed;
	if (i >= c->n)
		c->n = i + 1;
	return 0;
}

uint8_t
ts_store_outcome(const struct ts_store *st, size_t i)
{
	return st->cases && i < st->cases->n ? st->cases->outcome[i] : 0;
}

uint32_t
ts_store_case_id(const struct ts_store *st, size_t i)
{
	return st->cases && i < st->cases->n ? st->cases->case_id[i] : 0;
}

int32_t
ts_store_closed(const struct ts_store *st, size_t i)
{
	return st->cases && i < st->cases->n ? st->cases->closed[i] : TS_NO_DAY;
}

int
ts_store_case_first(struct ts_store *st, size_t i, size_t *first)
{
	struct case_cols *c = st->cases;
	uint32_t id = ts_store_case_id(st, i);
	size_t old;

	*first = SIZE_MAX;
	if (id == 0)
		return 0;
	if (id >= c->first_cap) {
		old = c->first_cap;
		if (ts_grow(&c->first_of, &c->first_cap, (size_t)id + 1,
		    sizeof *c->first_of) != 0)
			return -1;
		memset(c->first_of + old, 0, (c->first_cap - old) * sizeof *c->first_of);
	}
	if (c->first_of[id])
		*first = c->first_of[id] - 1;
	else
		c->first_of[id] = i + 1;
	return 0;
}
/* --- end of case lists --------------------------------------------------- */
