/* cli.c — commands, options, usage and diagnostics. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <cJSON.h>
#include <Rmath.h>

#include "ts_cli.h"
#include "ts_input.h"
#include "ts_report.h"

enum format { FMT_TEXT, FMT_JSON };

struct options {
	enum format format;
	int format_set;
	struct ts_report_options report;
	const char *by;
	struct ts_load_options load;
	const char **files;
	size_t nfiles;
};

static const char usage_main[] =
"Usage: tracestat COMMAND [OPTIONS] [ARGS]\n"
"       tracestat FILE...          (same as: tracestat report FILE...)\n"
"\n"
"Honest conviction and attrition statistics from trafficking case records.\n"
"\n"
"Commands:\n"
"  report [OPTIONS] [FILE...]   conviction rates with intervals (the main job)\n"
"  rate [OPTIONS] K N           one proportion K/N with its interval\n"
"\n"
"Options for every command:\n"
"  -h, --help                   show help (tracestat COMMAND --help for more)\n"
"  --version                    show the version and the libraries' versions\n"
"\n"
"Examples:\n"
"  tracestat report data/2014.csv\n"
"  tracestat report --format json data/2014.csv | jq .total.conviction_rate\n"
"  tracestat rate 19 229\n"
"\n"
"Exit status: 0 success, 1 rows rejected, 2 usage error, 3 input/output error.\n";

static const char usage_report[] =
"Usage: tracestat report [OPTIONS] [FILE...]\n"
"\n"
"Reads counts tables (CSV, UTF-8, header row) and prints conviction rates\n"
"with their confidence intervals, for the total and for each group.\n"
"No FILE, or -, reads standard input; several files are pooled.\n"
"\n"
"Options:\n"
"  --by FIELD[,FIELD...]    group by fields: year, quarter, month, period,\n"
"                           jurisdiction, agency, exploitation or any column\n"
"  --format text|json       output format (default: text)\n"
"  --level L                confidence level, 0 < L < 1 (default: 0.95)\n"
"  --day-first              read dates as DD/MM/YYYY\n"
"  -h, --help               show this help\n"
"\n"
"Examples:\n"
"  tracestat report data/2014.csv\n"
"  tracestat report --by year --format json data/cases.csv\n"
"  tracestat report --format json data/2014.csv | jq .total.conviction_rate\n";

static const char usage_rate[] =
"Usage: tracestat rate [OPTIONS] K N\n"
"\n"
"Prints the proportion K/N (K convictions out of N investigations) with\n"
"its confidence interval.\n"
"\n"
"Options:\n"
"  --level L                confidence level, 0 < L < 1 (default: 0.95)\n"
"  --format text|json       output format (default: text)\n"
"  -h, --help               show this help\n"
"\n"
"Examples:\n"
"  tracestat rate 19 229\n"
"  tracestat rate --level 0.99 --format json 19 229\n";

/* Prints "tracestat: FILE:LINE: message" (the parts that are known). */
static void
diag(const char *file, long line, long column, const char *msg)
{
	fputs("tracestat: ", stderr);
	if (file && *file) {
		fputs(strcmp(file, "-") == 0 ? "(stdin)" : file, stderr);
		if (line > 0)
			fprintf(stderr, ":%ld", line);
		if (line > 0 && column > 0)
			fprintf(stderr, ":%ld", column);
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s\n", msg);
}

static int
fail(const struct ts_error *err)
{
	diag(err->file, err->line, err->column, err->message);
	if (err->code == TS_EUSAGE)
		fputs("Try 'tracestat --help' for more information.\n", stderr);
	return err->code;
}

static int
usage_error(const char *fmt, const char *arg)
{
	fputs("tracestat: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'tracestat --help' for more information.\n", stderr);
	return TS_EUSAGE;
}

/* Ends the run: flushes stdout and turns a write failure into exit 3.  A
 * closed pipe (EPIPE) ends quietly. */
static int
finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return status;
		fprintf(stderr, "tracestat: cannot write the output: %s\n", strerror(errno));
		return TS_EIO;
	}
	return status;
}

static int
parse_level(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno || !(v > 0 && v < 1))
		return usage_error("--level: '%s' is not a level between 0 and 1 (e.g. 0.95)", s);
	*out = v;
	return 0;
}

static int
parse_format(const char *s, struct options *o)
{
	if (strcmp(s, "text") == 0)
		o->format = FMT_TEXT;
	else if (strcmp(s, "json") == 0)
		o->format = FMT_JSON;
	else
		return usage_error("--format: unknown format '%s' (text, json)", s);
	o->format_set = 1;
	return 0;
}

