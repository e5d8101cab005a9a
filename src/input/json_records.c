/* json_records.c — a JSON record's members to the row map: keys to
 * columns (declared as they come), numbers read exactly from their text,
 * and the records rejected whole. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_impl.h"
#include "ts_i18n.h"

/* What a JSON number's text denotes, for a count. */
enum number_kind {
	NUM_WHOLE,              /* a whole number of at most 19 digits */
	NUM_FRACTION,           /* not a whole number */
	NUM_HUGE,               /* whole, beyond 2^63 - 1 */
};

/* Reads the JSON number s[0..len) (checked) exactly, from its digits:
 * NUM_WHOLE with its plain digits in buf (at least 21 bytes; "-" first
 * when it is negative and not zero), *neg set when it is below zero. */
static enum number_kind
whole_number(const char *s, size_t len, char *buf, size_t *blen, int *neg)
{
	static const char max[] = "9223372036854775807";
	size_t i = 0, a, nint, nfrac = 0, fr = 0, k, o = 0;
	long long exp = 0, place_first, place_last, first = -1, last = -1, p, ndig;
	int eneg = 0;

	*neg = s[0] == '-';
	if (*neg)
		i++;
	a = i;
	while (i < len && is_digit(s[i]))
		i++;
	nint = i - a;
	if (i < len && s[i] == '.') {
		fr = ++i;
		while (i < len && is_digit(s[i]))
			i++;
		nfrac = i - fr;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		for (; i < len && is_digit(s[i]); i++)
			if (exp < 1000000000LL)
				exp = exp * 10 + (s[i] - '0');
		if (eneg)
			exp = -exp;
	}
	/* The digits as one sequence, int part then fraction: digit p has
	 * the place 10^(nint - 1 - p + exp). */
	for (k = 0; k < nint + nfrac; k++) {
		char c = k < nint ? s[a + k] : s[fr + k - nint];
		if (c != '0') {
			if (first < 0)
				first = (long long)k;
			last = (long long)k;
		}
	}
	if (first < 0) {
		*neg = 0;
		buf[0] = '0';
		*blen = 1;
		return NUM_WHOLE;
	}
	place_last = (long long)nint - 1 - last + exp;
	place_first = (long long)nint - 1 - first + exp;
	if (place_last < 0)
		return NUM_FRACTION;
	ndig = place_first + 1;
	if (ndig > 19)
		return NUM_HUGE;
	if (*neg)
		buf[o++] = '-';
	for (p = first; p <= last; p++)
		buf[o++] = p < (long long)nint ? s[a + p] : s[fr + p - (long long)nint];
	for (p = 0; p < place_last; p++)
		buf[o++] = '0';
	if (ndig == 19 && memcmp(buf + *neg, max, 19) > 0)
		return NUM_HUGE;
	*blen = o;
	return NUM_WHOLE;
}

/* A number member: the integer it denotes when it is a whole number that
 * fits, else its text.  A count must be a whole number: JSON 1.500 is not
 * the CSV count "1.500" (one thousand five hundred). */
static void
number_cell(struct ts_jsonreader *r, size_t col, const char *s, size_t len)
{
	char buf[32], q[80];
	const char *count;
	size_t blen = 0, i;
	int neg;
	enum number_kind k;

	/* Most numbers are plain digits (JSON has no leading zeros): the
	 * integer they denote is their text. */
	for (i = 0; i < len && i < 19 && is_digit(s[i]); i++)
		;
	if (i == len && len < 19) {
		ts_rowmap_cell(r->map, col, s, len);
		return;
	}
	count = ts_rowmap_count_name(r->map, col);
	k = whole_number(s, len, buf, &blen, &neg);
	if (k == NUM_WHOLE && !(count && neg)) {
		ts_rowmap_cell(r->map, col, buf, blen);
		return;
	}
	if (count == NULL) {
		ts_rowmap_cell(r->map, col, s, len);
		return;
	}
	ts_quote(s, len, q, sizeof q);
	ts_rowmap_reject_cell(r->map, neg ? N_("field '%s': %s is not a count") :
	    k == NUM_HUGE ? N_("field '%s': %s is too large for a count") :
	    N_("field '%s': %s is not a count (not a whole number)"), count, q);
}

