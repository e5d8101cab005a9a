/* labels.c — grouping values folded: "CHIAPAS" and "Chiapas" are one group.
 *
 * Two editions of a table, or two agencies' exports, spell the same state
 * differently (case, accents, spacing, punctuation: "Michoacan" and
 * "Michoacán").  Grouped as written, each spelling is a group of its own
 * and a year-on-year comparison splits in two.  Here the values of every
 * grouping column are compared as headers are, punctuation dropped too
 * (ts_fields_fold_label, as --where folds its values); the spellings that fold alike are shown in the
 * most frequent one (ties: the first seen), and one warning per merged
 * group lists the spellings and where each came from.  Values that are
 * numbers (codes such as "07") are kept as written.  One walk over the
 * records per grouping column, touching only the values it sees, so the
 * cost is linear in the cells (README, "Group labels"); none at all when
 * the labels are few beside the records and no two of them fold alike.
 * A column's labels are first folded and hashed to 64 bits, and only
 * those whose hash another one shares have their folded texts kept and
 * compared: a million court file numbers, no two alike, cost a fold and
 * a hash each, with no table of their texts.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passes_impl.h"
#include "ts_bytes.h"
#include "ts_fields.h"
#include "ts_hashtab.h"
#include "ts_i18n.h"

struct spelling {
	uint32_t rows;
	uint32_t first;         /* the first record that gives it */
	uint32_t next;          /* the next spelling of its fold + 1; 0: last */
	uint32_t canon;         /* the spelling shown instead + 1; 0: itself */
};

struct fold_group {
	uint32_t head, tail;    /* spellings + 1, in the order first seen */
	uint32_t n;
};

/* The folded forms met, each once: their bytes one after the other in
 * text (NUL-ended), found through a hash of them.  Kept here rather than
 * interned in the store, so that a folded copy of each label is neither
 * made nor kept there. */
struct folded {
	char *text;
	size_t len, cap;        /* of text */
	size_t *off;            /* per form: where its bytes start */
	size_t noff, off_cap;
	uint32_t *hash;         /* per form: bytes_hash() of it (its low 32 bits,
	                           all the table needs), so that neither a probe
	                           nor a rehash reads the text */
	size_t hash_cap;
	struct ts_hashtab tab;
};

struct labels {
	struct ts_store *st;
	struct ts_diags *diags;
	const struct ts_totals_options *opt;
	struct spelling *sp;    /* per string id */
	struct fold_group *fg;  /* per folded form */
	size_t cap, fg_cap;     /* of sp, in string ids; of fg, in forms */
	uint32_t *fold;         /* per string id: folded form + 1, 0 unknown */
	size_t fold_cap;
	struct folded fd;
	uint32_t *nfold;        /* per folded form: spellings of this column */
	size_t nfold_cap;
	uint32_t *seen_fold;    /* per seen spelling that is shared: its folded
	                           form */
	size_t seen_fold_cap;
	uint32_t *seen;         /* the string ids of this column, first seen first */
	size_t nseen, seen_cap;
	uint32_t *folds;        /* the folded ids met, first seen first */
	size_t nfolds, folds_cap;
	uint64_t *seen_hash;    /* per seen spelling: label_hash() of it */
	size_t seen_hash_cap;
	uint8_t *shared;        /* per seen spelling: 1 when another one's
	                           label_hash() is the same */
	size_t shared_cap;
	int two_threads;        /* hash_labels() may use two */
	uint8_t *met;           /* per string id: 1 when this column gives it,
	                           2 when it may also fold as another one does */
	uint8_t *cand;          /* per string id: 1 when it may fold as another
	                           one does; NULL: not known, any may */
};


static uint64_t
bytes_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h ^ (h >> 29);
}

/* A folded form looked up: its bytes (NUL-ended, at the tail of
 * fd->text), length and hash. */
struct form_key {
	const char *text;
	size_t len;
	uint32_t hash;
};

