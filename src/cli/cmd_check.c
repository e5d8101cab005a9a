/* cmd_check.c — tracestat check: read every input, list every problem. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cli.h"
#include "ts_input.h"
#include "ts_json.h"
#include "ts_jsonout.h"
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
"Prints nothing when all is well.  Changes nothing.  With --format json,\n"
"one JSON object on standard output lists them all with stable codes.\n";

static const char after_check[] =
"\n"
"Exit status: 0 nothing wrong, 1 problems or warnings found, 2 usage error,\n"
"3 a file cannot be read or parsed.\n"
"\n"
"Examples:\n"
"  tracestat check data/*.csv\n"
"  tracestat check --encoding windows-1252 --delimiter ';' export.csv\n";

struct check_options {
	int json;
};

static int
take_format(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	struct check_options *o = a->own;

	(void)opt;
	return ts_cli_parse_text_json(v, &o->json);
}

static const struct ts_cli_opt check_opts[] = {
	{ "--format", 0, "text|json", "text json",
	  N_("text: one line per problem on standard error\n"
	  "(default); json: one object on standard output,\n"
	  "schema tracestat.check/1 (docs/json.md)"), take_format, 0 },
	TS_CLI_HELP_ENTRY,
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

static const struct ts_cli_block check_blocks[] = {
	{ N_("Options"), check_opts },
	TS_CLI_TABLE_BLOCKS,
	{ NULL, NULL },
};

const struct ts_cli_command ts_cli_check = {
	"check", "check [OPTIONS] [FILE...]",
	N_("validate input, list every problem, change nothing"),
	usage_check, after_check, check_blocks, 0, ts_cmd_check,
};

/* The JSON of check: every input read, every diagnostic in the order
 * found (with its kind and code), the files that could not be read. */
static void
print_json(const struct ts_store *st, const struct ts_diags *d,
    const char *const *errors, size_t nerrors, int status)
{
	size_t i;

	fputs("{\n  \"schema\": \"" TS_JSON_CHECK_SCHEMA "\",\n  \"inputs\": [", stdout);
	for (i = 0; i < ts_store_ninputs(st); i++) {
		const struct ts_input_info *in = ts_store_input_info_c(st, i);
		fputs(i ? ",\n    {\"path\": " : "\n    {\"path\": ", stdout);
		ts_json_str(stdout, in->path);
		printf(", \"rows\": %llu, \"rejected\": %llu}",
		    (unsigned long long)in->rows, (unsigned long long)in->rejected);
	}
	fputs(i ? "\n  ],\n  \"diagnostics\": [" : "],\n  \"diagnostics\": [", stdout);
	for (i = 0; i < d->count; i++) {
		fputs(i ? ",\n    " : "\n    ", stdout);
		ts_json_diag(stdout, st, &d->items[i], 1);
	}
	fputs(i ? "\n  ],\n  \"errors\": [" : "],\n  \"errors\": [", stdout);
	for (i = 0; i < nerrors; i++) {
		fputs(i ? ",\n    " : "\n    ", stdout);
		if (errors[i])
			ts_json_str(stdout, errors[i]);
		else
			fputs("null", stdout);
	}
	printf("%s],\n  \"rejected\": %zu,\n  \"warnings\": %zu,\n  \"notes\": %zu,\n"
	    "  \"status\": %d\n}\n", nerrors ? "\n  " : "",
	    ts_diags_count(d, TS_DIAG_REJECT), ts_diags_count(d, TS_DIAG_WARNING),
	    ts_diags_count(d, TS_DIAG_NOTE), status);
}

/* "FILE:LINE: message" of err, allocated (NULL when out of memory, which
 * print_json writes as null). */
static char *
error_text(const struct ts_error *err)
{
	char buf[1200];
	char *t;

	if (err->file[0] && err->line > 0)
		snprintf(buf, sizeof buf, "%s:%ld: %s", err->file, err->line, err->message);
	else if (err->file[0])
		snprintf(buf, sizeof buf, "%s: %s", err->file, err->message);
	else
		snprintf(buf, sizeof buf, "%s", err->message);
	if ((t = malloc(strlen(buf) + 1)) != NULL)
		strcpy(t, buf);
	return t;
}

