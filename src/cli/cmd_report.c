/* cmd_report.c — tracestat report: read, group, compute, write. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_input.h"
#include "ts_output.h"
#include "ts_report.h"
#include "ts_totals.h"

enum format { FMT_TEXT, FMT_JSON, FMT_CSV, FMT_TSV, FMT_MARKDOWN };

struct options {
	enum format format;
	int format_set;
	struct ts_report_options report;
	const char *by;
	const char *output;           /* -o FILE; NULL for standard output */
	const char *period;           /* --period as given */
	int ascii;
	int timestamp;
	struct ts_load_options load;
	int strict;
	const char **files;
	size_t nfiles;
	int progress;           /* -1: when stderr is a terminal */
	struct ts_totals_options totals;
	const char **total_words;
};

static const char usage_report[] =
"Usage: tracestat report [OPTIONS] [FILE...]\n"
"\n"
"Reads counts tables or case lists (CSV with a header row, JSON or NDJSON,\n"
"in any encoding) and prints conviction rates with their confidence\n"
"intervals, for the total and for each group.  No FILE, or -, reads\n"
"standard input; several files are pooled, each with its own header.\n"
"\n"
"Options:\n"
"  --by FIELD[,FIELD...]    group by fields: year, quarter, month, period,\n"
"                           jurisdiction, agency, exploitation or any column\n"
"                           (a header as written, or any alias of a field)\n"
"  --period P               only records inside P: 2014, 2014-03, 2014-Q2,\n"
"                           2014-01..2014-06, last-month, last-quarter,\n"
"                           last-year, this-month, this-quarter, this-year\n"
"  --suppress N             show counts below N as <N and withhold every\n"
"                           figure that would reveal them\n"
"  --format FORMAT          text, json, csv, tsv or markdown (default: text)\n"
"  -o, --output FILE        write to FILE, replacing it only once the whole\n"
"                           report is written\n"
"  --ascii                  text: bars and dashes in plain ASCII\n"
"  --timestamp              add the time of the run (off: same input, same\n"
"                           bytes)\n"
"  --ci METHOD              interval: wilson (default), wilson-cc, exact\n"
"                           (Clopper-Pearson), jeffreys, agresti-coull\n"
"  --basis cohort|period    case lists: a period's rate counts the outcomes\n"
"                           of the cases opened in it (cohort, default), or\n"
"                           the convictions dated in it (closed) over the\n"
"                           cases opened in it (period: a ratio of\n"
"                           different cases, shown without an interval)\n"
"  --level L                confidence level, 0 < L < 1 (default: 0.95)\n"
"%s"
"  --threads N              threads that read and group a large file (default:\n"
"                           the number of cores, at most 2)\n"
"  --progress, --no-progress\n"
"                           show (or not) a progress line on standard error\n"
"                           (default: when it is a terminal and reading\n"
"                           takes over a second)\n"
"  --strict                 any rejected row is a failure: no report (exit 1)\n"
"%s"
TS_CLI_TOTALS_HELP
"  -h, --help               show this help\n"
"\n"
"Total rows (Total, Nacional, Subtotal PGR ...) are left out of the sums and\n"
"checked against the rows they cover; a figure given by two sources is\n"
"counted once.  The report says what it verified and what it chose.\n"
"Colour only when standard output is a terminal and NO_COLOR is not set.\n"
"\n"
"Examples:\n"
"  tracestat report data/2014.csv\n"
"  tracestat report --by year --format json data/cases.csv\n"
"  tracestat report --format json data/2014.csv | jq .total.conviction_rate\n"
"  tracestat report --by jurisdiction --period last-month --suppress 5 \\\n"
"      --format csv -o summary.csv data/*.csv\n"
"  tracestat report --encoding latin1 --delimiter ';' --map convictions=Cond export.csv\n";

static int
parse_format(const char *s, struct options *o)
{
	static const struct { const char *name; enum format f; } names[] = {
		{ "text", FMT_TEXT }, { "json", FMT_JSON }, { "csv", FMT_CSV },
		{ "tsv", FMT_TSV }, { "markdown", FMT_MARKDOWN }, { "md", FMT_MARKDOWN },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i].name) == 0)
			break;
	if (i == sizeof names / sizeof names[0])
		return ts_cli_usage_error("--format: unknown format '%s' (text, json, csv, tsv, markdown)", s);
	o->format = names[i].f;
	o->format_set = 1;
	return 0;
}

