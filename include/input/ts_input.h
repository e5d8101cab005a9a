/* ts_input.h — reading input files into the store.
 *
 * One call reads one input (a path, or "-" for standard input), registers
 * it in the store, maps its header to fields, and adds one record per
 * accepted row.  Rejected rows become TS_DIAG_REJECT diagnostics with the
 * physical line where the record starts; the run goes on.  A file that
 * cannot be opened, read or parsed at all is an error (TS_EIO).
 *
 * ts_input_load() and ts_input_load_mem() pick the reader (CSV, JSON or
 * NDJSON) from the options, the file name and the content; the readers'
 * own entry points below are for them and for tests.
 */
#ifndef TS_INPUT_H
#define TS_INPUT_H

#include <stdint.h>

#include "ts_error.h"
#include "ts_fields.h"
#include "ts_store.h"
#include "ts_vocab.h"

/* How far a load has got, for a progress line. */
struct ts_progress {
	uint64_t bytes;         /* bytes parsed so far */
	uint64_t total_bytes;   /* the input's size; 0 when unknown (a pipe) */
	uint64_t rows;          /* line ends seen so far */
	double seconds;         /* since this input began */
	int done;               /* the last call of this input */
};

/* Input formats (--input-format). */
enum ts_input_format {
	TS_FORMAT_AUTO = 0,     /* file extension, then content */
	TS_FORMAT_CSV,
	TS_FORMAT_JSON,         /* an array of objects, or {"records": [...]} */
	TS_FORMAT_NDJSON,       /* one object per line */
};

/* --map FIELD=COLUMN: the column (as written in the header, matched after
 * folding like the aliases) gives the field, whatever the aliases say. */
struct ts_field_map {
	enum ts_field field;
	const char *column;     /* borrowed */
};

/* --measure-word WORD=FIELD: a value of a measure column (borrowed). */
struct ts_measure_word {
	const char *word;       /* word[0..len) */
	size_t len;
	enum ts_field field;
};

/* How long and wide tables are read (docs/input.md, "Long tables" and
 * "Wide tables"); all zero: detected from the header and the values. */
#define TS_MAX_MEASURE_WORDS 64
#define TS_MAX_MEASURES 16
struct ts_layout_options {
	int forced;             /* --layout given: kind is not guessed */
	int kind;               /* then: enum ts_layout_kind */
	/* --measure: a column (long), a field for every input (wide), or
	 * FILE=FIELD for one input (borrowed). */
	const char *measures[TS_MAX_MEASURES];
	size_t nmeasures;
	const char *value;      /* --value COLUMN, or NULL */
	struct ts_measure_word words[TS_MAX_MEASURE_WORDS];
	size_t nwords;
	/* The --by list as given ("sex,year"), or NULL: a breakdown column
	 * named there is used instead of its total rows. */
	const char *by;
	int fiscal_start;       /* --fiscal-start MM; 0: January */
};

struct ts_load_options {
	int day_first;          /* DD/MM/YYYY dates */
	/* Threads that may parse one input at once (0 or 1: one).  A large
	 * file is split at a line end; records, diagnostics and errors come
	 * out as from one pass (a case list whose halves share a case id is
	 * read on one thread). */
	int threads;
	uint64_t split_min;     /* least bytes a thread gets (0: 4 MiB) */
	/* Keep the text of every case id (ts_store_case_text), not only its
	 * fingerprint: for writers of the records (convert). */
	int keep_case_ids;
	/* Called from the loading thread every 0.2 s or so, and once at the
	 * end of each input; NULL: none. */
	void (*progress)(void *arg, const struct ts_progress *p);
	void *progress_arg;
	enum ts_input_format format;
	const char *encoding;   /* NULL or "auto": detect (ts_encoding.h) */
	/* JSON: the array of records in a top-level object, as a dotted
	 * path ("results.items") or a JSON Pointer ("/data"); NULL: the
	 * top level is the array, or an object's "records" member. */
	const char *records;
	char delimiter;         /* CSV: ',', ';', '\t', '|'; 0 sniffs the header */
	struct ts_field_map maps[TS_NFIELDS];
	size_t nmaps;
	int has_today;          /* warn about dates after today */
	int32_t today;          /* days since 1970-01-01 */
	struct ts_layout_options layout;
	/* Published layouts (docs/input.md). */
	long header_line;       /* --header-line: the header's line; 0 looks
	                           for it in the first 50 lines */
	int dash_zero;          /* --dash zero: "-" and "—" count 0 */
	int part_labor;         /* --part labor: "5,682 (490)" reads 490 */
	const struct ts_vocab *vocab;   /* an agency's words, or NULL */
	/* The vocabulary named by the environment could not be read: the
	 * error for the command to fail with, or NULL. */
	const struct ts_error *vocab_error;
};

