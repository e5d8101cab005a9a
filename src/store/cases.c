/* cases.c — case details: outcomes, case ids, closed dates. */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "store_impl.h"

/* No case id. */
static const struct ts_case_key NO_KEY = { 0, 0 };

void
ts_store_cases_free(struct case_cols *c)
{
	if (c == NULL)
		return;
	free(c->outcome);
	free(c->fp);
	free(c->check);
	free(c->fp2);
	free(c->check2);
	free(c->closed.v);
	free(c->days);
	ts_hashtab_free(&c->dtab);
	free(c->dmap.v);
	free(c->text);
	free(c->text_at.v);
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

/* This run's seeds: three words from the kernel's random source, drawn
 * once (the two threads of a split input share them). */
static uint64_t seeds[3];
static pthread_once_t seeds_once = PTHREAD_ONCE_INIT;
/* Set once the seeds are drawn: a load of it spares the call of
 * pthread_once() on every case id. */
static atomic_int seeded;
/* The two chains' first states for the ids shorter than START_LENS
 * bytes (every case id met so far), worked out once with the seeds. */
#define START_LENS 64
static uint64_t start_fp[START_LENS], start_check[START_LENS];

static void
draw_seeds(void)
{
	struct timespec ts;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, seeds, sizeof seeds) : -1;

	if (fd >= 0)
		close(fd);
	if (got != (ssize_t)sizeof seeds) {
		/* No random source (a chroot): the clock and the process. */
		clock_gettime(CLOCK_REALTIME, &ts);
		seeds[0] = mix64((uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 32);
		seeds[1] = mix64(seeds[0] ^ (uint64_t)getpid());
		seeds[2] = mix64(seeds[1] ^ (uint64_t)(uintptr_t)&ts);
	}
	for (size_t len = 0; len < START_LENS; len++) {
		start_fp[len] = mix64(seeds[0] ^ (uint64_t)len);
		start_check[len] = mix64(seeds[1] ^ (uint64_t)len);
	}
	atomic_store_explicit(&seeded, 1, memory_order_release);
}

/* Each word goes through a bijective mix of the state xor the word, so
 * two ids of one length that differ in a single word never collide; the
 * state starts from this run's seeds. */
struct ts_case_key
ts_store_case_key(const char *s, size_t len)
{
	uint64_t h, g, w;
	struct ts_case_key key;

	if (!atomic_load_explicit(&seeded, memory_order_acquire))
		pthread_once(&seeds_once, draw_seeds);
	/* The check's chain takes each word rotated and xored with its own
	 * seed, so that it does not follow the fingerprint's. */
	if (len < START_LENS) {
		h = start_fp[len];
		g = start_check[len];
	} else {
		h = mix64(seeds[0] ^ (uint64_t)len);
		g = mix64(seeds[1] ^ (uint64_t)len);
	}
	while (len >= 8) {
		memcpy(&w, s, 8);
		h = mix64(h ^ w);
		g = mix64(g ^ (w << 29 | w >> 35) ^ seeds[2]);
		s += 8;
		len -= 8;
	}
	if (len) {
		w = 0;
		memcpy(&w, s, len);
		h = mix64(h ^ w ^ 0xA5A5A5A5A5A5A5A5ULL);
		g = mix64(g ^ (w << 29 | w >> 35) ^ seeds[2]);
	}
	key.fp = h ? h : 1;
	key.check = (uint32_t)(g >> 32);
	return key;
}

uint64_t
ts_store_case_fingerprint(const char *s, size_t len)
{
	return ts_store_case_key(s, len).fp;
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
uint32_t
ts_store_day_id(struct case_cols *c, int32_t d)
{
	size_t j;
	uint32_t id;

	if (d == TS_NO_DAY)
		return 0;
	if ((id = daymap_get(&c->dmap, d)) != 0)
		return id;
	if (c->dtab.nslots == 0 && ts_hashtab_init(&c->dtab, 1024) != 0)
		return TS_NO_ID;
	j = ts_hashtab_find(&c->dtab, (uint32_t)d, day_same, c, &d);
	if (c->dtab.slots[j] != 0) {
		id = (uint32_t)ts_hashtab_entry(&c->dtab, j) + 1;
	} else {
		if (c->ndays >= TS_NO_ID - 1 ||
		    ts_grow(&c->days, &c->days_cap, c->ndays + 1, sizeof *c->days) != 0)
			return TS_NO_ID;
		c->days[c->ndays] = d;
		if (ts_hashtab_add(&c->dtab, j, (uint32_t)c->ndays++, day_hash, c) != 0)
			return TS_NO_ID;
		id = (uint32_t)c->ndays;
	}
	ts_store_daymap_put(&c->dmap, d, id);
	return id;
}

int
ts_store_case_stage(struct ts_store *st, const char *s, size_t len)
{
	struct case_cols *c = st->cases;
	unsigned char *o;
	size_t k = 0, x;

	if (c == NULL && (c = st->cases = calloc(1, sizeof *c)) == NULL)
		return -1;
	/* The length takes at most 10 bytes, the NUL one. */
	if (len > SIZE_MAX - 11 - c->text_len ||
	    ts_grow(&c->text, &c->text_cap, c->text_len + len + 11, 1) != 0)
		return -1;
	o = (unsigned char *)c->text + c->text_len;
	for (x = len; x >= 0x80; x >>= 7)
		o[k++] = (unsigned char)(x | 0x80);
	o[k++] = (unsigned char)x;
	if (len)
		memcpy(o + k, s, len);
	o[k + len] = '\0';
	c->staged = k + len + 1;
	return 0;
}

const char *
ts_store_case_text_of(const struct case_cols *c, size_t i, size_t *len)
{
	const unsigned char *p;
	uint64_t at = i < c->n ? col_raw(&c->text_at, i) : 0;
	size_t x = 0;
	unsigned shift = 0;

	if (at == 0)
		return NULL;
	for (p = (const unsigned char *)c->text + at - 1; *p & 0x80; p++, shift += 7)
		x |= (size_t)(*p & 0x7F) << shift;
	x |= (size_t)*p << shift;
	if (len)
		*len = x;
	return (const char *)p + 1;
}

const char *
ts_store_case_text(const struct ts_store *st, size_t i, size_t *len)
{
	return st->cases ? ts_store_case_text_of(st->cases, i, len) : NULL;
}

/* Sets text_at[i] to x, widening the column as x needs; entries below
 * live are kept.  (id_set() takes 32 bits, and no more than 4 bytes a
 * column.) */
static int
text_at_set(struct case_cols *c, size_t i, uint64_t x, size_t live)
{
	if (c->text_at.w < 8 && x <= UINT32_MAX)
		return id_set(&c->text_at, i, (uint32_t)x, c->cap, live);
	if (c->text_at.w < 8 &&
	    ts_store_col_widen(&c->text_at, 8, live > i ? live : i, c->cap, 0) != 0)
		return -1;
	col_put(&c->text_at, i, x);
	return 0;
}

/* Keeps the text that case_id stands for (TS_CASE_STAGED: the one staged;
 * else a string id of st; 0: none) as record i's. */
static int
text_put(struct ts_store *st, struct case_cols *c, size_t i, uint32_t case_id,
    size_t live)
{
	uint64_t at;

	if (case_id == 0 || (case_id != TS_CASE_STAGED && case_id >= st->nstr))
		return text_at_set(c, i, 0, live);
	if (case_id != TS_CASE_STAGED && ts_store_case_stage(st,
	    st->arena + st->strs[case_id], str_len(st, case_id)) != 0)
		return -1;
	if (c->staged == 0)
		return text_at_set(c, i, 0, live);
	at = (uint64_t)c->text_len + 1;
	if (text_at_set(c, i, at, live) != 0)
		return -1;
	c->text_len += c->staged;
	c->staged = 0;
	return 0;
}

int
ts_store_set_case_key(struct ts_store *st, size_t i, uint8_t outcome,
    struct ts_case_key key, uint32_t case_id, int32_t closed)
{
	struct case_cols *c = st->cases;
	size_t cap, k;
	uint32_t day;

	if (c == NULL && (c = st->cases = calloc(1, sizeof *c)) == NULL)
		return -1;
	ts_store_keys_join(c);
	if (i >= c->cap) {
		cap = c->cap;
		if (ts_grow(&c->outcome, &cap, i + 1, sizeof *c->outcome) != 0)
			return -1;
		cap = c->cap;
		if (ts_grow(&c->fp, &cap, i + 1, sizeof *c->fp) != 0)
			return -1;
		cap = c->cap;
		if (ts_grow(&c->check, &cap, i + 1, sizeof *c->check) != 0)
			return -1;
		if (col_grow(&c->closed, cap) != 0 || col_grow(&c->text_at, cap) != 0)
			return -1;
		c->cap = cap;
	}
	if ((day = closed == TS_NO_DAY ? 0 : ts_store_day_id(c, closed)) == TS_NO_ID)
		return -1;
	for (k = c->n; k < i; k++) {
		c->outcome[k] = 0;
		c->fp[k] = 0;
		c->check[k] = 0;
		if (id_set(&c->closed, k, 0, c->cap, k) != 0 ||
		    text_at_set(c, k, 0, k) != 0)
			return -1;
	}
	/* A later call keeps what the record's counts follow. */
	c->outcome[i] = (uint8_t)((outcome & ~CASE_COUNTS) |
	    (i < c->n ? c->outcome[i] & CASE_COUNTS : 0));
	c->fp[i] = key.fp;
	c->check[i] = key.check;
	if (id_set(&c->closed, i, day, c->cap, c->n > i ? c->n : i) != 0 ||
	    text_put(st, c, i, case_id, c->n > i ? c->n : i) != 0)
		return -1;
	if (i >= c->n)
		c->n = i + 1;
	return 0;
}

/* The case details of a new record i, its outcome byte as stored
 * (CASE_COUNTS included): ts_store_set_case_key() for the record just
 * after the last, with room for it, in a few stores. */
int
ts_store_case_put(struct ts_store *st, size_t i, uint8_t outcome,
    struct ts_case_key key, uint32_t case_id, int32_t closed)
{
	struct case_cols *c = st->cases;
	uint32_t day;

	ts_store_keys_join(c);
	if (c == NULL || i != c->n || i >= c->cap) {
		if (ts_store_set_case_key(st, i, outcome & ~CASE_COUNTS, key, case_id,
		    closed) != 0)
			return -1;
		st->cases->outcome[i] |= outcome & CASE_COUNTS;
		return 0;
	}
	if ((day = ts_store_day_id(c, closed)) == TS_NO_ID ||
	    id_set(&c->closed, i, day, c->cap, i) != 0 ||
	    ((case_id | c->text_at.w) && text_put(st, c, i, case_id, i) != 0))
		return -1;
	case_row_end(c, i, outcome, key);
	return 0;
}

int
ts_store_set_case(struct ts_store *st, size_t i, uint8_t outcome,
    uint32_t case_id, int32_t closed)
{
	const char *s = ts_store_string(st, case_id);
	size_t len = case_id && case_id < st->nstr ? str_len(st, case_id) : 0;

	return ts_store_set_case_key(st, i, outcome,
	    len ? ts_store_case_key(s, len) : NO_KEY, len ? case_id : 0, closed);
}

/* The records that have case details (or room for them, zeroed). */
size_t
ts_store_case_rows(const struct ts_store *st)
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
int
ts_store_case_counts_of(const struct ts_store *st, size_t i)
{
	return st->cases && i < st->cases->n &&
	    (st->cases->outcome[i] & CASE_COUNTS);
}

/* Marks record i (a case row) as counting by its outcome. */
int
ts_store_case_counts_set(struct ts_store *st, size_t i, uint8_t outcome)
{
	/* A record with case details keeps them; a new one has none. */
	if ((st->cases == NULL || i >= st->cases->n) &&
	    ts_store_set_case_key(st, i, outcome, NO_KEY, 0, TS_NO_DAY) != 0)
		return -1;
	st->cases->outcome[i] = (uint8_t)((outcome & ~CASE_COUNTS) | CASE_COUNTS);
	return 0;
}

/* Count c of record i as its outcome gives it: a case is one
 * investigation, prosecuted and convicted or acquitted as its outcome
 * says; victims, and the records of counts tables, have none. */
int64_t
ts_store_case_count(const struct ts_store *st, enum ts_count c, size_t i)
{
	if (c == TS_VICTIMS || !ts_store_case_counts_of(st, i))
		return TS_MISSING;
	return outcome_count((enum ts_outcome)(st->cases->outcome[i] & ~CASE_COUNTS), c);
}

uint64_t
ts_store_case_fp(const struct ts_store *st, size_t i)
{
	return st->cases && i < st->cases->n ? key_fp(st->cases, i) : 0;
}

int32_t
ts_store_closed(const struct ts_store *st, size_t i)
{
	uint32_t id = st->cases && i < st->cases->n ? id_get(&st->cases->closed, i) : 0;

	return id ? st->cases->days[id - 1] : TS_NO_DAY;
}
