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

#include <csv.h>

#include "ts_encoding.h"
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

static void
on_field(void *data, size_t len, void *arg)
{
	struct loader *ld = arg;
	const char *s = data;

	if (ld->fault)
		return;
	if (len && (memchr(s, '\n', len) || memchr(s, '\r', len)))
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

/* The reading loop shared by files and memory: next() hands out blocks
 * until it returns 0 (end) or -1 (err set). */
typedef long (*next_block)(void *src, const char **buf, struct ts_error *err);

/* --- Decoding and dialect (issue 3) ---------------------------------
 * A source that wraps the raw next_block source: it decodes each block to
 * UTF-8 (ts_encoding.h) and, on the first decoded block, sniffs the
 * delimiter from the header line when none was given. */
struct decoded_src {
	next_block next;
	void *src;
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

/* The delimiter the header line s[0..n) uses most, outside quotes: ',',
 * ';', tab or '|'; ',' when it has none. */
static char
sniff_delimiter(const char *s, size_t n)
{
	static const char cand[] = ",;\t|";
	size_t count[4] = { 0 }, i, k, best = 0;
	int quoted = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && (s[i] == '\n' || s[i] == '\r'))
			break;
		else if (!quoted)
			for (k = 0; k < 4; k++)
				count[k] += s[i] == cand[k];
	}
	for (k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

static long
next_decoded(void *arg, const char **buf, struct ts_error *err)
{
	struct decoded_src *d = arg;
	const char *raw = "";
	size_t out_len = 0;
	long got;

	while (out_len == 0 && !d->eof) {
		got = d->next(d->src, &raw, err);
		if (got < 0)
			return -1;
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
		d->info->delimiter = d->delimiter;
	}
	return (long)out_len;
}
/* --- end of decoding and dialect ------------------------------------- */

static int
load(struct ts_store *st, const char *path, next_block next, void *src,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct decoded_src ds;
	struct loader ld;
	struct csv_parser p;
	const char *buf;
	long got;
	int idx;

	memset(&ld, 0, sizeof ld);
	idx = ts_store_add_input(st, path);
	if (idx < 0)
		return ts_error_set(err, TS_EIO, path, 0, 0, "out of memory");
	ts_store_input_info(st, (size_t)idx)->encoding = strdup("UTF-8");
	ts_store_input_info(st, (size_t)idx)->delimiter = ',';
	ld.map = ts_rowmap_new(st, (uint32_t)idx, opt, diags);
	if (ld.map == NULL || csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0) {
		ts_rowmap_free(ld.map);
		return ts_error_set(err, TS_EIO, path, 0, 0, "out of memory");
	}
	ld.path = path;
	ld.err = err;
	ld.line = 1;
	ld.first_block = 1;
	memset(&ds, 0, sizeof ds);
	ds.next = next;
	ds.src = src;
	ds.p = &p;
	ds.info = ts_store_input_info(st, (size_t)idx);
	ds.delimiter = opt->delimiter;
	/* libcsv grows a field's buffer by this much at a time (128 bytes by
	 * default): a 20 MB field would cost 150,000 reallocations. */
	csv_set_blk_size(&p, 1u << 20);
	ds.dec = ts_decoder_new(opt->encoding, path, err);
	if (ds.dec == NULL)
		ld.fault = 1;
	next = next_decoded;
	src = &ds;
	while (!ld.fault && (got = next(src, &buf, err)) > 0)
		feed(&ld, &p, buf, (size_t)got);
	if (err->code)
		ld.fault = 1;
	if (!ld.fault && csv_fini(&p, on_field, on_row, &ld) != 0 && !ld.fault)
		parse_fault(&ld, &p);
	if (!ld.fault && !ld.header_done)
		ts_error_set(err, TS_EIO, path, 0, 0, "no header row: the file is empty");
	if (ds.dec) {
		free(ds.info->encoding);
		ds.info->encoding = strdup(ts_decoder_name(ds.dec));
	}
	ts_decoder_free(ds.dec);
	csv_free(&p);
	ts_rowmap_free(ld.map);
	return err->code;
}

struct file_src {
	int fd;
	const char *path;
	char *buf;
};

static long
next_from_file(void *arg, const char **buf, struct ts_error *err)
{
	struct file_src *f = arg;
	ssize_t got;

	for (;;) {
		got = read(f->fd, f->buf, BLOCK_SIZE);
		if (got >= 0)
			break;
		if (errno != EINTR) {
			ts_error_set(err, TS_EIO, f->path, 0, 0, "cannot read: %s", strerror(errno));
			return -1;
		}
	}
	*buf = f->buf;
	return (long)got;
}

struct mem_src {
	const char *data;
	size_t len, pos;
};

static long
next_from_mem(void *arg, const char **buf, struct ts_error *err)
{
	struct mem_src *m = arg;
	size_t n = m->len - m->pos;

	(void)err;
	if (n > BLOCK_SIZE)
		n = BLOCK_SIZE;
	*buf = m->data + m->pos;
	m->pos += n;
	return (long)n;
}

int
ts_csv_load_mem(struct ts_store *st, const char *name, const void *data,
    size_t len, const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct mem_src m = { data, len, 0 };

	return load(st, name, next_from_mem, &m, opt, diags, err);
}

int
ts_csv_load(struct ts_store *st, const char *path,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct file_src f;
	struct stat sb;
	int rc;

	f.path = path;
	if (strcmp(path, "-") == 0) {
		f.fd = STDIN_FILENO;
	} else {
		f.fd = open(path, O_RDONLY);
		if (f.fd < 0)
			return ts_error_set(err, TS_EIO, path, 0, 0, "cannot open: %s",
			    strerror(errno));
		if (fstat(f.fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			close(f.fd);
			return ts_error_set(err, TS_EIO, path, 0, 0, "is a directory");
		}
	}
	f.buf = malloc(BLOCK_SIZE);
	if (f.buf == NULL)
		rc = ts_error_set(err, TS_EIO, path, 0, 0, "out of memory");
	else
		rc = load(st, path, next_from_file, &f, opt, diags, err);
	free(f.buf);
	if (f.fd != STDIN_FILENO)
		close(f.fd);
	return rc;
}

#define TS_STR_(x) #x
#define TS_STR(x) TS_STR_(x)

const char *
ts_input_csv_version(void)
{
	return TS_STR(CSV_MAJOR) "." TS_STR(CSV_MINOR) "." TS_STR(CSV_RELEASE);
}