/* Adds one vocabulary word (kind "alias", "outcome" or "missing"; the
 * meaning a field, an outcome, or nothing) from origin.  Returns 0, or -1
 * with the reason in why (English) and text (its translation, or ""). */
int ts_vocab_parse_word(struct ts_vocab *v, const char *kind, size_t klen,
    const char *word, size_t wlen, const char *meaning, size_t mlen,
    const char *origin, char *why, size_t why_size, char *text, size_t text_size);

/* Adds the words of the vocabulary file at path (named shown in
 * messages and origins) to v.  Returns TS_OK, or TS_EUSAGE with err set
 * (the file's line) when it cannot be read or a line is wrong. */
int ts_vocab_load(struct ts_vocab *v, const char *path, const char *shown,
    struct ts_error *err);

/* The format named name ("csv", "json", "ndjson", "auto").  Returns 0, or
 * -1 when the name is unknown. */
int ts_input_parse_format(const char *name, enum ts_input_format *out);

/* The format auto-detection picks for bytes data[0..len) named name (the
 * extension first, then the content); never TS_FORMAT_AUTO. */
enum ts_input_format ts_input_detect(const char *name, const void *data,
    size_t len);

/* Reads bytes already in memory as the input named name (for tests and
 * fuzzing; the same code path as a file). */
int ts_input_load_mem(struct ts_store *st, const char *name, const void *data,
    size_t len, const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err);

/* Reads one input into st.  Returns TS_OK, or an error code with err set
 * (the store keeps what was read before the fault). */
int ts_input_load(struct ts_store *st, const char *path,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err);

/* The readers, one per format, with the same contract as ts_input_load()
 * and ts_input_load_mem().  ts_json_load_mem() reads JSON, or NDJSON when
 * ndjson is set; ts_ndjson_load_fd() and ts_json_load_fd() stream from an
 * open file (which the caller closes). */
int ts_csv_load(struct ts_store *st, const char *path,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err);
int ts_csv_load_mem(struct ts_store *st, const char *name, const void *data,
    size_t len, const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err);
int ts_json_load_mem(struct ts_store *st, const char *name, const void *data,
    size_t len, int ndjson, const struct ts_load_options *opt,
    struct ts_diags *diags, struct ts_error *err);
int ts_ndjson_load_fd(struct ts_store *st, const char *name, int fd,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err);
/* JSON (an array of records, or an object with a "records" array) read
 * from an open file in blocks: memory for the element being read, not the
 * file; otherwise as ts_json_load_mem(). */
int ts_json_load_fd(struct ts_store *st, const char *name, int fd,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err);

/* For tests (fuzz/fuzz_csvscan.c): parses CSV data[0..len) with the
 * given delimiter as the CSV reader does, in blocks that end at the
 * offsets cuts[0..ncuts) (rising), through the reader's scanner when scan
 * is set and through libcsv alone when not, and calls field (each field's
 * bytes) and row (the line end, or -1 at the end of the data) as libcsv
 * does with CSV_STRICT and CSV_REPALL_NL.  Returns 0, libcsv's error code
 * (CSV_EPARSE...) when a block does not parse, 100 + that code when the
 * end does not, or -1 when out of memory. */
int ts_csv_scan_events(const void *data, size_t len, char delimiter,
    const size_t *cuts, size_t ncuts, int scan,
    void (*field)(void *, size_t, void *), void (*row)(int, void *), void *arg);

/* Describes how a long or wide table was read, for the report's "Read"
 * line: "long table: measure column 'Indicator', value column 'txtVALUE',
 * 24 records; total rows of Sex, Age used, 12 breakdown rows not".  ""
 * for a plain table.  Returns the length written. */
size_t ts_input_layout_describe(const struct ts_input_info *in, char *buf,
    size_t size);

/* For tests (fuzz/fuzz_jsonscan.c): reads data[0..len), which must be one
 * JSON object and white space, as the JSON reader reads a record: in place
 * when it can (cjson 0), or always through cJSON (cjson 1), and calls
 * member for each of its members in order: the key, the type ('s' string,
 * 'n' number, 't' true, 'f' false, 'z' null, 'o' object, 'a' array) and
 * the value (a string decoded, a number as written, else empty).  Returns
 * 0; 1 when the text is not one valid object; 2 when a string holds
 * \u0000 (the reader rejects the record); -1 when out of memory. */
int ts_json_scan_members(const void *data, size_t len, int cjson,
    void (*member)(const char *key, size_t key_len, int type, const char *val,
    size_t val_len, void *arg), void *arg);

/* The versions of the parsing libraries tracestat was built with
 * ("3.0.3"), for --version. */
const char *ts_input_csv_version(void);
const char *ts_input_json_version(void);

#endif
