/* test_encoding.c — the decoder: detection, BOMs, block edges, faults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_encoding.h"

/* Decodes data fed in blocks of `block` bytes; returns the status and
 * leaves the whole UTF-8 output in out (NUL-terminated). */
static int
decode(const char *enc, const char *data, size_t len, size_t block,
    char *out, size_t size, struct ts_error *err, char *name, size_t nsize)
{
	struct ts_decoder *d;
	const char *o;
	size_t olen, pos = 0, n, have = 0;
	int rc = 0, final;

	memset(err, 0, sizeof *err);
	d = ts_decoder_new(enc, "t.csv", err);
	if (d == NULL)
		return err->code;
	do {
		n = len - pos < block ? len - pos : block;
		final = pos + n == len;
		rc = ts_decoder_feed(d, data + pos, n, final, &o, &olen, err);
		if (rc)
			break;
		assert_true(have + olen < size);
		memcpy(out + have, o, olen);
		have += olen;
		pos += n;
	} while (!final);
	out[have] = '\0';
	snprintf(name, nsize, "%s", ts_decoder_name(d));
	ts_decoder_free(d);
	return rc;
}

static void
test_utf8_fast_path_does_not_copy(void **state)
{
	static const char text[80000] = "year,jurisdiction\n2014,Michoac\xc3\xa1n\n";
	struct ts_error err = { 0 };
	struct ts_decoder *d = ts_decoder_new(NULL, "t", &err);
	const char *o;
	size_t olen;

	(void)state;
	assert_non_null(d);
	/* Past the sniffing size in one block: decided on it, handed out in
	 * place.  The NULs of the static padding would be an error, so feed
	 * only the text plus enough spaces. */
	{
		static char big[70000];
		memset(big, ' ', sizeof big);
		memcpy(big, text, strlen(text));
		assert_int_equal(ts_decoder_feed(d, big, sizeof big, 0, &o, &olen, &err), 0);
		assert_ptr_equal(o, big);
		assert_int_equal(olen, sizeof big);
	}
	assert_string_equal(ts_decoder_name(d), "UTF-8");
	ts_decoder_free(d);
}

static void
test_windows_1252_detected_and_converted(void **state)
{
	static const char text[] = "A\xf1o;Entidad\r\n2014;Michoac\xe1n \x80\r\n";
	char out[256], name[64];
	struct ts_error err;

	(void)state;
	assert_int_equal(decode(NULL, text, sizeof text - 1, 7, out, sizeof out,
	    &err, name, sizeof name), 0);
	assert_string_equal(out, "A\xc3\xb1o;Entidad\r\n2014;Michoac\xc3\xa1n \xe2\x82\xac\r\n");
	assert_string_equal(name, "Windows-1252");
}

static void
test_boms(void **state)
{
	static const char u8[] = "\xef\xbb\xbfyear\n";
	static const char le[] = "\xff\xfey\0e\0\xe1\0\n\0";
	static const char be[] = "\xfe\xff\0y\0e\0\xe1\0\n";
	char out[64], name[64];
	struct ts_error err;

	(void)state;
	assert_int_equal(decode(NULL, u8, sizeof u8 - 1, 2, out, sizeof out, &err,
	    name, sizeof name), 0);
	assert_string_equal(out, "year\n");
	assert_string_equal(name, "UTF-8");
	/* Fed one byte at a time: every UTF-16 unit is cut at a block edge. */
	assert_int_equal(decode(NULL, le, sizeof le - 1, 1, out, sizeof out, &err,
	    name, sizeof name), 0);
	assert_string_equal(out, "ye\xc3\xa1\n");
	assert_string_equal(name, "UTF-16LE");
	assert_int_equal(decode(NULL, be, sizeof be - 1, 3, out, sizeof out, &err,
	    name, sizeof name), 0);
	assert_string_equal(out, "ye\xc3\xa1\n");
	assert_string_equal(name, "UTF-16BE");
	/* A BOM alone is an empty input. */
	assert_int_equal(decode(NULL, u8, 3, 3, out, sizeof out, &err, name,
	    sizeof name), 0);
	assert_string_equal(out, "");
}

