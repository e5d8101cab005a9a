/* totalword.c — the words that make a row a total or a subtotal
 * ("Total", "Nacional", "Subtotal PGR"), shared by the row map (a total
 * row's period cell is not an error) and the totals pass. */
#include <pthread.h>
#include <string.h>

#include "ts_fields.h"
#include "ts_totalword.h"

static const struct word {
	const char *word;
	enum ts_total_kind kind;
	int label;              /* may be followed by a label */
} words[] = {
	{ "Total", TS_TOTAL_GRAND, 1 }, { "Totals", TS_TOTAL_GRAND, 1 },
	{ "Totales", TS_TOTAL_GRAND, 1 }, { "Totaux", TS_TOTAL_GRAND, 1 },
	{ "Total general", TS_TOTAL_GRAND, 1 }, { "Grand total", TS_TOTAL_GRAND, 1 },
	{ "Nacional", TS_TOTAL_GRAND, 0 }, { "National", TS_TOTAL_GRAND, 0 },
	{ "Global", TS_TOTAL_GRAND, 0 }, { "All", TS_TOTAL_GRAND, 0 },
	{ "Overall", TS_TOTAL_GRAND, 0 }, { "Todos", TS_TOTAL_GRAND, 0 },
	{ "Todas", TS_TOTAL_GRAND, 0 }, { "Ensemble", TS_TOTAL_GRAND, 0 },
	{ "Tous", TS_TOTAL_GRAND, 0 },
	{ "Subtotal", TS_TOTAL_SUB, 1 }, { "Subtotales", TS_TOTAL_SUB, 1 },
	{ "Sous-total", TS_TOTAL_SUB, 1 },
};
#define NWORDS (sizeof words / sizeof words[0])

const char *
ts_totalword_at(size_t i, enum ts_total_kind *kind, int *label)
{
	if (i >= NWORDS)
		return NULL;
	if (kind)
		*kind = words[i].kind;
	if (label)
		*label = words[i].label;
	return words[i].word;
}

/* The words folded, once for the process (every distinct label of a
 * column is classified: folding each word again for each was most of the
 * cost of a column of a million distinct values). */
static char folded_words[NWORDS][32];
static pthread_once_t folded_once = PTHREAD_ONCE_INIT;

static void
fold_words(void)
{
	size_t i;

	for (i = 0; i < NWORDS; i++)
		ts_fields_fold(words[i].word, strlen(words[i].word), folded_words[i],
		    sizeof folded_words[i]);
}

/* The kind of a folded cell when it is a total word; labelled: only the
 * words that may take a label. */
static enum ts_total_kind
word_kind(const char *folded, const char *const *user, size_t nuser, int labelled)
{
	char w[128];
	size_t i;

	pthread_once(&folded_once, fold_words);
	for (i = 0; i < NWORDS; i++) {
		if (labelled && !words[i].label)
			continue;
		if (folded_words[i][0] == folded[0] && strcmp(folded_words[i], folded) == 0)
			return words[i].kind;
	}
	/* The user's words take labels too: they are meant. */
	for (i = 0; i < nuser; i++) {
		ts_fields_fold(user[i], strlen(user[i]), w, sizeof w);
		if (w[0] && strcmp(w, folded) == 0)
			return strncmp(w, "sub", 3) == 0 ? TS_TOTAL_SUB : TS_TOTAL_GRAND;
	}
	return TS_TOTAL_NONE;
}

static int
is_sep(char c)
{
	return c == ' ' || c == '\t' || c == ':' || c == '(' || c == '-' ||
	    c == ',' || c == '/' || c == '[';
}

enum ts_total_kind
ts_totalword_classify(const char *s, size_t len, const char *const *user,
    size_t nuser, size_t *label_off)
{
	char folded[128];
	size_t start = 0, end = len, k, fl;
	enum ts_total_kind kind;

	if (label_off)
		*label_off = len;
	while (start < end && (s[start] == ' ' || s[start] == '\t'))
		start++;
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t' ||
	    s[end - 1] == ':'))
		end--;
	if (start == end)
		return TS_TOTAL_NONE;
	fl = ts_fields_fold(s + start, end - start, folded, sizeof folded);
	if (fl == 0)
		return TS_TOTAL_NONE;
	/* A value longer than any word can still start with one. */
	kind = fl + 1 < sizeof folded ? word_kind(folded, user, nuser, 0) : TS_TOTAL_NONE;
	if (kind != TS_TOTAL_NONE)
		return kind;
	/* "Total nacional", "Subtotal PGR": a word that takes a label, then a
	 * separator.  Only those words: "Todos Santos" stays a place. */
	for (k = start + 1; k < end; k++) {
		if (!is_sep(s[k]))
			continue;
		fl = ts_fields_fold(s + start, k - start, folded, sizeof folded);
		if (fl == 0 || fl + 1 >= sizeof folded)
			continue;
		kind = word_kind(folded, user, nuser, 1);
		if (kind == TS_TOTAL_NONE)
			continue;
		while (k < end && is_sep(s[k]))
			k++;
		if (label_off)
			*label_off = k;
		return kind;
	}
	return TS_TOTAL_NONE;
}
