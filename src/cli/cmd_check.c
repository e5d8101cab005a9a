/* cmd_check.c — tracestat check: read every input, list every problem. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cli.h"
#include "ts_input.h"
#include "ts_rowmap.h"
#include "ts_totals.h"

static const char usage_check[] =
"Usage: tracestat check [OPTIONS] [FILE...]\n"
"\n"
"Reads the inputs as 'tracestat report' would and lists every problem:\n"
"rejected rows, files that cannot be read, and the consistency warnings\n"
"(convictions or prosecutions above investigations, a case_id seen twice,\n"
"a closed date before the case's period, dates in the future, a total\n"
"row that does not match the rows it covers, a figure revised between two\n"
"sources, a total found by arithmetic, labels folded, blank labels, a\n"
"repeated input, a range row over its own periods, counts that never meet\n"
"in one record), each as FILE:LINE.  Notes (a total row verified, the source\n"
"counted for a revised figure) are listed too; they are not problems.\n"
"Prints nothing when all is well.  Changes nothing.\n"
"\n"
"Options:\n"
"%s"
TS_CLI_TOTALS_HELP
"  -h, --help               show this help\n"
"\n"
"Exit status: 0 nothing wrong, 1 problems or warnings found, 2 usage error,\n"
"3 a file cannot be read or parsed.\n"
"\n"
"Examples:\n"
"  tracestat check data/*.csv\n"
"  tracestat check --encoding windows-1252 --delimiter ';' export.csv\n";

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
		    d->items[i].kind == TS_DIAG_NOTE ||
		    d->items[i].kind == TS_DIAG_DETAIL ? "note: " : "", d->items[i].message);
		ts_cli_diag(in ? in->path : "", d->items[i].line, 0, msg);
	}
}

int
ts_cmd_check(int argc, char **argv)
{
	struct ts_load_options load;
	struct ts_totals_options totals;
	const char **words;
	struct ts_diags diags = { 0 };
	struct ts_error err;
	struct ts_store *st;
	const char **files;
	size_t nfiles = 0, i;
	int a, rc, only_args = 0, status = TS_OK;

	memset(&load, 0, sizeof load);
	memset(&totals, 0, sizeof totals);
	files = calloc((size_t)argc + 1, sizeof *files);
	words = calloc((size_t)argc + 1, sizeof *words);
	if (files == NULL || words == NULL) {
		free(files);
		free(words);
		return TS_EIO;
	}
	for (a = 0; a < argc; a++) {
		if (only_args || argv[a][0] != '-' || strcmp(argv[a], "-") == 0) {
			files[nfiles++] = argv[a];
		} else if (strcmp(argv[a], "--") == 0) {
			only_args = 1;
		} else if (strcmp(argv[a], "-h") == 0 || strcmp(argv[a], "--help") == 0) {
			free(files);
			free(words);
			printf(usage_check, ts_cli_input_help);
			return ts_cli_finish(0);
		} else if ((rc = ts_cli_input_option(argc, argv, &a, &load)) >= 0 ||
		    (rc = ts_cli_totals_option(argc, argv, &a, &totals, words)) >= 0) {
			if (rc != 0) {
				free(files);
				free(words);
				return rc;
			}
		} else {
			free(files);
			free(words);
			return ts_cli_usage_error("unknown option '%s'", argv[a]);
		}
	}
	if (nfiles == 0)
		files[nfiles++] = "-";
	ts_cli_input_defaults(&load);
	if (load.vocab_error) {
		free(files);
		free(words);
		return ts_cli_fail(load.vocab_error);
	}
	st = ts_store_new();
	if (st == NULL) {
		free(files);
		free(words);
		fputs("tracestat: out of memory\n", stderr);
		return TS_EIO;
	}
	/* One store for all, so a case_id repeated across files is found; a
	 * file that cannot be read does not stop the check of the others. */
	for (i = 0; i < nfiles; i++) {
		memset(&err, 0, sizeof err);
		if (ts_input_load(st, files[i], &load, &diags, &err) != TS_OK) {
			print_diags(st, &diags);
			ts_diags_free(&diags);
			ts_cli_fail(&err);
			status = TS_EIO;
			if (strstr(err.message, "out of memory"))
				break;
		}
	}
	memset(&err, 0, sizeof err);
	if (status == TS_OK && ts_rowmap_check_maps(st, &load, &err) != TS_OK) {
		ts_diags_free(&diags);
		ts_store_free(st);
		free(files);
		free(words);
		return ts_cli_fail(&err);
	}
	/* Total rows and revisions are checked over what could be read. */
	memset(&err, 0, sizeof err);
	if ((rc = ts_totals_mark(st, &totals, &diags, &err)) == TS_OK)
		rc = ts_revisions_mark(st, &totals, &diags, &err);
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
	free(files);
	free(words);
	return ts_cli_finish(status);
}
