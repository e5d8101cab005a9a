/* jsonout.c — JSON output primitives: strings and numbers. */
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "ts_jsonout.h"

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

/* v's 17 significant digits (digits[0..17), no point) and decimal
 * exponent, as "%.16e" gives them.  Returns 0, or -1 when the text is not
 * of that form. */
static int
digits17(double v, char *digits, int *exp10, int *neg)
{
	char t[40], *e;
	int n = snprintf(t, sizeof t, "%.16e", v), i, o = 0;

	if (n <= 0 || (size_t)n >= sizeof t)
		return -1;
	*neg = t[0] == '-';
	for (i = *neg; t[i] && t[i] != 'e'; i++)
		if (t[i] != '.')
			digits[o++] = t[i];
	if (o != 17 || t[i] != 'e')
		return -1;
	*exp10 = (int)strtol(t + i + 1, &e, 10);
	return *e == '\0' ? 0 : -1;
}

/* The significant digits of d (p of them, d < 10^p) with exponent x in
 * the form %.{p}g gives: trailing zeros dropped, fixed when
 * -4 <= x < p, else d.ddde+XX.  Returns the length. */
static size_t
put_g(char *buf, int neg, uint64_t d, int p, int x)
{
	char dig[20];
	int i, last, o = 0;

	for (i = p - 1; i >= 0; i--) {
		dig[i] = (char)('0' + d % 10);
		d /= 10;
	}
	for (last = p - 1; last > 0 && dig[last] == '0'; last--)
		;
	if (neg)
		buf[o++] = '-';
	if (x < p && x >= -4) {
		if (x < 0) {
			buf[o++] = '0';
			buf[o++] = '.';
			for (i = 0; i < -x - 1; i++)
				buf[o++] = '0';
			for (i = 0; i <= last; i++)
				buf[o++] = dig[i];
		} else {
			for (i = 0; i <= x; i++)
				buf[o++] = dig[i];
			if (last > x) {
				buf[o++] = '.';
				for (i = x + 1; i <= last; i++)
					buf[o++] = dig[i];
			}
		}
	} else {
		buf[o++] = dig[0];
		if (last > 0) {
			buf[o++] = '.';
			for (i = 1; i <= last; i++)
				buf[o++] = dig[i];
		}
		buf[o++] = 'e';
		buf[o++] = x < 0 ? '-' : '+';
		if (x < 0)
			x = -x;
		if (x >= 100)
			buf[o++] = (char)('0' + x / 100);
		buf[o++] = (char)('0' + x / 10 % 10);
		buf[o++] = (char)('0' + x % 10);
	}
	buf[o] = '\0';
	return (size_t)o;
}

/* What "%.*g" gives for precision p < 17, from the 17 digits of v rounded
 * to p; 0 when the rounding is not sure (the digits cut off are exactly
 * half a unit, so the exact value decides): the caller asks snprintf. */
static int
format_g(const char *d17, int exp10, int neg, int p, char *buf, size_t size)
{
	char d[18];
	int i, x = exp10, up;
	uint64_t q = 0;

	memcpy(d, d17, 17);
	if (p < 17) {
		/* Digits p.. of the 17 stand for the exact value within half
		 * a unit of the last: "5" then zeros (to digit 17) is a tie. */
		for (i = p + 1; i < 17 && d[i] == '0'; i++)
			;
		if (d[p] == '5' && i == 17)
			return 0;
		up = d[p] >= '5';
		for (i = p - 1; up && i >= 0; i--) {
			if (d[i] == '9') {
				d[i] = '0';
			} else {
				d[i]++;
				up = 0;
			}
		}
		if (up) {               /* 9.99 -> 10.0 */
			memmove(d + 1, d, (size_t)p - 1);
			d[0] = '1';
			x++;
		}
	}
	if ((size_t)p + 12 > size)
		return 0;
	for (i = 0; i < p; i++)
		q = q * 10 + (uint64_t)(d[i] - '0');
	put_g(buf, neg, q, p, x);
	return 1;
}

#ifdef __SIZEOF_INT128__
/* The exact path: v = m 2^-k with k > 0 and 10^-6 <= v < 10^15, so that
 * v 10^s for every s used (s <= 22) is an integer over 2^k held in 128
 * bits, and each candidate's rounding and its reading back are decided by
 * integer compares, without snprintf or strtod. */
