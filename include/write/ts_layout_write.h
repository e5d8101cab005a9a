/* ts_layout_write.h — how a published table's layout was read
 * (struct ts_input_layout), for the report's Read line and JSON inputs[]
 * (docs/input.md). */
#ifndef TS_LAYOUT_WRITE_H
#define TS_LAYOUT_WRITE_H

#include <stdio.h>

#include "ts_store.h"

/* The decisions that differ from a plain table, as text for the end of
 * the Read line: ", 3 cells rejected; header on line 4 (3 rows above
 * skipped), a units row skipped, 4 note lines after the table"; "" when
 * there are none.  Writes at most size bytes with a NUL. */
void ts_layout_text(const struct ts_input_layout *l, char *buf, size_t size);

/* Writes ", \"layout\": {...}" for JSON inputs[] (every member), or
 * nothing for a plain table (header on line 1, nothing skipped, no cell
 * annotated or rejected). */
void ts_layout_json(FILE *fp, const struct ts_input_layout *l);

#endif
