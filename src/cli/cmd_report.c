/* cmd_report.c — tracestat report: read, group, compute, write. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_input.h"
#include "ts_json.h"
#include "ts_output.h"
#include "ts_report.h"
#include "ts_totals.h"

enum format { FMT_TEXT, FMT_JSON, FMT_CSV, FMT_TSV, FMT_MARKDOWN, FMT_NDJSON };

/* The options of report's own block; the shared ones are in the
 * struct ts_cli_args beside it. */
struct options {
	enum format format;
	int format_set;
	const char *by;
	int ascii;
	int timestamp;
	int strict;
	int no_defuse;                /* --no-defuse */
	int color;                    /* --color: -1 auto, 0 never, 1 always */
	unsigned fail_on;             /* FAIL_* */
	unsigned sections;            /* --sections: TS_SECTION_*; 0 all */
	int no_pager;                 /* --no-pager */
};

/* Parses "table,comparisons,cohort,notes" (any of them, in any order). */
static int
parse_sections(const char *v, struct options *o)
{
	static const struct { const char *name; unsigned bit; } names[] = {
		{ "table", TS_SECTION_TABLE }, { "comparisons", TS_SECTION_COMPARISONS },
		{ "cohort", TS_SECTION_COHORT }, { "notes", TS_SECTION_NOTES },
	};
	const char *p = v;
	size_t len, k;

	o->sections = 0;
	while (*p) {
		len = strcspn(p, ",");
		for (k = 0; k < sizeof names / sizeof names[0]; k++)
			if (strlen(names[k].name) == len && strncmp(p, names[k].name, len) == 0)
				break;
		if (k == sizeof names / sizeof names[0])
			return ts_cli_usage_error(N_("--sections: '%s' is not a list of "
			    "table, comparisons, cohort, notes"), v);
		o->sections |= names[k].bit;
		p += len;
		if (*p == ',')
			p++;
	}
	if (o->sections == 0)
		return ts_cli_usage_error(N_("--sections: '%s' is not a list of "
		    "table, comparisons, cohort, notes"), v);
	return 0;
}

/* --fail-on: what makes the run exit 1 (the report is still written). */
enum { FAIL_WARNINGS = 1, FAIL_REJECTS = 2, FAIL_EMPTY = 4 };

/* usage_* and after_* are translated where printed; `make pot` finds
 * them by their names (Makefile). */
static const char usage_report[] =
"Usage: tracestat report [OPTIONS] [FILE...]\n"
"\n"
"Reads counts tables or case lists (CSV with a header row, JSON or NDJSON,\n"
"in any encoding) and prints conviction rates with their confidence\n"
"intervals, for the total and for each group.  No FILE, or -, reads\n"
"standard input; several files are pooled, each with its own header.\n";

static const char after_report[] =
"\n"
"Total rows (Total, Nacional, Subtotal PGR ...) are left out of the sums and\n"
"checked against the rows they cover; a figure given by two sources is\n"
"counted once.  The report says what it verified and what it chose.\n"
"Colour (--color auto) only when standard output is a terminal, NO_COLOR is\n"
"not set and TERM is not dumb.\n"
"\n"
"Examples:\n"
"  tracestat report data/2014.csv\n"
"  tracestat report --by year --format json data/cases.csv\n"
"  tracestat report --format json data/2014.csv | jq .total.conviction_rate\n"
"  tracestat report --by jurisdiction --period last-month --suppress 5 \\\n"
"      --format csv -o summary.csv data/*.csv\n"
"  tracestat report --encoding latin1 --delimiter ';' --map convictions=Cond export.csv\n";

static int
parse_format(const char *s, struct options *o)
{
	static const struct { const char *name; enum format f; } names[] = {
		{ "text", FMT_TEXT }, { "json", FMT_JSON }, { "csv", FMT_CSV },
		{ "tsv", FMT_TSV }, { "markdown", FMT_MARKDOWN }, { "md", FMT_MARKDOWN },
		{ "ndjson", FMT_NDJSON },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i].name) == 0)
			break;
	if (i == sizeof names / sizeof names[0])
		return ts_cli_usage_error(N_("--format: unknown format '%s' (text, json, ndjson, csv, tsv, markdown)"), s);
	o->format = names[i].f;
	o->format_set = 1;
	return 0;
}

