/* load_csv.c — CSV input through libcsv.
 *
 * The only file that includes <csv.h>.  It splits bytes into records and
 * cells and hands them to the row map (rowmap.c), which knows what they
 * mean.  libcsv counts no lines, so the parser runs with CSV_REPALL_NL:
 * every line end outside a record is reported as an empty row, and the
 * newlines inside quoted fields are counted from the field text.  Together
 * they give the physical line where each record starts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include <csv.h>

#include "csv_impl.h"
#include "ts_encoding.h"
#include "ts_input.h"
#include "ts_fields.h"
#include "ts_rowmap.h"
#include "input_impl.h"

#define BLOCK_SIZE (1u << 20)

/* A field the scanner split: bytes of the block. */
#define scan_span ts_cellspan

/* The scanner's state across blocks (see scan_block()). */
struct scan {
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

struct loader {
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
	struct scan sc;
};

enum head_state { HEAD_SEARCH, HEAD_UNITS, HEAD_DONE };

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
	struct loader *ld = arg;
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
	struct loader *ld = arg;

	if (ld->fault)
		return;
	if (len && may_have_newline(data, len))
		ld->row_newlines += count_newlines(data, len);
	take_field(data, len, arg);
}

/* Ends a record whose cells the row map has: the field count check. */
static void
end_fed(struct loader *ld, size_t nfields, long line)
{
	char msg[96];
	size_t ncols = ts_rowmap_ncolumns(ld->map);

	if (nfields != ncols) {
		snprintf(msg, sizeof msg, "row has %zu fields, the header has %zu",
		    nfields, ncols);
		ts_rowmap_reject(ld->map, msg);
	}
	if (ts_rowmap_end(ld->map) != TS_OK)
		ld->fault = ts_error_set(ld->err, TS_EIO, ld->path, line, 0,
		    "out of memory") != 0;
}

/* Gives a held row to the row map as a record. */
static void
feed_row(struct loader *ld, const struct ts_cellspan *sp, size_t n, long line)
{
	size_t i;

	ts_rowmap_begin(ld->map, line);
	for (i = 0; i < n; i++)
		ts_rowmap_cell(ld->map, i, sp[i].s, sp[i].n);
	end_fed(ld, n, line);
}

static int
held_oom(struct loader *ld)
{
	if (!ld->held.oom)
		return 0;
	ld->fault = ts_error_set(ld->err, TS_EIO, ld->path, ld->line, 0,
	    "out of memory") != 0;
	return 1;
}

/* Gives the held rows from..., in order, to the row map as records, and
 * forgets every held row. */
static void
feed_held(struct loader *ld, size_t from)
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
held_record(struct loader *ld)
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
header_details(struct loader *ld, long line, size_t above)
{
	const char *name;
	char q[80];
	size_t k;
	int rc = 0;

	if (line > 1)
		rc = ts_diags_add(ld->diags, TS_DIAG_DETAIL, ld->input, line,
		    "header on line %ld; %zu row%s above it skipped", line, above,
		    above == 1 ? "" : "s");
	for (k = 0; k < ts_rowmap_ncolumns(ld->map) && k < 4096 && rc == 0; k++) {
		if ((name = ts_rowmap_unused_count_like(ld->map, k)) == NULL)
			continue;
		ts_quote(name, strlen(name), q, sizeof q);
		rc = ts_diags_add(ld->diags, TS_DIAG_DETAIL, ld->input, line,
		    "column %zu %s looks like a count but gives no field (--map "
		    "FIELD=COLUMN reads it)", k + 1, q);
	}
	if (rc != 0)
		ld->fault = ts_error_set(ld->err, TS_EIO, ld->path, line, 0,
		    "out of memory") != 0;
}

/* Declares row i of rows as the header; the rows above it are dropped. */
static void
declare_header(struct loader *ld, struct ts_csvrows *rows, size_t i)
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
			    "column %zu repeats the header of an earlier column", k + 1) != 0;
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
header_fallback(struct loader *ld)
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
names_layout_column(const struct loader *ld, const struct ts_cellspan *sp, size_t n)
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
search_header(struct loader *ld)
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
check_units(struct loader *ld)
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
		    ld->held.rows[0].line, "units row under the header skipped") != 0)
			ld->fault = ts_error_set(ld->err, TS_EIO, ld->path, 0, 0,
			    "out of memory") != 0;
		ts_csvrows_clear(&ld->held);
		return;
	}
	held_record(ld);
}

static void
end_record(struct loader *ld)
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
	struct loader *ld = arg;

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
	struct loader *ld = arg;
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
		for (i = 0; i < n; i++)
			ts_rowmap_cell(ld->map, i, sp[i].s, sp[i].n);
		ld->nfields = n;
		ld->fed = 1;
	} else {
		for (i = 0; i < n; i++)
			take_field((void *)sp[i].s, sp[i].n, ld);
	}
	on_row(term, ld);
}

static void
parse_fault(struct loader *ld, struct csv_parser *p)
{
	if (csv_error(p) == CSV_EPARSE)
		ts_error_set(ld->err, TS_EIO, ld->path, ld->line + ld->row_newlines, 0,
		    "malformed CSV: a quote in an unquoted field, text after a "
		    "closing quote, or a quoted field that is never closed");
	else
		ts_error_set(ld->err, TS_EIO, ld->path, ld->line, 0, "%s",
		    csv_strerror(csv_error(p)));
	ld->fault = 1;
}

