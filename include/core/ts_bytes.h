/* ts_bytes.h — reading short strings a word at a time.
 *
 * The per-cell code (interning, the row map's memos) compares and hashes
 * strings of a few dozen bytes a million times a file: eight bytes a load,
 * the last load overlapping the one before, never a byte past the end.
 * Static inline, no state.
 */
#ifndef TS_BYTES_H
#define TS_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define TS_BYTES_ONES  0x0101010101010101ULL
#define TS_BYTES_HIGHS 0x8080808080808080ULL

/* The 1..7 bytes at s as one little-endian word, zero above them, read
 * without touching a byte past s + len (two overlapping loads). */
static inline uint64_t
ts_bytes_short(const char *s, size_t len)
{
	uint32_t a, b;

	if (len >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, s + len - 4, 4);
		return a | (uint64_t)b << (8 * (len - 4));
	}
	return (uint64_t)(unsigned char)s[0] |
	    (uint64_t)(unsigned char)s[len / 2] << (8 * (len / 2)) |
	    (uint64_t)(unsigned char)s[len - 1] << (8 * (len - 1));
}

/* The eight bytes at s. */
static inline uint64_t
ts_bytes_word(const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
}

/* Non-zero when one of the eight bytes of w is 0. */
static inline uint64_t
ts_bytes_has_zero(uint64_t w)
{
	return (w - TS_BYTES_ONES) & ~w & TS_BYTES_HIGHS;
}

/* 1 when a[0..len) and b[0..len) hold the same bytes: memcmp() == 0
 * without the call. */
static inline int
ts_bytes_same(const char *a, const char *b, size_t len)
{
	if (len < 8)
		return len == 0 || ts_bytes_short(a, len) == ts_bytes_short(b, len);
	for (; len > 8; len -= 8, a += 8, b += 8)
		if (ts_bytes_word(a) != ts_bytes_word(b))
			return 0;
	return ts_bytes_word(a + len - 8) == ts_bytes_word(b + len - 8);
}

#endif
