/* csv_source.c — where the CSV reader's bytes come from: blocks of a
 * file, a stream or memory (struct ts_csvreader), decoded to UTF-8, and
 * the delimiter sniffed from the first of them. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "csv_impl.h"
#include "ts_encoding.h"
#include "ts_i18n.h"
#include "ts_input.h"

/* Decoding and dialect: a source that wraps the raw reader: it decodes each block to UTF-8
 * (ts_encoding.h) and, on the first decoded block, sniffs the delimiter
 * from the header line when none was given.  The end of a reader's range
 * is the end of the input only when the range reaches the end of the
 * source: a part of a split input pauses there and goes on later. */


/* The next block of the reader's range: its length, 0 at the end, or -1
 * with err set. */
static long
next_block(struct ts_csvreader *r, const char **out, struct ts_error *err)
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
			ts_error_set(err, TS_EIO, r->src->path, 0, 0, N_("cannot read: %s"),
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
at_source_end(const struct ts_csvreader *r)
{
	return !(r->src->seekable || r->src->fd < 0) || r->end >= r->src->size;
}

long
ts_csv_next_decoded(struct ts_csvdecoded *d, const char **buf, struct ts_error *err)
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
			csv_set_space_func(d->p, ts_csv_is_space);
		if (d->info)
			d->info->delimiter = d->delimiter;
	}
	return (long)out_len;
}
