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
#include "ts_store.h"

struct ts_load_options {
	int day_first;          /* DD/MM/YYYY dates */
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