/* Resolves --today and --period (relative periods need the day). */
static int
parse_period(struct options *o)
{
	int32_t today;

	/* --today is read with the input options, and without it the day is
	 * theirs too: the future-date warnings count from the same day. */
	ts_cli_input_defaults(&o->load);
	if (!o->load.has_today)
		return ts_cli_usage_error("%s", "--today: cannot read the system date; give --today YYYY-MM-DD");
	today = o->load.today;
	if (o->period == NULL)
		return 0;
	if (ts_period_filter_parse(o->period, today, &o->report.period) != 0)
		return ts_cli_usage_error("--period: '%s' is not a period (2014, 2014-03, "
		    "2014-Q2, 2014-01..2014-06, last-month, last-quarter, last-year, this-year)",
		    o->period);
	o->report.has_period = 1;
	snprintf(o->report.period_text, sizeof o->report.period_text, "%s",
	    strlen(o->period) < sizeof o->report.period_text ? o->period : "(long)");
	return 0;
}

static void
set_timestamp(struct options *o)
{
	time_t now = time(NULL);
	struct tm tm;

	if (o->timestamp && gmtime_r(&now, &tm) != NULL)
		strftime(o->report.timestamp, sizeof o->report.timestamp,
		    "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Writes the report in the chosen format to fp. */
static int
write_report(FILE *fp, const struct options *o, const struct ts_result *res)
{
	struct ts_text_style style;

	style.color = fp == stdout && isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	style.ascii = o->ascii;
	switch (o->format) {
	case FMT_JSON:
		return ts_report_write_json(fp, res);
	case FMT_CSV:
		return ts_report_write_csv(fp, res, ',');
	case FMT_TSV:
		return ts_report_write_csv(fp, res, '\t');
	case FMT_MARKDOWN:
		return ts_report_write_markdown(fp, res);
	default:
		return ts_report_write_text(fp, res, &style);
	}
}

/* Parses the options of report; the rest go to o->files.
 * Returns 0, -1 after printing help, or an exit status. */
static int
parse_options(int argc, char **argv, struct options *o, const char *help)
{
	int i, only_args = 0, rc;
	const char *v;

	o->files = calloc((size_t)argc + 1, sizeof *o->files);
	o->total_words = calloc((size_t)argc + 1, sizeof *o->total_words);
	if (o->files == NULL || o->total_words == NULL)
		return TS_EIO;
	o->totals.words = o->total_words;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
			o->files[o->nfiles++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			printf(help, ts_cli_stats_help, ts_cli_input_help);
			return -1;
		} else if (ts_cli_is_opt(a, "--format")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--format")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--format");
			if ((rc = parse_format(v, o)) != 0)
				return rc;
		} else if (ts_cli_is_opt(a, "--level")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--level")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--level");
			if ((rc = ts_cli_parse_level(v, &o->report.level)) != 0)
				return rc;
		} else if (ts_cli_is_opt(a, "--basis")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--basis")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--basis");
			if (strcmp(v, "cohort") == 0)
				o->report.basis = TS_BASIS_COHORT;
			else if (strcmp(v, "period") == 0)
				o->report.basis = TS_BASIS_PERIOD;
			else
				return ts_cli_usage_error("--basis: unknown basis '%s' (cohort, period)", v);
		} else if (ts_cli_is_opt(a, "--ci")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--ci")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--ci");
			if ((rc = ts_cli_parse_ci(v, &o->report.method)) != 0)
				return rc;
		} else if (ts_cli_is_opt(a, "--by")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--by")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--by");
			o->by = v;
		} else if (ts_cli_is_opt(a, "--threads")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--threads")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--threads");
			if ((rc = ts_cli_parse_threads(v, &o->load.threads)) != 0)
				return rc;
		} else if (strcmp(a, "--progress") == 0) {
			o->progress = 1;
		} else if (strcmp(a, "--no-progress") == 0) {
			o->progress = 0;
		} else if ((rc = ts_cli_stats_option(argc, argv, &i, &o->report)) >= 0) {
			if (rc != 0)
				return rc;
		} else if ((rc = ts_cli_output_option(argc, argv, &i, &o->output)) >= 0) {
			if (rc != 0)
				return rc;
		} else if (ts_cli_is_opt(a, "--period")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--period")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--period");
			o->period = v;
		} else if (ts_cli_is_opt(a, "--suppress")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--suppress")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--suppress");
			if ((rc = ts_cli_parse_suppress(v, &o->report.suppress)) != 0)
				return rc;
		} else if (strcmp(a, "--ascii") == 0) {
			o->ascii = 1;
		} else if (strcmp(a, "--timestamp") == 0) {
			o->timestamp = 1;
		} else if (strcmp(a, "--strict") == 0) {
			o->strict = 1;
		} else if ((rc = ts_cli_reading_option(argc, argv, &i, &o->load,
		    &o->totals, o->total_words)) >= 0) {
			if (rc != 0)
				return rc;
		} else {
			return ts_cli_usage_error("unknown option '%s'", a);
		}
	}
	return 0;
}

