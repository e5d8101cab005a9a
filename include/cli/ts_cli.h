/* ts_cli.h — the command line: options, usage, diagnostics, exit codes.
 *
 * ts_cli_main() runs one tracestat command and returns its exit status
 * (README.md, "Exit status").  The command files (cmd_*.c) share the helpers below; they are
 * the only code that prints to the terminal or decides an exit status.
 */
#ifndef TS_CLI_H
#define TS_CLI_H

#include "ts_error.h"
#include "ts_report.h"
#include "ts_input.h"
#include "ts_stats.h"
#include "ts_store.h"

int ts_cli_main(int argc, char **argv);

/* The commands; argv holds the arguments after the command word. */
int ts_cmd_report(int argc, char **argv);
int ts_cmd_rate(int argc, char **argv);
int ts_cmd_convert(int argc, char **argv);
int ts_cmd_check(int argc, char **argv);
int ts_cmd_fields(int argc, char **argv);
int ts_cmd_plot(int argc, char **argv);

/* Prints "tracestat: FILE:LINE[:COL]: message" with the parts that are
 * known; "-" is shown as "(stdin)". */
void ts_cli_diag(const char *file, long line, long column, const char *msg);

/* Prints err and returns its code (with a --help hint for usage errors). */
int ts_cli_fail(const struct ts_error *err);

/* Prints "tracestat: " fmt (with one %s for arg) and the --help hint;
 * returns TS_EUSAGE. */
int ts_cli_usage_error(const char *fmt, const char *arg);

/* Flushes stdout; a write failure becomes exit 3, a closed pipe ends
 * quietly.  Returns the exit status to use. */
int ts_cli_finish(int status);

/* "--name=VALUE" or "--name VALUE" at argv[*i] (advancing *i); NULL when
 * the value is missing. */
const char *ts_cli_opt_value(int argc, char **argv, int *i, const char *name);

/* -o FILE, --output FILE or --output=FILE at argv[*i] (advancing *i):
 * returns -1 when argv[*i] is not that option, 0 with *out set, or the
 * exit status of a usage error (no file name). */
int ts_cli_output_option(int argc, char **argv, int *i, const char **out);

/* 1 when a is "--name" or "--name=...". */
int ts_cli_is_opt(const char *a, const char *name);

/* Parses a --level value in (0, 1); prints a usage error otherwise. */
int ts_cli_parse_level(const char *s, double *out);

/* Parses a --suppress threshold (a whole number from 1); prints a usage
 * error otherwise. */
int ts_cli_parse_suppress(const char *s, int64_t *out);

/* Parses a --threads value (1..64); prints a usage error otherwise. */
int ts_cli_parse_threads(const char *s, int *out);

/* The default --threads: the number of cores, at most 2 (a file is split
 * in two at most, so more would not help). */
int ts_cli_default_threads(void);

/* Installs the progress line in opt: mode 1 always, 0 never, -1 when
 * standard error is a terminal.  The line appears once reading has taken
 * a second, says bytes, rows, rows per second and time left, and is
 * cleared when the input ends. */
void ts_cli_progress_setup(struct ts_load_options *opt, int mode);
/* Parses a --ci method name; prints a usage error otherwise. */
int ts_cli_parse_ci(const char *s, enum ts_ci_method *out);

/* Reads the inputs files[0..nfiles) (standard input when nfiles is 0)
 * into st in order, stopping at the first that cannot be read, and prints
 * every rejected row.  Returns 0, or an error code with err set. */
int ts_cli_read_inputs(const char *const *files, size_t nfiles,
    const struct ts_load_options *opt, struct ts_store *st,
    struct ts_diags *diags, struct ts_error *err);

/* The rows rejected in all inputs of st. */
uint64_t ts_cli_rejected(const struct ts_store *st);

/* Input options shared by the reading commands (cli_input.c). */
extern const char ts_cli_input_help[];   /* their lines for --help */

/* Parses the input option at argv[*i] (--encoding, --delimiter, --map,
 * --day-first, --today) into o, advancing *i past its value.  Returns 0,
 * -1 when argv[*i] is not an input option, or TS_EUSAGE after printing
 * the usage error. */
int ts_cli_input_option(int argc, char **argv, int *i, struct ts_load_options *o);

/* The options of long and wide tables and fiscal years (cli_layout.c):
 * --layout, --measure, --value, --measure-word, --fiscal-start.  Same
 * returns as ts_cli_input_option(), which takes them too. */
int ts_cli_layout_option(int argc, char **argv, int *i, struct ts_load_options *o);

