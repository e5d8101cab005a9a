/* json_ndjson.c — NDJSON: one record a line, read block by block, and a
 * large input read on two threads (split_impl.h); also the reading of a
 * JSON or NDJSON input held in memory. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json_impl.h"
#include "split_impl.h"
#include "ts_i18n.h"

/* The next LF at or after byte i, NULL when none before r->len; skip
 * bytes from i are known to hold none. */
static const char *
next_lf(const struct ts_jsonreader *r, size_t i, size_t skip)
{
	return i + skip >= r->len ? NULL :
	    memchr(r->text + i + skip, '\n', r->len - i - skip);
}

/* Declares the keys of the whole lines in r->text[start, r->len) that
 * start in its first block (and the last line when final). */
static int
ndjson_settle(struct ts_jsonreader *r, size_t start, int final)
{
	size_t i = start, e;
	const char *nl;
	long line = r->line;

	r->settling = 1;
	while (i < r->len && i - start < SETTLE_BYTES) {
		nl = next_lf(r, i, 0);
		if (nl == NULL && !final)
			break;
		e = nl ? (size_t)(nl - r->text) : r->len;
		if (ts_json_ndjson_line(r, i, e, line) != 0)
			break;
		i = nl ? e + 1 : e;
		line++;
	}
	r->settling = 0;
	r->any = 0;
	return r->err->code;
}

/* Reads the whole lines in r->text[start, r->len), and the last one too
 * when final is set; *used is where the unread rest starts.  Stops before
 * a line that starts at or after limit, and, with until_columns, after
 * the line that settled the columns. */
static int
ndjson_lines(struct ts_jsonreader *r, size_t start, int final, size_t *used,
    size_t limit, int until_columns)
{
	size_t i = start, e;
	const char *nl;

	while (i < r->len) {
		if (i >= limit || (until_columns && r->columns_done)) {
			r->nolf = 0;
			*used = i;
			return 0;
		}
		/* A line longer than a block is searched once, not again with
		 * every block (r->nolf). */
		nl = next_lf(r, i, i == start ? r->nolf : 0);
		if (nl == NULL && !final)
			break;
		if (!r->settled) {
			r->settled = 1;
			if (ndjson_settle(r, i, final) != 0)
				return r->err->code;
		}
		e = nl ? (size_t)(nl - r->text) : r->len;
		if (ts_json_ndjson_line(r, i, e, r->line) != 0)
			return r->err->code;
		i = nl ? e + 1 : e;
		r->line++;
	}
	r->nolf = r->len - i;
	*used = i;
	return 0;
}

static int
ndjson_done(struct ts_jsonreader *r)
{
	if (!r->any)
		return ts_error_set(r->err, TS_EIO, r->path, 0, 0,
		    N_("no JSON records: the file is empty"));
	return 0;
}

/* Where the raw bytes of an NDJSON file come from: read() on, or, for a
 * second half, pread() from pos. */
struct ndsrc {
	int fd;
	int ranged;
	uint64_t pos;           /* the file offset of the next block */
	/* The first half of a split file: its lines are read up to the cut
	 * (a file offset just after an LF), in the blocks one pass reads, so
	 * that reading on from there is what one pass does. */
	uint64_t cut;
	int paused;             /* stopped at the cut, in text at limit */
	size_t limit;
	char *raw;              /* a block, for finding the cut */
	char *buf;              /* the lines not read yet, then the new text */
	size_t cap, have;
	int eof;
};

/* The offset just past the k-th LF of s[0..len), or SIZE_MAX. */
static size_t
after_lf(const char *s, size_t len, size_t k)
{
	const char *p = s, *nl;

	while (k && (nl = memchr(p, '\n', len - (size_t)(p - s))) != NULL) {
		p = nl + 1;
		k--;
	}
	return k ? SIZE_MAX : (size_t)(p - s);
}

/* The LFs of s[0..len). */
static size_t
count_lf(const char *s, size_t len)
{
	const char *p = s, *nl;
	size_t n = 0;

	while ((nl = memchr(p, '\n', len - (size_t)(p - s))) != NULL) {
		p = nl + 1;
		n++;
	}
	return n;
}

/* Moves the unread rest of the text to the start of the buffer. */
static void
keep_rest(struct ndsrc *s, size_t used)
{
	/* Nothing to move while one long line is still coming. */
	if (used > 0)
		memmove(s->buf, s->buf + used, s->have - used);
	s->have -= used;
}

/* Reads blocks of s into r and its lines, until the end of the file, the
 * cut, or an error; at most max_blocks (0: no limit).  Paused at the cut,
 * it reads on from there. */