static void
test_utf16_without_bom(void **state)
{
	static const char le[] = "y\0e\0a\0r\0\n\0" "2\0" "0\0";
	char out[64], name[64];
	struct ts_error err;

	(void)state;
	assert_int_equal(decode(NULL, le, sizeof le - 1, 64, out, sizeof out, &err,
	    name, sizeof name), 0);
	assert_string_equal(out, "year\n20");
	assert_string_equal(name, "UTF-16LE");
}

static void
test_utf8_cut_at_block_edges(void **state)
{
	static const char text[] = "a,\xc3\xa1\xe2\x82\xac\xf0\x9f\x98\x80\n";
	char out[64], name[64];
	struct ts_error err;
	size_t b;

	(void)state;
	for (b = 1; b <= 5; b++) {
		assert_int_equal(decode("utf-8", text, sizeof text - 1, b, out,
		    sizeof out, &err, name, sizeof name), 0);
		assert_string_equal(out, text);
	}
}

static void
test_explicit_utf8_fault_has_line_and_column(void **state)
{
	static const char text[] = "year,name\r\n2014,ok\r\n2015,Le\xf3n\r\n";
	static const char cut[] = "year\n\xc3";
	static const char overlong[] = "a\xc0\xaf\n";
	static const char surrogate[] = "a\xed\xa0\x80\n";
	char out[64], name[64];
	struct ts_error err;

	(void)state;
	assert_int_equal(decode("UTF-8", text, sizeof text - 1, 4, out, sizeof out,
	    &err, name, sizeof name), 3);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 8);
	assert_non_null(strstr(err.message, "0xF3"));
	assert_int_equal(decode("utf8", cut, sizeof cut - 1, 64, out, sizeof out,
	    &err, name, sizeof name), 3);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "middle of a character"));
	assert_int_equal(decode("utf-8", overlong, sizeof overlong - 1, 64, out,
	    sizeof out, &err, name, sizeof name), 3);
	assert_int_equal(err.column, 2);
	assert_int_equal(decode("utf-8", surrogate, sizeof surrogate - 1, 64, out,
	    sizeof out, &err, name, sizeof name), 3);
}

static void
test_late_fault_after_ascii_switches(void **state)
{
	/* 70,000 ASCII bytes (past the sniffing window), then a Windows-1252
	 * byte: nothing read so far changes, the rest is Windows-1252. */
	size_t n = 70000, i;
	char *text = malloc(n + 8), *out = malloc(2 * n), name[64];
	struct ts_error err;

	(void)state;
	assert_non_null(text);
	assert_non_null(out);
	for (i = 0; i < n; i++)
		text[i] = i % 10 == 9 ? '\n' : 'a';
	memcpy(text + n, "Le\xf3n\n", 5);
	assert_int_equal(decode(NULL, text, n + 5, 65536, out, 2 * n, &err, name,
	    sizeof name), 0);
	assert_string_equal(name, "Windows-1252");
	assert_string_equal(out + n, "Le\xc3\xb3n\n");
	/* The same after non-ASCII UTF-8: the file mixes encodings. */
	memcpy(text + 5, "\xc3\xa1", 2);
	assert_int_equal(decode(NULL, text, n + 5, 65536, out, 2 * n, &err, name,
	    sizeof name), 3);
	assert_int_equal(err.line, 7001);
	assert_int_equal(err.column, 3);
	assert_non_null(strstr(err.message, "mixes encodings"));
	free(text);
	free(out);
}

static void
test_faults(void **state)
{
	static const char odd[] = "\xff\xfey\0e\0a";
	static const char nul[] = "year\n20\x00" "14\n";
	static const char undefined[] = "year\n\x81\n";
	char out[64], name[64];
	struct ts_error err;

	(void)state;
	assert_int_equal(decode(NULL, odd, sizeof odd - 1, 64, out, sizeof out,
	    &err, name, sizeof name), 3);
	assert_non_null(strstr(err.message, "middle of a character"));
	assert_int_equal(err.column, 3);
	assert_int_equal(decode(NULL, nul, sizeof nul - 1, 64, out, sizeof out,
	    &err, name, sizeof name), 3);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 3);
	assert_non_null(strstr(err.message, "NUL"));
	/* 0x81 has no meaning in Windows-1252: no guess. */
	assert_int_equal(decode(NULL, undefined, sizeof undefined - 1, 64, out,
	    sizeof out, &err, name, sizeof name), 3);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "0x81"));
	assert_int_equal(decode("no-such-encoding", "a", 1, 1, out, sizeof out, &err,
	    name, sizeof name), 2);
	assert_true(ts_encoding_known("latin1"));
	assert_true(ts_encoding_known("auto"));
	assert_false(ts_encoding_known("no-such-encoding"));
}