/* --- The scanner: most records need no libcsv ------------------------
 * libcsv costs some 40 instructions a byte.  Most records hold no quote,
 * or only quoted fields with neither a quote nor a line end inside; the
 * scanner splits those itself, finding delimiters, quotes and line ends
 * sixteen bytes at a time, and calls the callbacks with what libcsv would
 * give them: the same field bytes (spaces, and tabs unless tab is the
 * delimiter, trimmed around unquoted text; the text between the quotes),
 * the CR or LF that ends the row, an empty row for every line end outside
 * a record (the LF of a CRLF, a blank line).  Anything else (a doubled
 * quote, a quote in an unquoted field, a line end inside quotes, text
 * after a closing quote, a record cut by the end of the block) goes to
 * libcsv from the start of its record, a line at a time until libcsv
 * ends that record: its state carries over blocks, its errors are the ones
 * reported, and csv_fini() ends a last record without a line end.
 * fuzz/fuzz_csvscan.c checks that both ways give the same events. */

/* Records with more fields go to libcsv. */
#define SCAN_MAX_FIELDS 512

static int is_space(unsigned char c);

/* Finding bytes sixteen at a time: SSE2 on x86-64, otherwise two 64-bit
 * words (TS_SCAN_SWAR forces those, for testing them). */
#if defined(__SSE2__) && !defined(TS_SCAN_SWAR)
#include <emmintrin.h>

typedef __m128i scan_vec;

static inline scan_vec
scan_splat(unsigned char c)
{
	return _mm_set1_epi8((char)c);
}

/* Bit k set when s[i + k] (i < len; k < 16, i + k < len) is a, b, c or
 * d. */
static inline unsigned
scan_mask(const char *s, size_t i, size_t len, scan_vec a, scan_vec b,
    scan_vec c, scan_vec d)
{
	__m128i v;

	/* Past the end, bytes read as 0: never one looked for. */
	if (len - i >= 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
	} else {
		char t[16] = { 0 };

		memcpy(t, s + i, len - i);
		v = _mm_loadu_si128((const __m128i *)(const void *)t);
	}
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(
	    _mm_or_si128(_mm_cmpeq_epi8(v, a), _mm_cmpeq_epi8(v, b)),
	    _mm_or_si128(_mm_cmpeq_epi8(v, c), _mm_cmpeq_epi8(v, d))));
}
#else
typedef uint64_t scan_vec;

#define SCAN_LOW7 0x7F7F7F7F7F7F7F7FULL

static inline scan_vec
scan_splat(unsigned char c)
{
	return c * 0x0101010101010101ULL;
}

/* 0x80 in every byte of w that equals the byte of b, 0 elsewhere; no
 * borrow runs from one byte into the next. */
static inline uint64_t
scan_eq(uint64_t w, uint64_t b)
{
	uint64_t x = w ^ b;

	return ~(((x & SCAN_LOW7) + SCAN_LOW7) | x | SCAN_LOW7);
}

/* Eight bits, one per byte, from the 0x80 bits of a match word. */
static inline unsigned
scan_bits(uint64_t m)
{
	return (unsigned)(((m >> 7) * 0x0102040810204080ULL) >> 56);
}

static inline unsigned
scan_mask(const char *s, size_t i, size_t len, scan_vec a, scan_vec b,
    scan_vec c, scan_vec d)
{
	unsigned char t[16] = { 0 };
	uint64_t w;
	unsigned k, out = 0;

	memcpy(t, s + i, len - i >= 16 ? 16 : len - i);
	for (k = 0; k < 2; k++) {
		/* Byte by byte, so the lowest byte is s[i], whatever the
		 * machine's byte order. */
		w = (uint64_t)t[8 * k] | (uint64_t)t[8 * k + 1] << 8 |
		    (uint64_t)t[8 * k + 2] << 16 | (uint64_t)t[8 * k + 3] << 24 |
		    (uint64_t)t[8 * k + 4] << 32 | (uint64_t)t[8 * k + 5] << 40 |
		    (uint64_t)t[8 * k + 6] << 48 | (uint64_t)t[8 * k + 7] << 56;
		out |= scan_bits(scan_eq(w, a) | scan_eq(w, b) |
		    scan_eq(w, c) | scan_eq(w, d)) << (8 * k);
	}
	return out;
}
#endif

/* The bytes the scanner stops at, for one block. */
struct scan_set {
	scan_vec delim, quote, cr, lf;
	unsigned char d;
	int tab;                /* libcsv takes a tab for a space */
};

static inline size_t
scan_first(unsigned m)
{
	return (size_t)__builtin_ctz(m);
}

/* Both are below '!', as few bytes of text are: one test for most. */
static inline int
scan_space(unsigned char c, int tab)
{
	return c <= ' ' && (c == ' ' || (c == '\t' && tab));
}

/* 1 when the parser's settings are ones the scanner knows (those of
 * loader_init() and next_decoded()); fills *set. */
static int
scan_dialect(struct csv_parser *p, struct scan_set *set)
{
	unsigned char d = csv_get_delim(p);

	if (csv_get_quote(p) != '"' || p->is_term != NULL ||
	    (csv_get_opts(p) & (CSV_REPALL_NL | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL)) != CSV_REPALL_NL ||
	    !(d == ',' || d == ';' || d == '|' || d == '\t'))
		return 0;
	set->d = d;
	set->delim = scan_splat(d);
	set->quote = scan_splat('"');
	set->cr = scan_splat('\r');
	set->lf = scan_splat('\n');
	if (p->is_space == NULL) {
		/* Whether libcsv's default takes a tab delimiter for a space
		 * depends on its version. */
		set->tab = 1;
		return d != '\t';
	}
	set->tab = 0;
	return p->is_space == is_space;
}

