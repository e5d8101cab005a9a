/* intern.c — the string intern table and the dimensions' names. */
#define _DEFAULT_SOURCE         /* madvise() beside _POSIX_C_SOURCE */
#include <sys/mman.h>

#include "ts_bytes.h"
#include "store_impl.h"

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

#define EMPTY_SLOT UINT64_MAX

/* The slot's home for a hash: the tag's low bits while they suffice. */
static size_t
home(uint64_t h, size_t nslots)
{
	return (size_t)(nslots <= (1ULL << 32) ? (uint32_t)h : h) & (nslots - 1);
}

/* nslots empty slots.  A large table asks for huge pages: every probe
 * of a new string is a cache miss, and with 4 KiB pages a TLB miss too
 * (as the case id table, casedup.c). */
static uint64_t *
slots_new(size_t nslots)
{
	size_t size = nslots * sizeof(uint64_t);
	uint64_t *p = NULL;

#ifdef MADV_HUGEPAGE
	const size_t huge = (size_t)2 << 20;

	if (size >= huge && (p = aligned_alloc(huge, size)) != NULL)
		madvise(p, size, MADV_HUGEPAGE);
#endif
	if (p == NULL && (p = malloc(size)) == NULL)
		return NULL;
	memset(p, 0xff, size);
	return p;
}

/* Asks for the slot where a probe for hash h starts. */
static void
prefetch(const struct ts_store *st, uint64_t h)
{
#ifdef __GNUC__
	__builtin_prefetch(&st->slots[home(h, st->nslots)], 1);
#else
	(void)st;
	(void)h;
#endif
}

static int
rehash(struct ts_store *st, size_t nslots)
{
	uint64_t *slots, h;
	size_t i, j;

	if (nslots > SIZE_MAX / sizeof *slots)
		return -1;
	slots = slots_new(nslots);
	if (slots == NULL)
		return -1;
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

/* The id of s[0..len), whose hash_text() is h, added when new. */
static uint32_t
intern_hashed(struct ts_store *st, const char *s, size_t len, uint64_t h)
{
	uint64_t tag, slot;
	size_t j, id;

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

/* ts_store_intern(), or TS_HAS_NUL for a string with a NUL byte when
 * no_nul (that string is then not added). */
static uint32_t
intern(struct ts_store *st, const char *s, size_t len, int no_nul)
{
	uint64_t h;
	int nul;

	if (st->nslots == 0 && rehash(st, 1024) != 0)
		return TS_NO_ID;
	h = hash_text(s, len, &nul);
	if (nul && no_nul)
		return TS_HAS_NUL;
	return intern_hashed(st, s, len, h);
}

/* How many of src's strings ts_store_intern_store() hashes ahead of the
 * one it adds: each probe of dst's table is a cache miss, and that many
 * in flight hide most of them. */
#define INTERN_AHEAD 32

int
ts_store_intern_store(struct ts_store *dst, const struct ts_store *src,
    uint32_t *sid)
{
	uint64_t h[INTERN_AHEAD];
	size_t i, k, n = src->nstr, need = dst->nstr + src->nstr, nslots;

	if (need < dst->nstr)
		return -1;
	/* Room for all of them at once: no rehash halfway, no arena moved. */
	nslots = dst->nslots ? dst->nslots : 1024;
	while (need * 4 > nslots * 3) {
		if (nslots > SIZE_MAX / 16)
			return -1;
		nslots *= 2;
	}
	if ((nslots != dst->nslots && rehash(dst, nslots) != 0) ||
	    ts_grow(&dst->arena, &dst->arena_cap, dst->arena_len + src->arena_len + 1, 1) != 0 ||
	    ts_grow(&dst->strs, &dst->str_cap, need ? need : 1, sizeof *dst->strs) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		k = i % INTERN_AHEAD;
		if (i == 0) {
			for (k = 0; k < INTERN_AHEAD && k < n; k++) {
				h[k] = hash_bytes(src->arena + src->strs[k], str_len(src, k));
				prefetch(dst, h[k]);
			}
			k = 0;
		}
		if ((sid[i] = intern_hashed(dst, src->arena + src->strs[i],
		    str_len(src, i), h[k])) == TS_NO_ID)
			return -1;
		if (i + INTERN_AHEAD < n) {
			h[k] = hash_bytes(src->arena + src->strs[i + INTERN_AHEAD],
			    str_len(src, i + INTERN_AHEAD));
			prefetch(dst, h[k]);
		}
	}
	return 0;
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

int
ts_store_set_dim_header(struct ts_store *st, size_t dim, const char *header,
    int differs)
{
	struct dim_header *h;
	size_t n;

	if (dim >= st->ndims)
		return -1;
	if (dim >= st->ndim_headers) {
		n = st->ndims;
		h = realloc(st->dim_headers, n * sizeof *h);
		if (h == NULL)
			return -1;
		memset(h + st->ndim_headers, 0, (n - st->ndim_headers) * sizeof *h);
		st->dim_headers = h;
		st->ndim_headers = n;
	}
	h = &st->dim_headers[dim];
	if (h->text == NULL) {
		if ((h->text = strdup(header)) == NULL)
			return -1;
	} else if (strcmp(h->text, header) != 0) {
		h->differs = 1;
	}
	if (differs)
		h->differs = 1;
	return 0;
}

const char *
ts_store_dim_header(const struct ts_store *st, size_t dim, int *differs)
{
	const struct dim_header *h = dim < st->ndim_headers ? &st->dim_headers[dim] : NULL;

	if (differs)
		*differs = h && h->text ? h->differs : 0;
	return h ? h->text : NULL;
}