static int
form_same(const void *ctx, uint32_t entry, const void *key)
{
	const struct folded *fd = ctx;
	const struct form_key *k = key;

	return fd->hash[entry] == k->hash &&
	    memcmp(fd->text + fd->off[entry], k->text, k->len + 1) == 0;
}

static uint64_t
form_hash(const void *ctx, uint32_t entry)
{
	const struct folded *fd = ctx;

	return fd->hash[entry];
}

/* The folded form of string v, added when new; TS_NO_ID when out of
 * memory.  The label is folded straight into the free tail of the text,
 * which is kept only when the form is new. */
static uint32_t
fold_id(struct labels *lb, uint32_t v)
{
	struct folded *fd = &lb->fd;
	const char *s = ts_store_string(lb->st, v);
	size_t len = strlen(s), j;
	struct form_key k;
	uint32_t e;

	if (fd->tab.nslots == 0 && ts_hashtab_init(&fd->tab, 64) != 0)
		return TS_NO_ID;
	if (ts_grow(&fd->text, &fd->cap, fd->len + len + 1, 1) != 0 ||
	    ts_grow(&fd->off, &fd->off_cap, fd->noff + 1, sizeof *fd->off) != 0 ||
	    ts_grow(&fd->hash, &fd->hash_cap, fd->noff + 1, sizeof *fd->hash) != 0)
		return TS_NO_ID;
	/* len + 1 holds all of the folded value: a long label is never cut
	 * into another one's prefix. */
	k.text = fd->text + fd->len;
	k.len = ts_fields_fold_label(s, len, fd->text + fd->len, len + 1);
	k.hash = (uint32_t)bytes_hash(k.text, k.len);
	j = ts_hashtab_find(&fd->tab, k.hash, form_same, fd, &k);
	if (fd->tab.slots[j] != 0)
		return ts_hashtab_entry(&fd->tab, j);
	if (fd->noff >= UINT32_MAX - 1)
		return TS_NO_ID;
	e = (uint32_t)fd->noff++;
	fd->off[e] = fd->len;
	fd->hash[e] = k.hash;
	fd->len += k.len + 1;
	if (ts_hashtab_add(&fd->tab, j, e, form_hash, fd) != 0)
		return TS_NO_ID;
	return e;
}

/* A test may narrow the hash below (tests/unit/test_labels_hash.c), so
 * that different folded forms share it and only their texts tell them
 * apart. */
#ifndef TS_LABELS_HASH_MASK
#define TS_LABELS_HASH_MASK UINT64_MAX
#endif

/* A run of labels to hash (hash_labels()), with a buffer of its own:
 * the two halves of a long run are hashed on two threads. */
struct hash_part {
	const struct ts_store *st;
	const uint32_t *ids;    /* the labels' string ids; NULL: first + k */
	size_t first, n;
	uint64_t *out;          /* n hashes */
	char *buf;              /* one label folded */
	size_t buf_cap;
	int rc;
};

/* Label v folded into p->buf and hashed to 64 bits, a word at a time
 * (a bijection of the word when there is one, so two forms of up to
 * eight bytes never share a hash); -1 when out of memory. */
static int
label_hash(struct hash_part *p, uint32_t v, uint64_t *out)
{
	const char *s = ts_store_string(p->st, v);
	size_t len = strlen(s), flen, i;
	uint64_t h;

	if (len + 1 > p->buf_cap && ts_grow(&p->buf, &p->buf_cap, len + 1, 1) != 0)
		return -1;
	flen = ts_fields_fold_label(s, len, p->buf, len + 1);
	/* The words' products do not wait on one another; only the
	 * rotations and the final mix are a chain. */
	h = 0x9E3779B97F4A7C15ULL * (flen + 1);
	for (i = 0; i + 8 <= flen; i += 8)
		h = (h << 23 | h >> 41) ^ ts_bytes_le64(p->buf + i) * 0xFF51AFD7ED558CCDULL;
	if (i < flen)
		h = (h << 23 | h >> 41) ^
		    ts_bytes_short(p->buf + i, flen - i) * 0xFF51AFD7ED558CCDULL;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	*out = (h ^ (h >> 32)) & TS_LABELS_HASH_MASK;
	return 0;
}

