/* json_source.c — the JSON reader's text: a file read in blocks (decoded
 * to UTF-8) onto the end of a window of it, the window dropped behind the
 * record being read, and the line and column of a byte. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_impl.h"
#include "ts_i18n.h"

/* The line of byte pos; pos must not go back before the last call's. */
long
ts_json_line_at(struct ts_jsonreader *r, size_t pos)
{
	const char *p = r->text + r->line_pos, *stop = r->text + pos;

	if (pos < r->line_pos) {
		r->line_pos = 0;
		r->line = r->base_line;
		p = r->text;
	}
	while ((p = memchr(p, '\n', (size_t)(stop - p))) != NULL) {
		r->line++;
		p++;
	}
	r->line_pos = pos;
	return r->line;
}

/* The column (in characters, from 1) of byte pos on its line. */
long
ts_json_column_at(const struct ts_jsonreader *r, size_t pos)
{
	size_t i = pos;
	long col = 1;

	while (i > 0 && r->text[i - 1] != '\n')
		i--;
	if (i == 0)
		col += r->col_base;
	for (; i < pos; i++)
		if (((unsigned char)r->text[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* The LFs before the cut (a file offset) in the block raw[0, got) just
 * read (r->pos past it), or SIZE_MAX when the cut is not in it. */
static size_t
lfs_to_cut(const struct ts_jsonreader *r, const char *raw, size_t got)
{
	uint64_t from = r->pos - got;
	size_t lfs = 0;
	const char *p = raw, *nl;

	if (r->cut == 0 || r->cut_at != SIZE_MAX || r->cut <= from || r->cut > r->pos)
		return SIZE_MAX;
	while ((nl = memchr(p, '\n', (size_t)(raw + (r->cut - from) - p))) != NULL) {
		p = nl + 1;
		lfs++;
	}
	return lfs;
}

/* Notes where the cut is in the text: after the lfs-th LF from byte was
 * (the block's text: its LFs before the cut are those of the raw bytes
 * before it, UTF-8 or a single-byte encoding: ts_json_may_split). */
static void
find_cut(struct ts_jsonreader *r, size_t lfs, size_t was)
{
	const char *p, *nl;

	for (p = r->text + was; lfs && (nl = memchr(p, '\n',
	    r->len - (size_t)(p - r->text))) != NULL; lfs--)
		p = nl + 1;
	if (lfs == 0)
		r->cut_at = (size_t)(p - r->text);
}

/* Reads the next block of a file read in blocks onto the end of text.
 * Returns 1, 0 at the end of the input, -1 with err set. */
int
ts_json_more(struct ts_jsonreader *r)
{
	const char *out, *raw;
	char *into = NULL;
	size_t out_len, lfs, was = r->len;
	ssize_t got;

	if (!ts_json_in_blocks(r) || r->eof)
		return 0;
	if (r->in_mem) {
		/* Decoded a block at a time too, so that a copy in another
		 * encoding costs a window, not the whole input again. */
		got = (ssize_t)(r->in_len - r->in_pos < NDJSON_BLOCK ?
		    r->in_len - r->in_pos : NDJSON_BLOCK);
		raw = r->in_mem + r->in_pos;
		r->in_pos += (size_t)got;
	} else {
		/* Read onto the end of the text: valid UTF-8 stays there as
		 * it is (ts_decoder_in_place()). */
		if (ts_grow(&r->buf, &r->cap, r->len + NDJSON_BLOCK + 1, 1) != 0) {
			ts_error_set(r->err, TS_EIO, r->path, 0, 0, N_("out of memory"));
			return -1;
		}
		r->text = r->buf;
		into = r->buf + r->len;
		do
			got = r->ranged ? pread(r->fd, into, NDJSON_BLOCK, (off_t)r->pos) :
			    read(r->fd, into, NDJSON_BLOCK);
		while (got < 0 && errno == EINTR);
		raw = into;
	}
	if (got < 0) {
		ts_error_set(r->err, TS_EIO, r->path, 0, 0, N_("cannot read: %s"), strerror(errno));
		return -1;
	}
	r->pos += (uint64_t)got;
	lfs = lfs_to_cut(r, raw, (size_t)got);
	if (ts_decoder_feed(r->dec, raw, (size_t)got, got == 0, &out, &out_len,
	    r->err) != 0)
		return -1;
	r->eof = got == 0;
	if (into && ts_decoder_in_place(r->dec)) {
		/* out is the block, or the block past a BOM. */
		if (out_len && out != into)
			memmove(into, out, out_len);
	} else {
		if (ts_grow(&r->buf, &r->cap, r->len + out_len + 1, 1) != 0) {
			ts_error_set(r->err, TS_EIO, r->path, 0, 0, N_("out of memory"));
			return -1;
		}
		r->text = r->buf;
		if (out_len)
			memcpy(r->buf + r->len, out, out_len);
	}
	r->len += out_len;
	r->text = r->buf;
	if (lfs != SIZE_MAX)
		find_cut(r, lfs, was);
	return 1;
}

/* Drops text[0, keep) of a file read in blocks when that is worth it;
 * returns how many bytes the text moved down (0: none). */
size_t
ts_json_compact(struct ts_jsonreader *r, size_t keep)
{
	if (!ts_json_in_blocks(r) || r->settling || keep < COMPACT_BYTES)
		return 0;
	ts_json_line_at(r, keep);
	r->col_base = ts_json_column_at(r, keep) - 1;
	/* A cut dropped unread is no place to split any more. */
	if (r->cut && r->cut_at != SIZE_MAX && r->cut_at < keep)
		r->cut = 0;
	else if (r->cut && r->cut_at != SIZE_MAX)
		r->cut_at -= keep;
	memmove(r->buf, r->buf + keep, r->len - keep);
	r->len -= keep;
	r->base_line = r->line;
	r->line_pos = 0;
	return keep;
}

/* Skips white space from byte i, reading on while it runs to the end. */
int
ts_json_space_more(struct ts_jsonreader *r, size_t i, size_t *at)
{
	for (;;) {
		while (i < r->len && is_space(r->text[i]))
			i++;
		if (i < r->len || !ts_json_in_blocks(r) || r->eof || r->settling)
			break;
		if (ts_json_more(r) < 0)
			return -1;
	}
	*at = i;
	return 0;
}

/* Reads on until the value that starts at byte i is whole in text (its
 * closing bracket or quote, or for a number or word the byte after it),
 * or the input ends.  One pass over the value, however many blocks. */
int
ts_json_need_value(struct ts_jsonreader *r, size_t i)
{
	size_t j = i;
	long depth = 0;
	int in_string = 0, escaped = 0;
	char c;

	if (!ts_json_in_blocks(r))
		return 0;
	for (;;) {
		for (; j < r->len; j++) {
			c = r->text[j];
			if (in_string) {
				if (escaped)
					escaped = 0;
				else if (c == '\\')
					escaped = 1;
				else if (c == '"' && (in_string = 0, depth == 0))
					return 0;
			} else if (c == '"') {
				in_string = 1;
			} else if (c == '{' || c == '[') {
				depth++;
			} else if (c == '}' || c == ']') {
				if (--depth <= 0)
					return 0;
			} else if (depth == 0 && j > i && (c == ',' || is_space(c))) {
				return 0;
			}
		}
		if (r->eof || r->settling)
			return 0;
		if (ts_json_more(r) < 0)
			return -1;
	}
}

/* Stops the run with an error at byte pos: its English and its text. */
static int
fail_texts(struct ts_jsonreader *r, size_t pos, const char *msg, const char *text)
{
	size_t saved_pos = r->line_pos;
	long saved_line = r->line, line;

	line = ts_json_line_at(r, pos);
	r->line_pos = saved_pos;
	r->line = saved_line;
	return ts_error_set_texts(r->err, TS_EIO, r->path, line,
	    ts_json_column_at(r, pos), msg, text);
}

/* Stops the run with an error at byte pos. */
int
ts_json_fail_at(struct ts_jsonreader *r, size_t pos, const char *fmt, ...)
{
	char msg[400], text[400];
	va_list ap;

	va_start(ap, fmt);
	ts_format_texts(msg, sizeof msg, text, sizeof text, fmt, ap);
	va_end(ap);
	return fail_texts(r, pos, msg, text);
}

int
ts_json_fail_bad(struct ts_jsonreader *r)
{
	return fail_texts(r, r->bad_at, r->bad_msg, r->bad_text);
}

void
ts_json_free_flat(struct ts_jsonreader *r)
{
	size_t i;

	for (i = 0; i < r->nflat; i++)
		free(r->flat[i]);
	r->nflat = 0;
}

/* --records: the member names down to the array, from a dotted path
 * ("results.items") or a JSON Pointer ("/data", "~1" for '/' and "~0"
 * for '~' in a name); NULL: "records". */
static int
parse_records_path(struct ts_jsonreader *r, const char *spec)
{
	char *p, *o, *q;
	int pointer;

	r->names[0] = "records";
	r->nnames = 1;
	r->path_text = spec;
	if (spec == NULL)
		return 0;
	pointer = spec[0] == '/';
	if ((r->path_buf = strdup(spec + pointer)) == NULL)
		return ts_error_set(r->err, TS_EIO, r->path, 0, 0, N_("out of memory"));
	r->nnames = 0;
	for (p = r->path_buf;; p = q + 1) {
		q = p + strcspn(p, pointer ? "/" : ".");
		if (r->nnames == MAX_PATH)
			return ts_error_set(r->err, TS_EUSAGE, NULL, 0, 0,
			    N_("--records %s: more than %d names"), spec, MAX_PATH);
		r->names[r->nnames++] = p;
		if (*q == '\0')
			break;
		*q = '\0';
	}
	/* JSON Pointer escapes, in place. */
	for (size_t k = 0; pointer && k < r->nnames; k++) {
		for (p = o = (char *)r->names[k]; *p; p++) {
			if (p[0] == '~' && (p[1] == '0' || p[1] == '1')) {
				*o++ = p[1] == '0' ? '~' : '/';
				p++;
			} else {
				*o++ = *p;
			}
		}
		*o = '\0';
	}
	return 0;
}

/* Sets up r for input name; the caller sets text and len. */
int
ts_json_reader_init(struct ts_jsonreader *r, struct ts_store *st, const char *name, int ndjson,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct ts_input_info *info;
	int idx;

	memset(r, 0, sizeof *r);
	idx = ts_store_add_input(st, name);
	if (idx < 0)
		return ts_error_set(err, TS_EIO, name, 0, 0, N_("out of memory"));
	info = ts_store_input_info(st, (size_t)idx);
	info->format = ndjson ? "ndjson" : "json";
	info->encoding = strdup("UTF-8");
	info->delimiter = 0;
	info->threads = 1;
	r->info = info;
	r->input = (uint32_t)idx;
	r->diags = diags;
	r->map = ts_rowmap_new(st, (uint32_t)idx, opt, diags);
	if (r->map == NULL || info->encoding == NULL)
		return ts_error_set(err, TS_EIO, name, 0, 0, N_("out of memory"));
	r->dec = ts_decoder_new(opt->encoding, name, err);
	if (r->dec == NULL)
		return err->code;
	r->st = st;
	r->path = name;
	r->err = err;
	r->line = 1;
	r->base_line = 1;
	r->fd = -1;
	return parse_records_path(r, opt->records);
}

void
ts_json_reader_free(struct ts_jsonreader *r)
{
	if (r->dec) {
		free(r->info->encoding);
		r->info->encoding = strdup(ts_decoder_name(r->dec));
	}
	ts_decoder_free(r->dec);
	free(r->col_of);
	free(r->misfit);
	ts_json_free_flat(r);
	free(r->flat);
	free(r->path_buf);
	free(r->mem);
	free(r->cols);
	free(r->keys);
	free(r->seen);
	free(r->nums);
	/* The duplicate checks still pending, for the rows read (also those
	 * before an error, as they are reported). */
	if (ts_rowmap_flush(r->map) != TS_OK && r->err && !r->err->code)
		ts_error_set(r->err, TS_EIO, r->path, 0, 0, N_("out of memory"));
	ts_rowmap_free(r->map);
}
