/* cmd_convert.c — tracestat convert: the normalised records out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_convert.h"
#include "ts_input.h"
#include "ts_output.h"
#include "ts_totals.h"

static const char usage_convert[] =
"Usage: tracestat convert [OPTIONS] [FILE...]\n"
"\n"
"Reads records (CSV, JSON or NDJSON) and writes them normalised: canonical\n"
"field names, UTF-8, one record per accepted input row, with the year, month\n"
"and date derived from the period.  Rejected rows are reported and left out;\n"
"total, subtotal and revised rows are kept, marked in the column 'excluded'.\n"
"No FILE, or -, reads standard input; several files are pooled.\n"
"\n"
"Options:\n"
"  --to csv|json|ndjson     output format (default: csv)\n"
"  -o, --output FILE        write to FILE (atomically: all or nothing)\n"
"%s"
TS_CLI_TOTALS_HELP
"  -h, --help               show this help\n"
"\n"
"CSV output quotes per RFC 4180 and puts a ' before a text cell that a\n"
"spreadsheet would run as a formula (one starting with = + - @, a tab\n"
"or a carriage return).\n"
"\n"
"Examples:\n"
"  tracestat convert --to json data/2014.csv\n"
"  tracestat convert -o all.csv export.ndjson data/*.csv\n"
"\n"
"Exit status: 0 success, 1 rows rejected (the output is still written),\n"
"2 usage error, 3 input/output error (nothing is written).\n";

struct options {
	enum ts_convert_format to;
	const char *output;
	struct ts_load_options load;
	struct ts_totals_options totals;
	const char **total_words;
	const char **files;
	size_t nfiles;
};

/* Returns 0, -1 after printing help, or an exit status. */
static int
parse_options(int argc, char **argv, struct options *o)
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
		} else if (strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			printf(usage_convert, ts_cli_input_help);
			return -1;
		} else if (ts_cli_is_opt(a, "--to")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--to")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--to");
			if (ts_convert_parse_format(v, &o->to) != 0)
				return ts_cli_usage_error("--to: unknown format '%s' "
				    "(csv, json, ndjson)", v);
		} else if ((rc = ts_cli_output_option(argc, argv, &i, &o->output)) >= 0) {
			if (rc != 0)
				return rc;
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

int
ts_cmd_convert(int argc, char **argv)
{
	struct options o;
	struct ts_error err;
	struct ts_diags diags = { 0 };
	struct ts_store *st = NULL;
	struct ts_output out;
	int rc;

	memset(&o, 0, sizeof o);
	memset(&err, 0, sizeof err);
	rc = parse_options(argc, argv, &o);
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
	ts_cli_input_defaults(&o.load);
	o.load.keep_case_ids = 1;       /* written out with each record */
	rc = ts_cli_read_inputs(o.files, o.nfiles, &o.load, st, &diags, &err);
	if (rc == 0)
		rc = ts_totals_mark(st, &o.totals, &diags, &err);
	if (rc == 0)
		rc = ts_revisions_mark(st, &o.totals, &diags, &err);
	if (rc != 0) {
		ts_cli_fail(&err);
		goto out;
	}
	/* Opened only now: a run that fails before leaves -o FILE as it was. */
	rc = ts_output_open(&out, o.output, &err);
	if (rc != 0) {
		rc = ts_cli_fail(&err);
		goto out;
	}
	errno = 0;
	if (ts_convert_write(out.fp, st, o.to, out.path == NULL &&
	    isatty(STDOUT_FILENO)) != 0 && !ferror(out.fp)) {
		ts_output_abort(&out);
		ts_error_set(&err, TS_EIO, NULL, 0, 0, "out of memory");
		rc = ts_cli_fail(&err);
		goto out;
	}
	if (out.path != NULL && ts_output_commit(&out, &err) != 0) {
		rc = ts_cli_fail(&err);
		goto out;
	}
	rc = ts_cli_finish(ts_cli_rejected(st) ? TS_EDATA : TS_OK);
out:
	ts_store_free(st);
	ts_diags_free(&diags);
	free(o.files);
	free(o.total_words);
	return rc;
}
