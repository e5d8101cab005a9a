/* cli_stats.c — the statistical options of report (--follow-up, --as-of,
 * --adjust) and of report and plot (--dispersion); docs/methods.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cli.h"
#include "ts_i18n.h"
#include "ts_error.h"
#include "ts_period.h"

int
ts_cli_parse_duration(const char *s, double *days)
{
	const char *p = s;
	double v = 0, unit;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > 36525)
			return -1;
	}
	if (p[0] == '\0' || p[1] != '\0')
		return -1;
	switch (*p) {
	case 'd':
		unit = 1;
		break;
	case 'm':
		unit = 365.25 / 12;
		break;
	case 'y':
		unit = 365.25;
		break;
	default:
		return -1;
	}
	if (v <= 0 || v * unit > 36525)
		return -1;
	*days = v * unit;
	return 0;
}

/* YYYY-MM-DD. */
static int
parse_date(const char *s, int32_t *day)
{
	int y, m, d, n = 0;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    s[4] != '-' || s[7] != '-' || !ts_date_valid(y, m, d))
		return -1;
	*day = ts_days_from_civil(y, m, d);
	return 0;
}

/* A usage error naming the value, quoted and escaped so that it cannot
 * act on the terminal. */
static int
bad_value(const char *fmt, const char *v)
{
	char q[96];

	ts_quote(v, strlen(v), q, sizeof q);
	return ts_cli_usage_error(fmt, q);
}

enum { OPT_FOLLOW_UP, OPT_AS_OF, OPT_ADJUST, OPT_DISPERSION };

static int
take_method(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	struct ts_report_options *ro = &a->report;

	switch (opt->id) {
	case OPT_FOLLOW_UP:
		if (strlen(v) >= sizeof ro->follow_up_text ||
		    ts_cli_parse_duration(v, &ro->follow_up_days) != 0)
			return bad_value(N_("--follow-up: %s is not a duration (a whole "
			    "number and d, m or y, up to 100 years: 24m, 2y, 730d)"), v);
		snprintf(ro->follow_up_text, sizeof ro->follow_up_text, "%s", v);
		return 0;
	case OPT_AS_OF:
		if (parse_date(v, &ro->as_of) != 0)
			return bad_value(N_("--as-of: %s is not a date (YYYY-MM-DD)"), v);
		ro->has_as_of = 1;
		return 0;
	case OPT_ADJUST:
		if (ts_adjust_parse(v, &ro->adjust) != 0)
			return bad_value(N_("--adjust: unknown method %s (holm, bh, none)"), v);
		return 0;
	default:
		if (strcmp(v, "multiplicative") == 0)
			ro->dispersion = TS_DISPERSION_MULTIPLICATIVE;
		else if (strcmp(v, "additive") == 0)
			ro->dispersion = TS_DISPERSION_ADDITIVE;
		else if (strcmp(v, "none") == 0)
			ro->dispersion = TS_DISPERSION_NONE;
		else
			return bad_value(N_("--dispersion: unknown adjustment %s "
			    "(multiplicative, additive, none)"), v);
		return 0;
	}
}

const struct ts_cli_opt ts_cli_method_opts[] = {
	{ "--follow-up", 0, "DURATION", NULL,
	  N_("case lists: compare cohorts by the share convicted\n"
	  "within DURATION of opening (24m, 2y, 730d): the\n"
	  "Aalen-Johansen cumulative incidence, open cases\n"
	  "censored at the cut-off; cohorts not followed that\n"
	  "long are \"not yet observable\""), take_method, OPT_FOLLOW_UP },
	{ "--as-of", 0, "DATE", NULL,
	  N_("the cut-off of a case list, YYYY-MM-DD (default:\n"
	  "the latest date in the data)"), take_method, OPT_AS_OF },
	{ "--adjust", 0, "holm|bh|none", "holm bh none",
	  N_("adjust each kind of test's p-values for the number\n"
	  "of tests (default: holm)"), take_method, OPT_ADJUST },
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

const struct ts_cli_opt ts_cli_dispersion_opts[] = {
	{ "--dispersion", 0, "KIND", "multiplicative additive none",
	  N_("when rates vary more than sampling allows, widen\n"
	  "funnel limits, differences and trends: KIND is\n"
	  "multiplicative (default), additive or none"), take_method, OPT_DISPERSION },
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};
