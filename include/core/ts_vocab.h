/* ts_vocab.h — an agency's own words, over the built-in tables.
 *
 * Header aliases, outcome words, total words and missing codes given on
 * the command line (--outcome-word, --missing) or in a vocabulary file
 * (--vocab FILE, TRACESTAT_VOCAB, $XDG_CONFIG_HOME/tracestat/vocab.csv;
 * the format is in docs/input.md).  A fixed table: adding never
 * allocates, so a vocabulary needs no freeing.  Words match like headers
 * (ts_fields_same()).
 */
#ifndef TS_VOCAB_H
#define TS_VOCAB_H

#include <stddef.h>

#include "ts_fields.h"

#define TS_VOCAB_MAX 512        /* words */
#define TS_VOCAB_POOL 32768     /* bytes of words and origins */

enum ts_vocab_kind {
	TS_VOCAB_ALIAS,         /* target: enum ts_field */
	TS_VOCAB_OUTCOME,       /* target: enum ts_outcome */
	TS_VOCAB_TOTAL,         /* target: 1 grand total, 2 subtotal */
	TS_VOCAB_MISSING,       /* a missing-value code */
};

struct ts_vocab_word {
	enum ts_vocab_kind kind;
	int target;
	const char *word;       /* in the pool */
	const char *origin;     /* "--outcome-word", "vocab.csv:3" (pool) */
};

struct ts_vocab {
	struct ts_vocab_word words[TS_VOCAB_MAX];
	size_t n;
	char pool[TS_VOCAB_POOL];
	size_t used;
};

/* Adds a word word[0..len) of kind with target, from origin.  Returns 0,
 * or -1 when the table is full. */
int ts_vocab_add(struct ts_vocab *v, enum ts_vocab_kind kind, int target,
    const char *word, size_t len, const char *origin);

/* The entry of kind whose word matches s[0..len), or NULL (v may be
 * NULL).  A word whose origin starts with '-' (an option) wins over a
 * file's; then the latest added. */
const struct ts_vocab_word *ts_vocab_find(const struct ts_vocab *v,
    enum ts_vocab_kind kind, const char *s, size_t len);

#endif