/* The value of an option given as "--opt=VALUE" or "--opt VALUE". */
static const char *
opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t len = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, len) == 0 && a[len] == '=')
		return a + len + 1;
	if (strcmp(a, name) == 0 && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static int
is_opt(const char *a, const char *name)
{
	size_t len = strlen(name);

	return strncmp(a, name, len) == 0 && (a[len] == '\0' || a[len] == '=');
}

/* Parses the options of report and rate; the rest go to o->files.
 * Returns 0, -1 after printing help, or an exit status. */
static int
parse_options(int argc, char **argv, struct options *o, const char *help,
    int is_report)
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
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(help, stdout);
			return -1;
		} else if (is_opt(a, "--format")) {
			if ((v = opt_value(argc, argv, &i, "--format")) == NULL)
				return usage_error("%s needs a value", "--format");
			if ((rc = parse_format(v, o)) != 0)
				return rc;
		} else if (is_opt(a, "--level")) {
			if ((v = opt_value(argc, argv, &i, "--level")) == NULL)
				return usage_error("%s needs a value", "--level");
			if ((rc = parse_level(v, &o->report.level)) != 0)
				return rc;
		} else if (is_report && is_opt(a, "--by")) {
			if ((v = opt_value(argc, argv, &i, "--by")) == NULL)
				return usage_error("%s needs a value", "--by");
			o->by = v;
		} else if (is_report && strcmp(a, "--day-first") == 0) {
			o->load.day_first = 1;
		} else if (!is_report && a[1] >= '0' && a[1] <= '9') {
			o->files[o->nfiles++] = a;      /* a negative number */
		} else {
			return usage_error("unknown option '%s'", a);
		}
	}
	return 0;
}

/* Splits the --by list and resolves each name. */
static int
resolve_by(const struct ts_store *st, struct options *o, struct ts_error *err)
{
	char name[64];
	const char *p = o->by, *comma;
	size_t len;

	o->report.nby = 0;
	while (p && *p) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == 0 || len >= sizeof name)
			return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
			    "--by: empty or overlong field name in '%s'", o->by);
		if (o->report.nby == TS_MAX_BY)
			return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
			    "--by: at most %d fields", TS_MAX_BY);
		memcpy(name, p, len);
		name[len] = '\0';
		if (ts_report_resolve_by(st, name, &o->report.by[o->report.nby], err) != 0)
			return err->code;
		o->report.nby++;
		p = comma ? comma + 1 : NULL;
	}
	return TS_OK;
}

static void
print_rejects(const struct ts_store *st, const struct ts_diags *d)
{
	size_t i;

	for (i = 0; i < d->count; i++) {
		const struct ts_input_info *in;
		if (d->items[i].kind != TS_DIAG_REJECT)
			continue;
		in = ts_store_input_info_c(st, d->items[i].input);
		diag(in ? in->path : "", d->items[i].line, 0, d->items[i].message);
	}
}

static int
cmd_report(int argc, char **argv)
{
	struct options o;
	struct ts_error err;
	struct ts_diags diags = { 0 };
	struct ts_store *st = NULL;
	struct ts_result *res = NULL;
	struct ts_text_style style = { 0 };
	int rc;
	size_t i, rejected = 0;

	memset(&o, 0, sizeof o);
	memset(&err, 0, sizeof err);
	o.report.method = TS_CI_WILSON;
	o.report.level = 0.95;
	rc = parse_options(argc, argv, &o, usage_report, 1);
	if (rc != 0) {
		free(o.files);
		return rc < 0 ? finish(0) : rc;
	}
	if (o.nfiles == 0)
		o.files[o.nfiles++] = "-";
	st = ts_store_new();
	if (st == NULL) {
		free(o.files);
		fputs("tracestat: out of memory\n", stderr);
		return TS_EIO;
	}
	for (i = 0; i < o.nfiles && rc == 0; i++)
		rc = ts_input_load(st, o.files[i], &o.load, &diags, &err);
	print_rejects(st, &diags);
	if (rc == 0)
		rc = resolve_by(st, &o, &err);
	if (rc == 0)
		rc = ts_report_build(st, &o.report, &diags, &res, &err);
	if (rc != 0) {
		fail(&err);
		goto out;
	}
	style.color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	if (o.format == FMT_JSON)
		ts_report_write_json(stdout, res);
	else
		ts_report_write_text(stdout, res, &style);
	for (i = 0; i < ts_store_ninputs(st); i++)
		rejected += ts_store_input_info_c(st, i)->rejected;
	rc = finish(rejected ? TS_EDATA : TS_OK);
out:
	ts_result_free(res);
	ts_store_free(st);
	ts_diags_free(&diags);
	free(o.files);
	return rc;
}

