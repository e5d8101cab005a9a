/* convert.c — the records of the store as CSV, JSON or NDJSON.
 *
 * Records are formatted into a memory block a chunk of records at a time
 * and the block written with one fwrite(); on two threads the chunks
 * alternate between the threads and are written in order, so the bytes
 * are the same.  Values that repeat (dimension and source strings,
 * periods, closing days) are formatted once and kept in small caches. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cell.h"
#include "ts_convert.h"
#include "ts_fields.h"
#include "ts_jsonout.h"
#include "ts_numfmt.h"
#include "ts_report.h"

/* Records formatted between two writes: the block (about 1 MB of NDJSON
 * for case-list records) stays in the cache until it is written. */
#define CHUNK 2048
/* Entries of each cache, and the longest text one keeps. */
#define MEMO_MAX 4096
#define MEMO_TEXT 160

int
ts_convert_parse_format(const char *name, enum ts_convert_format *out)
{
	if (strcmp(name, "csv") == 0)
		*out = TS_CONVERT_CSV;
	else if (strcmp(name, "json") == 0)
		*out = TS_CONVERT_JSON;
	else if (strcmp(name, "ndjson") == 0)
		*out = TS_CONVERT_NDJSON;
	else
		return -1;
	return 0;
}

/* A growing block of output. */
struct block {
	char *p;
	size_t n, cap;
	int oom;
};

/* room() when the block must grow. */
static TS_COLD char *
grow(struct block *b, size_t need)
{
	size_t cap;
	char *p;

	if (b->oom || need > ((size_t)-1) / 2 - b->n)
		goto fail;
	for (cap = b->cap ? b->cap : 65536; cap - b->n < need; cap *= 2)
		;
	if ((p = realloc(b->p, cap)) == NULL)
		goto fail;
	b->p = p;
	b->cap = cap;
	return p + b->n;
fail:
	b->oom = 1;
	return NULL;
}

/* Room for need more bytes at b->p + b->n; NULL when out of memory. */
static inline char *
room(struct block *b, size_t need)
{
	if (b->cap - b->n >= need)
		return b->p + b->n;
	return grow(b, need);
}

static inline void
put(struct block *b, const char *s, size_t len)
{
	char *o = room(b, len);

	if (o) {
		memcpy(o, s, len);
		b->n += len;
	}
}

static void
put_json(struct block *b, const char *s)
{
	size_t len = strlen(s);
	char *o = room(b, TS_JSON_ROOM(len));

	if (o)
		b->n += ts_json_put(o, s, len);
}

/* Bytes that a CSV cell shows as they are, without quotes. */
static int
csv_plain(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] < 0x20 || p[i] >= 0x7F || p[i] == ',' || p[i] == '"')
			return 0;
	return 1;
}

/* The rule of ts_convert_csv_cell(), into b. */
static void
put_csv(struct block *b, const char *s, int terminal)
{
	size_t len = strlen(s), quotes = 0, i;
	char *clean, *o;
	const char *t, *p;
	int formula, quoted;

	/* Printable ASCII without a comma or quote: cleaning keeps it, and
	 * it needs no quotes. */
	if (csv_plain(s, len) && (len == 0 || !strchr("=+-@", s[0]) ||
	    ts_cell_is_number(s))) {
		put(b, s, len);
		return;
	}
	/* Cleaned wherever it goes: a file or a pipe is shown on a terminal
	 * later (| head, cat).  Line breaks and tabs are kept (quoted) only
	 * when it is not a terminal, where they would break the table. */
	clean = ts_cell_clean(s, !terminal);
	if (clean == NULL) {
		b->oom = 1;
		return;
	}
	t = clean;
	formula = t[0] && strchr("=+-@\t\r", t[0]) && !ts_cell_is_number(t);
	quoted = strpbrk(t, ",\"\r\n") != NULL;
	len = strlen(t);
	for (p = t; *p; p++)
		quotes += *p == '"';
	if ((o = room(b, len + quotes + 3)) != NULL) {
		if (quoted)
			*o++ = '"';
		if (formula)
			*o++ = '\'';
		for (i = 0; i < len; i++) {
			if (t[i] == '"')
				*o++ = '"';
			*o++ = t[i];
		}
		if (quoted)
			*o++ = '"';
		b->n = (size_t)(o - b->p);
	}
	free(clean);
}

