/* cli_input.c — the blocks of options every reading command shares: how
 * to read (--input-format, --encoding, --delimiter, --map, --day-first,
 * --today, --threads, --progress) and the total-row and revision passes
 * (--total-word, --keep-totals, --subtotal-of, --prefer-source). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ts_cli.h"
#include "ts_encoding.h"
#include "ts_period.h"

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

enum {
	OPT_FORMAT, OPT_ENCODING, OPT_DELIMITER, OPT_MAP, OPT_DAY_FIRST,
	OPT_TODAY, OPT_THREADS, OPT_PROGRESS, OPT_NO_PROGRESS,
};

static int
take_reading(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	struct ts_load_options *o = &a->load;

	switch (opt->id) {
	case OPT_FORMAT:
		if (ts_input_parse_format(v, &o->format) != 0)
			return ts_cli_usage_error("--input-format: unknown format '%s' "
			    "(csv, json, ndjson, auto)", v);
		return 0;
	case OPT_ENCODING:
		if (!ts_encoding_known(v))
			return ts_cli_usage_error("--encoding: unknown encoding '%s' "
			    "('iconv -l' lists the names)", v);
		o->encoding = v;
		return 0;
	case OPT_DELIMITER:
		return parse_delimiter(v, o);
	case OPT_MAP:
		return parse_map(v, o);
	case OPT_DAY_FIRST:
		o->day_first = 1;
		return 0;
	case OPT_TODAY:
		return parse_today(v, o);
	case OPT_THREADS:
		return ts_cli_parse_threads(v, &o->threads);
	case OPT_PROGRESS:
		a->progress = 1;
		return 0;
	default:
		a->progress = 0;
		return 0;
	}
}

const struct ts_cli_opt ts_cli_reading_opts[] = {
	{ "--input-format", 0, "csv|json|ndjson|auto", "auto csv json ndjson",
	  "input format (default auto: the file extension,\n"
	  "then the content)", take_reading, OPT_FORMAT },
	{ "--encoding", 0, "auto|NAME", "@encoding",
	  "input encoding (default auto: a BOM, else UTF-8\n"
	  "when valid, else Windows-1252); any iconv name", take_reading, OPT_ENCODING },
	{ "--delimiter", 0, "auto|,|;|tab||", "auto , ; tab |",
	  "CSV delimiter (default auto: sniffed from the header)", take_reading,
	  OPT_DELIMITER },
	{ "--map", 0, "FIELD=COLUMN", NULL,
	  "read COLUMN as FIELD, over the aliases (repeatable;\n"
	  "'tracestat fields' lists the fields)", take_reading, OPT_MAP },
	{ "--day-first", 0, NULL, NULL, "read dates as DD/MM/YYYY", take_reading,
	  OPT_DAY_FIRST },
	{ "--today", 0, "YYYY-MM-DD", NULL,
	  "the day that relative periods (--period\n"
	  "last-month) and future dates count from\n"
	  "(default: the system date)", take_reading, OPT_TODAY },
	{ "--threads", 0, "N", NULL,
	  "threads that read and group a large file (default:\n"
	  "the number of cores, at most 2)", take_reading, OPT_THREADS },
	{ "--progress", 0, NULL, NULL,
	  "show (or not) a progress line on standard error\n"
	  "(default: when it is a terminal and reading\n"
	  "takes over a second)", take_reading, OPT_PROGRESS },
	{ "--no-progress", 0, NULL, NULL, NULL, take_reading, OPT_NO_PROGRESS },
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

enum { OPT_TOTAL_WORD, OPT_KEEP_TOTALS, OPT_SUBTOTAL_OF, OPT_PREFER_SOURCE };

static int
take_totals(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	struct ts_totals_options *t = &a->totals;

	if (opt->id == OPT_KEEP_TOTALS) {
		t->keep_totals = 1;
		return 0;
	}
	if (*v == '\0')
		return ts_cli_usage_error("%s: the value is empty", opt->name);
	if (opt->id == OPT_TOTAL_WORD)
		a->total_words[t->nwords++] = v;
	else if (opt->id == OPT_SUBTOTAL_OF)
		t->subtotal_of = v;
	else
		t->prefer_source = v;
	return 0;
}

const struct ts_cli_opt ts_cli_totals_opts[] = {
	{ "--total-word", 0, "WORD", NULL,
	  "one more word that marks a total row (repeatable;\n"
	  "'tracestat fields' lists the built-in ones)", take_totals, OPT_TOTAL_WORD },
	{ "--keep-totals", 0, NULL, NULL,
	  "count total and subtotal rows as ordinary rows", take_totals,
	  OPT_KEEP_TOTALS },
	{ "--subtotal-of", 0, "COLUMN", "@field",
	  "a subtotal covers the rows whose COLUMN holds its\n"
	  "label ('Subtotal PGR': the rows whose COLUMN is\n"
	  "PGR), not the rows since the previous subtotal", take_totals,
	  OPT_SUBTOTAL_OF },
	{ "--prefer-source", 0, "TEXT", NULL,
	  "a figure revised between sources is counted from\n"
	  "the source that contains TEXT (default: the later\n"
	  "input)", take_totals, OPT_PREFER_SOURCE },
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

/* The old one-option helpers (ts_cli_input_option, ts_cli_totals_option,
 * ts_cli_reading_option) take argv[*i] when it is exactly an option of a
 * shared block, through the block's own take function. */
static int
block_option(int argc, char **argv, int *i, const struct ts_cli_opt *block,
    struct ts_cli_args *a)
{
	const struct ts_cli_opt *o;
	const char *v = NULL;

	for (o = block; o->name != NULL; o++)
		if (ts_cli_is_opt(argv[*i], o->name))
			break;
	if (o->name == NULL)
		return -1;
	if (o->arg != NULL && (v = ts_cli_opt_value(argc, argv, i, o->name)) == NULL)
		return ts_cli_usage_error("%s needs a value", o->name);
	return o->take(a, o, v);
}

int
ts_cli_input_option(int argc, char **argv, int *i, struct ts_load_options *o)
{
	struct ts_cli_args a;
	int rc;

	memset(&a, 0, sizeof a);
	a.load = *o;
	rc = block_option(argc, argv, i, ts_cli_reading_opts, &a);
	*o = a.load;
	return rc;
}

int
ts_cli_totals_option(int argc, char **argv, int *i,
    struct ts_totals_options *opt, const char **words)
{
	struct ts_cli_args a;
	int rc;

	memset(&a, 0, sizeof a);
	a.totals = *opt;
	a.total_words = words;
	a.totals.words = words;
	rc = block_option(argc, argv, i, ts_cli_totals_opts, &a);
	*opt = a.totals;
	return rc;
}

int
ts_cli_reading_option(int argc, char **argv, int *i,
    struct ts_load_options *load, struct ts_totals_options *totals,
    const char **words)
{
	int rc = ts_cli_totals_option(argc, argv, i, totals, words);

	return rc >= 0 ? rc : ts_cli_input_option(argc, argv, i, load);
}

void
ts_cli_input_defaults(struct ts_load_options *o)
{
	time_t now;
	struct tm tm;

	if (o->has_today)
		return;
	now = time(NULL);
	if (now == (time_t)-1 || gmtime_r(&now, &tm) == NULL)
		return;
	o->today = ts_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	o->has_today = 1;
}
