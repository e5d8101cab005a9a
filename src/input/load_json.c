/* load_json.c — JSON and NDJSON input.
 *
 * The only reader that includes <cJSON.h>.  The text is checked here by
 * hand against RFC 8259, strictly (a number such as 012 or 1., a raw
 * control character in a string, a form feed between tokens are errors
 * with their line and column, as Python's json module has them), and the
 * top level (the array, or the object holding "records") is walked by
 * hand: the offset of each element gives the physical line where its
 * record starts, and a malformed or too deeply nested element never costs
 * more than one element.  A record of the common shape (an object whose
 * members are strings without a backslash, numbers, true, false or null)
 * is read from the text in place; any other record (an escape, a nested
 * value) is parsed by cJSON from its start, and the two give the same
 * cells (fuzz/fuzz_jsonscan.c compares them).  NDJSON is read line by
 * line; a bad line is a rejected record, not the end of the run, since
 * every line stands on its own.
 *
 * Bytes go through the decoder (ts_encoding.h) like CSV, so JSON in
 * UTF-16 or Windows-1252 reads too, and --encoding applies.
 *
 * Values reach the row map as text, so every format reads the same: strings
 * as they are, numbers as the integer they denote or as written, true and
 * false as words, null as missing.  A number is read from its text, never
 * from a double: 1e16 is the count 10000000000000000, and 1.0000000000000001
 * is not a whole number.
 *
 * The columns (and so the shape of the input, counts table or case list)
 * are settled from the keys of every record that starts in the first MiB,
 * not from the first record alone (docs/input.md).  A key first seen after
 * that is reported: a warning when it is a new column, a rejected record
 * when it would change the shape.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "ts_encoding.h"
#include "ts_input.h"
#include "ts_rowmap.h"

/* NDJSON and JSON files are read in blocks this large. */
#define NDJSON_BLOCK (1u << 20)

/* A JSON file read in blocks drops what it has read once this much is
 * behind the element being read. */
#define COMPACT_BYTES (1u << 20)

/* The records that start in this many bytes settle the columns. */
#define SETTLE_BYTES (1u << 20)

/* --records PATH: at most this many member names. */
#define MAX_PATH 16

/* Deeper than this is an error, as cJSON has it. */
#define NESTING_LIMIT CJSON_NESTING_LIMIT

/* What a member's value is. */
enum vtype { V_STRING, V_NUMBER, V_TRUE, V_FALSE, V_NULL, V_OBJECT, V_ARRAY };

/* One member of a record, as the row map gets it: key and value text
 * (not NUL-terminated), or a nested value. */
struct member {
	const char *key;
	size_t key_len;
	const char *val;        /* string: its characters; number: its text */
	size_t val_len;
	enum vtype type;
};

struct reader {
	const char *path;
	const char *text;
	size_t len;
	struct ts_rowmap *map;
	struct ts_error *err;
	struct ts_diags *diags;
	uint32_t input;
	struct ts_input_info *info;
	struct ts_decoder *dec;         /* bytes in any encoding to UTF-8 */
	int columns_done;
	int settled;            /* the first block's keys are declared */
	int settling;           /* declaring them: no cells, no messages */
	int any;                /* NDJSON: a line that was not blank */
	size_t records;         /* records fed so far */

	/* Line counting moves forward only: line is the line at byte pos. */
	size_t line_pos;
	long line;
	/* A JSON file read in blocks (fd >= 0): text is a window of it that
	 * starts on line base_line, col_base characters into that line. */
	int fd;
	int eof;
	char *buf, *raw;
	size_t cap;
	long base_line, col_base;
	size_t nolf;            /* NDJSON: bytes of the unread rest without LF */

	/* Key -> row map column, through the key's string id in the store,
	 * so a record costs one hash per key; -1: not declared yet. */
	struct ts_store *st;
	long *col_of;
	size_t ncol_of, col_of_cap;
	/* misfit[column]: a key first seen after the shape was settled that
	 * would change it; a record that gives it a value is rejected. */
	unsigned char *misfit;
	size_t misfit_cap;

	/* The record being read. */
	struct member *mem;
	size_t nmem, mem_cap;
	long *cols;             /* column of each member */
	size_t cols_cap;
	uint32_t *seen;         /* seen[column] == stamp: given in this record */
	size_t seen_cap;
	uint32_t stamp;
	size_t *nums;           /* offset and length of each number literal, */
	size_t nnums, nums_cap; /* in the order of the text (pairs) */
	int escaped;            /* a string of the record has a backslash */
	int has_object;         /* a member of the record is an object */
	/* The names of nested members ("case.jurisdiction"), for the record
	 * read through cJSON; nested: some record had one (example: the
	 * first such name). */
	char **flat;
	size_t nflat, flat_cap;
	int nested;
	char nested_example[64];

	/* The member names down to the array of records (--records). */
	const char *names[MAX_PATH];
	size_t nnames;
	char *path_buf;
	const char *path_text;  /* as given; NULL: the default "records" */

