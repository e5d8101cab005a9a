/* cli_input.c — the input options every reading command shares:
 * --input-format, --encoding, --delimiter, --records, --map, --day-first,
 * --today. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ts_cli.h"
#include "ts_encoding.h"
#include "ts_period.h"

const char ts_cli_input_help[] =
"  --input-format csv|json|ndjson|auto\n"
"                           input format (default auto: the file extension,\n"
"                           then the content)\n"
"  --encoding auto|NAME     input encoding (default auto: a BOM, else UTF-8\n"
"                           when valid, else Windows-1252); any iconv name\n"
"  --delimiter auto|,|;|tab||\n"
"                           CSV delimiter (default auto: sniffed from the header)\n"
"  --records PATH           JSON: the array of records in the top-level object,\n"
"                           as a dotted path (results.items) or a JSON Pointer\n"
"                           (/data); default: the array itself, or 'records'\n"
"  --map FIELD=COLUMN       read COLUMN as FIELD, over the aliases (repeatable;\n"
"                           'tracestat fields' lists the fields)\n"
"  --day-first              read dates as DD/MM/YYYY\n"
"  --today YYYY-MM-DD       the day that relative periods (--period\n"
"                           last-month) and future dates count from\n"
"                           (default: the system date)\n"
TS_CLI_LAYOUT_HELP;

static int
parse_delimiter(const char *v, struct ts_load_options *o)
{
	if (strcmp(v, "auto") == 0)
		o->delimiter = 0;
	else if (strcmp(v, "tab") == 0 || strcmp(v, "\t") == 0 || strcmp(v, "\\t") == 0)
		o->delimiter = '\t';
	else if (strcmp(v, ",") == 0 || strcmp(v, ";") == 0 || strcmp(v, "|") == 0)
		o->delimiter = v[0];
	else
		return ts_cli_usage_error("--delimiter: '%s' is not one of auto , ; tab |", v);
	return 0;
}

static int
parse_map(const char *v, struct ts_load_options *o)
{
	const char *eq = strchr(v, '=');
	char name[32];
	enum ts_field f;
	size_t k, len;

	if (eq == NULL || eq == v || eq[1] == '\0')
		return ts_cli_usage_error("--map: '%s' is not FIELD=COLUMN", v);
	len = (size_t)(eq - v);
	if (len >= sizeof name)
		return ts_cli_usage_error("--map: '%s' names no field ('tracestat fields' lists them)", v);
	memcpy(name, v, len);
	name[len] = '\0';
	f = ts_field_by_name(name);
	if (f == TS_F_NONE)
		return ts_cli_usage_error("--map: '%s' names no field ('tracestat fields' lists them)", v);
	for (k = 0; k < o->nmaps; k++)
		if (o->maps[k].field == f)
			return ts_cli_usage_error("--map: field '%s' is mapped twice", name);
	o->maps[o->nmaps].field = f;
	o->maps[o->nmaps].column = eq + 1;
	o->nmaps++;
	return 0;
}

static int
parse_today(const char *v, struct ts_load_options *o)
{
	struct ts_period p;

	if (ts_period_parse(v, strlen(v), 0, &p) != 0 || p.precision != TS_PREC_DAY)
		return ts_cli_usage_error("--today: '%s' is not a date YYYY-MM-DD", v);
	o->today = p.lo;
	o->has_today = 1;
	return 0;
}

int
ts_cli_input_option(int argc, char **argv, int *i, struct ts_load_options *o)
{
	static const char *const with_value[] = {
		"--encoding", "--delimiter", "--map", "--today", "--input-format",
		"--records",
	};
	const char *v;
	size_t k;
	int rc;

	if ((rc = ts_cli_layout_option(argc, argv, i, o)) >= 0)
		return rc;
	if (strcmp(argv[*i], "--day-first") == 0) {
		o->day_first = 1;
		return 0;
	}
	if ((rc = ts_cli_named_value(argc, argv, i, with_value,
	    sizeof with_value / sizeof with_value[0], &k, &v)) != 0)
		return rc;
	switch (k) {
	case 0:
		if (!ts_encoding_known(v))
			return ts_cli_usage_error("--encoding: unknown encoding '%s' "
			    "('iconv -l' lists the names)", v);
		o->encoding = v;
		return 0;
	case 1:
		return parse_delimiter(v, o);
	case 2:
		return parse_map(v, o);
	case 3:
		return parse_today(v, o);
	case 5:
		if (v[0] == '\0' || strcmp(v, "/") == 0)
			return ts_cli_usage_error("--records: '%s' names no member", v);
		o->records = v;
		return 0;
	default:
		if (ts_input_parse_format(v, &o->format) != 0)
			return ts_cli_usage_error("--input-format: unknown format '%s' "
			    "(csv, json, ndjson, auto)", v);
		return 0;
	}
}

void
ts_cli_input_defaults(struct ts_load_options *o)
{
	time_t now;
	struct tm tm;

	if (o->has_today)
		return;
	/* The user's calendar day, the one --period's relative words count
	 * from (cmd_report.c): a date is in the future when it is after the
	 * date on the user's clock, not after the date at Greenwich. */
	now = time(NULL);
	if (now == (time_t)-1 || localtime_r(&now, &tm) == NULL)
		return;
	o->today = ts_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	o->has_today = 1;
}
