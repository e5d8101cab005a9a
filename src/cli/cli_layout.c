/* cli_layout.c — the options of long and wide tables and of fiscal
 * years: --layout, --measure, --value, --measure-word, --fiscal-start
 * (docs/input.md). */
#include <stdlib.h>
#include <string.h>

#include "ts_cli.h"

static int
parse_layout(const char *v, struct ts_layout_options *o)
{
	if (strcmp(v, "auto") == 0) {
		o->forced = 0;
		return 0;
	}
	if (strcmp(v, "long") == 0)
		o->kind = TS_LAYOUT_LONG;
	else if (strcmp(v, "wide") == 0)
		o->kind = TS_LAYOUT_WIDE;
	else if (strcmp(v, "plain") == 0)
		o->kind = TS_LAYOUT_PLAIN;
	else
		return ts_cli_usage_error("--layout: '%s' is not one of auto, long, "
		    "wide, plain", v);
	o->forced = 1;
	return 0;
}

static int
parse_measure_word(const char *v, struct ts_layout_options *o)
{
	const char *eq = strrchr(v, '=');
	enum ts_field f;

	if (eq == NULL || eq == v || eq[1] == '\0')
		return ts_cli_usage_error("--measure-word: '%s' is not WORD=FIELD", v);
	f = ts_field_by_name(eq + 1);
	if (!(f >= TS_F_INVESTIGATIONS && f <= TS_F_VICTIMS))
		return ts_cli_usage_error("--measure-word: '%s' names no count field "
		    "(investigations, prosecutions, convictions, acquittals, victims)", v);
	if (o->nwords == TS_MAX_MEASURE_WORDS)
		return ts_cli_usage_error("--measure-word: at most 64 (at '%s')", v);
	/* The word is compared up to the '=': keep it in the argument. */
	o->words[o->nwords].word = v;
	o->words[o->nwords].len = (size_t)(eq - v);
	o->words[o->nwords++].field = f;
	return 0;
}

static int
parse_fiscal_start(const char *v, struct ts_layout_options *o)
{
	char *end;
	long m = strtol(v, &end, 10);

	if (end == v || *end || m < 1 || m > 12)
		return ts_cli_usage_error("--fiscal-start: '%s' is not a month 01..12", v);
	o->fiscal_start = (int)m;
	return 0;
}

int
ts_cli_layout_option(int argc, char **argv, int *i, struct ts_load_options *lo)
{
	static const char *const names[] = {
		"--layout", "--measure", "--value", "--measure-word", "--fiscal-start",
	};
	struct ts_layout_options *o = &lo->layout;
	const char *v;
	size_t k;
	int rc;

	if ((rc = ts_cli_named_value(argc, argv, i, names,
	    sizeof names / sizeof names[0], &k, &v)) != 0)
		return rc;
	if (*v == '\0')
		return ts_cli_usage_error("%s: the value is empty", names[k]);
	switch (k) {
	case 0:
		return parse_layout(v, o);
	case 1:
		if (o->nmeasures == TS_MAX_MEASURES)
			return ts_cli_usage_error("--measure: at most 16 (at '%s')", v);
		o->measures[o->nmeasures++] = v;
		return 0;
	case 2:
		o->value = v;
		return 0;
	case 3:
		return parse_measure_word(v, o);
	default:
		return parse_fiscal_start(v, o);
	}
}
