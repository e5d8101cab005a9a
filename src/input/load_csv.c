/* load_csv.c — CSV input through libcsv.
 *
 * With csv_scan.c (the scanner) and csv_source.c (the blocks, decoded),
 * the only files that include <csv.h>.  It splits bytes into records and
 * cells and hands them to the row map (rowmap.c), which knows what they
 * mean; a large input is split over two threads and merged here.  libcsv counts no lines, so the parser runs with CSV_REPALL_NL:
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
#include "ts_rowmap.h"

struct loader {
	const char *path;
	struct ts_rowmap *map;
	struct ts_error *err;
	int fault;              /* stop feeding: err is set */

	long line;              /* physical line where the next record starts */
	int prev_term;          /* the last row terminator seen */
	int header_done;

	size_t nfields;         /* cells of the current record so far */
	long row_newlines;      /* newlines inside its quoted cells */
	int first_block;
	int header_only;        /* stop quietly once the header is read */
	unsigned long ends;     /* line ends seen outside quoted fields */
	struct scan sc;
};

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
	if (!ld->header_done) {
		if (ts_rowmap_column(ld->map, s, len, ld->line, ld->err) < 0)
			ld->fault = 1;
		else if (ts_rowmap_ncolumns(ld->map) != ld->nfields + 1)
			/* The same header twice: each column needs its own. */
			ld->fault = ts_error_set(ld->err, TS_EIO, ld->path, ld->line, 0,
			    "column %zu repeats the header of an earlier column", ld->nfields + 1) != 0;
	} else {
		if (ld->nfields == 0)
			ts_rowmap_begin(ld->map, ld->line);
		ts_rowmap_cell(ld->map, ld->nfields, s, len);
	}
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

static void
end_record(struct loader *ld)
{
	char msg[96];
	size_t ncols = ts_rowmap_ncolumns(ld->map);

	if (!ld->header_done) {
		if (ts_rowmap_columns_done(ld->map, ld->line, ld->err) != TS_OK)
			ld->fault = 1;
		ld->header_done = 1;
		if (ld->header_only)
			ld->fault = 1;  /* not an error: the rows are another's */
		return;
	}
	if (ld->nfields != ncols) {
		snprintf(msg, sizeof msg, "row has %zu fields, the header has %zu",
		    ld->nfields, ncols);
		ts_rowmap_reject(ld->map, msg);
	}
	if (ts_rowmap_end(ld->map) != TS_OK)
		ld->fault = ts_error_set(ld->err, TS_EIO, ld->path, ld->line, 0,
		    "out of memory") != 0;
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
	if (ld->header_done && n) {
		/* The cells of a row set no fault: no test between them. */
		ts_rowmap_begin(ld->map, ld->line);
		for (i = 0; i < n; i++)
			ts_rowmap_cell(ld->map, i, sp[i].s, sp[i].n);
		ld->nfields = n;
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
	if (ts_csv_scan_block(&ld->sc, buf, len) != 0 && !ld->fault)
		parse_fault(ld, p);
}

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

	while (!ld->fault && (got = ts_csv_next_decoded(d, &buf, ld->err)) > 0) {
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
	if (!ld->fault && csv_fini(p, on_field, on_row, ld) != 0 && !ld->fault)
		parse_fault(ld, p);
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
	if (!ld.header_done || pt->err.code ||
	    csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0) {
		ts_rowmap_free(ld.map);
		free(r.buf);
		return NULL;
	}
	csv_set_blk_size(&p, 1u << 20);
	csv_set_delim(&p, (unsigned char)pt->delimiter);
	if (pt->delimiter == '\t')
		csv_set_space_func(&p, ts_csv_is_space);
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
	pt->ok = !ld.fault && pt->err.code == 0 &&
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
	size_t n0 = ts_store_count(st);

	to->rows += from->rows;
	to->rejected += from->rejected;
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
	if (cut > 1 && cut < src->size && !ld.fault && ld.header_done &&
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
		if (!ld.fault && ld.ends == ends + 1 && ld.nfields == 0 && pt.ok &&
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

int
ts_csv_load(struct ts_store *st, const char *path,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct source src;
	struct stat sb;
	int rc;

	memset(&src, 0, sizeof src);
	src.path = path;
	if (strcmp(path, "-") == 0) {
		src.fd = STDIN_FILENO;
	} else {
		src.fd = open(path, O_RDONLY);
		if (src.fd < 0)
			return ts_error_set(err, TS_EIO, path, 0, 0, "cannot open: %s",
			    strerror(errno));
	}
	if (fstat(src.fd, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			if (src.fd != STDIN_FILENO)
				close(src.fd);
			return ts_error_set(err, TS_EIO, path, 0, 0, "is a directory");
		}
		/* Standard input redirected from a file is read the same way,
		 * from where it stands. */
		if (S_ISREG(sb.st_mode) && lseek(src.fd, 0, SEEK_CUR) == 0) {
			src.seekable = 1;
			src.size = (uint64_t)sb.st_size;
		}
	}
	rc = load(st, &src, opt, diags, err);
	if (src.fd != STDIN_FILENO)
		close(src.fd);
	return rc;
}

#define TS_STR_(x) #x
#define TS_STR(x) TS_STR_(x)

const char *
ts_input_csv_version(void)
{
	return TS_STR(CSV_MAJOR) "." TS_STR(CSV_MINOR) "." TS_STR(CSV_RELEASE);
}