const char *
ts_json_type_name(enum vtype t)
{
	switch (t) {
	case V_ARRAY: return "an array";
	case V_OBJECT: return "an object";
	case V_STRING: return "a string";
	case V_NUMBER: return "a number";
	case V_TRUE:
	case V_FALSE: return "a boolean";
	default: return "null";
	}
}

/* The type of the (checked) value starting with c. */
enum vtype
ts_json_type_of(char c)
{
	switch (c) {
	case '[': return V_ARRAY;
	case '{': return V_OBJECT;
	case '"': return V_STRING;
	case 't': return V_TRUE;
	case 'f': return V_FALSE;
	case 'n': return V_NULL;
	default: return V_NUMBER;
	}
}

/* As the CSV reader does (docs/performance.md): once a thousand records
 * or more are read, the records to come are guessed from their bytes, so
 * that the table of case ids is made once at its size rather than doubled
 * again and again (each time re-adding every id).  The guess is bounded
 * by a record per 32 bytes and ten million records; beyond, the table
 * grows as usual. */
void
ts_json_expect(struct ts_jsonreader *r, uint64_t bytes)
{
	const double most = 10e6;
	uint64_t range = r->to > r->from ? r->to - r->from : 0;
	double est;

	if (r->expected || r->records < 1000)
		return;
	r->expected = 1;
	if (bytes == 0 || range <= bytes || !ts_rowmap_has_case_ids(r->map))
		return;
	est = (double)range / (double)bytes * (double)r->records;
	if (est > (double)range / 32)
		est = (double)range / 32;
	if (est > most)
		est = most;
	if (est > (double)r->records)
		ts_store_case_expect(r->st, (size_t)(est - (double)r->records));
}

/* Rejects a record with a reason of its own (counted like any row). */
int
ts_json_reject_record(struct ts_jsonreader *r, long line, const char *fmt, ...)
{
	char msg[400], text[400];
	va_list ap;

	va_start(ap, fmt);
	ts_format_texts(msg, sizeof msg, text, sizeof text, fmt, ap);
	va_end(ap);
	return ts_json_reject_texts(r, line, msg, text);
}

int
ts_json_reject_texts(struct ts_jsonreader *r, long line, const char *msg,
    const char *text)
{
	if (r->settling)
		return 0;
	ts_rowmap_begin(r->map, line);
	ts_rowmap_reject_texts(r->map, msg, text);
	r->records++;
	if (ts_rowmap_end(r->map) != TS_OK)
		return ts_error_set(r->err, TS_EIO, r->path, line, 0, N_("out of memory"));
	return 0;
}

/* A column declared after the columns were settled: a warning, or, when
 * it would change the shape, a mark that rejects the records giving it. */
static int
late_column(struct ts_jsonreader *r, long col, const char *name, size_t len, long line)
{
	const char *count = ts_rowmap_count_name(r->map, (size_t)col);
	size_t was = r->misfit_cap;
	int misfit = 0;
	char q[80];

	if (ts_grow(&r->misfit, &r->misfit_cap, (size_t)col + 1, 1) != 0)
		return ts_error_set(r->err, TS_EIO, r->path, line, 0, N_("out of memory"));
	memset(r->misfit + was, 0, r->misfit_cap - was);
	if (r->info->shape == TS_SHAPE_CASES && count && strcmp(count, "victims") != 0)
		misfit = 1;
	else if (r->info->shape == TS_SHAPE_COUNTS &&
	    ts_rowmap_field_column(r->map, "outcome", 7) == col)
		misfit = 2;
	r->misfit[col] = (unsigned char)misfit;
	if (misfit)
		return 0;
	if (ts_diags_add(r->diags, TS_DIAG_WARNING, r->input, line,
	    N_("key %s first appears here, after the columns were settled from the "
	    "records in the first MiB: the %zu records before it have no value for it"),
	    ts_quote(name, len, q, sizeof q), r->records) != 0)
		return ts_error_set(r->err, TS_EIO, r->path, line, 0, N_("out of memory"));
	return 0;
}

