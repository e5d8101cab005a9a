/* basis.c — where a case's conviction counts on the period basis. */
#include "ts_basis.h"
#include "ts_fields.h"

int
ts_basis_any_period(const struct ts_report_options *opt)
{
	size_t b;

	for (b = 0; b < opt->nby; b++)
		if (opt->by[b].kind == TS_BY_PERIOD)
			return 1;
	return 0;
}

int
ts_basis_moved(const struct ts_store *st, const struct ts_report_options *opt,
    size_t i)
{
	return opt->basis == TS_BASIS_PERIOD &&
	    ts_store_outcome(st, i) == TS_OUTCOME_CONVICTED &&
	    ts_store_closed(st, i) != TS_NO_DAY &&
	    (ts_basis_any_period(opt) || opt->has_period);
}

int
ts_basis_here(int moved, int pass, size_t c)
{
	return !moved || pass == (c == TS_CONVICTIONS);
}

struct ts_period
ts_basis_closed(const struct ts_store *st, size_t i)
{
	struct ts_period day;

	day.lo = day.hi = ts_store_closed(st, i);
	day.precision = TS_PREC_DAY;
	day.range_prec = 0;
	return day;
}

void
ts_basis_rekey(const struct ts_store *st, const struct ts_report_options *opt,
    size_t i, struct ts_key *key)
{
	struct ts_period day = ts_basis_closed(st, i);
	size_t b;

	for (b = 0; b < opt->nby; b++)
		if (opt->by[b].kind == TS_BY_PERIOD)
			key[b].period = opt->by[b].prec == TS_PREC_NONE ? day :
			    ts_period_at(&day, opt->by[b].prec);
}
