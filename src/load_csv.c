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

#include "ts_input.h"
#include "ts_rowmap.h"

#define BLOCK_SIZE (1u << 20)

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

static void
on_field(void *data, size_t len, void *arg)
{
	struct loader *ld = arg;
	const char *s = data;

	if (ld->fault)
		return;
	if (len && may_have_newline(s, len))
		ld->row_newlines += count_newlines(s, len);
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
	if (csv_parse(p, buf, len, on_field, on_row, ld) != len && !ld->fault)
		parse_fault(ld, p);
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

/* Sets up a loader that adds rows of input idx to st. */
static int
loader_init(struct loader *ld, struct csv_parser *p, struct ts_store *st,
    int idx, const char *path, const struct ts_load_options *opt,
    struct ts_diags *diags, struct ts_error *err)
{
	memset(ld, 0, sizeof *ld);
	ld->map = ts_rowmap_new(st, (uint32_t)idx, opt, diags);
	if (ld->map == NULL || csv_init(p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0) {
		ts_rowmap_free(ld->map);
		return ts_error_set(err, TS_EIO, path, 0, 0, "out of memory");
	}
	ld->path = path;
	ld->err = err;
	ld->line = 1;
	ld->first_block = 1;
	return TS_OK;
}

/* Feeds the reader's range to ld until it ends or faults. */
static void
feed_range(struct loader *ld, struct csv_parser *p, struct reader *r,
    struct shared *sh, int main_thread)
{
	const char *buf;
	unsigned long rows0;
	long got;

	while (!ld->fault && (got = next_block(r, &buf, ld->err)) > 0) {
		rows0 = ld->ends;
		feed(ld, p, buf, (size_t)got);
		if (sh) {
			atomic_fetch_add(&sh->bytes, (uint64_t)got);
			atomic_fetch_add(&sh->rows, ld->ends - rows0);
			if (main_thread)
				report_progress(sh, 0);
		}
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
	if (!ld->fault && !ld->header_done)
		ts_error_set(ld->err, TS_EIO, ld->path, 0, 0, "no header row: the file is empty");
}

/* The second half of a split input, read by its own thread into a store of
 * its own; merged into the main store afterwards. */
struct part {
	const struct source *src;
	const struct ts_load_options *opt;
	struct shared *sh;
	uint64_t start;         /* first byte: just after a line end */
	struct ts_store *st;
	struct ts_diags diags;
	struct ts_error err;
	int ok;                 /* set up and parsed (err may still be set) */
};

static void *
run_part(void *arg)
{
	struct part *pt = arg;
	struct loader ld;
	struct csv_parser p;
	struct reader r = { pt->src, 0, pt->start, NULL };

	pt->st = ts_store_new();
	if (pt->st == NULL || ts_store_add_input(pt->st, pt->src->path) != 0)
		return NULL;
	if (pt->src->fd >= 0 && (r.buf = malloc(BLOCK_SIZE)) == NULL)
		return NULL;
	if (loader_init(&ld, &p, pt->st, 0, pt->src->path, pt->opt, &pt->diags, &pt->err) != 0) {
		free(r.buf);
		return NULL;
	}
	/* The header first, for the column map; its faults are the first
	 * part's to report. */
	ld.header_only = 1;
	feed_range(&ld, &p, &r, NULL, 0);
	if (!ld.header_done || pt->err.code) {
		csv_free(&p);
		ts_rowmap_free(ld.map);
		free(r.buf);
		return NULL;
	}
	csv_free(&p);
	if (csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0) {
		ts_rowmap_free(ld.map);
		free(r.buf);
		return NULL;
	}
	/* Lines count from 1 here, as in a file of its own; the merge moves
	 * them on to where this part starts. */
	ld.header_only = 0;
	ld.fault = 0;
	ld.line = 1;
	ld.first_block = 0;
	ld.prev_term = 0;
	r.pos = pt->start;
	r.end = pt->src->size;
	feed_range(&ld, &p, &r, pt->sh, 0);
	loader_finish(&ld, &p);
	csv_free(&p);
	ts_rowmap_free(ld.map);
	free(r.buf);
	pt->ok = 1;
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

/* The number of threads worth using: each must get at least min bytes. */
static int
threads_for(const struct source *src, const struct ts_load_options *opt)
{
	uint64_t min = opt && opt->split_min ? opt->split_min : (4u << 20);

	if (opt == NULL || opt->threads < 2 || !(src->seekable || src->fd < 0))
		return 1;
	return src->size / 2 >= min ? 2 : 1;
}

/* Moves a finished second part into the main store: its records, rows,
 * diagnostics and its error, if any, their lines moved on by base_line
 * (the part's line 1 is the input's line base_line + 1; 0 stays "no
 * line"). */
static int
merge_part(struct part *pt, struct ts_store *st, int idx, long base_line,
    struct ts_diags *diags, struct ts_error *err)
{
	const struct ts_input_info *from = ts_store_input_info_c(pt->st, 0);
	struct ts_input_info *to = ts_store_input_info(st, (size_t)idx);
	size_t i;

	if (ts_store_append(st, pt->st, (uint32_t)idx, base_line) != 0)
		return ts_error_set(err, TS_EIO, pt->src->path, 0, 0, "out of memory");
	to->rows += from->rows;
	to->rejected += from->rejected;
	for (i = 0; i < pt->diags.count; i++) {
		struct ts_diag *d = &pt->diags.items[i];
		if (ts_diags_add(diags, d->kind, (uint32_t)idx,
		    d->line ? d->line + base_line : 0, "%s", d->message) != 0)
			return ts_error_set(err, TS_EIO, pt->src->path, 0, 0, "out of memory");
	}
	if (pt->err.code)
		ts_error_set(err, pt->err.code, pt->err.file,
		    pt->err.line ? pt->err.line + base_line : 0, pt->err.column,
		    "%s", pt->err.message);
	return err->code;
}

static void
part_free(struct part *pt)
{
	ts_store_free(pt->st);
	ts_diags_free(&pt->diags);
}

/* Reads one source into st: the one reading loop behind files, streams
 * and memory.  A large seekable source is split in two at a line end and
 * the halves are parsed at the same time; the result is the same, record
 * for record and diagnostic for diagnostic, as reading it in one pass. */
static int
load(struct ts_store *st, const struct source *src,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct loader ld;
	struct csv_parser p;
	struct reader r = { src, 0, src->size, NULL };
	struct shared sh;
	struct part pt;
	pthread_t tid;
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
	ts_store_input_info(st, (size_t)idx)->encoding = strdup("UTF-8");
	ts_store_input_info(st, (size_t)idx)->delimiter = ',';
	ts_store_input_info(st, (size_t)idx)->threads = 1;
	if (src->fd >= 0 && (r.buf = malloc(BLOCK_SIZE)) == NULL)
		return ts_error_set(err, TS_EIO, src->path, 0, 0, "out of memory");
	if (loader_init(&ld, &p, st, idx, src->path, opt, diags, err) != 0) {
		free(r.buf);
		return err->code;
	}
	if (threads_for(src, opt) > 1 && (cut = split_point(src, r.buf ? r.buf :
	    NULL)) > 1 && cut < src->size) {
		memset(&pt, 0, sizeof pt);
		pt.src = src;
		pt.opt = opt;
		pt.sh = &sh;
		pt.start = cut;
		threaded = pthread_create(&tid, NULL, run_part, &pt) == 0;
	}
	if (threaded) {
		/* Up to the line end before the cut, then that line end alone:
		 * if the parser ends a row on it, it was outside quotes and the
		 * second part started on a record boundary. */
		r.end = cut - 1;
		feed_range(&ld, &p, &r, &sh, 1);
		r.end = cut;
		ends = ld.ends;
		feed_range(&ld, &p, &r, &sh, 1);
		pthread_join(tid, NULL);
		if (!ld.fault && ld.ends == ends + 1 && ld.nfields == 0 && ld.header_done &&
		    pt.ok) {
			ts_store_input_info(st, (size_t)idx)->threads = 2;
			merge_part(&pt, st, idx, ld.line - 1, diags, err);
			part_free(&pt);
			csv_free(&p);
			ts_rowmap_free(ld.map);
			free(r.buf);
			report_progress(&sh, 1);
			return err->code;
		}
		/* The line end was inside a quoted field (or the part failed):
		 * the first part reads on alone. */
		part_free(&pt);
		atomic_store(&sh.bytes, cut);
		r.end = src->size;
	}
	feed_range(&ld, &p, &r, &sh, 1);
	loader_finish(&ld, &p);
	csv_free(&p);
	ts_rowmap_free(ld.map);
	free(r.buf);
	report_progress(&sh, 1);
	return err->code;
}

int
ts_input_load_mem(struct ts_store *st, const char *name, const void *data,
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
ts_input_load(struct ts_store *st, const char *path,
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
