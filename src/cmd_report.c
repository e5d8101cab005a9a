/* cmd_report.c — tracestat report: read, group, compute, write. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_input.h"
#include "ts_report.h"

enum format { FMT_TEXT, FMT_JSON };

struct options {
	enum format format;
	int format_set;
	struct ts_report_options report;
	const char *by;
	struct ts_load_options load;
	const char **files;
	size_t nfiles;
};

static const char usage_report[] =
"Usage: tracestat report [OPTIONS] [FILE...]\n"
"\n"
"Reads counts tables (CSV with a header row, JSON or NDJSON records) and\n"
"prints conviction rates with their confidence intervals, for the total\n"
"and for each group.\n"
"No FILE, or -, reads standard input; several files are pooled.\n"
"\n"
"Options:\n"
"  --by FIELD[,FIELD...]    group by fields: year, quarter, month, period,\n"
"                           jurisdiction, agency, exploitation or any column\n"
"  --format text|json       output format (default: text)\n"
"  --level L                confidence level, 0 < L < 1 (default: 0.95)\n"
"  --input-format csv|json|ndjson|auto\n"
"                           input format (default auto: the file extension,\n"
"                           then the content)\n"
"  --day-first              read dates as DD/MM/YYYY\n"
"  -h, --help               show this help\n"
"\n"
"Examples:\n"
"  tracestat report data/2014.csv\n"
"  tracestat report --by year --format json data/cases.csv\n"
"  tracestat report --format json data/2014.csv | jq .total.conviction_rate\n";

static int
parse_format(const char *s, struct options *o)
{
	if (strcmp(s, "text") == 0)
		o->format = FMT_TEXT;
	else if (strcmp(s, "json") == 0)
		o->format = FMT_JSON;
	else
		return ts_cli_usage_error("--format: unknown format '%s' (text, json)", s);
	o->format_set = 1;
	return 0;
}

/* Parses the options of report; the rest go to o->files.
 * Returns 0, -1 after printing help, or an exit status. */
static int
parse_options(int argc, char **argv, struct options *o, const char *help)
{
	int i, only_args = 0, rc;
	const char *v;

	o->files = calloc((size_t)argc + 1, sizeof *o->files);
	if (o->files == NULL)
		return TS_EIO;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
			o->files[o->nfiles++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(help, stdout);
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
		} else if (ts_cli_is_opt(a, "--by")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--by")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--by");
			o->by = v;
		} else if ((rc = ts_cli_load_option(argc, argv, &i, &o->load)) != 0) {
			if (rc != 1)
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
	struct ts_text_style style = { 0 };
	int rc;

	memset(&o, 0, sizeof o);
	memset(&err, 0, sizeof err);
	o.report.method = TS_CI_WILSON;
	o.report.level = 0.95;
	rc = parse_options(argc, argv, &o, usage_report);
	if (rc != 0) {
		free(o.files);
		return rc < 0 ? ts_cli_finish(0) : rc;
	}
	st = ts_store_new();
	if (st == NULL) {
		free(o.files);
		fputs("tracestat: out of memory\n", stderr);
		return TS_EIO;
	}
	rc = ts_cli_read_inputs(o.files, o.nfiles, &o.load, st, &diags, &err);
	if (rc == 0)
		rc = resolve_by(st, &o, &err);
	if (rc == 0)
		rc = ts_report_build(st, &o.report, &diags, &res, &err);
	if (rc != 0) {
		ts_cli_fail(&err);
		goto out;
	}
	style.color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	if (o.format == FMT_JSON)
		ts_report_write_json(stdout, res);
	else
		ts_report_write_text(stdout, res, &style);
	rc = ts_cli_finish(ts_cli_rejected(st) ? TS_EDATA : TS_OK);
out:
	ts_result_free(res);
	ts_store_free(st);
	ts_diags_free(&diags);
	free(o.files);
	return rc;
}

