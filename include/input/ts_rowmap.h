/* ts_rowmap.h — from named cells to records, for every input format.
 *
 * A reader (CSV, JSON, ...) declares the columns it has, then feeds each
 * record cell by cell; the row map matches column names to fields, parses
 * each cell (counts, periods, outcome words, strings), and at the end of the
 * record adds it to the store or rejects it with a diagnostic naming the
 * field and the value.  It is the one place that knows what a cell means,
 * so every format behaves the same: --map entries (opt->maps) over the
 * aliases, case lists (an outcome column: one record per row with counts
 * from the outcome word, case id and closed date kept in the store), and
 * the consistency warnings (TS_DIAG_WARNING, the row is kept).
 */
#ifndef TS_ROWMAP_H
#define TS_ROWMAP_H

#include <stddef.h>

#include "ts_error.h"
#include "ts_input.h"
#include "ts_store.h"

struct ts_rowmap;

/* A cell as a reader split it: bytes it owns, not NUL-terminated. */
struct ts_cellspan {
	const char *s;
	size_t n;
};

/* A row map that adds records of input number `input` to st.  Borrows st,
 * opt and diags for its lifetime.  NULL when out of memory. */
struct ts_rowmap *ts_rowmap_new(struct ts_store *st, uint32_t input,
    const struct ts_load_options *opt, struct ts_diags *diags);
void ts_rowmap_free(struct ts_rowmap *m);

/* Declares a column named name[0..len) and returns its index (0, 1, ...),
 * or returns the index it already has when a column of that exact name was
 * declared before (a hash lookup: any number of columns).  Columns that
 * match no field become store dimensions, the first 1024 of them.  A second column giving the same canonical field is an
 * error (TS_EIO, "columns 2 and 5 both give field 'convictions'").
 * Returns -1 with err set on error. */
long ts_rowmap_column(struct ts_rowmap *m, const char *name, size_t len,
    long line, struct ts_error *err);

/* Ends the declarations: checks that the columns make a known shape (an
 * outcome column: case list; else count columns: counts table; both, or
 * neither, is TS_EIO) and sets the input's shape.  Warns about --map
 * columns this header lacks.  Returns 0, or TS_EIO with err set. */
int ts_rowmap_columns_done(struct ts_rowmap *m, long line, struct ts_error *err);

/* After every input of st is read: a --map entry whose column no input
 * has is a usage error (TS_EUSAGE, err set) naming the closest header
 * ("did you mean ..."); inputs that lack it only were warned about.
 * Returns TS_OK otherwise. */
int ts_rowmap_check_maps(const struct ts_store *st,
    const struct ts_load_options *opt, struct ts_error *err);

/* The number of columns declared. */
size_t ts_rowmap_ncolumns(const struct ts_rowmap *m);

/* The canonical name of the count a column gives ("convictions"), or NULL
 * when it is not a count column.  For readers whose cells are typed (JSON
 * numbers), which must check those values themselves. */
const char *ts_rowmap_count_name(const struct ts_rowmap *m, size_t column);
/* The name of a column as declared (ts_rowmap_column), its length in
 * *len; NULL when there is no such column. */
const char *ts_rowmap_column_name(const struct ts_rowmap *m, size_t column,
    size_t *len);

/* The column already declared that gives the field name[0..len) gives
 * (after --map and the aliases), or -1 when none does or name gives no
 * field.  For readers whose records may spell a header differently. */
long ts_rowmap_field_column(const struct ts_rowmap *m, const char *name,
    size_t len);

/* The field a header cell names, as ts_rowmap_column() would map it
 * (--map, the vocabulary, the aliases; line breaks read as spaces and
 * footnote marks ignored), without declaring it.  For a reader looking
 * for the header among title lines. */
enum ts_field ts_rowmap_header_field(const struct ts_rowmap *m, const char *name,
    size_t len);

/* 1 when the cells sp[0..n) look like a record of the declared columns:
 * as many cells, and a count cell that reads as a count (or an outcome
 * word in a case list).  For a reader deciding whether malformed text
 * after the last record is notes. */