/* Parses "warnings,rejects,empty" (any of them, in any order). */
static int
parse_fail_on(const char *v, struct options *o)
{
	static const char *const names[] = { "warnings", "rejects", "empty" };
	const char *p = v;
	size_t len, k;

	while (*p) {
		len = strcspn(p, ",");
		for (k = 0; k < 3; k++)
			if (strlen(names[k]) == len && strncmp(p, names[k], len) == 0)
				break;
		if (k == 3)
			return ts_cli_usage_error(N_("--fail-on: '%s' is not a list of "
			    "warnings, rejects, empty"), v);
		o->fail_on |= 1u << k;
		p += len;
		if (*p == ',')
			p++;
	}
	if (o->fail_on == 0)
		return ts_cli_usage_error(N_("--fail-on: '%s' is not a list of "
		    "warnings, rejects, empty"), v);
	return 0;
}

enum {
	OPT_BY, OPT_FORMAT, OPT_ASCII, OPT_TIMESTAMP, OPT_BASIS,
	OPT_STRICT, OPT_FAIL_ON, OPT_NO_DEFUSE, OPT_COLOR, OPT_SECTIONS, OPT_NO_PAGER,
};

static int
take(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	struct options *o = a->own;

	switch (opt->id) {
	case OPT_BY:
		o->by = v;
		return 0;
	case OPT_FORMAT:
		return parse_format(v, o);
	case OPT_ASCII:
		o->ascii = 1;
		return 0;
	case OPT_TIMESTAMP:
		o->timestamp = 1;
		return 0;
	case OPT_BASIS:
		if (strcmp(v, "cohort") == 0)
			a->report.basis = TS_BASIS_COHORT;
		else if (strcmp(v, "period") == 0)
			a->report.basis = TS_BASIS_PERIOD;
		else
			return ts_cli_usage_error(N_("--basis: unknown basis '%s' (cohort, period)"), v);
		return 0;
	case OPT_FAIL_ON:
		return parse_fail_on(v, o);
	case OPT_NO_DEFUSE:
		o->no_defuse = 1;
		return 0;
	case OPT_SECTIONS:
		return parse_sections(v, o);
	case OPT_NO_PAGER:
		o->no_pager = 1;
		return 0;
	case OPT_COLOR:
		if (strcmp(v, "auto") == 0)
			o->color = -1;
		else if (strcmp(v, "always") == 0)
			o->color = 1;
		else if (strcmp(v, "never") == 0)
			o->color = 0;
		else
			return ts_cli_usage_error(N_("--color: '%s' is not auto, always or never"), v);
		return 0;
	default:
		o->strict = 1;
		return 0;
	}
}

