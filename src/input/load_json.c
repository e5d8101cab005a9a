/* load_json.c — JSON and NDJSON input through cJSON.
 *
 * The only reader that includes <cJSON.h>.  cJSON builds trees without byte
 * offsets, so the top level (the array, or the object holding "records") is
 * walked here by hand and cJSON parses one element at a time: the offset of
 * each element gives the physical line where its record starts, and a
 * malformed or too deeply nested element never costs more than one element's
 * tree.  NDJSON is parsed line by line; a bad line is a rejected record, not
 * the end of the run, since every line stands on its own.
 *
 * Bytes go through the decoder (ts_encoding.h) like CSV, so JSON in
 * UTF-16 or Windows-1252 reads too, and --encoding applies.
 *
 * Values reach the row map as text, so every format reads the same: strings
 * as they are, numbers as the integer they denote or as written, true and
 * false as words, null as missing.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "ts_encoding.h"
#include "ts_input.h"
#include "ts_rowmap.h"

/* Doubles hold every integer below 2^53 exactly; from there on (2^53 + 1
 * reads as 2^53) the digits come from the source text. */
#define EXACT_LIMIT 9007199254740992.0

/* NDJSON files are read in blocks this large. */
#define NDJSON_BLOCK (1u << 20)

struct reader {
	const char *path;
	const char *text;
	size_t len;
	struct ts_rowmap *map;
	struct ts_error *err;
	struct ts_input_info *info;
	struct ts_decoder *dec;         /* bytes in any encoding to UTF-8 */
	int columns_done;
	int any;                /* NDJSON: a line that was not blank */

	/* Line counting moves forward only: line is the line at byte pos. */
	size_t line_pos;
	long line;

	/* Key -> row map column, through the key's string id in the store,
	 * so a record costs one hash per key; -1: not declared yet. */
	struct ts_store *st;
	long *col_of;
	size_t ncol_of, col_of_cap;

