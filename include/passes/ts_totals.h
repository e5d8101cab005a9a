/* ts_totals.h — published tables: total rows, subtotals and revisions.
 *
 * Official tables carry their own sums (a "Nacional" row under the states,
 * "Subtotal PGR" under the PGR offices) and the same figure often comes from
 * two editions of a report.  Summed naively, both double the figures.  The
 * passes below run over the store after loading and before grouping: they
 * flag the rows that must stay out of the sums (TS_FLAG_TOTAL,
 * TS_FLAG_SUBTOTAL, TS_FLAG_REVISED in ts_store.h), check every total
 * against the rows it covers, and explain themselves as diagnostics:
 * TS_DIAG_WARNING for a total that does not match or a revised figure,
 * TS_DIAG_NOTE for a verified total and for the source that was counted.
 * Only inputs shaped as counts tables are looked at.
 */
#ifndef TS_TOTALS_H
#define TS_TOTALS_H

#include <stddef.h>
#include <stdint.h>

#include "ts_error.h"
#include "ts_store.h"
#include "ts_totalword.h"
#include "ts_vocab.h"

#define TS_TOTALS_MAX_FILL 16   /* --fill-down columns; cli.c says 16 */

struct ts_totals_options {
	const char *const *words;  /* --total-word: more total words (borrowed) */
	size_t nwords;
	const struct ts_vocab *vocab;   /* an agency's total words (--vocab), or NULL */
	int keep_totals;           /* --keep-totals: total rows are ordinary rows */
	const char *subtotal_of;   /* --subtotal-of COLUMN, or NULL */
	const char *prefer_source; /* --prefer-source TEXT, or NULL */
	int no_detection;          /* --no-total-detection: no totals found by
	                              arithmetic, only by their words */
	const char *fill_down[TS_TOTALS_MAX_FILL]; /* --fill-down COLUMN */
	size_t nfill;
	int allow_repeats;         /* --allow-repeats: an input that repeats
	                              another, or a row that repeats a row,
	                              counted as given without a word */
	int exact_labels;          /* --exact-labels: grouping values as written,
	                              not folded (case, accents, spacing) */
};

/* ts_totalword_classify() with the words of --total-word (opt may be
 * NULL: the built-in words only). */
enum ts_total_kind ts_totals_classify(const char *s, size_t len,
    const struct ts_totals_options *opt, size_t *label_off);

/* Finds and checks total and subtotal rows (none with opt->keep_totals).
 * A total row covers the rows of the same input with the same period and
 * the same values in its other grouping columns (a column it leaves empty,
 * or that holds only numbers, is not compared); a grand total covers all
 * of them, a subtotal those since the previous subtotal of the same scope,
 * or with opt->subtotal_of the rows whose value in that column is the
 * subtotal's label.  A total that covers no row stays an ordinary row.
 * Returns 0, TS_EUSAGE when opt->subtotal_of names no column, or TS_EIO
 * when out of memory, with err set. */
/* 1 when some input of st is a counts table (total rows and revisions
 * are a counts table's; a store of case lists alone has none). */
int ts_totals_any_counts(const struct ts_store *st);

int ts_totals_mark(struct ts_store *st, const struct ts_totals_options *opt,
    struct ts_diags *diags, struct ts_error *err);

/* Finds records (not flagged yet) with the same period and grouping values
 * from different sources: the figure was revised.  The record whose source
 * contains opt->prefer_source wins, else the later input (later file, then
 * later line); the others are flagged TS_FLAG_REVISED.  Returns 0, or TS_EIO
 * when out of memory, with err set. */
int ts_revisions_mark(struct ts_store *st, const struct ts_totals_options *opt,
    struct ts_diags *diags, struct ts_error *err);

/* For both passes: which dimensions are grouping columns, i.e. hold some
 * value that is not a number (columns such as new_legislation hold counts
 * that no alias names; they are not part of a key).  Fills key[ndims] with
 * 1 or 0.  Returns 0, or -1 when out of memory. */
int ts_totals_key_dims(const struct ts_store *st, uint8_t *key);

/* Describes record i for a message: its period and grouping values, e.g.
 * "2014, Chihuahua". */
void ts_totals_describe(const struct ts_store *st, const uint8_t *key,
    size_t i, char *buf, size_t size);

#endif
