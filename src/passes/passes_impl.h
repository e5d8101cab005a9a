/* passes_impl.h — what the passes over the store share (src/passes only). */
#ifndef TS_PASSES_IMPL_H
#define TS_PASSES_IMPL_H

#include <stdint.h>

#include "ts_totals.h"

/* "FILE:LINE" of record rec, for a message. */
void ts_passes_where(const struct ts_store *st, uint32_t rec, char *buf,
    size_t size);

/* A recmap key of the grouping values (keydim), and of the period too
 * when with_period: ts_passes_key_hash and ts_passes_key_equal take a
 * struct ts_passes_key as their context. */
struct ts_passes_key {
	const struct ts_store *st;
	const uint8_t *keydim;
	size_t ndims;
	int with_period;
};
uint64_t ts_passes_key_hash(const void *ctx, uint32_t rec);
int ts_passes_key_equal(const void *ctx, uint32_t a, uint32_t b);

/* 1 when input is a counts table (the passes look at those only). */
int ts_passes_counts_input(const struct ts_store *st, uint32_t input);

/* Flags as totals (TS_FLAG_TOTAL) the rows that are the sum of the other
 * rows sharing their other grouping values (detect.c), and warns of rows
 * within 2% of such a sum.  keydim: ts_totals_key_dims().  Returns 0, or
 * -1 when out of memory. */
int ts_passes_detect_totals(struct ts_store *st, const uint8_t *keydim,
    struct ts_diags *diags);

/* 1 when s reads as a number as published tables print them (a count, a
 * decimal, a percentage, a code such as "07"). */
int ts_passes_is_number(const char *s);

/* Folds the values of the grouping columns (keydim) that differ only in
 * case, accents, spacing or punctuation into their most frequent spelling
 * (labels.c), with one warning per merged group; total words (as opt
 * has them) are left as written.  Returns 0, or -1 when
 * out of memory. */
int ts_passes_fold_labels(struct ts_store *st, const uint8_t *keydim,
    const struct ts_totals_options *opt, struct ts_diags *diags);

/* Flags TS_FLAG_REPEAT on the records of every input that holds the same
 * records as an earlier one, and warns of rows of a counts table that
 * repeat an earlier row exactly (repeats.c); nothing with allow_repeats.
 * Returns 0, or -1 when out of memory. */
int ts_passes_repeats(struct ts_store *st, int allow_repeats,
    struct ts_diags *diags);

/* Range rows ("2012..2014") of a key that has rows of single periods
 * inside the range (ranges.c): the finer rows are counted, the range row
 * flagged TS_FLAG_TOTAL (or covered, for the counts only it gives) and
 * checked against their sum.  Returns 0, TS_EDATA when the ranges overlap
 * too much to check in linear time, or TS_EIO when out of memory, with
 * err set. */
int ts_passes_ranges(struct ts_store *st, const uint8_t *keydim,
    struct ts_diags *diags, struct ts_error *err);

/* Fills the blank cells of grouping column dim from the row above in the
 * same input (--fill-down), except in rows with a total word (labels.c).
 * Returns 0, or -1 when out of memory. */
int ts_passes_fill_down(struct ts_store *st, const uint8_t *keydim, size_t dim,
    const struct ts_totals_options *opt);

/* Warns, once per input and grouping column, of the rows that leave the
 * column blank where other rows of the input give it (rows out of the
 * sums and rows with a total word aside).  Returns 0, or -1 when out of
 * memory. */
int ts_passes_blank_labels(struct ts_store *st, const uint8_t *keydim,
    const struct ts_totals_options *opt, struct ts_diags *diags);

/* Warns, once per rate, of the groups (period and labels) where both of
 * the rate's counts are given but never by the same record (meet.c).
 * Returns 0, or -1 when out of memory. */
int ts_passes_counts_meet(struct ts_store *st, const uint8_t *keydim,
    struct ts_diags *diags);

/* Warns of rates that divide one unit by another (persons by cases),
 * of a count given in several units in one input, and of a count whose
 * unit differs between inputs (units.c).  Returns 0, or -1 when out of
 * memory. */
int ts_passes_units(const struct ts_store *st, struct ts_diags *diags);

#endif
