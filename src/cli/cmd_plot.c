/* cmd_plot.c — tracestat plot: an SVG chart of a rate per period, or of
 * the groups of one field (forest and funnel plots). */
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
"Draws a rate with its confidence intervals as an SVG chart, 800 pixels\n"
"wide, ready to publish.  What it draws follows --by:\n"
"  a period (year, quarter or month): the rate per period; a second field\n"
"    gives one series per value, up to 8 in one panel, up to 64 as small\n"
"    multiples on shared axes (--by year,jurisdiction)\n"
"  one other field: a forest plot, a row per value with its interval and\n"
"    the pooled rate (--by jurisdiction)\n"
"  one other field and --funnel: a funnel plot, rate against\n"
"    investigations with 95%% and 99.8%% control limits around the pooled\n"
"    rate\n"
"When the input counts no investigations (published tables such as the US\n"
"TIP report), it draws convictions per prosecution and says so.\n"
"No FILE, or -, reads standard input; several files are pooled.\n"
"\n"
"Options:\n"
"  --by SPEC                what to draw, as above (default: year)\n"
"  --funnel                 a funnel plot of the --by FIELD\n"
"  --sort rate|key|count    forest plot rows: highest rate first (default),\n"
"                           in the report's order, or largest count first\n"
"  --title TEXT             the title (default: what is drawn)\n"
"  --subtitle TEXT          the line under it (default: the interval used)\n"
"  --source TEXT            the source line (default: the data's source\n"
"                           column, or none; \"\" for none)\n"
"  --note TEXT              a note under the chart\n"
"  --y-from-zero            start the rate axis at zero even when the data\n"
"                           lie far above it\n"
"  -o, --output FILE        write the chart to FILE, atomically (default:\n"
"                           stdout); FILE.png and FILE.pdf are rendered\n"
"  --format svg|png|pdf     the format (default: by the -o extension, else svg)\n"
"  --dpi N                  PNG resolution, 96 = one pixel per SVG pixel\n"
"                           (default: 96)\n"
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
"  tracestat plot --by jurisdiction --source 'SESNSP' -o states.svg states.csv\n"
"  tracestat plot --by jurisdiction --funnel -o funnel.svg states.csv\n"
"  tracestat plot --by quarter,jurisdiction --suppress 5 -o cases.svg cases.csv\n"
"  make plot-png SVG=tip.svg        (renders a PNG with headless Chromium)\n";

struct plot_options {
	struct ts_report_options report;
	struct ts_load_options load;
	struct ts_totals_options totals;
	const char **total_words;   /* --total-word, argc entries */
	struct ts_plot_style style;
	enum ts_plot_format format;
	int format_given;
	double dpi;
	const char *by;
	const char *output;
	const char **files;
	size_t nfiles;
};

static int
parse_format(const char *s, enum ts_plot_format *out)
{
	if (strcmp(s, "svg") == 0)
		*out = TS_PLOT_SVG;
	else if (strcmp(s, "png") == 0)
		*out = TS_PLOT_PNG;
	else if (strcmp(s, "pdf") == 0)
		*out = TS_PLOT_PDF;
	else
		return -1;
	return 0;
}

/* The format an -o FILE asks for by its extension (.png, .pdf; anything
 * else is SVG). */
static enum ts_plot_format
format_of_path(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	enum ts_plot_format f = TS_PLOT_SVG;
	char ext[8];
	size_t i;

	if (dot == NULL || strlen(dot + 1) >= sizeof ext)
		return TS_PLOT_SVG;
	for (i = 0; dot[1 + i]; i++)
		ext[i] = (char)(dot[1 + i] >= 'A' && dot[1 + i] <= 'Z' ? dot[1 + i] + 32 : dot[1 + i]);
	ext[i] = '\0';
	if (parse_format(ext, &f) != 0)
		return TS_PLOT_SVG;
	return f;
}

/* Writes the chart in the chosen format: the SVG itself, or the SVG
 * rendered.  Returns 0, or an error code with err set. */
static int
write_chart(FILE *fp, const struct ts_result *res, const struct plot_options *o,
    struct ts_error *err)
{
	char *svg = NULL;
	size_t len = 0;
	FILE *mem;
	int rc;

