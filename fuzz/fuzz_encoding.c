/* fuzz_encoding.c — bytes in any encoding -> UTF-8 (ts_decoder_*).  Built
 * once the decoder is on main.
 *
 * Decodes the bytes twice, in one block and in blocks of sizes taken from
 * the bytes, and checks that both give the same result (a character cut at
 * a block edge is carried over), that the output is well-formed UTF-8
 * without NUL, and that a failure has a message and a line.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_util.h"
#include "ts_encoding.h"

struct decoded {
	int rc;
	char *text;
	size_t len, cap;
	struct ts_error err;
};

static void
decode(const uint8_t *data, size_t size, const char *encoding, int split,
    struct decoded *out)
{
	struct ts_decoder *d;
	const char *piece;
	size_t pos = 0, n, got;

	memset(out, 0, sizeof *out);
	d = ts_decoder_new(encoding, "fuzz.txt", &out->err);
	FUZZ_CHECK(d != NULL || out->err.code == TS_EIO);
	if (d == NULL) {
		out->rc = out->err.code;
		return;
	}
	for (;;) {
		/* Blocks of 1 to 16 bytes, from the data itself. */
		n = split ? (size_t)(pos < size ? data[pos] % 16 + 1 : 0) : size;
		if (n > size - pos)
			n = size - pos;
		out->rc = ts_decoder_feed(d, (const char *)data + pos, n, pos + n == size,
		    &piece, &got, &out->err);
		if (out->rc != 0)
			break;
		if (got) {
			if (ts_grow(&out->text, &out->cap, out->len + got, 1) != 0) {
				out->rc = -1;
				break;
			}
			memcpy(out->text + out->len, piece, got);
			out->len += got;
		}
		pos += n;
		if (pos == size)
			break;
	}
	ts_decoder_free(d);
}

int
ts_fuzz_encoding(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"auto", "UTF-8", "UTF-16LE", "UTF-16BE", "WINDOWS-1252",
	};
	const char *encoding = names[size % (sizeof names / sizeof names[0])];
	struct decoded whole, split;

	decode(data, size, encoding, 0, &whole);
	decode(data, size, encoding, 1, &split);
	if (whole.rc >= 0 && split.rc >= 0) {
		FUZZ_CHECK(whole.rc == split.rc);
		if (whole.rc == 0) {
			FUZZ_CHECK(whole.len == split.len &&
			    (whole.len == 0 || memcmp(whole.text, split.text, whole.len) == 0));
			FUZZ_CHECK(ts_fuzz_utf8_valid(whole.text, whole.len));
			FUZZ_CHECK(whole.len == 0 || memchr(whole.text, '\0', whole.len) == NULL);
		} else {
			FUZZ_CHECK(whole.err.message[0] != '\0' && whole.err.line >= 1);
			FUZZ_CHECK(whole.err.line == split.err.line &&
			    whole.err.column == split.err.column);
		}
	}
	free(whole.text);
	free(split.text);
	return 0;
}
