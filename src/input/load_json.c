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
 * cells (fuzz/fuzz_jsonscan.c compares them).  The text and its lines
 * are json_source.c's, the scanner jsonscan.c, the records' members to
 * the row map json_records.c.  NDJSON is read line by
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
#include "ts_i18n.h"
#include "ts_input.h"
#include "ts_rowmap.h"
#include "json_impl.h"

_Static_assert(TS_JSON_NESTING_LIMIT == CJSON_NESTING_LIMIT,
    "the scanner nests as deep as cJSON");
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

static int
names_count(const char *key, size_t len)
{
	enum ts_field f = ts_fields_match(key, len);

	return f >= TS_F_INVESTIGATIONS && f <= TS_F_VICTIMS;
}

/* The members of cJSON object v into r->mem, those of a nested object
 * as "prefix.key" (prefix NULL at the top); *nth counts the numbers. */
static int
add_cjson_members(struct ts_jsonreader *r, const cJSON *v, const char *prefix,
    size_t pos, size_t *nth)
{
	const cJSON *m;
	struct ts_jsonmember *x;
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
				return ts_json_bad(r, pos, N_("out of memory"));
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
			return ts_json_bad(r, pos, N_("out of memory"));
		x = &r->mem[r->nmem++];
		x->key = key;
		x->key_len = klen;
		x->val = "";
		x->val_len = 0;
		x->col = -1;
		x->lead = NULL;
		x->lead_len = 0;
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

/* The members of the object [pos, stop), checked by ts_json_scan_object(), as
 * cJSON reads them: strings decoded, numbers by their text (r->nums),
 * nested objects flattened to dotted names.  *tree owns the strings.  -1
 * with a fault noted when cJSON cannot read it (a \u escape that is half
 * of a surrogate pair). */
static int
members_by_cjson(struct ts_jsonreader *r, size_t pos, size_t stop, cJSON **tree)
{
	const char *end = NULL;
	size_t nth = 0;
	cJSON *v;

	v = cJSON_ParseWithLengthOpts(r->text + pos, stop - pos, &end, 0);
	*tree = v;
	if (v == NULL) {
		size_t at = end && end >= r->text + pos && end <= r->text + stop ?
		    (size_t)(end - r->text) : pos;
		return ts_json_bad(r, at, N_("malformed JSON: a \\u escape that is half of a "
		    "surrogate pair"));
	}
	r->nmem = 0;
	ts_json_free_flat(r);
	return add_cjson_members(r, v, NULL, pos, &nth);
}

/* Reads the object at text[i] ('{', ending by end) into r->mem; *stop
 * past it.  Strings without a backslash are read in place; a record with
 * one, or with a nested object, goes to cJSON (*tree, to be deleted by
 * the caller).  -1 with the fault noted when it is not valid JSON. */
static int
take_object(struct ts_jsonreader *r, size_t i, size_t end, size_t *stop, cJSON **tree)
{
	*tree = NULL;
	if (ts_json_scan_object(r, i, end, stop) != 0)
		return -1;
	if (r->escaped ? !ts_json_has_nul_escape(r, i, *stop) : r->has_object)
		return members_by_cjson(r, i, *stop, tree);
	return 0;
}

/* One element of the records array at text[i], n counting from 1; *e
 * past it.  -1 with the fault noted when it is not valid JSON. */
static int
element(struct ts_jsonreader *r, size_t i, size_t *e, size_t n)
{
	long line = ts_json_line_at(r, i);
	cJSON *tree = NULL;
	int rc;

	if (i >= r->len)
		return ts_json_ends_inside(r, r->len);
	if (r->text[i] == '{') {
		rc = take_object(r, i, r->len, e, &tree);
		/* An object is whole once its '}' is read: the scan itself
		 * tells, and only one that fails may be cut at the end of the
		 * text read so far (once a block): read on to its end and
		 * scan it again. */
		if (rc != 0 && ts_json_in_blocks(r) && !r->eof && !r->settling) {
			cJSON_Delete(tree);
			if (ts_json_need_value(r, i) != 0)
				return r->err->code;
			rc = take_object(r, i, r->len, e, &tree);
		}
		if (rc == 0)
			rc = ts_json_feed(r, i, *e, line);
		cJSON_Delete(tree);
		return rc;
	}
	/* The second half cannot number the elements of the array. */
	if (r->part)
		return ts_json_bad(r, i, "an element that is not an object");
	if (ts_json_need_value(r, i) != 0)
		return r->err->code;
	if (ts_json_check_value(r, i, r->len, 0, e) != 0)
		return -1;
	return ts_json_reject_record(r, line, N_("element %zu of the array is %s, not an object"),
	    n, ts_json_type_name(ts_json_type_of(r->text[i])));
}

/* The elements of an array from byte from (past its '[', or where a
 * second half starts) that start before limit;
 * *endp past its ']' when it ends before.  A fault stops the run, or,
 * when settling, only the walk (-1). */
static int
walk_elements(struct ts_jsonreader *r, size_t from, size_t limit, size_t *endp)
{
	size_t i, e, n = 0, shift, gap = from;
	int rc, merged;

	if (ts_json_space_more(r, from, &i) != 0)
		return r->err->code;
	if (i < r->len && r->text[i] == ']') {
		*endp = i + 1;
		return 0;
	}
	for (;;) {
		if (i >= limit)
			return 0;
		if (r->part && *r->cancel)
			return -1;
		if (r->split && !r->settling) {
			if ((rc = ts_json_split_at(r, gap, i, &merged)) != 0)
				return rc;
			if (merged) {
				*endp = 0;
				return 0;
			}
		}
		/* A file read in blocks: only the element being read is kept. */
		shift = ts_json_compact(r, i);
		i -= shift;
		limit = limit == SIZE_MAX ? limit : limit - shift;
		rc = element(r, i, &e, ++n);
		if (rc < 0)
			return r->settling ? -1 : ts_json_fail_bad(r);
		if (rc != 0)
			return rc;
		if (!r->expected && r->records >= 1000 && r->len - e <= r->pos)
			ts_json_expect(r, r->pos - (r->len - e) - r->from);
		if (ts_json_space_more(r, e, &i) != 0)
			return r->err->code;
		if (r->settling && (i >= r->len || (r->text[i] != ']' && r->text[i] != ',')))
			return -1;
		if (i >= r->len)
			return ts_json_fail_at(r, i, N_("malformed JSON: the text ends inside the "
			    "array of records (no closing ']')"));
		if (r->text[i] == ']') {
			*endp = i + 1;
			return 0;
		}
		if (r->text[i] != ',')
			return ts_json_fail_at(r, i, N_("malformed JSON: expected ',' or ']' after "
			    "element %zu of the array"), n);
		gap = i + 1;
		if (ts_json_space_more(r, i + 1, &i) != 0)
			return r->err->code;
	}
}

/* The second half's elements (ts_json_split_begin()). */
static int
walk_part(struct ts_jsonreader *r, size_t *endp)
{
	size_t i;

	/* The cut is after white space past a ',': an element follows. */
	if (ts_json_space_more(r, 0, &i) != 0 || i >= r->len || r->text[i] != '{')
		return -1;
	return walk_elements(r, 0, SIZE_MAX, endp) != 0 ? -1 : 0;
}

/* The array of records at byte pos ('['); *endp is set past its ']'.
 * The keys of the records in its first block are declared first. */
static int
walk_array(struct ts_jsonreader *r, size_t pos, size_t *endp)
{
	size_t e;

	if (!r->settled) {
		r->settled = 1;
		/* The first block whole in text, then its keys. */
		while (r->len - pos < SETTLE_BYTES && ts_json_more(r) > 0)
			;
		if (r->err->code)
			return r->err->code;
		r->settling = 1;
		walk_elements(r, pos + 1, pos + SETTLE_BYTES, &e);
		r->settling = 0;
		if (r->err->code)
			return r->err->code;
	}
	return walk_elements(r, pos + 1, SIZE_MAX, endp);
}

/* 1 when the member name at text[i] ('"', checked, ending at stop) is
 * name. */
static int
is_name(const struct ts_jsonreader *r, size_t i, size_t stop, const char *name)
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
walk_object(struct ts_jsonreader *r, size_t pos, size_t *endp, size_t depth)
{
	const char *want = r->names[depth];
	int last = depth + 1 == r->nnames;
	char q[80];
	size_t i, e, shift;
	int found = 0, is_records;
	/* Where the object starts, for the message: the text moves on. */
	long oline = ts_json_line_at(r, pos), ocol = ts_json_column_at(r, pos);

	if (ts_json_space_more(r, pos + 1, &i) != 0)
		return r->err->code;
	if (i < r->len && r->text[i] == '}')
		goto none;
	for (;;) {
		shift = ts_json_compact(r, i);
		i -= shift;
		if (ts_json_need_value(r, i) != 0)
			return r->err->code;
		if (i >= r->len || r->text[i] != '"')
			return ts_json_fail_at(r, i, N_("malformed JSON: expected a member name in quotes"));
		if (ts_json_lex_string(r, i, r->len, &e) != 0)
			return ts_json_fail_bad(r);
		is_records = is_name(r, i, e, want);
		if (ts_json_space_more(r, e, &i) != 0)
			return r->err->code;
		if (i >= r->len || r->text[i] != ':')
			return ts_json_fail_at(r, i, N_("malformed JSON: expected ':' after a member name"));
		if (ts_json_space_more(r, i + 1, &i) != 0)
			return r->err->code;
		if (is_records) {
			ts_quote(want, strlen(want), q, sizeof q);
			if (found)
				return ts_json_fail_at(r, i, N_("a second %s member"), q);
			found = 1;
			if (last && (i >= r->len || r->text[i] != '['))
				return ts_json_fail_at(r, i, N_("%s is not an array of records"), q);
			if (!last && (i >= r->len || r->text[i] != '{'))
				return ts_json_fail_at(r, i, N_("%s is not an object (--records %s)"), q,
				    r->path_text);
			if ((last ? walk_array(r, i, &e) : walk_object(r, i, &e, depth + 1)) != 0)
				return r->err->code;
		} else {
			r->nnums = 0;
			if (ts_json_need_value(r, i) != 0)
				return r->err->code;
			if (ts_json_check_value(r, i, r->len, 1, &e) != 0)
				return ts_json_fail_bad(r);
		}
		if (ts_json_space_more(r, e, &i) != 0)
			return r->err->code;
		if (i < r->len && r->text[i] == '}')
			break;
		if (i >= r->len || r->text[i] != ',')
			return ts_json_fail_at(r, i, N_("malformed JSON: expected ',' or '}' in the "
			    "top-level object"));
		if (ts_json_space_more(r, i + 1, &i) != 0)
			return r->err->code;
	}
	*endp = i + 1;
	if (found)
		return 0;
none:
	if (r->path_text)
		return ts_error_set(r->err, TS_EIO, r->path, oline, ocol, N_("no member %s "
		    "in the %s (--records %s)"), ts_quote(want, strlen(want), q, sizeof q),
		    depth ? "object it names" : "top-level object", r->path_text);
	return ts_error_set(r->err, TS_EIO, r->path, oline, ocol, N_("the top-level object "
	    "has no \"records\" array (expected an array of records, {\"records\": "
	    "[...]}, or one object per line with --input-format ndjson)"));
}

int
ts_json_walk(struct ts_jsonreader *r, size_t start)
{
	size_t i, end;
	int rc;

	if (ts_json_space_more(r, start, &i) != 0)
		return r->err->code;
	if (i >= r->len)
		return ts_error_set(r->err, TS_EIO, r->path, 0, 0,
		    N_("no JSON value: the file is empty"));
	if (r->text[i] == '[' && r->path_text)
		return ts_json_fail_at(r, i, N_("--records %s: the top level is an array, not an "
		    "object"), r->path_text);
	if (r->text[i] == '[')
		rc = walk_array(r, i, &end);
	else if (r->text[i] == '{')
		rc = walk_object(r, i, &end, 0);
	else
		return ts_json_fail_at(r, i, N_("expected an array of records or an object with a "
		    "\"records\" array"));
	if (rc != 0)
		return rc;
	if (ts_json_space_more(r, end, &i) != 0)
		return r->err->code;
	if (i < r->len)
		return ts_json_fail_at(r, i, N_("malformed JSON: text after the end of the value "
		    "(for one object per line use --input-format ndjson)"));
	return 0;
}

/* An NDJSON line whose JSON is malformed: rejected with the fault's
 * column and message (ts_json_bad()), in English and for a person. */
static int
reject_bad_line(struct ts_jsonreader *r, long line)
{
	const char *fmt = N_("column %ld: %s");
	long col = ts_json_column_at(r, r->bad_at);
	char msg[400], text[400];

	snprintf(msg, sizeof msg, fmt, col, r->bad_msg);
	snprintf(text, sizeof text, _(fmt), col, *r->bad_text ? r->bad_text : r->bad_msg);
	return ts_json_reject_texts(r, line, msg, text);
}

/* One NDJSON line [pos, end); blank lines are skipped. */
int
ts_json_ndjson_line(struct ts_jsonreader *r, size_t pos, size_t end, long line)
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
		rc = ts_json_check_value(r, i, end, 0, &e);
	if (rc != 0)
		rc = reject_bad_line(r, line);
	else if (skip_space(r, e, end) != end)
		rc = ts_json_reject_record(r, line, N_("column %ld: malformed JSON: text after "
		    "the end of the object"), ts_json_column_at(r, skip_space(r, e, end)));
	else if (r->text[i] != '{')
		rc = ts_json_reject_record(r, line, N_("the line holds %s, not an object"),
		    ts_json_type_name(ts_json_type_of(r->text[i])));
	else
		rc = ts_json_feed(r, i, e, line);
	cJSON_Delete(tree);
	return rc;
}

