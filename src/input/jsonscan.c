/* jsonscan.c — the JSON reader's own scanner: RFC 8259 checked by hand,
 * strictly, with a fault's byte and message; a record of the common
 * shape read in place (load_json.c gives the others to cJSON). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "json_impl.h"
#include "ts_bytes.h"
#include "ts_i18n.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The first byte at or after j (before end) that is '"', '\\' or a
 * control character, or end: sixteen bytes at a time with SSE2, also
 * the last ones before end when the text goes on to lim (the bytes past
 * end are read, not looked at). */
static inline size_t
string_stop(const unsigned char *t, size_t j, size_t end, size_t lim)
{
#if defined(__SSE2__)
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i ctl = _mm_set1_epi8(0x1F);
	__m128i v;
	unsigned m;

	while (lim - j >= 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(t + j));
		/* max(v, 0x1F) == 0x1F: a byte below 0x20. */
		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
		    _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl)));
		if (end - j < 16) {
			m &= (1u << (end - j)) - 1;
			return m ? j + (size_t)__builtin_ctz(m) : end;
		}
		if (m)
			return j + (size_t)__builtin_ctz(m);
		j += 16;
	}
#endif
	(void)lim;
	while (j < end && t[j] != '"' && t[j] != '\\' && t[j] >= 0x20)
		j++;
	return j;
}

/* How far the text r holds goes on past end. */
static inline size_t
text_end(const struct ts_jsonreader *r, size_t end)
{
	return r->len > end ? r->len : end;
}

/* Notes a syntax fault at byte at (the first one wins); returns -1. */
int
ts_json_bad(struct ts_jsonreader *r, size_t at, const char *fmt, ...)
{
	va_list ap;

	r->bad_at = at;
	va_start(ap, fmt);
	ts_format_texts(r->bad_msg, sizeof r->bad_msg, r->bad_text,
	    sizeof r->bad_text, fmt, ap);
	va_end(ap);
	return -1;
}

int
ts_json_ends_inside(struct ts_jsonreader *r, size_t end)
{
	return ts_json_bad(r, end, N_("malformed JSON: the text ends inside a value"));
}

int
ts_json_unexpected(struct ts_jsonreader *r, size_t at, size_t end)
{
	char q[32];

	if (at >= end)
		return ts_json_ends_inside(r, end);
	return ts_json_bad(r, at, N_("malformed JSON: unexpected %s"), ts_quote(r->text + at, 1, q, sizeof q));
}

/* The string at text[i] ('"'): *stop past its closing quote; sets
 * r->escaped when it has a backslash.  RFC 8259: no raw control
 * characters, only the escapes \" \\ \/ \b \f \n \r \t \uXXXX. */
int
ts_json_lex_string(struct ts_jsonreader *r, size_t i, size_t end, size_t *stop)
{
	const unsigned char *t = (const unsigned char *)r->text;
	size_t j = i + 1, k;
	char q[32];
	unsigned char c;

	for (;;) {
		j = string_stop(t, j, end, text_end(r, end));
		if (j >= end)
			/* Where cJSON points: the string's first character. */
			return ts_json_bad(r, i + 1, N_("malformed JSON: a string that is never closed"));
		c = t[j];
		if (c == '"') {
			*stop = j + 1;
			return 0;
		}
		if (c == '\n' || c == '\r')
			return ts_json_bad(r, j, N_("malformed JSON: a line end inside a string (a "
			    "string that is never closed, or a line end not written as \\n)"));
		if (c < 0x20)
			return ts_json_bad(r, j, N_("malformed JSON: control character 0x%02X inside a "
			    "string (JSON writes it as an escape such as \\t or \\u%04X)"),
			    c, c);
		r->escaped = 1;
		if (j + 1 >= end)
			return ts_json_bad(r, i + 1, N_("malformed JSON: a string that is never closed"));
		c = t[j + 1];
		if (c == 'u') {
			for (k = j + 2; k < j + 6; k++)
				if (k >= end || !strchr("0123456789abcdefABCDEF", t[k]) || t[k] == 0)
					return ts_json_bad(r, j, N_("malformed JSON: \\u needs four hex digits"));
			j += 6;
		} else if (c != 0 && strchr("\"\\/bfnrt", c)) {
			j += 2;
		} else {
			return ts_json_bad(r, j, N_("malformed JSON: %s is not a JSON escape"),
			    ts_quote(r->text + j, 2, q, sizeof q));
		}
	}
}