static int
ndjson_blocks(struct ts_jsonreader *r, struct ndsrc *s, int max_blocks)
{
	const char *out;
	char *raw;
	size_t used, out_len, was, lfs;
	ssize_t got;
	int rc = 0, n = 0;

	if (s->paused) {
		s->paused = 0;
		rc = ndjson_lines(r, s->limit, s->eof, &used, SIZE_MAX, 0);
		if (rc != 0 || s->eof)
			return rc;
		keep_rest(s, used);
	}
	while (rc == 0 && !s->eof) {
		/* The block is read onto the end of the text: valid UTF-8
		 * stays there as it is (ts_decoder_in_place()), other text
		 * replaces it.  A line longer than a block grows the buffer. */
		if (ts_grow(&s->buf, &s->cap, s->have + NDJSON_BLOCK + 1, 1) != 0)
			return ts_error_set(r->err, TS_EIO, r->path, r->line, 0,
			    N_("out of memory"));
		raw = s->buf + s->have;
		got = s->ranged ? pread(s->fd, raw, NDJSON_BLOCK, (off_t)s->pos) :
		    read(s->fd, raw, NDJSON_BLOCK);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return ts_error_set(r->err, TS_EIO, r->path, 0, 0,
			    N_("cannot read: %s"), strerror(errno));
		/* The cut in this block: its LFs before the cut are those of
		 * the text before it (a single-byte or UTF-8 encoding). */
		lfs = s->cut > s->pos && s->cut <= s->pos + (uint64_t)got ?
		    count_lf(raw, (size_t)(s->cut - s->pos)) : 0;
		s->pos += (uint64_t)got;
		rc = ts_decoder_feed(r->dec, raw, (size_t)got, got == 0, &out,
		    &out_len, r->err);
		if (rc != 0)
			break;
		was = s->have;
		if (ts_decoder_in_place(r->dec)) {
			/* out is raw, or raw past a BOM. */
			if (out_len && out != raw)
				memmove(raw, out, out_len);
		} else {
			/* Decoded elsewhere: the raw bytes are not needed. */
			if (ts_grow(&s->buf, &s->cap, s->have + out_len + 1, 1) != 0)
				return ts_error_set(r->err, TS_EIO, r->path, r->line, 0,
				    N_("out of memory"));
			if (out_len)
				memcpy(s->buf + s->have, out, out_len);
		}
		s->have += out_len;
		r->text = s->buf;
		r->len = s->have;
		s->eof = got == 0;
		s->limit = SIZE_MAX;
		if (lfs && (s->limit = after_lf(s->buf + was, out_len, lfs)) != SIZE_MAX)
			s->limit += was;
		rc = ndjson_lines(r, 0, s->eof, &used, s->limit, 0);
		/* The raw bytes read up to the unread rest (as many as its
		 * text in UTF-8, about as many in the others). */
		ts_json_expect(r, s->pos - r->from - (s->have - used));
		if (rc == 0 && s->limit != SIZE_MAX && used == s->limit) {
			s->paused = 1;
			return 0;
		}
		if (rc != 0 || s->eof)
			break;
		keep_rest(s, used);
		if (max_blocks && ++n == max_blocks)
			break;
	}
	return rc;
}

static void *
run_ndpart(void *arg)
{
	struct ts_json_part *pt = arg;
	struct ts_jsonreader r;
	struct ndsrc s;
	size_t used;
	int rc;

	memset(&s, 0, sizeof s);
	if ((pt->h.st = ts_store_new()) == NULL)
		return NULL;
	rc = ts_json_part_open(pt, &r, 1);
	if (rc == 0 && pt->fd >= 0) {
		s.fd = pt->fd;
		s.ranged = 1;
		s.pos = pt->start;
		r.from = pt->start;
		r.to = pt->size;
		rc = ndjson_blocks(&r, &s, 0);
	} else if (rc == 0) {
		r.text = pt->text;
		r.len = pt->len;
		rc = ndjson_lines(&r, 0, 1, &used, SIZE_MAX, 0);
	}
	if (rc == 0)
		rc = ts_rowmap_flush(r.map) != TS_OK;
	ts_json_part_close(pt, &r, rc);
	ts_json_reader_free(&r);
	free(s.raw);
	free(s.buf);
	return NULL;
}

/* Reads the input on two threads from here: a second thread the bytes
 * after the cut (pt->start in the file, or pt->text), this one the lines
 * before it (s: a file, paused at the cut; else r->text up to cut, from
 * *at).  Returns 0 with *merged set when the second half was merged; 0
 * with *merged clear when this thread is to read on alone from the cut;
 * or an error. */
