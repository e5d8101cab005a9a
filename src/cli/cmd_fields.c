/* cmd_fields.c — tracestat fields: the field names, aliases and words the
 * readers recognise, straight from the tables in fields.c. */
#include <stdio.h>
#include <string.h>

#include "ts_cli.h"
#include "ts_fields.h"
#include "ts_totalword.h"

static const char usage_fields[] =
"Usage: tracestat fields [--vocab FILE] [--outcome-word WORD=OUTCOME]\n"
"                        [--missing CODE]\n"
"\n"
"Lists the canonical fields with the header names that give them, and the\n"
"outcome words of case lists.  Headers and words match ignoring case,\n"
"accents, spaces, hyphens, underscores and dots.  --map FIELD=COLUMN reads\n"
"any other column as FIELD.  Words added by a vocabulary file (--vocab,\n"
"TRACESTAT_VOCAB, $XDG_CONFIG_HOME/tracestat/vocab.csv) or an option are\n"
"listed last, each with where it came from.\n";

/* The words a vocabulary adds, with their origin. */
static void
print_vocab(const struct ts_vocab *v)
{
	static const char *const kinds[] = { "alias", "outcome", "total", "missing" };
	const struct ts_vocab_word *w;
	size_t i;

	if (v == NULL || v->n == 0)
		return;
	puts(_("\nWords added (latest first wins; options over files):"));
	for (i = 0; i < v->n; i++) {
		w = &v->words[i];
		printf("  %-8s %s%s%s  (from %s)\n", kinds[w->kind], w->word,
		    w->kind == TS_VOCAB_MISSING ? "" : " = ",
		    w->kind == TS_VOCAB_ALIAS ? ts_field_name((enum ts_field)w->target) :
		    w->kind == TS_VOCAB_OUTCOME ? ts_outcome_name((enum ts_outcome)w->target) :
		    w->kind == TS_VOCAB_TOTAL ? (w->target == 2 ? "subtotal" : "total") :
		    "", w->origin);
	}
}

static const struct ts_cli_opt fields_opts[] = {
	TS_CLI_HELP_ENTRY,
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

static const struct ts_cli_block fields_blocks[] = {
	{ N_("Options"), fields_opts },
	TS_CLI_VOCAB_BLOCK,
	{ NULL, NULL },
};

const struct ts_cli_command ts_cli_fields = {
	"fields", "fields",
	N_("recognised field names, aliases and outcome words"),
	usage_fields, NULL, fields_blocks, 0, ts_cmd_fields,
};

/* Prints "  name   alias, alias, ..." wrapped at about 78 columns. */
static void
print_row(const char *name, const char *(*word)(int, size_t), int which)
{
	const char *w;
	size_t i, col;

	printf("  %-15s", name);
	col = 17;
	for (i = 0; (w = word(which, i)) != NULL; i++) {
		size_t len = strlen(w) + (i ? 2 : 0);
		if (i && col + len > 78) {
			printf(",\n%17s", "");
			col = 17;
			len -= 2;
		} else if (i) {
			fputs(", ", stdout);
		}
		fputs(w, stdout);
		col += len;
	}
	putchar('\n');
}

static const char *
field_alias(int f, size_t i)
{
	return ts_fields_alias((enum ts_field)f, i);
}

static const char *
outcome_word(int o, size_t i)
{
	return ts_fields_outcome_word((enum ts_outcome)o, i);
}

/* The i-th total word of one kind, "+" marking those that take a label. */
static const char *
total_word(int kind, size_t i)
{
	static char buf[64];
	enum ts_total_kind k;
	const char *w;
	size_t j;
	int label;

	for (j = 0; (w = ts_totalword_at(j, &k, &label)) != NULL; j++) {
		if ((int)k != kind || i-- != 0)
			continue;
		snprintf(buf, sizeof buf, "%s%s", w, label ? "+" : "");
		return buf;
	}
	return NULL;
}

int
ts_cmd_fields(int argc, char **argv)
{
	struct ts_cli_args a;
	int f, rc;

	rc = ts_cli_parse(&ts_cli_fields, argc, argv, &a, NULL);
	if (rc == 0 && a.noperands > 0)
		rc = ts_cli_usage_error(N_("fields takes no arguments: '%s'"), a.operands[0]);
	ts_cli_args_free(&a);
	if (rc != 0)
		return rc == TS_CLI_HELP ? ts_cli_finish(0) : rc;
	ts_cli_input_defaults(&a.load);
	if (a.load.vocab_error)
		return ts_cli_fail(a.load.vocab_error);
	puts(_("Fields and the headers that give them:"));
	for (f = 1; f < TS_NFIELDS; f++)
		print_row(ts_field_name((enum ts_field)f), field_alias, f);
	puts(_("\nShapes: a file with count columns is a counts table (each row adds its\n"
	    "counts); a file with an outcome column is a case list (each row is one\n"
	    "investigation)."));
	puts(_("\nOutcome words (case lists); charged, convicted and acquitted count as\n"
	    "prosecuted:"));
	for (f = 1; f < TS_NOUTCOMES; f++)
		print_row(ts_outcome_name((enum ts_outcome)f), outcome_word, f);
	puts(_("\nTotal rows (left out of the sums and checked against their rows;\n"
	    "--total-word adds more, --keep-totals counts them as rows):"));
	print_row("total", total_word, TS_TOTAL_GRAND);
	print_row("subtotal", total_word, TS_TOTAL_SUB);
	puts(_("  Words marked + may be followed by a label (Total nacional, Subtotal PGR)."));
	puts(_("\nMissing values (not zero): empty, NA, n/a, N/D, s.d., s/d, -, \xe2\x80\x94,\n"
	    "sin dato, Eurostat's ':'.  Counts may use thousands separators (10,051\n"
	    "10.051 10 051), footnote marks (19*, 229 a/, 19 (p)) and the TIP report's\n"
	    "labour part (5,682 (490)); docs/input.md has every form."));
	print_vocab(a.load.vocab);
	return ts_cli_finish(0);
}
