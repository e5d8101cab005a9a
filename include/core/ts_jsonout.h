/* ts_jsonout.h — JSON output primitives shared by every writer that
 * prints JSON (the report, the comparisons, `rate`, `convert`, the chart's
 * data): a string with every control character escaped, and a number as
 * the shortest decimal that reads back as exactly the same double.
 */
#ifndef TS_JSONOUT_H
#define TS_JSONOUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Writes s as a JSON string.  Besides what JSON requires, C1 controls
 * and the bidirectional overrides are written as \u escapes. */
void ts_json_str(FILE *fp, const char *s);

/* The most bytes ts_json_put() writes for len bytes of input. */
#define TS_JSON_ROOM(len) (6 * (size_t)(len) + 2)

/* Writes s[0..len) as a JSON string, quotes included, into out (room for
 * TS_JSON_ROOM(len) bytes), as ts_json_str() writes it; returns the
 * bytes written.  A sequence cut by len is taken as it stands. */
size_t ts_json_put(char *out, const char *s, size_t len);

/* Writes the shortest decimal that reads back as exactly v (null when v is
 * not finite). */
void ts_json_num(FILE *fp, double v);

/* The text ts_json_num() writes ("null" when v is not finite); size >= 32. */
void ts_num_text(double v, char *buf, size_t size);

/* v in decimal, as "%lld" prints it, into buf (room for 21 bytes);
 * returns the length. */
size_t ts_int_text(int64_t v, char *buf);

/* Writes v in decimal. */
void ts_json_int(FILE *fp, int64_t v);

#endif
