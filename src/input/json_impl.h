/* json_impl.h — what the JSON reader's files share: load_json.c (the
 * top level, NDJSON lines, the entry points and the records cJSON reads),
 * json_source.c (the text in blocks, lines and columns), jsonscan.c (the
 * RFC 8259 check and the members of a record read in place) and
 * json_records.c (a record's members to the row map). */
#ifndef TS_JSON_IMPL_H
#define TS_JSON_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "ts_encoding.h"
#include "ts_input.h"
#include "ts_rowmap.h"
#include "split_impl.h"

/* NDJSON and JSON files are read in blocks this large. */
#define NDJSON_BLOCK (1u << 20)

/* A JSON file read in blocks drops what it has read once this much is
 * behind the element being read. */
#define COMPACT_BYTES (1u << 20)

/* The records that start in this many bytes settle the columns. */
#define SETTLE_BYTES (1u << 20)

/* --records PATH: at most this many member names. */
#define MAX_PATH 16

/* Deeper than this is an error, as cJSON has it (CJSON_NESTING_LIMIT,
 * checked in load_json.c). */
#define TS_JSON_NESTING_LIMIT 1000

/* What a member's value is. */
enum vtype { V_STRING, V_NUMBER, V_TRUE, V_FALSE, V_NULL, V_OBJECT, V_ARRAY };

/* One member of a record, as the row map gets it: key and value text
 * (not NUL-terminated), or a nested value. */
struct ts_jsonmember {
	const char *key;
	size_t key_len;
	const char *val;        /* string: its characters; number: its text */
	size_t val_len;
	enum vtype type;
	/* The column of the record before's member at this place, when the
	 * scanner found its lead here (ts_json_scan_object()); else -1. */
	long col;
	/* Its lead: the text from the end of the value before (or the '{')
	 * to its value, read in place (NULL: read by cJSON). */
	const char *lead;
	size_t lead_len;
};

/* A member of the record before, by its place (names longer than name
 * are not kept), and its lead ("{\"year\": ", ", \"case_id\": "): records
 * of one shape are written alike, and text that is a member's lead is
 * then one compare, not a lexed string and its separators. */
struct ts_jsonkey {
	char name[48];
	size_t len;             /* 0: none */
	long col;
	char lead[48];
	size_t lead_len;        /* 0: none (the key is not plain, or long) */
	size_t lead_key;        /* where the key's '"' is in lead */
};

struct ts_json_split;

struct ts_jsonreader {
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
	size_t settled_cols;    /* columns when they were settled */

	/* Line counting moves forward only: line is the line at byte pos. */
	size_t line_pos;
	long line;
	/* A JSON file read in blocks (fd >= 0, or raw bytes in memory: in_mem
	 * not NULL): text is a window of it that starts on line base_line,
	 * col_base characters into that line. */
	int fd;
	const char *in_mem;
	size_t in_len, in_pos;
	int eof;
	char *buf;              /* the window; blocks are read onto its end */
	char *raw;              /* a block, for finding the cut */
	size_t cap;
	long base_line, col_base;
	size_t nolf;            /* NDJSON: bytes of the unread rest without LF */
	/* A file read with pread() from pos (a second half), not read();
	 * pos is the file offset of the next block either way. */
	int ranged;
	uint64_t pos;
	/* A JSON array split (json_halves.c): the first half's cut, at text
	 * byte cut_at once read (SIZE_MAX before); the second half: part
	 * set, cancel its stop. */
	/* The file bytes [from, to) this reader reads (to 0: not known),
	 * for the store's estimate of the records to come (expected: made). */
	uint64_t from, to;
	int expected;
	struct ts_json_split *split;
	uint64_t cut;           /* 0: none, or dropped unread */
	size_t cut_at;
	int part;
	_Atomic int *cancel;

	/* Key -> row map column, through the key's string id in the store,
	 * so a record costs one hash per key; -1: not declared yet. */
	struct ts_store *st;
	long *col_of;
	size_t ncol_of, col_of_cap;
	/* misfit[column]: a key first seen after the shape was settled that
	 * would change it; a record that gives it a value is rejected. */
	unsigned char *misfit;
	size_t misfit_cap;

