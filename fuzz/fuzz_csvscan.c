/* fuzz_csvscan.c — the CSV reader's scanner against libcsv alone.
 *
 * The reader splits most records itself and gives libcsv the rest
 * (load_csv.c); whatever the bytes and wherever the blocks end, it must
 * report what libcsv alone reports.  The first byte picks the delimiter
 * (, ; tab |, low two bits) and the number of block ends (0 to 7, the
 * next three bits), each given by one byte after it: the distance from
 * the last one.  The rest is the CSV text.  Every way is recorded as one
 * string of events (every field's bytes, every row end) and, with its
 * error code, must be equal (ts_fuzz_differential, fuzz_util.c).
 */
#include <string.h>

#include "fuzz.h"
#include "fuzz_util.h"
#include "ts_error.h"
#include "ts_input.h"

/* The delimiter and the block ends of the text. */
struct csv_way {
	char delim;
	const size_t *cuts;
	size_t ncuts;
};

static void
on_field(void *s, size_t len, void *arg)
{
	ts_fuzz_put(arg, "F", 1);
	ts_fuzz_put(arg, &len, sizeof len);
	ts_fuzz_put(arg, s, len);
}

static void
on_row(int c, void *arg)
{
	ts_fuzz_put(arg, "R", 1);
	ts_fuzz_put(arg, &c, sizeof c);
}

/* Way 0: libcsv alone; 1: the scanner, one block; 2: the scanner, cut
 * into blocks. */
static int
scan_way(const uint8_t *text, size_t len, int way, const void *ctx,
    struct ts_fuzz_events *ev)
{
	const struct csv_way *cw = ctx;

	return ts_csv_scan_events(text, len, cw->delim, way == 2 ? cw->cuts : NULL,
	    way == 2 ? cw->ncuts : 0, way != 0, on_field, on_row, ev);
}

int
ts_fuzz_csvscan(const uint8_t *data, size_t size)
{
	static const char delims[] = { ',', ';', '\t', '|' };
	size_t cuts[7], k, at = 0, hdr;
	struct csv_way cw;

	if (size == 0)
		return 0;
	cw.delim = delims[data[0] & 3];
	cw.ncuts = (size_t)(data[0] >> 2) & 7;
	cw.cuts = cuts;
	hdr = 1 + cw.ncuts;
	if (size < hdr)
		return 0;
	for (k = 0; k < cw.ncuts; k++) {
		at += data[1 + k];
		cuts[k] = at;
	}
	ts_fuzz_differential(scan_way, &cw, 3, data + hdr, size - hdr);
	return 0;
}
