/* csv_rows.c — the CSV reader's records: libcsv's and the scanner's
 * fields and rows to the row map (rowmap.c), with the line where each
 * record starts; the rows held back while the header is looked for, a
 * units row, notes below the table; and the loader that feeds one range
 * of an input block by block (load_csv.c runs it, on two threads when the
 * input is split).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include <csv.h>

#include "csv_impl.h"
#include "ts_encoding.h"
#include "ts_i18n.h"
#include "ts_input.h"
#include "ts_fields.h"
#include "ts_rowmap.h"

/* Newlines inside a field: CRLF counts once, a lone CR once. */
static long
count_newlines(const char *s, size_t len)
{
	long n = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			n++;
		else if (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))
			n++;
	}
	return n;
}

/* 1 when s[0..len) may hold a CR or LF: a test on eight bytes at a time
 * for any byte below 0x0E, so that the many short fields without one cost
 * almost nothing. */
static int
may_have_newline(const char *s, size_t len)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		if ((w - ones * 0x0E) & ~w & highs)
			return 1;
	}
	for (; i < len; i++)
		if ((unsigned char)s[i] < 0x0E)
			return 1;
	return 0;
}

/* A field the scanner split: it holds no line end. */
static void
take_field(void *data, size_t len, void *arg)
{
	struct ts_csvloader *ld = arg;
	const char *s = data;

	if (ld->fault)
		return;
	/* Held until the record ends: it may be the header, a units row or
	 * a note. */
	ts_csvrows_cell(&ld->held, s, len);
	ld->nfields++;
}

/* A field libcsv parsed: a quoted one may hold line ends, which move the
 * line where the next record starts. */
static void
on_field(void *data, size_t len, void *arg)
{
	struct ts_csvloader *ld = arg;

	if (ld->fault)
		return;
	if (len && may_have_newline(data, len))
		ld->row_newlines += count_newlines(data, len);
	take_field(data, len, arg);
}

/* Ends a record whose cells the row map has: the field count check. */
static void
end_fed(struct ts_csvloader *ld, size_t nfields, long line)
{
	size_t ncols = ts_rowmap_ncolumns(ld->map);

	if (nfields != ncols)
		ts_rowmap_reject(ld->map, N_("row has %zu fields, the header has %zu"),
		    nfields, ncols);
	if (ts_rowmap_end(ld->map) != TS_OK)
		ld->fault = ts_error_set(ld->err, TS_EIO, ld->path, line, 0,
		    N_("out of memory")) != 0;
}

/* Gives a held row to the row map as a record. */
static void
feed_row(struct ts_csvloader *ld, const struct ts_cellspan *sp, size_t n, long line)
{
	ts_rowmap_begin(ld->map, line);
	ts_rowmap_cells(ld->map, sp, n);
	end_fed(ld, n, line);
}

static int
held_oom(struct ts_csvloader *ld)
{
	if (!ld->held.oom)
		return 0;
	ld->fault = ts_error_set(ld->err, TS_EIO, ld->path, ld->line, 0,
	    N_("out of memory")) != 0;
	return 1;
}

/* Gives the held rows from..., in order, to the row map as records, and
 * forgets every held row. */
static void
feed_held(struct ts_csvloader *ld, size_t from)
{
	const struct ts_cellspan *sp;
	size_t i;

	for (i = from; i < ld->held.nrows && !ld->fault; i++) {
		if ((sp = ts_csvrows_spans(&ld->held, i)) == NULL) {
			ld->held.oom = 1;
			held_oom(ld);
			break;
		}
		feed_row(ld, sp, ld->held.rows[i].n, ld->held.rows[i].line);
	}
	ts_csvrows_clear(&ld->held);
}

/* The last held row, a record of the table: held on when it may be a
 * note below the table, else given to the row map after the rows held
 * before it (they were not notes). */
static void
held_record(struct ts_csvloader *ld)
{
	size_t last = ld->held.nrows - 1;
	const struct ts_cellspan *sp = ts_csvrows_spans(&ld->held, last);

	if (sp == NULL) {
		ld->held.oom = 1;
		held_oom(ld);
		return;
	}
	if (ts_csvhead_may_be_note(sp, ld->held.rows[last].n,
	    ts_rowmap_ncolumns(ld->map)))
		return;
	feed_held(ld, 0);
}

/* Says in 'tracestat check' where the header was found and which
 * columns that look like counts give no field. */