/* The number at text[i] ('-' or a digit): *stop past it. */
static int
lex_number(struct ts_jsonreader *r, size_t i, size_t end, size_t *stop)
{
	const char *t = r->text;
	size_t j = i;
	char q[48];

	if (t[j] == '-')
		j++;
	if (j >= end)
		return ts_json_ends_inside(r, end);
	if (!is_digit(t[j]))
		return ts_json_bad(r, i, N_("malformed JSON: '-' without a digit after it"));
	if (t[j] == '0') {
		j++;
		if (j < end && is_digit(t[j])) {
			while (j < end && is_digit(t[j]))
				j++;
			return ts_json_bad(r, i, N_("malformed JSON: the number %s has a leading zero"),
			    ts_quote(t + i, j - i, q, sizeof q));
		}
	} else {
		while (j < end && is_digit(t[j]))
			j++;
	}
	if (j < end && t[j] == '.') {
		j++;
		if (j >= end || !is_digit(t[j]))
			return ts_json_bad(r, j, N_("malformed JSON: a number needs a digit after its '.'"));
		while (j < end && is_digit(t[j]))
			j++;
	}
	if (j < end && (t[j] == 'e' || t[j] == 'E')) {
		j++;
		if (j < end && (t[j] == '+' || t[j] == '-'))
			j++;
		if (j >= end || !is_digit(t[j]))
			return ts_json_bad(r, j, N_("malformed JSON: a number needs a digit in its exponent"));
		while (j < end && is_digit(t[j]))
			j++;
	}
	*stop = j;
	return 0;
}

/* true, false or null at text[i]. */
static int
lex_word(struct ts_jsonreader *r, size_t i, size_t end, const char *word, size_t *stop)
{
	size_t n = strlen(word), k;

	for (k = 0; k < n; k++) {
		if (i + k >= end)
			return ts_json_ends_inside(r, end);
		if (r->text[i + k] != word[k])
			return ts_json_unexpected(r, i, end);
	}
	*stop = i + n;
	return 0;
}

static int
note_number(struct ts_jsonreader *r, size_t at, size_t stop)
{
	if (2 * r->nnums + 2 > r->nums_cap &&
	    ts_grow(&r->nums, &r->nums_cap, 2 * r->nnums + 2, sizeof *r->nums) != 0)
		return ts_json_bad(r, at, N_("out of memory"));
	r->nums[2 * r->nnums] = at;
	r->nums[2 * r->nnums + 1] = stop - at;
	r->nnums++;
	return 0;
}

/* Checks the value at text[i] (after white space) at nesting depth
 * depth; *stop past it.  Number literals are noted in r->nums. */
int
ts_json_check_value(struct ts_jsonreader *r, size_t i, size_t end, int depth, size_t *stop)
{
	const char *t = r->text;
	char close;

	i = skip_space(r, i, end);
	if (i >= end)
		return ts_json_ends_inside(r, end);
	switch (t[i]) {
	case '"':
		return ts_json_lex_string(r, i, end, stop);
	case 't':
		return lex_word(r, i, end, "true", stop);
	case 'f':
		return lex_word(r, i, end, "false", stop);
	case 'n':
		return lex_word(r, i, end, "null", stop);
	case '{':
	case '[':
		break;
	default:
		if (t[i] == '-' || is_digit(t[i]))
			return lex_number(r, i, end, stop) || note_number(r, i, *stop);
		return ts_json_unexpected(r, i, end);
	}
	if (depth + 1 > TS_JSON_NESTING_LIMIT)
		return ts_json_bad(r, i, N_("JSON nested more than %d levels deep"), TS_JSON_NESTING_LIMIT);
	close = t[i] == '{' ? '}' : ']';
	i = skip_space(r, i + 1, end);
	if (i < end && t[i] == close) {
		*stop = i + 1;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			if (i >= end || t[i] != '"')
				return ts_json_unexpected(r, i, end);
			if (ts_json_lex_string(r, i, end, &i) != 0)
				return -1;
			i = skip_space(r, i, end);
			if (i >= end || t[i] != ':')
				return ts_json_unexpected(r, i, end);
			i++;
		}
		if (ts_json_check_value(r, i, end, depth + 1, &i) != 0)
			return -1;
		i = skip_space(r, i, end);
		if (i < end && t[i] == close) {
			*stop = i + 1;
			return 0;
		}
		if (i >= end || t[i] != ',')
			return ts_json_unexpected(r, i, end);
		i = skip_space(r, i + 1, end);
	}
}

