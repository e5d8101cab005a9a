/* cellnum.c — annotated, flagged, parenthesised and censored count cells
 * (the forms are listed in docs/input.md). */
#include <string.h>

#include "ts_cellnum.h"
#include "ts_fields.h"

static int
is_blank(const char *s, size_t n, size_t *w)
{
	if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
	    s[n - 1] == '\r')) {
		*w = 1;
		return 1;
	}
	if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0) {
		*w = 2;
		return 1;
	}
	return 0;
}

static size_t
rtrim(const char *s, size_t n)
{
	size_t w;

	while (n && is_blank(s, n, &w))
		n -= w;
	return n;
}

static size_t
ltrim(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	while (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
		i += 2;
	return i;
}

static int
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* The length of the superscript digit, dagger or double dagger that ends
 * s[0..n), or 0. */
static size_t
symbol_mark(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 2 && u[n - 2] == 0xC2 && (u[n - 1] == 0xB9 || u[n - 1] == 0xB2 ||
	    u[n - 1] == 0xB3))
		return 2;
	if (n >= 3 && u[n - 3] == 0xE2 && u[n - 2] == 0x81 &&
	    (u[n - 1] == 0xB0 || (u[n - 1] >= 0xB4 && u[n - 1] <= 0xB9)))
		return 3;
	if (n >= 3 && u[n - 3] == 0xE2 && u[n - 2] == 0x80 &&
	    (u[n - 1] == 0xA0 || u[n - 1] == 0xA1))
		return 3;
	return 0;
}

/* One mark stripped from the end of s[0..n) (n already right-trimmed):
 * the new length, or n when none ends it. */
static size_t
unmark_once(const char *s, size_t n, int flags)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k, m;

	if (n == 0)
		return n;
	if (u[n - 1] == '*') {
		for (m = n; m && u[m - 1] == '*'; m--)
			;
		return m;
	}
	if ((k = symbol_mark(s, n)) != 0) {
		for (m = n - k; (k = symbol_mark(s, m)) != 0; m -= k)
			;
		return m;
	}
	if (u[n - 1] == '/') {
		/* "a/", "1/", "12/": after a space, or letters after a digit;
		 * the shortest that fits. */
		for (k = 1; k <= 2 && k < n - 1; k++) {
			m = n - 1 - k;
			if (!is_alnum(u[m + k - 1]) || !is_alnum(u[m]))
				break;
			if (u[m - 1] == ' ' || (is_digit(u[m - 1]) && !is_digit(u[m])))
				return m;
		}
		return n;
	}
	if (u[n - 1] == ')') {
		for (m = n - 1; m > 0 && n - 1 - m <= 3 && is_alnum(u[m - 1]); m--)
			;
		if (m == 0 || m == n - 1 || n - 1 - m > 3 || u[m - 1] != '(' || m - 1 == 0)
			return n;
		return m - 1;
	}
	if (flags && n >= 2 && strchr("pebcuzdnrsf", u[n - 1]) != NULL &&
	    (u[n - 2] == ' ' || is_digit(u[n - 2]) ||
	    (n >= 3 && strchr("pebcuzdnrsf", u[n - 2]) != NULL &&
	    (u[n - 3] == ' ' || is_digit(u[n - 3]))))) {
		m = n - 1;
		if (!is_digit(u[m - 1]) && u[m - 1] != ' ')
			m--;    /* two flags: "ep" */
		return m;
	}
	return n;
}

size_t
ts_cellnum_unmark(const char *s, size_t len, int flags)
{
	size_t n = rtrim(s, len), m;
	int round;

	for (round = 0; round < 4; round++) {
		m = rtrim(s, unmark_once(s, n, flags));
		if (m == n || m == 0)
			break;
		n = m;
	}
	return n == rtrim(s, len) ? len : n;
}

int
ts_cellnum_is_dash(const char *s, size_t len)
{
	size_t a = ltrim(s, len), n = rtrim(s, len);

	if (n <= a)
		return 0;
	s += a;
	n -= a;
	return (n == 1 && s[0] == '-') ||
	    (n == 3 && memcmp(s, "\xe2\x80\x94", 3) == 0) ||
	    (n == 3 && memcmp(s, "\xe2\x80\x93", 3) == 0);
}

