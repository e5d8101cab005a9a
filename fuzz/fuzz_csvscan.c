/* fuzz_csvscan.c — the CSV reader's scanner against libcsv alone.
 *
 * The reader splits most records itself and gives libcsv the rest
 * (load_csv.c); whatever the bytes and wherever the blocks end, it must
 * report what libcsv alone reports.  The first byte picks the delimiter
 * (, ; tab |, low two bits) and the number of block ends (0 to 7, the
 * next three bits), each given by one byte after it: the distance from
 * the last one.  The rest is the CSV text.  Both ways are recorded as one
 * string of events (every field's bytes, every row end, the error code)
 * and must be equal.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ts_error.h"
#include "ts_input.h"

struct events {
	char *buf;
	size_t len, cap;
	int oom;
};

static void
put(struct events *ev, const void *p, size_t n)
{
	if (ev->oom || ts_grow(&ev->buf, &ev->cap, ev->len + n, 1) != 0) {
		ev->oom = 1;
		return;
	}
	if (n)
		memcpy(ev->buf + ev->len, p, n);
	ev->len += n;
}

static void
on_field(void *s, size_t len, void *arg)
{
	put(arg, "F", 1);
	put(arg, &len, sizeof len);
	put(arg, s, len);
}

static void
on_row(int c, void *arg)
{
	put(arg, "R", 1);
	put(arg, &c, sizeof c);
}

static int
record(const uint8_t *text, size_t len, char delim, const size_t *cuts,
    size_t ncuts, int scan, struct events *ev)
{
	int rc;

	memset(ev, 0, sizeof *ev);
	rc = ts_csv_scan_events(text, len, delim, cuts, ncuts, scan, on_field,
	    on_row, ev);
	put(ev, "E", 1);
	put(ev, &rc, sizeof rc);
	return rc;
}

int
ts_fuzz_csvscan(const uint8_t *data, size_t size)
{
	static const char delims[] = { ',', ';', '\t', '|' };
	struct events whole, scanned, cut;
	size_t cuts[7], ncuts, k, at = 0, hdr;
	char delim;

	if (size == 0)
		return 0;
	delim = delims[data[0] & 3];
	ncuts = (size_t)(data[0] >> 2) & 7;
	hdr = 1 + ncuts;
	if (size < hdr)
		return 0;
	for (k = 0; k < ncuts; k++) {
		at += data[1 + k];
		cuts[k] = at;
	}
	record(data + hdr, size - hdr, delim, NULL, 0, 0, &whole);
	record(data + hdr, size - hdr, delim, NULL, 0, 1, &scanned);
	record(data + hdr, size - hdr, delim, cuts, ncuts, 1, &cut);
	if (!whole.oom && !scanned.oom && !cut.oom) {
		FUZZ_CHECK(whole.len == scanned.len &&
		    memcmp(whole.buf, scanned.buf, whole.len) == 0);
		FUZZ_CHECK(whole.len == cut.len &&
		    memcmp(whole.buf, cut.buf, whole.len) == 0);
	}
	free(whole.buf);
	free(scanned.buf);
	free(cut.buf);
	return 0;
}
