/* fuzz_util.h — small checks the fuzz targets share. */
#ifndef TS_FUZZ_UTIL_H
#define TS_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "ts_input.h"

/* 1 when s[0..len) is well-formed UTF-8 (no overlong forms, surrogates or
 * code points above U+10FFFF). */
int ts_fuzz_utf8_valid(const char *s, size_t len);

/* 1 when s[0..len) is safe to print on a terminal: no C0 control byte but
 * newline, no DEL, no C1 control (U+0080..U+009F), and no byte that is not
 * part of well-formed UTF-8 (a stray 0x9B is CSI on an 8-bit terminal). */
int ts_fuzz_terminal_safe(const char *s, size_t len);

/* Loads data[0..size) as the input named name with opt, checks the store
 * (with rising set, that each record starts on a later line than the one
 * before), then builds reports (no grouping; by period and a dimension) and
 * runs both writers, checking each (pipeline.c). */
void ts_fuzz_pipeline(const uint8_t *data, size_t size, const char *name,
    const struct ts_load_options *opt, int rising);

/* The events of one scan, recorded as one string (a field's bytes, a row
 * end, a member...), so that two ways of scanning can be compared. */
struct ts_fuzz_events {
	char *buf;
	size_t len, cap;
	int oom;                /* a put ran out of memory */
};

/* Appends p[0..n) to the events. */
void ts_fuzz_put(struct ts_fuzz_events *ev, const void *p, size_t n);

/* One way (0, 1, ...) of scanning data[0..size), recording its events in
 * ev (empty, owned by the driver); returns the scanner's status, negative
 * when it ran out of memory.  ctx: the target's settings. */
typedef int ts_fuzz_way_fn(const uint8_t *data, size_t size, int way,
    const void *ctx, struct ts_fuzz_events *ev);

/* The differential driver: scans data[0..size) in each of nways ways
 * (at most 8); every way must return the status of way 0 and record the
 * same events.  A way that ran out of memory is not compared. */
void ts_fuzz_differential(ts_fuzz_way_fn *scan, const void *ctx, int nways,
    const uint8_t *data, size_t size);

#endif
