/* ts_cli.h — the command line: options, usage, diagnostics, exit codes.
 *
 * ts_cli_main() (dispatch.c) runs one tracestat command and returns its
 * exit status (README, "Exit status"; docs/cli.md for the options).  The command files (cmd_*.c) share the
 * helpers below; they are the only code that prints to the terminal or
 * decides an exit status.  Dispatch uses the commands, the commands use
 * the helpers, the helpers use neither.
 */
#ifndef TS_CLI_H
#define TS_CLI_H

#include "ts_error.h"
#include "ts_i18n.h"
#include "ts_report.h"
#include "ts_input.h"
#include "ts_report.h"
#include "ts_stats.h"
#include "ts_store.h"
#include "ts_totals.h"

int ts_cli_main(int argc, char **argv);

/* ---- Option tables ----------------------------------------------------
 *
 * Every command describes its options in one table: a list of blocks,
 * each an array of struct ts_cli_opt ending with an entry whose name is
 * NULL.  The shared blocks below (reading, total rows, statistics) are the
 * same in every command that lists them.  From the table come the parser
 * (ts_cli_parse: GNU getopt_long rules, i.e. "--name VALUE",
 * "--name=VALUE", any unique prefix of a long name, "--" ends the options),
 * the --help text, and the listing the shell completions read
 * (`tracestat --complete COMMAND`); tests/cli/lib/man-check.sh checks the
 * man page against the --help texts.
 *
 * To add an option: one entry in the command's own block (or in a shared
 * block, for every command that reads tables), with a function that takes
 * its value into struct ts_cli_args. */

struct ts_cli_args;
struct ts_cli_opt;

/* Takes one occurrence of opt (value is NULL for a flag).  Returns 0, or
 * an exit status after printing the error (ts_cli_usage_error), or
 * TS_CLI_HELP to stop with the command's help. */
typedef int ts_cli_take_fn(struct ts_cli_args *a, const struct ts_cli_opt *opt,
    const char *value);

#define TS_CLI_HELP (-1)

struct ts_cli_opt {
	const char *name;        /* "--format"; NULL ends a block */
	char short_name;         /* 'o' for -o, or 0 */
	const char *arg;         /* the value's placeholder ("FORMAT"); NULL: a flag */
	/* What completion offers for the value: words separated by spaces,
	 * or "@file", "@dir", "@encoding", "@field"; NULL: nothing. */
	const char *values;
	/* The --help text, lines separated by '\n'; NULL lists the option on
	 * the line of the one before ("--progress, --no-progress"). */
	const char *help;
	ts_cli_take_fn *take;
	int id;                  /* for a take function shared by several */
};

struct ts_cli_block {
	const char *title;       /* heading in --help ("Reading options") */
	const struct ts_cli_opt *opts;
};

/* A command: its help text around the option list, its blocks (ending
 * with {NULL, NULL}), and how it runs. */
struct ts_cli_command {
	const char *name;
	const char *synopsis;    /* "report [OPTIONS] [FILE...]" */
	const char *summary;     /* what it does, for `tracestat --help` */
	const char *usage;       /* "Usage: ..." and the description */
	const char *after;       /* text after the options (examples...) */
	const struct ts_cli_block *blocks;
	/* "-5" is an operand, not an option (rate K N). */
	int numeric_operands;
	int (*run)(int argc, char **argv);
};

#define TS_CLI_MAX_OUTPUTS 8

/* What the shared blocks fill, and the operands.  own points at the
 * command's options, for the take functions of its own block. */
struct ts_cli_args {
	const struct ts_cli_command *cmd;
	struct ts_load_options load;
	struct ts_totals_options totals;
	struct ts_report_options report;
	const char **total_words;   /* argc entries, for --total-word */
	int progress;               /* -1: when standard error is a terminal */
	const char **operands;      /* argc entries */
	size_t noperands;
	const char *outputs[TS_CLI_MAX_OUTPUTS];   /* -o FILE, in order */
	size_t noutputs;
	const char *period;         /* --period as given (ts_cli_select_period) */
	int sort_given;             /* --sort given: plot's default differs */
	void *own;
};

/* The shared blocks. */
extern const struct ts_cli_opt ts_cli_reading_opts[];   /* cli_input.c */
extern const struct ts_cli_opt ts_cli_vocab_opts[];     /* cli_input.c */
extern const struct ts_cli_opt ts_cli_layout_opts[];    /* cli_layout.c */
extern const struct ts_cli_opt ts_cli_totals_opts[];    /* cli_input.c */
extern const struct ts_cli_opt ts_cli_stats_opts[];     /* cli.c: --ci, --level */
/* The report's methods for cohorts and many tests, and --dispersion
 * (report and plot), in cli_stats.c. */
extern const struct ts_cli_opt ts_cli_method_opts[];
extern const struct ts_cli_opt ts_cli_dispersion_opts[];
/* The rows shown, report and plot (cli_select.c): --period, --where,
 * --sort, --top, --canonical-names, into a->report. */
extern const struct ts_cli_opt ts_cli_select_opts[];
#define TS_CLI_SELECT_BLOCK { N_("Rows and their heads"), ts_cli_select_opts }
/* Resolves --today and --period (relative periods need the day).
 * Returns 0, or an exit status after printing the error. */
