/* cmd_check.c — tracestat check: read every input, list every problem. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cli.h"
#include "ts_input.h"
#include "ts_totals.h"

static const char usage_check[] =
"Usage: tracestat check [OPTIONS] [FILE...]\n"
"\n"
"Reads the inputs as 'tracestat report' would and lists every problem:\n"
"rejected rows, files that cannot be read, and the consistency warnings\n"
"(convictions or prosecutions above investigations, a case_id seen twice,\n"
"a closed date before the case's period, dates in the future, a total\n"
"row that does not match the rows it covers, a figure revised between two\n"
"sources), each as FILE:LINE.  Notes (a total row verified, the source\n"
"counted for a revised figure) are listed too; they are not problems.\n"
"Prints nothing when all is well.  Changes nothing.\n";

static const char after_check[] =
"\n"
"Exit status: 0 nothing wrong, 1 problems or warnings found, 2 usage error,\n"
"3 a file cannot be read or parsed.\n"
"\n"
"Examples:\n"
"  tracestat check data/*.csv\n"
"  tracestat check --encoding windows-1252 --delimiter ';' export.csv\n";

static const struct ts_cli_opt check_opts[] = {
	TS_CLI_HELP_ENTRY,
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

static const struct ts_cli_block check_blocks[] = {
	{ "Options", check_opts },
	TS_CLI_READING_BLOCK,
	TS_CLI_TOTALS_BLOCK,
	{ NULL, NULL },
};

const struct ts_cli_command ts_cli_check = {
	"check", "check [OPTIONS] [FILE...]",
	"validate input, list every problem, change nothing",
	usage_check, after_check, check_blocks, 0, ts_cmd_check,
};

/* Prints the diagnostics of every kind, in the order they were found. */
static void
print_diags(const struct ts_store *st, const struct ts_diags *d)
{
	char msg[1200];
	size_t i;

	for (i = 0; i < d->count; i++) {
		const struct ts_input_info *in = ts_store_input_info_c(st, d->items[i].input);
		snprintf(msg, sizeof msg, "%s%s",
		    d->items[i].kind == TS_DIAG_WARNING ? "warning: " :
		    d->items[i].kind == TS_DIAG_NOTE ? "note: " : "", d->items[i].message);
		ts_cli_diag(in ? in->path : "", d->items[i].line, 0, msg);
	}
}

int
ts_cmd_check(int argc, char **argv)
{
	struct ts_cli_args a;
	struct ts_diags diags = { 0 };
	struct ts_error err;
	struct ts_store *st;
	size_t i;
	int rc, status = TS_OK;

	rc = ts_cli_parse(&ts_cli_check, argc, argv, &a, NULL);
	if (rc != 0) {
		ts_cli_args_free(&a);
		return rc == TS_CLI_HELP ? ts_cli_finish(0) : rc;
	}
	if (a.noperands == 0)
		a.operands[a.noperands++] = "-";
	ts_cli_progress_setup(&a.load, a.progress);
	ts_cli_input_defaults(&a.load);
	st = ts_store_new();
	if (st == NULL) {
		ts_cli_args_free(&a);
		fputs("tracestat: out of memory\n", stderr);
		return TS_EIO;
	}
	/* One store for all, so a case_id repeated across files is found; a
	 * file that cannot be read does not stop the check of the others. */
	for (i = 0; i < a.noperands; i++) {
		memset(&err, 0, sizeof err);
		if (ts_input_load(st, a.operands[i], &a.load, &diags, &err) != TS_OK) {
			print_diags(st, &diags);
			ts_diags_free(&diags);
			ts_cli_fail(&err);
			status = TS_EIO;
			if (strstr(err.message, "out of memory"))
				break;
		}
	}
	/* Total rows and revisions are checked over what could be read. */
	memset(&err, 0, sizeof err);
	if ((rc = ts_totals_mark(st, &a.totals, &diags, &err)) == TS_OK)
		rc = ts_revisions_mark(st, &a.totals, &diags, &err);
	print_diags(st, &diags);
	if (rc != TS_OK) {
		ts_cli_fail(&err);
		if (status == TS_OK || rc == TS_EUSAGE)
			status = rc;
	}
	if (status == TS_OK && (ts_diags_count(&diags, TS_DIAG_REJECT) ||
	    ts_diags_count(&diags, TS_DIAG_WARNING)))
		status = TS_EDATA;
	ts_diags_free(&diags);
	ts_store_free(st);
	ts_cli_args_free(&a);
	return ts_cli_finish(status);
}
