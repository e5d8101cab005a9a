/* numfmt.c — numbers as text without printf: integers by a loop of two
 * digits at a time; doubles as the first of 15, 16 and 17 significant
 * digits that reads back as the same double (what "%.15g", "%.16g",
 * "%.17g" give, tried in turn), decided by integer arithmetic: 128-bit
 * for the values writers print most, a big integer for every other
 * double (docs/json.md, "Numbers"). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ts_numfmt.h"

static const char digits2[] =
    "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
    "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

size_t
ts_numfmt_u64(char *out, uint64_t v)
{
	char t[20];
	size_t n = sizeof t;
	unsigned r;

	while (v >= 100) {
		r = (unsigned)(v % 100);
		v /= 100;
		n -= 2;
		memcpy(t + n, digits2 + 2 * r, 2);
	}
	if (v >= 10) {
		n -= 2;
		memcpy(t + n, digits2 + 2 * v, 2);
	} else {
		t[--n] = (char)('0' + v);
	}
	memcpy(out, t + n, sizeof t - n);
	return sizeof t - n;
}

size_t
ts_numfmt_i64(char *out, int64_t v)
{
	if (v >= 0)
		return ts_numfmt_u64(out, (uint64_t)v);
	out[0] = '-';
	return 1 + ts_numfmt_u64(out + 1, 0 - (uint64_t)v);
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

/* q, v's 17 leading digits for a guessed decimal exponent: -1 when the
 * guess was one too high (q has 16 digits), 1 when one too low (18), 0
 * when right. */
static int
exp_step(uint64_t q)
{
	return q < 10000000000000000ULL ? -1 : q >= 100000000000000000ULL ? 1 : 0;
}

/* Big unsigned integers, enough for m 10^340 and m 2^1075 (times 4):
 * 32-bit limbs, least significant first. */
#define BIG_LIMBS 40
struct big {
	uint32_t w[BIG_LIMBS];
	int n;                  /* limbs in use; w[n - 1] != 0 unless n == 0 */
};

static void
big_set(struct big *b, uint64_t v)
{
	b->n = 0;
	while (v) {
		b->w[b->n++] = (uint32_t)v;
		v >>= 32;
	}
}

static void
big_mul_small(struct big *b, uint32_t k)
{
	uint64_t carry = 0;
	int i;

	for (i = 0; i < b->n; i++) {
		carry += (uint64_t)b->w[i] * k;
		b->w[i] = (uint32_t)carry;
		carry >>= 32;
	}
	if (carry)
		b->w[b->n++] = (uint32_t)carry;
}

static void
big_mul_pow10(struct big *b, int s)
{
	for (; s >= 9; s -= 9)
		big_mul_small(b, 1000000000u);
	for (; s > 0; s--)
		big_mul_small(b, 10);
}

static void
big_shl(struct big *b, int bits)
{
	int limbs = bits / 32, r = bits % 32, i;

	if (b->n == 0)
		return;
	if (r) {
		uint32_t carry = 0, x;
		for (i = 0; i < b->n; i++) {
			x = b->w[i];
			b->w[i] = x << r | carry;
			carry = x >> (32 - r);
		}
		if (carry)
			b->w[b->n++] = carry;
	}
	if (limbs) {
		memmove(b->w + limbs, b->w, (size_t)b->n * sizeof b->w[0]);
		memset(b->w, 0, (size_t)limbs * sizeof b->w[0]);
		b->n += limbs;
	}
}

static void
big_shr1(struct big *b)
{
	int i;

	for (i = 0; i < b->n; i++)
		b->w[i] = b->w[i] >> 1 | (i + 1 < b->n ? b->w[i + 1] << 31 : 0);
	if (b->n && b->w[b->n - 1] == 0)
		b->n--;
}

static int
big_cmp(const struct big *a, const struct big *b)
{
	int i;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (i = a->n - 1; i >= 0; i--)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	return 0;
}

/* a -= b, for a >= b. */
static void
big_sub(struct big *a, const struct big *b)
{
	int64_t borrow = 0, d;
	int i;

	for (i = 0; i < a->n; i++) {
		d = (int64_t)a->w[i] - (i < b->n ? b->w[i] : 0) - borrow;
		borrow = d < 0;
		a->w[i] = (uint32_t)(d + (borrow ? ((int64_t)1 << 32) : 0));
	}
	while (a->n && a->w[a->n - 1] == 0)
		a->n--;
}