static void
header_details(struct ts_csvloader *ld, long line, size_t above)
{
	const char *name;
	char q[80];
	size_t k;
	int rc = 0;

	if (line > 1)
		rc = ts_diags_add(ld->diags, TS_DIAG_DETAIL, ld->input, line,
		    N_("header on line %ld; %zu row%s above it skipped"), line, above,
		    above == 1 ? "" : "s");
	for (k = 0; k < ts_rowmap_ncolumns(ld->map) && k < 4096 && rc == 0; k++) {
		if ((name = ts_rowmap_unused_count_like(ld->map, k)) == NULL)
			continue;
		ts_quote(name, strlen(name), q, sizeof q);
		rc = ts_diags_add(ld->diags, TS_DIAG_DETAIL, ld->input, line,
		    N_("column %zu %s looks like a count but gives no field (--map "
		    "FIELD=COLUMN reads it)"), k + 1, q);
	}
	if (rc != 0)
		ld->fault = ts_error_set(ld->err, TS_EIO, ld->path, line, 0,
		    N_("out of memory")) != 0;
}

/* Declares row i of rows as the header; the rows above it are dropped. */
static void
declare_header(struct ts_csvloader *ld, struct ts_csvrows *rows, size_t i)
{
	const struct ts_cellspan *sp = ts_csvrows_spans(rows, i);
	long line = rows->rows[i].line;
	size_t k, n = rows->rows[i].n;

	if (sp == NULL) {
		ld->held.oom = 1;
		held_oom(ld);
		return;
	}
	for (k = 0; k < n && !ld->fault; k++) {
		if (ts_rowmap_column(ld->map, sp[k].s, sp[k].n, line, ld->err) < 0)
			ld->fault = 1;
		else if (ts_rowmap_ncolumns(ld->map) != k + 1)
			/* The same header twice: each column needs its own. */
			ld->fault = ts_error_set(ld->err, TS_EIO, ld->path, line, 0,
			    N_("column %zu repeats the header of an earlier column"), k + 1) != 0;
	}
	if (!ld->fault && ts_rowmap_columns_done(ld->map, line, ld->err) != TS_OK)
		ld->fault = 1;
	if (ld->info) {
		ld->info->layout.header_line = line;
		ld->info->layout.above = (uint32_t)i;
	}
	if (!ld->fault && !ld->header_only)
		header_details(ld, line, i);
	ld->head = HEAD_UNITS;
	if (ld->header_only && !ld->fault)
		ld->fault = 1;  /* not an error: the rows are another's */
}

/* No row of the first lines names a field: the first row is taken as the
 * header (the row map then says what it lacks) and the rows after it as
 * records, each as if it came now. */
static void
header_fallback(struct ts_csvloader *ld)
{
	struct ts_csvrows old = ld->held;
	const struct ts_cellspan *sp;
	size_t k, j;

	memset(&ld->held, 0, sizeof ld->held);
	declare_header(ld, &old, 0);
	ld->head = HEAD_DONE;
	ld->header_done = 1;
	for (k = 1; k < old.nrows && !ld->fault; k++) {
		if ((sp = ts_csvrows_spans(&old, k)) == NULL) {
			ld->held.oom = 1;
			held_oom(ld);
			break;
		}
		for (j = 0; j < old.rows[k].n; j++)
			ts_csvrows_cell(&ld->held, sp[j].s, sp[j].n);
		ts_csvrows_close(&ld->held, old.rows[k].line);
		if (!held_oom(ld))
			held_record(ld);
	}
	ts_csvrows_free(&old);
}

/* 1 when a cell of the row is the column --value names (a long table's
 * header, whatever its other names). */
static int
names_layout_column(const struct ts_csvloader *ld, const struct ts_cellspan *sp, size_t n)
{
	const char *v = ld->opt ? ld->opt->layout.value : NULL;
	size_t i;

	for (i = 0; v && i < n && i < TS_CSV_HEAD_CELLS; i++)
		if (ts_fields_same(sp[i].s, sp[i].n, v, strlen(v)))
			return 1;
	return 0;
}