void
ts_convert_csv_cell(FILE *fp, const char *s, int terminal)
{
	struct block b = { NULL, 0, 0, 0 };

	put_csv(&b, s, terminal);
	if (b.oom)
		fputs("\"\"", fp);    /* out of memory: nothing unsafe */
	else
		fwrite(b.p, 1, b.n, fp);
	free(b.p);
}

/* y, y-mm or y-mm-dd (parts 1, 2, 3) into buf (room for 16), as
 * "%04d-%02d-%02d" prints them: digits written directly for the years
 * 0..9999, snprintf for the others. */
static void
put_date(char *buf, int y, int m, int d, int parts)
{
	if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) {
		if (parts == 1)
			snprintf(buf, 16, "%d", y);
		else if (parts == 2)
			snprintf(buf, 16, "%04d-%02d", y, m);
		else
			snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
		return;
	}
	if (parts == 1 && y < 1000) {
		ts_int_text(y, buf);
		return;
	}
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '\0';
	if (parts == 1)
		return;
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '\0';
	if (parts == 2)
		return;
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

/* Texts already written, by key: an open-addressed table of at most
 * MEMO_MAX entries (then no more are added), the bytes in one arena. */
struct memo_slot {
	uint64_t key;           /* key + 1; 0: empty */
	uint32_t at, len;
};
struct memo {
	struct memo_slot *slot;
	size_t nslots, n;
	/* Keys below ndense (ids that run from 0) by index: dense_len 0 for
	 * none yet (no text is empty: each begins with its field's name). */
	uint32_t *dense_at, *dense_len;
	size_t ndense;
	struct block text;
};

/* What one thread needs to format records. */
struct writer {
	const struct ts_store *st;
	enum ts_convert_format format;
	int terminal;
	char **names;           /* each field's name as written before its value */
	size_t *name_len;
	struct block out;
	struct memo *strs;      /* a field's strings, by string id */
	struct memo periods, days, outcomes;
	/* The columns of the records of one chunk, read in bulk. */
	uint32_t *period, *dims, *closed;
	int64_t *counts;
	uint16_t *flags;
	uint8_t *codes;
};

/* The fields in order; a dimension's name comes from the store. */
enum {
	F_PERIOD, F_YEAR, F_MONTH, F_DATE, F_DIMS
};
static const char *const tail_names[] = {
	"case_id", "outcome", "closed", "source", "excluded",
};
#define NTAIL (sizeof tail_names / sizeof tail_names[0])

static size_t
nfields(const struct ts_store *st)
{
	return F_DIMS + ts_store_ndims(st) + TS_NCOUNTS + NTAIL;
}

static const char *
field_name(const struct ts_store *st, size_t k)
{
	static const char *const head[] = { "period", "year", "month", "date" };
	size_t nd = ts_store_ndims(st);

	if (k < F_DIMS)
		return head[k];
	if (k < F_DIMS + nd)
		return ts_store_dim_name(st, k - F_DIMS);
	if (k < F_DIMS + nd + TS_NCOUNTS)
		return ts_count_name((enum ts_count)(k - F_DIMS - nd));
	return tail_names[k - F_DIMS - nd - TS_NCOUNTS];
}

static size_t
memo_hash(uint64_t key)
{
	return (size_t)(((key + 1) * 0x9E3779B97F4A7C15ULL) >> 32);
}

/* 1 when memo holds key (its text appended to the output), else 0. */
static int
memo_take(struct writer *w, struct memo *m, uint64_t key)
{
	size_t j, mask = m->nslots - 1;

	if (key < m->ndense) {
		if (m->dense_len[key] == 0)
			return 0;
		put(&w->out, m->text.p + m->dense_at[key], m->dense_len[key]);
		return 1;
	}
	if (m->n == 0)
		return 0;
	for (j = memo_hash(key) & mask; m->slot[j].key; j = (j + 1) & mask)
		if (m->slot[j].key == key + 1) {
			put(&w->out, m->text.p + m->slot[j].at, m->slot[j].len);
			return 1;
		}
	return 0;
}

/* Keeps the bytes of the output from 'from' on as key's text, when there
 * is room (failing to keep one only costs time). */
