/* ts_totalword.h — the total words: the cells that make a row of a
 * published table a total or a subtotal. */
#ifndef TS_TOTALWORD_H
#define TS_TOTALWORD_H

#include <stddef.h>

enum ts_total_kind { TS_TOTAL_NONE, TS_TOTAL_GRAND, TS_TOTAL_SUB };

/* The built-in total words as written, for `tracestat fields`: the i-th
 * word, or NULL past the end.  *kind (when not NULL) says whether it makes
 * a grand total or a subtotal; *label (when not NULL) is 1 when the word
 * may be followed by a label ("Total nacional", "Subtotal PGR"). */
const char *ts_totalword_at(size_t i, enum ts_total_kind *kind, int *label);

/* Whether the cell s[0..len) names a total: a total word (built-in or one
 * of user[0..nuser), the --total-word list) ignoring case, accents, spaces
 * and hyphens, or a word that takes a label followed by one.  *label_off
 * (when not NULL) is set to where the label starts in s (len when there is
 * none). */
enum ts_total_kind ts_totalword_classify(const char *s, size_t len,
    const char *const *user, size_t nuser, size_t *label_off);

#endif