static int
ndjson_two(struct ts_jsonreader *r, struct ndsrc *s, size_t *at, size_t cut,
    struct ts_json_part *pt, int *merged)
{
	pthread_t tid;
	int rc = 0;

	*merged = 0;
	if (ts_json_part_columns(pt, r) != 0 ||
	    pthread_create(&tid, NULL, run_ndpart, pt) != 0) {
		ts_json_part_free(pt);
		if (s)
			s->cut = 0;
		return 0;
	}
	/* Up to the cut, a whole line at the end: the second half starts on
	 * a line of its own. */
	rc = s ? ndjson_blocks(r, s, 0) : ndjson_lines(r, *at, 0, at, cut, 0);
	if (rc == 0 && ts_rowmap_flush(r->map) != TS_OK)
		rc = ts_error_set(r->err, TS_EIO, r->path, 0, 0, N_("out of memory"));
	pthread_join(tid, NULL);
	if (rc == 0 && (s ? s->paused : *at == cut))
		rc = ts_json_part_merge(r, pt, r->line - 1, merged);
	ts_json_part_free(pt);
	return rc;
}

int
ts_ndjson_load_fd(struct ts_store *st, const char *name, int fd,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct ts_jsonreader r;
	struct ndsrc s;
	struct ts_json_part pt;
	uint64_t cut = 0, size = 0;
	int rc, merged = 0;

	memset(&s, 0, sizeof s);
	s.fd = fd;
	rc = ts_json_reader_init(&r, st, name, 1, opt, diags, err);
	if (rc == 0 && (s.raw = malloc(NDJSON_BLOCK)) == NULL)
		rc = ts_error_set(err, TS_EIO, name, 0, 0, N_("out of memory"));
	if (rc == 0)
		cut = ts_json_file_cut(fd, opt, s.raw, &size);
	r.to = cut ? cut : size;
	if (cut != 0) {
		s.cut = cut;
		rc = ndjson_blocks(&r, &s, 1);
		if (rc == 0 && !s.eof && !s.paused && ts_json_may_split(&r)) {
			memset(&pt, 0, sizeof pt);
			pt.path = name;
			pt.opt = opt;
			pt.fd = fd;
			pt.start = cut;
			pt.size = size;
			rc = ndjson_two(&r, &s, NULL, 0, &pt, &merged);
		}
		s.cut = 0;
	}
	if (rc == 0 && !merged)
		rc = ndjson_blocks(&r, &s, 0);
	if (rc == 0)
		rc = ndjson_done(&r);
	free(s.raw);
	free(s.buf);
	ts_json_reader_free(&r);
	return rc;
}

int
ts_json_load_mem(struct ts_store *st, const char *name, const void *data,
    size_t len, int ndjson, const struct ts_load_options *opt,
    struct ts_diags *diags, struct ts_error *err)
{
	struct ts_jsonreader r;
	struct ts_json_part pt;
	size_t used = 0, cut = 0;
	int rc, merged = 0;

	rc = ts_json_reader_init(&r, st, name, ndjson, opt, diags, err);
	if (rc == 0 && !ndjson) {
		/* In blocks, as a file is read. */
		r.in_mem = data;
		r.in_len = len;
		r.text = "";
		rc = ts_json_walk(&r, 0);
		free(r.buf);
		ts_json_reader_free(&r);
		return rc;
	}
	/* One block: valid UTF-8 comes back as it is, without a copy. */
	if (rc == 0)
		rc = ts_decoder_feed(r.dec, data, len, 1, &r.text, &r.len, err);
	if (rc == 0 && ndjson) {
		/* The whole text is decoded: a second thread can read the
		 * lines after the cut from it as they are. */
		if (ts_split_may(r.len, 1, opt))
			cut = (size_t)ts_split_point(-1, r.text, r.len, NULL);
		if (cut > 0 && cut < r.len) {
			rc = ndjson_lines(&r, 0, 1, &used, cut, 1);
			if (rc == 0 && used < cut && ts_json_may_split(&r)) {
				memset(&pt, 0, sizeof pt);
				pt.path = name;
				pt.opt = opt;
				pt.fd = -1;
				pt.text = r.text + cut;
				pt.len = r.len - cut;
				rc = ndjson_two(&r, NULL, &used, cut, &pt, &merged);
			}
		}
		if (rc == 0 && !merged)
			rc = ndjson_lines(&r, used, 1, &used, SIZE_MAX, 0);
		if (rc == 0)
			rc = ndjson_done(&r);
	} else if (rc == 0) {
		rc = ts_json_walk(&r, 0);
	}
	ts_json_reader_free(&r);
	return rc;
}
