/* cli.c — command dispatch, diagnostics and the helpers every command uses. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_rowmap.h"
#include "ts_input.h"
#include "ts_report.h"
#include "ts_stats.h"
#include "ts_totals.h"

static const char usage_main[] =
"Usage: tracestat COMMAND [OPTIONS] [ARGS]\n"
"       tracestat [OPTIONS] FILE...     (same as: tracestat report FILE...)\n"
"       tracestat -h | --help | --version\n"
"\n"
"Honest conviction and attrition statistics from trafficking case records:\n"
"rates with confidence intervals, from CSV or JSON, for people and scripts.\n"
"\n"
"Commands:\n"
"  report [OPTIONS] [FILE...]   conviction rates with intervals (the main job)\n"
"  rate [OPTIONS] K N           one proportion K/N with its interval\n"
"  convert [OPTIONS] [FILE...]  the records normalised, as CSV, JSON or NDJSON\n"
"  check [OPTIONS] [FILE...]    validate input, list every problem, change nothing\n"
"  plot [OPTIONS] [FILE...]     SVG chart of a rate per period with intervals\n"
"  fields                       recognised field names, aliases and outcome words\n"
"\n"
"Options:\n"
"  -h, --help                   show this help; tracestat COMMAND --help shows\n"
"                               the options of a command\n"
"  --version                    show the version and the libraries' versions\n"
"\n"
"No FILE, or -, reads standard input.  Colour only on a terminal, never when\n"
"NO_COLOR is set.  The manual: man tracestat.\n"
"\n"
"Examples:\n"
"  tracestat report data/2014.csv\n"
"  tracestat report --format json data/2014.csv | jq .total.conviction_rate\n"
"  tracestat convert --to csv export.json > records.csv\n"
"  tracestat plot --by year -o tip.svg data/tip-global-law-enforcement.csv\n"
"\n"
"Exit status: 0 success, 1 data problems (rows rejected, check found\n"
"problems, a claim does not match), 2 usage error, 3 input/output error.\n";

/* Writes s to fp escaped (ts_escape): file names and messages can carry
 * bytes from a file or a file name, which must not reach a terminal raw. */
static void
put_safe(const char *s, FILE *fp)
{
	char buf[256];
	size_t len = strlen(s), used;

	while (len > 0) {
		used = ts_escape(s, len, 0, buf, sizeof buf);
		if (used == 0)
			break;
		fputs(buf, fp);
		s += used;
		len -= used;
	}
}

/* Prints "tracestat: FILE:LINE: message" (the parts that are known). */
void
ts_cli_diag(const char *file, long line, long column, const char *msg)
{
	fputs("tracestat: ", stderr);
	if (file && *file) {
		put_safe(strcmp(file, "-") == 0 ? "(stdin)" : file, stderr);
		if (line > 0)
			fprintf(stderr, ":%ld", line);
		if (line > 0 && column > 0)
			fprintf(stderr, ":%ld", column);
		fputs(": ", stderr);
	}
	put_safe(msg, stderr);
	putc('\n', stderr);
}

int
ts_cli_fail(const struct ts_error *err)
{
	ts_cli_diag(err->file, err->line, err->column, err->message);
	if (err->code == TS_EUSAGE)
		fputs("Try 'tracestat --help' for more information.\n", stderr);
	return err->code;
}

int
ts_cli_usage_error(const char *fmt, const char *arg)
{
	fputs("tracestat: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'tracestat --help' for more information.\n", stderr);
	return TS_EUSAGE;
}

/* Ends the run: flushes stdout and turns a write failure into exit 3.  A
 * closed pipe (EPIPE) ends quietly. */
int
ts_cli_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return status;
		fprintf(stderr, "tracestat: cannot write the output: %s\n", strerror(errno));
		return TS_EIO;
	}
	return status;
}

int
ts_cli_parse_level(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno || !(v > 0 && v < 1))
		return ts_cli_usage_error("--level: '%s' is not a level between 0 and 1 (e.g. 0.95)", s);
	*out = v;
	return 0;
}

int
ts_cli_parse_suppress(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end || errno || v < 1 || v > 1000000000)
		return ts_cli_usage_error("--suppress: '%s' is not a threshold (a whole number from 1, e.g. 5)", s);
	*out = v;
	return 0;
}

int
ts_cli_parse_ci(const char *s, enum ts_ci_method *out)
{
	if (ts_stats_method_parse(s, out) != 0)
		return ts_cli_usage_error("--ci: unknown interval method '%s' (wilson, "
		    "wilson-cc, exact, jeffreys, agresti-coull)", s);
	return 0;
}

