/* fuzz_period.c — period cells and the calendar (ts_period_parse).
 *
 * Checks that a parsed period is ordered, made of real dates in years
 * 1..9999, prints as text that parses back to the same period, and that
 * narrowing it (year, quarter, month) gives a period that contains it.
 */
#include <string.h>

#include "fuzz.h"
#include "ts_period.h"

static void
check_day(int32_t day)
{
	int y, m, d;

	ts_civil_from_days(day, &y, &m, &d);
	FUZZ_CHECK(ts_date_valid(y, m, d));
	FUZZ_CHECK(ts_days_from_civil(y, m, d) == day);
}

static void
check_period(const struct ts_period *p)
{
	static const enum ts_precision narrow[] = {
		TS_PREC_YEAR, TS_PREC_QUARTER, TS_PREC_MONTH,
	};
	struct ts_period back, at;
	char buf[64];
	int n;
	size_t i;

	FUZZ_CHECK(p->precision >= TS_PREC_YEAR && p->precision <= TS_PREC_FISCAL);
	FUZZ_CHECK(p->lo <= p->hi);
	check_day(p->lo);
	check_day(p->hi);
	n = ts_period_format(p, buf, sizeof buf);
	FUZZ_CHECK(n > 0 && (size_t)n < sizeof buf);
	FUZZ_CHECK(ts_period_parse(buf, (size_t)n, 0, &back) == 0);
	FUZZ_CHECK(back.lo == p->lo && back.hi == p->hi &&
	    back.precision == p->precision);
	/* A fiscal year reads back as it was written, and shifts by whole
	 * months to another start. */
	if (p->precision == TS_PREC_FISCAL) {
		FUZZ_CHECK(back.range_prec == p->range_prec);
		at = *p;
		ts_period_fiscal_start(&at, 10);
		FUZZ_CHECK(at.hi - at.lo >= 364 && at.hi - at.lo <= 365);
	}
	for (i = 0; i < sizeof narrow / sizeof narrow[0]; i++) {
		at = ts_period_at(p, narrow[i]);
		FUZZ_CHECK(at.lo <= p->lo && at.hi >= p->hi);
		FUZZ_CHECK(ts_period_cmp(&at, &at) == 0);
	}
}

int
ts_fuzz_period(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct ts_period p;
	int day_first;

	for (day_first = 0; day_first <= 1; day_first++) {
		memset(&p, 0, sizeof p);
		if (ts_period_parse(s, size, day_first, &p) == 0)
			check_period(&p);
	}
	/* Day numbers from the bytes: the calendar round-trips over 1..9999. */
	if (size >= 4) {
		int32_t day = (int32_t)((uint32_t)data[0] | (uint32_t)data[1] << 8 |
		    (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24);
		int32_t lo = ts_days_from_civil(1, 1, 1), hi = ts_days_from_civil(9999, 12, 31);
		if (day >= lo && day <= hi)
			check_day(day);
	}
	return 0;
}
