/* period.c — calendar arithmetic and period parsing. */
#include <stdio.h>
#include <string.h>

#include "ts_error.h"
#include "ts_period.h"

/* Days from civil, after the well-known era-based method: years counted
 * from March so that the leap day falls at the end of the year. */
int32_t
ts_days_from_civil(int year, int month, int day)
{
	long y = (long)year - (month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t)(era * 146097 + doe - 719468);
}

void
ts_civil_from_days(int32_t days, int *year, int *month, int *day)
{
	long z = (long)days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;

	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

static int
days_in_month(int year, int month)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : mdays[month - 1];
}

int
ts_date_valid(int year, int month, int day)
{
	return year >= 1 && year <= 9999 && month >= 1 && month <= 12 &&
	    day >= 1 && day <= days_in_month(year, month);
}

/* Reads exactly n digits at s; returns the value or -1. */
static int
digits(const char *s, size_t len, size_t n)
{
	int v = 0;
	size_t i;

	if (len < n)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static const int8_t month_days[12] = {
	31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
};

/* Days from 1970-01-01 to the first of month m (1..12) of year y >= 1,
 * without the era arithmetic: the forms most cells hold (YYYY-MM-DD,
 * YYYY) come here a million times a file.  *leap gets whether y is a
 * leap year. */
static inline int32_t
month_start(int y, int m, int *leap)
{
	static const int16_t before[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
	};
	int32_t p = y - 1, c = p / 100, cy = y / 100;

	*leap = (y & 3) == 0 && (y != cy * 100 || (cy & 3) == 0);
	/* 719162: days from 0001-01-01 to 1970-01-01. */
	return 365 * p + p / 4 - c + c / 4 + before[m - 1] +
	    (m > 2 && *leap) - 719162;
}

/* The value of the n (<= 4) digits at s, or -1 when one is not a digit. */
static int
digits_at(const char *s, size_t n)
{
	int v = 0;
	unsigned d;
	size_t i;

	for (i = 0; i < n; i++) {
		d = (unsigned)(unsigned char)s[i] - '0';
		if (d > 9)
			return -1;
		v = v * 10 + (int)d;
	}
	return v;
}

/* The YYYY-MM-DD at s (its first eight bytes are w), from fixed
 * positions: 1 when it is a real date, with *first the day number of its
 * month's first day, *days the days in that month and *d its day. */
static int
iso_day(const char *s, uint64_t w, int32_t *first, int *days, int *d)
{
	/* "YYYY-MM-" as one little-endian word: the digit bytes (0-3, 5, 6)
	 * and the dashes (4, 7). */
	const uint64_t digit = 0x00FFFF00FFFFFFFFULL, dashes = 0x2D00002D00000000ULL;
	const uint64_t highs = 0xF0F0F0F0F0F0F0F0ULL & digit;
	const uint64_t zeros = 0x3030303030303030ULL & digit;
	uint64_t x;
	unsigned d0, d1;
	int y, m, leap;

	/* Each digit byte is 0x30..0x39: its high nibble is 3, and stays 3
	 * when 6 is added (no carry out of its low nibble). */
	if ((w & ~digit) != dashes || (w & highs) != zeros ||
	    ((w + (0x0606060606060606ULL & digit)) & highs) != zeros)
		return 0;
	d0 = (unsigned)(unsigned char)s[8] - '0';
	d1 = (unsigned)(unsigned char)s[9] - '0';
	if (d0 > 9 || d1 > 9)
		return 0;
	x = (w & digit) - zeros;
	y = (int)((x & 0xFF) * 1000 + (x >> 8 & 0xFF) * 100 + (x >> 16 & 0xFF) * 10 +
	    (x >> 24 & 0xFF));
	m = (int)((x >> 40 & 0xFF) * 10 + (x >> 48 & 0xFF));
	*d = (int)(d0 * 10 + d1);
	if (y < 1 || m < 1 || m > 12 || *d < 1)
		return 0;
	*first = month_start(y, m, &leap);
	*days = month_days[m - 1] + (m == 2 && leap);
	return *d <= *days;
}

/* YYYY-MM-DD, YYYY-MM and YYYY, the forms of nearly every cell, straight
 * from their fixed positions: 1 when s is one of them (*out set), 0 when
 * it is not or names no real date (the general parser then decides, and
 * words the message). */
static int
parse_fast(const char *s, size_t len, struct ts_period *out)
{
	uint64_t w;
	int y, m, d, days, leap;
	int32_t first;

	if (len == 4) {
		y = digits_at(s, 4);
		if (y < 1)
			return 0;
		out->lo = month_start(y, 1, &leap);
		out->hi = out->lo + 364 + leap;
		out->precision = out->range_prec = TS_PREC_YEAR;
		return 1;
	}
	if (len == 7) {
		/* YYYY-MM */
		y = digits_at(s, 4);
		m = digits_at(s + 5, 2);
		if (y < 1 || s[4] != '-' || m < 1 || m > 12)
			return 0;
		out->lo = month_start(y, m, &leap);
		out->hi = out->lo + month_days[m - 1] + (m == 2 && leap) - 1;
		out->precision = out->range_prec = TS_PREC_MONTH;
		return 1;
	}
	if (len != 10)
		return 0;
	memcpy(&w, s, 8);
	if (!iso_day(s, w, &first, &days, &d))
		return 0;
	out->lo = out->hi = first + d - 1;
	out->precision = out->range_prec = TS_PREC_DAY;
	return 1;
}

/* One end of a period, without ranges. */
static int
parse_single(const char *s, size_t len, int day_first, struct ts_period *out)
{
	int y, m, d, q;

	if (day_first && len == 10 && s[2] == '/' && s[5] == '/') {
		d = digits(s, 2, 2);
		m = digits(s + 3, 2, 2);
		y = digits(s + 6, 4, 4);
		if (d < 0 || m < 0 || y < 0 || !ts_date_valid(y, m, d))
			return -1;
		out->lo = out->hi = ts_days_from_civil(y, m, d);
		out->precision = TS_PREC_DAY;
		return 0;
	}
	y = digits(s, len, 4);
	if (y < 1)
		return -1;
	if (len == 4) {
		out->lo = ts_days_from_civil(y, 1, 1);
		out->hi = ts_days_from_civil(y, 12, 31);
		out->precision = TS_PREC_YEAR;
		return 0;
	}
	if (len == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q')) {
		q = digits(s + 6, 1, 1);
		if (q < 1 || q > 4)
			return -1;
		out->lo = ts_days_from_civil(y, 3 * q - 2, 1);
		out->hi = ts_days_from_civil(y, 3 * q, days_in_month(y, 3 * q));
		out->precision = TS_PREC_QUARTER;
		return 0;
	}
	if (len < 7 || s[4] != '-')
		return -1;
	m = digits(s + 5, 2, 2);
	if (m < 1 || m > 12)
		return -1;
	if (len == 7) {
		out->lo = ts_days_from_civil(y, m, 1);
		out->hi = ts_days_from_civil(y, m, days_in_month(y, m));
		out->precision = TS_PREC_MONTH;
		return 0;
	}
	if (len != 10 || s[7] != '-')
		return -1;
	d = digits(s + 8, 2, 2);
	if (d < 0 || !ts_date_valid(y, m, d))
		return -1;
	out->lo = out->hi = ts_days_from_civil(y, m, d);
	out->precision = TS_PREC_DAY;
	return 0;
}

/* The twelve months of fiscal year `year` in notation n, from January:
 * the year of an FY label is the one it ends in, that of a split year
 * the one it begins in; both are the same calendar year here. */
static void
fiscal_year(int year, enum ts_fiscal_notation n, struct ts_period *out)
{
	out->lo = ts_days_from_civil(year, 1, 1);
	out->hi = ts_days_from_civil(year, 12, 31);
	out->precision = TS_PREC_FISCAL;
	out->range_prec = (uint8_t)n;
}

/* "FY2016", "FY 2016", "FY-2016", "2016/17", "2016/2017", "2017-18",
 * "2016-2017": 0 with *out set, or -1.  A split year's second year is
 * the first's next; "2011-12" is left to be a month. */
static int
parse_fiscal(const char *s, size_t len, struct ts_period *out)
{
	int y, y2;
	size_t k = 2;

	if (len >= 6 && (s[0] == 'F' || s[0] == 'f') && (s[1] == 'Y' || s[1] == 'y')) {
		if (s[2] == ' ' || s[2] == '-')
			k = 3;
		if (len != k + 4 || (y = digits(s + k, 4, 4)) < 1)
			return -1;
		fiscal_year(y, TS_FY, out);
		return 0;
	}
	if ((len != 7 && len != 9) || (s[4] != '/' && s[4] != '-') ||
	    (y = digits(s, 4, 4)) < 1 || y >= 9999)
		return -1;
	y2 = digits(s + 5, len - 5, len - 5);
	if (y2 < 0 || (len == 7 ? y2 != (y + 1) % 100 : y2 != y + 1))
		return -1;
	fiscal_year(y, s[4] == '/' ? (len == 7 ? TS_SPLIT_SLASH2 : TS_SPLIT_SLASH4) :
	    (len == 7 ? TS_SPLIT_DASH2 : TS_SPLIT_DASH4), out);
	return 0;
}

void
ts_period_fiscal_start(struct ts_period *p, int start)
{
	int y, m, d;

	if (p->precision != TS_PREC_FISCAL || start < 2 || start > 12)
		return;
	ts_civil_from_days(p->lo, &y, &m, &d);
	/* An FY ends in its year; a split year begins in its first. */
	if (p->range_prec == TS_FY)
		y--;
	p->lo = ts_days_from_civil(y, start, 1);
	p->hi = ts_days_from_civil(y + 1, start, 1) - 1;
}

/* ts_period_parse() for what parse_fast() leaves: ranges, quarters,
 * day-first dates, and everything that is not a period. */
static TS_COLD int
parse_general(const char *s, size_t len, int day_first, struct ts_period *out)
{
	struct ts_period a, b;
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (s[i] == '.' && s[i + 1] == '.') {
			if (parse_single(s, i, day_first, &a) != 0 ||
			    parse_single(s + i + 2, len - i - 2, day_first, &b) != 0 ||
			    a.precision != b.precision || b.hi < a.lo)
				return -1;
			out->lo = a.lo;
			out->hi = b.hi;
			out->precision = TS_PREC_RANGE;
			out->range_prec = a.precision;
			return 0;
		}
	}
	if (parse_single(s, len, day_first, out) != 0)
		return parse_fiscal(s, len, out);
	out->range_prec = out->precision;
	return 0;
}

