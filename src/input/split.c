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

/* The first byte after the first LF at or after the middle, or 0.
 * Whether that LF ends a record is only known once the first half is read
 * up to it (a CSV LF may be inside quotes). */
static uint64_t
after_middle_lf(int fd, const char *mem, uint64_t size, char *buf)
{
	uint64_t pos = size / 2;
	const char *nl;
	ssize_t got;

	while (pos < size) {
		if (fd < 0) {
			nl = memchr(mem + pos, '\n', (size_t)(size - pos));
			return nl ? (uint64_t)(nl - mem) + 1 : 0;
		}
		got = pread(fd, buf, 65536, (off_t)pos);
		if (got <= 0)
			return 0;
		nl = memchr(buf, '\n', (size_t)got);
		if (nl)
			return pos + (uint64_t)(nl - buf) + 1;
		pos += (uint64_t)got;
	}
	return 0;
}

uint64_t
ts_split_point(int fd, const char *mem, uint64_t size, char *buf)
{
	uint64_t cut = after_middle_lf(fd, mem, size, buf);
	char b[3];
	ssize_t got = 0;

	if (cut == 0 || size - cut < 3)
		return cut;
	if (fd < 0)
		memcpy(b, mem + cut, 3);
	else if ((got = pread(fd, b, 3, (off_t)cut)) != 3)
		return 0;
	return memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 0 : cut;
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
int
ts_split_same_encoding(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

int
ts_split_shares_case_ids(const struct ts_store *st, const struct ts_store *part)
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

void
ts_split_half_free(struct ts_split_half *h)
{
	ts_store_free(h->st);
	ts_diags_free(&h->diags);
	free(h->dups.items);
}