	/* The record being read. */
	long *cols;             /* column of each member */
	size_t cols_cap;
	uint32_t *seen;         /* seen[column] == stamp: given in this record */
	size_t seen_cap;
	uint32_t stamp;
	size_t *nums;           /* offsets of its number literals, when needed */
	size_t nnums, nums_cap;
	int nums_done;
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

/* The line of byte pos; pos must not go back before the last call's. */
static long
line_at(struct reader *r, size_t pos)
{
	const char *p = r->text + r->line_pos, *stop = r->text + pos;

	if (pos < r->line_pos) {
		r->line_pos = 0;
		r->line = 1;
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
	for (; i < pos; i++)
		if (((unsigned char)r->text[i] & 0xC0) != 0x80)
			col++;
	return col;
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

/* What went wrong in the value at byte from, which cJSON could not parse
 * at byte at: scans [from, end) for the nesting depth at the fault and
 * whether the text ends inside a string or a bracket. */
struct fault {
	long depth_at;          /* nesting depth at the fault */
	long depth_end;         /* brackets still open at end */
	int open_string;        /* a string begun before the fault never ends */
};

static void
scan_fault(const struct reader *r, size_t from, size_t at, size_t end,
    struct fault *f)
{
	long depth = 0;
	int in_string = 0;
	size_t i, string_start = 0;

	f->depth_at = -1;
	for (i = from; i < end; i++) {
		char c = r->text[i];
		if (i == at)
			f->depth_at = depth;
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
			string_start = i;
		} else if (c == '[' || c == '{') {
			depth++;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	if (f->depth_at < 0)
		f->depth_at = depth;
	f->depth_end = depth;
	f->open_string = in_string && string_start <= at;
}

/* 1 when byte at is in the last token before end (cJSON points at the
 * token that did not end well, e.g. a number cut off). */
static int
last_token(const struct reader *r, size_t at, size_t end)
{
	while (at < end && !is_space(r->text[at]) && !strchr(",:[]{}", r->text[at]))
		at++;
	return skip_space(r, at, end) == end;
}

/* Why cJSON could not parse the value at from: the message for byte at. */
static void
describe_fault(const struct reader *r, size_t from, size_t at, size_t end,
    char *buf, size_t size)
{
	struct fault f;
	char q[32];

	scan_fault(r, from, at, end, &f);
	if (f.depth_at >= CJSON_NESTING_LIMIT)
		snprintf(buf, size, "JSON nested more than %d levels deep",
		    CJSON_NESTING_LIMIT);
	else if (f.open_string)
		snprintf(buf, size, "malformed JSON: a string that is never closed");
	else if (at >= end || (f.depth_end > 0 && last_token(r, at, end)))
		/* at == end: nothing there to quote (fuzz regression). */
		snprintf(buf, size, "malformed JSON: the text ends inside a value");
	else
		snprintf(buf, size, "malformed JSON: unexpected %s",
		    ts_quote(r->text + at, 1, q, sizeof q));
}

/* Parses the value at byte pos (ending by byte end); sets *endp past it.
 * NULL with the fault's byte in *endp when it is malformed. */
static cJSON *
parse_at(const struct reader *r, size_t pos, size_t end, size_t *endp)
{
	const char *stop = NULL;
	cJSON *v;

	v = cJSON_ParseWithLengthOpts(r->text + pos, end - pos, &stop, 0);
	if (stop == NULL || stop < r->text + pos || stop > r->text + end)
		stop = v ? r->text + end : r->text + pos;
	*endp = (size_t)(stop - r->text);
	return v;
}

/* Parses the value at pos or stops the run with line and column. */
static cJSON *
parse_or_fail(struct reader *r, size_t pos, size_t *endp)
{
	char msg[128];
	cJSON *v = parse_at(r, pos, r->len, endp);

	if (v == NULL) {
		describe_fault(r, pos, *endp, r->len, msg, sizeof msg);
		fail_at(r, *endp, "%s", msg);
	}
	return v;
}

/* The row map column of a key, declaring it the first time it is seen.
 * -1 with err set on error. */
static long
key_column(struct reader *r, const char *name, long line)
{
	size_t len = strlen(name);
	uint32_t id = ts_store_intern(r->st, name, len);
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
	col = ts_rowmap_field_column(r->map, name, len);
	if (col < 0)
		col = ts_rowmap_column(r->map, name, len, line, r->err);
	if (col < 0)
		return -1;
	r->col_of[id] = col;
	return col;
}

/* Finds the number literals that are direct members of the object at
 * [pos, end), in order: cJSON keeps only their doubles. */
static int
find_numbers(struct reader *r, size_t pos, size_t end)
{
	long depth = 0;
	int in_string = 0;
	size_t i;

	r->nnums = 0;
	r->nums_done = 1;
	for (i = pos; i < end; i++) {
		char c = r->text[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			depth++;
		} else if (c == ']' || c == '}') {
			depth--;
		} else if (depth == 1 && (c == '-' || (c >= '0' && c <= '9'))) {
			if (ts_grow(&r->nums, &r->nums_cap, r->nnums + 1, sizeof *r->nums) != 0)
				return -1;
			r->nums[r->nnums++] = i;
			while (i + 1 < end && strchr("0123456789+-.eE", r->text[i + 1]) &&
			    r->text[i + 1] != '\0')
				i++;
		}
	}
	return 0;
}

/* The source text of the nth number member of the record at [pos, end). */
static const char *
number_text(struct reader *r, size_t pos, size_t end, size_t nth, size_t *len)
{
	size_t i, j;

	if (!r->nums_done && find_numbers(r, pos, end) != 0)
		return NULL;
	if (nth >= r->nnums)
		return NULL;
	i = j = r->nums[nth];
	while (j < end && r->text[j] != '\0' && strchr("0123456789+-.eE", r->text[j]))
		j++;
	*len = j - i;
	return r->text + i;
}

static int
plain_integer(const char *s, size_t len)
{
	size_t i = (len && s[0] == '-') ? 1 : 0;

	if (i == len)
		return 0;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* A number member: the integer it denotes when a double holds it exactly,
 * else its source text.  A count must be a whole number: JSON 1.500 is not
 * the CSV count "1.500" (one thousand five hundred). */
static int
number_cell(struct reader *r, size_t col, double v, size_t pos, size_t end,
    size_t nth)
{
	char buf[64], msg[200], q[80];
	const char *count = ts_rowmap_count_name(r->map, col), *s;
	size_t len = 0;

	if (isfinite(v) && v == floor(v) && fabs(v) < EXACT_LIMIT) {
		/* By hand: printf("%.0f") was a quarter of the reading time. */
		int64_t n = (int64_t)v;
		uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
		char *e = buf + sizeof buf, *b = e;
		do
			*--b = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (n < 0)
			*--b = '-';
		ts_rowmap_cell(r->map, col, b, (size_t)(e - b));
		return 0;
	}
	s = number_text(r, pos, end, nth, &len);
	if (s == NULL) {
		/* Not found in the text: cannot happen for what cJSON parsed,
		 * but the double is the best there is. */
		snprintf(buf, sizeof buf, "%.17g", v);
		s = buf;
		len = strlen(buf);
	}
	if (count == NULL || plain_integer(s, len)) {
		ts_rowmap_cell(r->map, col, s, len);
		return 0;
	}
	ts_quote(s, len, q, sizeof q);
	if (v < 0)
		snprintf(msg, sizeof msg, "field '%s': %s is not a count", count, q);
	else if (!isfinite(v) || v >= EXACT_LIMIT)
		snprintf(msg, sizeof msg, "field '%s': %s is too large for a count", count, q);
	else
		snprintf(msg, sizeof msg, "field '%s': %s is not a count (not a whole number)",
		    count, q);
	ts_rowmap_reject(r->map, msg);
	return 0;
}

static const char *
type_name(const cJSON *v)
{
	if (cJSON_IsArray(v))
		return "an array";
	if (cJSON_IsObject(v))
		return "an object";
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return "a boolean";
	return "null";
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

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ts_rowmap_begin(r->map, line);
	ts_rowmap_reject(r->map, msg);
	if (ts_rowmap_end(r->map) != TS_OK)
		return ts_error_set(r->err, TS_EIO, r->path, line, 0, "out of memory");
	return 0;
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

/* One object: declares its keys, then feeds its members as cells. */
static int
record(struct reader *r, const cJSON *obj, size_t pos, size_t end, long line)
{
	const cJSON *m;
	size_t n = 0, i, nth = 0, ncols, seen_was;
	char q[80];

	if (has_nul_escape(r, pos, end))
		return reject_record(r, line, "a string holds a NUL character (\\u0000)");

	for (m = obj->child; m; m = m->next) {
		long col = key_column(r, m->string ? m->string : "", line);
		if (col < 0)
			return r->err->code;
		if (ts_grow(&r->cols, &r->cols_cap, n + 1, sizeof *r->cols) != 0)
			return ts_error_set(r->err, TS_EIO, r->path, line, 0, "out of memory");
		r->cols[n++] = col;
	}
	if (!r->columns_done) {
		r->columns_done = 1;
		if (ts_rowmap_columns_done(r->map, line, r->err) != TS_OK)
			return r->err->code;
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
	r->nums_done = 0;
	ts_rowmap_begin(r->map, line);
	for (m = obj->child, i = 0; m; m = m->next, i++) {
		size_t col = (size_t)r->cols[i];
		if (col < r->seen_cap && r->seen[col] == r->stamp) {
			/* A key given twice: which value is meant is anyone's guess. */
			char msg[160];
			snprintf(msg, sizeof msg, "key %s repeats a field given earlier "
			    "in the record",
			    ts_quote(m->string, strlen(m->string), q, sizeof q));
			ts_rowmap_reject(r->map, msg);
			continue;
		}
		if (col < r->seen_cap)
			r->seen[col] = r->stamp;
		if (cJSON_IsString(m)) {
			ts_rowmap_cell(r->map, col, m->valuestring, strlen(m->valuestring));
		} else if (cJSON_IsNumber(m)) {
			number_cell(r, col, m->valuedouble, pos, end, nth++);
		} else if (cJSON_IsBool(m)) {
			ts_rowmap_cell(r->map, col, cJSON_IsTrue(m) ? "true" : "false",
			    cJSON_IsTrue(m) ? 4 : 5);
		} else if (cJSON_IsArray(m) || cJSON_IsObject(m)) {
			char msg[200];
			snprintf(msg, sizeof msg, "key %s holds %s; record values must be "
			    "strings, numbers, true, false or null",
			    ts_quote(m->string, strlen(m->string), q, sizeof q), type_name(m));
			ts_rowmap_reject(r->map, msg);
		}
		/* null: missing, like an empty cell. */
	}
	if (ts_rowmap_end(r->map) != TS_OK)
		return ts_error_set(r->err, TS_EIO, r->path, line, 0, "out of memory");
	return 0;
}

/* One element of the records array; n counts from 1. */
static int
element(struct reader *r, const cJSON *v, size_t pos, size_t end, size_t n)
{
	long line = line_at(r, pos);

	if (cJSON_IsObject(v))
		return record(r, v, pos, end, line);
	return reject_record(r, line, "element %zu of the array is %s, not an object",
	    n, type_name(v));
}

/* The array of records at byte pos ('['); *endp is set past its ']'. */
static int
walk_array(struct reader *r, size_t pos, size_t *endp)
{
	size_t i = skip_space(r, pos + 1, r->len), e, n = 0;
	cJSON *v;
	int rc;

	if (i < r->len && r->text[i] == ']') {
		*endp = i + 1;
		return 0;
	}
	for (;;) {
		v = parse_or_fail(r, i, &e);
		if (v == NULL)
			return r->err->code;
		rc = element(r, v, i, e, ++n);
		cJSON_Delete(v);
		if (rc != 0)
			return rc;
		i = skip_space(r, e, r->len);
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
		i = skip_space(r, i + 1, r->len);
	}
}

/* An object at the top: its "records" member is the array of records;
 * the other members are read (they must be valid) and left alone. */
static int
walk_object(struct reader *r, size_t pos, size_t *endp)
{
	size_t i = skip_space(r, pos + 1, r->len), e;
	int found = 0, is_records;
	cJSON *v;

	if (i < r->len && r->text[i] == '}')
		goto none;
	for (;;) {
		if (i >= r->len || r->text[i] != '"')
			return fail_at(r, i, "malformed JSON: expected a member name in quotes");
		v = parse_or_fail(r, i, &e);
		if (v == NULL)
			return r->err->code;
		is_records = strcmp(v->valuestring, "records") == 0;
		cJSON_Delete(v);
		i = skip_space(r, e, r->len);
		if (i >= r->len || r->text[i] != ':')
			return fail_at(r, i, "malformed JSON: expected ':' after a member name");
		i = skip_space(r, i + 1, r->len);
		if (is_records) {
			if (found)
				return fail_at(r, i, "a second \"records\" member");
			found = 1;
			if (i >= r->len || r->text[i] != '[')
				return fail_at(r, i, "\"records\" is not an array of records");
			if (walk_array(r, i, &e) != 0)
				return r->err->code;
		} else {
			v = parse_or_fail(r, i, &e);
			if (v == NULL)
				return r->err->code;
			cJSON_Delete(v);
		}
		i = skip_space(r, e, r->len);
		if (i < r->len && r->text[i] == '}')
			break;
		if (i >= r->len || r->text[i] != ',')
			return fail_at(r, i, "malformed JSON: expected ',' or '}' in the "
			    "top-level object");
		i = skip_space(r, i + 1, r->len);
	}
	*endp = i + 1;
	if (found)
		return 0;
none:
	return fail_at(r, pos, "the top-level object has no \"records\" array (expected "
	    "an array of records, {\"records\": [...]}, or one object per line "
	    "with --input-format ndjson)");
}

static int
load_json(struct reader *r, size_t start)
{
	size_t i = skip_space(r, start, r->len), end;
	int rc;

	if (i >= r->len)
		return ts_error_set(r->err, TS_EIO, r->path, 0, 0,
		    "no JSON value: the file is empty");
	if (r->text[i] == '[')
		rc = walk_array(r, i, &end);
	else if (r->text[i] == '{')
		rc = walk_object(r, i, &end);
	else
		return fail_at(r, i, "expected an array of records or an object with a "
		    "\"records\" array");
	if (rc != 0)
		return rc;
	i = skip_space(r, end, r->len);
	if (i < r->len)
		return fail_at(r, i, "malformed JSON: text after the end of the value "
		    "(for one object per line use --input-format ndjson)");
	return 0;
}

/* One NDJSON line [pos, end); blank lines are skipped. */
static int
ndjson_line(struct reader *r, size_t pos, size_t end, long line, int *any)
{
	size_t i = skip_space(r, pos, end), e;
	char msg[128];
	cJSON *v;
	int rc;

	if (i == end)
		return 0;
	*any = 1;
	v = parse_at(r, i, end, &e);
	if (v == NULL) {
		describe_fault(r, i, e, end, msg, sizeof msg);
		return reject_record(r, line, "column %ld: %s", column_at(r, e), msg);
	}
	if (skip_space(r, e, end) != end)
		rc = reject_record(r, line, "column %ld: malformed JSON: text after "
		    "the end of the object", column_at(r, skip_space(r, e, end)));
	else if (!cJSON_IsObject(v))
		rc = reject_record(r, line, "the line holds %s, not an object", type_name(v));
	else
		rc = record(r, v, i, e, line);
	cJSON_Delete(v);
	return rc;
}

/* Reads the whole lines in r->text[start, r->len), and the last one too
 * when final is set; *used is where the unread rest starts. */
static int
ndjson_lines(struct reader *r, size_t start, int final, size_t *used)
{
	size_t i = start, e;
	const char *nl;

	while (i < r->len) {
		nl = memchr(r->text + i, '\n', r->len - i);
		if (nl == NULL && !final)
			break;
		e = nl ? (size_t)(nl - r->text) : r->len;
		if (ndjson_line(r, i, e, r->line, &r->any) != 0)
			return r->err->code;
		i = nl ? e + 1 : e;
		r->line++;
	}
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
	return 0;
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

#define TS_STR_(x) #x
#define TS_STR(x) TS_STR_(x)

const char *
ts_input_json_version(void)
{
	return TS_STR(CJSON_VERSION_MAJOR) "." TS_STR(CJSON_VERSION_MINOR) "."
	    TS_STR(CJSON_VERSION_PATCH);
}
