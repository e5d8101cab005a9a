/* csv.c — CSV and TSV output of the table formats (columns: result.c). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include "ts_cell.h"
#include "ts_error.h"
#include "ts_jsonout.h"
#include "ts_report.h"

/* The table's bytes go out a row at a time through a buffer of its own:
 * a million rows of a dozen cells each are too many for a stdio call a
 * cell.  With no fp the buffer grows and holds a block of rows for the
 * thread that writes them (see ts_report_write_table()). */
struct out {
	FILE *fp;
	size_t n, cap;
	int oom;                /* no fp and the buffer could not grow */
	char *buf;
};

static void
out_flush(struct out *o)
{
	if (o->n && o->fp)
		fwrite(o->buf, 1, o->n, o->fp);
	o->n = 0;
}

/* Room for len more bytes in a buffer with no fp: 0, or -1 when out of
 * memory (o->oom set, the bytes dropped). */
static int
out_room(struct out *o, size_t len)
{
	size_t cap = o->cap;

	if (o->oom || ts_grow(&o->buf, &cap, o->n + len, 1) != 0) {
		o->oom = 1;
		return -1;
	}
	o->cap = cap;
	return 0;
}

static void
out_bytes(struct out *o, const char *s, size_t len)
{
	if (len > o->cap - o->n) {
		if (o->fp == NULL) {
			if (out_room(o, len) != 0)
				return;
		} else {
			out_flush(o);
			if (len > o->cap) {
				fwrite(s, 1, len, o->fp);
				return;
			}
		}
	}
	memcpy(o->buf + o->n, s, len);
	o->n += len;
}

static void
out_char(struct out *o, char c)
{
	if (o->n == o->cap) {
		if (o->fp)
			out_flush(o);
		else if (out_room(o, 1) != 0)
			return;
	}
	o->buf[o->n++] = c;
}

#define OUT_BUF (1 << 14)

/* The texts of the numbers written so far, by their bits: the rates and
 * interval ends of small groups repeat from row to row (1/1, 0/1, 1/2),
 * and their shortest round-trip form costs more than a look-up. */
#define NUM_MEMO 512

struct num_memo {
	uint64_t bits[NUM_MEMO];
	uint8_t len[NUM_MEMO];          /* 0: the slot is empty */
	char text[NUM_MEMO][32];
};

/* Writes the text of v (as ts_num_text() writes it). */
static void
num_out(struct out *o, struct num_memo *m, double v)
{
	uint64_t bits;
	size_t j, len;
	char buf[64];

	memcpy(&bits, &v, sizeof bits);
	j = (size_t)((bits * 0x9E3779B97F4A7C15ULL) >> 55) & (NUM_MEMO - 1);
	if (m->len[j] && m->bits[j] == bits) {
		out_bytes(o, m->text[j], m->len[j]);
		return;
	}
	ts_num_text(v, buf, sizeof buf);
	len = strlen(buf);
	if (len > 0 && len < sizeof m->text[j]) {
		m->bits[j] = bits;
		m->len[j] = (uint8_t)len;
		memcpy(m->text[j], buf, len + 1);
	}
	out_bytes(o, buf, len);
}

/* Writes a count or rate cell: fractions for rates (as in JSON), "" for
 * what is missing or withheld, "<N" for a suppressed count.  x: the
 * range of g (NULL: none); rates: g's (ts_result_rate()). */
static void
value_out(struct out *o, const struct ts_result *r, const struct ts_group *g,
    const struct ts_range *x, const struct ts_rate *rates, const struct ts_column *c,
    struct num_memo *m)
{
	const struct ts_rate *rt;
	size_t q, size = 64;
	char buf[64];

