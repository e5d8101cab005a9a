/* csv_source.c — where the CSV reader's bytes come from: blocks of a
 * file, a stream or memory, decoded to UTF-8, the delimiter sniffed. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "csv_impl.h"

/* The next block of the reader's range: its length, 0 at the end, or -1
 * with err set. */
long
ts_csv_next_block(struct reader *r, const char **out, struct ts_error *err)
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

/* Spaces libcsv may trim around unquoted fields when tab is the
 * delimiter: only the space.  libcsv's default counts tab as a space too;
 * Debian's 3.0.3 tests the delimiter first, but a TSV must not depend on
 * that.  Not set for other delimiters: a call per byte costs. */
int
ts_csv_is_space(unsigned char c)
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
	int quoted = 0, packed = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == '\\' && count[2] == 0)
			packed = 1;
		else if (!quoted && (s[i] == '\n' || s[i] == '\r'))
			break;
		else if (!quoted)
			for (k = 0; k < 4; k++)
				count[k] += s[i] == cand[k];
	}
	/* Eurostat's TSV packs its key columns into its first cell,
	 * "freq,unit,geo\\TIME_PERIOD", commas and all: a backslash before
	 * the first tab says so (docs/input.md, "Wide tables"). */
	if (packed && count[2] > 0)
		return '\t';
	for (k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

/* 1 when the reader has handed out all of its source. */
int
ts_csv_at_source_end(const struct reader *r)
{
	return !(r->src->seekable || r->src->fd < 0) || r->end >= r->src->size;
}

long
ts_csv_next_decoded(struct decoded_src *d, const char **buf, struct ts_error *err)
{
	const char *raw = "";
	size_t out_len = 0;
	long got;

	while (out_len == 0 && !d->eof) {
		got = ts_csv_next_block(d->r, &raw, err);
		if (got < 0)
			return -1;
		if (got == 0 && !ts_csv_at_source_end(d->r))
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
