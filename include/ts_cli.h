/* ts_cli.h — the command line: options, usage, diagnostics, exit codes.
 *
 * ts_cli_main() runs one tracestat command and returns the exit status of
 * SPEC §5.  The command files (cmd_*.c) share the helpers below; they are
 * the only code that prints to the terminal or decides an exit status.
 */
#ifndef TS_CLI_H
#define TS_CLI_H

#include "ts_error.h"
#include "ts_input.h"
#include "ts_store.h"

int ts_cli_main(int argc, char **argv);

/* The commands; argv holds the arguments after the command word. */
int ts_cmd_report(int argc, char **argv);
int ts_cmd_rate(int argc, char **argv);
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

/* 1 when a is "--name" or "--name=...". */
int ts_cli_is_opt(const char *a, const char *name);

/* Parses a --level value in (0, 1); prints a usage error otherwise. */
int ts_cli_parse_level(const char *s, double *out);

/* Parses a --suppress threshold (a whole number from 1); prints a usage
 * error otherwise. */
int ts_cli_parse_suppress(const char *s, int64_t *out);

/* Input options shared by the reading commands (cli_input.c). */
extern const char ts_cli_input_help[];   /* their lines for --help */

/* Parses the input option at argv[*i] (--encoding, --delimiter, --map,
 * --day-first, --today) into o, advancing *i past its value.  Returns 0,
 * -1 when argv[*i] is not an input option, or TS_EUSAGE after printing
 * the usage error. */
int ts_cli_input_option(int argc, char **argv, int *i, struct ts_load_options *o);

/* Fills what the options left unset: today from the system date. */
void ts_cli_input_defaults(struct ts_load_options *o);

/* Prints every rejected row as "tracestat: FILE:LINE: message". */
void ts_cli_print_rejects(const struct ts_store *st, const struct ts_diags *d);

#endif