/* Splits the record that starts at s[pos] (pos < len), at a record
 * boundary.  Returns the offset just past its line end, with its fields
 * in sp[0..*nf) (none for a blank line) and the line end in *term; or 0
 * when libcsv has to parse it. */
static size_t
scan_record(const char *s, size_t len, size_t pos, const struct scan_set *set,
    struct scan_span *sp, size_t *nf, int *term)
{
	size_t i = pos, f = pos, n = 0, j, a, k, e;
	unsigned m, mq;
	unsigned char c;

	m = scan_mask(s, i, len, set->delim, set->quote, set->cr, set->lf);
	for (;;) {
		while (m == 0) {
			i += 16;
			if (i >= len)
				return 0;
			m = scan_mask(s, i, len, set->delim, set->quote, set->cr, set->lf);
		}
		j = i + scan_first(m);
		m &= m - 1;
		c = (unsigned char)s[j];
		if (c != '"') {
			/* The unquoted field s[f..j), trimmed. */
			a = f;
			while (a < j && scan_space((unsigned char)s[a], set->tab))
				a++;
			e = j;
			while (e > a && scan_space((unsigned char)s[e - 1], set->tab))
				e--;
			if (c == set->d) {
				if (n == SCAN_MAX_FIELDS)
					return 0;
				sp[n].s = s + a;
				sp[n++].n = e - a;
				f = j + 1;
				continue;
			}
			/* A line end; spaces alone before it make a blank line. */
			if (n > 0 || e > a) {
				if (n == SCAN_MAX_FIELDS)
					return 0;
				sp[n].s = s + a;
				sp[n++].n = e - a;
			}
			*nf = n;
			*term = c;
			return j + 1;
		}
		/* A quote opens a quoted field only after spaces alone. */
		for (a = f; a < j; a++)
			if (!scan_space((unsigned char)s[a], set->tab))
				return 0;
		/* The closing quote: before any line end. */
		for (k = j + 1;; k += 16) {
			if (k >= len)
				return 0;
			mq = scan_mask(s, k, len, set->quote, set->cr, set->lf, set->lf);
			if (mq) {
				k += scan_first(mq);
				break;
			}
		}
		if (s[k] != '"')
			return 0;
		/* Spaces, then a delimiter or a line end. */
		for (e = k + 1; e < len && scan_space((unsigned char)s[e], set->tab); e++)
			;
		if (e == len || n == SCAN_MAX_FIELDS)
			return 0;
		c = (unsigned char)s[e];
		if (c != set->d && c != '\r' && c != '\n')
			return 0;
		sp[n].s = s + j + 1;
		sp[n++].n = k - j - 1;
		if (c != set->d) {
			*nf = n;
			*term = c;
			return e + 1;
		}
		f = i = e + 1;
		if (i >= len)
			return 0;
		m = scan_mask(s, i, len, set->delim, set->quote, set->cr, set->lf);
	}
}

/* The offset just past the first CR or LF in s[pos..len), or len. */
static size_t
scan_line_end(const char *s, size_t pos, size_t len, const struct scan_set *set)
{
	unsigned m;

	for (; pos < len; pos += 16) {
		m = scan_mask(s, pos, len, set->cr, set->lf, set->lf, set->lf);
		if (m)
			return pos + scan_first(m) + 1;
	}
	return len;
}

static void
scan_csv_field(void *data, size_t len, void *arg)
{
	struct scan *sc = arg;

	sc->csv_field(data, len, sc->arg);
}

static void
scan_csv_row(int c, void *arg)
{
	struct scan *sc = arg;

	sc->csv_rows++;
	sc->row(c, sc->arg);
}

/* s[0..len) to libcsv: 0, or -1 on a parse error (csv_error()). */
static int
scan_csv(struct scan *sc, const char *s, size_t len)
{
	return csv_parse(sc->p, s, len, scan_csv_field, scan_csv_row, sc) == len ? 0 : -1;
}

/* Parses the next block s[0..len) of the input: 0, or -1 on a parse
 * error.  Stops early when *sc->stop is set. */
static int
scan_block(struct scan *sc, const char *s, size_t len)
{
	struct scan_span sp[SCAN_MAX_FIELDS];
	struct scan_set set;
	size_t pos = 0, end, nf;
	unsigned long rows;
	int term;

	sc->fail = SIZE_MAX;
	if (!scan_dialect(sc->p, &set))
		return scan_csv(sc, s, len);
	while (pos < len && !*sc->stop) {
		if (!sc->in_csv) {
			end = scan_record(s, len, pos, &set, sp, &nf, &term);
			if (end) {
				sc->record(sp, nf, term, sc->arg);
				pos = end;
				continue;
			}
			sc->in_csv = 1;
		}
		/* Only a line end can end a record, and only the last byte
		 * given is one: when libcsv ends a row, it ended there. */
		end = scan_line_end(s, pos, len, &set);
		rows = sc->csv_rows;
		if (scan_csv(sc, s + pos, end - pos) != 0) {
			sc->fail = pos;
			return -1;
		}
		if (sc->csv_rows != rows)
			sc->in_csv = 0;
		pos = end;
	}
	return 0;
}

/* ts_csv_scan_events(): the consumer's callbacks. */
struct events {
	void (*field)(void *, size_t, void *);
	void (*row)(int, void *);
	void *arg;
};