int
ts_period_parse(const char *s, size_t len, int day_first, struct ts_period *out)
{
	if (parse_fast(s, len, out))
		return 0;
	return parse_general(s, len, day_first, out);
}

/* The first of the two slots where a month's "YYYY-MM-" word may be kept
 * (two ways, so that two months of one set do not evict each other). */
static size_t
memo_slot(uint64_t w)
{
	return (size_t)((w * 0x9E3779B97F4A7C15ULL) >> 54) & (TS_MONTH_MEMO - 2);
}

/* ts_period_parse_memo() for a date whose month is not in slots j and
 * j + 1 of the memo (w: its first eight bytes): read in full, and kept
 * in slot j when it is a real date. */
static TS_COLD int
memo_miss(const char *s, int day_first, struct ts_month_memo *memo, size_t j,
    uint64_t w, struct ts_period *out)
{
	int32_t first;
	int days, day;

	if (!iso_day(s, w, &first, &days, &day))
		return parse_general(s, 10, day_first, out);
	/* The month of the first slot moves to the second. */
	memo->month[j + 1] = memo->month[j];
	memo->first[j + 1] = memo->first[j];
	memo->days[j + 1] = memo->days[j];
	memo->month[j] = w;
	memo->first[j] = first;
	memo->days[j] = (uint8_t)days;
	out->lo = out->hi = first + day - 1;
	out->precision = out->range_prec = TS_PREC_DAY;
	return 0;
}