static void *
hash_run(void *arg)
{
	struct hash_part *p = arg;
	size_t k;

	for (k = 0; k < p->n && p->rc == 0; k++)
		if (label_hash(p, (uint32_t)(p->ids ? p->ids[k] : p->first + k),
		    &p->out[k]) != 0)
			p->rc = -1;
	return NULL;
}

/* Labels hashed on a second thread when more than this many. */
#define HASH_SPLIT_MIN 65536

/* out[k] = label_hash() of label ids[k] (ids NULL: of first + k), for k
 * below n; -1 when out of memory.  On two threads when the input was
 * read on two (the user allowed them, and it is large). */
static int
hash_labels(const struct labels *lb, const uint32_t *ids, size_t first, size_t n,
    uint64_t *out)
{
	struct hash_part part[2];
	size_t half = lb->two_threads && n >= HASH_SPLIT_MIN ? n / 2 : n;
	pthread_t t;
	int started = 0;

	memset(part, 0, sizeof part);
	part[0].st = part[1].st = lb->st;
	part[0].ids = ids;
	part[0].first = first;
	part[0].n = half;
	part[0].out = out;
	part[1].ids = ids ? ids + half : NULL;
	part[1].first = first + half;
	part[1].n = n - half;
	part[1].out = out + half;
	if (half < n)
		started = pthread_create(&t, NULL, hash_run, &part[1]) == 0;
	hash_run(&part[0]);
	if (started)
		pthread_join(t, NULL);
	else
		hash_run(&part[1]);
	free(part[0].buf);
	free(part[1].buf);
	return part[0].rc | part[1].rc;
}

/* Entries per bucket of mark_shared(), about: a bucket's table stays in
 * the cache. */
#define BUCKET_SIZE 1024

/* shared[k] = 1 for every k below n whose hash h[k] another one has, 0
 * for most others; -1 when out of memory.  The hashes are first dealt
 * into buckets by their high bits, in one sequential pass, and each
 * bucket then looked through with a small table: a table of all of them
 * would be a cache miss a label.  A bucket's entry is the hash without
 * its bucket's bits, its lowest bits replaced by k: two hashes that
 * differ only there (one pair in a hundred thousand billion) are marked
 * too, which costs their texts compared, never a wrong merge. */
static int
mark_shared(const uint64_t *h, size_t n, uint8_t *shared)
{
	size_t nb = 1, bits = 0, kbits = 1, b, k, i, max = 0, tsize = 16, j;
	size_t *start = NULL;
	uint64_t *e = NULL, kmask, key;
	uint32_t *slot = NULL, *used = NULL;
	int rc = -1;

	memset(shared, 0, n);
	while (nb * BUCKET_SIZE < n && bits < 24) {
		nb *= 2;
		bits++;
	}
	while (kbits < 32 && ((size_t)1 << kbits) < n)
		kbits++;
	kmask = ((uint64_t)1 << kbits) - 1;
	if ((start = calloc(nb + 1, sizeof *start)) == NULL ||
	    (e = malloc((n ? n : 1) * sizeof *e)) == NULL)
		goto out;
#define BUCKET(x) (bits ? (size_t)((x) >> (64 - bits)) : 0)
	for (k = 0; k < n; k++)
		start[BUCKET(h[k]) + 1]++;
	for (b = 0; b < nb; b++) {
		if (start[b + 1] > max)
			max = start[b + 1];
		start[b + 1] += start[b];
	}
	/* Dealt in k order: start[b] ends at the end of bucket b. */
	for (k = 0; k < n; k++) {
		b = BUCKET(h[k]);
		e[start[b]++] = (h[k] << bits & ~kmask) | k;
	}
#undef BUCKET
	while (tsize < 2 * max)
		tsize *= 2;
	if ((slot = calloc(tsize, sizeof *slot)) == NULL ||
	    (used = malloc((max ? max : 1) * sizeof *used)) == NULL)
		goto out;
	for (b = 0, i = 0; b < nb; b++) {
		size_t from = i, nused = 0, u;

		for (; i < start[b]; i++) {
			key = e[i] & ~kmask;
			j = (size_t)(key >> kbits) & (tsize - 1);
			while (slot[j] != 0 && (e[from + slot[j] - 1] & ~kmask) != key)
				j = (j + 1) & (tsize - 1);
			if (slot[j] != 0) {
				shared[e[i] & kmask] = 1;
				shared[e[from + slot[j] - 1] & kmask] = 1;
				continue;
			}
			slot[j] = (uint32_t)(i - from + 1);
			used[nused++] = (uint32_t)j;
		}
		for (u = 0; u < nused; u++)
			slot[used[u]] = 0;
	}
	rc = 0;
out:
	free(start);
	free(e);
	free(slot);
	free(used);
	return rc;
}