/* Parses a count argument of rate: a non-negative integer. */
static int
parse_int_arg(const char *s, const char *what, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	if (*s < '0' || *s > '9')
		return usage_error("rate: %s is not a non-negative whole number", s);
	v = strtoll(s, &end, 10);
	if (*end || errno)
		return usage_error("rate: %s is not a non-negative whole number", s);
	(void)what;
	*out = v;
	return 0;
}

static int
cmd_rate(int argc, char **argv)
{
	struct options o;
	struct ts_interval ci;
	int64_t k, n;
	int rc;
	char lvl[32];

	memset(&o, 0, sizeof o);
	o.report.method = TS_CI_WILSON;
	o.report.level = 0.95;
	rc = parse_options(argc, argv, &o, usage_rate, 0);
	if (rc != 0) {
		free(o.files);
		return rc < 0 ? finish(0) : rc;
	}
	if (o.nfiles != 2) {
		free(o.files);
		return usage_error("rate: needs two numbers, K and N%s", "");
	}
	rc = parse_int_arg(o.files[0], "K", &k);
	if (rc == 0)
		rc = parse_int_arg(o.files[1], "N", &n);
	free(o.files);
	if (rc != 0)
		return rc;
	if (n == 0)
		return usage_error("rate: N is 0, so there is no rate%s", "");
	if (k > n)
		return usage_error("rate: K is larger than N: not a proportion%s", "");
	if (ts_stats_interval(o.report.method, k, n, o.report.level, &ci) != 0)
		return usage_error("rate: cannot compute this interval%s", "");
	snprintf(lvl, sizeof lvl, "%g%%", o.report.level * 100);
	if (o.format == FMT_JSON) {
		printf("{\"k\":%lld,\"n\":%lld,\"value\":", (long long)k, (long long)n);
		ts_json_num(stdout, ci.value);
		fputs(",\"low\":", stdout);
		ts_json_num(stdout, ci.low);
		fputs(",\"high\":", stdout);
		ts_json_num(stdout, ci.high);
		printf(",\"method\":\"%s\",\"level\":", ts_stats_method_name(o.report.method));
		ts_json_num(stdout, o.report.level);
		fputs("}\n", stdout);
	} else {
		printf("%lld/%lld = %.2f%% (%s CI %.2f%%\xe2\x80\x93%.2f%%, %s)\n",
		    (long long)k, (long long)n, ci.value * 100, lvl, ci.low * 100,
		    ci.high * 100, o.report.method == TS_CI_WILSON ? "Wilson" :
		    ts_stats_method_title(o.report.method));
	}
	return finish(TS_OK);
}

static int
cmd_version(void)
{
	printf("tracestat %s\n", TS_VERSION);
	printf("built with libcsv %d.%d.%d, cJSON %d.%d.%d, libRmath %s\n",
	    CSV_MAJOR, CSV_MINOR, CSV_RELEASE, CJSON_VERSION_MAJOR,
	    CJSON_VERSION_MINOR, CJSON_VERSION_PATCH, R_VERSION_STRING);
	return finish(0);
}

int
ts_cli_main(int argc, char **argv)
{
	const char *cmd;

	/* Numbers are written and read with a '.' whatever the locale. */
	setlocale(LC_ALL, "C");
	/* A closed pipe shows up as EPIPE on write, handled in finish(). */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		return cmd_report(0, argv + 1);
	cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_main, stdout);
		return finish(0);
	}
	if (strcmp(cmd, "--version") == 0)
		return cmd_version();
	if (strcmp(cmd, "report") == 0)
		return cmd_report(argc - 2, argv + 2);
	if (strcmp(cmd, "rate") == 0)
		return cmd_rate(argc - 2, argv + 2);
	/* tracestat FILE... means tracestat report FILE...; a word that is
	 * neither a command nor a readable path is an unknown command. */
	if (cmd[0] == '-' || access(cmd, F_OK) == 0 || strchr(cmd, '/') || strchr(cmd, '.'))
		return cmd_report(argc - 1, argv + 1);
	return usage_error("unknown command '%s'", cmd);
}
