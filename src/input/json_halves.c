/* json_halves.c — the second half of a JSON or NDJSON input read on its
 * own thread (split_impl.h): what both readers share (the half's reader
 * with the first half's columns, the merge), and the records array of a
 * JSON file cut between two of its elements.
 *
 * A JSON array is cut like NDJSON, just after the first LF at or after the
 * middle of the file.  A JSON string holds no raw LF, so the cut is always
 * between two tokens; it is a place to start a second reader when it falls
 * between two elements of the records array, after the ',' and before the
 * next '{'.  Only the first half, reading up to it, can tell: it stops at
 * the element that starts after the cut and takes the second half's
 * records only when the cut fell before that element and after the ','
 * ending the one before.  The second half reads elements from the cut to
 * the array's ']', and the text after it to the end of the file, which the
 * first half then reads on from; any element that is not a plain record
 * (a fault, not an object) leaves the second half unsure, and the first
 * half reads on alone, as one pass does. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json_impl.h"
#include "split_impl.h"
#include "ts_i18n.h"

/* The second half hands over at most this much text after the array. */
#define TAIL_MAX (1u << 20)

uint64_t
ts_json_file_cut(int fd, const struct ts_load_options *opt, char *buf, uint64_t *size)
{
	struct stat sb;
	uint64_t cut;

	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || lseek(fd, 0, SEEK_CUR) != 0)
		return 0;
	*size = (uint64_t)sb.st_size;
	if (!ts_split_may(*size, 1, opt))
		return 0;
	cut = ts_split_point(fd, NULL, *size, buf);
	/* The first block must be the one a single pass reads: the columns
	 * are settled from it. */
	return cut > NDJSON_BLOCK && cut < *size ? cut : 0;
}

int
ts_json_part_columns(struct ts_json_part *pt, const struct ts_jsonreader *r)
{
	size_t k, total = 0, len, at = 0;
	const char *name;

	snprintf(pt->encoding, sizeof pt->encoding, "%s", ts_decoder_name(r->dec));
	pt->ncols = ts_rowmap_ncolumns(r->map);
	for (k = 0; k < pt->ncols; k++) {
		ts_rowmap_column_name(r->map, k, &len);
		total += len;
	}
	pt->names = malloc(total + 1);
	pt->lens = malloc((pt->ncols + 1) * sizeof *pt->lens);
	if (pt->names == NULL || pt->lens == NULL)
		return -1;
	for (k = 0; k < pt->ncols; k++) {
		name = ts_rowmap_column_name(r->map, k, &len);
		memcpy(pt->names + at, name, len);
		pt->lens[k] = len;
		at += len;
	}
	return 0;
}

int
ts_json_may_split(const struct ts_jsonreader *r)
{
	return r->err->code == 0 && r->columns_done &&
	    ts_rowmap_ncolumns(r->map) == r->settled_cols &&
	    !ts_rowmap_one_pass(r->map) && ts_split_encoding(ts_decoder_name(r->dec));
}

int
ts_json_part_open(struct ts_json_part *pt, struct ts_jsonreader *r, int ndjson)
{
	size_t k, at = 0;
	int rc;

	rc = ts_json_reader_init(r, pt->h.st, pt->path, ndjson, pt->opt, &pt->h.diags,
	    &pt->h.err);
	if (rc == 0 && pt->fd >= 0) {
		ts_decoder_free(r->dec);
		r->dec = ts_decoder_new(pt->encoding, pt->path, &pt->h.err);
		rc = r->dec == NULL;
	}
	for (k = 0; rc == 0 && k < pt->ncols; at += pt->lens[k++])
		rc = ts_rowmap_column(r->map, pt->names + at, pt->lens[k], 1,
		    &pt->h.err) != (long)k;
	if (rc == 0)
		rc = ts_rowmap_columns_done(r->map, 1, &pt->h.err) != TS_OK;
	/* What settling the columns said, the first half has said. */
	ts_diags_free(&pt->h.diags);
	r->settled = 1;
	r->columns_done = 1;
	r->settled_cols = ts_rowmap_ncolumns(r->map);
	ts_rowmap_note_duplicates(r->map, &pt->h.dups);
	return rc;
}

void
ts_json_part_close(struct ts_json_part *pt, struct ts_jsonreader *r, int rc)
{
	/* A fault here (an undecodable byte, a key the first half has not
	 * settled) is left to the first half to meet again, in order. */
	pt->h.ok = rc == 0 && pt->h.err.code == 0 &&
	    ts_rowmap_ncolumns(r->map) == pt->ncols &&
	    (pt->fd < 0 || ts_split_same_encoding(ts_decoder_name(r->dec), pt->encoding));
	pt->records = r->records;
}

int
ts_json_part_merge(struct ts_jsonreader *r, struct ts_json_part *pt, long base_line,
    int *merged)
{
	int rc;

	if (!pt->h.ok || !ts_split_same_encoding(ts_decoder_name(r->dec), pt->encoding) ||
	    ts_rowmap_ncolumns(r->map) != r->settled_cols ||
	    ts_split_shares_case_ids(r->st, pt->h.st))
		return 0;
	r->info->threads = 2;
	rc = ts_split_merge(&pt->h, r->st, (int)r->input, base_line, r->path,
	    r->diags, r->err);
	r->records += pt->records;
	*merged = 1;
	return rc;
}

