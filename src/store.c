/* store.c — columnar record arrays and the string intern table.
 *
 * The record columns are narrow: each holds 1, 2, 4 or 8 bytes an entry
 * and widens, converting what it holds, the first time a value does not
 * fit.  A case list (every count 0 or 1, a few dozen strings, a few
 * thousand dates) so costs about a dozen bytes a record.  Periods are
 * interned like strings: the records hold the id of their period.
 */
#include <stdlib.h>
#include <string.h>

#include "ts_error.h"
#include "ts_store.h"

/* A narrow column: w bytes an entry (1, 2, 4 or 8).  Counts keep the
 * largest value of each width for TS_MISSING; ids have no missing value. */
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
	uint32_t *pslots;
	size_t npslots;

	/* Records. */
	size_t n, cap;
	struct column period;           /* period id */
	struct column counts[TS_NCOUNTS];
	struct column source, input;
	uint32_t *line;

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

static const char *const count_names[TS_NCOUNTS] = {
	"investigations", "prosecutions", "convictions", "acquittals", "victims",
};

const char *
ts_count_name(enum ts_count c)
{
	return c < TS_NCOUNTS ? count_names[c] : "?";
}

/* A word at a time: the strings interned are short (names of states,
 * agencies, outcomes), so the per-call cost matters more than the
 * quality on long keys.  The table is a power of two: mix the high bits
 * down. */
static uint64_t
hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ len, w;

	while (len >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
		s += 8;
		len -= 8;
	}
	if (len) {
		w = 0;
		memcpy(&w, s, len);
		h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
	}
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	return h ^ (h >> 32);
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

/* Stores id x at i, widening when it does not fit; entries below live
 * (at least i) are kept through a widening. */
static int
id_set(struct column *c, size_t i, uint32_t x, size_t cap, size_t live)
{
	unsigned w = c->w;

	if (w == 1 && x <= 0xFF) {      /* the common case, kept short */
		((uint8_t *)c->v)[i] = (uint8_t)x;
		return 0;
	}

	while (w < 4 && x > col_limit(w))
		w *= 2;
	if (w != c->w && col_widen(c, w, live > i ? live : i, cap, 0) != 0)
		return -1;
	col_put(c, i, x);
	return 0;
}

static uint32_t
id_get(const struct column *c, size_t i)
{
	if (c->w == 1)
		return ((const uint8_t *)c->v)[i];
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
	void *nv = realloc(c->v, ncap * c->w);

	if (nv == NULL)
		return -1;
	c->v = nv;
	return 0;
}

