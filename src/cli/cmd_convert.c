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
"No FILE, or -, reads standard input; several files are pooled.\n";

static const char after_convert[] =
"\n"
"CSV output quotes per RFC 4180 and puts a ' before a text cell that a\n"
"spreadsheet would run as a formula (one starting with = + - @, a tab\n"
"or a carriage return).  Control characters in CSV values are shown\n"
"escaped (\\x1b), wherever the output goes; JSON keeps them exact.\n"
"\n"
"Examples:\n"
"  tracestat convert --to json data/2014.csv\n"
"  tracestat convert -o all.csv export.ndjson data/*.csv\n"
"\n"
"Exit status: 0 success, 1 rows rejected (the output is still written),\n"
"2 usage error, 3 input/output error (nothing is written).\n";

struct options {
	enum ts_convert_format to;
};

static int
take_to(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	struct options *o = a->own;

	(void)opt;
	if (ts_convert_parse_format(v, &o->to) != 0)
		return ts_cli_usage_error(N_("--to: unknown format '%s' (csv, json, ndjson)"), v);
	return 0;
}

static const struct ts_cli_opt convert_opts[] = {
	{ "--to", 0, "csv|json|ndjson", "csv json ndjson",
	  N_("output format (default: csv)"), take_to, 0 },
	{ "--output", 'o', "FILE", "@file",
	  N_("write to FILE (atomically: all or nothing)"), ts_cli_take_output, 0 },
	TS_CLI_HELP_ENTRY,
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

static const struct ts_cli_block convert_blocks[] = {
	{ N_("Options"), convert_opts },
	TS_CLI_TABLE_BLOCKS,
	{ NULL, NULL },
};

const struct ts_cli_command ts_cli_convert = {
	"convert", "convert [OPTIONS] [FILE...]",
	N_("the records normalised, as CSV, JSON or NDJSON"),
	usage_convert, after_convert, convert_blocks, 0, ts_cmd_convert,
};

int
ts_cmd_convert(int argc, char **argv)
{
	struct options o;
	struct ts_cli_args a;
	struct ts_error err;
	struct ts_diags diags = { 0 };
	struct ts_store *st = NULL;
	struct ts_output out;
	int rc;

	memset(&o, 0, sizeof o);
	memset(&err, 0, sizeof err);
	rc = ts_cli_parse(&ts_cli_convert, argc, argv, &a, &o);
	if (rc == 0 && a.noutputs > 1)
		rc = ts_cli_usage_error(N_("convert writes one output; %s given twice"), "-o");
	if (rc != 0) {
		ts_cli_args_free(&a);
		return rc == TS_CLI_HELP ? ts_cli_finish(0) : rc;
	}
	st = ts_store_new();
	if (st == NULL) {
		ts_cli_args_free(&a);
		fputs(_("tracestat: out of memory\n"), stderr);
		return TS_EIO;
	}
	ts_cli_progress_setup(&a.load, a.progress);
	ts_cli_input_defaults(&a.load);
	a.totals.vocab = a.load.vocab;
	a.load.keep_case_ids = 1;       /* written out with each record */
	rc = ts_cli_read_inputs(a.operands, a.noperands, &a.load, st, &diags, &err);
	if (rc == 0)
		rc = ts_totals_mark(st, &a.totals, &diags, &err);
	if (rc == 0)
		rc = ts_revisions_mark(st, &a.totals, &diags, &err);
	if (rc != 0) {
		ts_cli_fail(&err);
		goto out;
	}
	/* Opened only now: a run that fails before leaves -o FILE as it was. */
	rc = ts_output_open(&out, a.noutputs ? a.outputs[0] : NULL, &err);
	if (rc != 0) {
		rc = ts_cli_fail(&err);
		goto out;
	}
	errno = 0;
	if (ts_convert_write(out.fp, st, o.to, out.path == NULL &&
	    isatty(STDOUT_FILENO), a.load.threads) != 0 && !ferror(out.fp)) {
		ts_output_abort(&out);
		ts_error_set(&err, TS_EIO, NULL, 0, 0, N_("out of memory"));
		rc = ts_cli_fail(&err);
		goto out;
	}
	if (out.path != NULL && ts_output_commit(&out, &err) != 0) {
		rc = ts_cli_fail(&err);
		goto out;
	}
	/* The records have no place for a warning (a repeated case id, a
	 * total that does not add up, labels folded): a script reading them
	 * hears it on standard error, as from report's CSV. */
	ts_cli_print_warnings(st, &diags);
	rc = ts_cli_finish(ts_cli_rejected(st) ? TS_EDATA : TS_OK);
out:
	ts_store_free(st);
	ts_diags_free(&diags);
	ts_cli_args_free(&a);
	return rc;
}
