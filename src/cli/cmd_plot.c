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
"No FILE, or -, reads standard input; several files are pooled.\n";

static const char after_plot[] =
"\n"
"Examples:\n"
"  tracestat plot --by year -o tip.svg data/tip-global-law-enforcement.csv\n"
"  tracestat plot --by jurisdiction --source 'SESNSP' -o states.svg states.csv\n"
"  tracestat plot --by jurisdiction --funnel -o funnel.svg states.csv\n"
"  tracestat plot --by quarter,jurisdiction --suppress 5 -o cases.svg cases.csv\n"
"  make plot-png SVG=tip.svg        (renders a PNG with headless Chromium)\n";

struct plot_options {
	struct ts_plot_style style;
	enum ts_plot_format format;
	int format_given;
	double dpi;
	const char *by;
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
		    ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	if ((mem = open_memstream(&svg, &len)) == NULL)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	rc = ts_plot_write_svg(mem, res, &o->style);
	if (fclose(mem) != 0 || rc != 0) {
		free(svg);
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	}
	rc = ts_plot_render(fp, svg, len, o->format, o->dpi, err);
	free(svg);
	return rc;
}

enum {
	OPT_TITLE, OPT_SUBTITLE, OPT_SOURCE, OPT_NOTE,  /* text_line()'s order */
	OPT_BY, OPT_FUNNEL, OPT_Y_FROM_ZERO, OPT_FORMAT, OPT_DPI,
};

/* The style's line of text that option id (OPT_TITLE .. OPT_NOTE) sets. */
static const char **
text_line(struct ts_plot_style *style, int id)
{
	const char **lines[] = {
		[OPT_TITLE] = &style->title,
		[OPT_SUBTITLE] = &style->subtitle,
		[OPT_SOURCE] = &style->source,
		[OPT_NOTE] = &style->note,
	};

	return lines[id];
}

static int
take(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	struct plot_options *o = a->own;
	char *end;

	switch (opt->id) {
	case OPT_BY:
		o->by = v;
		return 0;
	case OPT_FUNNEL:
		o->style.funnel = 1;
		return 0;
	case OPT_Y_FROM_ZERO:
		o->style.y_from_zero = 1;
		return 0;
	case OPT_TITLE: case OPT_SUBTITLE: case OPT_SOURCE: case OPT_NOTE:
		*text_line(&o->style, opt->id) = v;
		return 0;
	case OPT_FORMAT:
		if (parse_format(v, &o->format) != 0)
			return ts_cli_usage_error(N_("plot: --format takes svg, png or pdf, not '%s'"), v);
		o->format_given = 1;
		return 0;
	default:
		o->dpi = strtod(v, &end);
		if (*v == '\0' || *end != '\0' || !(o->dpi >= 24 && o->dpi <= 1200))
			return ts_cli_usage_error(N_("plot: --dpi takes a number from 24 to 1200, not '%s'"), v);
		return 0;
	}
	return 0;
}