static inline int
add_member(struct ts_jsonreader *r, size_t key, size_t key_len, size_t val,
    size_t val_len, enum vtype type, long col, size_t lead, size_t lead_len)
{
	struct ts_jsonmember *m;

	if (r->nmem == r->mem_cap &&
	    ts_grow(&r->mem, &r->mem_cap, r->nmem + 1, sizeof *r->mem) != 0)
		return ts_json_bad(r, key, N_("out of memory"));
	m = &r->mem[r->nmem++];
	m->key = r->text + key;
	m->key_len = key_len;
	m->val = r->text + val;
	m->val_len = val_len;
	m->type = type;
	m->col = col;
	m->lead = r->text + lead;
	m->lead_len = lead_len;
	return 0;
}

/* The object at text[i] ('{'), checked whole; its direct members in
 * r->mem, its numbers in r->nums.  *stop past its '}'.  Returns 0, or -1
 * with the fault in r->bad_at, r->bad_msg.
 *
 * A member whose lead (struct ts_jsonkey) is that of the record before's
 * member at its place is taken from it: the lead is text the steps below
 * read before, a plain key between white space, ',' or '{', and ':', so
 * they would read it again the same way. */
int
ts_json_scan_object(struct ts_jsonreader *r, size_t i, size_t end, size_t *stop)
{
	const char *t = r->text;
	const struct ts_jsonkey *k;
	size_t p = i, key, key_end, v, e;
	enum vtype type;
	long col;

	r->nmem = 0;
	r->nnums = 0;
	r->escaped = 0;
	r->has_object = 0;
	for (;;) {
		/* p: at the '{', or past the value before. */
		k = r->nmem < r->keys_cap ? &r->keys[r->nmem] : NULL;
		if (k && k->lead_len && end - p >= k->lead_len &&
		    ts_bytes_same(t + p, k->lead, k->lead_len)) {
			key = p + k->lead_key;
			key_end = key + k->len + 2;
			v = skip_space(r, p + k->lead_len, end);
			col = k->col;
		} else {
			i = skip_space(r, p + (r->nmem == 0), end);
			if (i < end && t[i] == '}') {
				*stop = i + 1;
				return 0;
			}
			if (r->nmem > 0) {
				if (i >= end || t[i] != ',')
					return ts_json_unexpected(r, i, end);
				i = skip_space(r, i + 1, end);
			}
			if (i >= end || t[i] != '"')
				return ts_json_unexpected(r, i, end);
			key = i;
			if (ts_json_lex_string(r, i, end, &key_end) != 0)
				return -1;
			i = skip_space(r, key_end, end);
			if (i >= end || t[i] != ':')
				return ts_json_unexpected(r, i, end);
			v = skip_space(r, i + 1, end);
			col = -1;
		}
		/* Strings and numbers, most values, lexed here; the rest
		 * checked as any value. */
		if (v < end && t[v] == '"') {
			type = V_STRING;
			/* Most strings end at their first stop byte: a quote. */
			e = string_stop((const unsigned char *)t, v + 1, end,
			    text_end(r, end));
			if (e < end && t[e] == '"')
				e++;
			else if (ts_json_lex_string(r, v, end, &e) != 0)
				return -1;
		} else if (v < end && (t[v] == '-' || is_digit(t[v]))) {
			type = V_NUMBER;
			if (lex_number(r, v, end, &e) != 0 || note_number(r, v, e) != 0)
				return -1;
		} else {
			if (ts_json_check_value(r, v, end, 1, &e) != 0)
				return -1;
			type = ts_json_type_of(t[v]);
			r->has_object |= type == V_OBJECT;
		}
		if (type == V_STRING) {
			if (add_member(r, key + 1, key_end - key - 2, v + 1, e - v - 2,
			    type, col, p, v - p) != 0)
				return -1;
		} else if (add_member(r, key + 1, key_end - key - 2, v, e - v, type,
		    col, p, v - p) != 0) {
			return -1;
		}
		p = e;
	}
}

/* 1 when the text [pos, end) has a \u0000 escape: cJSON's strings end at
 * the NUL, so "1\u00002" would read as 1. */
int
ts_json_has_nul_escape(const struct ts_jsonreader *r, size_t pos, size_t end)
{
	const char *p = r->text + pos, *stop = r->text + end, *b;

	while ((p = memchr(p, '\\', (size_t)(stop - p))) != NULL) {
		/* p starts a run of backslashes; an odd run escapes what follows. */
		for (b = p; b < stop && *b == '\\'; b++)
			;
		if ((b - p) % 2 == 1 && stop - b >= 5 && memcmp(b, "u0000", 5) == 0)
			return 1;
		p = b;
	}
	return 0;
}
