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
"No FILE, or -, reads standard input; several files are pooled.\n"
"\n"
"Options:\n"
"  --by PERIOD[,FIELD]      PERIOD is year, quarter or month (default: year);\n"
"                           FIELD, e.g. jurisdiction, gives one series per\n"
"                           value (at most 8)\n"
"  -o, --output FILE        write the SVG to FILE, atomically (default: stdout)\n"
"  --ci METHOD              interval: wilson, wilson-cc, exact, jeffreys,\n"
"                           agresti-coull (default: wilson)\n"
"  --level L                confidence level, 0 < L < 1 (default: 0.95)\n"
"  --suppress N             leave out every point whose counts fall below N,\n"
"                           and show those counts as <N\n"
"%s"
TS_CLI_TOTALS_HELP
"  -h, --help               show this help\n"
"\n"
"Examples:\n"
"  tracestat plot --by year -o tip.svg data/tip-global-law-enforcement.csv\n"
"  tracestat plot --by quarter,jurisdiction --suppress 5 -o cases.svg cases.csv\n"
"  make plot-png SVG=tip.svg        (renders a PNG with headless Chromium)\n";

struct plot_options {
	struct ts_report_options report;
	struct ts_load_options load;
	struct ts_totals_options totals;
	const char **total_words;   /* --total-word, argc entries */
	const char *by;
	const char *output;
	const char **files;
	size_t nfiles;
};

/* Returns 0, -1 after printing help, or an exit status. */
static int
parse_options(int argc, char **argv, struct plot_options *o)
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
			printf(usage_plot, ts_cli_input_help);
			return -1;
		} else if (ts_cli_is_opt(a, "--by")) {
			if ((o->by = ts_cli_opt_value(argc, argv, &i, "--by")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--by");
		} else if ((rc = ts_cli_output_option(argc, argv, &i, &o->output)) >= 0) {
			if (rc != 0)
				return rc;
		} else if (ts_cli_is_opt(a, "--ci")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--ci")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--ci");
			if ((rc = ts_cli_parse_ci(v, &o->report.method)) != 0)
				return rc;
		} else if (ts_cli_is_opt(a, "--level")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--level")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--level");
			if ((rc = ts_cli_parse_level(v, &o->report.level)) != 0)
				return rc;
		} else if (ts_cli_is_opt(a, "--suppress")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--suppress")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--suppress");
			if ((rc = ts_cli_parse_suppress(v, &o->report.suppress)) != 0)
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

/* Resolves "PERIOD[,FIELD]" against the store. */
static int
resolve_by(const struct ts_store *st, struct plot_options *o, struct ts_error *err)
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
	if (ts_report_resolve_by(st, name, &o->report.by[0], err) != 0)
		return err->code;
	o->report.nby = 1;
	if (comma == NULL)
		return TS_OK;
	if (ts_report_resolve_by(st, comma + 1, &o->report.by[1], err) != 0)
		return err->code;
	o->report.nby = 2;
	return TS_OK;
}

int
ts_cmd_plot(int argc, char **argv)
{
	struct plot_options o;
	struct ts_error err;
	struct ts_diags diags = { 0 };
	struct ts_store *st = NULL;
	struct ts_result *res = NULL;
	struct ts_output out;
	int rc;

	memset(&o, 0, sizeof o);
	memset(&err, 0, sizeof err);
	o.report.method = TS_CI_WILSON;
	o.report.level = 0.95;
	o.by = "year";
	rc = parse_options(argc, argv, &o);
	if (rc != 0) {
		free(o.files);
		free(o.total_words);
		return rc < 0 ? ts_cli_finish(0) : rc;
	}
	if ((st = ts_store_new()) == NULL) {
		free(o.files);
		free(o.total_words);
		fputs("tracestat: out of memory\n", stderr);
		return TS_EIO;
	}
	ts_cli_input_defaults(&o.load);
	o.load.layout.by = o.by;       /* a breakdown named in --by is used */
	rc = ts_cli_read_inputs(o.files, o.nfiles, &o.load, st, &diags, &err);
	/* Total rows and revised figures are left out as in the report, so
	 * that the chart never draws a figure twice. */
	if (rc == 0)
		rc = ts_totals_mark(st, &o.totals, &diags, &err);
	if (rc == 0)
		rc = ts_revisions_mark(st, &o.totals, &diags, &err);
	if (rc == 0)
		rc = resolve_by(st, &o, &err);
	if (rc == 0)
		rc = ts_report_build(st, &o.report, &diags, &res, &err);
	if (rc == 0)
		rc = ts_plot_check(res, &err);
	/* Opened only now: a run that fails before this point leaves an
	 * existing -o FILE as it was. */
	if (rc == 0)
		rc = ts_output_open(&out, o.output, &err);
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
	free(o.files);
	free(o.total_words);
	return rc;
}
