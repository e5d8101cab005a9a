/* layout_impl.h — long and wide tables reshaped into records, for rowmap.c.
 *
 * A long table gives one value a row, with a column naming what it counts
 * (UNODC's Indicator, Eurostat's leg_stat); a wide table gives several
 * values a row, one under each period header (2012, 2013, ... or Enero ..
 * Diciembre).  The row map reads every other cell as usual (periods,
 * dimensions, source); the layout reads the cells of the columns it has a
 * role for and, at the end of each row, adds its values to the store:
 * rows that share every other key (the key: the period and every
 * dimension) become one record with several counts, which keeps the line
 * of its first row.  docs/input.md, "Long tables" and "Wide tables", is
 * the contract.
 */
#ifndef TS_LAYOUT_IMPL_H
#define TS_LAYOUT_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "ts_error.h"
#include "ts_fields.h"
#include "ts_input.h"
#include "ts_store.h"

struct ts_layout;

/* What a column is to the layout. */
enum ts_layout_role {
	TS_ROLE_NONE,           /* an ordinary column: the row map reads it */
	TS_ROLE_MEASURE,        /* names the count its row's value gives */
	TS_ROLE_VALUE,          /* the value of a long table's row */
	TS_ROLE_FLAG,           /* a flag for that value (OBS_FLAG) */
	TS_ROLE_IGNORED,        /* read by no one, and not part of the key */
	TS_ROLE_PERIOD,         /* a wide table's period header */
	TS_ROLE_PACKED,         /* Eurostat TSV's "a,b,c\TIME_PERIOD" */
	TS_ROLE_ROW_TOTAL,      /* a wide table's "Total" column: the sum of
	                           its periods, read by no one */
};

/* A layout for input number `input` of st, with the options of opt and
 * the diagnostics list diags (borrowed).  NULL when out of memory. */
struct ts_layout *ts_layout_new(struct ts_store *st, uint32_t input,
    const struct ts_load_options *opt, struct ts_diags *diags);
void ts_layout_free(struct ts_layout *l);

/* Column `index` (declared in order) named name[0..len), which the
 * aliases read as field: the role its header would give it in a long or
 * wide table.  A column given a role other than NONE should get no
 * dimension until ts_layout_decide() says the table is plain.  Returns
 * the role, or -1 when out of memory. */
int ts_layout_column(struct ts_layout *l, size_t index, const char *name,
    size_t len, enum ts_field field);

/* The header is complete (has_count: some column gives a count;
 * has_outcome: an outcome column): decides whether the table is long,
 * wide or plain, and adds the notes that say so.  Returns the kind (enum
 * ts_layout_kind), or -1 with err set (a wide table without a measure, a
 * --layout the header cannot have, out of memory). */
int ts_layout_decide(struct ts_layout *l, int has_count, int has_outcome,
    long line, struct ts_error *err);

/* The role of column i once decided. */
enum ts_layout_role ts_layout_role(const struct ts_layout *l, size_t i);

/* A new row; one of its cells, in a column with a role. */
void ts_layout_begin(struct ts_layout *l);
void ts_layout_cell(struct ts_layout *l, size_t column, const char *s,
    size_t len);

/* The end of a row whose other cells gave row (period, source, input,
 * line; counts unused) and dims (ts_store_ndims() entries, which the
 * layout may change).  Adds or combines its records.  Returns 0, 1 when
 * the row is rejected (msg[0..size) says why; nothing was added), or -1
 * when out of memory.  A wide row whose key a record has already keeps
 * that record's figures, with one warning for the row. */
int ts_layout_end(struct ts_layout *l, struct ts_row *row, uint32_t *dims,
    char *msg, size_t size);

/* The input ended: the counts of rows set aside, into the input's
 * layout info and a note.  Once; returns 0, or -1 when out of memory. */
int ts_layout_finish(struct ts_layout *l);

/* What a header cell says of a long or wide table, before any layout is
 * decided (the header search of csv_head.c): TS_ROLE_VALUE or
 * TS_ROLE_MEASURE for a long table's columns, TS_ROLE_PACKED for
 * Eurostat's packed key, TS_ROLE_PERIOD for a period as a header (2014,
 * Enero, FY2016), else TS_ROLE_NONE. */
int ts_layout_header_word(const char *name, size_t len);

#endif