/* The row map column of a key, declaring it the first time it is seen.
 * -1 with err set on error. */
static long
key_column(struct ts_jsonreader *r, const char *name, size_t len, long line)
{
	uint32_t id = ts_store_intern(r->st, name, len);
	size_t before;
	long col;

	if (id == TS_NO_ID || ts_grow(&r->col_of, &r->col_of_cap, (size_t)id + 1,
	    sizeof *r->col_of) != 0) {
		ts_error_set(r->err, TS_EIO, r->path, line, 0, N_("out of memory"));
		return -1;
	}
	while (r->ncol_of <= id)
		r->col_of[r->ncol_of++] = -1;
	if (r->col_of[id] >= 0)
		return r->col_of[id];
	/* Records may spell a field differently ("Year", "year"): the
	 * spellings share its column, as long as no record gives both. */
	before = ts_rowmap_ncolumns(r->map);
	col = ts_rowmap_field_column(r->map, name, len);
	if (col < 0)
		col = ts_rowmap_column(r->map, name, len, line, r->err);
	if (col < 0)
		return -1;
	r->col_of[id] = col;
	if (r->columns_done && (size_t)col >= before &&
	    late_column(r, col, name, len, line) != 0)
		return -1;
	return col;
}

/* 1 when the key s[0..len) has no '"', '\\' or control character: the
 * text '"', s, '"' is then a JSON string that reads as s, unescaped. */
static int
plain_key(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == '"' || s[i] == '\\')
			return 0;
	return 1;
}

void
ts_json_keep_key(struct ts_jsonkey *k, const struct ts_jsonmember *m, long col)
{
	k->len = m->key_len <= sizeof k->name ? m->key_len : 0;
	memcpy(k->name, m->key, k->len);
	k->col = col;
	/* Only a plain key's lead, read in place: its key is then the
	 * text between the lead's quotes, with no escape to decode. */
	k->lead_len = 0;
	if (m->lead && k->len && m->lead_len <= sizeof k->lead &&
	    plain_key(k->name, k->len)) {
		k->lead_len = m->lead_len;
		k->lead_key = (size_t)(m->key - 1 - m->lead);
		memcpy(k->lead, m->lead, m->lead_len);
	}
}

/* The record whose members r->mem holds (text [pos, end), first line
 * line): declares its keys, then, unless settling, feeds its members as
 * cells. */