int
ts_period_parse_memo(const char *s, size_t len, int day_first,
    struct ts_month_memo *memo, struct ts_period *out)
{
	uint64_t w;
	size_t j;
	unsigned d0, d1, d;

	if (len != 10)
		return ts_period_parse(s, len, day_first, out);
	memcpy(&w, s, 8);
	j = memo_slot(w);
	if (memo->month[j] != w && memo->month[++j] != w)
		return memo_miss(s, day_first, memo, j - 1, w, out);
	/* A month met before: only the day is left to read. */
	d0 = (unsigned)(unsigned char)s[8] - '0';
	d1 = (unsigned)(unsigned char)s[9] - '0';
	d = d0 * 10 + d1;
	if (d0 > 9 || d1 > 9 || d < 1 || d > memo->days[j])
		return parse_general(s, len, day_first, out);
	out->lo = out->hi = memo->first[j] + (int32_t)d - 1;
	out->precision = out->range_prec = TS_PREC_DAY;
	return 0;
}

static int
format_at(int32_t day, enum ts_precision prec, char *buf, size_t size)
{
	int y, m, d;

	ts_civil_from_days(day, &y, &m, &d);
	switch (prec) {
	case TS_PREC_YEAR:
		return snprintf(buf, size, "%04d", y);
	case TS_PREC_QUARTER:
		return snprintf(buf, size, "%04d-Q%d", y, (m - 1) / 3 + 1);
	case TS_PREC_MONTH:
		return snprintf(buf, size, "%04d-%02d", y, m);
	default:
		return snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	}
}