static void
test_line_counting_cr_and_crlf(void **state)
{
	/* CR, CRLF cut between blocks, LF: the fault is on line 4. */
	static const char text[] = "a\rb\r\nc\nd\xff";
	char out[64], name[64];
	struct ts_error err;
	size_t b;

	(void)state;
	for (b = 1; b <= 6; b++) {
		assert_int_equal(decode("UTF-8", text, sizeof text - 1, b, out,
		    sizeof out, &err, name, sizeof name), 3);
		assert_int_equal(err.line, 4);
		assert_int_equal(err.column, 2);
	}
}

/* A random piece of near-UTF-8 text: ASCII with line ends, accented
 * letters, three- and four-byte characters (E0 and ED ones too), and now
 * and then a stray byte, a NUL or a character cut short; CRs only when
 * cr is set (a CR takes the slow line count). */
static size_t
piece(unsigned *seed, char *p, int cr)
{
	static const char *const good[] = {
		"a", "Mx,", "\n", "\xC3\xA9", "\xC3\xAD", "\xC2\xA0", "\xDF\xBF",
		"\xE2\x82\xAC", "\xE1\x80\x80", "\xEF\xBF\xBD",
		"Fiscal\xC3\xAD" "a de Trata, Unidad", "0123456789abcdef",
	};
	static const char *const rare[] = {
		"\r\n", "\r", "\xE0\xA4\x85", "\xED\x95\x9C", "\xF0\x9F\x98\x80",
		"\xF4\x8F\xBF\xBF",
	};
	static const char *const bad[] = {
		"\x80", "\xC3", "\xE2\x82", "\xC0\xAF", "\xE0\x80\x80", "\xED\xA0\x80",
		"\xF5\x80\x80\x80", "\xFF", "\0", "\xF0\x9F\x98",
	};
	const char *t;
	size_t n;
	unsigned r;

	*seed = *seed * 1103515245u + 12345u;
	r = (*seed >> 16) % 400;
	if (r == 0)
		t = bad[(*seed >> 8) % (sizeof bad / sizeof bad[0])];
	else if (r < 12)
		t = rare[(cr ? 0 : 2) + (*seed >> 8) % (sizeof rare / sizeof rare[0] - (cr ? 0 : 2))];
	else
		t = good[(*seed >> 8) % (sizeof good / sizeof good[0])];
	n = t[0] == '\0' ? 1 : strlen(t);
	memcpy(p, t, n);
	return n;
}

/* Large blocks (validated sixteen bytes at a time where ASCII) give what
 * blocks of 1 to 15 bytes give: the same text, or the same fault at the
 * same line and column; a bad byte put at the end checks the lines and
 * columns counted over the blocks before it. */
static void
test_utf8_chunks_same_as_bytes(void **state)
{
	static char data[4096], out1[8192], out2[8192];
	static const size_t blocks[] = { 0, 64, 100, 333 };
	struct ts_error e1, e2;
	char n1[64], n2[64];
	unsigned seed = 12345u;
	size_t len, b, k;
	int round, r1, r2, faults = 0;

	(void)state;
	for (round = 0; round < 4000; round++) {
		size_t want = 16 + (size_t)(round * 7919 % 1500);
		for (len = 0; len < want;)
			len += piece(&seed, data + len, round % 4 == 0);
		if (round % 2)
			data[len++] = '\xFF';
		for (k = 0; k < sizeof blocks / sizeof blocks[0]; k++) {
			const char *enc = round % 3 ? "UTF-8" : "auto";
			b = blocks[k] ? blocks[k] : len;
			r1 = decode(enc, data, len, b, out1, sizeof out1, &e1, n1, sizeof n1);
			r2 = decode(enc, data, len, 1 + round % 15, out2, sizeof out2, &e2,
			    n2, sizeof n2);
			assert_int_equal(r1, r2);
			assert_string_equal(n1, n2);
			if (r1 == 0) {
				assert_string_equal(out1, out2);
				continue;
			}
			faults++;
			assert_int_equal(e1.line, e2.line);
			assert_int_equal(e1.column, e2.column);
			assert_string_equal(e1.message, e2.message);
		}
	}
	assert_true(faults > 1000);
}