/* Room for string ids below nstr in lb->sp, the new part zeroed. */
static int
grow_sp(struct labels *lb, size_t nstr)
{
	size_t old = lb->cap;

	/* The first time zeroed by calloc(): a million spellings of which
	 * a few are counted touch only those few pages. */
	if (lb->sp == NULL && nstr > 0) {
		if ((lb->sp = calloc(nstr, sizeof *lb->sp)) == NULL)
			return -1;
		lb->cap = nstr;
	} else if (nstr > old) {
		if (ts_grow(&lb->sp, &lb->cap, nstr, sizeof *lb->sp) != 0)
			return -1;
		memset(lb->sp + old, 0, (lb->cap - old) * sizeof *lb->sp);
	}
	return 0;
}

/* Room for ids below nstr in lb->sp and for forms below it in lb->fg,
 * the new parts zeroed. */
static int
grow_to(struct labels *lb, size_t nstr)
{
	size_t old_fg = lb->fg_cap;

	if (grow_sp(lb, nstr) != 0)
		return -1;
	if (nstr > old_fg) {
		if (ts_grow(&lb->fg, &lb->fg_cap, nstr, sizeof *lb->fg) != 0)
			return -1;
		memset(lb->fg + old_fg, 0, (lb->fg_cap - old_fg) * sizeof *lb->fg);
	}
	return 0;
}

/* Says which spellings of one fold were merged, and into which. */
static int
say(struct labels *lb, size_t dim, const struct fold_group *g, uint32_t canon)
{
	char list[1024], q[128], at[320];
	size_t o = 0;
	uint32_t v, first_other = UINT32_MAX, shown = 0;
	int w;

	for (v = g->head; v != 0 && o + 1 < sizeof list; v = lb->sp[v - 1].next) {
		const struct spelling *s = &lb->sp[v - 1];
		const char *str = ts_store_string(lb->st, v - 1);
		if (shown++ == 8) {
			w = snprintf(list + o, sizeof list - o, ", and %lu more",
			    (unsigned long)(g->n - 8));
			o += w > 0 && (size_t)w < sizeof list - o ? (size_t)w : 0;
			break;
		}
		ts_quote(str, strlen(str), q, sizeof q);
		ts_passes_where(lb->st, s->first, at, sizeof at);
		w = snprintf(list + o, sizeof list - o, "%s%s (%lu row%s, first at %s)",
		    o ? ", " : "", q, (unsigned long)s->rows, s->rows == 1 ? "" : "s", at);
		if (w > 0)
			o += (size_t)w < sizeof list - o ? (size_t)w : sizeof list - o - 1;
		if (v - 1 != canon && s->first < first_other)
			first_other = s->first;
	}
	{
		const char *str = ts_store_string(lb->st, canon);
		ts_quote(str, strlen(str), q, sizeof q);
	}
	if (ts_diags_add(lb->diags, TS_DIAG_WARNING,
	    ts_store_input(lb->st, first_other), ts_store_line(lb->st, first_other),
	    N_("column '%s': %lu spellings of one label counted as one group, shown "
	    "as %s: %s (--exact-labels keeps them apart)"),
	    ts_store_dim_name(lb->st, dim), (unsigned long)g->n, q, list) != 0)
		return -1;
	ts_diags_set_code(lb->diags, "labels_folded");
	return 0;
}