static const struct ts_cli_opt plot_opts[] = {
	{ "--by", 0, "SPEC", "@by",
	  N_("what to draw, as above (default: year)"), take, OPT_BY },
	{ "--funnel", 0, NULL, NULL, N_("a funnel plot of the --by FIELD"), take, OPT_FUNNEL },
	{ "--title", 0, "TEXT", NULL, N_("the title (default: what is drawn)"), take, OPT_TITLE },
	{ "--subtitle", 0, "TEXT", NULL,
	  N_("the line under it (default: the interval used)"), take, OPT_SUBTITLE },
	{ "--source", 0, "TEXT", NULL,
	  N_("the source line (default: the data's source\n"
	  "column, or none; \"\" for none)"), take, OPT_SOURCE },
	{ "--note", 0, "TEXT", NULL, N_("a note under the chart"), take, OPT_NOTE },
	{ "--y-from-zero", 0, NULL, NULL,
	  N_("start the rate axis at zero even when the data\n"
	  "lie far above it"), take, OPT_Y_FROM_ZERO },
	{ "--output", 'o', "FILE", "@file",
	  N_("write the chart to FILE, atomically (default:\n"
	  "stdout); FILE.png and FILE.pdf are rendered"), ts_cli_take_output, 0 },
	{ "--format", 0, "svg|png|pdf", "svg png pdf",
	  N_("the format (default: by the -o extension, else svg)"), take, OPT_FORMAT },
	{ "--dpi", 0, "N", NULL,
	  N_("PNG resolution, 96 = one pixel per SVG pixel\n"
	  "(default: 96)"), take, OPT_DPI },
	{ "--suppress", 0, "N", NULL,
	  N_("leave out every point whose counts fall below N,\n"
	  "and show those counts as <N"), ts_cli_take_suppress, 0 },
	TS_CLI_HELP_ENTRY,
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

static const struct ts_cli_block plot_blocks[] = {
	{ N_("Options"), plot_opts },
	TS_CLI_SELECT_BLOCK,
	{ N_("Statistics"), ts_cli_stats_opts },
	{ N_("Over-dispersion"), ts_cli_dispersion_opts },
	TS_CLI_TABLE_BLOCKS,
	{ NULL, NULL },
};

const struct ts_cli_command ts_cli_plot = {
	"plot", "plot [OPTIONS] [FILE...]",
	N_("a chart of a rate with its intervals (SVG, PNG, PDF)"),
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
		    N_("plot: --by takes year, quarter or month and at most one field, "
		    "or one field ('%s')"), o->by);
	memcpy(name, o->by, len);
	name[len] = '\0';
	if (ts_report_resolve_by(st, name, &a->report.by[0], err) != 0)
		return err->code;
	a->report.nby = 1;
	if (comma == NULL)
		return TS_OK;
	if (a->report.by[0].kind != TS_BY_PERIOD ||
	    (a->report.by[0].prec != TS_PREC_YEAR && a->report.by[0].prec != TS_PREC_QUARTER &&
	    a->report.by[0].prec != TS_PREC_MONTH))
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("plot: --by must start with year, quarter or month, not '%s'"), name);
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
	memset(&o, 0, sizeof o);
	o.by = "year";
	o.dpi = 96;
	rc = ts_cli_parse(&ts_cli_plot, argc, argv, &a, &o);
	if (rc == 0 && a.noutputs > 1)
		rc = ts_cli_usage_error(N_("plot writes one chart; %s given twice"), "-o");
	if (rc == 0)
		rc = ts_cli_select_period(&a);
	/* The report's --sort key is the forest plot's too; without --sort
	 * a forest plot puts the highest rate first. */
	if (a.sort_given)
		o.style.sort = a.report.sort == TS_SORT_RATE ? TS_PLOT_SORT_RATE :
		    a.report.sort == TS_SORT_COUNT ? TS_PLOT_SORT_COUNT : TS_PLOT_SORT_KEY;
	if (rc == 0 && !o.format_given)
		o.format = format_of_path(a.noutputs ? a.outputs[0] : NULL);
	if (rc != 0) {
		ts_cli_args_free(&a);
		return rc == TS_CLI_HELP ? ts_cli_finish(0) : rc;
	}
	if ((st = ts_store_new()) == NULL) {
		ts_cli_args_free(&a);
		fputs(_("tracestat: out of memory\n"), stderr);
		return TS_EIO;
	}
	ts_cli_progress_setup(&a.load, a.progress);
	ts_cli_input_defaults(&a.load);
	a.totals.vocab = a.load.vocab;
	a.load.layout.by = o.by;       /* a breakdown named in --by is used */
	rc = ts_cli_read_inputs(a.operands, a.noperands, &a.load, st, &diags, &err);
	/* Total rows and revised figures are left out as in the report, so
	 * that the chart never draws a figure twice. */
	if (rc == 0)
		rc = ts_totals_mark(st, &a.totals, &diags, &err);
	if (rc == 0)
		rc = ts_revisions_mark(st, &a.totals, &diags, &err);
	if (rc == 0)
		rc = resolve_by(st, &a, &o, &err);
	if (rc == 0 && a.report.top && (o.style.funnel || a.report.nby != 1 ||
	    a.report.by[0].kind == TS_BY_PERIOD))
		rc = ts_error_set(&err, TS_EUSAGE, NULL, 0, 0, N_("plot: --top chooses the rows "
		    "of a forest plot (--by FIELD, not a period, without --funnel)"));
	if (rc == 0)
		rc = ts_report_where(st, &a.report, &diags, &err);
	if (rc == 0) {
		a.report.threads = a.load.threads;
		rc = ts_report_build(st, &a.report, &diags, &res, &err);
	}
	if (rc == 0)
		rc = ts_plot_check(res, &o.style, &err);
	/* Opened only now: a run that fails before this point leaves an
	 * existing -o FILE as it was. */
	if (rc == 0)
		rc = ts_output_open(&out, a.noutputs ? a.outputs[0] : NULL, &err);
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
	/* A chart's notes are about its figures; the input's warnings (a
	 * repeated case id, a total that does not add up) go to standard
	 * error, as report's CSV has them. */
	ts_cli_print_warnings(st, &diags);
	rc = ts_cli_finish(ts_cli_rejected(st) ? TS_EDATA : TS_OK);
out:
	ts_result_free(res);
	ts_store_free(st);
	ts_diags_free(&diags);
	ts_cli_args_free(&a);
	return rc;
}