static const struct ts_cli_opt report_opts[] = {
	{ "--by", 0, "FIELD[,FIELD...]", "@by",
	  N_("group by fields: year, quarter, month, period,\n"
	  "jurisdiction, agency, exploitation or any column\n"
	  "(a header as written, or any alias of a field)"), take, OPT_BY },
	{ "--suppress", 0, "N", NULL,
	  N_("show counts below N as <N and withhold every\n"
	  "figure that would reveal them"), ts_cli_take_suppress, 0 },
	{ "--format", 0, "FORMAT", "text json ndjson csv tsv markdown",
	  N_("text, json, ndjson (one group a line), csv, tsv\n"
	  "or markdown (default: text)"), take, OPT_FORMAT },
	{ "--output", 'o', "FILE", "@file",
	  N_("write to FILE, replacing it only once the whole\n"
	  "report is written; repeatable, each FILE in the\n"
	  "format of its extension (.txt .json .ndjson .csv\n"
	  ".tsv .md)"),
	  ts_cli_take_output, 0 },
	{ "--sections", 0, "WHAT[,WHAT...]", "table comparisons cohort notes",
	  N_("text: print only these sections after the\n"
	  "heading: table, comparisons, cohort, notes"), take, OPT_SECTIONS },
	{ "--no-pager", 0, NULL, NULL,
	  N_("text on a terminal: never through $PAGER (by\n"
	  "default a report longer than the screen is)"), take, OPT_NO_PAGER },
	{ "--ascii", 0, NULL, NULL, N_("text: bars and dashes in plain ASCII"), take,
	  OPT_ASCII },
	{ "--color", 0, "auto|always|never", "auto always never",
	  N_("text: colour always, never, or (auto, the\n"
	  "default) on a terminal without NO_COLOR, TERM=dumb"), take, OPT_COLOR },
	{ "--colour", 0, "auto|always|never", "auto always never", NULL, take,
	  OPT_COLOR },
	{ "--no-defuse", 0, NULL, NULL,
	  N_("csv, tsv: leave cells that start with = + - @ as\n"
	  "they are (for programs, not spreadsheets)"), take, OPT_NO_DEFUSE },
	{ "--timestamp", 0, NULL, NULL,
	  N_("add the time of the run (off: same input, same\n"
	  "bytes)"), take, OPT_TIMESTAMP },
	{ "--basis", 0, "cohort|period", "cohort period",
	  N_("case lists: a period's rate counts the outcomes\n"
	  "of the cases opened in it (cohort, default), or\n"
	  "the convictions dated in it (closed) over the\n"
	  "cases opened in it (period: a ratio of\n"
	  "different cases, shown without an interval)"), take, OPT_BASIS },
	{ "--strict", 0, NULL, NULL,
	  N_("any rejected row is a failure: no report (exit 1)"), take, OPT_STRICT },
	{ "--fail-on", 0, "WHAT[,WHAT...]", "warnings rejects empty",
	  N_("exit 1 (the report still written) on warnings\n"
	  "(each printed on standard error), rejects (the\n"
	  "default) or empty (no record in the period)"), take, OPT_FAIL_ON },
	TS_CLI_HELP_ENTRY,
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

static const struct ts_cli_block report_blocks[] = {
	{ N_("Options"), report_opts },
	TS_CLI_SELECT_BLOCK,
	{ N_("Statistics"), ts_cli_stats_opts },
	{ N_("Open cases and many tests"), ts_cli_method_opts },
	{ N_("Over-dispersion"), ts_cli_dispersion_opts },
	TS_CLI_TABLE_BLOCKS,
	{ NULL, NULL },
};

const struct ts_cli_command ts_cli_report = {
	"report", "report [OPTIONS] [FILE...]",
	N_("conviction rates with intervals (the main job)"),
	usage_report, after_report, report_blocks, 0, ts_cmd_report,
};

static void
set_timestamp(struct ts_cli_args *a, const struct options *o)
{
	time_t now = time(NULL);
	struct tm tm;

	if (o->timestamp && gmtime_r(&now, &tm) != NULL)
		strftime(a->report.timestamp, sizeof a->report.timestamp,
		    "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The format of output path: --format when it was given for a single
 * output, else the extension (.txt .json .csv .tsv .md), else --format
 * or text. */
static enum format
output_format(const struct options *o, const char *path, size_t noutputs)
{
	static const struct { const char *ext; enum format f; } exts[] = {
		{ ".txt", FMT_TEXT }, { ".text", FMT_TEXT }, { ".json", FMT_JSON },
		{ ".csv", FMT_CSV }, { ".tsv", FMT_TSV }, { ".md", FMT_MARKDOWN },
		{ ".markdown", FMT_MARKDOWN }, { ".ndjson", FMT_NDJSON },
		{ ".jsonl", FMT_NDJSON },
	};
	const char *dot;
	size_t i;

	if (path == NULL || (o->format_set && noutputs <= 1))
		return o->format;
	if ((dot = strrchr(path, '.')) != NULL && strchr(dot, '/') == NULL)
		for (i = 0; i < sizeof exts / sizeof exts[0]; i++)
			if (strcmp(dot, exts[i].ext) == 0)
				return exts[i].f;
	return o->format;
}

/* Writes the report in format to fp. */
static int
write_report(FILE *fp, const struct options *o, enum format format,
    const struct ts_result *res, int to_stdout)
{
	struct ts_text_style style;

	/* auto: a terminal that can show it, and a user who did not say
	 * NO_COLOR (no-color.org: set to anything non-empty). */
	style.color = o->color == 1 || (o->color == -1 && to_stdout &&
	    isatty(STDOUT_FILENO) && (getenv("NO_COLOR") == NULL || !*getenv("NO_COLOR")) &&
	    (getenv("TERM") == NULL || strcmp(getenv("TERM"), "dumb") != 0));
	style.ascii = o->ascii;
	style.width = ts_cli_text_width(to_stdout);
	style.sections = o->sections;
	switch (format) {
	case FMT_JSON:
		return ts_report_write_json(fp, res);
	case FMT_NDJSON:
		return ts_report_write_ndjson(fp, res);
	case FMT_CSV:
		return ts_report_write_table(fp, res, ',', !o->no_defuse);
	case FMT_TSV:
		return ts_report_write_table(fp, res, '\t', !o->no_defuse);
	case FMT_MARKDOWN:
		return ts_report_write_markdown(fp, res);
	default:
		return ts_report_write_text(fp, res, &style);
	}
}

/* The text report on a terminal: built whole, then shown through the
 * pager when it is longer than the screen. */
static int
page_report(const struct options *o, const struct ts_result *res)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int rc;

	if (mem == NULL)
		return -1;
	rc = write_report(mem, o, FMT_TEXT, res, 1);
	if (fclose(mem) != 0 || rc != 0) {
		free(buf);
		return -1;
	}
	rc = ts_cli_page(buf, len, 1);
	free(buf);
	return rc;
}

/* --fail-on: prints what makes the run fail, once, on standard error,
 * and returns 1 when it does (rejected rows were listed while reading).
 * shown: the warnings are on standard error already. */
static int
fail_on(const struct options *o, const struct ts_store *st,
    const struct ts_diags *d, const struct ts_result *res, int shown)
{
	int failed = 0;

	if ((o->fail_on & FAIL_REJECTS) && ts_cli_rejected(st))
		failed = 1;
	if ((o->fail_on & FAIL_WARNINGS) && ts_diags_count(d, TS_DIAG_WARNING)) {
		if (!shown)
			ts_cli_print_warnings(st, d);
		failed = 1;
	}
	if ((o->fail_on & FAIL_EMPTY) && res->total.records == 0) {
		if (res->opt.has_period)
			fprintf(stderr, _("tracestat: --period %s: no record falls inside "
			    "the period (%llu outside it)\n"), res->opt.period_text,
			    (unsigned long long)res->outside_period);
		else if (!ts_cli_rejected(st))
			fputs(_("tracestat: the input holds no records\n"), stderr);
		failed = 1;
	}
	return failed;
}

/* Splits the --by list and resolves each name. */
static int
resolve_by(const struct ts_store *st, struct ts_cli_args *a,
    const struct options *o, struct ts_error *err)
{
	char name[64];
	const char *p = o->by, *comma;
	size_t len;

	a->report.nby = 0;
	while (p && *p) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == 0 || len >= sizeof name)
			return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
			    N_("--by: empty or overlong field name in '%s'"), o->by);
		if (a->report.nby == TS_MAX_BY)
			return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
			    N_("--by: at most %d fields"), TS_MAX_BY);
		memcpy(name, p, len);
		name[len] = '\0';
		if (ts_report_resolve_by(st, name, &a->report.by[a->report.nby], err) != 0)
			return err->code;
		a->report.nby++;
		p = comma ? comma + 1 : NULL;
	}
	return TS_OK;
}

