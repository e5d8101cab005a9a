/* cli_input.c — the blocks of options every reading command shares: how
 * to read (--input-format, --encoding, --delimiter, --records, --map,
 * --header-line, --dash, --part, --day-first, --today, --threads,
 * --progress), the words of an agency's vocabulary (--vocab,
 * --outcome-word, --missing), and the total-row and revision passes
 * (--total-word, --keep-totals, --no-total-detection, --exact-labels,
 * --allow-repeats, --fill-down, --subtotal-of, --prefer-source); docs/input.md
 * says what each does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
		return ts_cli_usage_error(N_("--delimiter: '%s' is not one of auto , ; tab |"), v);
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
		return ts_cli_usage_error(N_("--map: '%s' is not FIELD=COLUMN"), v);
	len = (size_t)(eq - v);
	if (len >= sizeof name)
		return ts_cli_usage_error(N_("--map: '%s' names no field ('tracestat fields' lists them)"), v);
	memcpy(name, v, len);
	name[len] = '\0';
	f = ts_field_by_name(name);
	if (f == TS_F_NONE)
		return ts_cli_usage_error(N_("--map: '%s' names no field ('tracestat fields' lists them)"), v);
	for (k = 0; k < o->nmaps; k++)
		if (o->maps[k].field == f)
			return ts_cli_usage_error(N_("--map: field '%s' is mapped twice"), name);
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
		return ts_cli_usage_error(N_("--header-line: '%s' is not a line number"), v);
	o->header_line = n;
	return 0;
}

static int
add_word(struct ts_load_options *o, const char *kind, const char *word,
    size_t wlen, const char *meaning, const char *origin, const char *arg)
{
	char why[160], text[320];

	if (ts_vocab_parse_word(&cli_vocab, kind, strlen(kind), word, wlen, meaning,
	    strlen(meaning), origin, why, sizeof why, text, sizeof text) != 0) {
		char msg[800];
		/* The argument and the reason (which quotes it) are text, never
		 * a format: "x=%s%n" must be refused, not formatted. */
		snprintf(msg, sizeof msg, "%s: '%s': %s", origin, arg, *text ? text : why);
		return ts_cli_usage_error("%s", msg);
	}
	o->vocab = &cli_vocab;
	return 0;
}

static int
parse_outcome_word(const char *v, struct ts_load_options *o)
{
	const char *eq = strrchr(v, '=');

	if (eq == NULL || eq == v || eq[1] == '\0')
		return ts_cli_usage_error(N_("--outcome-word: '%s' is not WORD=OUTCOME"), v);
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
		return ts_cli_usage_error(N_("--today: '%s' is not a date YYYY-MM-DD"), v);
	o->today = p.lo;
	o->has_today = 1;
	return 0;
}

enum {
	OPT_FORMAT, OPT_ENCODING, OPT_DELIMITER, OPT_RECORDS, OPT_MAP,
	OPT_HEADER_LINE, OPT_DASH, OPT_PART, OPT_DAY_FIRST, OPT_TODAY,
	OPT_THREADS, OPT_PROGRESS, OPT_NO_PROGRESS,
	OPT_VOCAB, OPT_OUTCOME_WORD, OPT_MISSING,
};