static void
memo_keep(struct writer *w, struct memo *m, uint64_t key, size_t from)
{
	size_t len = w->out.n - from, j, mask, k;
	struct memo_slot *ns;
	char *t;

	if (w->out.oom || len > MEMO_TEXT || len == 0)
		return;
	if (key < m->ndense) {
		if ((t = room(&m->text, len)) == NULL) {
			m->text.oom = 0;
			return;
		}
		memcpy(t, w->out.p + from, len);
		m->dense_at[key] = (uint32_t)m->text.n;
		m->dense_len[key] = (uint32_t)len;
		m->text.n += len;
		return;
	}
	if (m->n >= MEMO_MAX)
		return;
	if (2 * (m->n + 1) > m->nslots) {
		size_t nn = m->nslots ? 2 * m->nslots : 1024;
		if ((ns = calloc(nn, sizeof *ns)) == NULL)
			return;
		for (k = 0; k < m->nslots; k++) {
			if (!m->slot[k].key)
				continue;
			for (j = memo_hash(m->slot[k].key - 1) & (nn - 1); ns[j].key;
			    j = (j + 1) & (nn - 1))
				;
			ns[j] = m->slot[k];
		}
		free(m->slot);
		m->slot = ns;
		m->nslots = nn;
	}
	if ((t = room(&m->text, len)) == NULL) {
		m->text.oom = 0;
		return;
	}
	memcpy(t, w->out.p + from, len);
	mask = m->nslots - 1;
	for (j = memo_hash(key) & mask; m->slot[j].key; j = (j + 1) & mask)
		;
	m->slot[j].key = key + 1;
	m->slot[j].at = (uint32_t)m->text.n;
	m->slot[j].len = (uint32_t)len;
	m->text.n += len;
	m->n++;
}

/* Keys 0 .. n - 1 (at most MEMO_MAX of them) kept by index. */
static int
memo_dense(struct memo *m, size_t n)
{
	m->ndense = n < MEMO_MAX ? n : MEMO_MAX;
	m->dense_at = calloc(m->ndense + 1, sizeof *m->dense_at);
	m->dense_len = calloc(m->ndense + 1, sizeof *m->dense_len);
	return m->dense_at && m->dense_len ? 0 : -1;
}

static void
memo_free(struct memo *m)
{
	free(m->dense_at);
	free(m->dense_len);
	free(m->slot);
	free(m->text.p);
}

/* Field k's name (JSON) or separator (CSV), then its value: text as a
 * string, or as it is when number (a JSON number; digits in CSV). */
static void
put_value(struct writer *w, size_t k, const char *text, int number)
{
	put(&w->out, w->names[k], w->name_len[k]);
	if (w->format == TS_CONVERT_CSV) {
		if (text)
			put_csv(&w->out, text, w->terminal);
	} else if (text == NULL) {
		put(&w->out, "null", 4);
	} else if (number) {
		put(&w->out, text, strlen(text));
	} else {
		put_json(&w->out, text);
	}
}

/* Interned string id as field k (a dimension or the source). */
static void
put_string(struct writer *w, size_t k, uint32_t id)
{
	size_t from = w->out.n;

	if (id == 0 || id == TS_NO_ID) {
		put_value(w, k, NULL, 0);
		return;
	}
	/* The field's name is part of the text kept: one cache a field. */
	if (memo_take(w, &w->strs[k], id))
		return;
	put_value(w, k, ts_store_string(w->st, id), 0);
	memo_keep(w, &w->strs[k], id, from);
}

/* Period id as the record's period and the year, month and date derived
 * from it. */
static void
put_period(struct writer *w, uint32_t id)
{
	struct ts_period p, at;
	char text[64], year[16], month[16], date[16];
	int y, m, day, has_year, has_month;
	size_t from = w->out.n;

	if (memo_take(w, &w->periods, id))
		return;
	p = ts_store_period_by_id(w->st, id);
	if (p.precision != TS_PREC_NONE)
		ts_period_format(&p, text, sizeof text);
	at = ts_period_at(&p, TS_PREC_YEAR);
	has_year = at.precision == TS_PREC_YEAR;
	at = ts_period_at(&p, TS_PREC_MONTH);
	has_month = at.precision == TS_PREC_MONTH;
	ts_civil_from_days(p.lo, &y, &m, &day);
	put_date(year, y, m, day, 1);
	put_date(month, y, m, day, 2);
	put_date(date, y, m, day, 3);
	put_value(w, F_PERIOD, p.precision == TS_PREC_NONE ? NULL : text, 0);
	put_value(w, F_YEAR, has_year ? year : NULL, 1);
	put_value(w, F_MONTH, has_month ? month : NULL, 0);
	/* A one-day period gives its date too, so that reading the output
	 * back (where date wins over month) keeps the day. */
	put_value(w, F_DATE, p.precision != TS_PREC_NONE && p.lo == p.hi ? date : NULL, 0);
	memo_keep(w, &w->periods, id, from);
}

