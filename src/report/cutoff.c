/* cutoff.c — the cut-off of a case list's cohorts (group_impl.h). */
#include <stdint.h>

#include "group_impl.h"

int32_t
ts_group_cut_off(const struct ts_store *st, const struct ts_report_options *opt)
{
	size_t i, np = ts_store_nperiods(st), nc = ts_store_nclosed_days(st);
	int32_t last = INT32_MIN, d;
	struct ts_period p;

	if (opt->has_as_of)
		return opt->as_of;
	for (i = 0; i < np; i++) {
		p = ts_store_period_by_id(st, (uint32_t)i);
		if (p.precision == TS_PREC_DAY && p.hi > last)
			last = p.hi;
	}
	for (i = 1; i <= nc; i++)
		if ((d = ts_store_closed_day_by_id(st, (uint32_t)i)) != TS_NO_DAY && d > last)
			last = d;
	return last;
}
