/* cmd_fields.c — tracestat fields: the field names, aliases and words the
 * readers recognise, straight from the tables in fields.c. */
#include <stdio.h>
#include <string.h>

#include "ts_cli.h"
#include "ts_fields.h"
#include "ts_totals.h"

static const char usage_fields[] =
"Usage: tracestat fields\n"
"\n"
"Lists the canonical fields with the header names that give them, and the\n"
"outcome words of case lists.  Headers and words match ignoring case,\n"
"accents, spaces, hyphens, underscores and dots.  --map FIELD=COLUMN reads\n"
"any other column as FIELD.\n";

static const struct ts_cli_opt fields_opts[] = {
	TS_CLI_HELP_ENTRY,
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

static const struct ts_cli_block fields_blocks[] = {
	{ "Options", fields_opts },
	{ NULL, NULL },
};

const struct ts_cli_command ts_cli_fields = {
	"fields", "fields",
	"recognised field names, aliases and outcome words",
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

	for (j = 0; (w = ts_totals_word(j, &k, &label)) != NULL; j++) {
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
		rc = ts_cli_usage_error("fields takes no arguments: '%s'", a.operands[0]);
	ts_cli_args_free(&a);
	if (rc != 0)
		return rc == TS_CLI_HELP ? ts_cli_finish(0) : rc;
	puts("Fields and the headers that give them:");
	for (f = 1; f < TS_NFIELDS; f++)
		print_row(ts_field_name((enum ts_field)f), field_alias, f);
	puts("\nShapes: a file with count columns is a counts table (each row adds its\n"
	    "counts); a file with an outcome column is a case list (each row is one\n"
	    "investigation).");
	puts("\nOutcome words (case lists); charged, convicted and acquitted count as\n"
	    "prosecuted:");
	for (f = 1; f < TS_NOUTCOMES; f++)
		print_row(ts_outcome_name((enum ts_outcome)f), outcome_word, f);
	puts("\nTotal rows (left out of the sums and checked against their rows;\n"
	    "--total-word adds more, --keep-totals counts them as rows):");
	print_row("total", total_word, TS_TOTAL_GRAND);
	print_row("subtotal", total_word, TS_TOTAL_SUB);
	puts("  Words marked + may be followed by a label (Total nacional, Subtotal PGR).");
	puts("\nMissing values (not zero): empty, NA, n/a, N/D, s.d., s/d, -, \xe2\x80\x94,\n"
	    "sin dato.  Counts may use thousands separators (10,051 10.051 10 051).");
	return ts_cli_finish(0);
}