int
ts_cmd_report(int argc, char **argv)
{
	struct options o;
	struct ts_cli_args a;
	struct ts_error err;
	struct ts_diags diags = { 0 };
	struct ts_store *st = NULL;
	struct ts_result *res = NULL;
	struct ts_output out;
	size_t i;
	int rc, wrc, shown = 0;

	memset(&o, 0, sizeof o);
	memset(&err, 0, sizeof err);
	o.color = -1;
	rc = ts_cli_parse(&ts_cli_report, argc, argv, &a, &o);
	if (rc == 0)
		rc = ts_cli_select_period(&a);
	if (rc != 0) {
		ts_cli_args_free(&a);
		return rc == TS_CLI_HELP ? ts_cli_finish(0) : rc;
	}
	st = ts_store_new();
	if (st == NULL) {
		ts_cli_args_free(&a);
		fputs(_("tracestat: out of memory\n"), stderr);
		return TS_EIO;
	}
	ts_cli_progress_setup(&a.load, a.progress);
	ts_cli_input_defaults(&a.load);
	a.totals.vocab = a.load.vocab;
	a.load.layout.by = o.by;       /* a breakdown named in --by is used */
	rc = ts_cli_read_inputs(a.operands, a.noperands, &a.load, st, &diags, &err);
	if (rc == 0 && o.strict && ts_diags_count(&diags, TS_DIAG_REJECT)) {
		ts_error_set(&err, TS_EDATA, NULL, 0, 0, N_("--strict: %zu row%s rejected, "
		    "no report written"), ts_diags_count(&diags, TS_DIAG_REJECT),
		    ts_diags_count(&diags, TS_DIAG_REJECT) == 1 ? "" : "s");
		rc = TS_EDATA;
	}
	a.totals.by = o.by ? o.by : "";   /* no --by: one group */
	if (rc == 0)
		rc = ts_totals_mark(st, &a.totals, &diags, &err);
	if (rc == 0)
		rc = ts_revisions_mark(st, &a.totals, &diags, &err);
	if (rc == 0)
		rc = resolve_by(st, &a, &o, &err);
	if (rc == 0)
		rc = ts_report_where(st, &a.report, &diags, &err);
	if (rc == 0) {
		set_timestamp(&a, &o);
		a.report.threads = a.load.threads;
		rc = ts_report_build(st, &a.report, &diags, &res, &err);
	}
	if (rc != 0) {
		rc = ts_cli_fail(&err);
		goto out;
	}
	/* Each output is opened only now: a run that fails before this point
	 * leaves an existing -o FILE as it was.  Several outputs are written
	 * one after the other, each replaced whole. */
	for (i = 0; i < (a.noutputs ? a.noutputs : 1); i++) {
		const char *path = a.noutputs ? a.outputs[i] : NULL;
		if (ts_output_open(&out, path, &err) != 0) {
			rc = ts_cli_fail(&err);
			goto out;
		}
		errno = 0;
		if (path == NULL && output_format(&o, path, a.noutputs) == FMT_TEXT &&
		    !o.no_pager && isatty(STDOUT_FILENO))
			wrc = page_report(&o, res);
		else
			wrc = write_report(out.fp, &o, output_format(&o, path, a.noutputs),
			    res, out.fp == stdout);
		if (wrc != 0 && !ferror(out.fp)) {
			/* The writer ran out of memory, not out of room. */
			ts_output_abort(&out);
			ts_error_set(&err, TS_EIO, NULL, 0, 0, N_("out of memory"));
			rc = ts_cli_fail(&err);
			goto out;
		}
		if (out.path != NULL && ts_output_commit(&out, &err) != 0) {
			rc = ts_cli_fail(&err);
			goto out;
		}
	}
	/* CSV, TSV and Markdown have no place for a warning (a rate that is a
	 * period ratio, a total found by arithmetic): a script reading them
	 * hears it on standard error, never not at all. */
	for (i = 0; i < (a.noutputs ? a.noutputs : 1); i++) {
		enum format f = output_format(&o, a.noutputs ? a.outputs[i] : NULL, a.noutputs);
		if (f == FMT_CSV || f == FMT_TSV || f == FMT_MARKDOWN)
			shown = 1;
	}
	if (shown)
		ts_cli_print_warnings(st, &diags);
	rc = ts_cli_rejected(st) ? TS_EDATA : TS_OK;
	if (fail_on(&o, st, &diags, res, shown))
		rc = TS_EDATA;
	rc = ts_cli_finish(rc);
out:
	ts_result_free(res);
	ts_store_free(st);
	ts_diags_free(&diags);
	ts_cli_args_free(&a);
	return rc;
}