/* The day a case closed (an id of the store's closed days) as field k. */
static void
put_closed(struct writer *w, size_t k, uint32_t id)
{
	char date[16];
	int y, m, day;
	size_t from = w->out.n;
	int32_t closed;

	if (memo_take(w, &w->days, id))
		return;
	closed = ts_store_closed_day_by_id(w->st, id);
	if (closed == TS_NO_DAY) {
		put_value(w, k, NULL, 0);
		memo_keep(w, &w->days, id, from);
		return;
	}
	ts_civil_from_days(closed, &y, &m, &day);
	put_date(date, y, m, day, 3);
	put_value(w, k, date, 0);
	memo_keep(w, &w->days, id, from);
}

/* Count c of record i (v as read; flags its flags) as field k. */
static void
put_count(struct writer *w, size_t k, size_t i, enum ts_count c, int64_t v,
    unsigned flags)
{
	int64_t lo, hi;
	char text[24], *o;

	if (v == TS_MISSING || (flags & TS_FLAG_COVERED(c))) {
		put_value(w, k, NULL, 0);
		return;
	}
	/* A censored count as a cell that reads back as a range holding it:
	 * "<5" (1..4) from 1 up, "≤3" (0..3) from 0. */
	if ((flags & TS_FLAG_CENSORED) && ts_store_censored(w->st, i, c, &lo, &hi) &&
	    lo != hi) {
		if (lo >= 1 && hi < INT64_MAX)
			snprintf(text, sizeof text, "<%lld", (long long)hi + 1);
		else
			snprintf(text, sizeof text, "\xe2\x89\xa4%lld", (long long)hi);
		put_value(w, k, text, 0);
		return;
	}
	put(&w->out, w->names[k], w->name_len[k]);
	if ((o = room(&w->out, 24)) == NULL)
		return;
	if (v >= 0 && v < 10) {
		*o = (char)('0' + v);
		w->out.n++;
	} else {
		w->out.n += ts_numfmt_i64(o, v);
	}
}

/* Record i, the j-th of the chunk read into w's columns; n records in all. */
static void
put_record(struct writer *w, size_t i, size_t j, size_t n)
{
	const struct ts_store *st = w->st;
	size_t d, k = F_DIMS, nd = ts_store_ndims(st), from;
	unsigned flag = w->flags[j];
	uint32_t id;
	uint8_t outcome;

	put_period(w, w->period[j]);
	for (d = 0; d < nd; d++)
		put_string(w, k++, w->dims[d * CHUNK + j]);
	for (d = 0; d < TS_NCOUNTS; d++)
		put_count(w, k++, i, (enum ts_count)d, w->counts[d * CHUNK + j], flag);
	/* Case lists: the case, its outcome word and when it closed. */
	put_value(w, k++, ts_store_case_text(st, i, NULL), 0);
	outcome = (uint8_t)(w->codes[j] & ~TS_CASE_COUNTS);
	from = w->out.n;
	if (!memo_take(w, &w->outcomes, outcome)) {
		put_value(w, k, outcome ? ts_outcome_name((enum ts_outcome)outcome) : NULL, 0);
		memo_keep(w, &w->outcomes, outcome, from);
	}
	k++;
	put_closed(w, k++, w->closed[j]);
	id = ts_store_source(st, i);
	if (id)
		put_string(w, k++, id);
	else
		put_value(w, k++, NULL, 0);
	/* Rows the report leaves out of its sums, so that a reader of the
	 * output does not count a total twice. */
	put_value(w, k, flag & TS_FLAG_TOTAL ? "total" : flag & TS_FLAG_SUBTOTAL ?
	    "subtotal" : flag & TS_FLAG_REVISED ? "revised" :
	    flag & TS_FLAG_REPEAT ? "repeat" : NULL, 0);
	if (w->format == TS_CONVERT_CSV)
		put(&w->out, "\n", 1);
	else if (w->format == TS_CONVERT_JSON && i + 1 < n)
		put(&w->out, "},\n", 3);
	else
		put(&w->out, "}\n", 2);
}

static void
writer_free(struct writer *w)
{
	size_t k;

	if (w->names)
		for (k = 0; k < nfields(w->st); k++)
			free(w->names[k]);
	free(w->names);
	free(w->name_len);
	free(w->period);
	free(w->dims);
	free(w->closed);
	free(w->counts);
	free(w->flags);
	free(w->codes);
	free(w->out.p);
	if (w->strs)
		for (k = 0; k < nfields(w->st); k++)
			memo_free(&w->strs[k]);
	free(w->strs);
	memo_free(&w->periods);
	memo_free(&w->days);
	memo_free(&w->outcomes);
}

