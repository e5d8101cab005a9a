/* cli.c — diagnostics and the helpers every command uses: usage errors,
 * the statistics and help blocks of the option tables, the end of a run. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_rowmap.h"
#include "ts_input.h"
#include "ts_report.h"
#include "ts_stats.h"
#include "ts_totals.h"

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

/* The command a usage error sends the user to the help of. */
static const char *usage_command;

void
ts_cli_set_command(const char *name)
{
	usage_command = name;
}

static void
help_hint(void)
{
	if (usage_command)
		fprintf(stderr, _("Try 'tracestat %s --help' for more information.\n"),
		    usage_command);
	else
		fputs(_("Try 'tracestat --help' for more information.\n"), stderr);
}

int
ts_cli_fail(const struct ts_error *err)
{
	ts_cli_diag(err->file, err->line, err->column, ts_error_text(err));
	if (err->code == TS_EUSAGE)
		help_hint();
	return err->code;
}

/* The argument is escaped like every message: it comes from the command
 * line, and may hold bytes that must not reach a terminal raw. */
int
ts_cli_usage_error(const char *fmt, const char *arg)
{
	char msg[1200];

	snprintf(msg, sizeof msg, *fmt ? _(fmt) : fmt, arg);
	ts_cli_diag(NULL, 0, 0, msg);
	help_hint();
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
		fprintf(stderr, _("tracestat: cannot write the output: %s\n"), strerror(errno));
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
		return ts_cli_usage_error(N_("--level: '%s' is not a level between 0 and 1 (e.g. 0.95)"), s);
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
		return ts_cli_usage_error(N_("--suppress: '%s' is not a threshold (a whole number from 1, e.g. 5)"), s);
	*out = v;
	return 0;
}

int
ts_cli_parse_text_json(const char *s, int *json)
{
	if (strcmp(s, "json") == 0)
		*json = 1;
	else if (strcmp(s, "text") == 0)
		*json = 0;
	else
		return ts_cli_usage_error(N_("--format: unknown format '%s' (text, json)"), s);
	return 0;
}

int
ts_cli_parse_ci(const char *s, enum ts_ci_method *out)
{
	if (ts_stats_method_parse(s, out) != 0)
		return ts_cli_usage_error(N_("--ci: unknown interval method '%s' (wilson, "
		    "wilson-cc, exact, jeffreys, agresti-coull)"), s);
	return 0;
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
	/* Someone who typed "tracestat report" alone sees why it waits. */
	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i], "-") == 0 && isatty(STDIN_FILENO) && isatty(STDERR_FILENO)) {
			fputs(_("tracestat: reading standard input; ^D to end\n"), stderr);
			break;
		}
	for (i = 0; i < nfiles && rc == 0; i++)
		rc = ts_input_load(st, files[i], opt, diags, err);
	if (rc == 0)
		rc = ts_rowmap_check_maps(st, opt, err);
	ts_store_cases_loaded(st);
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

size_t
ts_cli_print_warnings(const struct ts_store *st, const struct ts_diags *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->count; i++) {
		const struct ts_input_info *in;
		char msg[1200];
		if (d->items[i].kind != TS_DIAG_WARNING)
			continue;
		in = d->items[i].input == TS_DIAG_NO_INPUT ? NULL :
		    ts_store_input_info_c(st, d->items[i].input);
		snprintf(msg, sizeof msg, _("warning: %s"), ts_diag_text(&d->items[i]));
		ts_cli_diag(in ? in->path : "", d->items[i].line, 0, msg);
		n++;
	}
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
		ts_cli_diag(in ? in->path : "", d->items[i].line, 0, ts_diag_text(&d->items[i]));
	}
}

int
ts_cli_text_width(int to_stdout)
{
	const char *c = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long v;

	if (c != NULL && *c) {
		v = strtol(c, &end, 10);
		if (*end == '\0' && v >= 20 && v <= 10000)
			return (int)v;
	}
	if (to_stdout && isatty(STDOUT_FILENO) &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 0;
}

/* ---- The shared blocks of the option tables --------------------------- */

static int
take_stats(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	if (opt->id == 0)
		return ts_cli_parse_ci(v, &a->report.method);
	return ts_cli_parse_level(v, &a->report.level);
}

const struct ts_cli_opt ts_cli_stats_opts[] = {
	{ "--ci", 0, "METHOD", "wilson wilson-cc exact jeffreys agresti-coull",
	  N_("interval: wilson (default), wilson-cc, exact\n"
	  "(Clopper-Pearson), jeffreys, agresti-coull"), take_stats, 0 },
	{ "--level", 0, "L", NULL,
	  N_("confidence level, 0 < L < 1 (default: 0.95)"), take_stats, 1 },
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

int
ts_cli_take_help(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	(void)a;
	(void)opt;
	(void)v;
	return TS_CLI_HELP;
}

int
ts_cli_take_output(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	if (*v == '\0')
		return ts_cli_usage_error(N_("%s needs a file name"), opt->name);
	if (a->noutputs == TS_CLI_MAX_OUTPUTS)
		return ts_cli_usage_error(N_("%s: at most 8 outputs"), opt->name);
	a->outputs[a->noutputs++] = v;
	return 0;
}

int
ts_cli_take_suppress(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	(void)opt;
	return ts_cli_parse_suppress(v, &a->report.suppress);
}