/* The row just held, before the header is known. */
static void
search_header(struct ts_csvloader *ld)
{
	size_t last = ld->held.nrows - 1;
	const struct ts_cellspan *sp = ts_csvrows_spans(&ld->held, last);
	long line = ld->held.rows[last].line;
	long want = ld->opt ? ld->opt->header_line : 0;

	if (sp == NULL) {
		ld->held.oom = 1;
		held_oom(ld);
		return;
	}
	if (want > 0 ? line >= want :
	    ts_csvhead_is_header(ld->map, sp, ld->held.rows[last].n) ||
	    names_layout_column(ld, sp, ld->held.rows[last].n)) {
		declare_header(ld, &ld->held, last);
		ts_csvrows_clear(&ld->held);
		return;
	}
	if (want == 0 && (line >= TS_CSV_HEAD_LINES || ld->held.len > (16u << 20)))
		header_fallback(ld);
}

/* The row just under the header: a units row is skipped. */
static void
check_units(struct ts_csvloader *ld)
{
	const struct ts_cellspan *sp = ts_csvrows_spans(&ld->held, 0);

	ld->head = HEAD_DONE;
	ld->header_done = 1;
	if (sp == NULL) {
		ld->held.oom = 1;
		held_oom(ld);
		return;
	}
	if (ts_csvhead_is_units(sp, ld->held.rows[0].n)) {
		if (ld->info)
			ld->info->layout.units_line = ld->held.rows[0].line;
		if (ts_diags_add(ld->diags, TS_DIAG_DETAIL, ld->input,
		    ld->held.rows[0].line, N_("units row under the header skipped")) != 0)
			ld->fault = ts_error_set(ld->err, TS_EIO, ld->path, 0, 0,
			    N_("out of memory")) != 0;
		ts_csvrows_clear(&ld->held);
		return;
	}
	held_record(ld);
}

static void
end_record(struct ts_csvloader *ld)
{
	if (ld->fed) {
		ld->fed = 0;
		end_fed(ld, ld->nfields, ld->line);
		return;
	}
	ts_csvrows_close(&ld->held, ld->line);
	if (held_oom(ld))
		return;
	switch (ld->head) {
	case HEAD_SEARCH:
		search_header(ld);
		break;
	case HEAD_UNITS:
		check_units(ld);
		break;
	default:
		held_record(ld);
		break;
	}
}

static void
on_row(int c, void *arg)
{
	struct ts_csvloader *ld = arg;

	if (ld->fault)
		return;
	ld->ends++;
	if (ld->nfields == 0) {
		/* A line end outside any record: a blank line, or the LF of a
		 * CRLF whose CR already ended the record. */
		if (!(c == '\n' && ld->prev_term == '\r'))
			ld->line++;
		ld->prev_term = c;
		return;
	}
	end_record(ld);
	ld->line += 1 + ld->row_newlines;
	ld->prev_term = c;
	ld->nfields = 0;
	ld->row_newlines = 0;
}

/* A record the scanner split. */
static void
take_record(const struct scan_span *sp, size_t n, int term, void *arg)
{
	struct ts_csvloader *ld = arg;
	size_t i;

	if (ld->fault)
		return;
	if (ld->header_done && n && !ts_csvhead_may_be_note(sp, n,
	    ts_rowmap_ncolumns(ld->map))) {
		/* Rows held as maybe notes were not: records before this. */
		if (ld->held.nrows)
			feed_held(ld, 0);
		/* The cells of a row set no fault: no test between them. */
		ts_rowmap_begin(ld->map, ld->line);
		ts_rowmap_cells(ld->map, sp, n);
		ld->nfields = n;
		ld->fed = 1;
	} else {
		for (i = 0; i < n; i++)
			take_field((void *)sp[i].s, sp[i].n, ld);
	}
	on_row(term, ld);
}

static void
parse_fault(struct ts_csvloader *ld, struct csv_parser *p)
{
	if (csv_error(p) == CSV_EPARSE)
		ts_error_set(ld->err, TS_EIO, ld->path, ld->line + ld->row_newlines, 0,
		    N_("malformed CSV: a quote in an unquoted field, text after a "
		    "closing quote, or a quoted field that is never closed"));
	else
		ts_error_set(ld->err, TS_EIO, ld->path, ld->line, 0, "%s",
		    csv_strerror(csv_error(p)));
	ld->fault = 1;
}


/* --- Notes below the table ------------------------------------------ */

/* Adds a note line s[0..n) (line end dropped) at line to the held rows,
 * or, when it looks like a record, lets the parse error stand. */
