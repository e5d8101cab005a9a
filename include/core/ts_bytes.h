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

/* The four and the eight bytes at s as little-endian words, whatever the
 * machine: byte k of the text is bits 8k..8k+7 of the word.  The short
 * string below ORs two overlapping loads, which gives back the bytes only
 * when each lands where its value says (on a big-endian machine the plain
 * loads would mix different strings into one word).  One load where the
 * machine is little-endian. */
static inline uint32_t
ts_bytes_le32(const char *s)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint32_t w;

	memcpy(&w, s, 4);
	return w;
#else
	const unsigned char *p = (const unsigned char *)s;

	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
#endif
}

static inline uint64_t
ts_bytes_le64(const char *s)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
#else
	return (uint64_t)ts_bytes_le32(s) | (uint64_t)ts_bytes_le32(s + 4) << 32;
#endif
}

/* The 1..7 bytes at s as one little-endian word, zero above them, read
 * without touching a byte past s + len (two overlapping loads). */
static inline uint64_t
ts_bytes_short(const char *s, size_t len)
{
	if (len >= 4)
		return ts_bytes_le32(s) | (uint64_t)ts_bytes_le32(s + len - 4) << (8 * (len - 4));
	return (uint64_t)(unsigned char)s[0] |
	    (uint64_t)(unsigned char)s[len / 2] << (8 * (len / 2)) |
	    (uint64_t)(unsigned char)s[len - 1] << (8 * (len - 1));
}

/* The eight bytes at s, little-endian (mixed with ts_bytes_short()'s). */
static inline uint64_t
ts_bytes_word(const char *s)
{
	return ts_bytes_le64(s);
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