static void
events_record(const struct scan_span *sp, size_t n, int term, void *arg)
{
	struct events *ev = arg;
	size_t i;

	for (i = 0; i < n; i++)
		ev->field((void *)sp[i].s, sp[i].n, ev->arg);
	ev->row(term, ev->arg);
}

static void
events_field(void *data, size_t len, void *arg)
{
	struct events *ev = arg;

	ev->field(data, len, ev->arg);
}

static void
events_row(int c, void *arg)
{
	struct events *ev = arg;

	ev->row(c, ev->arg);
}

int
ts_csv_scan_events(const void *data, size_t len, char delimiter,
    const size_t *cuts, size_t ncuts, int scan,
    void (*field)(void *, size_t, void *), void (*row)(int, void *), void *arg)
{
	struct csv_parser p;
	struct scan sc;
	struct events ev;
	size_t at = 0, next, k;
	int stop = 0, rc = 0;

	if (csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0)
		return -1;
	csv_set_delim(&p, (unsigned char)delimiter);
	if (delimiter == '\t')
		csv_set_space_func(&p, is_space);
	memset(&sc, 0, sizeof sc);
	ev.field = field;
	ev.row = row;
	ev.arg = arg;
	sc.p = &p;
	sc.record = events_record;
	sc.csv_field = events_field;
	sc.row = events_row;
	sc.arg = &ev;
	sc.stop = &stop;
	for (k = 0; k <= ncuts && rc == 0; k++) {
		next = k < ncuts && cuts[k] >= at && cuts[k] <= len ? cuts[k] : len;
		rc = scan ? scan_block(&sc, (const char *)data + at, next - at) :
		    scan_csv(&sc, (const char *)data + at, next - at);
		at = next;
	}
	if (rc != 0)
		rc = csv_error(&p);
	else if (csv_fini(&p, field, row, arg) != 0)
		rc = 100 + csv_error(&p);
	csv_free(&p);
	return rc;
}
/* --- end of the scanner ----------------------------------------------- */

/* --- Notes below the table ------------------------------------------ */

/* Adds a note line s[0..n) (line end dropped) at line to the held rows,
 * or, when it looks like a record, lets the parse error stand. */
static void
tail_line(struct loader *ld, const char *s, size_t n, long line)
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
		    "malformed CSV: a quote in an unquoted field, text after a "
		    "closing quote, or a quoted field that is never closed");
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
tail_lines(struct loader *ld, const char *s, size_t len)
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
enter_tail(struct loader *ld, struct csv_parser *p, const char *s, size_t len)
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
held_notes(struct loader *ld)
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
		    "note below the table, not a record: %s", q) != 0)
			ld->fault = ts_error_set(ld->err, TS_EIO, ld->path, 0, 0,
			    "out of memory") != 0;
	}
	ts_csvrows_clear(&ld->held);
}

/* Feeds one block to the parser. */
static void
feed(struct loader *ld, struct csv_parser *p, const char *buf, size_t len)
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
	if (scan_block(&ld->sc, buf, len) != 0 && !ld->fault) {
		if (!enter_tail(ld, p, buf, len))
			parse_fault(ld, p);
	}
}

/* Where the bytes come from: a file read with pread() (so that two threads
 * can read two ranges of it at once), a stream read with read(), or memory.
 * Files are read in large blocks rather than mapped: mapped pages would
 * count in the process's resident memory. */
