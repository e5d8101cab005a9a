/* ts_cellnum.h — count cells as agencies print them (docs/input.md).
 *
 * A published table's counts are not always plain numbers: footnote marks
 * follow them (19*, 229 a/, 19 (p), 19¹), statistical offices add flags
 * (Eurostat's ": " for missing, "p" provisional, "e" estimated, "b" break
 * in series), the TIP report prints a total with its labour part in
 * parentheses (5,682 (490)), and small counts are censored (<5, ≤3,
 * menos de 5).  These functions read those forms; the plain forms are
 * ts_parse_count()'s.  Pure functions: no I/O, no allocation.
 */
#ifndef TS_CELLNUM_H
#define TS_CELLNUM_H

#include <stddef.h>
#include <stdint.h>

/* The length of s[0..len) without the footnote marks that end it: '*',
 * '†', '‡', superscript digits, "a/" or "12/", "(a)" or "(p)" (one to
 * three letters or digits in parentheses), with the spaces before them.
 * With flags set, a single Eurostat flag letter (p e b c u z d n r s f)
 * after a space or a digit counts as a mark too.  Returns len when
 * nothing was stripped; never strips the whole text. */
size_t ts_cellnum_unmark(const char *s, size_t len, int flags);

enum ts_cellnum_kind {
	TS_CELLNUM_BAD = 0,     /* none of the forms below */
	TS_CELLNUM_MARKED,      /* a count with a mark after it */
	TS_CELLNUM_PART,        /* "5,682 (490)": value and part */
	TS_CELLNUM_FLAGGED_MISSING, /* ":" with or without a flag */
	TS_CELLNUM_CENSORED,    /* "<5": somewhere in lo..hi */
	TS_CELLNUM_TOO_BIG,     /* one of the forms, above the largest count */
};

struct ts_cellnum {
	enum ts_cellnum_kind kind;
	int64_t value;          /* MARKED, PART */
	int64_t part;           /* PART: the figure in parentheses */
	int64_t lo, hi;         /* CENSORED */
	size_t mark;            /* MARKED: offset of the mark in the cell */
};

/* Reads an annotated or censored count cell s[0..len) (spaces around it
 * ignored) into *out; returns out->kind. */
enum ts_cellnum_kind ts_cellnum_parse(const char *s, size_t len,
    struct ts_cellnum *out);

/* 1 when s[0..len) (spaces around it ignored) is a dash: "-", "–", "—". */
int ts_cellnum_is_dash(const char *s, size_t len);

#endif
