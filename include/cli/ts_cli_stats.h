/* ts_cli_stats.h — the report's statistical options: --follow-up,
 * --as-of, --adjust, --dispersion (docs/methods.md). */
#ifndef TS_CLI_STATS_H
#define TS_CLI_STATS_H

#include "ts_report.h"

/* One of the options at argv[*i] (advancing *i): returns -1 when argv[*i]
 * is none of them, 0 with ro set, or the exit status of a usage error. */
int ts_cli_stats_option(int argc, char **argv, int *i, struct ts_report_options *ro);

/* Parses a --follow-up duration: a whole number and d (days), m (months
 * of 365.25 / 12 days) or y (years of 365.25 days), at most 100 years.
 * Returns 0 with *days set, or -1. */
int ts_cli_parse_duration(const char *s, double *days);

/* Their lines of --help. */
extern const char ts_cli_stats_help[];

#define TS_CLI_STATS_HELP \
"  --follow-up DURATION     case lists: compare cohorts by the share convicted\n" \
"                           within DURATION of opening (24m, 2y, 730d): the\n" \
"                           Aalen-Johansen cumulative incidence, open cases\n" \
"                           censored at the cut-off; cohorts not followed that\n" \
"                           long are \"not yet observable\"\n" \
"  --as-of DATE             the cut-off of a case list, YYYY-MM-DD (default:\n" \
"                           the latest date in the data)\n" \
"  --adjust holm|bh|none    adjust each kind of test's p-values for the number\n" \
"                           of tests (default: holm)\n" \
"  --dispersion KIND        when rates vary more than sampling allows, widen\n" \
"                           funnel limits, differences and trends: KIND is\n" \
"                           multiplicative (default), additive or none\n"

#endif