static int
take_reading(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	struct ts_load_options *o = &a->load;

	switch (opt->id) {
	case OPT_FORMAT:
		if (ts_input_parse_format(v, &o->format) != 0)
			return ts_cli_usage_error(N_("--input-format: unknown format '%s' "
			    "(csv, json, ndjson, auto)"), v);
		return 0;
	case OPT_ENCODING:
		if (!ts_encoding_known(v))
			return ts_cli_usage_error(N_("--encoding: unknown encoding '%s' "
			    "('iconv -l' lists the names)"), v);
		o->encoding = v;
		return 0;
	case OPT_DELIMITER:
		return parse_delimiter(v, o);
	case OPT_RECORDS:
		if (v[0] == '\0' || strcmp(v, "/") == 0)
			return ts_cli_usage_error(N_("--records: '%s' names no member"), v);
		o->records = v;
		return 0;
	case OPT_MAP:
		return parse_map(v, o);
	case OPT_HEADER_LINE:
		return parse_header_line(v, o);
	case OPT_DASH:
		if (strcmp(v, "zero") != 0 && strcmp(v, "missing") != 0)
			return ts_cli_usage_error(N_("--dash: '%s' is not zero or missing"), v);
		o->dash_zero = v[0] == 'z';
		return 0;
	case OPT_PART:
		if (strcmp(v, "total") != 0 && strcmp(v, "labor") != 0 &&
		    strcmp(v, "labour") != 0)
			return ts_cli_usage_error(N_("--part: '%s' is not total or labor"), v);
		o->part_labor = v[0] == 'l';
		return 0;
	case OPT_VOCAB:
		vocab_given = 1;
		return load_vocab(o, v, v);
	case OPT_OUTCOME_WORD:
		return parse_outcome_word(v, o);
	case OPT_MISSING:
		return add_word(o, "missing", v, strlen(v), "", "--missing", v);
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
	  N_("input format (default auto: the file extension,\n"
	  "then the content)"), take_reading, OPT_FORMAT },
	{ "--encoding", 0, "auto|NAME", "@encoding",
	  N_("input encoding (default auto: a BOM, else UTF-8\n"
	  "when valid, else Windows-1252); any iconv name"), take_reading, OPT_ENCODING },
	{ "--delimiter", 0, "auto|,|;|tab||", "auto , ; tab |",
	  N_("CSV delimiter (default auto: sniffed from the header)"), take_reading,
	  OPT_DELIMITER },
	{ "--records", 0, "PATH", NULL,
	  N_("JSON: the array of records in the top-level object,\n"
	  "as a dotted path (results.items) or a JSON Pointer\n"
	  "(/data); default: the array itself, or 'records'"), take_reading,
	  OPT_RECORDS },
	{ "--map", 0, "FIELD=COLUMN", NULL,
	  N_("read COLUMN as FIELD, over the aliases (repeatable;\n"
	  "'tracestat fields' lists the fields); COLUMN may\n"
	  "be A+B to add two columns"), take_reading, OPT_MAP },
	{ "--header-line", 0, "N", NULL,
	  N_("the header is line N (default: the first row of\n"
	  "the first 50 lines that names a count or outcome)"), take_reading,
	  OPT_HEADER_LINE },
	{ "--dash", 0, "zero|missing", "zero missing",
	  N_("read a lone - or \xe2\x80\x94 as 0 (default missing)"), take_reading,
	  OPT_DASH },
	{ "--part", 0, "total|labor", "total labor",
	  N_("of a TIP cell 5,682 (490), read the total (default)\n"
	  "or the labour part in parentheses"), take_reading, OPT_PART },
	{ "--day-first", 0, NULL, NULL, N_("read dates as DD/MM/YYYY"), take_reading,
	  OPT_DAY_FIRST },
	{ "--today", 0, "YYYY-MM-DD", NULL,
	  N_("the day that relative periods (--period\n"
	  "last-month) and future dates count from\n"
	  "(default: the system date)"), take_reading, OPT_TODAY },
	{ "--threads", 0, "N", NULL,
	  N_("threads that read and group a large file (default:\n"
	  "the number of cores, at most 2)"), take_reading, OPT_THREADS },
	{ "--progress", 0, NULL, NULL,
	  N_("show (or not) a progress line on standard error\n"
	  "(default: when it is a terminal and reading\n"
	  "takes over a second)"), take_reading, OPT_PROGRESS },
	{ "--no-progress", 0, NULL, NULL, NULL, take_reading, OPT_NO_PROGRESS },
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

const struct ts_cli_opt ts_cli_vocab_opts[] = {
	{ "--vocab", 0, "FILE", "@file",
	  N_("an agency's aliases, outcome, total and missing\n"
	  "words (default: $TRACESTAT_VOCAB, else\n"
	  "$XDG_CONFIG_HOME/tracestat/vocab.csv)"), take_reading, OPT_VOCAB },
	{ "--outcome-word", 0, "WORD=OUTCOME", NULL,
	  N_("one more outcome word (repeatable), e.g.\n"
	  "'Guilty plea=convicted'"), take_reading, OPT_OUTCOME_WORD },
	{ "--missing", 0, "CODE", NULL,
	  N_("one more missing-value code (repeatable: -99, 00)"), take_reading,
	  OPT_MISSING },
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

enum {
	OPT_TOTAL_WORD, OPT_KEEP_TOTALS, OPT_NO_DETECTION, OPT_EXACT_LABELS,
	OPT_ALLOW_REPEATS, OPT_FILL_DOWN, OPT_SUBTOTAL_OF, OPT_PREFER_SOURCE,
};

static int
take_totals(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	struct ts_totals_options *t = &a->totals;

	switch (opt->id) {
	case OPT_KEEP_TOTALS:
		t->keep_totals = 1;
		return 0;
	case OPT_NO_DETECTION:
		t->no_detection = 1;
		return 0;
	case OPT_EXACT_LABELS:
		t->exact_labels = 1;
		return 0;
	case OPT_ALLOW_REPEATS:
		t->allow_repeats = 1;
		return 0;
	}
	if (*v == '\0')
		return ts_cli_usage_error(N_("%s: the value is empty"), opt->name);
	if (opt->id == OPT_TOTAL_WORD)
		a->total_words[t->nwords++] = v;
	else if (opt->id == OPT_SUBTOTAL_OF)
		t->subtotal_of = v;
	else if (opt->id == OPT_PREFER_SOURCE)
		t->prefer_source = v;
	else if (t->nfill == TS_TOTALS_MAX_FILL)
		return ts_cli_usage_error(N_("%s: at most 16 columns"), "--fill-down");
	else
		t->fill_down[t->nfill++] = v;
	return 0;
}

const struct ts_cli_opt ts_cli_totals_opts[] = {
	{ "--total-word", 0, "WORD", NULL,
	  N_("one more word that marks a total row (repeatable;\n"
	  "'tracestat fields' lists the built-in ones)"), take_totals, OPT_TOTAL_WORD },
	{ "--keep-totals", 0, NULL, NULL,
	  N_("count total and subtotal rows as ordinary rows"), take_totals,
	  OPT_KEEP_TOTALS },
	{ "--no-total-detection", 0, NULL, NULL,
	  N_("find total rows by their words only"), take_totals, OPT_NO_DETECTION },
	{ "--exact-labels", 0, NULL, NULL,
	  N_("group values as written ('CHIAPAS' apart from\n"
	  "'Chiapas')"), take_totals, OPT_EXACT_LABELS },
	{ "--allow-repeats", 0, NULL, NULL,
	  N_("count a repeated input as given"), take_totals, OPT_ALLOW_REPEATS },
	{ "--fill-down", 0, "COLUMN", "@field",
	  N_("fill COLUMN's blank cells from the row above"), take_totals,
	  OPT_FILL_DOWN },
	{ "--subtotal-of", 0, "COLUMN", "@field",
	  N_("a subtotal covers the rows whose COLUMN holds its\n"
	  "label ('Subtotal PGR': the rows whose COLUMN is\n"
	  "PGR), not the rows since the previous subtotal"), take_totals,
	  OPT_SUBTOTAL_OF },
	{ "--prefer-source", 0, "TEXT", NULL,
	  N_("a figure revised between sources is counted from\n"
	  "the source that contains TEXT (default: the later\n"
	  "input)"), take_totals, OPT_PREFER_SOURCE },
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

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