int ts_rowmap_looks_like_record(const struct ts_rowmap *m,
    const struct ts_cellspan *sp, size_t n);

/* The header of column when it gives no field but its name looks like a
 * count ("Víctimas rescatadas", "Number of arrests"), or NULL: for
 * 'tracestat check' to say which columns were left unused. */
const char *ts_rowmap_unused_count_like(const struct ts_rowmap *m,
    size_t column);

/* Starts a record whose first line is `line`. */
void ts_rowmap_begin(struct ts_rowmap *m, long line);

/* One cell of the current record; s need not be NUL-terminated and is
 * not kept. */
void ts_rowmap_cell(struct ts_rowmap *m, size_t column, const char *s, size_t len);

/* ts_rowmap_cell() for cells 0..n-1 of a record, sp[k] in column k. */
void ts_rowmap_cells(struct ts_rowmap *m, const struct ts_cellspan *sp, size_t n);
/* Drops the spaces and tabs around the cell *s[0..*len), as the row map
 * reads cells (the readers' own checks of a cell read it so too). */
void ts_rowmap_trim(const char **s, size_t *len);

/* Rejects the current record with a message of its own (the reader's
 * reason, e.g. a wrong number of fields), a format marked N_() so that it
 * is translated (docs/i18n.md).  Later cells are ignored. */
void ts_rowmap_reject(struct ts_rowmap *m, const char *fmt, ...)
    TS_PRINTF(2, 3);
/* As ts_rowmap_reject(), of a message made already: its English and its
 * text for a person (ts_format_texts()). */
void ts_rowmap_reject_texts(struct ts_rowmap *m, const char *message,
    const char *text);

/* Rejects one count cell of the current record with a message (the
 * record keeps its other values, docs/input.md): counted in the input's
 * rejected cells. */
void ts_rowmap_reject_cell(struct ts_rowmap *m, const char *fmt, ...)
    TS_PRINTF(2, 3);

/* Ends the record: adds it to the store unless it was rejected, and counts
 * it in the input's rows and rejected.  Returns 0, or TS_EIO when out of
 * memory. */
int ts_rowmap_end(struct ts_rowmap *m);

/* Runs the duplicate checks still pending (they trail the rows by a few,
 * see rowmap.c): call it when the input ends, and before anything reads
 * the store's table of case ids.  Returns TS_OK, or TS_EIO when out of
 * memory. */
int ts_rowmap_flush(struct ts_rowmap *m);

/* 1 when the input must be read in one pass, on one thread: a long or
 * wide table, whose rows combine with any earlier row of the same key. */
int ts_rowmap_one_pass(const struct ts_rowmap *m);

/* 1 when a case_id column was declared: the records are then checked for
 * duplicates in order. */
int ts_rowmap_has_case_ids(const struct ts_rowmap *m);

/* The duplicate case ids a later part of a split input (read by its own
 * thread into a store of its own, its lines counted from the part's
 * start) finds among its own records: each is warned about as in one
 * pass, and noted so that the merge can give the first case's line in the
 * whole input.  Ids the part shares with the records before it are the
 * reader's to find (ts_store_case_overlap()). */
struct ts_case_dup {
	size_t diag;            /* the warning: the part's diagnostic index */
	size_t first;           /* the first case: the part's record index */
};

struct ts_case_dups {
	struct ts_case_dup *items;      /* owned by the caller (free()) */
	size_t count, cap;
};

/* Notes m's duplicate warnings in dups (borrowed for m's lifetime). */
void ts_rowmap_note_duplicates(struct ts_rowmap *m, struct ts_case_dups *dups);

/* Adds the diagnostics of such a part to out, in order, as diagnostics
 * of input `input`, their lines moved on by base_line (the part's line 1
 * is the input's line base_line + 1); the part's records are st's
 * records from..., and each duplicate warning noted in dups gets the line
 * its first case has there.  Returns 0, or TS_EIO when out of memory. */
int ts_rowmap_move_diags(struct ts_diags *out, const struct ts_diags *part,
    const struct ts_case_dups *dups, const struct ts_store *st, size_t from,
    uint32_t input, long base_line);

#endif