	buf[0] = '\0';
	if (c->kind == TS_COL_CENSORED) {
		snprintf(buf, size, "%s", x ? "true" : "false");
		out_bytes(o, buf, strlen(buf));
		return;
	}
	if ((c->kind == TS_COL_MIN || c->kind == TS_COL_MAX) && c->which < TS_NCOUNTS) {
		if (g->hidden[c->which] == TS_SHOWN && g->sum[c->which] != TS_MISSING)
			snprintf(buf, size, "%lld", (long long)(c->kind == TS_COL_MAX && x ?
			    x->hi[c->which] : g->sum[c->which]));
		out_bytes(o, buf, strlen(buf));
		return;
	}
	if (c->kind == TS_COL_MIN || c->kind == TS_COL_MAX) {
		q = (size_t)c->which - TS_NCOUNTS;
		if (g->rate_hidden[q])
			return;
		if (x && (x->rates >> q & 1)) {
			if (x->low[q].defined)
				num_out(o, m, (c->kind == TS_COL_MIN ? &x->low[q] :
				    &x->high[q])->ci.value);
		} else if (rates[q].defined) {
			num_out(o, m, rates[q].ci.value);
		}
		return;
	}
	/* A range's own columns are the ends above; here only its interval. */
	if (c->kind != TS_COL_COUNT && x && (x->rates >> c->which & 1)) {
		if (c->kind != TS_COL_RATE && !g->rate_hidden[c->which] &&
		    x->low[c->which].has_interval && x->high[c->which].has_interval)
			num_out(o, m, c->kind == TS_COL_LOW ? x->low[c->which].ci.low :
			    x->high[c->which].ci.high);
		return;
	}
	if (c->kind == TS_COL_COUNT && x && (x->counts >> c->which & 1))
		return;
	if (c->kind == TS_COL_COUNT) {
		if (g->hidden[c->which] == TS_BELOW)
			snprintf(buf, size, "<%lld", (long long)r->opt.suppress);
		else if (g->hidden[c->which] == TS_WITHHELD)
			snprintf(buf, size, "%s", "withheld");
		else if (g->sum[c->which] != TS_MISSING)
			ts_int_text(g->sum[c->which], buf);
		out_bytes(o, buf, strlen(buf));
		return;
	}
	if (g->rate_hidden[c->which])
		return;
	rt = &rates[c->which];
	if (!rt->defined)
		return;
	if (c->kind == TS_COL_RATE)
		num_out(o, m, rt->ci.value);
	else if (rt->has_interval)
		num_out(o, m, c->kind == TS_COL_LOW ? rt->ci.low : rt->ci.high);
}

/* s with tab, line ends and backslash written \t \n \r \\ (TSV as
 * PostgreSQL COPY and Miller read it), malloc'd; NULL when out of memory. */