static void
tail_line(struct ts_csvloader *ld, const char *s, size_t n, long line)
{
	struct ts_cellspan sp[64];
	size_t nf = 0, i, from = 0;
	char d = (char)csv_get_delim(ld->sc.p);

	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	for (i = 0; i <= n && nf < 64; i++) {
		if (i == n || s[i] == d) {
			sp[nf].s = s + from;
			sp[nf++].n = i - from;
			from = i + 1;
		}
	}
	if (nf == 64 || ts_rowmap_looks_like_record(ld->map, sp, nf)) {
		/* Data after the malformed line: it was no note, nor were the
		 * rows held before it. */
		ld->held.nrows = ld->tail_first;
		ld->tail = 0;
		feed_held(ld, 0);
		ld->tail = 1;
		if (ld->fault)
			return;
		ts_error_set(ld->err, TS_EIO, ld->path, ld->err_line, 0,
		    N_("malformed CSV: a quote in an unquoted field, text after a "
		    "closing quote, or a quoted field that is never closed"));
		ld->fault = 1;
		return;
	}
	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == d); i++)
		;
	if (i == n)
		return;         /* a blank line: no row */
	ts_csvrows_cell(&ld->held, s, n);
	ts_csvrows_close(&ld->held, line);
	held_oom(ld);
}

/* The lines of s[0..len) after malformed CSV below the table. */
static void
tail_lines(struct ts_csvloader *ld, const char *s, size_t len)
{
	const char *nl;
	size_t at = 0, k;

	while (at < len && !ld->fault) {
		nl = memchr(s + at, '\n', len - at);
		k = nl ? (size_t)(nl - (s + at)) + 1 : len - at;
		if (ld->carry_len || nl == NULL) {
			if (ts_grow(&ld->carry, &ld->carry_cap, ld->carry_len + k + 1, 1) != 0) {
				ld->held.oom = 1;
				held_oom(ld);
				return;
			}
			memcpy(ld->carry + ld->carry_len, s + at, k);
			ld->carry_len += k;
			if (nl) {
				tail_line(ld, ld->carry, ld->carry_len, ld->tail_line++);
				ld->carry_len = 0;
			}
		} else {
			tail_line(ld, s + at, k, ld->tail_line++);
		}
		at += k;
	}
}

/* A parse error in s[0..len) (the block): when the header is read, the
 * malformed line and the rest of the input are read as notes below the
 * table, to be given up (the error stands) if a record follows.  Returns
 * 1 when so, 0 when the error is an error now. */
static int
enter_tail(struct ts_csvloader *ld, struct csv_parser *p, const char *s, size_t len)
{
	const char *nl;
	size_t end;

	if (!ld->header_done || csv_error(p) != CSV_EPARSE || ld->sc.fail >= len ||
	    ld->held.oom)
		return 0;
	ld->err_line = ld->line + ld->row_newlines;
	/* The cells of the malformed record so far are dropped; its line is
	 * the note. */
	ld->held.ncells -= ld->held.open;
	ld->held.open = 0;
	nl = memchr(s + ld->sc.fail, '\n', len - ld->sc.fail);
	end = nl ? (size_t)(nl - s) + 1 : len;
	ld->tail = 1;
	ld->tail_first = ld->held.nrows;
	ld->tail_line = ld->err_line + 1;
	if (nl == NULL) {
		/* The line goes on in the next block. */
		ld->tail_line = ld->err_line;
		tail_lines(ld, s + ld->sc.fail, len - ld->sc.fail);
		return 1;
	}
	tail_line(ld, s + ld->sc.fail, end - ld->sc.fail, ld->err_line);
	tail_lines(ld, s + end, len - end);
	return 1;
}

/* The rows still held at the end of the input follow the last record:
 * notes below the table (those with text listed, for 'tracestat check'). */
