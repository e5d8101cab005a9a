/* cmd_rate.c — tracestat rate K N: one proportion with its interval. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cli.h"
#include "ts_report.h"
#include "ts_stats.h"

static const char usage_rate[] =
"Usage: tracestat rate [OPTIONS] K N\n"
"\n"
"Prints the proportion K/N (K convictions out of N investigations) with\n"
"its confidence interval.\n"
"\n"
"Options:\n"
"  --level L                confidence level, 0 < L < 1 (default: 0.95)\n"
"  --format text|json       output format (default: text)\n"
"  -h, --help               show this help\n"
"\n"
"Examples:\n"
"  tracestat rate 19 229\n"
"  tracestat rate --level 0.99 --format json 19 229\n";

struct rate_options {
	int json;
	enum ts_ci_method method;
	double level;
	const char *args[2];
	int nargs;
};

/* Parses a count argument: a non-negative whole number. */
static int
parse_count_arg(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	if (*s < '0' || *s > '9')
		return ts_cli_usage_error("rate: %s is not a non-negative whole number", s);
	v = strtoll(s, &end, 10);
	if (*end || errno)
		return ts_cli_usage_error("rate: %s is not a non-negative whole number", s);
	*out = v;
	return 0;
}

/* Returns 0, -1 after printing help, or an exit status. */
static int
parse_options(int argc, char **argv, struct rate_options *o)
{
	const char *v;
	int i, rc;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_rate, stdout);
			return -1;
		} else if (ts_cli_is_opt(a, "--format")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--format")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--format");
			if (strcmp(v, "json") == 0)
				o->json = 1;
			else if (strcmp(v, "text") == 0)
				o->json = 0;
			else
				return ts_cli_usage_error("--format: unknown format '%s' (text, json)", v);
		} else if (ts_cli_is_opt(a, "--level")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--level")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--level");
			if ((rc = ts_cli_parse_level(v, &o->level)) != 0)
				return rc;
		} else if (a[0] == '-' && !(a[1] >= '0' && a[1] <= '9')) {
			return ts_cli_usage_error("unknown option '%s'", a);
		} else if (o->nargs < 2) {
			o->args[o->nargs++] = a;
		} else {
			return ts_cli_usage_error("rate: too many arguments ('%s')", a);
		}
	}
	return 0;
}

int
ts_cmd_rate(int argc, char **argv)
{
	struct rate_options o;
	struct ts_interval ci;
	int64_t k, n;
	int rc;
	char lvl[32];

	memset(&o, 0, sizeof o);
	o.method = TS_CI_WILSON;
	o.level = 0.95;
	rc = parse_options(argc, argv, &o);
	if (rc != 0)
		return rc < 0 ? ts_cli_finish(0) : rc;
	if (o.nargs != 2)
		return ts_cli_usage_error("rate: needs two numbers, K and N%s", "");
	if ((rc = parse_count_arg(o.args[0], &k)) != 0 ||
	    (rc = parse_count_arg(o.args[1], &n)) != 0)
		return rc;
	if (n == 0)
		return ts_cli_usage_error("rate: N is 0, so there is no rate%s", "");
	if (k > n)
		return ts_cli_usage_error("rate: K is larger than N: not a proportion%s", "");
	if (ts_stats_interval(o.method, k, n, o.level, &ci) != 0)
		return ts_cli_usage_error("rate: cannot compute this interval%s", "");
	snprintf(lvl, sizeof lvl, "%g%%", o.level * 100);
	if (o.json) {
		printf("{\"k\":%lld,\"n\":%lld,\"value\":", (long long)k, (long long)n);
		ts_json_num(stdout, ci.value);
		fputs(",\"low\":", stdout);
		ts_json_num(stdout, ci.low);
		fputs(",\"high\":", stdout);
		ts_json_num(stdout, ci.high);
		printf(",\"method\":\"%s\",\"level\":", ts_stats_method_name(o.method));
		ts_json_num(stdout, o.level);
		fputs("}\n", stdout);
	} else {
		printf("%lld/%lld = %.2f%% (%s CI %.2f%%\xe2\x80\x93%.2f%%, %s)\n",
		    (long long)k, (long long)n, ci.value * 100, lvl, ci.low * 100,
		    ci.high * 100, o.method == TS_CI_WILSON ? "Wilson" :
		    ts_stats_method_title(o.method));
	}
	return ts_cli_finish(TS_OK);
}