	/* The first syntax fault met: its byte and message. */
	size_t bad_at;
	char bad_msg[160];
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t
skip_space(const struct reader *r, size_t i, size_t end)
{
	while (i < end && is_space(r->text[i]))
		i++;
	return i;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The line of byte pos; pos must not go back before the last call's. */
static long
line_at(struct reader *r, size_t pos)
{
	const char *p = r->text + r->line_pos, *stop = r->text + pos;

	if (pos < r->line_pos) {
		r->line_pos = 0;
		r->line = r->base_line;
		p = r->text;
	}
	while ((p = memchr(p, '\n', (size_t)(stop - p))) != NULL) {
		r->line++;
		p++;
	}
	r->line_pos = pos;
	return r->line;
}

/* The column (in characters, from 1) of byte pos on its line. */
static long
column_at(const struct reader *r, size_t pos)
{
	size_t i = pos;
	long col = 1;

	while (i > 0 && r->text[i - 1] != '\n')
		i--;
	if (i == 0)
		col += r->col_base;
	for (; i < pos; i++)
		if (((unsigned char)r->text[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* Reads the next block of a file read in blocks onto the end of text.
 * Returns 1, 0 at the end of the input, -1 with err set. */
static int
more(struct reader *r)
{
	const char *out;
	size_t out_len;
	ssize_t got;

	if (r->fd < 0 || r->eof)
		return 0;
	do
		got = read(r->fd, r->raw, NDJSON_BLOCK);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		ts_error_set(r->err, TS_EIO, r->path, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	if (ts_decoder_feed(r->dec, r->raw, (size_t)got, got == 0, &out, &out_len,
	    r->err) != 0)
		return -1;
	r->eof = got == 0;
	if (ts_grow(&r->buf, &r->cap, r->len + out_len + 1, 1) != 0) {
		ts_error_set(r->err, TS_EIO, r->path, 0, 0, "out of memory");
		return -1;
	}
	if (out_len)
		memcpy(r->buf + r->len, out, out_len);
	r->len += out_len;
	r->text = r->buf;
	return 1;
}

/* Drops text[0, keep) of a file read in blocks when that is worth it;
 * returns how many bytes the text moved down (0: none). */
static size_t
compact(struct reader *r, size_t keep)
{
	if (r->fd < 0 || r->settling || keep < COMPACT_BYTES)
		return 0;
	line_at(r, keep);
	r->col_base = column_at(r, keep) - 1;
	memmove(r->buf, r->buf + keep, r->len - keep);
	r->len -= keep;
	r->base_line = r->line;
	r->line_pos = 0;
	return keep;
}

/* Skips white space from byte i, reading on while it runs to the end. */
static int
space_more(struct reader *r, size_t i, size_t *at)
{
	for (;;) {
		while (i < r->len && is_space(r->text[i]))
			i++;
		if (i < r->len || r->fd < 0 || r->eof || r->settling)
			break;
		if (more(r) < 0)
			return -1;
	}
	*at = i;
	return 0;
}

/* Reads on until the value that starts at byte i is whole in text (its
 * closing bracket or quote, or for a number or word the byte after it),
 * or the input ends.  One pass over the value, however many blocks. */
static int
need_value(struct reader *r, size_t i)
{
	size_t j = i;
	long depth = 0;
	int in_string = 0, escaped = 0;
	char c;

	if (r->fd < 0)
		return 0;
	for (;;) {
		for (; j < r->len; j++) {
			c = r->text[j];
			if (in_string) {
				if (escaped)
					escaped = 0;
				else if (c == '\\')
					escaped = 1;
				else if (c == '"' && (in_string = 0, depth == 0))
					return 0;
			} else if (c == '"') {
				in_string = 1;
			} else if (c == '{' || c == '[') {
				depth++;
			} else if (c == '}' || c == ']') {
				if (--depth <= 0)
					return 0;
			} else if (depth == 0 && j > i && (c == ',' || is_space(c))) {
				return 0;
			}
		}
		if (r->eof || r->settling)
			return 0;
		if (more(r) < 0)
			return -1;
	}
}

/* Stops the run with an error at byte pos. */
static int
fail_at(struct reader *r, size_t pos, const char *fmt, ...)
    TS_PRINTF(3, 4);

static int
fail_at(struct reader *r, size_t pos, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	size_t saved_pos = r->line_pos;
	long saved_line = r->line, line;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	line = line_at(r, pos);
	r->line_pos = saved_pos;
	r->line = saved_line;
	return ts_error_set(r->err, TS_EIO, r->path, line, column_at(r, pos), "%s", msg);
}

/* Notes a syntax fault at byte at (the first one wins); returns -1. */
static int
bad(struct reader *r, size_t at, const char *fmt, ...)
    TS_PRINTF(3, 4);

static int
bad(struct reader *r, size_t at, const char *fmt, ...)
{
	va_list ap;

	r->bad_at = at;
	va_start(ap, fmt);
	vsnprintf(r->bad_msg, sizeof r->bad_msg, fmt, ap);
	va_end(ap);
	return -1;
}

static int
ends_inside(struct reader *r, size_t end)
{
	return bad(r, end, "malformed JSON: the text ends inside a value");
}

static int
unexpected(struct reader *r, size_t at, size_t end)
{
	char q[32];

	if (at >= end)
		return ends_inside(r, end);
	return bad(r, at, "malformed JSON: unexpected %s", ts_quote(r->text + at, 1, q, sizeof q));
}

/* The string at text[i] ('"'): *stop past its closing quote; sets
 * r->escaped when it has a backslash.  RFC 8259: no raw control
 * characters, only the escapes \" \\ \/ \b \f \n \r \t \uXXXX. */
static int
lex_string(struct reader *r, size_t i, size_t end, size_t *stop)
{
	const unsigned char *t = (const unsigned char *)r->text;
	size_t j = i + 1, k;
	char q[32];
	unsigned char c;

	for (;;) {
		while (j < end && (c = t[j]) != '"' && c != '\\' && c >= 0x20)
			j++;
		if (j >= end)
			/* Where cJSON points: the string's first character. */
			return bad(r, i + 1, "malformed JSON: a string that is never closed");
		c = t[j];
		if (c == '"') {
			*stop = j + 1;
			return 0;
		}
		if (c == '\n' || c == '\r')
			return bad(r, j, "malformed JSON: a line end inside a string (a "
			    "string that is never closed, or a line end not written as \\n)");
		if (c < 0x20)
			return bad(r, j, "malformed JSON: control character 0x%02X inside a "
			    "string (JSON writes it as an escape such as \\t or \\u%04X)",
			    c, c);
		r->escaped = 1;
		if (j + 1 >= end)
			return bad(r, i + 1, "malformed JSON: a string that is never closed");
		c = t[j + 1];
		if (c == 'u') {
			for (k = j + 2; k < j + 6; k++)
				if (k >= end || !strchr("0123456789abcdefABCDEF", t[k]) || t[k] == 0)
					return bad(r, j, "malformed JSON: \\u needs four hex digits");
			j += 6;
		} else if (c != 0 && strchr("\"\\/bfnrt", c)) {
			j += 2;
		} else {
			return bad(r, j, "malformed JSON: %s is not a JSON escape",
			    ts_quote(r->text + j, 2, q, sizeof q));
		}
	}
}

/* The number at text[i] ('-' or a digit): *stop past it. */
static int
lex_number(struct reader *r, size_t i, size_t end, size_t *stop)
{
	const char *t = r->text;
	size_t j = i;
	char q[48];

	if (t[j] == '-')
		j++;
	if (j >= end)
		return ends_inside(r, end);
	if (!is_digit(t[j]))
		return bad(r, i, "malformed JSON: '-' without a digit after it");
	if (t[j] == '0') {
		j++;
		if (j < end && is_digit(t[j])) {
			while (j < end && is_digit(t[j]))
				j++;
			return bad(r, i, "malformed JSON: the number %s has a leading zero",
			    ts_quote(t + i, j - i, q, sizeof q));
		}
	} else {
		while (j < end && is_digit(t[j]))
			j++;
	}
	if (j < end && t[j] == '.') {
		j++;
		if (j >= end || !is_digit(t[j]))
			return bad(r, j, "malformed JSON: a number needs a digit after its '.'");
		while (j < end && is_digit(t[j]))
			j++;
	}
	if (j < end && (t[j] == 'e' || t[j] == 'E')) {
		j++;
		if (j < end && (t[j] == '+' || t[j] == '-'))
			j++;
		if (j >= end || !is_digit(t[j]))
			return bad(r, j, "malformed JSON: a number needs a digit in its exponent");
		while (j < end && is_digit(t[j]))
			j++;
	}
	*stop = j;
	return 0;
}

/* true, false or null at text[i]. */
static int
lex_word(struct reader *r, size_t i, size_t end, const char *word, size_t *stop)
{
	size_t n = strlen(word), k;

	for (k = 0; k < n; k++) {
		if (i + k >= end)
			return ends_inside(r, end);
		if (r->text[i + k] != word[k])
			return unexpected(r, i, end);
	}
	*stop = i + n;
	return 0;
}

static int
note_number(struct reader *r, size_t at, size_t stop)
{
	if (ts_grow(&r->nums, &r->nums_cap, 2 * r->nnums + 2, sizeof *r->nums) != 0)
		return bad(r, at, "out of memory");
	r->nums[2 * r->nnums] = at;
	r->nums[2 * r->nnums + 1] = stop - at;
	r->nnums++;
	return 0;
}

/* Checks the value at text[i] (after white space) at nesting depth
 * depth; *stop past it.  Number literals are noted in r->nums. */
static int
check_value(struct reader *r, size_t i, size_t end, int depth, size_t *stop)
{
	const char *t = r->text;
	char close;

	i = skip_space(r, i, end);
	if (i >= end)
		return ends_inside(r, end);
	switch (t[i]) {
	case '"':
		return lex_string(r, i, end, stop);
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
		return unexpected(r, i, end);
	}
	if (depth + 1 > NESTING_LIMIT)
		return bad(r, i, "JSON nested more than %d levels deep", NESTING_LIMIT);
	close = t[i] == '{' ? '}' : ']';
	i = skip_space(r, i + 1, end);
	if (i < end && t[i] == close) {
		*stop = i + 1;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			if (i >= end || t[i] != '"')
				return unexpected(r, i, end);
			if (lex_string(r, i, end, &i) != 0)
				return -1;
			i = skip_space(r, i, end);
			if (i >= end || t[i] != ':')
				return unexpected(r, i, end);
			i++;
		}
		if (check_value(r, i, end, depth + 1, &i) != 0)
			return -1;
		i = skip_space(r, i, end);
		if (i < end && t[i] == close) {
			*stop = i + 1;
			return 0;
		}
		if (i >= end || t[i] != ',')
			return unexpected(r, i, end);
		i = skip_space(r, i + 1, end);
	}
}

static int
add_member(struct reader *r, size_t key, size_t key_len, size_t val,
    size_t val_len, enum vtype type)
{
	struct member *m;

	if (ts_grow(&r->mem, &r->mem_cap, r->nmem + 1, sizeof *r->mem) != 0)
		return bad(r, key, "out of memory");
	m = &r->mem[r->nmem++];
	m->key = r->text + key;
	m->key_len = key_len;
	m->val = r->text + val;
	m->val_len = val_len;
	m->type = type;
	return 0;
}

/* The object at text[i] ('{'), checked whole; its direct members in
 * r->mem, its numbers in r->nums.  *stop past its '}'.  Returns 0, or -1
 * with the fault in r->bad_at, r->bad_msg. */
static int
scan_object(struct reader *r, size_t i, size_t end, size_t *stop)
{
	const char *t = r->text;
	size_t key, key_end, v, e;
	enum vtype type;

	r->nmem = 0;
	r->nnums = 0;
	r->escaped = 0;
	r->has_object = 0;
	i = skip_space(r, i + 1, end);
	if (i < end && t[i] == '}') {
		*stop = i + 1;
		return 0;
	}
	for (;;) {
		if (i >= end || t[i] != '"')
			return unexpected(r, i, end);
		key = i;
		if (lex_string(r, i, end, &key_end) != 0)
			return -1;
		i = skip_space(r, key_end, end);
		if (i >= end || t[i] != ':')
			return unexpected(r, i, end);
		v = skip_space(r, i + 1, end);
		if (check_value(r, v, end, 1, &e) != 0)
			return -1;
		switch (t[v]) {
		case '"': type = V_STRING; break;
		case 't': type = V_TRUE; break;
		case 'f': type = V_FALSE; break;
		case 'n': type = V_NULL; break;
		case '{': type = V_OBJECT; r->has_object = 1; break;
		case '[': type = V_ARRAY; break;
		default: type = V_NUMBER; break;
		}
		if (type == V_STRING) {
			if (add_member(r, key + 1, key_end - key - 2, v + 1, e - v - 2,
			    type) != 0)
				return -1;
		} else if (add_member(r, key + 1, key_end - key - 2, v, e - v, type) != 0) {
			return -1;
		}
		i = skip_space(r, e, end);
		if (i < end && t[i] == '}') {
			*stop = i + 1;
			return 0;
		}
		if (i >= end || t[i] != ',')
			return unexpected(r, i, end);
		i = skip_space(r, i + 1, end);
	}
}

/* 1 when the text [pos, end) has a \u0000 escape: cJSON's strings end at
 * the NUL, so "1\u00002" would read as 1. */
static int
has_nul_escape(const struct reader *r, size_t pos, size_t end)
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

/* The number literals in a cJSON tree, nested ones too. */
static size_t
count_numbers(const cJSON *v)
{
	const cJSON *c;
	size_t n = 0;

	if (cJSON_IsNumber(v))
		return 1;
	for (c = v->child; c; c = c->next)
		n += count_numbers(c);
	return n;
}

static void
free_flat(struct reader *r)
{
	size_t i;

	for (i = 0; i < r->nflat; i++)
		free(r->flat[i]);
	r->nflat = 0;
}

static int
names_count(const char *key, size_t len)
{
	enum ts_field f = ts_fields_match(key, len);

	return f >= TS_F_INVESTIGATIONS && f <= TS_F_VICTIMS;
}

/* The members of cJSON object v into r->mem, those of a nested object
 * as "prefix.key" (prefix NULL at the top); *nth counts the numbers. */
static int
add_cjson_members(struct reader *r, const cJSON *v, const char *prefix,
    size_t pos, size_t *nth)
{
	const cJSON *m;
	struct member *x;
	const char *key;
	char *name = NULL;
	size_t klen, plen;

	for (m = v->child; m; m = m->next) {
		key = m->string ? m->string : "";
		klen = strlen(key);
		if (prefix) {
			plen = strlen(prefix);
			if (ts_grow(&r->flat, &r->flat_cap, r->nflat + 1, sizeof *r->flat) != 0 ||
			    (name = malloc(plen + klen + 2)) == NULL)
				return bad(r, pos, "out of memory");
			memcpy(name, prefix, plen);
			name[plen] = '.';
			memcpy(name + plen + 1, key, klen + 1);
			r->flat[r->nflat++] = name;
			key = name;
			klen += plen + 1;
			if (!r->nested) {
				r->nested = 1;
				snprintf(r->nested_example, sizeof r->nested_example, "%s", key);
			}
		}
		/* A nested object: its members under dotted names; but a key
		 * that names a count ("investigations": {...}) gives no count
		 * here, and its record is rejected. */
		if (cJSON_IsObject(m) && !names_count(key, klen)) {
			if (add_cjson_members(r, m, key, pos, nth) != 0)
				return -1;
			continue;
		}
		if (ts_grow(&r->mem, &r->mem_cap, r->nmem + 1, sizeof *r->mem) != 0)
			return bad(r, pos, "out of memory");
		x = &r->mem[r->nmem++];
		x->key = key;
		x->key_len = klen;
		x->val = "";
		x->val_len = 0;
		if (cJSON_IsString(m)) {
			x->type = V_STRING;
			x->val = m->valuestring;
			x->val_len = strlen(m->valuestring);
		} else if (cJSON_IsNumber(m)) {
			/* cJSON keeps a double; the text is what was written.
			 * Numbers come in the text's order, nested ones too. */
			x->type = V_NUMBER;
			if (*nth < r->nnums) {
				x->val = r->text + r->nums[2 * *nth];
				x->val_len = r->nums[2 * *nth + 1];
			}
			(*nth)++;
		} else if (cJSON_IsBool(m)) {
			x->type = cJSON_IsTrue(m) ? V_TRUE : V_FALSE;
		} else if (cJSON_IsArray(m) || cJSON_IsObject(m)) {
			x->type = cJSON_IsArray(m) ? V_ARRAY : V_OBJECT;
			*nth += count_numbers(m);
		} else {
			x->type = V_NULL;
		}
	}
	return 0;
}

/* The members of the object [pos, stop), checked by scan_object(), as
 * cJSON reads them: strings decoded, numbers by their text (r->nums),
 * nested objects flattened to dotted names.  *tree owns the strings.  -1
 * with a fault noted when cJSON cannot read it (a \u escape that is half
 * of a surrogate pair). */
static int
members_by_cjson(struct reader *r, size_t pos, size_t stop, cJSON **tree)
{
	const char *end = NULL;
	size_t nth = 0;
	cJSON *v;

	v = cJSON_ParseWithLengthOpts(r->text + pos, stop - pos, &end, 0);
	*tree = v;
	if (v == NULL) {
		size_t at = end && end >= r->text + pos && end <= r->text + stop ?
		    (size_t)(end - r->text) : pos;
		return bad(r, at, "malformed JSON: a \\u escape that is half of a "
		    "surrogate pair");
	}
	r->nmem = 0;
	free_flat(r);
	return add_cjson_members(r, v, NULL, pos, &nth);
}

/* Reads the object at text[i] ('{', ending by end) into r->mem; *stop
 * past it.  Strings without a backslash are read in place; a record with
 * one, or with a nested object, goes to cJSON (*tree, to be deleted by
 * the caller).  -1 with the fault noted when it is not valid JSON. */
static int
take_object(struct reader *r, size_t i, size_t end, size_t *stop, cJSON **tree)
{
	*tree = NULL;
	if (scan_object(r, i, end, stop) != 0)
		return -1;
	if (r->escaped ? !has_nul_escape(r, i, *stop) : r->has_object)
		return members_by_cjson(r, i, *stop, tree);
	return 0;
}

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
number_cell(struct reader *r, size_t col, const char *s, size_t len)
{
	char buf[32], msg[200], q[80];
	const char *count = ts_rowmap_count_name(r->map, col);
	size_t blen = 0;
	int neg;
	enum number_kind k = whole_number(s, len, buf, &blen, &neg);

	if (k == NUM_WHOLE && !(count && neg)) {
		ts_rowmap_cell(r->map, col, buf, blen);
		return;
	}
	if (count == NULL) {
		ts_rowmap_cell(r->map, col, s, len);
		return;
	}
	ts_quote(s, len, q, sizeof q);
	if (neg)
		snprintf(msg, sizeof msg, "field '%s': %s is not a count", count, q);
	else if (k == NUM_HUGE)
		snprintf(msg, sizeof msg, "field '%s': %s is too large for a count", count, q);
	else
		snprintf(msg, sizeof msg, "field '%s': %s is not a count (not a whole number)",
		    count, q);
	ts_rowmap_reject_cell(r->map, msg);
}

static const char *
type_name(enum vtype t)
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
static enum vtype
type_of(char c)
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

/* Rejects a record with a reason of its own (counted like any row). */
static int
reject_record(struct reader *r, long line, const char *fmt, ...)
    TS_PRINTF(3, 4);

static int
reject_record(struct reader *r, long line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (r->settling)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ts_rowmap_begin(r->map, line);
	ts_rowmap_reject(r->map, msg);
	r->records++;
	if (ts_rowmap_end(r->map) != TS_OK)
		return ts_error_set(r->err, TS_EIO, r->path, line, 0, "out of memory");
	return 0;
}

/* A column declared after the columns were settled: a warning, or, when
 * it would change the shape, a mark that rejects the records giving it. */
static int
late_column(struct reader *r, long col, const char *name, size_t len, long line)
{
	const char *count = ts_rowmap_count_name(r->map, (size_t)col);
	size_t was = r->misfit_cap;
	int misfit = 0;
	char q[80];

	if (ts_grow(&r->misfit, &r->misfit_cap, (size_t)col + 1, 1) != 0)
		return ts_error_set(r->err, TS_EIO, r->path, line, 0, "out of memory");
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
	    "key %s first appears here, after the columns were settled from the "
	    "records in the first MiB: the %zu records before it have no value for it",
	    ts_quote(name, len, q, sizeof q), r->records) != 0)
		return ts_error_set(r->err, TS_EIO, r->path, line, 0, "out of memory");
	return 0;
}

/* The row map column of a key, declaring it the first time it is seen.
 * -1 with err set on error. */
static long
key_column(struct reader *r, const char *name, size_t len, long line)
{
	uint32_t id = ts_store_intern(r->st, name, len);
	size_t before;
	long col;

	if (id == TS_NO_ID || ts_grow(&r->col_of, &r->col_of_cap, (size_t)id + 1,
	    sizeof *r->col_of) != 0) {
		ts_error_set(r->err, TS_EIO, r->path, line, 0, "out of memory");
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

/* The record whose members r->mem holds (text [pos, end), first line
 * line): declares its keys, then, unless settling, feeds its members as
 * cells. */
static int
feed(struct reader *r, size_t pos, size_t end, long line)
{
	const struct member *m;
	size_t i, ncols, seen_was;
	char q[80], msg[240];
	long col;

	for (i = 0; i < r->nmem; i++) {
		col = key_column(r, r->mem[i].key, r->mem[i].key_len, line);
		if (col < 0)
			return r->err->code;
		if (ts_grow(&r->cols, &r->cols_cap, i + 1, sizeof *r->cols) != 0)
			return ts_error_set(r->err, TS_EIO, r->path, line, 0, "out of memory");
		r->cols[i] = col;
	}
	if (r->settling)
		return 0;
	if (r->escaped && has_nul_escape(r, pos, end))
		return reject_record(r, line, "a string holds a NUL character (\\u0000)");
	if (!r->columns_done) {
		r->columns_done = 1;
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
	if (ts_grow(&r->seen, &r->seen_cap, ncols, sizeof *r->seen) != 0)
		return ts_error_set(r->err, TS_EIO, r->path, line, 0, "out of memory");
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
			snprintf(msg, sizeof msg, "key %s repeats a field given earlier "
			    "in the record", ts_quote(m->key, m->key_len, q, sizeof q));
			ts_rowmap_reject(r->map, msg);
			continue;
		}
		if ((size_t)col < r->seen_cap)
			r->seen[col] = r->stamp;
		if ((size_t)col < r->misfit_cap && r->misfit[col] && m->type != V_NULL) {
			snprintf(msg, sizeof msg, r->misfit[col] == 1 ?
			    "key %s gives a count, but the records before it make this "
			    "a case list (one record per case, with an outcome): use one "
			    "shape per file" :
			    "key %s gives an outcome, but the records before it make "
			    "this a counts table: use one shape per file",
			    ts_quote(m->key, m->key_len, q, sizeof q));
			ts_rowmap_reject(r->map, msg);
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
			snprintf(msg, sizeof msg, "key %s holds %s; record values must be "
			    "strings, numbers, true, false or null",
			    ts_quote(m->key, m->key_len, q, sizeof q), type_name(m->type));
			ts_rowmap_reject(r->map, msg);
			break;
		case V_NULL:
			break;  /* missing, like an empty cell */
		}
	}
	if (ts_rowmap_end(r->map) != TS_OK)
		return ts_error_set(r->err, TS_EIO, r->path, line, 0, "out of memory");
	return 0;
}

/* One element of the records array at text[i], n counting from 1; *e
 * past it.  -1 with the fault noted when it is not valid JSON. */
static int
element(struct reader *r, size_t i, size_t *e, size_t n)
{
	long line = line_at(r, i);
	cJSON *tree = NULL;
	int rc;

	if (i >= r->len)
		return ends_inside(r, r->len);
	if (r->text[i] == '{') {
		if (take_object(r, i, r->len, e, &tree) != 0)
			rc = -1;
		else
			rc = feed(r, i, *e, line);
		cJSON_Delete(tree);
		return rc;
	}
	if (check_value(r, i, r->len, 0, e) != 0)
		return -1;
	return reject_record(r, line, "element %zu of the array is %s, not an object",
	    n, type_name(type_of(r->text[i])));
}

/* The elements of the array at byte pos ('[') that start before limit;
 * *endp past its ']' when it ends before.  A fault stops the run, or,
 * when settling, only the walk (-1). */
static int
walk_elements(struct reader *r, size_t pos, size_t limit, size_t *endp)
{
	size_t i, e, n = 0, shift;
	int rc;

	if (space_more(r, pos + 1, &i) != 0)
		return r->err->code;
	if (i < r->len && r->text[i] == ']') {
		*endp = i + 1;
		return 0;
	}
	for (;;) {
		if (i >= limit)
			return 0;
		/* A file read in blocks: only the element being read is kept. */
		shift = compact(r, i);
		i -= shift;
		limit = limit == SIZE_MAX ? limit : limit - shift;
		if (need_value(r, i) != 0)
			return r->err->code;
		rc = element(r, i, &e, ++n);
		if (rc < 0)
			return r->settling ? -1 : fail_at(r, r->bad_at, "%s", r->bad_msg);
		if (rc != 0)
			return rc;
		if (space_more(r, e, &i) != 0)
			return r->err->code;
		if (r->settling && (i >= r->len || (r->text[i] != ']' && r->text[i] != ',')))
			return -1;
		if (i >= r->len)
			return fail_at(r, i, "malformed JSON: the text ends inside the "
			    "array of records (no closing ']')");
		if (r->text[i] == ']') {
			*endp = i + 1;
			return 0;
		}
		if (r->text[i] != ',')
			return fail_at(r, i, "malformed JSON: expected ',' or ']' after "
			    "element %zu of the array", n);
		if (space_more(r, i + 1, &i) != 0)
			return r->err->code;
	}
}

/* The array of records at byte pos ('['); *endp is set past its ']'.
 * The keys of the records in its first block are declared first. */
static int
walk_array(struct reader *r, size_t pos, size_t *endp)
{
	size_t e;

	if (!r->settled) {
		r->settled = 1;
		/* The first block whole in text, then its keys. */
		while (r->len - pos < SETTLE_BYTES && more(r) > 0)
			;
		if (r->err->code)
			return r->err->code;
		r->settling = 1;
		walk_elements(r, pos, pos + SETTLE_BYTES, &e);
		r->settling = 0;
		if (r->err->code)
			return r->err->code;
	}
	return walk_elements(r, pos, SIZE_MAX, endp);
}

/* 1 when the member name at text[i] ('"', checked, ending at stop) is
 * name. */
static int
is_name(const struct reader *r, size_t i, size_t stop, const char *name)
{
	size_t n = strlen(name);
	cJSON *v;
	int yes;

	if (memchr(r->text + i, '\\', stop - i) == NULL)
		return stop - i == n + 2 && memcmp(r->text + i + 1, name, n) == 0;
	v = cJSON_ParseWithLength(r->text + i, stop - i);
	yes = v && cJSON_IsString(v) && strcmp(v->valuestring, name) == 0;
	cJSON_Delete(v);
	return yes;
}

/* An object at the top, or depth names down: its member names[depth] is
 * the array of records, or the object that holds it (--records); the
 * other members are checked and left alone. */
static int
walk_object(struct reader *r, size_t pos, size_t *endp, size_t depth)
{
	const char *want = r->names[depth];
	int last = depth + 1 == r->nnames;
	char q[80];
	size_t i, e, shift;
	int found = 0, is_records;
	/* Where the object starts, for the message: the text moves on. */
	long oline = line_at(r, pos), ocol = column_at(r, pos);

	if (space_more(r, pos + 1, &i) != 0)
		return r->err->code;
	if (i < r->len && r->text[i] == '}')
		goto none;
	for (;;) {
		shift = compact(r, i);
		i -= shift;
		if (need_value(r, i) != 0)
			return r->err->code;
		if (i >= r->len || r->text[i] != '"')
			return fail_at(r, i, "malformed JSON: expected a member name in quotes");
		if (lex_string(r, i, r->len, &e) != 0)
			return fail_at(r, r->bad_at, "%s", r->bad_msg);
		is_records = is_name(r, i, e, want);
		if (space_more(r, e, &i) != 0)
			return r->err->code;
		if (i >= r->len || r->text[i] != ':')
			return fail_at(r, i, "malformed JSON: expected ':' after a member name");
		if (space_more(r, i + 1, &i) != 0)
			return r->err->code;
		if (is_records) {
			ts_quote(want, strlen(want), q, sizeof q);
			if (found)
				return fail_at(r, i, "a second %s member", q);
			found = 1;
			if (last && (i >= r->len || r->text[i] != '['))
				return fail_at(r, i, "%s is not an array of records", q);
			if (!last && (i >= r->len || r->text[i] != '{'))
				return fail_at(r, i, "%s is not an object (--records %s)", q,
				    r->path_text);
			if ((last ? walk_array(r, i, &e) : walk_object(r, i, &e, depth + 1)) != 0)
				return r->err->code;
		} else {
			r->nnums = 0;
			if (need_value(r, i) != 0)
				return r->err->code;
			if (check_value(r, i, r->len, 1, &e) != 0)
				return fail_at(r, r->bad_at, "%s", r->bad_msg);
		}
		if (space_more(r, e, &i) != 0)
			return r->err->code;
		if (i < r->len && r->text[i] == '}')
			break;
		if (i >= r->len || r->text[i] != ',')
			return fail_at(r, i, "malformed JSON: expected ',' or '}' in the "
			    "top-level object");
		if (space_more(r, i + 1, &i) != 0)
			return r->err->code;
	}
	*endp = i + 1;
	if (found)
		return 0;
none:
	if (r->path_text)
		return ts_error_set(r->err, TS_EIO, r->path, oline, ocol, "no member %s "
		    "in the %s (--records %s)", ts_quote(want, strlen(want), q, sizeof q),
		    depth ? "object it names" : "top-level object", r->path_text);
	return ts_error_set(r->err, TS_EIO, r->path, oline, ocol, "the top-level object "
	    "has no \"records\" array (expected an array of records, {\"records\": "
	    "[...]}, or one object per line with --input-format ndjson)");
}

static int
load_json(struct reader *r, size_t start)
{
	size_t i, end;
	int rc;

	if (space_more(r, start, &i) != 0)
		return r->err->code;
	if (i >= r->len)
		return ts_error_set(r->err, TS_EIO, r->path, 0, 0,
		    "no JSON value: the file is empty");
	if (r->text[i] == '[' && r->path_text)
		return fail_at(r, i, "--records %s: the top level is an array, not an "
		    "object", r->path_text);
	if (r->text[i] == '[')
		rc = walk_array(r, i, &end);
	else if (r->text[i] == '{')
		rc = walk_object(r, i, &end, 0);
	else
		return fail_at(r, i, "expected an array of records or an object with a "
		    "\"records\" array");
	if (rc != 0)
		return rc;
	if (space_more(r, end, &i) != 0)
		return r->err->code;
	if (i < r->len)
		return fail_at(r, i, "malformed JSON: text after the end of the value "
		    "(for one object per line use --input-format ndjson)");
	return 0;
}

/* One NDJSON line [pos, end); blank lines are skipped. */
static int
ndjson_line(struct reader *r, size_t pos, size_t end, long line)
{
	size_t i = skip_space(r, pos, end), e;
	cJSON *tree = NULL;
	int rc;

	if (i == end)
		return 0;
	r->any = 1;
	if (r->text[i] == '{')
		rc = take_object(r, i, end, &e, &tree);
	else
		rc = check_value(r, i, end, 0, &e);
	if (rc != 0)
		rc = reject_record(r, line, "column %ld: %s", column_at(r, r->bad_at),
		    r->bad_msg);
	else if (skip_space(r, e, end) != end)
		rc = reject_record(r, line, "column %ld: malformed JSON: text after "
		    "the end of the object", column_at(r, skip_space(r, e, end)));
	else if (r->text[i] != '{')
		rc = reject_record(r, line, "the line holds %s, not an object",
		    type_name(type_of(r->text[i])));
	else
		rc = feed(r, i, e, line);
	cJSON_Delete(tree);
	return rc;
}

/* The next LF at or after byte i, NULL when none before r->len; skip
 * bytes from i are known to hold none. */
static const char *
next_lf(const struct reader *r, size_t i, size_t skip)
{
	return i + skip >= r->len ? NULL :
	    memchr(r->text + i + skip, '\n', r->len - i - skip);
}

/* Declares the keys of the whole lines in r->text[start, r->len) that
 * start in its first block (and the last line when final). */
static int
ndjson_settle(struct reader *r, size_t start, int final)
{
	size_t i = start, e;
	const char *nl;
	long line = r->line;

	r->settling = 1;
	while (i < r->len && i - start < SETTLE_BYTES) {
		nl = next_lf(r, i, 0);
		if (nl == NULL && !final)
			break;
		e = nl ? (size_t)(nl - r->text) : r->len;
		if (ndjson_line(r, i, e, line) != 0)
			break;
		i = nl ? e + 1 : e;
		line++;
	}
	r->settling = 0;
	r->any = 0;
	return r->err->code;
}

/* Reads the whole lines in r->text[start, r->len), and the last one too
 * when final is set; *used is where the unread rest starts. */
static int
ndjson_lines(struct reader *r, size_t start, int final, size_t *used)
{
	size_t i = start, e;
	const char *nl;

	while (i < r->len) {
		/* A line longer than a block is searched once, not again with
		 * every block (r->nolf). */
		nl = next_lf(r, i, i == start ? r->nolf : 0);
		if (nl == NULL && !final)
			break;
		if (!r->settled) {
			r->settled = 1;
			if (ndjson_settle(r, i, final) != 0)
				return r->err->code;
		}
		e = nl ? (size_t)(nl - r->text) : r->len;
		if (ndjson_line(r, i, e, r->line) != 0)
			return r->err->code;
		i = nl ? e + 1 : e;
		r->line++;
	}
	r->nolf = r->len - i;
	*used = i;
	return 0;
}

static int
ndjson_done(struct reader *r)
{
	if (!r->any)
		return ts_error_set(r->err, TS_EIO, r->path, 0, 0,
		    "no JSON records: the file is empty");
	return 0;
}

/* --records: the member names down to the array, from a dotted path
 * ("results.items") or a JSON Pointer ("/data", "~1" for '/' and "~0"
 * for '~' in a name); NULL: "records". */
static int
parse_records_path(struct reader *r, const char *spec)
{
	char *p, *o, *q;
	int pointer;

	r->names[0] = "records";
	r->nnames = 1;
	r->path_text = spec;
	if (spec == NULL)
		return 0;
	pointer = spec[0] == '/';
	if ((r->path_buf = strdup(spec + pointer)) == NULL)
		return ts_error_set(r->err, TS_EIO, r->path, 0, 0, "out of memory");
	r->nnames = 0;
	for (p = r->path_buf;; p = q + 1) {
		q = p + strcspn(p, pointer ? "/" : ".");
		if (r->nnames == MAX_PATH)
			return ts_error_set(r->err, TS_EUSAGE, NULL, 0, 0,
			    "--records %s: more than %d names", spec, MAX_PATH);
		r->names[r->nnames++] = p;
		if (*q == '\0')
			break;
		*q = '\0';
	}
	/* JSON Pointer escapes, in place. */
	for (size_t k = 0; pointer && k < r->nnames; k++) {
		for (p = o = (char *)r->names[k]; *p; p++) {
			if (p[0] == '~' && (p[1] == '0' || p[1] == '1')) {
				*o++ = p[1] == '0' ? '~' : '/';
				p++;
			} else {
				*o++ = *p;
			}
		}
		*o = '\0';
	}
	return 0;
}

/* Sets up r for input name; the caller sets text and len. */
static int
reader_init(struct reader *r, struct ts_store *st, const char *name, int ndjson,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct ts_input_info *info;
	int idx;

	memset(r, 0, sizeof *r);
	idx = ts_store_add_input(st, name);
	if (idx < 0)
		return ts_error_set(err, TS_EIO, name, 0, 0, "out of memory");
	info = ts_store_input_info(st, (size_t)idx);
	info->format = ndjson ? "ndjson" : "json";
	info->encoding = strdup("UTF-8");
	info->delimiter = 0;
	r->info = info;
	r->input = (uint32_t)idx;
	r->diags = diags;
	r->map = ts_rowmap_new(st, (uint32_t)idx, opt, diags);
	if (r->map == NULL || info->encoding == NULL)
		return ts_error_set(err, TS_EIO, name, 0, 0, "out of memory");
	r->dec = ts_decoder_new(opt->encoding, name, err);
	if (r->dec == NULL)
		return err->code;
	r->st = st;
	r->path = name;
	r->err = err;
	r->line = 1;
	r->base_line = 1;
	r->fd = -1;
	return parse_records_path(r, opt->records);
}

static void
reader_free(struct reader *r)
{
	if (r->dec) {
		free(r->info->encoding);
		r->info->encoding = strdup(ts_decoder_name(r->dec));
	}
	ts_decoder_free(r->dec);
	free(r->col_of);
	free(r->misfit);
	free_flat(r);
	free(r->flat);
	free(r->path_buf);
	free(r->mem);
	free(r->cols);
	free(r->seen);
	free(r->nums);
	/* The duplicate checks still pending, for the rows read (also those
	 * before an error, as they are reported). */
	if (ts_rowmap_flush(r->map) != TS_OK && r->err && !r->err->code)
		ts_error_set(r->err, TS_EIO, r->path, 0, 0, "out of memory");
	ts_rowmap_free(r->map);
}

int
ts_ndjson_load_fd(struct ts_store *st, const char *name, int fd,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct reader r;
	char *raw = NULL, *buf = NULL;
	const char *out;
	size_t cap = 0, have = 0, used, out_len;
	ssize_t got;
	int rc;

	rc = reader_init(&r, st, name, 1, opt, diags, err);
	if (rc == 0 && (raw = malloc(NDJSON_BLOCK)) == NULL)
		rc = ts_error_set(err, TS_EIO, name, 0, 0, "out of memory");
	while (rc == 0) {
		got = read(fd, raw, NDJSON_BLOCK);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = ts_error_set(err, TS_EIO, name, 0, 0, "cannot read: %s",
			    strerror(errno));
			break;
		}
		rc = ts_decoder_feed(r.dec, raw, (size_t)got, got == 0, &out, &out_len, err);
		if (rc != 0)
			break;
		/* The lines not read yet, then the new text; a line longer than
		 * a block grows the buffer. */
		if (ts_grow(&buf, &cap, have + out_len + 1, 1) != 0) {
			rc = ts_error_set(err, TS_EIO, name, r.line, 0, "out of memory");
			break;
		}
		if (out_len)
			memcpy(buf + have, out, out_len);
		have += out_len;
		r.text = buf;
		r.len = have;
		rc = ndjson_lines(&r, 0, got == 0, &used);
		if (rc != 0 || got == 0)
			break;
		/* Nothing to move while one long line is still coming. */
		if (used > 0)
			memmove(buf, buf + used, have - used);
		have -= used;
	}
	if (rc == 0)
		rc = ndjson_done(&r);
	free(raw);
	free(buf);
	reader_free(&r);
	return rc;
}

int
ts_json_load_fd(struct ts_store *st, const char *name, int fd,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct reader r;
	int rc;

	rc = reader_init(&r, st, name, 0, opt, diags, err);
	if (rc == 0 && (r.raw = malloc(NDJSON_BLOCK)) == NULL)
		rc = ts_error_set(err, TS_EIO, name, 0, 0, "out of memory");
	if (rc == 0) {
		r.fd = fd;
		r.text = "";
		rc = load_json(&r, 0);
	}
	free(r.raw);
	free(r.buf);
	reader_free(&r);
	return rc;
}

int
ts_json_load_mem(struct ts_store *st, const char *name, const void *data,
    size_t len, int ndjson, const struct ts_load_options *opt,
    struct ts_diags *diags, struct ts_error *err)
{
	struct reader r;
	size_t used;
	int rc;

	rc = reader_init(&r, st, name, ndjson, opt, diags, err);
	/* One block: valid UTF-8 comes back as it is, without a copy. */
	if (rc == 0)
		rc = ts_decoder_feed(r.dec, data, len, 1, &r.text, &r.len, err);
	if (rc == 0 && ndjson) {
		rc = ndjson_lines(&r, 0, 1, &used);
		if (rc == 0)
			rc = ndjson_done(&r);
	} else if (rc == 0) {
		rc = load_json(&r, 0);
	}
	reader_free(&r);
	return rc;
}

int
ts_json_scan_members(const void *data, size_t len, int cjson,
    void (*member)(const char *key, size_t key_len, int type, const char *val,
    size_t val_len, void *arg), void *arg)
{
	static const char types[] = "sntfzoa";   /* enum vtype order */
	struct reader r;
	cJSON *tree = NULL;
	size_t i, e, k;
	int rc = 0;

	memset(&r, 0, sizeof r);
	r.text = data;
	r.len = len;
	i = skip_space(&r, 0, len);
	if (i >= len || r.text[i] != '{' || scan_object(&r, i, len, &e) != 0 ||
	    skip_space(&r, e, len) != len)
		rc = strcmp(r.bad_msg, "out of memory") == 0 ? -1 : 1;
	else if (r.escaped && has_nul_escape(&r, i, e))
		rc = 2;
	else if ((cjson || r.escaped || r.has_object) &&
	    members_by_cjson(&r, i, e, &tree) != 0)
		rc = strcmp(r.bad_msg, "out of memory") == 0 ? -1 : 1;
	for (k = 0; rc == 0 && k < r.nmem; k++) {
		int text = r.mem[k].type == V_STRING || r.mem[k].type == V_NUMBER;
		member(r.mem[k].key, r.mem[k].key_len, types[r.mem[k].type],
		    text ? r.mem[k].val : "", text ? r.mem[k].val_len : 0, arg);
	}
	cJSON_Delete(tree);
	free_flat(&r);
	free(r.flat);
	free(r.mem);
	free(r.nums);
	return rc;
}

#define TS_STR_(x) #x
#define TS_STR(x) TS_STR_(x)

const char *
ts_input_json_version(void)
{
	return TS_STR(CJSON_VERSION_MAJOR) "." TS_STR(CJSON_VERSION_MINOR) "."
	    TS_STR(CJSON_VERSION_PATCH);
}
