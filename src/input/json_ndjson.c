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
 * when final is set; *used is where the unread rest starts. */
static int
ndjson_lines(struct ts_jsonreader *r, size_t start, int final, size_t *used)
{
	size_t i = start, e;
	const char *nl;

	while (i < r->len) {
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
		    "no JSON records: the file is empty");
	return 0;
}

int
ts_ndjson_load_fd(struct ts_store *st, const char *name, int fd,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct ts_jsonreader r;
	char *raw = NULL, *buf = NULL;
	const char *out;
	size_t cap = 0, have = 0, used, out_len;
	ssize_t got;
	int rc;

	rc = ts_json_reader_init(&r, st, name, 1, opt, diags, err);
	if (rc == 0 && (raw = malloc(NDJSON_BLOCK)) == NULL)
		rc = ts_error_set(err, TS_EIO, name, 0, 0, "out of memory");
	while (rc == 0) {
		got = read(fd, raw, NDJSON_BLOCK);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = ts_error_set(err, TS_EIO, name, 0, 0, "cannot read: %s",
			    strerror(errno));
			break;
		}
		rc = ts_decoder_feed(r.dec, raw, (size_t)got, got == 0, &out, &out_len, err);
		if (rc != 0)
			break;
		/* The lines not read yet, then the new text; a line longer than
		 * a block grows the buffer. */
		if (ts_grow(&buf, &cap, have + out_len + 1, 1) != 0) {
			rc = ts_error_set(err, TS_EIO, name, r.line, 0, "out of memory");
			break;
		}
		if (out_len)
			memcpy(buf + have, out, out_len);
		have += out_len;
		r.text = buf;
		r.len = have;
		rc = ndjson_lines(&r, 0, got == 0, &used);
		if (rc != 0 || got == 0)
			break;
		/* Nothing to move while one long line is still coming. */
		if (used > 0)
			memmove(buf, buf + used, have - used);
		have -= used;
	}
	if (rc == 0)
		rc = ndjson_done(&r);
	free(raw);
	free(buf);
	ts_json_reader_free(&r);
	return rc;
}

int
ts_json_load_mem(struct ts_store *st, const char *name, const void *data,
    size_t len, int ndjson, const struct ts_load_options *opt,
    struct ts_diags *diags, struct ts_error *err)
{
	struct ts_jsonreader r;
	size_t used;
	int rc;

	rc = ts_json_reader_init(&r, st, name, ndjson, opt, diags, err);
	/* One block: valid UTF-8 comes back as it is, without a copy. */
	if (rc == 0)
		rc = ts_decoder_feed(r.dec, data, len, 1, &r.text, &r.len, err);
	if (rc == 0 && ndjson) {
		rc = ndjson_lines(&r, 0, 1, &used);
		if (rc == 0)
			rc = ndjson_done(&r);
	} else if (rc == 0) {
		rc = ts_json_walk(&r, 0);
	}
	ts_json_reader_free(&r);
	return rc;
}
