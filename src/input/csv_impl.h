/* csv_impl.h — what the CSV reader's files share (load_csv.c, csv_rows.c,
 * csv_scan.c, csv_source.c, csv_head.c).
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
#include <stdint.h>
#include <time.h>

#include <csv.h>

#include "ts_input.h"
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

/* --- The loader (csv_rows.c, load_csv.c) ----------------------------- */

#define BLOCK_SIZE (1u << 20)

/* A field the scanner split: bytes of the block. */
#define scan_span ts_cellspan

/* The scanner's state across blocks (see ts_csv_scan_block()). */
struct ts_csvscan {
	struct csv_parser *p;
	/* A record the scanner split: its fields (never a line end inside,
	 * none for a blank line) and the line end; what libcsv would report
	 * through csv_field and row. */
	void (*record)(const struct scan_span *sp, size_t n, int term, void *arg);
	/* What libcsv parses: a field, a row end (its callback types). */
	void (*csv_field)(void *, size_t, void *);
	void (*row)(int, void *);
	void *arg;
	const int *stop;        /* nonzero: the consumer wants no more */
	size_t fail;            /* after a parse error: where the line libcsv
	                           failed on starts, or SIZE_MAX */
	int in_csv;             /* libcsv holds the start of an unended record */
	unsigned long csv_rows; /* rows libcsv has ended */
};

struct ts_csvloader {
	const char *path;
	struct ts_rowmap *map;
	struct ts_error *err;
	int fault;              /* stop feeding: err is set */

	long line;              /* physical line where the next record starts */
	int prev_term;          /* the last row terminator seen */
	int header_done;        /* the header is declared and the units row
	                           decided: rows go to the row map */
	int head;               /* enum head_state */
	/* Rows held back from the row map (csv_impl.h): above the header,
	 * under it, or maybe notes below the table. */
	struct ts_csvrows held;
	struct ts_diags *diags;
	uint32_t input;
	int fed;                /* the current record went to the row map */
	const struct ts_load_options *opt;
	struct ts_input_info *info;
	/* After malformed CSV below the last record: the rest is read as
	 * lines of notes, unless one looks like a record (then the error
	 * stands). */
	int tail;
	size_t tail_first;      /* held rows before the malformed line */
	long tail_line;         /* the line of the next tail line */
	long err_line;          /* the parse error's line */
	char *carry;            /* a tail line cut by a block end */
	size_t carry_len, carry_cap;

	size_t nfields;         /* cells of the current record so far */
	long row_newlines;      /* newlines inside its quoted cells */
	int first_block;
	int header_only;        /* stop quietly once the header is read */
	unsigned long ends;     /* line ends seen outside quoted fields */
	struct ts_csvscan sc;
};

enum head_state { HEAD_SEARCH, HEAD_UNITS, HEAD_DONE };


/* Where the bytes come from: a file read with pread() (so that two threads
 * can read two ranges of it at once), a stream read with read(), or memory.
 * Files are read in large blocks rather than mapped: mapped pages would
 * count in the process's resident memory. */
struct ts_csvsource {
	const char *path;
	int fd;                 /* -1 for memory */
	int seekable;           /* fd is a regular file: pread() works */
	const char *mem;
	uint64_t size;          /* seekable or memory: total bytes */
	/* A stream's first bytes, already read by the format check
	 * (input.c): handed out before the stream's own. */
	const char *head;
	size_t head_len;
};

struct ts_csvreader {
	const struct ts_csvsource *src;
	uint64_t pos, end;      /* the range still to hand out */
	char *buf;
};

struct ts_csvdecoded {
	struct ts_csvreader *r;
	struct ts_decoder *dec;
	struct csv_parser *p;
	struct ts_input_info *info;
	char delimiter;         /* 0: sniff */
	int eof, started;
};

/* Progress shared by the threads of one load. */
struct ts_csvshared {
	const struct ts_load_options *opt;
	_Atomic uint64_t bytes;
	_Atomic uint64_t rows;
	uint64_t total;         /* 0 when unknown (a stream) */
	struct timespec start, last;
};

/* csv_scan.c: parses the next block s[0..len) of the input: 0, or -1 on
 * a parse error.  Stops early when *sc->stop is set. */
int ts_csv_scan_block(struct ts_csvscan *sc, const char *s, size_t len);
/* The spaces libcsv may trim when tab is the delimiter (csv_set_space_func). */
int ts_csv_is_space(unsigned char c);

/* csv_source.c: the next decoded block of d into *buf: its length, 0 at
 * the end of the reader's range, or -1 with err set. */
long ts_csv_next_decoded(struct ts_csvdecoded *d, const char **buf,
    struct ts_error *err);

/* csv_rows.c: the progress line (done: the last one). */
void ts_csv_report_progress(struct ts_csvshared *sh, int done);
/* After a reader's first block: tells st how many more case rows to
 * expect (see csv_rows.c). */
void ts_csv_expect_rows(struct ts_store *st, const struct ts_csvloader *ld,
    unsigned long rows, uint64_t bytes, uint64_t range);
/* Sets up a loader that adds rows of input idx to st, and the decoding
 * source d over reader r (encoding NULL: detect; delimiter 0: sniff). */
int ts_csv_loader_init(struct ts_csvloader *ld, struct csv_parser *p,
    struct ts_csvdecoded *d, struct ts_csvreader *r, struct ts_store *st,
    int idx, const char *path, const struct ts_load_options *opt,
    const char *encoding, char delimiter, struct ts_diags *diags,
    struct ts_error *err);
void ts_csv_loader_free(struct ts_csvloader *ld, struct csv_parser *p,
    struct ts_csvdecoded *d);
/* Feeds decoded blocks to ld until its reader's range ends or it faults;
 * at most max_blocks of them (0: no limit). */
void ts_csv_feed_range(struct ts_csvloader *ld, struct csv_parser *p,
    struct ts_csvdecoded *d, struct ts_csvshared *sh, int main_thread,
    int max_blocks);
/* The end of an input: the last row without a line end, and the header
 * check. */
void ts_csv_loader_finish(struct ts_csvloader *ld, struct csv_parser *p);

#endif