static int
writer_init(struct writer *w, const struct ts_store *st,
    enum ts_convert_format format, int terminal)
{
	size_t k, nf = nfields(st), len;
	const char *name;
	struct block b;

	memset(w, 0, sizeof *w);
	w->st = st;
	w->format = format;
	w->terminal = terminal;
	w->names = calloc(nf, sizeof *w->names);
	w->name_len = calloc(nf, sizeof *w->name_len);
	w->period = calloc(CHUNK, sizeof *w->period);
	w->dims = calloc(CHUNK * (ts_store_ndims(st) + 1), sizeof *w->dims);
	w->closed = calloc(CHUNK, sizeof *w->closed);
	w->counts = calloc(CHUNK * TS_NCOUNTS, sizeof *w->counts);
	w->flags = calloc(CHUNK, sizeof *w->flags);
	w->codes = calloc(CHUNK, sizeof *w->codes);
	if (w->names == NULL || w->name_len == NULL || w->period == NULL ||
	    w->dims == NULL || w->closed == NULL || w->counts == NULL ||
	    w->flags == NULL || w->codes == NULL ||
	    (w->strs = calloc(nf, sizeof *w->strs)) == NULL ||
	    memo_dense(&w->periods, ts_store_nperiods(st)) != 0 ||
	    memo_dense(&w->days, ts_store_nclosed_days(st) + 1) != 0 ||
	    memo_dense(&w->outcomes, 256) != 0) {
		writer_free(w);
		return -1;
	}
	/* The dimensions' and the source's strings by index (those with
	 * the lower ids: the values met first). */
	for (k = F_DIMS; k < nf; k++)
		if ((k < F_DIMS + ts_store_ndims(st) || k == nf - 2) &&
		    memo_dense(&w->strs[k], ts_store_nstrings(st)) != 0) {
			writer_free(w);
			return -1;
		}
	/* JSON: {"period": then , "year": ...; CSV: a comma between. */
	for (k = 0; k < nf; k++) {
		memset(&b, 0, sizeof b);
		name = field_name(st, k);
		len = strlen(name);
		if (format == TS_CONVERT_CSV) {
			put(&b, k ? "," : "", k ? 1 : 0);
		} else {
			put(&b, k ? ", " : "{", k ? 2 : 1);
			if (room(&b, TS_JSON_ROOM(len)) != NULL)
				b.n += ts_json_put(b.p + b.n, name, len);
			put(&b, ": ", 2);
		}
		put(&b, "", 1);
		if (b.oom) {
			free(b.p);
			writer_free(w);
			return -1;
		}
		w->names[k] = b.p;
		w->name_len[k] = b.n - 1;
	}
	return 0;
}

static void
write_csv_header(struct block *b, const struct ts_store *st, int terminal)
{
	size_t d;

	put(b, "period,year,month,date", 22);
	for (d = 0; d < ts_store_ndims(st); d++) {
		put(b, ",", 1);
		put_csv(b, ts_store_dim_name(st, d), terminal);
	}
	for (d = 0; d < TS_NCOUNTS; d++) {
		put(b, ",", 1);
		put(b, ts_count_name((enum ts_count)d), strlen(ts_count_name((enum ts_count)d)));
	}
	put(b, ",case_id,outcome,closed,source,excluded\n", 40);
}

/* The chunks of records shared by the threads, written in order. */
struct shared {
	FILE *fp;
	size_t n, nchunks, turn;     /* turn: the chunk to write next */
	int failed, err;             /* a write failed (errno err); oom */
	int oom;
	pthread_mutex_t lock;
	pthread_cond_t moved;
};

struct worker {
	struct writer w;
	struct shared *sh;
	size_t first, step;          /* chunks first, first + step, ... */
};

/* Reads the columns of records from .. to - 1 into w. */
static void
read_chunk(struct writer *w, size_t from, size_t to)
{
	size_t d;

	ts_store_read_period_ids(w->st, from, to, w->period);
	for (d = 0; d < ts_store_ndims(w->st); d++)
		ts_store_read_dim_ids(w->st, d, from, to, w->dims + d * CHUNK);
	for (d = 0; d < TS_NCOUNTS; d++)
		ts_store_read_counts_raw(w->st, (enum ts_count)d, from, to,
		    w->counts + d * CHUNK);
	ts_store_read_flags(w->st, from, to, w->flags);
	ts_store_read_closed_ids(w->st, from, to, w->closed);
	ts_store_read_case_codes(w->st, from, to, w->codes);
}