/* The value of an option given as "--opt=VALUE" or "--opt VALUE". */
const char *
ts_cli_opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t len = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, len) == 0 && a[len] == '=')
		return a + len + 1;
	if (strcmp(a, name) == 0 && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int
ts_cli_output_option(int argc, char **argv, int *i, const char **out)
{
	const char *a = argv[*i], *v;

	if (strcmp(a, "-o") == 0)
		v = *i + 1 < argc ? argv[++*i] : NULL;
	else if (ts_cli_is_opt(a, "--output"))
		v = ts_cli_opt_value(argc, argv, i, "--output");
	else
		return -1;
	if (v == NULL || *v == '\0')
		return ts_cli_usage_error("%s needs a file name", a[1] == 'o' ? "-o" : "--output");
	*out = v;
	return 0;
}

int
ts_cli_is_opt(const char *a, const char *name)
{
	size_t len = strlen(name);

	return strncmp(a, name, len) == 0 && (a[len] == '\0' || a[len] == '=');
}

int
ts_cli_read_inputs(const char *const *files, size_t nfiles,
    const struct ts_load_options *opt, struct ts_store *st,
    struct ts_diags *diags, struct ts_error *err)
{
	static const char *const standard_input[] = { "-" };
	size_t i;
	int rc = 0;

	if (nfiles == 0) {
		files = standard_input;
		nfiles = 1;
	}
	if (opt->vocab_error) {
		*err = *opt->vocab_error;
		return err->code;
	}
	for (i = 0; i < nfiles && rc == 0; i++)
		rc = ts_input_load(st, files[i], opt, diags, err);
	if (rc == 0)
		rc = ts_rowmap_check_maps(st, opt, err);
	ts_cli_print_rejects(st, diags);
	return rc;
}

uint64_t
ts_cli_rejected(const struct ts_store *st)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < ts_store_ninputs(st); i++)
		n += ts_store_input_info_c(st, i)->rejected +
		    ts_store_input_info_c(st, i)->layout.rejected_cells;
	return n;
}

void
ts_cli_print_rejects(const struct ts_store *st, const struct ts_diags *d)
{
	size_t i;

	for (i = 0; i < d->count; i++) {
		const struct ts_input_info *in;
		if (d->items[i].kind != TS_DIAG_REJECT)
			continue;
		in = ts_store_input_info_c(st, d->items[i].input);
		ts_cli_diag(in ? in->path : "", d->items[i].line, 0, d->items[i].message);
	}
}

int
ts_cli_named_value(int argc, char **argv, int *i, const char *const *names,
    size_t n, size_t *which, const char **value)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (ts_cli_is_opt(argv[*i], names[k]))
			break;
	if (k == n)
		return -1;
	if ((*value = ts_cli_opt_value(argc, argv, i, names[k])) == NULL)
		return ts_cli_usage_error("%s needs a value", names[k]);
	*which = k;
	return 0;
}

int
ts_cli_reading_option(int argc, char **argv, int *i,
    struct ts_load_options *load, struct ts_totals_options *totals,
    const char **words)
{
	int rc = ts_cli_totals_option(argc, argv, i, totals, words);

	return rc >= 0 ? rc : ts_cli_input_option(argc, argv, i, load);
}

int
ts_cli_totals_option(int argc, char **argv, int *i,
    struct ts_totals_options *opt, const char **words)
{
	static const char *const names[] = {
		"--total-word", "--subtotal-of", "--prefer-source", "--fill-down",
	};
	const char *a = argv[*i], *v;
	size_t k;
	int rc;

	opt->words = words;
	if (strcmp(a, "--keep-totals") == 0) {
		opt->keep_totals = 1;
		return 0;
	}
	if (strcmp(a, "--no-total-detection") == 0) {
		opt->no_detection = 1;
		return 0;
	}
	if (strcmp(a, "--exact-labels") == 0) {
		opt->exact_labels = 1;
		return 0;
	}
	if (strcmp(a, "--allow-repeats") == 0) {
		opt->allow_repeats = 1;
		return 0;
	}
	if ((rc = ts_cli_named_value(argc, argv, i, names,
	    sizeof names / sizeof names[0], &k, &v)) != 0)
		return rc;
	if (*v == '\0')
		return ts_cli_usage_error("%s: the value is empty", names[k]);
	if (k == 0)
		words[opt->nwords++] = v;
	else if (k == 1)
		opt->subtotal_of = v;
	else if (k == 2)
		opt->prefer_source = v;
	else if (opt->nfill == TS_TOTALS_MAX_FILL)
		return ts_cli_usage_error("%s: at most 16 columns", "--fill-down");
	else
		opt->fill_down[opt->nfill++] = v;
	return 0;
}

static int
cmd_version(void)
{
	printf("tracestat %s\n", TS_VERSION);
	printf("built with libcsv %s, cJSON %s, libRmath %s\n",
	    ts_input_csv_version(), ts_input_json_version(),
	    ts_stats_rmath_version());
	return ts_cli_finish(0);
}

int
ts_cli_main(int argc, char **argv)
{
	const char *cmd;

	/* Numbers are written and read with a '.' whatever the locale. */
	setlocale(LC_ALL, "C");
	/* A closed pipe shows up as EPIPE on write, handled in ts_cli_finish(). */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		return ts_cmd_report(0, argv + 1);
	cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_main, stdout);
		return ts_cli_finish(0);
	}
	if (strcmp(cmd, "--version") == 0)
		return cmd_version();
	if (strcmp(cmd, "report") == 0)
		return ts_cmd_report(argc - 2, argv + 2);
	if (strcmp(cmd, "rate") == 0)
		return ts_cmd_rate(argc - 2, argv + 2);
	if (strcmp(cmd, "convert") == 0)
		return ts_cmd_convert(argc - 2, argv + 2);
	if (strcmp(cmd, "check") == 0)
		return ts_cmd_check(argc - 2, argv + 2);
	if (strcmp(cmd, "fields") == 0)
		return ts_cmd_fields(argc - 2, argv + 2);
	if (strcmp(cmd, "plot") == 0)
		return ts_cmd_plot(argc - 2, argv + 2);
	/* tracestat FILE... means tracestat report FILE...; a word that is
	 * neither a command nor a readable path is an unknown command. */
	if (cmd[0] == '-' || access(cmd, F_OK) == 0 || strchr(cmd, '/') || strchr(cmd, '.'))
		return ts_cmd_report(argc - 1, argv + 1);
	return ts_cli_usage_error("unknown command '%s'", cmd);
}
