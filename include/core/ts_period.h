/* ts_period.h — calendar periods as integers.
 *
 * A period is a closed range of days [lo, hi], counted from 1970-01-01
 * (proleptic Gregorian), with the precision it was written in.  "2014" is
 * 2014-01-01..2014-12-31 with precision YEAR; "2009-01..2014-06" is kept as a
 * RANGE and printed as written.  Pure functions: no I/O, no globals.
 */
#ifndef TS_PERIOD_H
#define TS_PERIOD_H

#include <stddef.h>
#include <stdint.h>

enum ts_precision {
	TS_PREC_NONE = 0,   /* no period given */
	TS_PREC_YEAR,
	TS_PREC_QUARTER,
	TS_PREC_MONTH,
	TS_PREC_DAY,
	TS_PREC_RANGE,      /* lo..hi as written, e.g. 2009-01..2014-06 */
	TS_PREC_FISCAL,     /* a fiscal or split year: FY2016, 2016/17 (its
	                       notation in range_prec, enum ts_fiscal_notation) */
};

/* How a fiscal or split year was written: its label.  FY2016 names the
 * year it ends in; the split years name the year they begin in. */
enum ts_fiscal_notation {
	TS_FY = 1,              /* FY2016 (also read: FY 2016, FY-2016) */
	TS_SPLIT_SLASH2,        /* 2016/17 */
	TS_SPLIT_SLASH4,        /* 2016/2017 */
	TS_SPLIT_DASH2,         /* 2017-18 */
	TS_SPLIT_DASH4,         /* 2016-2017 */
};

struct ts_period {
	int32_t lo, hi;          /* days since 1970-01-01, inclusive */
	uint8_t precision;       /* enum ts_precision */
	uint8_t range_prec;      /* for RANGE: precision of each end */
};

/* Days since 1970-01-01 of a valid civil date; no range checks. */
int32_t ts_days_from_civil(int year, int month, int day);

/* The civil date of a day number. */
void ts_civil_from_days(int32_t days, int *year, int *month, int *day);

/* 1 when year-month-day is a real date with year in 1..9999. */
int ts_date_valid(int year, int month, int day);

/* Parses "YYYY", "YYYY-MM", "YYYY-Qn", "YYYY-MM-DD", "DD/MM/YYYY" (only when
 * day_first), "A..B" ranges of those, and fiscal and split years
 * ("FY2016", "2016/17", "2017-18", "2016-2017": twelve months from
 * January, see ts_period_fiscal_start(); "2011-12" is a month).  s need not be NUL-terminated.
 * Returns 0, or -1 when s is not a period or names an impossible date. */
int ts_period_parse(const char *s, size_t len, int day_first,
    struct ts_period *out);

/* Moves a fiscal or split year p (TS_PREC_FISCAL, read as starting in
 * January) to begin in month `start` (1..12; --fiscal-start): FY2016
 * from October is 2015-10-01..2016-09-30, 2016/17 from July is
 * 2016-07-01..2017-06-30.  Other periods are left as they are. */
void ts_period_fiscal_start(struct ts_period *p, int start);

/* The months a parser met, so that a YYYY-MM-DD in a month seen before
 * costs a look-up and two digits (ts_period_parse_memo()).  Zeroed
 * before first use; written by the parser, so one a thread. */
#define TS_MONTH_MEMO 1024
struct ts_month_memo {
	uint64_t month[TS_MONTH_MEMO];  /* "YYYY-MM-" as read; 0: none */
	int32_t first[TS_MONTH_MEMO];   /* the day number of its first day */
	uint8_t days[TS_MONTH_MEMO];    /* the days in that month */
};

/* ts_period_parse(), with the months of ISO dates kept in memo: the
 * same results and errors. */
int ts_period_parse_memo(const char *s, size_t len, int day_first,
    struct ts_month_memo *memo, struct ts_period *out);

/* Writes the period as written ("2014", "2014-03", "2014-Q1", "2014-03-05",
 * "2009-01..2014-06") into buf.  Returns the length snprintf would write. */
int ts_period_format(const struct ts_period *p, char *buf, size_t size);

/* Narrows p to the period of the given precision (YEAR, QUARTER, MONTH) that
 * contains it.  When p spans more than one such period it is left as it is
 * (a range stays a range).  Returns the narrowed period. */
struct ts_period ts_period_at(const struct ts_period *p, enum ts_precision prec);

/* Orders periods chronologically: by lo, then by hi. */
int ts_period_cmp(const struct ts_period *a, const struct ts_period *b);

/* Parses a --period value: any period ts_period_parse() accepts (day_first
 * off), or one of last-month, last-quarter, last-year, this-month,
 * this-quarter, this-year, counted from the day number today.  The
 * relative words give a plain MONTH, QUARTER or YEAR period.  Returns 0, or
 * -1 when s is neither. */
int ts_period_filter_parse(const char *s, int32_t today, struct ts_period *out);

/* 1 when p lies wholly inside f (a record passes a --period filter only
 * then); 0 otherwise, and for a period of precision NONE. */
int ts_period_within(const struct ts_period *p, const struct ts_period *f);

#endif