/* Words that open a censored count, folded to lower case ASCII. */
static const struct censor_word {
	const char *word;
	int inclusive;          /* "≤ 3": 0..3; else "< 5": 1..4 */
} censor_words[] = {
	{ "<=", 1 }, { "\xe2\x89\xa4", 1 }, { "<", 0 }, { "menos de ", 0 },
	{ "fewer than ", 0 }, { "less than ", 0 }, { "moins de ", 0 },
	{ "at most ", 1 }, { "hasta ", 1 }, { "no more than ", 1 },
	{ "no m\xc3\xa1s de ", 1 }, { "au plus ", 1 }, { "no m\xc3\xa1ximo ", 1 },
	{ "menor que ", 0 }, { "menor a ", 0 }, { "inferior a ", 0 },
	{ "inf\xc3\xa9rieur \xc3\xa0 ", 0 }, { "moins que ", 0 },
};

static int
starts_with_fold(const char *s, size_t n, const char *w)
{
	size_t i, k = strlen(w);

	if (n < k)
		return 0;
	for (i = 0; i < k; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (c != (unsigned char)w[i])
			return 0;
	}
	return 1;
}

static enum ts_cellnum_kind
count_of(const char *s, size_t n, int64_t *v)
{
	switch (ts_parse_count(s, n, v)) {
	case TS_COUNT_OK:
		return TS_CELLNUM_MARKED;
	case TS_COUNT_TOO_BIG:
		return TS_CELLNUM_TOO_BIG;
	default:
		return TS_CELLNUM_BAD;
	}
}

enum ts_cellnum_kind
ts_cellnum_parse(const char *s, size_t len, struct ts_cellnum *out)
{
	size_t a = ltrim(s, len), n, i, k, open;
	enum ts_cellnum_kind r;
	int64_t v;

	memset(out, 0, sizeof *out);
	n = rtrim(s, len);
	if (n <= a)
		return TS_CELLNUM_BAD;
	/* Eurostat: ":" is not available, with or without a flag after it. */
	if (s[a] == ':') {
		for (i = a + 1; i < n; i++)
			if (s[i] != ' ' && strchr("pebcuzdnrsf", s[i]) == NULL)
				break;
		if (i == n)
			return out->kind = TS_CELLNUM_FLAGGED_MISSING;
	}
	for (k = 0; k < sizeof censor_words / sizeof censor_words[0]; k++) {
		const char *w = censor_words[k].word;
		size_t wl = strlen(w);
		if (!starts_with_fold(s + a, n - a, w))
			continue;
		i = a + wl;
		while (i < n && s[i] == ' ')
			i++;
		r = count_of(s + i, ts_cellnum_unmark(s + i, n - i, 0), &v);
		if (r != TS_CELLNUM_MARKED)
			return out->kind = r;
		/* "<5" is an agency's suppression of the counts 1 to 4 (a
		 * zero is printed as 0); "≤3" says at most 3, zero included.
		 * "<1" and "<0" leave no count: not a count. */
		if (censor_words[k].inclusive) {
			out->lo = 0;
			out->hi = v;
		} else {
			if (v < 2)
				return out->kind = TS_CELLNUM_BAD;
			out->lo = 1;
			out->hi = v - 1;
		}
		return out->kind = TS_CELLNUM_CENSORED;
	}
	/* The TIP report: a total, then its labour part in parentheses. */
	if (s[n - 1] == ')') {
		for (open = n - 1; open > a && s[open - 1] != '('; open--)
			;
		if (open > a + 1 && count_of(s + open, n - 1 - open, &out->part) ==
		    TS_CELLNUM_MARKED) {
			r = count_of(s + a, open - 1 - a, &out->value);
			if (r == TS_CELLNUM_MARKED)
				return out->kind = TS_CELLNUM_PART;
			if (r == TS_CELLNUM_TOO_BIG)
				return out->kind = r;
		}
	}
	k = ts_cellnum_unmark(s + a, n - a, 1);
	if (k == n - a)
		return TS_CELLNUM_BAD;
	r = count_of(s + a, k, &out->value);
	if (r == TS_CELLNUM_MARKED) {
		for (i = a + k; i < n && s[i] == ' '; i++)
			;
		out->mark = i;
	}
	return out->kind = r;
}
