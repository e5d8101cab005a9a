/* dispatch.c — tracestat COMMAND: the list of commands, the top-level help
 * and --version, and the word that picks the command. */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ts_cli.h"

static const struct ts_cli_command *const commands[] = {
	&ts_cli_report, &ts_cli_rate, &ts_cli_convert, &ts_cli_check,
	&ts_cli_plot, &ts_cli_fields,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const char usage_head[] =
"Usage: tracestat COMMAND [OPTIONS] [ARGS]\n"
"       tracestat [OPTIONS] FILE...     (same as: tracestat report FILE...)\n"
"       tracestat help [COMMAND] | -h | --help | --version\n"
"\n"
"Honest conviction and attrition statistics from trafficking case records:\n"
"rates with confidence intervals, from CSV or JSON, for people and scripts.\n"
"\n"
"Commands:\n";

static const char usage_tail[] =
"\n"
"Options:\n"
"  -h, --help                   show this help; tracestat COMMAND --help (or\n"
"                               tracestat help COMMAND) shows the options of\n"
"                               a command\n"
"  --version                    show the version and the libraries' versions\n"
"\n"
"No FILE, or -, reads standard input.  Colour only on a terminal, never when\n"
"NO_COLOR is set or TERM is dumb (report --color decides otherwise).  The\n"
"manual: man tracestat.\n"
"\n"
"Examples:\n"
"  tracestat report data/2014.csv\n"
"  tracestat report --format json data/2014.csv | jq .total.conviction_rate\n"
"  tracestat convert --to csv export.json > records.csv\n"
"  tracestat plot --by year -o tip.svg data/tip-global-law-enforcement.csv\n"
"\n"
"Exit status: 0 success, 1 data problems (rows rejected, check found\n"
"problems, a claim does not match), 2 usage error, 3 input/output error.\n";

static void
print_usage(void)
{
	size_t i;

	fputs(_(usage_head), stdout);
	for (i = 0; i < NCOMMANDS; i++)
		printf("  %-28s %s\n", commands[i]->synopsis, _(commands[i]->summary));
	fputs(_(usage_tail), stdout);
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

static const struct ts_cli_command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static int
unknown_command(const char *word)
{
	const char *names[NCOMMANDS + 1], *best;
	char msg[200];
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		names[i] = commands[i]->name;
	names[NCOMMANDS] = "help";
	best = ts_cli_closest(word, names, NCOMMANDS + 1);
	if (best == NULL)
		return ts_cli_usage_error(N_("unknown command '%s'"), word);
	snprintf(msg, sizeof msg, _("unknown command '%%s'; did you mean '%s'?"), best);
	return ts_cli_usage_error(msg, word);
}

/* tracestat help [COMMAND] */
static int
cmd_help(int argc, char **argv)
{
	const struct ts_cli_command *c;

	if (argc == 0) {
		print_usage();
		return ts_cli_finish(0);
	}
	if ((c = find_command(argv[0])) == NULL)
		return unknown_command(argv[0]);
	if (argc > 1)
		return ts_cli_usage_error(N_("help takes one command, not '%s'"), argv[1]);
	ts_cli_print_help(c, stdout);
	return ts_cli_finish(0);
}

/* tracestat --complete [COMMAND]: what the shell completions offer
 * (completions/); the commands with their summaries, or the options of
 * one command (ts_cli_print_completion); a word that is no command is a
 * file list for report. */
static int
cmd_complete(int argc, char **argv)
{
	const struct ts_cli_command *c;
	size_t i;

	if (argc == 0) {
		for (i = 0; i < NCOMMANDS; i++)
			printf("%s\t%s\n", commands[i]->name, commands[i]->summary);
		return ts_cli_finish(0);
	}
	if ((c = find_command(argv[0])) == NULL)
		c = &ts_cli_report;
	ts_cli_print_completion(c, stdout);
	return ts_cli_finish(0);
}

int
ts_cli_main(int argc, char **argv)
{
	const struct ts_cli_command *c;
	const char *word;

	/* LC_ALL "C" but for the messages (docs/i18n.md). */
	ts_i18n_init();
	/* A closed pipe shows up as EPIPE on write, handled in ts_cli_finish(). */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		return ts_cli_report.run(0, argv + 1);
	word = argv[1];
	if (strcmp(word, "-h") == 0 || strcmp(word, "--help") == 0) {
		print_usage();
		return ts_cli_finish(0);
	}
	if (strcmp(word, "help") == 0)
		return cmd_help(argc - 2, argv + 2);
	if (strcmp(word, "--version") == 0)
		return cmd_version();
	if (strcmp(word, "--complete") == 0)
		return cmd_complete(argc - 2, argv + 2);
	if ((c = find_command(word)) != NULL)
		return c->run(argc - 2, argv + 2);
	/* tracestat FILE... means tracestat report FILE...; a word that is
	 * neither a command nor a readable path is an unknown command. */
	if (word[0] == '-' || access(word, F_OK) == 0 || strchr(word, '/') || strchr(word, '.'))
		return ts_cli_report.run(argc - 1, argv + 1);
	return unknown_command(word);
}