int
ts_json_load_fd(struct ts_store *st, const char *name, int fd,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct ts_jsonreader r;
	int rc;

	rc = ts_json_reader_init(&r, st, name, 0, opt, diags, err);
	if (rc == 0 && (r.raw = malloc(NDJSON_BLOCK)) == NULL)
		rc = ts_error_set(err, TS_EIO, name, 0, 0, N_("out of memory"));
	if (rc == 0) {
		r.fd = fd;
		r.text = "";
		rc = ts_json_split_begin(&r, opt, walk_part);
	}
	if (rc == 0)
		rc = ts_json_walk(&r, 0);
	ts_json_split_end(&r);
	free(r.raw);
	free(r.buf);
	ts_json_reader_free(&r);
	return rc;
}

/* The keys of the members in r->mem as r->keys, the record before's
 * keys (column k for the k-th), as ts_json_feed() keeps them. */
static int
known_keys(struct ts_jsonreader *r)
{
	size_t i;

	if (r->nmem == 0)
		return 0;
	if (ts_grow(&r->keys, &r->keys_cap, r->nmem, sizeof *r->keys) != 0)
		return -1;
	memset(r->keys, 0, r->keys_cap * sizeof *r->keys);
	for (i = 0; i < r->nmem; i++)
		ts_json_keep_key(&r->keys[i], &r->mem[i], (long)i);
	return 0;
}