/* Prints the diagnostics of every kind, in the order they were found. */
static void
print_diags(const struct ts_store *st, const struct ts_diags *d)
{
	char msg[1200];
	size_t i;

	for (i = 0; i < d->count; i++) {
		const struct ts_input_info *in = ts_store_input_info_c(st, d->items[i].input);
		snprintf(msg, sizeof msg, "%s%s",
		    d->items[i].kind == TS_DIAG_WARNING ? _("warning: ") :
		    d->items[i].kind == TS_DIAG_NOTE ||
		    d->items[i].kind == TS_DIAG_DETAIL ? _("note: ") : "", ts_diag_text(&d->items[i]));
		ts_cli_diag(in ? in->path : "", d->items[i].line, 0, msg);
	}
}

int
ts_cmd_check(int argc, char **argv)
{
	struct check_options o = { 0 };
	struct ts_cli_args a;
	struct ts_diags diags = { 0 };
	struct ts_error err;
	struct ts_store *st;
	char **errors = NULL;
	size_t i, nerrors = 0;
	int rc, status = TS_OK;

	rc = ts_cli_parse(&ts_cli_check, argc, argv, &a, &o);
	if (rc == 0 && o.json && (errors = calloc(a.noperands + 2, sizeof *errors)) == NULL)
		rc = TS_EIO;
	if (rc != 0) {
		ts_cli_args_free(&a);
		return rc == TS_CLI_HELP ? ts_cli_finish(0) : rc;
	}
	if (a.noperands == 0)
		a.operands[a.noperands++] = "-";
	ts_cli_progress_setup(&a.load, a.progress);
	ts_cli_input_defaults(&a.load);
	a.totals.vocab = a.load.vocab;
	if (a.load.vocab_error) {
		ts_cli_args_free(&a);
		free(errors);
		return ts_cli_fail(a.load.vocab_error);
	}
	st = ts_store_new();
	if (st == NULL) {
		ts_cli_args_free(&a);
		fputs(_("tracestat: out of memory\n"), stderr);
		return TS_EIO;
	}
	/* One store for all, so a case_id repeated across files is found; a
	 * file that cannot be read does not stop the check of the others. */
	for (i = 0; i < a.noperands; i++) {
		memset(&err, 0, sizeof err);
		if (ts_input_load(st, a.operands[i], &a.load, &diags, &err) != TS_OK) {
			if (o.json) {
				errors[nerrors++] = error_text(&err);
			} else {
				print_diags(st, &diags);
				ts_diags_free(&diags);
			}
			ts_cli_fail(&err);
			status = TS_EIO;
			if (strstr(err.message, "out of memory"))
				break;
		}
	}
	memset(&err, 0, sizeof err);
	if (status == TS_OK && ts_rowmap_check_maps(st, &a.load, &err) != TS_OK) {
		ts_diags_free(&diags);
		ts_store_free(st);
		ts_cli_args_free(&a);
		free(errors);
		return ts_cli_fail(&err);
	}
	/* Total rows and revisions are checked over what could be read. */
	memset(&err, 0, sizeof err);
	if ((rc = ts_totals_mark(st, &a.totals, &diags, &err)) == TS_OK)
		rc = ts_revisions_mark(st, &a.totals, &diags, &err);
	if (!o.json)
		print_diags(st, &diags);
	if (rc != TS_OK) {
		ts_cli_fail(&err);
		if (o.json)
			errors[nerrors++] = error_text(&err);
		if (status == TS_OK || rc == TS_EUSAGE)
			status = rc;
	}
	if (status == TS_OK && (ts_diags_count(&diags, TS_DIAG_REJECT) ||
	    ts_diags_count(&diags, TS_DIAG_WARNING)))
		status = TS_EDATA;
	if (o.json)
		print_json(st, &diags, (const char *const *)errors, nerrors, status);
	for (i = 0; i < nerrors; i++)
		free(errors[i]);
	free(errors);
	ts_diags_free(&diags);
	ts_store_free(st);
	ts_cli_args_free(&a);
	return ts_cli_finish(status);
}
