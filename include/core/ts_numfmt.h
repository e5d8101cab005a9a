/* ts_numfmt.h — numbers as text without printf, for the writers: an
 * integer as "%lld" prints it, and a double as the first of "%.15g",
 * "%.16g" and "%.17g" that reads back as exactly the same double
 * ("null" when it is not finite; "-0" for minus zero).  Pure functions:
 * no I/O, no globals, no locale.  None writes a terminating NUL.
 */
#ifndef TS_NUMFMT_H
#define TS_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

/* Room for any text below ("-2.2250738585072014e-308" is 24 bytes). */
#define TS_NUMFMT_ROOM 32

/* v in decimal into out (room for 20 bytes); returns the length. */
size_t ts_numfmt_u64(char *out, uint64_t v);

/* v in decimal, '-' first when negative (room for 20); the length. */
size_t ts_numfmt_i64(char *out, int64_t v);

/* v as the shortest of its 15-, 16- and 17-digit forms that reads back
 * as v, in the form of %g (room for TS_NUMFMT_ROOM); the length. */
size_t ts_numfmt_double(char *out, double v);

/* ts_numfmt_double() by the big-integer path alone, for every double
 * (the tests hold the faster path to it). */
size_t ts_numfmt_exact(char *out, double v);

#endif