void
ts_json_part_free(struct ts_json_part *pt)
{
	ts_split_half_free(&pt->h);
	memset(&pt->h, 0, sizeof pt->h);
	free(pt->names);
	free(pt->lens);
	free(pt->tail);
	pt->names = pt->tail = NULL;
	pt->lens = NULL;
}

/* The records array of a JSON file, split. */
struct ts_json_split {
	struct ts_json_part pt;
	pthread_t tid;
	int started;
	int dead;               /* the cut is no place to split: one thread */
	_Atomic int cancel;     /* the second half's records are not wanted */
	/* The second half's elements (load_json.c's walk_part()). */
	int (*walk)(struct ts_jsonreader *r, size_t *endp);
};

/* The second half: elements from the cut to the array's ']', then the
 * text after it to the end of the file. */
static void *
run_jpart(void *arg)
{
	struct ts_json_split *sp = arg;
	struct ts_json_part *pt = &sp->pt;
	struct ts_jsonreader r;
	size_t e = 0;
	int rc, more = 1;

	if ((pt->h.st = ts_store_new()) == NULL)
		return NULL;
	rc = ts_json_part_open(pt, &r, 0);
	if (rc == 0) {
		r.fd = pt->fd;
		r.ranged = 1;
		r.pos = pt->start;
		r.from = pt->start;
		r.to = pt->size;
		r.text = "";
		r.part = 1;
		r.cancel = &sp->cancel;
		rc = sp->walk(&r, &e);
	}
	while (rc == 0 && more > 0 && r.len - e <= TAIL_MAX)
		more = ts_json_more(&r);
	if (rc == 0 && (more < 0 || r.len - e > TAIL_MAX))
		rc = 1;
	if (rc == 0)
		rc = ts_rowmap_flush(r.map) != TS_OK;
	ts_json_part_close(pt, &r, rc);
	if (pt->h.ok && (pt->tail = malloc(r.len - e + 1)) != NULL) {
		memcpy(pt->tail, r.text + e, r.len - e);
		pt->tail_len = r.len - e;
		pt->tail_line = ts_json_line_at(&r, e);
		pt->tail_col = ts_json_column_at(&r, e);
	}
	pt->h.ok = pt->h.ok && pt->tail != NULL;
	ts_json_reader_free(&r);
	free(r.raw);
	free(r.buf);
	return NULL;
}

int
ts_json_split_begin(struct ts_jsonreader *r, const struct ts_load_options *opt,
    int (*walk)(struct ts_jsonreader *, size_t *))
{
	struct ts_json_split *sp;
	uint64_t size = 0, cut = ts_json_file_cut(r->fd, opt, r->raw, &size);

	r->to = cut ? cut : size;
	if (cut == 0)
		return 0;
	if ((sp = calloc(1, sizeof *sp)) == NULL)
		return ts_error_set(r->err, TS_EIO, r->path, 0, 0, N_("out of memory"));
	sp->pt.path = r->path;
	sp->pt.opt = opt;
	sp->pt.fd = r->fd;
	sp->pt.start = cut;
	sp->pt.size = size;
	sp->walk = walk;
	r->split = sp;
	r->cut = cut;
	r->cut_at = SIZE_MAX;
	return 0;
}

/* Stops the second thread, if it runs, and drops what it read. */
static void
split_stop(struct ts_jsonreader *r)
{
	struct ts_json_split *sp = r->split;

	sp->dead = 1;
	if (sp->started) {
		sp->cancel = 1;
		pthread_join(sp->tid, NULL);
		sp->started = 0;
	}
	ts_json_part_free(&sp->pt);
}

int
ts_json_split_at(struct ts_jsonreader *r, size_t gap, size_t i, int *merged)
{
	struct ts_json_split *sp = r->split;
	struct ts_json_part *pt = &sp->pt;
	long base_line;
	int rc;

	*merged = 0;
	/* The cut dropped unread (json_source.c): no place to split. */
	if (!sp->dead && r->cut == 0)
		split_stop(r);
	if (sp->dead)
		return 0;
	if (r->cut_at > i) {
		if (!sp->started && ts_json_may_split(r)) {
			if (ts_json_part_columns(pt, r) != 0 ||
			    pthread_create(&sp->tid, NULL, run_jpart, sp) != 0)
				split_stop(r);
			else
				sp->started = 1;
		}
		return 0;
	}
	if (!sp->started || r->cut_at < gap) {
		split_stop(r);
		return 0;
	}
	/* The element at i is the second half's first. */
	rc = ts_rowmap_flush(r->map) != TS_OK ?
	    ts_error_set(r->err, TS_EIO, r->path, 0, 0, N_("out of memory")) : 0;
	pthread_join(sp->tid, NULL);
	sp->started = 0;
	sp->dead = 1;
	base_line = ts_json_line_at(r, r->cut_at) - 1;
	if (rc == 0)
		rc = ts_json_part_merge(r, pt, base_line, merged);
	if (rc == 0 && *merged) {
		/* Read on from the text after the array, where the second
		 * half stopped. */
		free(r->buf);
		r->buf = pt->tail;
		r->cap = pt->tail_len + 1;
		pt->tail = NULL;
		r->text = r->buf;
		r->len = pt->tail_len;
		r->base_line = base_line + pt->tail_line;
		r->line = r->base_line;
		r->line_pos = 0;
		r->col_base = pt->tail_col - 1;
		r->eof = 1;
	}
	ts_json_part_free(pt);
	return rc;
}

void
ts_json_split_end(struct ts_jsonreader *r)
{
	if (r->split == NULL)
		return;
	split_stop(r);
	free(r->split);
	r->split = NULL;
}
