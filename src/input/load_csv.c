/* load_csv.c — CSV input through libcsv: the entry points, and the split
 * of a large input in two halves read on two threads and merged.
 *
 * The CSV reader's files (csv_*.c, this one) are the only ones that
 * include <csv.h>.  They split bytes into records and cells and hand them
 * to the row map (rowmap.c), which knows what they mean: the scanner in
 * csv_scan.c, the blocks in csv_source.c, the records in csv_rows.c, the
 * header search in csv_head.c.  libcsv counts no lines, so the parser
 * runs with CSV_REPALL_NL: every line end outside a record is reported as
 * an empty row, and the newlines inside quoted fields are counted from
 * the field text.  Together they give the physical line where each
 * record starts.
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
#include "ts_i18n.h"
#include "ts_input.h"
#include "ts_fields.h"
#include "ts_rowmap.h"
#include "input_impl.h"
#include "split_impl.h"

/* The second half of a split input, read by its own thread into a store of
 * its own; merged into the main store afterwards.  It decodes with the
 * encoding and delimiter the first half settled on. */
struct part {
	const struct ts_csvsource *src;
	const struct ts_load_options *opt;
	struct ts_csvshared *sh;
	uint64_t start;         /* first byte: just after a line end */
	char encoding[64];
	char delimiter;
	struct ts_split_half h;
};