	if (o->format == TS_PLOT_SVG)
		return ts_plot_write_svg(fp, res, &o->style) == 0 || ferror(fp) ? TS_OK :
		    ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
	if ((mem = open_memstream(&svg, &len)) == NULL)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
	rc = ts_plot_write_svg(mem, res, &o->style);
	if (fclose(mem) != 0 || rc != 0) {
		free(svg);
		return ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
	}
	rc = ts_plot_render(fp, svg, len, o->format, o->dpi, err);
	free(svg);
	return rc;
}

/* --title, --subtitle, --source and --note at argv[*i]: returns 1 when
 * it is one of them (*rc 0, or the status of a usage error), else 0. */
static int
text_option(int argc, char **argv, int *i, struct plot_options *o, int *rc)
{
	static const char *const names[] = { "--title", "--subtitle", "--source", "--note" };
	const char **slot[4];
	size_t k;

	slot[0] = &o->style.title;
	slot[1] = &o->style.subtitle;
	slot[2] = &o->style.source;
	slot[3] = &o->style.note;
	*rc = 0;
	for (k = 0; k < 4; k++) {
		if (!ts_cli_is_opt(argv[*i], names[k]))
			continue;
		if ((*slot[k] = ts_cli_opt_value(argc, argv, i, names[k])) == NULL)
			*rc = ts_cli_usage_error("%s needs a value", names[k]);
		return 1;
	}
	return 0;
}

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
		} else if (strcmp(a, "--funnel") == 0) {
			o->style.funnel = 1;
		} else if (strcmp(a, "--y-from-zero") == 0) {
			o->style.y_from_zero = 1;
		} else if (ts_cli_is_opt(a, "--sort")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--sort")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--sort");
			if (strcmp(v, "rate") == 0)
				o->style.sort = TS_PLOT_SORT_RATE;
			else if (strcmp(v, "key") == 0)
				o->style.sort = TS_PLOT_SORT_KEY;
			else if (strcmp(v, "count") == 0)
				o->style.sort = TS_PLOT_SORT_COUNT;
			else
				return ts_cli_usage_error("--sort takes rate, key or count, not '%s'", v);
		} else if (ts_cli_is_opt(a, "--format")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--format")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--format");
			if (parse_format(v, &o->format) != 0)
				return ts_cli_usage_error("plot: --format takes svg, png or pdf, not '%s'", v);
			o->format_given = 1;
		} else if (ts_cli_is_opt(a, "--dpi")) {
			char *end;
			if ((v = ts_cli_opt_value(argc, argv, &i, "--dpi")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--dpi");
			o->dpi = strtod(v, &end);
			if (*v == '\0' || *end != '\0' || !(o->dpi >= 24 && o->dpi <= 1200))
				return ts_cli_usage_error("plot: --dpi takes a number from 24 to 1200, not '%s'", v);
		} else if (text_option(argc, argv, &i, o, &rc)) {
			if (rc != 0)
				return rc;
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
		    "plot: --by takes year, quarter or month and at most one field, "
		    "or one field ('%s')", o->by);
	memcpy(name, o->by, len);
	name[len] = '\0';
	if (ts_report_resolve_by(st, name, &o->report.by[0], err) != 0)
		return err->code;
	o->report.nby = 1;
	if (comma == NULL)
		return TS_OK;
	if (o->report.by[0].kind != TS_BY_PERIOD ||
	    (o->report.by[0].prec != TS_PREC_YEAR && o->report.by[0].prec != TS_PREC_QUARTER &&
	    o->report.by[0].prec != TS_PREC_MONTH))
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    "plot: --by must start with year, quarter or month, not '%s'", name);
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
	o.dpi = 96;
	rc = parse_options(argc, argv, &o);
	if (rc == 0 && !o.format_given)
		o.format = format_of_path(o.output);
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
		rc = ts_plot_check(res, &o.style, &err);
	/* Opened only now: a run that fails before this point leaves an
	 * existing -o FILE as it was. */
	if (rc == 0)
		rc = ts_output_open(&out, o.output, &err);
	if (rc != 0) {
		rc = ts_cli_fail(&err);
		goto out;
	}
	if (write_chart(out.fp, res, &o, &err) != 0) {
		ts_output_abort(&out);
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
