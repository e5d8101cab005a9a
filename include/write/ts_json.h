/* ts_json.h — JSON for scripts: the report's schema name, its NDJSON
 * form, and diagnostics as JSON objects with stable codes (docs/json.md).
 * The JSON report itself is ts_report_write_json() (ts_report.h). */
#ifndef TS_JSON_H
#define TS_JSON_H

#include <stdio.h>

#include "ts_error.h"
#include "ts_report.h"
#include "ts_store.h"

#define TS_JSON_REPORT_SCHEMA "tracestat.report/2"
#define TS_JSON_CHECK_SCHEMA "tracestat.check/1"

/* One line per group, then one for the total: {"schema", "type": "group"
 * or "total", "key", "label", the figures}.  Returns 0, or -1 when
 * writing failed. */
int ts_report_write_ndjson(FILE *fp, const struct ts_result *r);

/* The stable code of d ("duplicate-case-id", "total-mismatch", ...;
 * docs/json.md lists them): d->code when set, else from its message. */
const char *ts_json_diag_code(const struct ts_diag *d);

/* d as one JSON object: (with_kind: kind, "reject", "warning" or "note")
 * code, file, line (null when none), for a rejected row field and value
 * (null when the message names none), message. */
void ts_json_diag(FILE *fp, const struct ts_store *st, const struct ts_diag *d,
    int with_kind);

#endif
