/* cli_select.c — the rows report and plot show: --period, --where,
 * --sort, --top, and the heads of their group columns
 * (--canonical-names); docs/guide.md, "Long reports". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cli.h"
#include "ts_i18n.h"
#include "ts_period.h"

enum { SEL_PERIOD, SEL_WHERE, SEL_SORT, SEL_TOP, SEL_CANONICAL };

/* The most --top takes: more groups than any store holds. */
#define TOP_MAX 100000000

static int
take_select(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	const char *p;
	size_t n = 0;

	switch (opt->id) {
	case SEL_PERIOD:
		a->period = v;
		return 0;
	case SEL_CANONICAL:
		a->report.canonical_names = 1;
		return 0;
	case SEL_WHERE:
		if (a->report.nwhere == TS_MAX_WHERE)
			return ts_cli_usage_error(N_("--where: at most 8 (%s)"), v);
		if (strchr(v, '=') == NULL || *v == '=')
			return ts_cli_usage_error(N_("--where: '%s' is not FIELD=VALUE[,VALUE...]"), v);
		a->report.where[a->report.nwhere++] = v;
		return 0;
	case SEL_SORT:
		if (strcmp(v, "key") == 0)
			a->report.sort = TS_SORT_KEY;
		else if (strcmp(v, "rate") == 0)
			a->report.sort = TS_SORT_RATE;
		else if (strcmp(v, "count") == 0)
			a->report.sort = TS_SORT_COUNT;
		else
			return ts_cli_usage_error(N_("--sort takes rate, key or count, not '%s'"), v);
		a->sort_given = 1;
		return 0;
	default:
		for (p = v; *p >= '0' && *p <= '9' && n <= TOP_MAX; p++)
			n = n * 10 + (size_t)(*p - '0');
		if (p == v || *p != '\0' || n == 0 || n > TOP_MAX)
			return ts_cli_usage_error(N_("--top takes a whole number from 1 to "
			    "100000000, not '%s'"), v);
		a->report.top = n;
		return 0;
	}
}

const struct ts_cli_opt ts_cli_select_opts[] = {
	{ "--period", 0, "P",
	  "last-month last-quarter last-year this-month this-quarter this-year",
	  N_("only records inside P: 2014, 2014-03, 2014-Q2,\n"
	  "2014-01..2014-06, last-month, last-quarter,\n"
	  "last-year, this-month, this-quarter, this-year"), take_select, SEL_PERIOD },
	{ "--where", 0, "FIELD=VALUE[,VALUE...]", NULL,
	  N_("only records whose FIELD is one of the VALUEs,\n"
	  "compared as group labels are (case and accents\n"
	  "folded); \\, for a comma in a value; repeatable"), take_select, SEL_WHERE },
	{ "--sort", 0, "rate|key|count", "rate key count",
	  N_("order the groups by conviction rate (highest\n"
	  "first), key (the report's default) or\n"
	  "investigations (most first); with several --by\n"
	  "fields, inside each value of the first"), take_select, SEL_SORT },
	{ "--top", 0, "N", NULL,
	  N_("show the first N groups and the rest summed in\n"
	  "one \"other\" row (one --by field); the total and\n"
	  "the comparisons still take every group"), take_select, SEL_TOP },
	{ "--canonical-names", 0, NULL, NULL,
	  N_("head group columns with the field's name\n"
	  "(jurisdiction), not the input's own header"), take_select, SEL_CANONICAL },
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

int
ts_cli_select_period(struct ts_cli_args *a)
{
	/* --today is read with the input options, and without it the day is
	 * theirs too: the future-date warnings count from the same day. */
	ts_cli_input_defaults(&a->load);
	if (!a->load.has_today)
		return ts_cli_usage_error(N_("--today: cannot read the system date; "
		    "give --today YYYY-MM-DD"), "");
	if (a->period == NULL)
		return 0;
	if (ts_period_filter_parse(a->period, a->load.today, &a->report.period) != 0)
		return ts_cli_usage_error(N_("--period: '%s' is not a period (2014, 2014-03, "
		    "2014-Q2, 2014-01..2014-06, last-month, last-quarter, last-year, this-year)"),
		    a->period);
	a->report.has_period = 1;
	snprintf(a->report.period_text, sizeof a->report.period_text, "%s",
	    strlen(a->period) < sizeof a->report.period_text ? a->period : "(long)");
	return 0;
}