/* Records read at a time from the store's columns. */
#define CHUNK 4096

/* Reads the ids of column dim from record at on into ids, as many as a
 * chunk holds or are left; returns how many. */
static size_t
read_chunk(const struct ts_store *st, size_t dim, size_t at, uint32_t *ids)
{
	size_t n = ts_store_count(st), m = n - at < CHUNK ? n - at : CHUNK;

	ts_store_read_dim_ids(st, dim, at, at + m, ids);
	return m;
}

static int
fold_dim(struct labels *lb, size_t dim)
{
	struct ts_store *st = lb->st;
	size_t n = ts_store_count(st), ns = ts_store_nstrings(st), i, k;
	uint32_t v, f, best, c;
	struct fold_group *g;
	const char *str;
	int merged = 0;
	size_t at, m;
	uint32_t ids[CHUNK];

	lb->nseen = lb->nfolds = 0;
	/* Each string is listed once at most (met): room for all of them. */
	if ((lb->met == NULL && (lb->met = calloc(ns ? ns : 1, 1)) == NULL) ||
	    ts_grow(&lb->seen, &lb->seen_cap, ns ? ns : 1, sizeof *lb->seen) != 0)
		return -1;
	/* The column read a chunk at a time: a call per record costs more
	 * than the counting (ten million cases, three columns).  This walk
	 * only lists the spellings; their rows are counted by a second one,
	 * for the few that may fold alike. */
	for (at = 0; at < n; at += m) {
		m = read_chunk(st, dim, at, ids);
		for (i = 0; i < m; i++) {
			v = ids[i];
			if (v == 0 || v >= ns || lb->met[v] ||
			    (lb->cand && !lb->cand[v]))
				continue;
			lb->met[v] = 1;
			lb->seen[lb->nseen++] = v;
		}
	}
	if (ts_grow(&lb->seen_fold, &lb->seen_fold_cap, lb->nseen ? lb->nseen : 1,
	    sizeof *lb->seen_fold) != 0)
		return -1;
	/* Every spelling's folded form first, and how many spellings share
	 * it: a spelling alone in its form merges with nothing, and is not
	 * worth asking whether it is a number or a total word. */
	if (ts_grow(&lb->seen_hash, &lb->seen_hash_cap, lb->nseen ? lb->nseen : 1,
	    sizeof *lb->seen_hash) != 0 ||
	    ts_grow(&lb->shared, &lb->shared_cap, lb->nseen ? lb->nseen : 1, 1) != 0)
		return -1;
	if (hash_labels(lb, lb->seen, 0, lb->nseen, lb->seen_hash) != 0)
		return -1;
	if (mark_shared(lb->seen_hash, lb->nseen, lb->shared) != 0)
		return -1;
	for (k = 0; k < lb->nseen; k++)
		lb->met[lb->seen[k]] = (uint8_t)(1 + lb->shared[k]);
	if (memchr(lb->shared, 1, lb->nseen) != NULL) {
		if (grow_sp(lb, ns) != 0)
			return -1;
		for (at = 0; at < n; at += m) {
			m = read_chunk(st, dim, at, ids);
			for (i = 0; i < m; i++) {
				v = ids[i];
				if (v < ns && lb->met[v] == 2 && lb->sp[v].rows++ == 0)
					lb->sp[v].first = (uint32_t)(at + i);
			}
		}
	}
	/* Only spellings whose hash another one shares can fold alike: their
	 * folded texts are compared, in the order first seen, as all were. */
	for (k = 0; k < lb->nseen; k++) {
		v = lb->seen[k];
		if (!lb->shared[k])
			continue;
		if (v >= lb->fold_cap) {
			size_t old = lb->fold_cap;
			if (ts_grow(&lb->fold, &lb->fold_cap, (size_t)v + 1,
			    sizeof *lb->fold) != 0)
				return -1;
			memset(lb->fold + old, 0, (lb->fold_cap - old) * sizeof *lb->fold);
		}
		if (lb->fold[v] == 0) {
			if ((f = fold_id(lb, v)) == TS_NO_ID)
				return -1;
			lb->fold[v] = f + 1;
		}
		f = lb->fold[v] - 1;
		if ((size_t)f >= lb->nfold_cap) {
			size_t old = lb->nfold_cap;
			if (ts_grow(&lb->nfold, &lb->nfold_cap, (size_t)f + 1,
			    sizeof *lb->nfold) != 0)
				return -1;
			memset(lb->nfold + old, 0, (lb->nfold_cap - old) * sizeof *lb->nfold);
		}
		lb->nfold[f]++;
		lb->seen_fold[k] = f;
	}
	for (k = 0; k < lb->nseen; k++) {
		v = lb->seen[k];
		if (!lb->shared[k])
			continue;
		f = lb->seen_fold[k];
		if (lb->nfold[f] < 2)
			continue;
		str = ts_store_string(st, v);
		/* Total words are not groups: "NACIONAL" under one year and
		 * "Nacional" under the next are each their year's total. */
		if (ts_passes_is_number(str) ||
		    ts_totals_classify(str, strlen(str), lb->opt, NULL) != TS_TOTAL_NONE)
			continue;
		if (grow_to(lb, (size_t)f + 1) != 0)
			return -1;
		g = &lb->fg[f];
		if (g->n++ == 0) {
			g->head = v + 1;
			if (ts_grow(&lb->folds, &lb->folds_cap, lb->nfolds + 1,
			    sizeof *lb->folds) != 0)
				return -1;
			lb->folds[lb->nfolds++] = f;
		} else {
			lb->sp[g->tail - 1].next = v + 1;
		}
		g->tail = v + 1;
	}
	for (k = 0; k < lb->nfolds; k++) {
		g = &lb->fg[lb->folds[k]];
		if (g->n < 2)
			continue;
		best = g->head - 1;
		for (c = g->head; c != 0; c = lb->sp[c - 1].next)
			if (lb->sp[c - 1].rows > lb->sp[best].rows)
				best = c - 1;
		for (c = g->head; c != 0; c = lb->sp[c - 1].next)
			if (c - 1 != best)
				lb->sp[c - 1].canon = best + 1;
		if (say(lb, dim, g, best) != 0)
			return -1;
		merged = 1;
	}
	for (i = 0; merged && i < n; i++) {
		v = ts_store_dim_id(st, i, dim);
		if (v != 0 && v < lb->cap && lb->sp[v].canon &&
		    ts_store_set_dim(st, i, dim, lb->sp[v].canon - 1) != 0)
			return -1;
	}
	/* Only what this column touched is cleared. */
	for (k = 0; k < lb->nseen; k++) {
		lb->met[lb->seen[k]] = 0;
		if (lb->shared[k])
			memset(&lb->sp[lb->seen[k]], 0, sizeof *lb->sp);
	}
	for (k = 0; k < lb->nfolds; k++)
		memset(&lb->fg[lb->folds[k]], 0, sizeof *lb->fg);
	for (k = 0; k < lb->nseen; k++)
		if (lb->shared[k])
			lb->nfold[lb->seen_fold[k]] = 0;
	return 0;
}