static void *
run_part(void *arg)
{
	struct part *pt = arg;
	struct ts_csvloader ld;
	struct csv_parser p;
	struct ts_csvdecoded d;
	struct ts_csvreader r = { pt->src, 0, pt->start, NULL };
	unsigned long ends;

	pt->h.st = ts_store_new();
	if (pt->h.st == NULL || ts_store_add_input(pt->h.st, pt->src->path) != 0)
		return NULL;
	if (pt->src->fd >= 0 && (r.buf = malloc(BLOCK_SIZE)) == NULL)
		return NULL;
	/* The header first, for the column map. */
	if (ts_csv_loader_init(&ld, &p, &d, &r, pt->h.st, 0, pt->src->path, pt->opt,
	    pt->encoding, pt->delimiter, &pt->h.diags, &pt->h.err) != 0) {
		free(r.buf);
		return NULL;
	}
	ld.header_only = 1;
	ts_csv_feed_range(&ld, &p, &d, NULL, 0, 0);
	ts_decoder_free(d.dec);
	d.dec = NULL;
	csv_free(&p);
	if (ld.head == HEAD_SEARCH || pt->h.err.code ||
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
	d.dec = ts_decoder_new(pt->encoding, pt->src->path, &pt->h.err);
	if (d.dec == NULL) {
		ts_csv_loader_free(&ld, &p, &d);
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
	ts_rowmap_note_duplicates(ld.map, &pt->h.dups);
	ends = ld.ends;
	ts_csv_feed_range(&ld, &p, &d, pt->sh, 0, 1);
	ts_csv_expect_rows(pt->h.st, &ld, ld.ends - ends, r.pos - pt->start, r.end - pt->start);
	ts_csv_feed_range(&ld, &p, &d, pt->sh, 0, 0);
	ts_csv_loader_finish(&ld, &p);
	/* A fault here (an undecodable byte, a malformed record) is left to
	 * the first half to find again, at its true line and column. */
	pt->h.ok = !ld.fault && !ld.tail && pt->h.err.code == 0 &&
	    ts_split_same_encoding(ts_decoder_name(d.dec), pt->encoding);
	ts_csv_loader_free(&ld, &p, &d);
	free(r.buf);
	return NULL;
}

/* Reads one source into st: the one reading loop behind files, streams
 * and memory.  A large seekable source is split in two at a line end and
 * the halves are parsed at the same time; the result is the same, record
 * for record and diagnostic for diagnostic, as reading it in one pass:
 * when the line end turns out to be inside quotes, or the second half
 * meets anything unusual, the first half reads on alone. */
static int
load(struct ts_store *st, const struct ts_csvsource *src,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct ts_csvloader ld;
	struct csv_parser p;
	struct ts_csvdecoded d;
	struct ts_csvreader r = { src, 0, src->size, NULL };
	struct ts_csvshared sh;
	struct part pt;
	pthread_t tid;
	struct ts_input_info *info;
	int idx, threaded = 0, units;
	uint64_t cut = 0;
	unsigned long ends;

	memset(&sh, 0, sizeof sh);
	sh.opt = opt;
	sh.total = src->seekable || src->fd < 0 ? src->size : 0;
	clock_gettime(CLOCK_MONOTONIC, &sh.start);
	sh.last = sh.start;
	idx = ts_store_add_input(st, src->path);
	if (idx < 0)
		return ts_error_set(err, TS_EIO, src->path, 0, 0, N_("out of memory"));
	info = ts_store_input_info(st, (size_t)idx);
	info->encoding = strdup("UTF-8");
	info->delimiter = ',';
	info->threads = 1;
	if (src->fd >= 0 && (r.buf = malloc(BLOCK_SIZE)) == NULL)
		return ts_error_set(err, TS_EIO, src->path, 0, 0, N_("out of memory"));
	if (ts_csv_loader_init(&ld, &p, &d, &r, st, idx, src->path, opt, opt->encoding,
	    opt->delimiter, diags, err) != 0) {
		free(r.buf);
		return err->code;
	}
	/* The first block settles the encoding and the delimiter, and holds
	 * the header; the second half is then decoded and mapped alike.  It
	 * stops short of the split point so that small inputs split too. */
	if (ts_split_may(src->size, src->seekable || src->fd < 0, opt) &&
	    (cut = ts_split_point(src->fd, src->mem, src->size, r.buf)) > 1 &&
	    cut < src->size)
		r.end = cut - 1;
	ts_csv_feed_range(&ld, &p, &d, &sh, 1, 1);
	/* The cut was looked for before the encoding was known: in UTF-16 a
	 * line ends at a code unit, not at a 0x0A byte. */
	units = ts_split_units(ts_decoder_name(d.dec));
	if (cut > 1 && cut < src->size && units > 1) {
		char *look = src->fd >= 0 ? malloc(65536) : NULL;

		cut = src->fd < 0 || look ?
		    ts_split_point_units(src->fd, src->mem, src->size, look, units) : 0;
		free(look);
	}
	/* The units row may end at the cut: the merge waits for it. */
	if (cut > 1 && cut < src->size && !ld.fault && ld.head != HEAD_SEARCH &&
	    r.pos < cut && units != 0 && !ts_rowmap_one_pass(ld.map)) {
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
		ts_csv_expect_rows(st, &ld, ld.ends, r.pos, threaded ? cut : src->size);
	if (threaded) {
		/* Up to the line end before the cut, then that line end alone:
		 * if the parser ends a row on it, it was outside quotes and the
		 * second half started on a record boundary. */
		r.end = cut - 1;
		ts_csv_feed_range(&ld, &p, &d, &sh, 1, 0);
		r.end = cut;
		ends = ld.ends;
		ts_csv_feed_range(&ld, &p, &d, &sh, 1, 0);
		if (ts_rowmap_flush(ld.map) != TS_OK && !err->code) {
			ts_error_set(err, TS_EIO, src->path, 0, 0, N_("out of memory"));
			ld.fault = 1;
		}
		pthread_join(tid, NULL);
		/* A case id of the second half that the first half (or an
		 * earlier input) has too: the second half's first occurrence
		 * of it should have been warned about, with a text it has not
		 * kept.  Rare: the first half reads on alone. */
		/* Rows held at the cut as maybe notes, or notes read as lines
		 * from a malformed one, are the first half's to settle. */
			if (!ld.fault && ld.ends == ends + 1 && ld.nfields == 0 && pt.h.ok &&
		    ld.held.nrows == 0 && !ld.tail && ld.header_done &&
		    ts_split_same_encoding(ts_decoder_name(d.dec), pt.encoding) &&
		    !ts_split_shares_case_ids(st, pt.h.st)) {
			info->threads = 2;
			ts_split_merge(&pt.h, st, idx, ld.line - 1, src->path, diags, err);
			ts_split_half_free(&pt.h);
			goto done;
		}
		ts_split_half_free(&pt.h);
		atomic_store(&sh.bytes, cut);
		r.end = src->size;
	}
	ts_csv_feed_range(&ld, &p, &d, &sh, 1, 0);
	ts_csv_loader_finish(&ld, &p);
done:
	free(info->encoding);
	info->encoding = strdup(ts_decoder_name(d.dec));
	ts_csv_loader_free(&ld, &p, &d);
	free(r.buf);
	ts_csv_report_progress(&sh, 1);
	return err->code;
}

int
ts_csv_load_mem(struct ts_store *st, const char *name, const void *data,
    size_t len, const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct ts_csvsource src;

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
	struct ts_csvsource src;
	struct stat sb, after;
	int rc;

	memset(&src, 0, sizeof src);
	src.path = path;
	src.fd = fd;
	src.head = head;
	src.head_len = head_len;
	if (fstat(src.fd, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return ts_error_set(err, TS_EIO, path, 0, 0, N_("is a directory"));
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
		return ts_error_set(err, TS_EIO, path, 0, 0, N_("cannot open: %s"),
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
