/* ts_input.h — reading input files into the store.
 *
 * One call reads one input (a path, or "-" for standard input), registers
 * it in the store, maps its header to fields, and adds one record per
 * accepted row.  Rejected rows become TS_DIAG_REJECT diagnostics with the
 * physical line where the record starts; the run goes on.  A file that
 * cannot be opened, read or parsed at all is an error (TS_EIO).
 */
#ifndef TS_INPUT_H
#define TS_INPUT_H

#include "ts_error.h"
#include "ts_fields.h"
#include "ts_store.h"

/* --map FIELD=COLUMN: the column (as written in the header, matched after
 * folding like the aliases) gives the field, whatever the aliases say. */
struct ts_field_map {
	enum ts_field field;
	const char *column;     /* borrowed */
};

struct ts_load_options {
	int day_first;          /* DD/MM/YYYY dates */
	const char *encoding;   /* NULL or "auto": detect (ts_encoding.h) */
	char delimiter;         /* CSV: ',', ';', '\t', '|'; 0 sniffs the header */
	struct ts_field_map maps[TS_NFIELDS];
	size_t nmaps;
	int has_today;          /* warn about dates after today */
	int32_t today;          /* days since 1970-01-01 */
};

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

/* The versions of the parsing libraries tracestat was built with
 * ("3.0.3"), for --version. */
const char *ts_input_csv_version(void);
const char *ts_input_json_version(void);

#endif