static char *
tsv_escape(const char *s)
{
	char *e = malloc(strlen(s) * 2 + 1), *o = e;

	if (e == NULL)
		return NULL;
	for (; *s; s++) {
		if (strchr("\t\n\r\\", *s)) {
			*o++ = '\\';
			*o++ = *s == '\t' ? 't' : *s == '\n' ? 'n' : *s == '\r' ? 'r' : '\\';
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return e;
}

/* The length of s when field() writes it as it is: printable ASCII with
 * no separator, quote or backslash, not starting as a formula would;
 * else 0 (field() then does the work). */
static size_t
plain_len(const char *s, char sep)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (p[0] == '=' || p[0] == '+' || p[0] == '-' || p[0] == '@')
		return 0;
	for (i = 0; p[i]; i++)
		if (p[i] < 0x20 || p[i] >= 0x7F || p[i] == (unsigned char)sep ||
		    p[i] == '"' || p[i] == '\\')
			return 0;
	return i;
}

/* One field: cleaned of terminal controls (which then read \xHH), a
 * would-be formula defused with a leading ' (unless defuse is 0); in CSV
 * quoted per RFC 4180 when it holds sep, a quote or a line break, in TSV
 * (sep '\t') escaped by tsv_escape() first. */
static void
field(struct out *o, const char *s, char sep, int defuse)
{
	char *t, *c;
	const char *p;
	size_t len = plain_len(s, sep);
	int quote;

	if (len > 0 || s[0] == '\0') {
		out_bytes(o, s, len);
		return;
	}
	t = sep == '\t' ? tsv_escape(s) : NULL;
	c = sep == '\t' ? (t ? ts_cell_clean(t, 1) : NULL) : ts_cell_clean(s, 1);
	free(t);
	if (c == NULL) {
		out_bytes(o, "\"\"", sep == '\t' ? 0 : 2);
		return;
	}
	quote = sep != '\t' && (strchr(c, sep) || strchr(c, '"') || strchr(c, '\n') ||
	    strchr(c, '\r'));
	if (quote)
		out_char(o, '"');
	if (defuse && strchr("=+-@\t\r", c[0]) && c[0] && !ts_cell_is_number(c))
		out_char(o, '\'');
	for (p = c; *p; p++) {
		if (*p == '"' && quote)
			out_char(o, '"');
		out_char(o, *p);
	}
	if (quote)
		out_char(o, '"');
	free(c);
}

int
ts_report_write_csv(FILE *fp, const struct ts_result *r, char sep)
{
	return ts_report_write_table(fp, r, sep, 1);
}

/* What writing a row needs besides the row: the columns and, per thread,
 * the memos of numbers and rates. */
struct table {
	const struct ts_result *r;
	struct ts_column cols[TS_MAX_COLUMNS];
	size_t ncols;
	size_t nkeys;           /* the key columns, the first ones */
	int tails;              /* no key column past them: tails memoised */
	char sep;
	int defuse;
};

/* The text of a row past its key, by what it is made of: a group's
 * sums, pair sums and what is hidden of them, when it has no range and
 * is neither the total nor the other row (whose rates may differ in
 * whether they have an interval).  A million groups of one case each
 * have a handful of these, and a look-up costs less than the cells. */
#define TAIL_MEMO 256
#define TAIL_TEXT 400
#define TAIL_VALUES (TS_NCOUNTS + 2 * TS_NRATES)

struct tail {
	int64_t v[TAIL_VALUES];
	uint8_t hidden[TS_NCOUNTS + TS_NRATES];
	uint16_t len;           /* 0: empty */
	char text[TAIL_TEXT];
};

struct memos {
	struct num_memo num;
	struct ts_rate_memo rate[TS_RATE_MEMO];
	struct tail tail[TAIL_MEMO];
	struct out scratch;     /* a tail being made (no fp) */
};

static void
memos_free(struct memos *m)
{
	if (m != NULL)
		free(m->scratch.buf);
	free(m);
}

/* What the tail of row g is made of, in key; 0 when it has none that a
 * tail of another row could share (a range, the total, the other row). */
static int
tail_key(const struct ts_result *r, const struct ts_group *g, const struct ts_range *x,
    struct tail *key)
{
	size_t k, q;

	if (x != NULL || g == &r->total || g == &r->other)
		return 0;
	for (k = 0; k < TS_NCOUNTS; k++)
		key->v[k] = g->sum[k];
	for (q = 0; q < TS_NRATES; q++) {
		key->v[TS_NCOUNTS + 2 * q] = ts_group_pair(g, (enum ts_rate_kind)q, 0);
		key->v[TS_NCOUNTS + 2 * q + 1] = ts_group_pair(g, (enum ts_rate_kind)q, 1);
	}
	memcpy(key->hidden, g->hidden, TS_NCOUNTS);
	memcpy(key->hidden + TS_NCOUNTS, g->rate_hidden, TS_NRATES);
	return 1;
}

static size_t
tail_slot(const struct tail *key)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL;
	size_t k;

	for (k = 0; k < TAIL_VALUES; k++)
		h = (h ^ (uint64_t)key->v[k]) * 0xBF58476D1CE4E5B9ULL;
	for (k = 0; k < TS_NCOUNTS + TS_NRATES; k++)
		h = (h ^ key->hidden[k]) * 0x94D049BB133111EBULL;
	return (size_t)(h >> 56) & (TAIL_MEMO - 1);
}

/* Writes the cells of row g from column `from` on (every one a value,
 * not a key), each after a separator, and the line end. */
