/* passes_impl.h — what the passes over the store share (src/passes only). */
#ifndef TS_PASSES_IMPL_H
#define TS_PASSES_IMPL_H

#include <stdint.h>

#include "ts_totals.h"

/* 1 when input is a counts table (the passes look at those only). */
int ts_passes_counts_input(const struct ts_store *st, uint32_t input);

/* Flags as totals (TS_FLAG_TOTAL) the rows that are the sum of the other
 * rows sharing their other grouping values (detect.c), and warns of rows
 * within 2% of such a sum.  keydim: ts_totals_key_dims().  Returns 0, or
 * -1 when out of memory. */
int ts_passes_detect_totals(struct ts_store *st, const uint8_t *keydim,
    struct ts_diags *diags);

#endif
