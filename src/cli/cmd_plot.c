/* cmd_plot.c — tracestat plot: an SVG chart of a rate per period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cli.h"
#include "ts_input.h"
#include "ts_output.h"
#include "ts_plot.h"
#include "ts_report.h"
#include "ts_totals.h"

static const char usage_plot[] =
"Usage: tracestat plot [OPTIONS] [FILE...]\n"
"\n"
"Draws the conviction rate per period with its confidence interval as an\n"
"SVG chart (800x450): one point per period, a whisker for the interval,\n"
"the counts under each point, one series per value of a second --by field.\n"
"When the input counts no investigations (published tables such as the US\n"
"TIP report), it draws convictions per prosecution and says so in the title.\n"
"No FILE, or -, reads standard input; several files are pooled.\n";

static const char after_plot[] =
"\n"
"Examples:\n"
"  tracestat plot --by year -o tip.svg data/tip-global-law-enforcement.csv\n"
"  tracestat plot --by quarter,jurisdiction --suppress 5 -o cases.svg cases.csv\n"
"  make plot-png SVG=tip.svg        (renders a PNG with headless Chromium)\n";

struct plot_options {
	const char *by;
};

static int
take_by(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	struct plot_options *o = a->own;

	(void)opt;
	o->by = v;
	return 0;
}

static const struct ts_cli_opt plot_opts[] = {
	{ "--by", 0, "PERIOD[,FIELD]", "@by",
	  "PERIOD is year, quarter or month (default: year);\n"
	  "FIELD, e.g. jurisdiction, gives one series per\n"
	  "value (at most 8)", take_by, 0 },
	{ "--output", 'o', "FILE", "@file",
	  "write the SVG to FILE, atomically (default: stdout)",
	  ts_cli_take_output, 0 },
	{ "--suppress", 0, "N", NULL,
	  "leave out every point whose counts fall below N,\n"
	  "and show those counts as <N", ts_cli_take_suppress, 0 },
	TS_CLI_HELP_ENTRY,
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

static const struct ts_cli_block plot_blocks[] = {
	{ "Options", plot_opts },
	{ "Statistics", ts_cli_stats_opts },
	TS_CLI_READING_BLOCK,
	TS_CLI_TOTALS_BLOCK,
	{ NULL, NULL },
};

const struct ts_cli_command ts_cli_plot = {
	"plot", "plot [OPTIONS] [FILE...]",
	"SVG chart of a rate per period with intervals",
	usage_plot, after_plot, plot_blocks, 0, ts_cmd_plot,
};

/* Resolves "PERIOD[,FIELD]" against the store. */
static int
resolve_by(const struct ts_store *st, struct ts_cli_args *a,
    const struct plot_options *o, struct ts_error *err)
{
	char name[64];
	const char *comma = strchr(o->by, ',');
	size_t len = comma ? (size_t)(comma - o->by) : strlen(o->by);

	if (len == 0 || len >= sizeof name || (comma && (comma[1] == '\0' ||
	    strchr(comma + 1, ','))))
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    "plot: --by takes year, quarter or month, then at most one field ('%s')", o->by);
	memcpy(name, o->by, len);
	name[len] = '\0';
	if (strcmp(name, "year") != 0 && strcmp(name, "quarter") != 0 &&
	    strcmp(name, "month") != 0)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    "plot: --by must start with year, quarter or month, not '%s'", name);
	if (ts_report_resolve_by(st, name, &a->report.by[0], err) != 0)
		return err->code;
	a->report.nby = 1;
	if (comma == NULL)
		return TS_OK;
	if (ts_report_resolve_by(st, comma + 1, &a->report.by[1], err) != 0)
		return err->code;
	a->report.nby = 2;
	return TS_OK;
}

int
ts_cmd_plot(int argc, char **argv)
{
	struct plot_options o;
	struct ts_cli_args a;
	struct ts_error err;
	struct ts_diags diags = { 0 };
	struct ts_store *st = NULL;
	struct ts_result *res = NULL;
	struct ts_output out;
	int rc;

	memset(&err, 0, sizeof err);
	o.by = "year";
	rc = ts_cli_parse(&ts_cli_plot, argc, argv, &a, &o);
	if (rc == 0 && a.noutputs > 1)
		rc = ts_cli_usage_error("plot writes one chart; %s given twice", "-o");
	if (rc != 0) {
		ts_cli_args_free(&a);
		return rc == TS_CLI_HELP ? ts_cli_finish(0) : rc;
	}
	if ((st = ts_store_new()) == NULL) {
		ts_cli_args_free(&a);
		fputs("tracestat: out of memory\n", stderr);
		return TS_EIO;
	}
	ts_cli_progress_setup(&a.load, a.progress);
	ts_cli_input_defaults(&a.load);
	rc = ts_cli_read_inputs(a.operands, a.noperands, &a.load, st, &diags, &err);
	/* Total rows and revised figures are left out as in the report, so
	 * that the chart never draws a figure twice. */
	if (rc == 0)
		rc = ts_totals_mark(st, &a.totals, &diags, &err);
	if (rc == 0)
		rc = ts_revisions_mark(st, &a.totals, &diags, &err);
	if (rc == 0)
		rc = resolve_by(st, &a, &o, &err);
	if (rc == 0) {
		a.report.threads = a.load.threads;
		rc = ts_report_build(st, &a.report, &diags, &res, &err);
	}
	if (rc == 0)
		rc = ts_plot_check(res, &err);
	/* Opened only now: a run that fails before this point leaves an
	 * existing -o FILE as it was. */
	if (rc == 0)
		rc = ts_output_open(&out, a.noutputs ? a.outputs[0] : NULL, &err);
	if (rc != 0) {
		rc = ts_cli_fail(&err);
		goto out;
	}
	if (ts_plot_write_svg(out.fp, res) != 0 && !ferror(out.fp)) {
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
	ts_result_free(res);
	ts_store_free(st);
	ts_diags_free(&diags);
	ts_cli_args_free(&a);
	return rc;
}
