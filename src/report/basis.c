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
ts_basis_here(int moved, int pass, size_t c)
{
	return !moved || pass == (c == TS_CONVICTIONS);
}