	/* The keys of the record before, by position, with their columns:
	 * records of one shape give the same keys in the same order, and
	 * such a key costs a comparison, not a hash. */
	struct ts_jsonkey *keys;
	size_t keys_cap;

	/* The record being read. */
	struct ts_jsonmember *mem;
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
	char bad_text[160];     /* its translation, or "" (docs/i18n.md) */
};

static inline int
is_space(char c)
{
	/* Bits 9, 10, 13 and 32: tab, LF, CR and space, in one test. */
	return (unsigned char)c <= ' ' && (0x100002600ULL >> (unsigned char)c & 1);
}

static inline size_t
skip_space(const struct ts_jsonreader *r, size_t i, size_t end)
{
	while (i < end && is_space(r->text[i]))
		i++;
	return i;
}

static inline int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* json_source.c */
/* 1 when r reads its text in blocks (a file, or raw bytes in memory). */
static inline int
ts_json_in_blocks(const struct ts_jsonreader *r)
{
	return r->fd >= 0 || r->in_mem != NULL;
}

/* The line of byte pos; pos must not go back before the last call's. */
long ts_json_line_at(struct ts_jsonreader *r, size_t pos);
/* The column (in characters, from 1) of byte pos on its line. */
long ts_json_column_at(const struct ts_jsonreader *r, size_t pos);
/* Reads the next block of a file read in blocks onto the end of text:
 * 1, 0 at the end of the input, -1 with err set. */
int ts_json_more(struct ts_jsonreader *r);
/* Drops text[0, keep) when worth it; how far the text moved down. */
size_t ts_json_compact(struct ts_jsonreader *r, size_t keep);
/* Skips white space from byte i, reading on while it runs to the end. */
int ts_json_space_more(struct ts_jsonreader *r, size_t i, size_t *at);
/* Reads on until the value that starts at byte i is whole in text. */
int ts_json_need_value(struct ts_jsonreader *r, size_t i);
/* Stops the run with an error at byte pos. */
int ts_json_fail_at(struct ts_jsonreader *r, size_t pos, const char *fmt, ...)
    TS_PRINTF(3, 4);
/* Stops the run with the syntax fault ts_json_bad() noted. */
int ts_json_fail_bad(struct ts_jsonreader *r);

/* The reader of input name in st (json_source.c); the caller sets text
 * and len. */
int ts_json_reader_init(struct ts_jsonreader *r, struct ts_store *st,
    const char *name, int ndjson, const struct ts_load_options *opt,
    struct ts_diags *diags, struct ts_error *err);
void ts_json_reader_free(struct ts_jsonreader *r);
/* Frees the names of nested members (r->flat). */
void ts_json_free_flat(struct ts_jsonreader *r);

/* jsonscan.c */
/* Notes a syntax fault at byte at (the first one wins); returns -1. */
int ts_json_bad(struct ts_jsonreader *r, size_t at, const char *fmt, ...)
    TS_PRINTF(3, 4);
int ts_json_ends_inside(struct ts_jsonreader *r, size_t end);
int ts_json_unexpected(struct ts_jsonreader *r, size_t at, size_t end);
/* The string at text[i] ('"'): *stop past its closing quote. */
int ts_json_lex_string(struct ts_jsonreader *r, size_t i, size_t end, size_t *stop);
/* Checks the value at text[i] at nesting depth depth; *stop past it. */
int ts_json_check_value(struct ts_jsonreader *r, size_t i, size_t end, int depth,
    size_t *stop);
/* The object at text[i] ('{'), checked whole; its direct members in
 * r->mem, its numbers in r->nums. */
int ts_json_scan_object(struct ts_jsonreader *r, size_t i, size_t end, size_t *stop);
/* 1 when the text [pos, end) has a \u0000 escape. */
int ts_json_has_nul_escape(const struct ts_jsonreader *r, size_t pos, size_t end);

/* load_json.c: the JSON value at the top, from byte start (the array of
 * records, or the object that holds it). */