static void
held_notes(struct ts_csvloader *ld)
{
	const struct ts_cellspan *sp;
	char text[256], q[128];
	size_t i, k;

	for (i = 0; i < ld->held.nrows && !ld->fault; i++) {
		if ((sp = ts_csvrows_spans(&ld->held, i)) == NULL) {
			ld->held.oom = 1;
			held_oom(ld);
			return;
		}
		if (ld->info)
			ld->info->layout.below++;
		for (k = 0; k < ld->held.rows[i].n && sp[k].n == 0; k++)
			;
		if (k == ld->held.rows[i].n)
			continue;       /* an empty row */
		ts_csvhead_note_text(sp, ld->held.rows[i].n, (char)csv_get_delim(ld->sc.p),
		    text, sizeof text);
		ts_quote(text, strlen(text), q, sizeof q);
		if (ld->info)
			ld->info->layout.notes++;
		if (ts_diags_add(ld->diags, TS_DIAG_DETAIL, ld->input, ld->held.rows[i].line,
		    N_("note below the table, not a record: %s"), q) != 0)
			ld->fault = ts_error_set(ld->err, TS_EIO, ld->path, 0, 0,
			    N_("out of memory")) != 0;
	}
	ts_csvrows_clear(&ld->held);
}

/* Feeds one block to the parser. */
static void
feed(struct ts_csvloader *ld, struct csv_parser *p, const char *buf, size_t len)
{
	if (ld->first_block) {
		ld->first_block = 0;
		if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
			buf += 3;       /* a UTF-8 byte order mark */
			len -= 3;
		}
	}
	/* libcsv grows its field buffer by a fixed step (128 bytes unless
	 * told): a 20 MB field meant 160,000 reallocs, quadratic where realloc
	 * copies.  A step as large as the buffer (and the block) doubles it. */
	csv_set_blk_size(p, csv_get_buffer_size(p) > BLOCK_SIZE ?
	    csv_get_buffer_size(p) : BLOCK_SIZE);
	ld->sc.p = p;
	ld->sc.record = take_record;
	ld->sc.csv_field = on_field;
	ld->sc.row = on_row;
	ld->sc.arg = ld;
	ld->sc.stop = &ld->fault;
	if (ld->tail) {
		tail_lines(ld, buf, len);
		return;
	}
	if (ts_csv_scan_block(&ld->sc, buf, len) != 0 && !ld->fault) {
		if (!enter_tail(ld, p, buf, len))
			parse_fault(ld, p);
	}
}


void
ts_csv_report_progress(struct ts_csvshared *sh, int done)
{
	struct ts_progress p;
	struct timespec now;

	if (sh->opt == NULL || sh->opt->progress == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!done && (now.tv_sec - sh->last.tv_sec) * 1000000000L +
	    (now.tv_nsec - sh->last.tv_nsec) < 200000000L)
		return;
	sh->last = now;
	p.bytes = atomic_load(&sh->bytes);
	p.total_bytes = sh->total;
	p.rows = atomic_load(&sh->rows);
	p.seconds = (double)(now.tv_sec - sh->start.tv_sec) +
	    (double)(now.tv_nsec - sh->start.tv_nsec) / 1e9;
	p.done = done;
	sh->opt->progress(sh->opt->progress_arg, &p);
}

/* After a reader's first block: tells st how many more case rows to
 * expect, so that its duplicate table is allocated once at its size
 * rather than doubled some fourteen times (each time re-adding every case
 * id).  rows rows took bytes bytes of a range of range bytes.  The guess
 * may be far off on odd input (short rows first, long ones after), so
 * it is made only from a thousand rows or more, and limited to a row per
 * 32 bytes (a table of at most a fifth of the range's bytes) and to 40
 * million ids (about 256 MB of table): beyond, the table grows as
 * usual.  At 10 million (the limit before) each half of a 30M-row file
 * outgrew its table once, and rebuilding it cost a fifth of the run. */
void
ts_csv_expect_rows(struct ts_store *st, const struct ts_csvloader *ld, unsigned long rows,
    uint64_t bytes, uint64_t range)
{
	const double most = 40e6;       /* 2^22 buckets of 64 bytes */
	double est;

	if (ld->fault || rows < 1000 || bytes == 0 || range <= bytes ||
	    !ts_rowmap_has_case_ids(ld->map))
		return;
	est = (double)range / (double)bytes * (double)rows;
	if (est > (double)range / 32)
		est = (double)range / 32;
	if (est > most)
		est = most;
	if (est > (double)rows)
		ts_store_case_expect(st, (size_t)(est - (double)rows));
}

/* Sets up a loader that adds rows of input idx to st, and the decoding
 * source d over reader r (encoding NULL: detect; delimiter 0: sniff). */