struct source {
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

struct reader {
	const struct source *src;
	uint64_t pos, end;      /* the range still to hand out */
	char *buf;
};

/* The next block of the reader's range: its length, 0 at the end, or -1
 * with err set. */
static long
next_block(struct reader *r, const char **out, struct ts_error *err)
{
	size_t want = BLOCK_SIZE;
	ssize_t got;

	if (r->src->seekable || r->src->fd < 0) {
		if (r->pos >= r->end)
			return 0;
		if (r->end - r->pos < want)
			want = (size_t)(r->end - r->pos);
	}
	if (r->src->fd < 0) {
		*out = r->src->mem + r->pos;
		r->pos += want;
		return (long)want;
	}
	if (!r->src->seekable && r->pos < r->src->head_len) {
		want = r->src->head_len - (size_t)r->pos;
		if (want > BLOCK_SIZE)
			want = BLOCK_SIZE;
		*out = r->src->head + r->pos;
		r->pos += want;
		return (long)want;
	}
	for (;;) {
		got = r->src->seekable ? pread(r->src->fd, r->buf, want, (off_t)r->pos) :
		    read(r->src->fd, r->buf, want);
		if (got >= 0)
			break;
		if (errno != EINTR) {
			ts_error_set(err, TS_EIO, r->src->path, 0, 0, "cannot read: %s",
			    strerror(errno));
			return -1;
		}
	}
	/* A file that shrank while read ends where its bytes end. */
	if (got == 0)
		r->end = r->pos;
	r->pos += (uint64_t)got;
	*out = r->buf;
	return (long)got;
}

/* --- Decoding and dialect ---------------------------------
 * A source that wraps the raw reader: it decodes each block to UTF-8
 * (ts_encoding.h) and, on the first decoded block, sniffs the delimiter
 * from the header line when none was given.  The end of a reader's range
 * is the end of the input only when the range reaches the end of the
 * source: a part of a split input pauses there and goes on later. */
struct decoded_src {
	struct reader *r;
	struct ts_decoder *dec;
	struct csv_parser *p;
	struct ts_input_info *info;
	char delimiter;         /* 0: sniff */
	int eof, started;
};

/* Spaces libcsv may trim around unquoted fields when tab is the
 * delimiter: only the space.  libcsv's default counts tab as a space too;
 * Debian's 3.0.3 tests the delimiter first, but a TSV must not depend on
 * that.  Not set for other delimiters: a call per byte costs. */
static int
is_space(unsigned char c)
{
	return c == ' ';
}

/* The delimiter of the first lines of s[0..n): for each candidate (',',
 * ';', tab, '|'), the most lines of the first 50 that hold it the same
 * number of times, outside quotes (a table's header and rows agree; a
 * title line above them does not); ties go to the one the first line
 * holds most, then to the order above; ',' when none has one. */
static char
sniff_delimiter(const char *s, size_t n)
{
	static const char cand[] = ",;\t|";
	enum { LINES = 50, MAXC = 64 };
	unsigned short per[LINES][4];
	size_t count[4] = { 0 }, i, k, best = 0, line = 0, j, same, top[4] = { 0 };
	int quoted = 0, packed = 0;

	memset(per, 0, sizeof per);
	for (i = 0; i < n && line < LINES; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == '\\' && line == 0 && count[2] == 0)
			packed = 1;
		else if (!quoted && (s[i] == '\n' || s[i] == '\r')) {
			for (k = 0; k < 4; k++)
				per[line][k] = (unsigned short)(count[k] < 65535 ? count[k] : 65535);
			memset(count, 0, sizeof count);
			line++;
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
		} else if (!quoted)
			for (k = 0; k < 4; k++)
				count[k] += s[i] == cand[k];
	}
	if (line < LINES && (count[0] | count[1] | count[2] | count[3])) {
		for (k = 0; k < 4; k++)
			per[line][k] = (unsigned short)(count[k] < 65535 ? count[k] : 65535);
		line++;
	}
	/* Eurostat's TSV packs its key columns into its first cell,
	 * "freq,unit,geo\\TIME_PERIOD", commas and all: a backslash before
	 * the first tab says so (docs/input.md, "Wide tables"). */
	if (packed && line > 0 && per[0][2] > 0)
		return '\t';
	for (k = 0; k < 4; k++)
		for (i = 0; i < line; i++) {
			if (per[i][k] == 0)
				continue;
			for (same = 0, j = 0; j < line; j++)
				same += per[j][k] == per[i][k];
			if (same > top[k])
				top[k] = same;
		}
	for (k = 1; k < 4; k++)
		if (top[k] > top[best] || (top[k] == top[best] && line &&
		    per[0][k] > per[0][best]))
			best = k;
	return top[best] ? cand[best] : ',';
}

/* 1 when the reader has handed out all of its source. */
static int
at_source_end(const struct reader *r)
{
	return !(r->src->seekable || r->src->fd < 0) || r->end >= r->src->size;
}

static long
next_decoded(struct decoded_src *d, const char **buf, struct ts_error *err)
{
	const char *raw = "";
	size_t out_len = 0;
	long got;

	while (out_len == 0 && !d->eof) {
		got = next_block(d->r, &raw, err);
		if (got < 0)
			return -1;
		if (got == 0 && !at_source_end(d->r))
			return 0;       /* the range ends here, the input goes on */
		d->eof = got == 0;
		if (ts_decoder_feed(d->dec, raw, (size_t)got, d->eof, buf, &out_len, err) != 0)
			return -1;
	}
	if (!d->started && out_len) {
		d->started = 1;
		if (d->delimiter == 0)
			d->delimiter = sniff_delimiter(*buf, out_len);
		csv_set_delim(d->p, (unsigned char)d->delimiter);
		if (d->delimiter == '\t')
			csv_set_space_func(d->p, is_space);
		if (d->info)
			d->info->delimiter = d->delimiter;
	}
	return (long)out_len;
}
/* --- end of decoding and dialect ------------------------------------- */

/* Progress shared by the threads of one load. */
struct shared {
	const struct ts_load_options *opt;
	_Atomic uint64_t bytes;
	_Atomic uint64_t rows;
	uint64_t total;         /* 0 when unknown (a stream) */
	struct timespec start, last;
};

static void
report_progress(struct shared *sh, int done)
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
 * 32 bytes and to about 64 MB of table: beyond, the table grows as
 * usual. */
