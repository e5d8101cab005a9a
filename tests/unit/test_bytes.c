/* test_bytes.c — the word loads of ts_bytes.h are little-endian on every
 * machine: a short string's word is the sum of its bytes at their places,
 * so two different strings of one length never share a word (the store's
 * interning and the row map's memos take the word for the string). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ts_bytes.h"

static uint64_t
by_hand(const char *s, size_t len)
{
	uint64_t w = 0;
	size_t k;

	for (k = 0; k < len; k++)
		w |= (uint64_t)(unsigned char)s[k] << (8 * k);
	return w;
}

static void
test_short_is_the_bytes(void **state)
{
	const char text[] = "\x01Oaxaca\xff\x80\x7fzZ";
	size_t len, off;

	(void)state;
	for (off = 0; off + 8 <= sizeof text - 1; off++)
		for (len = 1; len < 8; len++)
			assert_true(ts_bytes_short(text + off, len) == by_hand(text + off, len));
	for (off = 0; off + 8 <= sizeof text - 1; off++)
		assert_true(ts_bytes_word(text + off) == by_hand(text + off, 8));
	assert_true(ts_bytes_le32("\x01\x02\x03\x04") == 0x04030201u);
}

/* Strings that differ in one byte, at every place, never share a word. */
static void
test_short_one_to_one(void **state)
{
	char a[8], b[8];
	size_t len, k;

	(void)state;
	for (len = 1; len < 8; len++) {
		for (k = 0; k < len; k++) {
			memset(a, 'a', sizeof a);
			memcpy(b, a, sizeof b);
			b[k] = 'b';
			assert_true(ts_bytes_short(a, len) != ts_bytes_short(b, len));
			assert_false(ts_bytes_same(a, b, len));
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_is_the_bytes),
		cmocka_unit_test(test_short_one_to_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