int
ts_json_feed(struct ts_jsonreader *r, size_t pos, size_t end, long line)
{
	const struct ts_jsonmember *m;
	struct ts_jsonkey *k;
	size_t i, ncols, seen_was, kwas = r->keys_cap;
	char q[80];
	long col;

	if ((r->nmem > r->cols_cap || r->nmem > r->keys_cap) &&
	    (ts_grow(&r->cols, &r->cols_cap, r->nmem, sizeof *r->cols) != 0 ||
	    ts_grow(&r->keys, &r->keys_cap, r->nmem, sizeof *r->keys) != 0))
		return ts_error_set(r->err, TS_EIO, r->path, line, 0, N_("out of memory"));
	if (r->keys_cap > kwas)
		memset(r->keys + kwas, 0, (r->keys_cap - kwas) * sizeof *r->keys);
	for (i = 0; i < r->nmem; i++) {
		m = &r->mem[i];
		k = &r->keys[i];
		/* A key's column never changes once declared; the scanner
		 * found most members as those of the record before (m->col). */
		if (m->col >= 0) {
			r->cols[i] = m->col;
			continue;
		}
		if (k->len == m->key_len && k->len && memcmp(k->name, m->key, k->len) == 0)
			col = k->col;
		else if ((col = key_column(r, m->key, m->key_len, line)) < 0)
			return r->err->code;
		r->cols[i] = col;
		ts_json_keep_key(k, m, col);
	}
	if (r->settling)
		return 0;
	if (r->escaped && ts_json_has_nul_escape(r, pos, end))
		return ts_json_reject_record(r, line, N_("a string holds a NUL character (\\u0000)"));
	if (!r->columns_done) {
		r->columns_done = 1;
		r->settled_cols = ts_rowmap_ncolumns(r->map);
		if (ts_rowmap_columns_done(r->map, line, r->err) != TS_OK) {
			size_t n = strlen(r->err->message);
			if (r->nested && strstr(r->err->message, "no count column"))
				snprintf(r->err->message + n, sizeof r->err->message - n,
				    "; the records hold nested objects, read as dotted names "
				    "such as '%s': name the ones to use with --map FIELD=NAME",
				    r->nested_example);
			return r->err->code;
		}
	}
	ncols = ts_rowmap_ncolumns(r->map);
	seen_was = r->seen_cap;
	if (ncols > r->seen_cap && ts_grow(&r->seen, &r->seen_cap, ncols, sizeof *r->seen) != 0)
		return ts_error_set(r->err, TS_EIO, r->path, line, 0, N_("out of memory"));
	/* New slots hold garbage that could equal the stamp (valgrind). */
	if (r->seen_cap > seen_was)
		memset(r->seen + seen_was, 0, (r->seen_cap - seen_was) * sizeof *r->seen);
	if (++r->stamp == 0) {
		memset(r->seen, 0, r->seen_cap * sizeof *r->seen);
		r->stamp = 1;
	}
	ts_rowmap_begin(r->map, line);
	r->records++;
	for (i = 0; i < r->nmem; i++) {
		m = &r->mem[i];
		col = r->cols[i];
		if ((size_t)col < r->seen_cap && r->seen[col] == r->stamp) {
			/* A key given twice: which value is meant is anyone's guess. */
			ts_rowmap_reject(r->map, N_("key %s repeats a field given "
			    "earlier in the record"), ts_quote(m->key, m->key_len, q, sizeof q));
			continue;
		}
		if ((size_t)col < r->seen_cap)
			r->seen[col] = r->stamp;
		if ((size_t)col < r->misfit_cap && r->misfit[col] && m->type != V_NULL) {
			ts_rowmap_reject(r->map, r->misfit[col] == 1 ?
			    N_("key %s gives a count, but the records before it make "
			    "this a case list (one record per case, with an outcome): "
			    "use one shape per file") :
			    N_("key %s gives an outcome, but the records before it make "
			    "this a counts table: use one shape per file"),
			    ts_quote(m->key, m->key_len, q, sizeof q));
			continue;
		}
		switch (m->type) {
		case V_STRING:
			ts_rowmap_cell(r->map, (size_t)col, m->val, m->val_len);
			break;
		case V_NUMBER:
			number_cell(r, (size_t)col, m->val, m->val_len);
			break;
		case V_TRUE:
			ts_rowmap_cell(r->map, (size_t)col, "true", 4);
			break;
		case V_FALSE:
			ts_rowmap_cell(r->map, (size_t)col, "false", 5);
			break;
		case V_OBJECT:
		case V_ARRAY:
			ts_rowmap_reject(r->map, N_("key %s holds %s; record values must "
			    "be strings, numbers, true, false or null"),
			    ts_quote(m->key, m->key_len, q, sizeof q), ts_json_type_name(m->type));
			break;
		case V_NULL:
			break;  /* missing, like an empty cell */
		}
	}
	if (ts_rowmap_end(r->map) != TS_OK)
		return ts_error_set(r->err, TS_EIO, r->path, line, 0, N_("out of memory"));
	return 0;
}