/* 1 when two strings of the store may fold alike, 0 when none can, -1
 * when out of memory: every string is folded and hashed once, and
 * lb->cand[v] says whether string v's hash another one shares.  Only
 * those can be two spellings of one label in a column, so with none the
 * walks over the records are not needed, and with some the walks look
 * at them alone. */
static int
any_candidate(struct labels *lb)
{
	size_t ns = ts_store_nstrings(lb->st);

	if (ns < 3)
		return 0;       /* string 0 (empty) and one other */
	if (ts_grow(&lb->seen_hash, &lb->seen_hash_cap, ns, sizeof *lb->seen_hash) != 0 ||
	    (lb->cand = malloc(ns)) == NULL)
		return -1;
	/* String 0, the empty one, is no label. */
	if (hash_labels(lb, NULL, 1, ns - 1, lb->seen_hash) != 0)
		return -1;
	lb->cand[0] = 0;
	if (mark_shared(lb->seen_hash, ns - 1, lb->cand + 1) != 0)
		return -1;
	return memchr(lb->cand, 1, ns) != NULL;
}

int
ts_passes_fold_labels(struct ts_store *st, const uint8_t *keydim,
    const struct ts_totals_options *opt, struct ts_diags *diags)
{
	struct labels lb;
	size_t d, nkey = 0;
	int rc = 0, walk = 1;

	memset(&lb, 0, sizeof lb);
	lb.st = st;
	lb.diags = diags;
	lb.opt = opt;
	for (d = 0; d < ts_store_ninputs(st); d++) {
		const struct ts_input_info *info = ts_store_input_info_c(st, (uint32_t)d);
		if (info && info->threads >= 2)
			lb.two_threads = 1;
	}
	/* Labels no more than the cells to group (a few hundred over
	 * millions of records, or a million court files over a million
	 * records): hash the labels first, and walk the records only when
	 * two of them may fold alike. */
	for (d = 0; d < ts_store_ndims(st); d++)
		nkey += keydim[d] != 0;
	if (ts_store_nstrings(st) * 64 <= ts_store_count(st)) {
		walk = any_candidate(&lb);
		rc = walk < 0 ? -1 : 0;
	}
	for (d = 0; walk > 0 && d < ts_store_ndims(st) && rc == 0; d++)
		if (keydim[d])
			rc = fold_dim(&lb, d);
	free(lb.sp);
	free(lb.fg);
	free(lb.fold);
	free(lb.seen);
	free(lb.folds);
	free(lb.nfold);
	free(lb.seen_fold);
	free(lb.seen_hash);
	free(lb.shared);
	free(lb.cand);
	free(lb.met);
	free(lb.fd.text);
	free(lb.fd.off);
	free(lb.fd.hash);
	ts_hashtab_free(&lb.fd.tab);
	return rc;
}