static void
expect_rows(struct ts_store *st, const struct loader *ld, unsigned long rows,
    uint64_t bytes, uint64_t range)
{
	const double most = 10e6;       /* 2^20 buckets of 64 bytes */
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
static int
loader_init(struct loader *ld, struct csv_parser *p, struct decoded_src *d,
    struct reader *r, struct ts_store *st, int idx, const char *path,
    const struct ts_load_options *opt, const char *encoding, char delimiter,
    struct ts_diags *diags, struct ts_error *err)
{
	memset(ld, 0, sizeof *ld);
	memset(d, 0, sizeof *d);
	ld->map = ts_rowmap_new(st, (uint32_t)idx, opt, diags);
	if (ld->map == NULL || csv_init(p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0) {
		ts_rowmap_free(ld->map);
		return ts_error_set(err, TS_EIO, path, 0, 0, "out of memory");
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

static void
loader_free(struct loader *ld, struct csv_parser *p, struct decoded_src *d)
{
	ts_decoder_free(d->dec);
	csv_free(p);
	ts_rowmap_free(ld->map);
	ts_csvrows_free(&ld->held);
	free(ld->carry);
}

/* Feeds decoded blocks to ld until its reader's range ends or it faults;
 * at most max_blocks of them (0: no limit). */
static void
feed_range(struct loader *ld, struct csv_parser *p, struct decoded_src *d,
    struct shared *sh, int main_thread, int max_blocks)
{
	const char *buf;
	unsigned long rows0;
	long got;
	int n = 0;

	while (!ld->fault && (got = next_decoded(d, &buf, ld->err)) > 0) {
		rows0 = ld->ends;
		feed(ld, p, buf, (size_t)got);
		if (sh) {
			atomic_fetch_add(&sh->bytes, (uint64_t)got);
			atomic_fetch_add(&sh->rows, ld->ends - rows0);
			if (main_thread)
				report_progress(sh, 0);
		}
		if (max_blocks && ++n == max_blocks)
			break;
	}
	if (ld->err->code)
		ld->fault = 1;
}

/* The end of an input: the last row without a line end, and the header
 * check. */
static void
loader_finish(struct loader *ld, struct csv_parser *p)
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
			    "--header-line %ld: the input has no record that starts "
			    "there", ld->opt->header_line);
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
		ts_error_set(ld->err, TS_EIO, ld->path, 0, 0, "out of memory");
		ld->fault = 1;
	}
	if (!ld->fault && !ld->header_done)
		ts_error_set(ld->err, TS_EIO, ld->path, 0, 0, "no header row: the file is empty");
}

/* The second half of a split input, read by its own thread into a store of
 * its own; merged into the main store afterwards.  It decodes with the
 * encoding and delimiter the first half settled on. */
struct part {
	const struct source *src;
	const struct ts_load_options *opt;
	struct shared *sh;
	uint64_t start;         /* first byte: just after a line end */
	char encoding[64];
	char delimiter;
	struct ts_store *st;
	struct ts_diags diags;
	struct ts_case_dups dups;       /* its duplicate case ids */
	struct ts_error err;
	int ok;                 /* parsed to the end without a fault */
};

static void *
run_part(void *arg)
{
	struct part *pt = arg;
	struct loader ld;
	struct csv_parser p;
	struct decoded_src d;
	struct reader r = { pt->src, 0, pt->start, NULL };
	unsigned long ends;

	pt->st = ts_store_new();
	if (pt->st == NULL || ts_store_add_input(pt->st, pt->src->path) != 0)
		return NULL;
	if (pt->src->fd >= 0 && (r.buf = malloc(BLOCK_SIZE)) == NULL)
		return NULL;
	/* The header first, for the column map. */
	if (loader_init(&ld, &p, &d, &r, pt->st, 0, pt->src->path, pt->opt,
	    pt->encoding, pt->delimiter, &pt->diags, &pt->err) != 0) {
		free(r.buf);
		return NULL;
	}
	ld.header_only = 1;
	feed_range(&ld, &p, &d, NULL, 0, 0);
	ts_decoder_free(d.dec);
	d.dec = NULL;
	csv_free(&p);
	if (ld.head == HEAD_SEARCH || pt->err.code ||
	    csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0) {
		ts_rowmap_free(ld.map);
		free(r.buf);
		return NULL;
	}
	csv_set_blk_size(&p, 1u << 20);
	csv_set_delim(&p, (unsigned char)pt->delimiter);
	if (pt->delimiter == '\t')
		csv_set_space_func(&p, is_space);
	/* The rows from just after the split point; lines count from 1 here,
	 * as in a file of its own, and the merge moves them on. */
	d.dec = ts_decoder_new(pt->encoding, pt->src->path, &pt->err);
	if (d.dec == NULL) {
		loader_free(&ld, &p, &d);
		free(r.buf);
		return NULL;
	}
	d.started = 1;
	d.eof = 0;
	d.info = NULL;
	ld.header_only = 0;
	ld.fault = 0;
	/* The first half decides the units row; these rows are records. */
	ld.head = HEAD_DONE;
	ld.header_done = 1;
	ts_csvrows_clear(&ld.held);
	ld.line = 1;
	ld.first_block = 0;
	ld.prev_term = 0;
	r.pos = pt->start;
	r.end = pt->src->size;
	/* Its case ids are checked against each other here, against the
	 * first half's in the merge. */
	ts_rowmap_note_duplicates(ld.map, &pt->dups);
	ends = ld.ends;
	feed_range(&ld, &p, &d, pt->sh, 0, 1);
	expect_rows(pt->st, &ld, ld.ends - ends, r.pos - pt->start, r.end - pt->start);
	feed_range(&ld, &p, &d, pt->sh, 0, 0);
	loader_finish(&ld, &p);
	/* A fault here (an undecodable byte, a malformed record) is left to
	 * the first half to find again, at its true line and column. */
	pt->ok = !ld.fault && !ld.tail && pt->err.code == 0 &&
	    strcmp(ts_decoder_name(d.dec), pt->encoding) == 0;
	loader_free(&ld, &p, &d);
	free(r.buf);
	return NULL;
}

/* The split point of a source: the first byte after the first line end at
 * or after the middle, or 0 when there is none.  Whether that line end is
 * outside quotes is only known once the first part is parsed up to it. */
static uint64_t
split_point(const struct source *src, char *buf)
{
	uint64_t pos = src->size / 2;
	const char *nl;
	ssize_t got;

	while (pos < src->size) {
		if (src->fd < 0) {
			nl = memchr(src->mem + pos, '\n', (size_t)(src->size - pos));
			return nl ? (uint64_t)(nl - src->mem) + 1 : 0;
		}
		got = pread(src->fd, buf, 65536, (off_t)pos);
		if (got <= 0)
			return 0;
		nl = memchr(buf, '\n', (size_t)got);
		if (nl)
			return pos + (uint64_t)(nl - buf) + 1;
		pos += (uint64_t)got;
	}
	return 0;
}

/* 1 when the input may be split: two threads allowed and a seekable
 * source large enough. */
static int
may_split(const struct source *src, const struct ts_load_options *opt)
{
	uint64_t min = opt && opt->split_min ? opt->split_min : (4u << 20);

	if (opt == NULL || opt->threads < 2 || !(src->seekable || src->fd < 0))
		return 0;
	return src->size / 2 >= min;
}

/* 1 for an encoding in which a 0x0A byte is always a line end, so that a
 * split at one is safe: UTF-8 and the single-byte Windows-1252 (not
 * UTF-16). */
static int
splittable(const char *encoding)
{
	return strcmp(encoding, "UTF-8") == 0 || strcmp(encoding, "Windows-1252") == 0;
}

/* Moves a finished second part into the main store: its records, rows and
 * diagnostics, their lines moved on by base_line (the part's line 1 is the
 * input's line base_line + 1).  The part has warned about the case ids it
 * repeats itself, and shares none with the main store (the caller has
 * checked). */
static int
merge_part(struct part *pt, struct ts_store *st, int idx, long base_line,
    struct ts_diags *diags, struct ts_error *err)
{
	const struct ts_input_info *from = ts_store_input_info_c(pt->st, 0);
	struct ts_input_info *to = ts_store_input_info(st, (size_t)idx);
	size_t n0 = ts_store_count(st), c, u;

	to->rows += from->rows;
	to->rejected += from->rejected;
	to->layout.below += from->layout.below;
	to->layout.notes += from->layout.notes;
	to->layout.annotated += from->layout.annotated;
	to->layout.censored += from->layout.censored;
	to->layout.rejected_cells += from->layout.rejected_cells;
	for (c = 0; c < TS_NCOUNTS; c++)
		for (u = 0; u < TS_NUNITS; u++)
			if (from->layout.units[c] & (1u << u))
				ts_unit_note(&to->layout.units[c], to->layout.unit_from[c],
				    (enum ts_unit)u, from->layout.unit_from[c][u],
				    strlen(from->layout.unit_from[c][u]));
	if (ts_store_append(st, pt->st, (uint32_t)idx, base_line) != 0 ||
	    ts_rowmap_move_diags(diags, &pt->diags, &pt->dups, st, n0, (uint32_t)idx,
	    base_line) != 0)
		return ts_error_set(err, TS_EIO, pt->src->path, 0, 0, "out of memory");
	return TS_OK;
}

/* A range of the second half's case ids to probe against the main
 * store's. */
struct probe {
	const struct ts_store *st, *part;
	size_t from, to;
	int found;
};

static void *
run_probe(void *arg)
{
	struct probe *pr = arg;

	pr->found = ts_store_case_overlap(pr->st, pr->part, pr->from, pr->to);
	return NULL;
}

/* 1 when a case id of the second half is one the main store has (read
 * earlier): a cache miss per case id, so two threads share them. */
static int
shares_case_ids(const struct ts_store *st, const struct ts_store *part)
{
	size_t n = ts_store_count(part);
	struct probe pr = { st, part, n / 2, n, 0 };
	pthread_t tid;
	int threaded = n >= 65536 && pthread_create(&tid, NULL, run_probe, &pr) == 0;
	int found = ts_store_case_overlap(st, part, 0, threaded ? n / 2 : n);

	if (threaded) {
		pthread_join(tid, NULL);
		found |= pr.found;
	}
	return found;
}

static void
part_free(struct part *pt)
{
	ts_store_free(pt->st);
	ts_diags_free(&pt->diags);
	free(pt->dups.items);
}

/* Reads one source into st: the one reading loop behind files, streams
 * and memory.  A large seekable source is split in two at a line end and
 * the halves are parsed at the same time; the result is the same, record
 * for record and diagnostic for diagnostic, as reading it in one pass:
 * when the line end turns out to be inside quotes, or the second half
 * meets anything unusual, the first half reads on alone. */
static int
load(struct ts_store *st, const struct source *src,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct loader ld;
	struct csv_parser p;
	struct decoded_src d;
	struct reader r = { src, 0, src->size, NULL };
	struct shared sh;
	struct part pt;
	pthread_t tid;
	struct ts_input_info *info;
	int idx, threaded = 0;
	uint64_t cut = 0;
	unsigned long ends;

	memset(&sh, 0, sizeof sh);
	sh.opt = opt;
	sh.total = src->seekable || src->fd < 0 ? src->size : 0;
	clock_gettime(CLOCK_MONOTONIC, &sh.start);
	sh.last = sh.start;
	idx = ts_store_add_input(st, src->path);
	if (idx < 0)
		return ts_error_set(err, TS_EIO, src->path, 0, 0, "out of memory");
	info = ts_store_input_info(st, (size_t)idx);
	info->encoding = strdup("UTF-8");
	info->delimiter = ',';
	info->threads = 1;
	if (src->fd >= 0 && (r.buf = malloc(BLOCK_SIZE)) == NULL)
		return ts_error_set(err, TS_EIO, src->path, 0, 0, "out of memory");
	if (loader_init(&ld, &p, &d, &r, st, idx, src->path, opt, opt->encoding,
	    opt->delimiter, diags, err) != 0) {
		free(r.buf);
		return err->code;
	}
	/* The first block settles the encoding and the delimiter, and holds
	 * the header; the second half is then decoded and mapped alike.  It
	 * stops short of the split point so that small inputs split too. */
	if (may_split(src, opt) && (cut = split_point(src, r.buf)) > 1 && cut < src->size)
		r.end = cut - 1;
	feed_range(&ld, &p, &d, &sh, 1, 1);
	/* The units row may end at the cut: the merge waits for it. */
	if (cut > 1 && cut < src->size && !ld.fault && ld.head != HEAD_SEARCH &&
	    r.pos < cut && splittable(ts_decoder_name(d.dec)) &&
	    !ts_rowmap_one_pass(ld.map)) {
		memset(&pt, 0, sizeof pt);
		pt.src = src;
		pt.opt = opt;
		pt.sh = &sh;
		pt.start = cut;
		snprintf(pt.encoding, sizeof pt.encoding, "%s", ts_decoder_name(d.dec));
		pt.delimiter = d.delimiter;
		threaded = pthread_create(&tid, NULL, run_part, &pt) == 0;
	}
	if (!threaded)
		r.end = src->size;
	/* This thread reads up to the cut when the other reads on from it. */
	if (sh.total)
		expect_rows(st, &ld, ld.ends, r.pos, threaded ? cut : src->size);
	if (threaded) {
		/* Up to the line end before the cut, then that line end alone:
		 * if the parser ends a row on it, it was outside quotes and the
		 * second half started on a record boundary. */
		r.end = cut - 1;
		feed_range(&ld, &p, &d, &sh, 1, 0);
		r.end = cut;
		ends = ld.ends;
		feed_range(&ld, &p, &d, &sh, 1, 0);
		if (ts_rowmap_flush(ld.map) != TS_OK && !err->code) {
			ts_error_set(err, TS_EIO, src->path, 0, 0, "out of memory");
			ld.fault = 1;
		}
		pthread_join(tid, NULL);
		/* A case id of the second half that the first half (or an
		 * earlier input) has too: the second half's first occurrence
		 * of it should have been warned about, with a text it has not
		 * kept.  Rare: the first half reads on alone. */
		/* Rows held at the cut as maybe notes, or notes read as lines
		 * from a malformed one, are the first half's to settle. */
			if (!ld.fault && ld.ends == ends + 1 && ld.nfields == 0 && pt.ok &&
		    ld.held.nrows == 0 && !ld.tail && ld.header_done &&
		    strcmp(ts_decoder_name(d.dec), pt.encoding) == 0 &&
		    !shares_case_ids(st, pt.st)) {
			info->threads = 2;
			merge_part(&pt, st, idx, ld.line - 1, diags, err);
			part_free(&pt);
			goto done;
		}
		part_free(&pt);
		atomic_store(&sh.bytes, cut);
		r.end = src->size;
	}
	feed_range(&ld, &p, &d, &sh, 1, 0);
	loader_finish(&ld, &p);
done:
	free(info->encoding);
	info->encoding = strdup(ts_decoder_name(d.dec));
	loader_free(&ld, &p, &d);
	free(r.buf);
	report_progress(&sh, 1);
	return err->code;
}

int
ts_csv_load_mem(struct ts_store *st, const char *name, const void *data,
    size_t len, const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct source src;

	memset(&src, 0, sizeof src);
	src.path = name;
	src.fd = -1;
	src.mem = data;
	src.size = len;
	return load(st, &src, opt, diags, err);
}

/* Reads the open input fd (its first head_len bytes already taken out of
 * it into head).  A regular file is read up to the size it had when
 * opened; if its size or modification time is not the same after the
 * read, it was being written meanwhile and its last row may be cut: an
 * error (docs/security.md, "Inputs that change"). */
static int
load_fd(struct ts_store *st, const char *path, int fd, const void *head,
    size_t head_len, const struct ts_load_options *opt,
    struct ts_diags *diags, struct ts_error *err)
{
	struct source src;
	struct stat sb, after;
	int rc;

	memset(&src, 0, sizeof src);
	src.path = path;
	src.fd = fd;
	src.head = head;
	src.head_len = head_len;
	if (fstat(src.fd, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return ts_error_set(err, TS_EIO, path, 0, 0, "is a directory");
		/* Standard input redirected from a file is read the same way,
		 * from where it stands. */
		if (S_ISREG(sb.st_mode) && head_len == 0 && lseek(src.fd, 0, SEEK_CUR) == 0) {
			src.seekable = 1;
			src.size = (uint64_t)sb.st_size;
		}
	}
	rc = load(st, &src, opt, diags, err);
	if (src.seekable && fstat(src.fd, &after) == 0 && ts_input_changed(&sb, &after))
		rc = ts_input_changed_error(path, &sb, &after, err);
	return rc;
}

int
ts_csv_load_fd(struct ts_store *st, const char *name, int fd,
    const void *head, size_t head_len, const struct ts_load_options *opt,
    struct ts_diags *diags, struct ts_error *err)
{
	return load_fd(st, name, fd, head, head_len, opt, diags, err);
}

int
ts_csv_load(struct ts_store *st, const char *path,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	int fd, rc;

	if (strcmp(path, "-") == 0)
		return load_fd(st, path, STDIN_FILENO, NULL, 0, opt, diags, err);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return ts_error_set(err, TS_EIO, path, 0, 0, "cannot open: %s",
		    strerror(errno));
	rc = load_fd(st, path, fd, NULL, 0, opt, diags, err);
	close(fd);
	return rc;
}

#define TS_STR_(x) #x
#define TS_STR(x) TS_STR_(x)

const char *
ts_input_csv_version(void)
{
	return TS_STR(CSV_MAJOR) "." TS_STR(CSV_MINOR) "." TS_STR(CSV_RELEASE);
}