int ts_cli_select_period(struct ts_cli_args *a);
/* -h, --help: the last entry of every command's own block. */
ts_cli_take_fn ts_cli_take_help;
#define TS_CLI_HELP_ENTRY \
	{ "--help", 'h', NULL, NULL, N_("show this help"), ts_cli_take_help, 0 }
#define TS_CLI_READING_BLOCK { N_("Reading options"), ts_cli_reading_opts }
#define TS_CLI_VOCAB_BLOCK { N_("Words of an agency's tables"), ts_cli_vocab_opts }
#define TS_CLI_LAYOUT_BLOCK { N_("Long and wide tables"), ts_cli_layout_opts }
#define TS_CLI_TOTALS_BLOCK { N_("Total rows and revised figures"), ts_cli_totals_opts }
/* Every block of a command that reads tables, in --help order. */
#define TS_CLI_TABLE_BLOCKS TS_CLI_READING_BLOCK, TS_CLI_VOCAB_BLOCK, \
	TS_CLI_LAYOUT_BLOCK, TS_CLI_TOTALS_BLOCK

/* The take functions of the shared -o block and of --suppress, for a
 * command's own entries (their help differs from command to command). */
ts_cli_take_fn ts_cli_take_output;
ts_cli_take_fn ts_cli_take_suppress;

/* Sets up a with its defaults (threads, level, interval method, progress)
 * and parses argv[0..argc) by the table of cmd: options into a, the rest
 * into a->operands.  Returns 0, TS_CLI_HELP after printing the help, or
 * an exit status after printing the error (TS_EIO: out of memory).  Free
 * a with ts_cli_args_free() whatever it returns. */
int ts_cli_parse(const struct ts_cli_command *cmd, int argc, char **argv,
    struct ts_cli_args *a, void *own);
void ts_cli_args_free(struct ts_cli_args *a);

/* Prints the --help text of cmd, built from its table. */
void ts_cli_print_help(const struct ts_cli_command *cmd, FILE *fp);

/* Prints one line per option of cmd for the shell completions:
 * "NAME<TAB>ARG<TAB>VALUES<TAB>SUMMARY" (ARG "-" for a flag, VALUES
 * space-separated or "-"). */
void ts_cli_print_completion(const struct ts_cli_command *cmd, FILE *fp);

/* The closest of names[0..n) to word (by edit distance, and close enough
 * to be a likely typo), or NULL. */
const char *ts_cli_closest(const char *word, const char *const *names, size_t n);

/* The command whose --help a usage error points to (NULL: tracestat
 * --help); ts_cli_parse sets it. */
void ts_cli_set_command(const char *name);

/* The commands; argv holds the arguments after the command word. */
int ts_cmd_report(int argc, char **argv);
int ts_cmd_rate(int argc, char **argv);
int ts_cmd_convert(int argc, char **argv);
int ts_cmd_check(int argc, char **argv);
int ts_cmd_fields(int argc, char **argv);
int ts_cmd_plot(int argc, char **argv);
extern const struct ts_cli_command ts_cli_report, ts_cli_rate,
    ts_cli_convert, ts_cli_check, ts_cli_fields, ts_cli_plot;

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

/* ---- Helpers the commands share ---- */

/* Prints text (len bytes) on standard output: through $PAGER (default
 * "less -FRX"; "" or "cat": none) when use_pager, standard output is a
 * terminal and text has as many lines as it has rows (LINES, else the
 * terminal's); directly when the pager cannot start.  Returns 0, or -1
 * when writing standard output failed. */
int ts_cli_page(const char *text, size_t len, int use_pager);

/* Parses a --level value in (0, 1); prints a usage error otherwise. */
int ts_cli_parse_level(const char *s, double *out);

/* Parses a --follow-up duration: a whole number and d (days), m (months
 * of 365.25 / 12 days) or y (years of 365.25 days), at most 100 years.
 * Returns 0 with *days set, or -1. */
int ts_cli_parse_duration(const char *s, double *days);

/* Parses a --suppress threshold (a whole number from 1); prints a usage
 * error otherwise. */
int ts_cli_parse_suppress(const char *s, int64_t *out);

/* The width the text report fits: COLUMNS when set (20 or more), else
 * the terminal's when to_stdout and standard output is one, else 0 (no
 * limit: piped output keeps its full width). */
int ts_cli_text_width(int to_stdout);

/* Parses a --format of text or json into *json (0 or 1); prints a usage
 * error otherwise. */
int ts_cli_parse_text_json(const char *s, int *json);

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

/* Fills what the options left unset: today from the system date, the
 * vocabulary of $TRACESTAT_VOCAB or $XDG_CONFIG_HOME unless --vocab named
 * one (an error reading it is left in o->vocab_error). */
void ts_cli_input_defaults(struct ts_load_options *o);

/* Prints every rejected row as "tracestat: FILE:LINE: message". */
void ts_cli_print_rejects(const struct ts_store *st, const struct ts_diags *d);

/* Prints every warning of d on standard error as "FILE:LINE: warning:
 * ..." (for outputs that have no place for one); returns how many. */
size_t ts_cli_print_warnings(const struct ts_store *st, const struct ts_diags *d);

#endif