int
ts_csv_loader_init(struct ts_csvloader *ld, struct csv_parser *p, struct ts_csvdecoded *d,
    struct ts_csvreader *r, struct ts_store *st, int idx, const char *path,
    const struct ts_load_options *opt, const char *encoding, char delimiter,
    struct ts_diags *diags, struct ts_error *err)
{
	memset(ld, 0, sizeof *ld);
	memset(d, 0, sizeof *d);
	ld->map = ts_rowmap_new(st, (uint32_t)idx, opt, diags);
	if (ld->map == NULL || csv_init(p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0) {
		ts_rowmap_free(ld->map);
		return ts_error_set(err, TS_EIO, path, 0, 0, N_("out of memory"));
	}
	/* libcsv grows a field's buffer by this much at a time (128 bytes by
	 * default): a 20 MB field would cost 150,000 reallocations. */
	csv_set_blk_size(p, 1u << 20);
	d->dec = ts_decoder_new(encoding, path, err);
	if (d->dec == NULL) {
		csv_free(p);
		ts_rowmap_free(ld->map);
		return err->code;
	}
	d->r = r;
	d->p = p;
	d->info = ts_store_input_info(st, (size_t)idx);
	d->delimiter = delimiter;
	ld->path = path;
	ld->err = err;
	ld->opt = opt;
	ld->info = ts_store_input_info(st, (size_t)idx);
	ld->diags = diags;
	ld->input = (uint32_t)idx;
	ld->line = 1;
	ld->first_block = 1;
	return TS_OK;
}

void
ts_csv_loader_free(struct ts_csvloader *ld, struct csv_parser *p, struct ts_csvdecoded *d)
{
	ts_decoder_free(d->dec);
	csv_free(p);
	ts_rowmap_free(ld->map);
	ts_csvrows_free(&ld->held);
	free(ld->carry);
}

/* Feeds decoded blocks to ld until its reader's range ends or it faults;
 * at most max_blocks of them (0: no limit). */
void
ts_csv_feed_range(struct ts_csvloader *ld, struct csv_parser *p, struct ts_csvdecoded *d,
    struct ts_csvshared *sh, int main_thread, int max_blocks)
{
	const char *buf;
	unsigned long rows0;
	long got;
	int n = 0;

	while (!ld->fault && (got = ts_csv_next_decoded(d, &buf, ld->err)) > 0) {
		rows0 = ld->ends;
		feed(ld, p, buf, (size_t)got);
		if (sh) {
			atomic_fetch_add(&sh->bytes, (uint64_t)got);
			atomic_fetch_add(&sh->rows, ld->ends - rows0);
			if (main_thread)
				ts_csv_report_progress(sh, 0);
		}
		if (max_blocks && ++n == max_blocks)
			break;
	}
	if (ld->err->code)
		ld->fault = 1;
}

/* The end of an input: the last row without a line end, and the header
 * check. */
void
ts_csv_loader_finish(struct ts_csvloader *ld, struct csv_parser *p)
{
	if (ld->tail) {
		if (!ld->fault && ld->carry_len)
			tail_line(ld, ld->carry, ld->carry_len, ld->tail_line++);
		ld->carry_len = 0;
	} else if (!ld->fault && csv_fini(p, on_field, on_row, ld) != 0 && !ld->fault) {
		parse_fault(ld, p);
	}
	/* A header looked for to the end: the first row it is; a units row
	 * looked for: none. */
	if (!ld->fault && ld->head == HEAD_SEARCH && ld->held.nrows) {
		if (ld->opt && ld->opt->header_line > 0) {
			ts_error_set(ld->err, TS_EIO, ld->path, 0, 0,
			    N_("--header-line %ld: the input has no record that starts "
			    "there"), ld->opt->header_line);
			ld->fault = 1;
		} else {
			header_fallback(ld);
		}
	}
	if (!ld->fault && ld->head == HEAD_UNITS && ld->held.nrows)
		check_units(ld);
	if (!ld->fault && ld->head == HEAD_UNITS) {
		ld->head = HEAD_DONE;
		ld->header_done = 1;
	}
	if (!ld->fault)
		held_notes(ld);
	/* Even after a fault: the rows read before it are reported. */
	if (ts_rowmap_flush(ld->map) != TS_OK && !ld->err->code) {
		ts_error_set(ld->err, TS_EIO, ld->path, 0, 0, N_("out of memory"));
		ld->fault = 1;
	}
	if (!ld->fault && !ld->header_done)
		ts_error_set(ld->err, TS_EIO, ld->path, 0, 0, N_("no header row: the file is empty"));
}
