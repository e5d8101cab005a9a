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

#endif