/* q = floor(r / d) (below 2^63) and r = r mod d. */
static uint64_t
big_divmod(struct big *r, const struct big *d)
{
	struct big t = *d;
	uint64_t q = 0;
	int bit;

	big_shl(&t, 62);
	for (bit = 62; bit >= 0; bit--) {
		if (big_cmp(r, &t) >= 0) {
			big_sub(r, &t);
			q |= 1ULL << bit;
		}
		big_shr1(&t);
	}
	return q;
}

/* m 2^e times 10^s as num / den: q = its integer part, rem the rest;
 * den kept for the caller. */
static uint64_t
scaled(uint64_t m, int e, int s, struct big *rem, struct big *den)
{
	big_set(rem, m);
	if (e > 0)
		big_shl(rem, e);
	if (s > 0)
		big_mul_pow10(rem, s);
	big_set(den, 1);
	if (e < 0)
		big_shl(den, -e);
	if (s < 0)
		big_mul_pow10(den, -s);
	return big_divmod(rem, den);
}

size_t
ts_numfmt_exact(char *out, double v)
{
	uint64_t bits, m, q, top;
	int be, e, x, p, s, neg, up, below, c, len;
	struct big rem, den, twice, lhs, rhs;

	memcpy(&bits, &v, sizeof bits);
	neg = (int)(bits >> 63);
	be = (int)(bits >> 52 & 0x7FF);
	m = bits & ((1ULL << 52) - 1);
	if (be == 0x7FF) {
		memcpy(out, "null", 4);
		return 4;
	}
	if (be == 0 && m == 0) {
		memcpy(out, neg ? "-0" : "0", (size_t)(neg + 1));
		return (size_t)(neg + 1);
	}
	if (be) {
		m |= 1ULL << 52;
		e = be - 1075;
	} else {
		e = -1074;              /* subnormal */
	}
	/* The decimal exponent x, 10^x <= |v| < 10^(x+1): estimated from the
	 * top bit, then settled on 17 digits. */
	for (len = 0, top = m; top; top >>= 1)
		len++;
	x = (int)floor((e + len - 1) * 0.30102999566398120);
	while ((c = exp_step(scaled(m, e, 16 - x, &rem, &den))) != 0)
		x += c;
	for (p = 15; p <= 17; p++) {
		s = p - 1 - x;
		q = scaled(m, e, s, &rem, &den);
		/* Rounded as printf rounds the exact value: half to even. */
		twice = rem;
		big_shl(&twice, 1);
		c = big_cmp(&twice, &den);
		up = c > 0 || (c == 0 && (q & 1));
		/* err = |candidate - v| 10^s 2^-e' over den: den - rem above,
		 * rem below.  The candidate reads back as v when it is nearer
		 * than half the gap to the next double on its side (2^e; the
		 * gap below a power of two is half that), or exactly half and
		 * v's mantissa even. */
		lhs = den;
		if (up)
			big_sub(&lhs, &rem);
		else
			lhs = rem;
		below = !up && m == 1ULL << 52 && be > 1;
		big_shl(&lhs, below ? 2 : 1);
		big_set(&rhs, 1);
		if (e > 0)
			big_shl(&rhs, e);
		if (s > 0)
			big_mul_pow10(&rhs, s);
		c = big_cmp(&lhs, &rhs);
		if (p == 17 || c < 0 || (c == 0 && !(m & 1))) {
			q += (uint64_t)up;
			for (top = 1, len = 0; len < p; len++)
				top *= 10;
			if (q == top) {         /* 9.99... -> 10.0 */
				q /= 10;
				x++;
			}
			return put_g(out, neg, q, p, x);
		}
	}
	return 0;                       /* not reached: 17 digits read back */
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
num_fast(double v, char *buf, size_t *len)
{
	uint64_t bits, m, q, top;
	int be, k, x, p, s, neg, step;
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
		if ((step = exp_step(q)) == 0)
			break;
		x += step;
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
			*len = put_g(buf, neg, q, p, x);
			return 1;
		}
	}
	return 0;
}
#endif

size_t
ts_numfmt_double(char *out, double v)
{
#ifdef __SIZEOF_INT128__
	size_t n;

	if (isfinite(v) && v != 0 && num_fast(v, out, &n))
		return n;
#endif
	return ts_numfmt_exact(out, v);
}