#define TS_CLI_LAYOUT_HELP \
"  --layout auto|long|wide|plain\n" \
"                           how rows give records (default auto: a long table\n" \
"                           has a measure and a value column, a wide one has\n" \
"                           periods as headers; docs/input.md)\n" \
"  --measure NAME           a long table's measure column, or a wide table's\n" \
"                           field (investigations...); FILE=FIELD for one\n" \
"                           input alone (repeatable)\n" \
"  --value COLUMN           a long table's value column\n" \
"  --measure-word WORD=FIELD\n" \
"                           a value of the measure column that names FIELD\n" \
"                           (repeatable)\n" \
"  --fiscal-start MM        fiscal and split years (FY2016, 2016/17) begin in\n" \
"                           month MM (default 01)\n"

/* Fills what the options left unset: today from the system date. */
void ts_cli_input_defaults(struct ts_load_options *o);

/* Prints every rejected row as "tracestat: FILE:LINE: message". */
void ts_cli_print_rejects(const struct ts_store *st, const struct ts_diags *d);

/* Which of the options names[0..n) argv[*i] is ("--name VALUE" or
 * "--name=VALUE"), with its value: returns -1 when it is none of them, 0
 * with *which and *value set, or the status of a usage error when the
 * value is missing. */
int ts_cli_named_value(int argc, char **argv, int *i, const char *const *names,
    size_t n, size_t *which, const char **value);

/* The options of the total-row and revision passes, for every command
 * that reads tables: --total-word WORD (into words[], which needs room for
 * argc entries), --keep-totals, --subtotal-of COLUMN, --prefer-source TEXT.
 * Returns -1 when argv[*i] is none of them, 0 when it was taken (advancing
 * *i past a separate value), or the exit status of a usage error. */
struct ts_totals_options;
int ts_cli_totals_option(int argc, char **argv, int *i,
    struct ts_totals_options *opt, const char **words);

/* Every option that says how to read tables: the total-row options above,
 * then the input options (ts_cli_input_option).  Same returns. */
int ts_cli_reading_option(int argc, char **argv, int *i,
    struct ts_load_options *load, struct ts_totals_options *totals,
    const char **words);

/* Their lines for a --help text. */
#define TS_CLI_TOTALS_HELP \
"  --total-word WORD        one more word that marks a total row (repeatable;\n" \
"                           'tracestat fields' lists the built-in ones)\n" \
"  --keep-totals            count total and subtotal rows as ordinary rows\n" \
"  --no-total-detection     find total rows by their words only\n" \
"  --exact-labels           group values as written ('CHIAPAS' apart from\n" \
"                           'Chiapas')\n" \
"  --allow-repeats          count a repeated input as given\n" \
"  --fill-down COLUMN       fill COLUMN's blank cells from the row above\n" \
"  --subtotal-of COLUMN     a subtotal covers the rows whose COLUMN holds its\n" \
"                           label ('Subtotal PGR': the rows whose COLUMN is\n" \
"                           PGR), not the rows since the previous subtotal\n" \
"  --prefer-source TEXT     a figure revised between sources is counted from\n" \
"                           the source that contains TEXT (default: the later\n" \
"                           input)\n"

/* The report's statistical options (cli_stats.c): --follow-up, --as-of,
 * --adjust, --dispersion (docs/methods.md). */
/* One of the options at argv[*i] (advancing *i): returns -1 when argv[*i]
 * is none of them, 0 with ro set, or the exit status of a usage error. */
int ts_cli_stats_option(int argc, char **argv, int *i, struct ts_report_options *ro);

/* Parses a --follow-up duration: a whole number and d (days), m (months
 * of 365.25 / 12 days) or y (years of 365.25 days), at most 100 years.
 * Returns 0 with *days set, or -1. */
int ts_cli_parse_duration(const char *s, double *days);

/* Their lines of --help. */
extern const char ts_cli_stats_help[];

#define TS_CLI_STATS_HELP \
"  --follow-up DURATION     case lists: compare cohorts by the share convicted\n" \
"                           within DURATION of opening (24m, 2y, 730d): the\n" \
"                           Aalen-Johansen cumulative incidence, open cases\n" \
"                           censored at the cut-off; cohorts not followed that\n" \
"                           long are \"not yet observable\"\n" \
"  --as-of DATE             the cut-off of a case list, YYYY-MM-DD (default:\n" \
"                           the latest date in the data)\n" \
"  --adjust holm|bh|none    adjust each kind of test's p-values for the number\n" \
"                           of tests (default: holm)\n" \
"  --dispersion KIND        when rates vary more than sampling allows, widen\n" \
"                           funnel limits, differences and trends: KIND is\n" \
"                           multiplicative (default), additive or none\n"

#endif