/* ------------------------------------------------------------------ */

/* A total row kept for the counts only it gives (its label now its rows'
 * common one). */
#define TS_FLAG_COVERED_ANY (((1u << TS_NCOUNTS) - 1) << 8)

/* Whether record i has a total word in some grouping column: a total row
 * leaves the columns it sums over empty on purpose. */
static int
has_total_word(const struct ts_store *st, const uint8_t *keydim, size_t i,
    const struct ts_totals_options *opt)
{
	size_t d;
	uint32_t v;
	const char *s;

	for (d = 0; d < ts_store_ndims(st); d++) {
		v = ts_store_dim_id(st, i, d);
		if (!keydim[d] || v == 0 || v == TS_NO_ID)
			continue;
		s = ts_store_string(st, v);
		if (ts_totals_classify(s, strlen(s), opt, NULL) != TS_TOTAL_NONE)
			return 1;
	}
	return 0;
}

int
ts_passes_fill_down(struct ts_store *st, const uint8_t *keydim, size_t dim,
    const struct ts_totals_options *opt)
{
	size_t n = ts_store_count(st), i;
	uint32_t v, last = 0, input = UINT32_MAX;

	for (i = 0; i < n; i++) {
		if (ts_store_input(st, i) != input) {
			input = ts_store_input(st, i);
			last = 0;
		}
		v = ts_store_dim_id(st, i, dim);
		if (v != 0 && v != TS_NO_ID) {
			last = v;
			continue;
		}
		if (last != 0 && !has_total_word(st, keydim, i, opt) &&
		    ts_store_set_dim(st, i, dim, last) != 0)
			return -1;
	}
	return 0;
}

