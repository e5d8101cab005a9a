/* split.c — the two-thread split of a large input, shared by the CSV and
 * NDJSON readers (split_impl.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ts_rowmap.h"
#include "ts_units.h"
#include "split_impl.h"
#include "ts_i18n.h"

/* Where a line feed code unit starts in b[0..n) (n even), or -1: a 0x0A
 * byte (units 1), the bytes 0A 00 at an even offset (units 2, UTF-16LE)
 * or 00 0A (units 3, UTF-16BE). */
static long
find_lf(const char *b, size_t n, int units)
{
	const char *nl;
	size_t i;

	if (units == 1) {
		nl = memchr(b, '\n', n);
		return nl ? (long)(nl - b) : -1;
	}
	for (i = 0; i + 1 < n; i += 2)
		if (b[i + (units == 3)] == '\n' && b[i + (units == 2)] == '\0')
			return (long)i;
	return -1;
}

/* The first byte after the first line feed at or after the middle, or 0.
 * Whether that LF ends a record is only known once the first half is read
 * up to it (a CSV LF may be inside quotes).  UTF-16 code units start at
 * even offsets (a byte order mark is one unit), so the search does too. */
static uint64_t
after_middle_lf(int fd, const char *mem, uint64_t size, char *buf, int units)
{
	uint64_t pos = units == 1 ? size / 2 : size / 2 & ~(uint64_t)1;
	size_t width = units == 1 ? 1 : 2;
	ssize_t got;
	long at;

	while (pos < size) {
		if (fd < 0) {
			at = find_lf(mem + pos, (size_t)(size - pos), units);
			return at < 0 ? 0 : pos + (uint64_t)at + width;
		}
		got = pread(fd, buf, 65536, (off_t)pos);
		if (got <= 0)
			return 0;
		got &= ~(ssize_t)(width - 1);
		if (got == 0)
			return 0;
		at = find_lf(buf, (size_t)got, units);
		if (at >= 0)
			return pos + (uint64_t)at + width;
		pos += (uint64_t)got;
	}
	return 0;
}

uint64_t
ts_split_point_units(int fd, const char *mem, uint64_t size, char *buf, int units)
{
	static const char *const bom[] = { "", "\xEF\xBB\xBF", "\xFF\xFE", "\xFE\xFF" };
	size_t blen = units == 1 ? 3 : 2;
	uint64_t cut = after_middle_lf(fd, mem, size, buf, units);
	char b[3];

	if (cut == 0 || size - cut < blen)
		return cut;
	if (fd < 0)
		memcpy(b, mem + cut, blen);
	else if (pread(fd, b, blen, (off_t)cut) != (ssize_t)blen)
		return 0;
	return memcmp(b, bom[units], blen) == 0 ? 0 : cut;
}

uint64_t
ts_split_point(int fd, const char *mem, uint64_t size, char *buf)
{
	return ts_split_point_units(fd, mem, size, buf, 1);
}

int
ts_split_may(uint64_t size, int seekable, const struct ts_load_options *opt)
{
	uint64_t min = opt && opt->split_min ? opt->split_min : (4u << 20);

	if (opt == NULL || opt->threads < 2 || !seekable)
		return 0;
	return size / 2 >= min;
}

int
ts_split_encoding(const char *encoding)
{
	return strcmp(encoding, "UTF-8") == 0 || strcmp(encoding, "Windows-1252") == 0;
}

int
ts_split_units(const char *encoding)
{
	if (ts_split_encoding(encoding))
		return 1;
	if (strcasecmp(encoding, "UTF-16LE") == 0)
		return 2;
	if (strcasecmp(encoding, "UTF-16BE") == 0)
		return 3;
	return 0;
}

int
ts_split_merge(struct ts_split_half *h, struct ts_store *st, int idx,
    long base_line, const char *path, struct ts_diags *diags,
    struct ts_error *err)
{
	const struct ts_input_info *from = ts_store_input_info_c(h->st, 0);
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
	if (ts_store_append(st, h->st, (uint32_t)idx, base_line) != 0 ||
	    ts_rowmap_move_diags(diags, &h->diags, &h->dups, st, n0, (uint32_t)idx,
	    base_line) != 0)
		return ts_error_set(err, TS_EIO, path, 0, 0, N_("out of memory"));
	return TS_OK;
}

int
ts_split_same_encoding(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/* The second half's case ids to look for in the main store's: slice
 * `slice` of `nslices` of its table of first occurrences walked beside
 * the main store's (walk), or records from..to-1 probed one by one. */
struct probe {
	const struct ts_store *st, *part;
	int walk;
	unsigned slice, nslices;
	size_t from, to;
	int found;              /* 1, 0, or -1: the walk could not tell */
};

static void *
run_probe(void *arg)
{
	struct probe *pr = arg;

	pr->found = pr->walk ?
	    ts_store_case_overlap_walk(pr->st, pr->part, pr->slice, pr->nslices) :
	    ts_store_case_overlap(pr->st, pr->part, pr->from, pr->to);
	return NULL;
}

/* Either way a cache miss or so a case id: a large half's are shared by
 * two threads, pr[0] on this one. */
static int
probe_halves(struct probe pr[2], size_t n)
{
	pthread_t tid;
	int threaded = n >= 65536 && pthread_create(&tid, NULL, run_probe, &pr[1]) == 0;

	if (!threaded) {
		pr[0].nslices = 1;
		pr[0].to = n;
	}
	run_probe(&pr[0]);
	if (threaded)
		pthread_join(tid, NULL);
	if (pr[0].found < 0 || (threaded && pr[1].found < 0))
		return -1;
	return pr[0].found || (threaded && pr[1].found);
}

int
ts_split_shares_case_ids(const struct ts_store *st, const struct ts_store *part)
{
	size_t n = ts_store_count(part);
	struct probe pr[2] = {
		{ st, part, 1, 0, 2, 0, n / 2, 0 },
		{ st, part, 1, 1, 2, n / 2, n, 0 },
	};
	int found = probe_halves(pr, n);

	if (found < 0) {
		pr[0].walk = pr[1].walk = 0;
		pr[0].nslices = pr[1].nslices = 2;
		pr[0].to = n / 2;
		found = probe_halves(pr, n);
	}
	return found;
}

void
ts_split_half_free(struct ts_split_half *h)
{
	ts_store_free(h->st);
	ts_diags_free(&h->diags);
	free(h->dups.items);
}