static void
tail_out(struct out *o, const struct table *t, struct memos *m, const struct ts_group *g,
    const struct ts_range *x, size_t from)
{
	const struct ts_result *r = t->r;
	struct ts_rate rates[TS_NRATES];
	size_t k;

	for (k = 0; k < TS_NRATES; k++)
		rates[k] = ts_result_rate_memo(r, g, (enum ts_rate_kind)k, m->rate);
	for (k = from; k < t->ncols; k++) {
		if (k)
			out_char(o, t->sep);
		value_out(o, r, g, x, rates, &t->cols[k], &m->num);
	}
	out_char(o, '\n');
}

/* Writes rows lo..hi-1 (the total at ts_result_nrows()). */
static void
rows_out(struct out *o, const struct table *t, struct memos *m, size_t lo, size_t hi)
{
	const struct ts_result *r = t->r;
	const struct ts_group *g;
	const struct ts_range *x;
	struct tail key, *slot;
	struct out *mem = &m->scratch;
	char buf[64];
	size_t i, k;

	for (i = lo; i < hi; i++) {
		g = ts_result_row(r, i);
		x = ts_result_range(r, g);
		for (k = 0; k < t->nkeys; k++) {
			if (k)
				out_char(o, t->sep);
			field(o, ts_report_key(r, g, (size_t)t->cols[k].which, buf, sizeof buf),
			    t->sep, t->defuse);
		}
		if (!t->tails || !tail_key(r, g, x, &key)) {
			tail_out(o, t, m, g, x, t->nkeys);
			continue;
		}
		slot = &m->tail[tail_slot(&key)];
		if (slot->len == 0 || memcmp(slot->v, key.v, sizeof key.v) != 0 ||
		    memcmp(slot->hidden, key.hidden, sizeof key.hidden) != 0) {
			/* The tail as it is written, kept when it fits. */
			mem->n = 0;
			mem->oom = 0;
			tail_out(mem, t, m, g, x, t->nkeys);
			if (mem->oom || mem->n > TAIL_TEXT) {
				tail_out(o, t, m, g, x, t->nkeys);
				continue;
			}
			memcpy(slot->v, key.v, sizeof key.v);
			memcpy(slot->hidden, key.hidden, sizeof key.hidden);
			memcpy(slot->text, mem->buf, mem->n);
			slot->len = (uint16_t)mem->n;
		}
		out_bytes(o, slot->text, slot->len);
	}
}

/* Rows go to a second thread a block at a time, the odd blocks, while the
 * calling thread writes the even ones and the odd ones in turn: the
 * bytes are those of one thread, block after block.  SLOTS blocks of the
 * second thread's may wait to be written. */
#define BLOCK_ROWS 4096
#define SLOTS 2
#define TWO_THREADS_ROWS (4 * BLOCK_ROWS)

struct slot {
	struct out o;
	size_t block;           /* the block it holds, when full */
	int full;
};

struct second {
	const struct table *t;
	struct memos *m;
	size_t nblocks, nrows;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct slot slot[SLOTS];
	int stop;               /* the first thread gave up */
};

static void *
second_run(void *arg)
{
	struct second *s = arg;
	struct slot *sl;
	size_t b, hi;

	for (b = 1; b < s->nblocks; b += 2) {
		sl = &s->slot[b / 2 % SLOTS];
		pthread_mutex_lock(&s->mu);
		while (sl->full && !s->stop)
			pthread_cond_wait(&s->cv, &s->mu);
		pthread_mutex_unlock(&s->mu);
		if (s->stop)
			break;
		sl->o.n = 0;
		hi = (b + 1) * BLOCK_ROWS < s->nrows ? (b + 1) * BLOCK_ROWS : s->nrows;
		rows_out(&sl->o, s->t, s->m, b * BLOCK_ROWS, hi);
		pthread_mutex_lock(&s->mu);
		sl->block = b;
		sl->full = 1;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
	}
	return NULL;
}

