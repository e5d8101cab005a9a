/* jsonout.c — JSON output primitives: strings and numbers. */
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "ts_jsonout.h"
#include "ts_numfmt.h"

/* A byte that stands for itself in a JSON string: not a control, DEL, a
 * quote or a backslash, and not the first byte of a sequence that
 * ts_json_put() escapes (0xC2: C1 controls; 0xE2: U+2028.., U+2066..). */
static int
plain_byte(unsigned c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f && c != 0xC2 &&
	    c != 0xE2;
}

/* Besides what JSON requires, C1 controls (U+0080..U+009F), U+2028..U+202E
 * and U+2066..U+2069 are written as \u escapes: the string is the same,
 * but `jq .` on a terminal and JavaScript readers cannot be tricked by
 * them. */
size_t
ts_json_put(char *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	char *o = out;
	unsigned c, b1, b2;

	*o++ = '"';
	while (p < end) {
		/* Eight bytes of printable ASCII but '"', '\\' and DEL at
		 * once (no byte's top bit set, none below 0x20, none equal). */
		while (end - p >= 8) {
			uint64_t x, q, b, d;
			memcpy(&x, p, 8);
			q = x ^ 0x2222222222222222ULL;
			b = x ^ 0x5C5C5C5C5C5C5C5CULL;
			d = x ^ 0x7F7F7F7F7F7F7F7FULL;
			if ((x | ((x - 0x2020202020202020ULL) & ~x) |
			    ((q - 0x0101010101010101ULL) & ~q) |
			    ((b - 0x0101010101010101ULL) & ~b) |
			    ((d - 0x0101010101010101ULL) & ~d)) & 0x8080808080808080ULL)
				break;
			memcpy(o, p, 8);
			o += 8;
			p += 8;
		}
		if (p == end)
			break;
		c = *p;
		if (plain_byte(c)) {
			*o++ = (char)c;
			p++;
			continue;
		}
		b1 = p + 1 < end ? p[1] : 0;
		b2 = p + 2 < end ? p[2] : 0;
		if (c == 0xC2 && b1 >= 0x80 && b1 <= 0x9F) {
			memcpy(o, "\\u00", 4);
			o[4] = hex[b1 >> 4];
			o[5] = hex[b1 & 15];
			o += 6;
			p += 2;
			continue;
		}
		if (c == 0xE2 && ((b1 == 0x80 && b2 >= 0xA8 && b2 <= 0xAE) ||
		    (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9))) {
			memcpy(o, b1 == 0x80 ? "\\u202" : "\\u206", 5);
			o[5] = hex[b2 - 0xA0];
			o += 6;
			p += 3;
			continue;
		}
		p++;
		switch (c) {
		case '"': *o++ = '\\'; *o++ = '"'; break;
		case '\\': *o++ = '\\'; *o++ = '\\'; break;
		case '\n': *o++ = '\\'; *o++ = 'n'; break;
		case '\r': *o++ = '\\'; *o++ = 'r'; break;
		case '\t': *o++ = '\\'; *o++ = 't'; break;
		default:
			if (c < 0x20 || c == 0x7f) {
				memcpy(o, "\\u00", 4);
				o[4] = hex[c >> 4];
				o[5] = hex[c & 15];
				o += 6;
			} else {
				*o++ = (char)c;
			}
		}
	}
	*o++ = '"';
	return (size_t)(o - out);
}

void
ts_json_str(FILE *fp, const char *s)
{
	char buf[TS_JSON_ROOM(256)];
	size_t len = strlen(s), at = 0, end, n;
	const unsigned char *u = (const unsigned char *)s;

	/* In pieces of at most 256 bytes, cut where no escaped sequence
	 * starts before the cut and ends after it; the quotes of the
	 * pieces but the first opening and the last closing are dropped. */
	do {
		end = len - at > 256 ? at + 256 : len;
		if (end < len && (u[end] & 0xC0) == 0x80) {
			if (u[end - 1] == 0xC2 || u[end - 1] == 0xE2)
				end--;
			else if (u[end - 2] == 0xE2)
				end -= 2;
		}
		n = ts_json_put(buf, s + at, end - at);
		fwrite(buf + (at > 0), 1, n - (at > 0) - (end < len), fp);
		at = end;
	} while (at < len);
}

void
ts_num_text(double v, char *buf, size_t size)
{
	char t[TS_NUMFMT_ROOM];
	size_t n = ts_numfmt_double(t, v);

	if (size == 0)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(buf, t, n);
	buf[n] = '\0';
}

size_t
ts_int_text(int64_t v, char *buf)
{
	size_t n = ts_numfmt_i64(buf, v);

	buf[n] = '\0';
	return n;
}

void
ts_json_int(FILE *fp, int64_t v)
{
	char buf[24];

	fwrite(buf, 1, ts_int_text(v, buf), fp);
}

/* Writes the shortest decimal that reads back as exactly v. */
void
ts_json_num(FILE *fp, double v)
{
	char buf[40];

	ts_num_text(v, buf, sizeof buf);
	fputs(buf, fp);
}
