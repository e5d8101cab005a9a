/* cmd_plot.c — tracestat plot: an SVG chart of a rate per period. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_input.h"
#include "ts_plot.h"
#include "ts_report.h"

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
"  --day-first              read dates as DD/MM/YYYY\n"
"  -h, --help               show this help\n"
"\n"
"Examples:\n"
"  tracestat plot --by year -o tip.svg data/tip-global-law-enforcement.csv\n"
"  tracestat plot --by quarter,jurisdiction -o cases.svg cases.csv\n"
"  make plot-png SVG=tip.svg        (renders a PNG with headless Chromium)\n";

struct plot_options {
	struct ts_report_options report;
	struct ts_load_options load;
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
	if (o->files == NULL)
		return TS_EIO;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
			o->files[o->nfiles++] = a;
		} else if (strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_plot, stdout);
			return -1;
		} else if (ts_cli_is_opt(a, "--by")) {
			if ((o->by = ts_cli_opt_value(argc, argv, &i, "--by")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--by");
		} else if (strcmp(a, "-o") == 0 || ts_cli_is_opt(a, "--output")) {
			if (strcmp(a, "-o") == 0)
				v = i + 1 < argc ? argv[++i] : NULL;
			else
				v = ts_cli_opt_value(argc, argv, &i, "--output");
			if (v == NULL || *v == '\0')
				return ts_cli_usage_error("%s needs a file name",
				    strcmp(a, "-o") == 0 ? "-o" : "--output");
			o->output = v;
		} else if (ts_cli_is_opt(a, "--ci")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--ci")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--ci");
			if (ts_stats_method_parse(v, &o->report.method) != 0)
				return ts_cli_usage_error("--ci: unknown method '%s' (wilson, "
				    "wilson-cc, exact, jeffreys, agresti-coull)", v);
		} else if (ts_cli_is_opt(a, "--level")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--level")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--level");
			if ((rc = ts_cli_parse_level(v, &o->report.level)) != 0)
				return rc;
		} else if (strcmp(a, "--day-first") == 0) {
			o->load.day_first = 1;
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

/* Writes the chart to path through a temporary file in the same folder and
 * a rename, so that an existing file is never left half written. */
static int
write_file(const char *path, const struct ts_result *res, struct ts_error *err)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	char *tmp = malloc(dirlen + 32);
	FILE *fp = NULL;
	mode_t mask;
	int fd, ok;

	if (tmp == NULL)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
	memcpy(tmp, path, dirlen);
	strcpy(tmp + dirlen, ".tracestat-plot.XXXXXX");
	fd = mkstemp(tmp);
	if (fd < 0) {
		ts_error_set(err, TS_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
		free(tmp);
		return TS_EIO;
	}
	/* mkstemp makes the file private; give it the usual permissions. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	fp = fdopen(fd, "w");
	ok = fp != NULL && ts_plot_write_svg(fp, res) == 0 && fflush(fp) == 0 &&
	    fsync(fileno(fp)) == 0;
	if (fp == NULL)
		close(fd);
	else if (fclose(fp) != 0)
		ok = 0;
	if (ok && rename(tmp, path) != 0)
		ok = 0;
	if (!ok) {
		ts_error_set(err, TS_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return ok ? TS_OK : TS_EIO;
}

int
ts_cmd_plot(int argc, char **argv)
{
	struct plot_options o;
	struct ts_error err;
	struct ts_diags diags = { 0 };
	struct ts_store *st = NULL;
	struct ts_result *res = NULL;
	size_t i, rejected = 0;
	int rc;

	memset(&o, 0, sizeof o);
	memset(&err, 0, sizeof err);
	o.report.method = TS_CI_WILSON;
	o.report.level = 0.95;
	o.by = "year";
	rc = parse_options(argc, argv, &o);
	if (rc != 0) {
		free(o.files);
		return rc < 0 ? ts_cli_finish(0) : rc;
	}
	if (o.nfiles == 0)
		o.files[o.nfiles++] = "-";
	if ((st = ts_store_new()) == NULL) {
		free(o.files);
		fputs("tracestat: out of memory\n", stderr);
		return TS_EIO;
	}
	for (i = 0; i < o.nfiles && rc == 0; i++)
		rc = ts_input_load(st, o.files[i], &o.load, &diags, &err);
	ts_cli_print_rejects(st, &diags);
	if (rc == 0)
		rc = resolve_by(st, &o, &err);
	if (rc == 0)
		rc = ts_report_build(st, &o.report, &diags, &res, &err);
	if (rc == 0)
		rc = ts_plot_check(res, &err);
	if (rc == 0 && o.output)
		rc = write_file(o.output, res, &err);
	else if (rc == 0 && ts_plot_write_svg(stdout, res) != 0)
		rc = ts_cli_finish(TS_OK);
	if (rc != 0) {
		if (err.code)
			ts_cli_fail(&err);
		goto out;
	}
	for (i = 0; i < ts_store_ninputs(st); i++)
		rejected += ts_store_input_info_c(st, i)->rejected;
	rc = ts_cli_finish(rejected ? TS_EDATA : TS_OK);
out:
	ts_result_free(res);
	ts_store_free(st);
	ts_diags_free(&diags);
	free(o.files);
	return rc;
}