/* Splits the --by list and resolves each name. */
static int
resolve_by(const struct ts_store *st, struct options *o, struct ts_error *err)
{
	char name[64];
	const char *p = o->by, *comma;
	size_t len;

	o->report.nby = 0;
	while (p && *p) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == 0 || len >= sizeof name)
			return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
			    "--by: empty or overlong field name in '%s'", o->by);
		if (o->report.nby == TS_MAX_BY)
			return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
			    "--by: at most %d fields", TS_MAX_BY);
		memcpy(name, p, len);
		name[len] = '\0';
		if (ts_report_resolve_by(st, name, &o->report.by[o->report.nby], err) != 0)
			return err->code;
		o->report.nby++;
		p = comma ? comma + 1 : NULL;
	}
	return TS_OK;
}

int
ts_cmd_report(int argc, char **argv)
{
	struct options o;
	struct ts_error err;
	struct ts_diags diags = { 0 };
	struct ts_store *st = NULL;
	struct ts_result *res = NULL;
	struct ts_output out;
	int rc, wrc;

	memset(&o, 0, sizeof o);
	memset(&err, 0, sizeof err);
	o.report.method = TS_CI_WILSON;
	o.report.level = 0.95;
	o.progress = -1;
	o.load.threads = ts_cli_default_threads();
	rc = parse_options(argc, argv, &o, usage_report);
	if (rc == 0)
		rc = parse_period(&o);
	if (rc != 0) {
		free(o.files);
		free(o.total_words);
		return rc < 0 ? ts_cli_finish(0) : rc;
	}
	st = ts_store_new();
	if (st == NULL) {
		free(o.files);
		free(o.total_words);
		fputs("tracestat: out of memory\n", stderr);
		return TS_EIO;
	}
	ts_cli_progress_setup(&o.load, o.progress);
	ts_cli_input_defaults(&o.load);
	o.load.layout.by = o.by;       /* a breakdown named in --by is used */
	rc = ts_cli_read_inputs(o.files, o.nfiles, &o.load, st, &diags, &err);
	if (rc == 0 && o.strict && ts_diags_count(&diags, TS_DIAG_REJECT)) {
		ts_error_set(&err, TS_EDATA, NULL, 0, 0, "--strict: %zu row%s rejected, "
		    "no report written", ts_diags_count(&diags, TS_DIAG_REJECT),
		    ts_diags_count(&diags, TS_DIAG_REJECT) == 1 ? "" : "s");
		rc = TS_EDATA;
	}
	if (rc == 0)
		rc = ts_totals_mark(st, &o.totals, &diags, &err);
	if (rc == 0)
		rc = ts_revisions_mark(st, &o.totals, &diags, &err);
	if (rc == 0)
		rc = resolve_by(st, &o, &err);
	if (rc == 0) {
		set_timestamp(&o);
		o.report.threads = o.load.threads;
		rc = ts_report_build(st, &o.report, &diags, &res, &err);
	}
	/* The output is opened only now: a run that fails before this point
	 * leaves an existing -o FILE as it was. */
	if (rc == 0)
		rc = ts_output_open(&out, o.output, &err);
	if (rc != 0) {
		rc = ts_cli_fail(&err);
		goto out;
	}
	errno = 0;
	wrc = write_report(out.fp, &o, res);
	if (wrc != 0 && !ferror(out.fp)) {
		/* The writer ran out of memory, not out of room. */
		ts_output_abort(&out);
		ts_error_set(&err, TS_EIO, NULL, 0, 0, "out of memory");
		rc = ts_cli_fail(&err);
		goto out;
	}
	if (out.path != NULL) {
		if (ts_output_commit(&out, &err) != 0) {
			rc = ts_cli_fail(&err);
			goto out;
		}
	}
	rc = ts_cli_finish(ts_cli_rejected(st) ? TS_EDATA : TS_OK);
out:
	ts_result_free(res);
	ts_store_free(st);
	ts_diags_free(&diags);
	free(o.files);
	free(o.total_words);
	return rc;
}