int
ts_passes_blank_labels(struct ts_store *st, const uint8_t *keydim,
    const struct ts_totals_options *opt, struct ts_diags *diags)
{
	size_t n = ts_store_count(st), nin = ts_store_ninputs(st), d, i, o, k;
	/* Per input: rows that give the column, blank rows, their first ten. */
	uint32_t *given = calloc(nin + 1, sizeof *given);
	uint32_t *blanks = calloc(nin + 1, sizeof *blanks);
	uint32_t *first = calloc((nin + 1) * 10, sizeof *first);
	uint8_t *blank_matters = calloc(nin + 1, 1);
	const struct ts_input_info *info;
	uint32_t in, v;
	char lines[200];
	int w, rc = -1;

	if (given == NULL || blanks == NULL || first == NULL || blank_matters == NULL)
		goto out;
	for (in = 0; in < nin; in++) {
		info = ts_store_input_info_c(st, in);
		blank_matters[in] = ts_passes_counts_input(st, in) && info &&
		    info->format && strcmp(info->format, "csv") == 0;
	}
	for (d = 0; d < ts_store_ndims(st); d++) {
		if (!keydim[d])
			continue;
		memset(given, 0, (nin + 1) * sizeof *given);
		memset(blanks, 0, (nin + 1) * sizeof *blanks);
		for (i = 0; i < n; i++) {
			in = ts_store_input(st, i);
			/* A case list may leave a cell unknown; a JSON record
			 * that omits a key means it (no merged cells there). */
			if (!blank_matters[in])
				continue;
			v = ts_store_dim_id(st, i, d);
			if (v != 0 && v != TS_NO_ID) {
				given[in]++;
			} else if (!(ts_store_flag(st, i) & (TS_FLAGS_OUT |
			    TS_FLAG_COVERED_ANY)) && !has_total_word(st, keydim, i, opt)) {
				if (blanks[in] < 10)
					first[in * 10 + blanks[in]] = (uint32_t)i;
				blanks[in]++;
			}
		}
		for (in = 0; in < nin; in++) {
			/* No row of the input gives the column: not its column. */
			if (given[in] == 0 || blanks[in] == 0)
				continue;
			o = 0;
			lines[0] = '\0';
			for (k = 0; k < blanks[in] && k < 10; k++) {
				w = snprintf(lines + o, sizeof lines - o, "%s%lu", o ? ", " : "",
				    (unsigned long)ts_store_line(st, first[in * 10 + k]));
				if (w > 0 && (size_t)w < sizeof lines - o)
					o += (size_t)w;
			}
			if (ts_diags_add(diags, TS_DIAG_WARNING, in,
			    ts_store_line(st, first[in * 10]), N_("column '%s' is blank in "
			    "%lu row%s (line%s %s%s) where the others give a label: each "
			    "blank is counted as a group of its own, not as the label "
			    "above it (--fill-down '%s' fills it from the row above, as "
			    "merged spreadsheet cells mean)"), ts_store_dim_name(st, d),
			    (unsigned long)blanks[in], blanks[in] == 1 ? "" : "s",
			    blanks[in] == 1 ? "" : "s", lines, blanks[in] > 10 ? ", ..." : "",
			    ts_store_dim_name(st, d)) != 0)
				goto out;
			ts_diags_set_code(diags, "labels_blank");
		}
	}
	rc = 0;
out:
	free(given);
	free(blanks);
	free(first);
	free(blank_matters);
	return rc;
}
