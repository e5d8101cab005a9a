/* claim.c — does a published figure match K/N, and if not, why not. */
#include <stdio.h>
#include <string.h>

#include "ts_claim.h"
#include "ts_i18n.h"

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
 * Returns the end, or NULL.  *comma is set when the separator is ",". */
static const char *
parse_number(const char *s, uint64_t *digits, int *decimals, int *comma)
{
	int nd = 0, after = -1;

	*digits = 0;
	*decimals = 0;
	*comma = 0;
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
			*comma = *s == ',';
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

/* s after the word (and the blanks after it) when s starts with it,
 * else NULL.  A word must end at a blank, a digit, punctuation or the end. */
static const char *
after_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	unsigned char c;

	if (!starts_word(s, word))
		return NULL;
	c = (unsigned char)s[n];
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)
		if (!((unsigned char)word[n - 1] >= 0x80))
			return NULL;
	return skip_space(s + n);
}

/* Words that make a figure approximate, in English, Spanish, French and
 * Portuguese, and "~" and "≈". */
static const char *
skip_approx(const char *s, int *approx)
{
	static const char *const words[] = {
		"~", "\xe2\x89\x88", "about", "approximately", "approx.", "around",
		"roughly", "nearly", "almost", "some", "circa", "ca.", "c.",
		"aproximadamente", "alrededor de", "cerca de", "casi", "unos", "unas",
		"environ", "presque", "autour de", "quase", "cerca de", "por volta de",
	};
	const char *e;
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (words[i][0] == '~' || (unsigned char)words[i][0] >= 0x80 ||
		    words[i][strlen(words[i]) - 1] == '.') {
			if (strncmp(s, words[i], strlen(words[i])) == 0 ||
			    (words[i][0] != '~' && (unsigned char)words[i][0] < 0x80 &&
			    starts_word(s, words[i]))) {
				*approx = 1;
				return skip_space(s + strlen(words[i]));
			}
			continue;
		}
		if ((e = after_word(s, words[i])) != NULL && e != s + strlen(words[i])) {
			*approx = 1;
			return e;
		}
	}
	return s;
}

/* "uno", "una", "un", "une", "um", "uma": 1, in "uno de cada 12". */
static const char *
one_word(const char *s)
{
	static const char *const words[] = { "uno", "una", "une", "uma", "um", "un", "one" };
	const char *e;
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if ((e = after_word(s, words[i])) != NULL && e != s + strlen(words[i]))
			return s + strlen(words[i]);
	return NULL;
}

/* What comes after the number: a percent or per-mille sign or word, or the
 * "in" of "1 in 12".  Sets *local when the word is Spanish, French or
 * Portuguese (their decimal separator is the comma).  Returns the end,
 * or NULL when none matches. */
static const char *
unit_of(const char *s, enum ts_claim_form *form, int *local)
{
	static const struct { const char *w; enum ts_claim_form f; int local; } units[] = {
		{ "%", TS_CLAIM_PERCENT, 0 },
		{ "\xe2\x80\xb0", TS_CLAIM_PERMILLE, 0 },
		{ "percent", TS_CLAIM_PERCENT, 0 }, { "per cent", TS_CLAIM_PERCENT, 0 },
		{ "pct", TS_CLAIM_PERCENT, 0 },
		{ "por ciento", TS_CLAIM_PERCENT, 1 }, { "pour cent", TS_CLAIM_PERCENT, 1 },
		{ "pourcent", TS_CLAIM_PERCENT, 1 }, { "por cento", TS_CLAIM_PERCENT, 1 },
		{ "per mille", TS_CLAIM_PERMILLE, 0 }, { "per mil", TS_CLAIM_PERMILLE, 0 },
		{ "por mil", TS_CLAIM_PERMILLE, 1 }, { "pour mille", TS_CLAIM_PERMILLE, 1 },
		{ "de cada", TS_CLAIM_ONE_IN, 1 }, { "em cada", TS_CLAIM_ONE_IN, 1 },
		{ "sur", TS_CLAIM_ONE_IN, 1 }, { "out of", TS_CLAIM_ONE_IN, 0 },
		{ "in", TS_CLAIM_ONE_IN, 0 }, { "/", TS_CLAIM_ONE_IN, 0 },
	};
	size_t i, n;

	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		n = strlen(units[i].w);
		if (units[i].w[0] == '%' || units[i].w[0] == '/' ||
		    (unsigned char)units[i].w[0] >= 0x80) {
			if (strncmp(s, units[i].w, n) != 0)
				continue;
		} else {
			const char *e = after_word(s, units[i].w);
			if (e == NULL)
				continue;
			/* "in", "sur", "de cada" need a number after them. */
			if (units[i].f == TS_CLAIM_ONE_IN && e == s + n)
				continue;
		}
		*form = units[i].f;
		*local = units[i].local;
		return s + n;
	}
	return NULL;
}

