/* ts_convert.h — the normalised records, written out (tracestat convert).
 *
 * One output record per record in the store, with canonical field names:
 * period (as written), the year, month and date derived from it (when the
 * period lies within one), every dimension, the five counts, the case
 * details of a case list (case_id, outcome, closed), the source, and
 * "excluded" (total, subtotal, revised) for a row the report leaves out of
 * its sums.  Missing values are empty (CSV) or null (JSON).
 */
#ifndef TS_CONVERT_H
#define TS_CONVERT_H

#include <stdio.h>

#include "ts_store.h"

enum ts_convert_format {
	TS_CONVERT_CSV,         /* RFC 4180 quoting, formulas neutralised */
	TS_CONVERT_JSON,        /* an array of objects */
	TS_CONVERT_NDJSON,      /* one object per line */
};

/* The format named name ("csv", "json", "ndjson"); -1 when unknown. */
int ts_convert_parse_format(const char *name, enum ts_convert_format *out);

/* Writes every record of st to fp.  CSV cells always go through
 * ts_cell_clean(), so no value can act on a terminal, now or when the
 * file is shown later (JSON escapes control characters anyway); tab, CR
 * and LF are kept, quoted, unless terminal is set (fp is a terminal).
 * With threads > 1 a second thread formats every other block of records;
 * the bytes are the same.  Returns 0, or -1 when writing failed (errno
 * set, ferror(fp)) or memory ran out (ferror(fp) not set); it stops at
 * the first failure. */
int ts_convert_write(FILE *fp, const struct ts_store *st,
    enum ts_convert_format format, int terminal, int threads);

/* Writes s as one CSV cell: quoted when it holds a comma, quote, CR or LF
 * (quotes doubled), and with a leading ' when a spreadsheet would run it
 * as a formula (it starts with = + - @, a tab or a CR, and is not a
 * number); terminal as above. */
void ts_convert_csv_cell(FILE *fp, const char *s, int terminal);

#endif
