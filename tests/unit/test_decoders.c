/* test_decoders.c — the decoders of our own (a table for Windows-1252 and
 * Latin-1, a loop for UTF-16LE and UTF-16BE) against iconv, the reference:
 * every byte alone and after text, and random UTF-16 with surrogate
 * pairs, lone surrogates and cut ends, fed whole and in small blocks.
 * Both must give the same UTF-8, or both refuse at the same character. */
#include <errno.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_encoding.h"

#define MAXOUT 65536

/* What iconv makes of data: 0 and the UTF-8 in out, or -1 with *chars the
 * characters converted before the fault. */
static int
by_iconv(const char *enc, const char *data, size_t len, char *out, size_t *olen,
    long *chars)
{
	iconv_t cd = iconv_open("UTF-8", enc);
	char *in = (char *)data, *op = out;
	size_t left = len, ol = MAXOUT, r, i;
	int rc = 0;

	assert_true(cd != (iconv_t)-1);
	r = iconv(cd, &in, &left, &op, &ol);
	if (r == (size_t)-1)
		rc = -1;
	else if (iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1)
		rc = -1;
	iconv_close(cd);
	*olen = (size_t)(op - out);
	*chars = 0;
	for (i = 0; i < *olen; i++)
		*chars += ((unsigned char)out[i] & 0xC0) != 0x80;
	return rc;
}

/* What the decoder makes of data fed in blocks of block bytes. */
static int
by_decoder(const char *enc, const char *data, size_t len, size_t block,
    char *out, size_t *olen, struct ts_error *err)
{
	struct ts_decoder *d;
	const char *o;
	size_t n, pos = 0, got;
	int rc = 0, final;

	memset(err, 0, sizeof *err);
	d = ts_decoder_new(enc, "t", err);
	assert_non_null(d);
	*olen = 0;
	do {
		n = len - pos < block ? len - pos : block;
		final = pos + n == len;
		rc = ts_decoder_feed(d, data + pos, n, final, &o, &got, err);
		if (rc != 0)
			break;
		assert_true(*olen + got <= MAXOUT);
		memcpy(out + *olen, o, got);
		*olen += got;
		pos += n;
	} while (!final);
	ts_decoder_free(d);
	return rc;
}

/* The two agree on data (which holds no line end and no NUL). */
static void
agree(const char *enc, const char *data, size_t len, size_t block)
{
	static char a[MAXOUT], b[MAXOUT];
	size_t alen, blen;
	long chars;
	struct ts_error err;
	int ra = by_iconv(enc, data, len, a, &alen, &chars);
	int rb = by_decoder(enc, data, len, block, b, &blen, &err);

	if (ra == 0) {
		if (rb != 0)
			fail_msg("%s: iconv reads it, the decoder says %s", enc, err.message);
		/* iconv keeps a byte order mark the decoder removes. */
		if (alen >= 3 && memcmp(a, "\xEF\xBB\xBF", 3) == 0) {
			memmove(a, a + 3, alen - 3);
			alen -= 3;
		}
		assert_int_equal(alen, blen);
		assert_memory_equal(a, b, alen);
	} else {
		if (rb == 0)
			fail_msg("%s: iconv refuses it, the decoder reads it", enc);
		assert_int_equal(err.line, 1);
		/* The decoder's column is the character after the good ones;
		 * a BOM iconv converted is not a character of the text. */
		if (alen >= 3 && memcmp(a, "\xEF\xBB\xBF", 3) == 0)
			chars--;
		assert_int_equal(err.column, chars + 1);
	}
}

static void
test_every_byte(void **state)
{
	static const char *const encs[] = {
		"WINDOWS-1252", "windows-1252", "CP1252", "LATIN1", "ISO-8859-1",
	};
	char data[8];
	size_t e;
	int b;

	(void)state;
	for (e = 0; e < sizeof encs / sizeof encs[0]; e++) {
		for (b = 1; b < 256; b++) {
			if (b == '\n' || b == '\r')
				continue;
			data[0] = (char)b;
			agree(encs[e], data, 1, 1);
			/* After ASCII, where the table's word-at-a-time path runs. */
			memcpy(data, "abcdefg", 7);
			data[7] = (char)b;
			agree(encs[e], data, 8, 8);
			agree(encs[e], data, 8, 3);
		}
	}
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* A random UTF-16 code unit: ASCII, BMP, pairs, and now and then a lone
 * surrogate; never NUL, LF or CR. */
static size_t
random_units(uint16_t *u, size_t max, int lone)
{
	size_t n = 0;
	uint32_t cp, k;

	while (n + 2 <= max) {
		k = rng() % 10;
		if (k < 4) {
			cp = 0x20 + rng() % 0x5F;
		} else if (k < 7) {
			cp = 0x80 + rng() % (0xD800 - 0x80);
		} else if (k < 8) {
			cp = 0xE000 + rng() % 0x2000;
		} else if (k < 9 || !lone) {
			cp = 0x10000 + rng() % 0x100000;
			u[n++] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
			u[n++] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
			continue;
		} else {
			cp = 0xD800 + rng() % 0x800;    /* a lone surrogate */
		}
		u[n++] = (uint16_t)cp;
	}
	return n;
}

static void
test_random_utf16(void **state)
{
	static const char *const encs[] = { "UTF-16LE", "UTF-16BE" };
	uint16_t u[64];
	char data[130];
	size_t n, i, e, len, round;

	(void)state;
	for (round = 0; round < 4000; round++) {
		n = random_units(u, 1 + rng() % 60, round % 3 == 0);
		for (e = 0; e < 2; e++) {
			for (i = 0; i < n; i++) {
				data[2 * i + (e ? 1 : 0)] = (char)(u[i] & 0xFF);
				data[2 * i + (e ? 0 : 1)] = (char)(u[i] >> 8);
			}
			len = 2 * n;
			/* Now and then cut in the middle of a unit or a pair. */
			if (round % 7 == 0 && len > 0)
				len -= 1 + rng() % (len < 3 ? len : 3);
			agree(encs[e], data, len, len ? len : 1);
			agree(encs[e], data, len, 1 + rng() % 5);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_random_utf16),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
