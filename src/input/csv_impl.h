/* csv_impl.h — what the CSV reader's files share (load_csv.c, csv_head.c).
 *
 * Rows the reader holds back from the row map: the rows above the header
 * while it is looked for, the row under it while it may be a units row,
 * and rows that may be notes below the table (docs/input.md).  Their cells
 * are copied, since libcsv's and the scanner's bytes do not outlive a
 * block.
 */
#ifndef TS_CSV_IMPL_H
#define TS_CSV_IMPL_H

#include <stddef.h>

#include "ts_rowmap.h"

/* Lines searched for the header, and the cells of each looked at. */
#define TS_CSV_HEAD_LINES 50
#define TS_CSV_HEAD_CELLS 1024

struct ts_csvrows {
	char *buf;
	size_t len, cap;
	struct ts_csvrows_cell { size_t off, len; } *cells;
	size_t ncells, cells_cap;
	struct ts_csvrows_row { size_t first, n; long line; } *rows;
	size_t nrows, rows_cap;
	size_t open;            /* cells of the row being added (not closed) */
	struct ts_cellspan *spans;      /* ts_csvrows_spans()'s */
	size_t spans_cap;
	int oom;
};

/* Adds a cell to the row being added. */
void ts_csvrows_cell(struct ts_csvrows *r, const char *s, size_t len);
/* Closes the row being added, which starts at line. */
void ts_csvrows_close(struct ts_csvrows *r, long line);
/* Forgets every row (keeps the memory). */
void ts_csvrows_clear(struct ts_csvrows *r);
void ts_csvrows_free(struct ts_csvrows *r);
/* The cells of row i as spans (valid until the next change); NULL when
 * out of memory. */
const struct ts_cellspan *ts_csvrows_spans(struct ts_csvrows *r, size_t i);

/* 1 when the cells sp[0..n) name a count or outcome field (a header). */
int ts_csvhead_is_header(const struct ts_rowmap *m, const struct ts_cellspan *sp,
    size_t n);
/* 1 when the cells under the header are units ("(personas)", "number",
 * "%"), not a record. */
int ts_csvhead_is_units(const struct ts_cellspan *sp, size_t n);
/* 1 when the row may be a note below the table rather than a record: a
 * text (not a number) first, and either a number of cells other than the
 * header's ncols, or a single cell that reads as prose ("Fuente: ...",
 * "Note: ...", "* Preliminary figures."). */
int ts_csvhead_may_be_note(const struct ts_cellspan *sp, size_t n, size_t ncols);
/* The text of a note row for a message: its cells joined by delim. */
void ts_csvhead_note_text(const struct ts_cellspan *sp, size_t n, char delim,
    char *out, size_t size);

#endif