/* Formats the worker's chunks and writes each in its turn. */
static void *
run_worker(void *arg)
{
	struct worker *wk = arg;
	struct shared *sh = wk->sh;
	size_t c, i, to;
	int stop = 0;

	for (c = wk->first; c < sh->nchunks && !stop; c += wk->step) {
		wk->w.out.n = 0;
		to = (c + 1) * CHUNK < sh->n ? (c + 1) * CHUNK : sh->n;
		read_chunk(&wk->w, c * CHUNK, to);
		for (i = c * CHUNK; i < to; i++)
			put_record(&wk->w, i, i - c * CHUNK, sh->n);
		pthread_mutex_lock(&sh->lock);
		while (sh->turn != c)
			pthread_cond_wait(&sh->moved, &sh->lock);
		if (wk->w.out.oom)
			sh->oom = 1;
		stop = sh->failed || sh->oom;
		pthread_mutex_unlock(&sh->lock);
		/* Only the thread whose turn it is writes. */
		if (!stop && fwrite(wk->w.out.p, 1, wk->w.out.n, sh->fp) != wk->w.out.n) {
			stop = 1;
			pthread_mutex_lock(&sh->lock);
			sh->failed = 1;
			sh->err = errno;
			pthread_mutex_unlock(&sh->lock);
		}
		pthread_mutex_lock(&sh->lock);
		sh->turn++;
		pthread_cond_broadcast(&sh->moved);
		pthread_mutex_unlock(&sh->lock);
	}
	/* A worker that stops early still passes its later turns. */
	for (; c < sh->nchunks; c += wk->step) {
		pthread_mutex_lock(&sh->lock);
		while (sh->turn != c)
			pthread_cond_wait(&sh->moved, &sh->lock);
		sh->turn++;
		pthread_cond_broadcast(&sh->moved);
		pthread_mutex_unlock(&sh->lock);
	}
	return NULL;
}

int
ts_convert_write(FILE *fp, const struct ts_store *st,
    enum ts_convert_format format, int terminal, int threads)
{
	size_t n = ts_store_count(st);
	struct shared sh;
	struct worker wk[2];
	pthread_t tid;
	int two, rc = 0;

	memset(&sh, 0, sizeof sh);
	sh.fp = fp;
	sh.n = n;
	sh.nchunks = (n + CHUNK - 1) / CHUNK;
	if (writer_init(&wk[0].w, st, format, terminal) != 0)
		return -1;
	if (format == TS_CONVERT_CSV)
		write_csv_header(&wk[0].w.out, st, terminal);
	if (format == TS_CONVERT_JSON)
		put(&wk[0].w.out, n ? "[\n" : "[", n ? 2 : 1);
	if (wk[0].w.out.oom) {
		writer_free(&wk[0].w);
		return -1;
	}
	if (wk[0].w.out.n)
		fwrite(wk[0].w.out.p, 1, wk[0].w.out.n, fp);
	wk[0].sh = wk[1].sh = &sh;
	two = threads > 1 && sh.nchunks > 1;
	if (two && writer_init(&wk[1].w, st, format, terminal) != 0)
		two = 0;
	wk[0].first = 0;
	wk[1].first = 1;
	wk[0].step = wk[1].step = two ? 2 : 1;
	if (two) {
		pthread_mutex_init(&sh.lock, NULL);
		pthread_cond_init(&sh.moved, NULL);
		if (pthread_create(&tid, NULL, run_worker, &wk[1]) != 0) {
			/* One thread does it all. */
			wk[0].step = 1;
			pthread_cond_destroy(&sh.moved);
			pthread_mutex_destroy(&sh.lock);
			writer_free(&wk[1].w);
			two = 0;
		}
	}
	if (!two) {
		pthread_mutex_init(&sh.lock, NULL);
		pthread_cond_init(&sh.moved, NULL);
	}
	run_worker(&wk[0]);
	if (two) {
		pthread_join(tid, NULL);
		writer_free(&wk[1].w);
	}
	pthread_cond_destroy(&sh.moved);
	pthread_mutex_destroy(&sh.lock);
	writer_free(&wk[0].w);
	if (!sh.failed && !sh.oom && format == TS_CONVERT_JSON)
		fputs("]\n", fp);
	if (sh.failed)
		errno = sh.err;
	if (sh.oom)
		rc = -1;
	return rc || ferror(fp) ? -1 : 0;
}
