/* json_source.c — the JSON reader's text: a file read in blocks (decoded
 * to UTF-8) onto the end of a window of it, the window dropped behind the
 * record being read, and the line and column of a byte. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
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

/* Reads the next block of a file read in blocks onto the end of text.
 * Returns 1, 0 at the end of the input, -1 with err set. */
int
ts_json_more(struct ts_jsonreader *r)
{
	const char *out;
	size_t out_len;
	ssize_t got;

	if (r->fd < 0 || r->eof)
		return 0;
	do
		got = read(r->fd, r->raw, NDJSON_BLOCK);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		ts_error_set(r->err, TS_EIO, r->path, 0, 0, N_("cannot read: %s"), strerror(errno));
		return -1;
	}
	if (ts_decoder_feed(r->dec, r->raw, (size_t)got, got == 0, &out, &out_len,
	    r->err) != 0)
		return -1;
	r->eof = got == 0;
	if (ts_grow(&r->buf, &r->cap, r->len + out_len + 1, 1) != 0) {
		ts_error_set(r->err, TS_EIO, r->path, 0, 0, N_("out of memory"));
		return -1;
	}
	if (out_len)
		memcpy(r->buf + r->len, out, out_len);
	r->len += out_len;
	r->text = r->buf;
	return 1;
}

/* Drops text[0, keep) of a file read in blocks when that is worth it;
 * returns how many bytes the text moved down (0: none). */
size_t
ts_json_compact(struct ts_jsonreader *r, size_t keep)
{
	if (r->fd < 0 || r->settling || keep < COMPACT_BYTES)
		return 0;
	ts_json_line_at(r, keep);
	r->col_base = ts_json_column_at(r, keep) - 1;
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
		if (i < r->len || r->fd < 0 || r->eof || r->settling)
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

	if (r->fd < 0)
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

/* Stops the run with an error at byte pos. */
int
ts_json_fail_at(struct ts_jsonreader *r, size_t pos, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	size_t saved_pos = r->line_pos;
	long saved_line = r->line, line;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	line = ts_json_line_at(r, pos);
	r->line_pos = saved_pos;
	r->line = saved_line;
	return ts_error_set(r->err, TS_EIO, r->path, line, ts_json_column_at(r, pos), "%s", msg);
}