struct ts_store *
ts_store_new(void)
{
	struct ts_store *st = calloc(1, sizeof *st);
	size_t i;

	if (st == NULL)
		return NULL;
	st->period.w = st->source.w = st->input.w = 1;
	for (i = 0; i < TS_NCOUNTS; i++)
		st->counts[i].w = 1;
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
	free(st->pslots);
	free(st->period.v);
	for (i = 0; i < TS_NCOUNTS; i++)
		free(st->counts[i].v);
	free(st->source.v);
	free(st->input.v);
	free(st->line);
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

/* memcmp() == 0 without the call, for the short strings interned. */
static int
same_bytes(const char *a, const char *b, size_t len)
{
	uint64_t x, y;

	while (len >= 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return 0;
		a += 8;
		b += 8;
		len -= 8;
	}
	while (len--)
		if (*a++ != *b++)
			return 0;
	return 1;
}

uint32_t
ts_store_intern(struct ts_store *st, const char *s, size_t len)
{
	uint64_t h, tag, slot;
	size_t j, id;

	if (st->nslots == 0 && rehash(st, 1024) != 0)
		return TS_NO_ID;
	h = hash_bytes(s, len);
	tag = (uint64_t)(uint32_t)h << 32;
	j = home(h, st->nslots);
	while ((slot = st->slots[j]) != EMPTY_SLOT) {
		id = (uint32_t)slot;
		if ((slot & 0xFFFFFFFF00000000ULL) == tag && str_len(st, id) == len &&
		    same_bytes(st->arena + st->strs[id], s, len))
			return (uint32_t)id;
		j = (j + 1) & (st->nslots - 1);
	}
	if (st->nstr >= TS_NO_ID - 1 || len > SIZE_MAX - st->arena_len - 1)
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
	uint32_t *nl;

	if (ncap > SIZE_MAX / 8)
		return -1;
	if (col_grow(&st->period, ncap) != 0 || col_grow(&st->source, ncap) != 0 ||
	    col_grow(&st->input, ncap) != 0)
		return -1;
	for (i = 0; i < TS_NCOUNTS; i++)
		if (col_grow(&st->counts[i], ncap) != 0)
			return -1;
	for (i = 0; i < st->ndims; i++) {
		if (col_grow(&st->dims[i], ncap) != 0)
			return -1;
		memset((char *)st->dims[i].v + st->cap * st->dims[i].w, 0,
		    (ncap - st->cap) * st->dims[i].w);
	}
	nl = realloc(st->line, ncap * sizeof *nl);
	if (nl == NULL)
		return -1;
	st->line = nl;
	st->cap = ncap;
	return 0;
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
prehash(struct ts_store *st, size_t nslots)
{
	uint32_t *slots = malloc(nslots * sizeof *slots);
	size_t i, j;

	if (slots == NULL)
		return -1;
	memset(slots, 0xff, nslots * sizeof *slots);
	for (i = 0; i < st->nperiods; i++) {
		j = period_hash(&st->periods[i]) & (nslots - 1);
		while (slots[j] != TS_NO_ID)
			j = (j + 1) & (nslots - 1);
		slots[j] = (uint32_t)i;
	}
	free(st->pslots);
	st->pslots = slots;
	st->npslots = nslots;
	return 0;
}

/* The id of period p in the period table, adding it if new; TS_NO_ID when
 * out of memory.  Only the fields that mean something are compared. */
static uint32_t
period_id(struct ts_store *st, const struct ts_period *in)
{
	struct ts_period p = *in;
	size_t j;

	if (p.precision == TS_PREC_NONE)
		p.lo = p.hi = 0;
	if (p.precision != TS_PREC_RANGE)
		p.range_prec = 0;
	if (st->npslots == 0 && prehash(st, 256) != 0)
		return TS_NO_ID;
	j = period_hash(&p) & (st->npslots - 1);
	while (st->pslots[j] != TS_NO_ID) {
		if (period_equal(&st->periods[st->pslots[j]], &p))
			return st->pslots[j];
		j = (j + 1) & (st->npslots - 1);
	}
	if (st->nperiods >= TS_NO_ID - 1 ||
	    ts_grow(&st->periods, &st->periods_cap, st->nperiods + 1, sizeof p) != 0)
		return TS_NO_ID;
	st->periods[st->nperiods] = p;
	st->pslots[j] = (uint32_t)st->nperiods;
	if (++st->nperiods * 2 > st->npslots && prehash(st, st->npslots * 2) != 0)
		return TS_NO_ID;
	return (uint32_t)(st->nperiods - 1);
}

int
ts_store_add(struct ts_store *st, const struct ts_row *row)
{
	size_t i = st->n, d;
	uint32_t pid;

	if (i == st->cap) {
		if (st->cap > SIZE_MAX / 2)
			return -1;
		if (grow_records(st, st->cap ? st->cap * 2 : 256) != 0)
			return -1;
	}
	pid = period_id(st, &row->period);
	if (pid == TS_NO_ID || id_set(&st->period, i, pid, st->cap, i) != 0)
		return -1;
	for (d = 0; d < TS_NCOUNTS; d++)
		if (count_set(&st->counts[d], i, row->counts[d], st->cap, i) != 0)
			return -1;
	if (id_set(&st->source, i, row->source, st->cap, i) != 0 ||
	    id_set(&st->input, i, row->input, st->cap, i) != 0)
		return -1;
	st->line[i] = row->line;
	for (d = 0; d < st->ndims; d++) {
		uint32_t id = row->dims ? row->dims[d] : 0;
		if (id_set(&st->dims[d], i, id == TS_NO_ID ? 0 : id, st->cap, i) != 0)
			return -1;
	}
	st->n++;
	return 0;
}

int
ts_store_append(struct ts_store *dst, const struct ts_store *src,
    uint32_t input, long line_offset)
{
	uint32_t *sid = NULL, *pid = NULL;
	int *dim = NULL;
	size_t i, d, n0 = dst->n, need = dst->n + src->n, ncap;
	int rc = -1;
	long ln;

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
	/* Column by column, so the loop over each stays simple. */
	for (i = 0; i < src->n; i++)
		if (id_set(&dst->period, n0 + i, pid[id_get(&src->period, i)], dst->cap, n0 + i) != 0)
			goto out;
	for (d = 0; d < TS_NCOUNTS; d++)
		for (i = 0; i < src->n; i++)
			if (count_set(&dst->counts[d], n0 + i,
			    count_get(&src->counts[d], i), dst->cap, n0 + i) != 0)
				goto out;
	for (i = 0; i < src->n; i++) {
		if (id_set(&dst->source, n0 + i, sid[id_get(&src->source, i)], dst->cap, n0 + i) != 0 ||
		    id_set(&dst->input, n0 + i, input, dst->cap, n0 + i) != 0)
			goto out;
		ln = (long)src->line[i] + line_offset;
		dst->line[n0 + i] = src->line[i] == UINT32_MAX || ln > (long)UINT32_MAX ?
		    UINT32_MAX : (uint32_t)ln;
	}
	for (d = 0; d < src->ndims; d++)
		for (i = 0; i < src->n; i++)
			if (id_set(&dst->dims[dim[d]], n0 + i,
			    sid[id_get(&src->dims[d], i)], dst->cap, n0 + i) != 0)
				goto out;
	if (src->cases)
		for (i = 0; i < src->n; i++)
			if (ts_store_set_case(dst, n0 + i, ts_store_outcome(src, i),
			    sid[ts_store_case_id(src, i)], ts_store_closed(src, i)) != 0)
				goto out;
	dst->n = need;
	rc = 0;
out:
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
	return count_get(&st->counts[c], i);
}

int64_t
ts_store_get_count_raw(const struct ts_store *st, size_t i, enum ts_count c)
{
	return count_get(&st->counts[c], i);
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
		return count_set(&st->counts[c], i, v, st->cap, st->n);
	return 0;
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
	uint32_t *first_of;     /* by string id; 0 = not seen */
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
	else if (i >= UINT32_MAX)
		return -1;      /* 4 bytes a case id: 10M of them are 40 MB */
	else
		c->first_of[id] = (uint32_t)(i + 1);
	return 0;
}
/* --- end of case lists --------------------------------------------------- */
