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
		return ts_cli_usage_error(N_("--layout: '%s' is not one of auto, long, "
		    "wide, plain"), v);
	o->forced = 1;
	return 0;
}

static int
parse_measure_word(const char *v, struct ts_layout_options *o)
{
	const char *eq = strrchr(v, '=');
	enum ts_field f;

	if (eq == NULL || eq == v || eq[1] == '\0')
		return ts_cli_usage_error(N_("--measure-word: '%s' is not WORD=FIELD"), v);
	f = ts_field_by_name(eq + 1);
	if (!(f >= TS_F_INVESTIGATIONS && f <= TS_F_VICTIMS))
		return ts_cli_usage_error(N_("--measure-word: '%s' names no count field "
		    "(investigations, prosecutions, convictions, acquittals, victims)"), v);
	if (o->nwords == TS_MAX_MEASURE_WORDS)
		return ts_cli_usage_error(N_("--measure-word: at most 64 (at '%s')"), v);
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
		return ts_cli_usage_error(N_("--fiscal-start: '%s' is not a month 01..12"), v);
	o->fiscal_start = (int)m;
	return 0;
}

enum { OPT_LAYOUT, OPT_MEASURE, OPT_VALUE, OPT_MEASURE_WORD, OPT_FISCAL_START };

static int
take_layout(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	struct ts_layout_options *o = &a->load.layout;

	if (*v == '\0')
		return ts_cli_usage_error(N_("%s: the value is empty"), opt->name);
	switch (opt->id) {
	case OPT_LAYOUT:
		return parse_layout(v, o);
	case OPT_MEASURE:
		if (o->nmeasures == TS_MAX_MEASURES)
			return ts_cli_usage_error(N_("--measure: at most 16 (at '%s')"), v);
		o->measures[o->nmeasures++] = v;
		return 0;
	case OPT_VALUE:
		o->value = v;
		return 0;
	case OPT_MEASURE_WORD:
		return parse_measure_word(v, o);
	default:
		return parse_fiscal_start(v, o);
	}
}

const struct ts_cli_opt ts_cli_layout_opts[] = {
	{ "--layout", 0, "auto|long|wide|plain", "auto long wide plain",
	  N_("how rows give records (default auto: a long table\n"
	  "has a measure and a value column, a wide one has\n"
	  "periods as headers; docs/input.md)"), take_layout, OPT_LAYOUT },
	{ "--measure", 0, "NAME", NULL,
	  N_("a long table's measure column, or a wide table's\n"
	  "field (investigations...); FILE=FIELD for one\n"
	  "input alone (repeatable)"), take_layout, OPT_MEASURE },
	{ "--value", 0, "COLUMN", "@field",
	  N_("a long table's value column"), take_layout, OPT_VALUE },
	{ "--measure-word", 0, "WORD=FIELD", NULL,
	  N_("a value of the measure column that names FIELD\n"
	  "(repeatable)"), take_layout, OPT_MEASURE_WORD },
	{ "--fiscal-start", 0, "MM", NULL,
	  N_("fiscal and split years (FY2016, 2016/17) begin in\n"
	  "month MM (default 01)"), take_layout, OPT_FISCAL_START },
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};
