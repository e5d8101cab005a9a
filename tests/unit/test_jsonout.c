/* test_jsonout.c — ts_json_str() writes runs of plain bytes at once; it
 * must write exactly what escaping byte by byte writes (the rule of
 * docs/json.md: JSON's escapes, C0 and DEL, C1 controls, U+2028..U+202E
 * and U+2066..U+2069 as \u escapes), on random strings dense in the bytes
 * that matter. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_jsonout.h"

/* The rule, one byte at a time. */
static void
reference(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putc('"', fp);
	for (; *p; p++) {
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			fprintf(fp, "\\u%04x", p[1]);
			p++;
		} else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0xA8 && p[2] <= 0xAE) {
			fprintf(fp, "\\u%04x", 0x2000 + p[2] - 0x80);
			p += 2;
		} else if (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9) {
			fprintf(fp, "\\u%04x", 0x2040 + p[2] - 0x80);
			p += 2;
		} else if (*p == '"' || *p == '\\') {
			fprintf(fp, "\\%c", *p);
		} else if (*p == '\n' || *p == '\r' || *p == '\t') {
			fprintf(fp, "\\%c", *p == '\n' ? 'n' : *p == '\r' ? 'r' : 't');
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(fp, "\\u%04x", *p);
		} else {
			putc(*p, fp);
		}
	}
	putc('"', fp);
}

static uint64_t
next(uint64_t *r)
{
	*r ^= *r << 13;
	*r ^= *r >> 7;
	*r ^= *r << 17;
	return *r >> 11;
}

/* ts_json_str(s) must write what the rule writes; n names the case. */
static void
same_as_reference(const char *s, int n)
{
	char *a, *b;
	size_t na, nb;
	FILE *fa, *fb;

	fa = open_memstream(&a, &na);
	fb = open_memstream(&b, &nb);
	assert_non_null(fa);
	assert_non_null(fb);
	ts_json_str(fa, s);
	reference(fb, s);
	fclose(fa);
	fclose(fb);
	if (na != nb || memcmp(a, b, na) != 0)
		fail_msg("case %d: got %.*s, want %.*s", n, (int)na, a, (int)nb, b);
	free(a);
	free(b);
}

static void
test_random_strings(void **state)
{
	static const unsigned char pick[] = {
		'a', 'Z', ' ', '"', '\\', '\n', '\r', '\t', 0x01, 0x1f, 0x7f,
		0xC2, 0x80, 0x9F, 0xA0, 0xA9, 0xE2, 0x81, 0xA6, 0xAE, 0xAF, 0xC3,
	};
	char s[40];
	size_t len, i;
	uint64_t r = 0x2545F4914F6CDD1DULL;
	int n;

	(void)state;
	for (n = 0; n < 200000; n++) {
		len = next(&r) % 32;
		for (i = 0; i < len; i++)
			s[i] = (char)pick[next(&r) % sizeof pick];
		s[len] = '\0';
		same_as_reference(s, n);
	}
}

/* Long strings, mostly plain (the eight-byte steps) with escaped
 * sequences anywhere, also across the 256-byte pieces ts_json_str()
 * writes; and ts_json_put() on a prefix, whose cut sequence is taken as
 * it stands, as in a string that ends there. */
static void
test_long_strings(void **state)
{
	static const char *const seq[] = {
		"a", "bcdefghi", "\xc2\x85", "\xc2\xa0", "\xe2\x80\xa8", "\xe2\x80\xae",
		"\xe2\x81\xa6", "\xe2\x81\xa9", "\xe2\x80\x93", "\"", "\\", "\x7f",
		"\x1b", "\n", "\xc3\xa9", "\xe2", "\xc2", "\x80",
	};
	char s[1200], *b, *put;
	size_t na, nb, len, cut, i, k;
	uint64_t r = 0x9E3779B97F4A7C15ULL;
	FILE *fb;
	int n;

	(void)state;
	put = malloc(TS_JSON_ROOM(sizeof s));
	assert_non_null(put);
	for (n = 0; n < 20000; n++) {
		len = 0;
		cut = next(&r) % 1100;
		while (len < cut) {
			/* Plain runs nine times in ten. */
			k = next(&r) % 10 ? next(&r) % 2 : next(&r) % (sizeof seq / sizeof seq[0]);
			for (i = 0; seq[k][i] && len < sizeof s - 1; i++)
				s[len++] = seq[k][i];
		}
		s[len] = '\0';
		same_as_reference(s, n);
		/* A prefix, as the whole string. */
		cut = len ? next(&r) % len : 0;
		na = ts_json_put(put, s, cut);
		s[cut] = '\0';
		fb = open_memstream(&b, &nb);
		assert_non_null(fb);
		reference(fb, s);
		fclose(fb);
		if (na != nb || memcmp(put, b, na) != 0)
			fail_msg("case %d: ts_json_put of %zu bytes differs", n, cut);
		free(b);
	}
	free(put);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_strings),
		cmocka_unit_test(test_long_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