/* Trailing punctuation a sentence leaves after a figure. */
static const char *
skip_punct(const char *s)
{
	while (*s && strchr(".,;:!?)]\"'", *s))
		s++;
	return s;
}

int
ts_claim_parse(const char *text, struct ts_claim *out, struct ts_error *err)
{
	const char *s = skip_space(text), *e, *one;
	uint64_t d2;
	int dec2, comma, comma2, local = 0;
	char q[96];

	memset(out, 0, sizeof *out);
	ts_quote(text, strlen(text), q, sizeof q);
	s = skip_approx(s, &out->approx);
	if ((one = one_word(s)) != NULL) {
		out->digits = 1;
		e = one;
		comma = 0;
	} else {
		e = parse_number(s, &out->digits, &out->decimals, &comma);
	}
	if (e == NULL && out->decimals < 0)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0, N_("--claim: %s has "
		    "more digits than a published figure can mean"), q);
	if (e == NULL)
		goto bad;
	s = skip_space(e);
	out->value = (double)out->digits / pow10i(out->decimals);
	if ((e = unit_of(s, &out->form, &local)) == NULL) {
		if (one != NULL)
			goto bad;
		out->form = TS_CLAIM_FRACTION;
		e = s;
	} else if (out->form == TS_CLAIM_ONE_IN) {
		/* "1 in 12": the first number must be a whole number above 0. */
		if (out->decimals != 0 || out->digits == 0 || out->digits > 1000000)
			goto bad;
		e = parse_number(skip_space(e), &d2, &dec2, &comma2);
		if (e == NULL || d2 == 0)
			goto bad;
		out->per = out->digits;
		out->digits = d2;
		out->decimals = dec2;
		out->value = (double)out->per / ((double)d2 / pow10i(dec2));
		comma = comma2;
	} else if (one != NULL) {
		goto bad;
	}
	if (out->form == TS_CLAIM_PERCENT)
		out->value /= 100;
	if (out->form == TS_CLAIM_PERMILLE)
		out->value /= 1000;
	/* "1,205%": a thousands separator in English, a decimal comma in
	 * Spanish or French.  Only a word of those languages settles it. */
	if (comma && out->decimals == 3 && !local && out->digits >= 1000 &&
	    out->form != TS_CLAIM_FRACTION)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0, N_("--claim: %s is "
		    "ambiguous: in English the comma separates thousands, elsewhere it is "
		    "the decimal point; write it with a point (1.205%%) or without (1205%%)"), q);
	s = skip_space(skip_punct(skip_space(e)));
	if (*s == '\0')
		return TS_OK;
bad:
	return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
	    N_("--claim: %s is not a rate (write it as 8.3%%, 0,083, 8 percent, "
	    "8,3 por ciento, 83\xe2\x80\xb0, 1 in 12 or 1/12)"), q);
}

/* num * mult / den as quotient and remainder; -1 when num * mult would
 * pass 128 bits. */
static int
scaled(uint64_t num, u128 mult, u128 den, u128 *q, u128 *r)
{
	u128 x;

	if (mult != 0 && (u128)num > (~(u128)0) / mult)
		return -1;
	x = (u128)num * mult;
	*q = x / den;
	*r = x % den;
	return 0;
}

/* The ways to round num * mult / den to an integer. */
struct rounded {
	u128 half_away;      /* half up, as values are >= 0 */
	u128 floor, ceil;
	int halfway;         /* exactly halfway: floor is right too (half down,
	                        half to even at an even floor) */
};

static int
round3(uint64_t num, u128 mult, u128 den, struct rounded *out)
{
	u128 q, r;

	if (den == 0 || scaled(num, mult, den, &q, &r) != 0)
		return -1;
	out->floor = q;
	out->ceil = q + (r != 0);
	out->half_away = q + (r >= den - r);
	out->halfway = r != 0 && r == den - r;
	return 0;
}

static int
near(const struct rounded *v, u128 digits)
{
	return digits == v->half_away || digits == v->floor || digits == v->ceil;
}

/* The claim's digits are K/N rounded right: half away from zero, or
 * either way when exactly halfway; an approximate claim a unit away too. */