/* A fiscal or split year as it was written. */
static int
format_fiscal(const struct ts_period *p, char *buf, size_t size)
{
	int y, m, d, y2;

	ts_civil_from_days(p->lo, &y, &m, &d);
	if (p->range_prec == TS_FY) {
		ts_civil_from_days(p->hi, &y2, &m, &d);
		return snprintf(buf, size, "FY%04d", y2);
	}
	switch (p->range_prec) {
	case TS_SPLIT_SLASH2:
		return snprintf(buf, size, "%04d/%02d", y, (y + 1) % 100);
	case TS_SPLIT_SLASH4:
		return snprintf(buf, size, "%04d/%04d", y, y + 1);
	case TS_SPLIT_DASH2:
		return snprintf(buf, size, "%04d-%02d", y, (y + 1) % 100);
	default:
		return snprintf(buf, size, "%04d-%04d", y, y + 1);
	}
}

int
ts_period_format(const struct ts_period *p, char *buf, size_t size)
{
	char a[16], b[16];

	if (p->precision == TS_PREC_NONE)
		return snprintf(buf, size, "%s", "");
	if (p->precision == TS_PREC_FISCAL)
		return format_fiscal(p, buf, size);
	if (p->precision != TS_PREC_RANGE)
		return format_at(p->lo, (enum ts_precision)p->precision, buf, size);
	format_at(p->lo, (enum ts_precision)p->range_prec, a, sizeof a);
	format_at(p->hi, (enum ts_precision)p->range_prec, b, sizeof b);
	return snprintf(buf, size, "%s..%s", a, b);
}

struct ts_period
ts_period_at(const struct ts_period *p, enum ts_precision prec)
{
	struct ts_period r = *p;
	int y1, m1, d1, y2, m2, d2, q;

	/* A fiscal year keeps its label under --by year. */
	if (p->precision == TS_PREC_NONE || p->precision == TS_PREC_FISCAL)
		return r;
	ts_civil_from_days(p->lo, &y1, &m1, &d1);
	ts_civil_from_days(p->hi, &y2, &m2, &d2);
	switch (prec) {
	case TS_PREC_YEAR:
		if (y1 != y2)
			return r;
		r.lo = ts_days_from_civil(y1, 1, 1);
		r.hi = ts_days_from_civil(y1, 12, 31);
		break;
	case TS_PREC_QUARTER:
		if (y1 != y2 || (m1 - 1) / 3 != (m2 - 1) / 3)
			return r;
		q = (m1 - 1) / 3 + 1;
		r.lo = ts_days_from_civil(y1, 3 * q - 2, 1);
		r.hi = ts_days_from_civil(y1, 3 * q, days_in_month(y1, 3 * q));
		break;
	case TS_PREC_MONTH:
		if (y1 != y2 || m1 != m2)
			return r;
		r.lo = ts_days_from_civil(y1, m1, 1);
		r.hi = ts_days_from_civil(y1, m1, days_in_month(y1, m1));
		break;
	default:
		return r;
	}
	r.precision = (uint8_t)prec;
	r.range_prec = (uint8_t)prec;
	return r;
}

int
ts_period_cmp(const struct ts_period *a, const struct ts_period *b)
{
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	return 0;
}

int
ts_period_filter_parse(const char *s, int32_t today, struct ts_period *out)
{
	static const struct { const char *word; int back; enum ts_precision prec; } rel[] = {
		{ "last-month", 1, TS_PREC_MONTH }, { "this-month", 0, TS_PREC_MONTH },
		{ "last-quarter", 1, TS_PREC_QUARTER }, { "this-quarter", 0, TS_PREC_QUARTER },
		{ "last-year", 1, TS_PREC_YEAR }, { "this-year", 0, TS_PREC_YEAR },
	};
	struct ts_period day;
	int y, m, d;
	size_t i;

	for (i = 0; i < sizeof rel / sizeof rel[0]; i++) {
		if (strcmp(s, rel[i].word) != 0)
			continue;
		ts_civil_from_days(today, &y, &m, &d);
		if (rel[i].back) {
			/* Step to a day inside the previous period. */
			if (rel[i].prec == TS_PREC_YEAR)
				y--;
			else if (rel[i].prec == TS_PREC_QUARTER)
				m -= 3;
			else
				m -= 1;
			if (m < 1) {
				m += 12;
				y--;
			}
		}
		if (!ts_date_valid(y, m, 1))
			return -1;
		day.lo = day.hi = ts_days_from_civil(y, m, 1);
		day.precision = day.range_prec = TS_PREC_DAY;
		*out = ts_period_at(&day, rel[i].prec);
		return 0;
	}
	return ts_period_parse(s, strlen(s), 0, out);
}

int
ts_period_within(const struct ts_period *p, const struct ts_period *f)
{
	return p->precision != TS_PREC_NONE && p->lo >= f->lo && p->hi <= f->hi;
}