int ts_json_walk(struct ts_jsonreader *r, size_t start);
/* load_json.c: one NDJSON line [pos, end); blank lines are skipped. */
int ts_json_ndjson_line(struct ts_jsonreader *r, size_t pos, size_t end, long line);

/* json_halves.c: the second half of a split input (split_impl.h), read
 * by its own thread into a store of its own, with the columns the first
 * half settled, declared in the same order; lines count from 1 there.
 * From a file (fd >= 0, from byte start, decoded as encoding) or, NDJSON
 * only, from decoded text in memory. */
struct ts_json_part {
	const char *path;
	const struct ts_load_options *opt;
	int fd;
	uint64_t start, size;   /* size: the file's (0: not known) */
	const char *text;
	size_t len;
	char encoding[64];
	char *names;            /* the column names, one after another */
	size_t *lens, ncols;
	size_t records;
	/* JSON: the text after the records array, to the end of the file,
	 * and the line and column where it starts. */
	char *tail;
	size_t tail_len;
	long tail_line, tail_col;
	struct ts_split_half h;
};

/* The cut of a regular file fd read from its start, when it may be split
 * (its size in *size); 0 when not.  buf: a block. */
uint64_t ts_json_file_cut(int fd, const struct ts_load_options *opt, char *buf,
    uint64_t *size);
/* 1 when the first half r may be read on two threads from here: its
 * columns are settled and none came after, the table is plain, and its
 * encoding is one a cut cannot fall inside a character of. */
int ts_json_may_split(const struct ts_jsonreader *r);
/* The columns of r as pt->names and pt->lens, its encoding; 0, or -1. */
int ts_json_part_columns(struct ts_json_part *pt, const struct ts_jsonreader *r);
/* The second half's reader r (in pt->h.st), its columns declared. */
int ts_json_part_open(struct ts_json_part *pt, struct ts_jsonreader *r, int ndjson);
/* What the second half's reader r ends with (rc: how its reading ended). */
void ts_json_part_close(struct ts_json_part *pt, struct ts_jsonreader *r, int rc);
/* Merges the second half into r when nothing made it unsure (*merged
 * set); its line 1 is line base_line + 1. */
int ts_json_part_merge(struct ts_jsonreader *r, struct ts_json_part *pt, long base_line,
    int *merged);
void ts_json_part_free(struct ts_json_part *pt);
/* A JSON file r->fd read from its start: arms the split when it is large
 * enough (r->split, r->cut); walk reads the second half's elements, from
 * the start of its text to the array's ']' (*endp past it); a fault or
 * an element that is not an object: -1. */
int ts_json_split_begin(struct ts_jsonreader *r, const struct ts_load_options *opt,
    int (*walk)(struct ts_jsonreader *r, size_t *endp));
/* At the element of the records array that starts at text byte i, after
 * white space from gap (past the ',' or '['): starts the second half, or
 * takes it (*merged set: the text is then what follows the array). */
int ts_json_split_at(struct ts_jsonreader *r, size_t gap, size_t i, int *merged);
/* Stops and frees the split, if any. */
void ts_json_split_end(struct ts_jsonreader *r);

/* json_records.c */
/* The record whose members r->mem holds to the row map. */
int ts_json_feed(struct ts_jsonreader *r, size_t pos, size_t end, long line);
/* After the records in the first bytes bytes of r's range (r->from,
 * r->to): tells the store about how many more case records to expect. */
void ts_json_expect(struct ts_jsonreader *r, uint64_t bytes);
/* Rejects a record with a reason of its own (counted like any row). */
int ts_json_reject_texts(struct ts_jsonreader *r, long line, const char *msg,
    const char *text);
int ts_json_reject_record(struct ts_jsonreader *r, long line, const char *fmt, ...)
    TS_PRINTF(3, 4);
const char *ts_json_type_name(enum vtype t);
/* Keeps member m (in column col) as the record before's member k. */
void ts_json_keep_key(struct ts_jsonkey *k, const struct ts_jsonmember *m, long col);
/* The type of the (checked) value starting with c. */
enum vtype ts_json_type_of(char c);

#endif