static int
rounds_to(const struct rounded *v, u128 digits, int approx)
{
	if (digits == v->half_away || (v->halfway && digits == v->floor))
		return 1;
	return approx && near(v, digits);
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

/* K/N times 10^shift rounded at the claim's precision (base = the claim's
 * scale times 10^decimals).  Returns 0, or -1 past 128 bits. */
static int
shifted(uint64_t k, uint64_t n, u128 base, int shift, struct rounded *out)
{
	u128 m = base, d = n;
	int i;

	for (i = 0; i < (shift > 0 ? shift : -shift); i++) {
		if (shift > 0) {
			if (m > (~(u128)0) / 10)
				return -1;
			m *= 10;
		} else {
			if (d > (~(u128)0) / 10)
				return -1;
			d *= 10;
		}
	}
	return round3(k, m, d, out);
}

/* The largest decimal shift looked for: a point moved up to this many
 * places either way. */
#define MAX_SHIFT 6

int
ts_claim_check(const struct ts_claim *c, int64_t k, int64_t n,
    struct ts_claim_result *out, struct ts_error *err)
{
	u128 unit = 1, base;
	struct rounded right, x100, inverse, sh;
	uint64_t uk = (uint64_t)k, un = (uint64_t)n;
	int have_inverse = 0, i, j;
	char num[48];

	memset(out, 0, sizeof *out);
	if (k < 0 || n <= 0 || k > n)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("--claim: %s"), "K/N is not a proportion");
	for (i = 0; i < c->decimals; i++)
		unit *= 10;
	switch (c->form) {
	case TS_CLAIM_PERCENT:
	case TS_CLAIM_PERMILLE:
	case TS_CLAIM_FRACTION:
		base = c->form == TS_CLAIM_PERCENT ? unit * 100 :
		    c->form == TS_CLAIM_PERMILLE ? unit * 1000 : unit;
		if (round3(uk, base, un, &right) != 0)
			goto too_precise;
		/* The other reading of the same digits, a factor 100 apart. */
		if (shifted(uk, un, base, c->form == TS_CLAIM_FRACTION ? 2 : -2, &x100) != 0)
			goto too_precise;
		if (k > 0) {
			if (round3(un, base, uk, &inverse) != 0)
				goto too_precise;
			have_inverse = 1;
		}
		print_fixed(right.half_away, c->decimals, num, sizeof num);
		snprintf(out->correct, sizeof out->correct, "%s%s", num,
		    c->form == TS_CLAIM_PERCENT ? "%" : c->form == TS_CLAIM_PERMILLE ?
		    "\xe2\x80\xb0" : "");
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
		x100.halfway = 0;
		base = 0;
		print_fixed(right.half_away, c->decimals, num, sizeof num);
		snprintf(out->correct, sizeof out->correct, "%llu in %s",
		    (unsigned long long)c->per, num);
		break;
	}
	out->halfway = right.halfway;
	if (rounds_to(&right, c->digits, c->approx)) {
		out->matches = 1;
		out->slip = TS_SLIP_NONE;
		/* "0%" for a rate above 0 (or "100%" below 1) rounds right but
		 * reads as none (or all). */
		out->misleading = c->form != TS_CLAIM_ONE_IN && ((c->digits == 0 && k > 0) ||
		    ((double)c->digits == (double)base && k < n));
		return TS_OK;
	}
	if (c->form != TS_CLAIM_ONE_IN && c->digits != 0 && near(&x100, c->digits)) {
		out->slip = c->form == TS_CLAIM_FRACTION ? TS_SLIP_PCT_AS_FRACTION :
		    TS_SLIP_FRACTION_AS_PCT;
		out->shift = c->form == TS_CLAIM_FRACTION ? 2 : -2;
		return TS_OK;
	}
	/* A decimal point moved by some other number of places. */
	for (j = 1; c->form != TS_CLAIM_ONE_IN && c->digits != 0 && j <= MAX_SHIFT; j++) {
		for (i = -1; i <= 1; i += 2) {
			if (i * j == (c->form == TS_CLAIM_FRACTION ? 2 : -2) ||
			    shifted(uk, un, base, i * j, &sh) != 0)
				continue;
			if (near(&sh, c->digits)) {
				out->slip = TS_SLIP_DECIMAL_SHIFT;
				out->shift = i * j;
				return TS_OK;
			}
		}
	}
	if (have_inverse && near(&inverse, c->digits)) {
		out->slip = TS_SLIP_INVERSE;
	} else if (c->digits == right.floor || c->digits == right.ceil) {
		out->slip = TS_SLIP_ROUNDING;
	} else {
		out->slip = TS_SLIP_UNKNOWN;
	}
	return TS_OK;
too_precise:
	return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
	    N_("--claim: %s"), "too many digits to compare exactly");
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
	case TS_SLIP_DECIMAL_SHIFT: return "decimal-shift";
	case TS_SLIP_NONE:
	default: return NULL;
	}
}