/* Writes rows 0..nrows-1 on two threads.  Returns 0; 1 when out of
 * memory or the thread could not start before anything was written (the
 * caller writes the rows itself); -1 when out of memory after. */
static int
rows_two_threads(struct out *o, const struct table *t, struct memos *m, size_t nrows)
{
	struct second s;
	struct slot *sl;
	pthread_t th;
	size_t b, hi, i;
	int rc = 0;

	memset(&s, 0, sizeof s);
	s.t = t;
	s.nrows = nrows;
	s.nblocks = (nrows + BLOCK_ROWS - 1) / BLOCK_ROWS;
	if ((s.m = calloc(1, sizeof *s.m)) == NULL)
		return 1;
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.cv, NULL);
	if (pthread_create(&th, NULL, second_run, &s) != 0) {
		rc = 1;
		goto out;
	}
	for (b = 0; b < s.nblocks; b++) {
		if (b % 2 == 0) {
			hi = (b + 1) * BLOCK_ROWS < nrows ? (b + 1) * BLOCK_ROWS : nrows;
			rows_out(o, t, m, b * BLOCK_ROWS, hi);
			continue;
		}
		sl = &s.slot[b / 2 % SLOTS];
		pthread_mutex_lock(&s.mu);
		while (!(sl->full && sl->block == b))
			pthread_cond_wait(&s.cv, &s.mu);
		pthread_mutex_unlock(&s.mu);
		if (sl->o.oom) {
			rc = -1;
			break;
		}
		out_bytes(o, sl->o.buf, sl->o.n);
		pthread_mutex_lock(&s.mu);
		sl->full = 0;
		pthread_cond_broadcast(&s.cv);
		pthread_mutex_unlock(&s.mu);
	}
	pthread_mutex_lock(&s.mu);
	s.stop = 1;
	pthread_cond_broadcast(&s.cv);
	pthread_mutex_unlock(&s.mu);
	pthread_join(th, NULL);
out:
	for (i = 0; i < SLOTS; i++)
		free(s.slot[i].o.buf);
	pthread_cond_destroy(&s.cv);
	pthread_mutex_destroy(&s.mu);
	memos_free(s.m);
	return rc;
}

int
ts_report_write_table(FILE *fp, const struct ts_result *r, char sep, int defuse)
{
	struct table *t = malloc(sizeof *t);
	struct out *o = malloc(sizeof *o);
	struct memos *m = calloc(1, sizeof *m);
	size_t k, nrows;
	int rc = 1;

	if (o == NULL || m == NULL || t == NULL ||
	    (o->buf = malloc(OUT_BUF)) == NULL) {
		free(o);
		memos_free(m);
		free(t);
		errno = ENOMEM;
		return -1;
	}
	o->fp = fp;
	o->n = 0;
	o->cap = OUT_BUF;
	o->oom = 0;
	t->r = r;
	t->ncols = ts_report_columns(r, t->cols);
	for (t->nkeys = 0; t->nkeys < t->ncols && t->cols[t->nkeys].kind == TS_COL_KEY; t->nkeys++)
		;
	t->tails = 1;
	for (k = t->nkeys; k < t->ncols; k++)
		t->tails &= t->cols[k].kind != TS_COL_KEY;
	t->sep = sep;
	t->defuse = defuse;
	for (k = 0; k < t->ncols; k++) {
		if (k)
			out_char(o, sep);
		field(o, t->cols[k].name, sep, defuse);
	}
	out_char(o, '\n');
	nrows = ts_result_nrows(r) + 1;
	/* The bytes do not depend on the threads, only the time does. */
	if (r->opt.threads >= 2 && nrows >= TWO_THREADS_ROWS)
		rc = rows_two_threads(o, t, m, nrows);
	if (rc == 1)
		rows_out(o, t, m, 0, nrows);
	out_flush(o);
	if (rc == -1)
		errno = ENOMEM;
	else
		rc = ferror(fp) ? -1 : 0;
	free(o->buf);
	free(o);
	memos_free(m);
	free(t);
	return rc;
}