/* Only ASCII before a byte that is not UTF-8 switches an undeclared
 * input to Windows-1252, also when that byte is a lead at the end of a
 * sixteen-byte chunk. */
static void
test_utf8_chunk_lead_then_ascii_switches(void **state)
{
	static char data[70000], out[80000];
	struct ts_error err;
	char name[64];

	(void)state;
	memset(data, 'a', sizeof data);
	memcpy(data + 65536 + 15, "\xC3(", 2);
	assert_int_equal(decode("auto", data, sizeof data, 65536, out, sizeof out,
	    &err, name, sizeof name), 0);
	assert_string_equal(name, "Windows-1252");
	assert_memory_equal(out + 65536 + 15, "\xC3\x83(", 3);
}

/* Two-byte characters taken sixteen bytes at a time: a chunk is taken
 * whole only when each of its bytes above 0x7F is a lead C2..DF with a
 * continuation just after it.  Every pattern near such characters, at
 * every place in a chunk, decodes (or fails, at the same line and
 * column) as it does one byte at a time. */
static void
test_utf8_two_byte_chunks(void **state)
{
	static const char *const pat[] = {
		"\xC3\xA9", "\xC3", "\xC3" "A", "\x80", "\xC3\xA9\x80", "\xC1\xBF",
		"\xC0\x80", "\xC2\xC2\x80", "\xDF\xBF", "\xE0\xBF", "\xE2\x82\xAC",
		"\xC3\xA9\xC3", "\xBF\xC3\xA9", "\xFF", "\xE2" "A", "\xC3\xA9\0",
	};
	static char data[128], out1[512], out2[512];
	struct ts_error e1, e2;
	char n1[64], n2[64];
	size_t p, at, len;
	int r1, r2, k;

	(void)state;
	for (p = 0; p < sizeof pat / sizeof pat[0]; p++)
		for (at = 0; at < 48; at++)
			for (k = 0; k < 2; k++) {
				memset(data, 'a', sizeof data);
				/* Accented letters around, whole, in the chunks
				 * before and after. */
				memcpy(data + 2, "\xC3\xAD", 2);
				memcpy(data + 70, "\xC3\xB1", 2);
				len = p == sizeof pat / sizeof pat[0] - 1 ? 3 : strlen(pat[p]);
				memcpy(data + at, pat[p], len);
				len = 64 + (size_t)k * 40;
				r1 = decode(k ? "auto" : "UTF-8", data, len, len, out1,
				    sizeof out1, &e1, n1, sizeof n1);
				r2 = decode(k ? "auto" : "UTF-8", data, len, 1, out2,
				    sizeof out2, &e2, n2, sizeof n2);
				assert_int_equal(r1, r2);
				assert_string_equal(n1, n2);
				if (r1 == 0) {
					assert_string_equal(out1, out2);
					continue;
				}
				assert_int_equal(e1.line, e2.line);
				assert_int_equal(e1.column, e2.column);
				assert_string_equal(e1.message, e2.message);
			}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_fast_path_does_not_copy),
		cmocka_unit_test(test_windows_1252_detected_and_converted),
		cmocka_unit_test(test_boms),
		cmocka_unit_test(test_utf16_without_bom),
		cmocka_unit_test(test_utf8_cut_at_block_edges),
		cmocka_unit_test(test_explicit_utf8_fault_has_line_and_column),
		cmocka_unit_test(test_late_fault_after_ascii_switches),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_line_counting_cr_and_crlf),
		cmocka_unit_test(test_utf8_chunks_same_as_bytes),
		cmocka_unit_test(test_utf8_chunk_lead_then_ascii_switches),
		cmocka_unit_test(test_utf8_two_byte_chunks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