int
ts_json_scan_members(const void *data, size_t len, int cjson,
    void (*member)(const char *key, size_t key_len, int type, const char *val,
    size_t val_len, void *arg), void *arg)
{
	static const char types[] = "sntfzoa";   /* enum vtype order */
	struct ts_jsonreader r;
	cJSON *tree = NULL;
	size_t i, e, k;
	int rc = 0;

	memset(&r, 0, sizeof r);
	r.text = data;
	r.len = len;
	i = skip_space(&r, 0, len);
	if (i >= len || r.text[i] != '{' || ts_json_scan_object(&r, i, len, &e) != 0 ||
	    skip_space(&r, e, len) != len)
		rc = strcmp(r.bad_msg, "out of memory") == 0 ? -1 : 1;
	/* In place, read again with its keys as the record before's, as
	 * the records of one shape are read. */
	if (rc == 0 && !cjson && (rc = known_keys(&r)) == 0 &&
	    ts_json_scan_object(&r, i, len, &e) != 0)
		rc = strcmp(r.bad_msg, "out of memory") == 0 ? -1 : 1;
	/* Only an object read whole has an end e to look within. */
	else if (rc == 0 && r.escaped && ts_json_has_nul_escape(&r, i, e))
		rc = 2;
	else if (rc == 0 && (cjson || r.escaped || r.has_object) &&
	    members_by_cjson(&r, i, e, &tree) != 0)
		rc = strcmp(r.bad_msg, "out of memory") == 0 ? -1 : 1;
	for (k = 0; rc == 0 && k < r.nmem; k++) {
		int text = r.mem[k].type == V_STRING || r.mem[k].type == V_NUMBER;
		member(r.mem[k].key, r.mem[k].key_len, types[r.mem[k].type],
		    text ? r.mem[k].val : "", text ? r.mem[k].val_len : 0, arg);
	}
	cJSON_Delete(tree);
	ts_json_free_flat(&r);
	free(r.flat);
	free(r.mem);
	free(r.nums);
	free(r.keys);
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
