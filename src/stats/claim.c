/* claim.c — does a published figure match K/N, and if not, why not. */
#include <stdio.h>
#include <string.h>

#include "ts_claim.h"

/* K * 100 * 10^15 passes 64 bits; GCC and Clang have 128-bit integers. */
__extension__ typedef unsigned __int128 u128;

#define MAX_DECIMALS 15
#define MAX_DIGITS 17

static int
is_space_at(const char *s, size_t *len)
{
	/* ASCII blanks, no-break space U+00A0 and narrow no-break space
	 * U+202F, which French and Spanish typesetting put before "%". */
	if (*s == ' ' || *s == '\t') {
		*len = 1;
		return 1;
	}
	if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
		*len = 2;
		return 1;
	}
	if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0xAF) {
		*len = 3;
		return 1;
	}
	return 0;
}

static const char *
skip_space(const char *s)
{
	size_t len;

	while (is_space_at(s, &len))
		s += len;
	return s;
}

/* Case-insensitive prefix test on ASCII words. */
static int
starts_word(const char *s, const char *word)
{
	for (; *word; s++, word++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		if (c != *word)
			return 0;
	}
	return 1;
}

/* A number as printed: digits, optionally "." or "," and more digits.
 * Returns the end, or NULL. */
static const char *
parse_number(const char *s, uint64_t *digits, int *decimals)
{
	int nd = 0, after = -1;

	*digits = 0;
	*decimals = 0;
	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			if (++nd > MAX_DIGITS) {
				*decimals = -1;   /* tells the caller why */
				return NULL;
			}
			*digits = *digits * 10 + (uint64_t)(*s - '0');
			if (after >= 0)
				after++;
		} else if ((*s == '.' || *s == ',') && after < 0 &&
		    s[1] >= '0' && s[1] <= '9') {
			after = 0;
		} else {
			break;
		}
	}
	if (after > MAX_DECIMALS)
		*decimals = -1;
	if (nd == 0 || after > MAX_DECIMALS)
		return NULL;
	*decimals = after < 0 ? 0 : after;
	return s;
}

static double
pow10i(int d)
{
	double p = 1;

	while (d-- > 0)
		p *= 10;
	return p;
}

int
ts_claim_parse(const char *text, struct ts_claim *out, struct ts_error *err)
{
	const char *s = skip_space(text), *e;
	uint64_t d2;
	int dec2;
	char q[96];

	memset(out, 0, sizeof *out);
	ts_quote(text, strlen(text), q, sizeof q);
	e = parse_number(s, &out->digits, &out->decimals);
	if (e == NULL && out->decimals < 0)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0, "--claim: %s has "
		    "more digits than a published figure can mean", q);
	if (e == NULL)
		goto bad;
	s = skip_space(e);
	out->value = (double)out->digits / pow10i(out->decimals);
	if (*s == '%') {
		out->form = TS_CLAIM_PERCENT;
		s++;
	} else if (starts_word(s, "percent")) {
		out->form = TS_CLAIM_PERCENT;
		s += 7;
	} else if (starts_word(s, "per cent")) {
		out->form = TS_CLAIM_PERCENT;
		s += 8;
	} else if (starts_word(s, "in") && s != e && (s[2] == ' ' || s[2] == '\t')) {
		/* "1 in 12": the first number must be a whole number above 0. */
		if (out->decimals != 0 || out->digits == 0 || out->digits > 1000000)
			goto bad;
		e = parse_number(skip_space(s + 2), &d2, &dec2);
		if (e == NULL || d2 == 0)
			goto bad;
		out->form = TS_CLAIM_ONE_IN;
		out->per = out->digits;
		out->digits = d2;
		out->decimals = dec2;
		out->value = (double)out->per / ((double)d2 / pow10i(dec2));
		s = e;
	} else {
		out->form = TS_CLAIM_FRACTION;
	}
	if (out->form == TS_CLAIM_PERCENT)
		out->value /= 100;
	s = skip_space(s);
	if (*s == '\0')
		return TS_OK;
bad:
	return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
	    "--claim: %s is not a rate (write it as 8.3%%, 0,083, 8 percent "
	    "or 1 in 12)", q);
}

/* num * mult / den as quotient and remainder; -1 when num * mult would
 * pass 128 bits. */
static int
scaled(uint64_t num, u128 mult, uint64_t den, u128 *q, u128 *r)
{
	u128 x;

	if (mult != 0 && (u128)num > (~(u128)0) / mult)
		return -1;
	x = (u128)num * mult;
	*q = x / den;
	*r = x % den;
	return 0;
}

