/* cli_stats.c — the report's statistical options (declared in ts_cli.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cli.h"
#include "ts_error.h"
#include "ts_period.h"

const char ts_cli_stats_help[] = TS_CLI_STATS_HELP;

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

int
ts_cli_stats_option(int argc, char **argv, int *i, struct ts_report_options *ro)
{
	const char *a = argv[*i], *v;

	if (ts_cli_is_opt(a, "--follow-up")) {
		if ((v = ts_cli_opt_value(argc, argv, i, "--follow-up")) == NULL)
			return ts_cli_usage_error("%s needs a value", "--follow-up");
		if (strlen(v) >= sizeof ro->follow_up_text ||
		    ts_cli_parse_duration(v, &ro->follow_up_days) != 0)
			return bad_value("--follow-up: %s is not a duration (a whole "
			    "number and d, m or y, up to 100 years: 24m, 2y, 730d)", v);
		snprintf(ro->follow_up_text, sizeof ro->follow_up_text, "%s", v);
	} else if (ts_cli_is_opt(a, "--as-of")) {
		if ((v = ts_cli_opt_value(argc, argv, i, "--as-of")) == NULL)
			return ts_cli_usage_error("%s needs a value", "--as-of");
		if (parse_date(v, &ro->as_of) != 0)
			return bad_value("--as-of: %s is not a date (YYYY-MM-DD)", v);
		ro->has_as_of = 1;
	} else if (ts_cli_is_opt(a, "--adjust")) {
		if ((v = ts_cli_opt_value(argc, argv, i, "--adjust")) == NULL)
			return ts_cli_usage_error("%s needs a value", "--adjust");
		if (ts_adjust_parse(v, &ro->adjust) != 0)
			return bad_value("--adjust: unknown method %s (holm, bh, none)", v);
	} else if (ts_cli_is_opt(a, "--dispersion")) {
		if ((v = ts_cli_opt_value(argc, argv, i, "--dispersion")) == NULL)
			return ts_cli_usage_error("%s needs a value", "--dispersion");
		if (strcmp(v, "multiplicative") == 0)
			ro->dispersion = TS_DISPERSION_MULTIPLICATIVE;
		else if (strcmp(v, "additive") == 0)
			ro->dispersion = TS_DISPERSION_ADDITIVE;
		else if (strcmp(v, "none") == 0)
			ro->dispersion = TS_DISPERSION_NONE;
		else
			return bad_value("--dispersion: unknown adjustment %s "
			    "(multiplicative, additive, none)", v);
	} else {
		return -1;
	}
	return 0;
}
