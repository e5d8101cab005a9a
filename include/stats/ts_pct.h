/* ts_pct.h — percentages that never hide a figure.
 *
 * A rate, a bound or a difference printed to two decimals can read
 * "0.00%" or "100.00%" when it is neither.  These formatters print two
 * decimals, and more when that is what it takes for a value that is not
 * exactly 0 (or 1, or -1) to print as something else.  A value that is not
 * finite prints as the dash "—" (docs/methods.md, "Printed figures").
 * Pure functions: no I/O beyond the caller's buffer.
 */
#ifndef TS_PCT_H
#define TS_PCT_H

#include <stddef.h>

/* The proportion v as a percentage with its sign: "8.30%", "0.0004%",
 * "99.9996%", "—". */
void ts_pct_text(double v, char *buf, size_t size);

/* The difference v of two proportions in percentage points, signed:
 * "+2.12", "-0.0003", "+0.00" only when v is exactly 0; "—" when not
 * finite. */
void ts_points_text(double v, char *buf, size_t size);

/* How many decimals the percentage 100 v needs (2 or more): the fewest
 * at which a value other than 0, 1 and -1 prints as neither 0 nor ±100. */
int ts_pct_decimals(double v);

#endif
