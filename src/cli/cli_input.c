/* cli_input.c — the input options every reading command shares:
 * --input-format, --encoding, --delimiter, --records, --map, --day-first,
 * --today, and those of published layouts (docs/input.md): --header-line,
 * --missing, --dash, --part, --outcome-word, --vocab. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
"                           'tracestat fields' lists the fields); COLUMN may\n"
"                           be A+B to add two columns\n"
"  --header-line N          the header is line N (default: the first row of\n"
"                           the first 50 lines that names a count or outcome)\n"
"  --missing CODE           one more missing-value code (repeatable: -99, 00)\n"
"  --dash zero|missing      read a lone - or \xe2\x80\x94 as 0 (default missing)\n"
"  --part total|labor       of a TIP cell 5,682 (490), read the total (default)\n"
"                           or the labour part in parentheses\n"
"  --outcome-word WORD=OUTCOME\n"
"                           one more outcome word (repeatable), e.g.\n"
"                           'Guilty plea=convicted'\n"
"  --vocab FILE             an agency's aliases, outcome words and missing\n"
"                           codes (default: $TRACESTAT_VOCAB, else\n"
"                           $XDG_CONFIG_HOME/tracestat/vocab.csv)\n"
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

/* The words of --vocab, --missing and --outcome-word: one table for
 * the process, never freed (ts_vocab.h). */
static struct ts_vocab cli_vocab;
static int vocab_given;         /* --vocab: no default file */
static struct ts_error vocab_err;       /* the default file's error */

static int
parse_header_line(const char *v, struct ts_load_options *o)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (*v == '\0' || *end != '\0' || n < 1 || n > 100000000)
		return ts_cli_usage_error("--header-line: '%s' is not a line number", v);
	o->header_line = n;
	return 0;
}

static int
add_word(struct ts_load_options *o, const char *kind, const char *word,
    size_t wlen, const char *meaning, const char *origin, const char *arg)
{
	char why[160];

	if (ts_vocab_parse_word(&cli_vocab, kind, strlen(kind), word, wlen, meaning,
	    strlen(meaning), origin, why, sizeof why) != 0) {
		char msg[300];
		snprintf(msg, sizeof msg, "%s: '%%s': %s", origin, why);
		return ts_cli_usage_error(msg, arg);
	}
	o->vocab = &cli_vocab;
	return 0;
}

static int
parse_outcome_word(const char *v, struct ts_load_options *o)
{
	const char *eq = strrchr(v, '=');

	if (eq == NULL || eq == v || eq[1] == '\0')
		return ts_cli_usage_error("--outcome-word: '%s' is not WORD=OUTCOME", v);
	return add_word(o, "outcome", v, (size_t)(eq - v), eq + 1, "--outcome-word", v);
}

static int
load_vocab(struct ts_load_options *o, const char *path, const char *shown)
{
	struct ts_error err;

	memset(&err, 0, sizeof err);
	if (ts_vocab_load(&cli_vocab, path, shown, &err) != TS_OK)
		return ts_cli_fail(&err);
	o->vocab = &cli_vocab;
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
		"--header-line", "--missing", "--dash", "--part", "--outcome-word",
		"--vocab",
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
		return parse_header_line(v, o);
	case 6:
		return add_word(o, "missing", v, strlen(v), "", "--missing", v);
	case 7:
		if (strcmp(v, "zero") != 0 && strcmp(v, "missing") != 0)
			return ts_cli_usage_error("--dash: '%s' is not zero or missing", v);
		o->dash_zero = v[0] == 'z';
		return 0;
	case 8:
		if (strcmp(v, "total") != 0 && strcmp(v, "labor") != 0 &&
		    strcmp(v, "labour") != 0)
			return ts_cli_usage_error("--part: '%s' is not total or labor", v);
		o->part_labor = v[0] == 'l';
		return 0;
	case 9:
		return parse_outcome_word(v, o);
	case 10:
		vocab_given = 1;
		return load_vocab(o, v, v);
	case 11:
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
	const char *env, *home;
	char path[1024];

	/* The vocabulary of the environment, unless --vocab named one. */
	if (!vocab_given) {
		vocab_given = 1;
		path[0] = '\0';
		if ((env = getenv("TRACESTAT_VOCAB")) != NULL && *env) {
			snprintf(path, sizeof path, "%s", env);
		} else {
			if ((env = getenv("XDG_CONFIG_HOME")) != NULL && *env)
				snprintf(path, sizeof path, "%s/tracestat/vocab.csv", env);
			else if ((home = getenv("HOME")) != NULL && *home)
				snprintf(path, sizeof path, "%s/.config/tracestat/vocab.csv", home);
			if (path[0] && access(path, F_OK) != 0)
				path[0] = '\0';        /* none: nothing to add */
		}
		if (path[0] && ts_vocab_load(&cli_vocab, path, path, &vocab_err) != TS_OK)
			o->vocab_error = &vocab_err;
		else if (path[0])
			o->vocab = &cli_vocab;
	}
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
