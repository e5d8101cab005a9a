/* jsonout.c — JSON output primitives: strings and numbers. */
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "ts_jsonout.h"

/* Writes s as a JSON string.  Besides what JSON requires, C1 controls
 * (U+0080..U+009F), U+2028..U+202E and U+2066..U+2069 are written as \u
 * escapes: the string is the same, but `jq .` on a terminal and JavaScript
 * readers cannot be tricked by them. */
void
ts_json_str(FILE *fp, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *run;

	putc('"', fp);
	for (; *p; p++) {
		/* A run of bytes that stand for themselves, in one write. */
		for (run = p; *p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7f &&
		    *p != 0xC2 && *p != 0xE2; p++)
			;
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), fp);
		if (*p == '\0')
			break;
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			fprintf(fp, "\\u00%c%c", hex[p[1] >> 4], hex[p[1] & 15]);
			p++;
			continue;
		}
		if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0xA8 && p[2] <= 0xAE) {
			fprintf(fp, "\\u202%c", hex[p[2] - 0xA0]);
			p += 2;
			continue;
		}
		if (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9) {
			fprintf(fp, "\\u206%c", hex[p[2] - 0xA0]);
			p += 2;
			continue;
		}
		switch (*p) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(fp, "\\u00%c%c", hex[*p >> 4], hex[*p & 15]);
			else
				putc(*p, fp);
		}
	}
	putc('"', fp);
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