__extension__ typedef unsigned __int128 u128;

#define P10_19 10000000000000000000ULL
static const u128 pow10_tab[23] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
	10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
	100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL, P10_19,
	(u128)P10_19 * 10, (u128)P10_19 * 100, (u128)P10_19 * 1000,
};

/* ts_num_text() for finite v != 0 within the exact path's range: 1 when
 * it wrote buf, 0 when the caller must (out of range, or an exact tie
 * between two candidates, which the rounding rule of printf settles). */
static int
num_exact(double v, char *buf)
{
	uint64_t bits, m, q, top;
	int be, k, x, p, s, neg;
	u128 w, rem, half, mask, err, tens;

	memcpy(&bits, &v, sizeof bits);
	neg = (int)(bits >> 63);
	be = (int)(bits >> 52 & 0x7FF);
	if (be == 0 || be == 0x7FF)
		return 0;               /* subnormal, not finite */
	m = (bits & ((1ULL << 52) - 1)) | 1ULL << 52;
	k = 1075 - be;                /* v = m / 2^k */
	if (k <= 0 || k > 80)
		return 0;
	/* The decimal exponent x: 10^x <= v < 10^(x+1), from the binary
	 * one, then checked on the 17 digits. */
	x = (int)((be - 1023) * 0.30102999566398120);
	if (be < 1023)
		x--;
	for (;;) {
		if (x < -6 || x > 14)
			return 0;
		s = 16 - x;
		q = (uint64_t)(((u128)m * pow10_tab[s]) >> k);
		if (q < 10000000000000000ULL)
			x--;
		else if (q >= 100000000000000000ULL)
			x++;
		else
			break;
	}
	mask = ((u128)1 << k) - 1;
	half = (u128)1 << (k - 1);
	for (p = 15; p <= 17; p++) {
		int up, below;
		s = p - 1 - x;
		w = (u128)m * pow10_tab[s];
		q = (uint64_t)(w >> k);
		rem = w & mask;
		if (rem == half)
			return 0;
		up = rem > half;
		err = up ? mask + 1 - rem : rem;
		tens = pow10_tab[s];
		/* The candidate q 10^-s reads back as v when it lies nearer to
		 * v than half the gap to the next double on its side; the gap
		 * below a power of two is half the gap above.  On the
		 * midpoint, reading rounds to the even mantissa. */
		below = !up && m == 1ULL << 52 && be > 1;
		err *= below ? 4 : 2;
		if (p == 17 || err < tens || (err == tens && !(m & 1))) {
			q += (uint64_t)up;
			top = (uint64_t)pow10_tab[p];
			if (q == top) {         /* 9.99... -> 10.0 */
				q /= 10;
				x++;
			}
			put_g(buf, neg, q, p, x);
			return 1;
		}
	}
	return 0;
}
#endif

void
ts_num_text(double v, char *buf, size_t size)
{
	char d17[17];
	int prec, exp10, neg;

	if (!isfinite(v)) {
		snprintf(buf, size, "%s", "null");
		return;
	}
	if (v == 0 && size >= 3) {
		memcpy(buf, signbit(v) ? "-0" : "0", signbit(v) ? 3 : 2);
		return;
	}
#ifdef __SIZEOF_INT128__
	if (size >= 32 && num_exact(v, buf))
		return;
#endif
	/* The first of 15, 16 and 17 digits that reads back as v: all three
	 * from one conversion, snprintf only when a rounding is not sure. */
	if (v != 0 && size >= 40 && digits17(v, d17, &exp10, &neg) == 0) {
		for (prec = 15; prec <= 17; prec++) {
			if (!format_g(d17, exp10, neg, prec, buf, size))
				snprintf(buf, size, "%.*g", prec, v);
			if (prec == 17 || strtod(buf, NULL) == v)
				return;
		}
	}
	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
}

size_t
ts_int_text(int64_t v, char *buf)
{
	char t[24];
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	size_t n = 0, o = 0;

	do {
		t[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[o++] = '-';
	while (n)
		buf[o++] = t[--n];
	buf[o] = '\0';
	return o;
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
