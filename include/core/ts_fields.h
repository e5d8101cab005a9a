/* ts_fields.h — header names to canonical fields, and cell values.
 *
 * Headers match ignoring case, accents, spaces, hyphens and underscores,
 * through a built-in alias table (English, Spanish, French, Portuguese).
 * Also the outcome words of case lists.  Pure functions over static
 * tables: no I/O, no allocation.
 */
#ifndef TS_FIELDS_H
#define TS_FIELDS_H

#include <stddef.h>
#include <stdint.h>

enum ts_field {
	TS_F_NONE = 0,          /* not a canonical field: a plain dimension */
	TS_F_YEAR,
	TS_F_MONTH,
	TS_F_DATE,
	TS_F_PERIOD,
	TS_F_JURISDICTION,
	TS_F_AGENCY,
	TS_F_EXPLOITATION,
	TS_F_INVESTIGATIONS,
	TS_F_PROSECUTIONS,
	TS_F_CONVICTIONS,
	TS_F_ACQUITTALS,
	TS_F_VICTIMS,
	TS_F_CASE_ID,
	TS_F_OUTCOME,
	TS_F_CLOSED,
	TS_F_SOURCE,
	TS_NFIELDS
};

/* The canonical name of a field ("investigations"); "" for TS_F_NONE. */
const char *ts_field_name(enum ts_field f);

/* The field whose canonical name is exactly name, or TS_F_NONE. */
enum ts_field ts_field_by_name(const char *name);

/* Folds a header for matching: ASCII and Latin accented letters to lower
 * case without accents; spaces, hyphens, underscores and dots dropped.
 * Writes at most size-1 bytes and a NUL; returns the folded length. */
size_t ts_fields_fold(const char *s, size_t len, char *out, size_t size);

/* Folds a grouping value as labels are compared (the --where values and
 * the grouping columns' spellings, folded alike so that they can never
 * differ): ts_fields_fold, and ASCII punctuation dropped too.  Folding
 * never lengthens a value, so size len + 1 holds all of it.  Writes at
 * most size-1 bytes and a NUL; returns the folded length. */
size_t ts_fields_fold_label(const char *s, size_t len, char *out, size_t size);

/* 1 when a and b are the same after folding. */
int ts_fields_same(const char *a, size_t alen, const char *b, size_t blen);

/* The canonical field a header names, or TS_F_NONE. */
enum ts_field ts_fields_match(const char *header, size_t len);

/* Aliases of a field, for `tracestat fields`: returns the i-th alias as
 * written in the table, or NULL past the end. */
const char *ts_fields_alias(enum ts_field f, size_t i);

/* Outcome of one case (case-list shape). */
enum ts_outcome {
	TS_OUTCOME_NONE = 0,    /* not an outcome word */
	TS_OUTCOME_OPEN,
	TS_OUTCOME_CHARGED,     /* charged / prosecuted, no verdict yet */
	TS_OUTCOME_CONVICTED,
	TS_OUTCOME_ACQUITTED,
	TS_OUTCOME_DISMISSED,
	TS_NOUTCOMES
};

/* The canonical word of an outcome ("convicted"); "" for NONE. */
const char *ts_outcome_name(enum ts_outcome o);

/* 1 for the outcomes that count as prosecuted: charged, convicted,
 * acquitted. */
int ts_outcome_prosecuted(enum ts_outcome o);

/* The outcome an outcome word names (English, Spanish, French, Portuguese,
 * matched like headers: case, accents, spaces folded), or NONE. */
enum ts_outcome ts_fields_outcome(const char *s, size_t len);

/* The i-th word of an outcome as written in the table, or NULL past the
 * end (for `tracestat fields` and messages). */
const char *ts_fields_outcome_word(enum ts_outcome o, size_t i);

/* Result of parsing a count cell. */
enum ts_count_parse {
	TS_COUNT_OK,
	TS_COUNT_MISSING,       /* empty, NA, n/a, N/D, s.d., -, — */
	TS_COUNT_BAD,           /* not a non-negative integer */
	TS_COUNT_TOO_BIG,       /* an integer above the largest count */
};

/* Parses a count: digits, with thousands separators (",", ".", " ",
 * no-break space) only when every group after the first has three digits.
 * Surrounding spaces are ignored. */
enum ts_count_parse ts_parse_count(const char *s, size_t len, int64_t *out);

/* The form of nearly every count cell, 1 to 18 plain digits (never past
 * INT64_MAX): 1 with *out set, 0 for anything else, which
 * ts_parse_count() then reads.  Inline: a cell's common case costs no
 * call. */
static inline int
ts_parse_count_plain(const char *s, size_t len, int64_t *out)
{
	uint64_t v = 0;
	unsigned d;
	size_t i;

	if (len - 1 >= 18)
		return 0;
	for (i = 0; i < len; i++) {
		d = (unsigned)(unsigned char)s[i] - '0';
		if (d > 9)
			return 0;
		v = v * 10 + d;
	}
	*out = (int64_t)v;
	return 1;
}

#endif
