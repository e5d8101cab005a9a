/* cli_opt.c — the option table walker: parsing, --help, the completion
 * listing and "did you mean" (the table is described in ts_cli.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cli.h"

/* s in the user's language; "" stays "" (gettext("") is the
 * catalogue's header). */
static const char *
tr(const char *s)
{
	return *s ? _(s) : s;
}

/* Column where the help text of an option starts. */
#define HELP_COLUMN 27

/* Every option of cmd, block by block. */
#define FOR_EACH_OPT(cmd, b, o) \
	for ((b) = (cmd)->blocks; (b)->opts != NULL; (b)++) \
		for ((o) = (b)->opts; (o)->name != NULL; (o)++)

static size_t
count_opts(const struct ts_cli_command *cmd)
{
	const struct ts_cli_block *b;
	const struct ts_cli_opt *o;
	size_t n = 0;

	FOR_EACH_OPT(cmd, b, o)
		n++;
	return n;
}

/* Edit distance with transpositions ("chekc" is one edit from "check"),
 * or SIZE_MAX for words too long to be a name. */
static size_t
distance(const char *a, const char *b)
{
	size_t d[33][33], la = strlen(a), lb = strlen(b), i, j, v;

	if (la > 32 || lb > 32)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

const char *
ts_cli_closest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t i, d, best_d = (size_t)-1, len = strlen(word);
	/* A third of the word may be wrong, at least one letter. */
	size_t limit = len / 3 > 1 ? len / 3 : 1;

	for (i = 0; i < n; i++) {
		d = distance(word, names[i]);
		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best_d <= limit ? best : NULL;
}

/* The usage error for an unknown option s (as given, up to any '='). */
static int
unknown_option(const struct ts_cli_command *cmd, const char *s)
{
	const struct ts_cli_block *b;
	const struct ts_cli_opt *o;
	const char **names, *best;
	char given[128];
	size_t n = 0, len = strcspn(s, "=");

	snprintf(given, sizeof given, "%.*s", (int)(len < 100 ? len : 100), s);
	names = malloc((count_opts(cmd) + 1) * sizeof *names);
	best = NULL;
	if (names != NULL) {
		FOR_EACH_OPT(cmd, b, o)
			names[n++] = o->name;
		best = ts_cli_closest(given, names, n);
	}
	if (best != NULL) {
		char msg[300];
		snprintf(msg, sizeof msg, _("unknown option '%%s'; did you mean '%s'?"), best);
		free(names);
		return ts_cli_usage_error(msg, given);
	}
	free(names);
	return ts_cli_usage_error(N_("unknown option '%s'"), given);
}

/* The option named by the long option s ("--name" or "--name=VALUE"):
 * an exact name, else the one option it is a prefix of.  Prints the
 * error and returns NULL otherwise (*status set). */
static const struct ts_cli_opt *
find_long(const struct ts_cli_command *cmd, const char *s, int *status)
{
	const struct ts_cli_block *b;
	const struct ts_cli_opt *o, *found = NULL;
	char list[400] = "";
	size_t len = strcspn(s, "="), nfound = 0;

	FOR_EACH_OPT(cmd, b, o) {
		if (strlen(o->name) == len && strncmp(o->name, s, len) == 0)
			return o;
	}
	FOR_EACH_OPT(cmd, b, o) {
		if (strncmp(o->name, s, len) != 0)
			continue;
		/* Two names of one option (--color, --colour) are one. */
		if (found == NULL || found->take != o->take || found->id != o->id)
			nfound++;
		found = o;
		if (strlen(list) + strlen(o->name) + 3 < sizeof list) {
			if (*list)
				strcat(list, ", ");
			strcat(list, o->name);
		}
	}
	if (nfound == 1)
		return found;
	if (nfound == 0) {
		*status = unknown_option(cmd, s);
		return NULL;
	}
	{
		char msg[600], given[128];
		snprintf(given, sizeof given, "%.*s", (int)(len < 100 ? len : 100), s);
		snprintf(msg, sizeof msg, _("option '%%s' is ambiguous (%s)"), list);
		*status = ts_cli_usage_error(msg, given);
	}
	return NULL;
}

static const struct ts_cli_opt *
find_short(const struct ts_cli_command *cmd, char c)
{
	const struct ts_cli_block *b;
	const struct ts_cli_opt *o;

	FOR_EACH_OPT(cmd, b, o)
		if (o->short_name == c)
			return o;
	return NULL;
}

static int
missing_value(const struct ts_cli_opt *o, const char *given)
{
	if (o->values && strcmp(o->values, "@file") == 0)
		return ts_cli_usage_error(N_("%s needs a file name"), given);
	return ts_cli_usage_error(N_("%s needs a value"), given);
}

int
ts_cli_parse(const struct ts_cli_command *cmd, int argc, char **argv,
    struct ts_cli_args *a, void *own)
{
	const struct ts_cli_opt *o;
	const char *s, *v;
	int i, only_operands = 0, rc;

	memset(a, 0, sizeof *a);
	a->cmd = cmd;
	a->own = own;
	a->progress = -1;
	a->load.threads = ts_cli_default_threads();
	a->report.method = TS_CI_WILSON;
	a->report.level = 0.95;
	ts_cli_set_command(cmd->name);
	a->operands = calloc((size_t)argc + 1, sizeof *a->operands);
	a->total_words = calloc((size_t)argc + 1, sizeof *a->total_words);
	if (a->operands == NULL || a->total_words == NULL) {
		fputs(_("tracestat: out of memory\n"), stderr);
		return TS_EIO;
	}
	a->totals.words = a->total_words;
	for (i = 0; i < argc; i++) {
		s = argv[i];
		if (only_operands || s[0] != '-' || s[1] == '\0' ||
		    (cmd->numeric_operands && s[1] >= '0' && s[1] <= '9')) {
			a->operands[a->noperands++] = s;
			continue;
		}
		if (strcmp(s, "--") == 0) {
			only_operands = 1;
			continue;
		}
		v = NULL;
		if (s[1] != '-') {
			if ((o = find_short(cmd, s[1])) == NULL) {
				char given[3] = { '-', s[1], '\0' };
				return unknown_option(cmd, given);
			}
			if (o->arg == NULL && s[2] != '\0')
				return ts_cli_usage_error(N_("option '%s' takes no value"), s);
			if (o->arg != NULL) {
				if (s[2] != '\0')
					v = s + 2;
				else if (i + 1 < argc)
					v = argv[++i];
				else
					return missing_value(o, s);
			}
		} else {
			if ((o = find_long(cmd, s, &rc)) == NULL)
				return rc;
			if (o->arg == NULL && strchr(s, '='))
				return ts_cli_usage_error(N_("option '%s' takes no value"), o->name);
			if (o->arg != NULL) {
				if (strchr(s, '='))
					v = strchr(s, '=') + 1;
				else if (i + 1 < argc)
					v = argv[++i];
				else
					return missing_value(o, o->name);
			}
		}
		if ((rc = o->take(a, o, v)) == TS_CLI_HELP) {
			ts_cli_print_help(cmd, stdout);
			return TS_CLI_HELP;
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

void
ts_cli_args_free(struct ts_cli_args *a)
{
	free(a->operands);
	free(a->total_words);
	a->operands = NULL;
	a->total_words = NULL;
}

/* "-o, --output FILE" or "--name ARG" (with a following help-less
 * option: "--progress, --no-progress"). */
static size_t
left_part(const struct ts_cli_opt *o, char *buf, size_t size)
{
	int n;

	if (o->short_name)
		n = snprintf(buf, size, "  -%c, %s%s%s", o->short_name, o->name,
		    o->arg ? " " : "", o->arg ? o->arg : "");
	else
		n = snprintf(buf, size, "  %s%s%s", o->name, o->arg ? " " : "",
		    o->arg ? o->arg : "");
	while (o[1].name != NULL && o[1].help == NULL) {
		o++;
		n += snprintf(buf + n, size - (size_t)n, ", %s", o->name);
	}
	return (size_t)n;
}

/* A usage text is marked c-format in the catalogues, its "%%" a percent
 * sign (so translators and msgfmt --check treat it as every other
 * message), but it takes no arguments: written with each "%%" as "%". */
static void
put_usage(const char *s, FILE *fp)
{
	for (; *s != '\0'; s++) {
		if (s[0] == '%' && s[1] == '%')
			s++;
		putc(*s, fp);
	}
}

void
ts_cli_print_help(const struct ts_cli_command *cmd, FILE *fp)
{
	const struct ts_cli_block *b;
	const struct ts_cli_opt *o;
	char left[200];
	const char *h, *nl;
	size_t len;

	put_usage(tr(cmd->usage), fp);
	for (b = cmd->blocks; b->opts != NULL; b++) {
		/* TRANSLATORS: a block title of --help ("Options:"). */
		fprintf(fp, _("\n%s:\n"), tr(b->title));
		for (o = b->opts; o->name != NULL; o++) {
			if (o->help == NULL)
				continue;
			len = left_part(o, left, sizeof left);
			fputs(left, fp);
			h = tr(o->help);
			if (len + 2 > HELP_COLUMN)
				fprintf(fp, "\n%*s", HELP_COLUMN, "");
			else
				fprintf(fp, "%*s", (int)(HELP_COLUMN - len), "");
			while ((nl = strchr(h, '\n')) != NULL) {
				fprintf(fp, "%.*s\n%*s", (int)(nl - h), h, HELP_COLUMN, "");
				h = nl + 1;
			}
			fprintf(fp, "%s\n", h);
		}
	}
	if (cmd->after)
		fputs(tr(cmd->after), fp);
}

/* The help of o as one short line for a completion menu: its first
 * clause ("group by fields" from "group by fields: year, ..."), at most
 * about 60 bytes, cut at a space. */
static void
summary(const char *help, char *buf, size_t size)
{
	size_t n = 0, cut;
	const char *h;

	for (h = help; *h && n + 1 < size; h++) {
		if (n >= 12 && (*h == ';' || *h == ':' || *h == '(' ||
		    (*h == '.' && (h[1] == ' ' || h[1] == '\0'))))
			break;
		buf[n++] = *h == '\n' ? ' ' : *h;
	}
	buf[n] = '\0';
	if (n > 60) {
		for (cut = 60; cut > 0 && buf[cut] != ' '; cut--)
			;
		buf[cut] = '\0';
		n = cut;
	}
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == ','))
		buf[--n] = '\0';
}

void
ts_cli_print_completion(const struct ts_cli_command *cmd, FILE *fp)
{
	const struct ts_cli_block *b;
	const struct ts_cli_opt *o;
	char text[128] = "";

	FOR_EACH_OPT(cmd, b, o) {
		if (o->help != NULL)
			summary(o->help, text, sizeof text);
		if (o->short_name)
			fprintf(fp, "-%c\t%s\t%s\t%s\n", o->short_name,
			    o->arg ? o->arg : "-", o->values ? o->values : "-", text);
		fprintf(fp, "%s\t%s\t%s\t%s\n", o->name, o->arg ? o->arg : "-",
		    o->values ? o->values : "-", text);
	}
}