/* The three ways to round num * mult / den to an integer. */
struct rounded {
	u128 half_away;      /* the right one (half up, as values are >= 0) */
	u128 floor, ceil;
};

static int
round3(uint64_t num, u128 mult, uint64_t den, struct rounded *out)
{
	u128 q, r;

	if (den == 0 || scaled(num, mult, den, &q, &r) != 0)
		return -1;
	out->floor = q;
	out->ceil = q + (r != 0);
	out->half_away = q + (r >= den - r);
	return 0;
}

static int
near(const struct rounded *v, u128 digits)
{
	return digits == v->half_away || digits == v->floor || digits == v->ceil;
}

/* Prints v / 10^decimals into buf. */
static void
print_fixed(u128 v, int decimals, char *buf, size_t size)
{
	char tmp[64];
	size_t n = 0, i, o = 0;

	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v != 0 || n <= (size_t)decimals);
	for (i = n; i-- > 0 && o + 2 < size;) {
		buf[o++] = tmp[i];
		if (i == (size_t)decimals && decimals > 0)
			buf[o++] = '.';
	}
	buf[o] = '\0';
}

int
ts_claim_check(const struct ts_claim *c, int64_t k, int64_t n,
    struct ts_claim_result *out, struct ts_error *err)
{
	u128 unit = 1, base;
	struct rounded right, x100, inverse;
	uint64_t uk = (uint64_t)k, un = (uint64_t)n;
	int have_inverse = 0, i;
	char num[48];

	memset(out, 0, sizeof *out);
	if (k < 0 || n <= 0 || k > n)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    "--claim: %s", "K/N is not a proportion");
	for (i = 0; i < c->decimals; i++)
		unit *= 10;
	switch (c->form) {
	case TS_CLAIM_PERCENT:
	case TS_CLAIM_FRACTION:
		base = c->form == TS_CLAIM_PERCENT ? unit * 100 : unit;
		if (round3(uk, base, un, &right) != 0)
			goto too_precise;
		/* The other reading of the same digits, a factor 100 apart. */
		if (c->form == TS_CLAIM_PERCENT ? round3(uk, unit, un, &x100) != 0 :
		    round3(uk, unit * 100, un, &x100) != 0)
			goto too_precise;
		if (k > 0) {
			if (round3(un, base, uk, &inverse) != 0)
				goto too_precise;
			have_inverse = 1;
		}
		print_fixed(right.half_away, c->decimals, num, sizeof num);
		snprintf(out->correct, sizeof out->correct, "%s%s", num,
		    c->form == TS_CLAIM_PERCENT ? "%" : "");
		break;
	case TS_CLAIM_ONE_IN:
	default:
		/* "A in B" matches when B = A N / K at B's precision. */
		if (k == 0) {
			snprintf(out->correct, sizeof out->correct, "0 in %lld", (long long)n);
			out->slip = TS_SLIP_UNKNOWN;
			return TS_OK;
		}
		if (round3(un, unit * c->per, uk, &right) != 0)
			goto too_precise;
		memset(&x100, 0xff, sizeof x100);
		print_fixed(right.half_away, c->decimals, num, sizeof num);
		snprintf(out->correct, sizeof out->correct, "%llu in %s",
		    (unsigned long long)c->per, num);
		break;
	}
	if (c->digits == right.half_away) {
		out->matches = 1;
		out->slip = TS_SLIP_NONE;
	} else if (c->form != TS_CLAIM_ONE_IN && c->digits != 0 && near(&x100, c->digits)) {
		out->slip = c->form == TS_CLAIM_PERCENT ? TS_SLIP_FRACTION_AS_PCT :
		    TS_SLIP_PCT_AS_FRACTION;
	} else if (have_inverse && near(&inverse, c->digits)) {
		out->slip = TS_SLIP_INVERSE;
	} else if (c->digits == right.floor || c->digits == right.ceil) {
		out->slip = TS_SLIP_ROUNDING;
	} else {
		out->slip = TS_SLIP_UNKNOWN;
	}
	return TS_OK;
too_precise:
	return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
	    "--claim: %s", "too many digits to compare exactly");
}

const char *
ts_claim_slip_name(enum ts_claim_slip s)
{
	switch (s) {
	case TS_SLIP_FRACTION_AS_PCT: return "fraction-as-percentage";
	case TS_SLIP_PCT_AS_FRACTION: return "percentage-as-fraction";
	case TS_SLIP_INVERSE: return "inverse-ratio";
	case TS_SLIP_ROUNDING: return "rounding";
	case TS_SLIP_UNKNOWN: return "none-found";
	case TS_SLIP_NONE:
	default: return NULL;
	}
}
