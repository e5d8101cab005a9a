/* json.c — the JSON report, schema tracestat.report/1. */
#include <stdlib.h>
#include <string.h>

#include "ts_compare.h"
#include "ts_jsonout.h"
#include "ts_layout_write.h"
#include "ts_report.h"

/* A figure that is a range of censored counts (docs/json.md): count c as
 * {"low": .., "high": ..}, rate q with {"low": .., "high": ..} as its
 * value and the interval over the range.  1 when written, 0 when the
 * figure is no range (or hidden). */
static int
json_range_count(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    size_t c)
{
	const struct ts_range *x = ts_result_range(r, g);

	if (x == NULL || !(x->counts >> c & 1) || g->hidden[c] != TS_SHOWN)
		return 0;
	fprintf(fp, "{\"low\": %lld, \"high\": %lld}", (long long)g->sum[c],
	    (long long)x->hi[c]);
	return 1;
}

static int
json_range_rate(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    size_t q)
{
	const struct ts_range *x = ts_result_range(r, g);

	if (x == NULL || !(x->rates >> q & 1) || g->rate_hidden[q])
		return 0;
	if (!x->low[q].defined) {
		fputs("null", fp);
		return 1;
	}
	fputs("{\"value\": {\"low\": ", fp);
	ts_json_num(fp, x->low[q].ci.value);
	fputs(", \"high\": ", fp);
	ts_json_num(fp, x->high[q].ci.value);
	if (x->low[q].has_interval && x->high[q].has_interval) {
		fputs("}, \"low\": ", fp);
		ts_json_num(fp, x->low[q].ci.low);
		fputs(", \"high\": ", fp);
		ts_json_num(fp, x->high[q].ci.high);
		putc('}', fp);
	} else {
		fputs("}, \"low\": null, \"high\": null}", fp);
	}
	return 1;
}

static void
json_count(FILE *fp, const struct ts_result *r, const struct ts_group *g, size_t c)
{
	int64_t v = g->sum[c];

	if (json_range_count(fp, r, g, c))
		return;

	if (g->hidden[c] == TS_BELOW)
		fprintf(fp, "\"<%lld\"", (long long)r->opt.suppress);
	else if (g->hidden[c] == TS_WITHHELD)
		fputs("\"withheld\"", fp);
	else if (v == TS_MISSING)
		fputs("null", fp);
	else
		fprintf(fp, "%lld", (long long)v);
}

static void
json_rate(FILE *fp, const struct ts_rate *r)
{
	if (!r->defined) {
		fputs("null", fp);
		return;
	}
	fputs("{\"value\": ", fp);
	ts_json_num(fp, r->ci.value);
	if (r->has_interval) {
		fputs(", \"low\": ", fp);
		ts_json_num(fp, r->ci.low);
		fputs(", \"high\": ", fp);
		ts_json_num(fp, r->ci.high);
	} else {
		fputs(", \"low\": null, \"high\": null", fp);
	}
	putc('}', fp);
}

static void
json_figures(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    const char *indent)
{
	size_t c;

	if (ts_result_any_range(r))
		fprintf(fp, "%s\"censored\": %s,\n", indent,
		    ts_result_range(r, g) ? "true" : "false");
	for (c = 0; c < TS_NCOUNTS; c++) {
		if (c == TS_ACQUITTALS || c == TS_VICTIMS)
			continue;
		fprintf(fp, "%s\"%s\": ", indent, ts_count_name((enum ts_count)c));
		json_count(fp, r, g, c);
		fputs(",\n", fp);
	}
	for (c = 0; c < TS_NRATES; c++) {
		fprintf(fp, "%s\"%s\": ", indent, ts_rate_name((enum ts_rate_kind)c));
		if (g->rate_hidden[c])
			fputs("null", fp);
		else if (!json_range_rate(fp, r, g, c))
			json_rate(fp, &g->rate[c]);
		fputs(c + 1 < TS_NRATES ? ",\n" : "\n", fp);
	}
}

/* Where each input's records are: the first index and how many. */
struct input_span {
	size_t first, count;
};

/* Writes the distinct sources of input i, in the order first seen;
 * stamp[s] == i + 1 marks a source already written.  An input's records
 * are added together, so the scan covers its span only and many inputs
 * stay linear; should they ever interleave, it scans them all. */
static void
json_sources(FILE *fp, const struct ts_store *st, size_t i,
    const struct input_span *span, uint32_t *stamp)
{
	size_t k, lo = span->first, hi = span->first + span->count, nsrc = 0;

	if (ts_store_no_sources(st))
		return;
	for (k = lo; k < hi && !ts_store_one_input(st); k++)
		if (ts_store_input(st, k) != i) {
			lo = 0;
			hi = ts_store_count(st);
			break;
		}
	for (k = lo; k < hi; k++) {
		uint32_t s = ts_store_source(st, k);
		if (ts_store_input(st, k) != i || s == 0 || stamp[s] == i + 1)
			continue;
		stamp[s] = (uint32_t)i + 1;
		if (nsrc++)
			fputs(", ", fp);
		ts_json_str(fp, ts_store_string(st, s));
	}
}

/* The names of a ", "-joined list, as JSON strings. */
static void
json_name_list(FILE *fp, const char *list)
{
	char name[128];
	const char *p = list, *sep;
	size_t n;

	while (*p) {
		sep = strstr(p, ", ");
		n = sep ? (size_t)(sep - p) : strlen(p);
		snprintf(name, sizeof name, "%.*s", (int)(n < 127 ? n : 127), p);
		if (p != list)
			fputs(", ", fp);
		ts_json_str(fp, name);
		p = sep ? sep + 2 : p + n;
	}
}

/* How a long or wide input was read (docs/json.md). */
static void
json_layout(FILE *fp, const struct ts_input_layout *li)
{
	fputs(", \"layout\": {\"kind\": ", fp);
	ts_json_str(fp, li->kind == TS_LAYOUT_LONG ? "long" : "wide");
	fputs(", \"measure\": ", fp);
	if (li->measure[0])
		ts_json_str(fp, li->measure);
	else
		fputs("null", fp);
	fputs(", \"field\": ", fp);
	if (li->field[0])
		ts_json_str(fp, li->field);
	else
		fputs("null", fp);
	fputs(li->kind == TS_LAYOUT_LONG ? ", \"value\": " : ", \"periods\": ", fp);
	ts_json_str(fp, li->value);
	fputs(", \"breakdowns\": [", fp);
	json_name_list(fp, li->breakdowns);
	fputs("], \"breakdown_used\": ", fp);
	if (li->by[0])
		ts_json_str(fp, li->by);
	else
		fputs("null", fp);
	fprintf(fp, ", \"records\": %llu, \"values_joined\": %llu, "
	    "\"breakdown_rows_not_used\": %llu, "
	    "\"unknown_measure_rows\": %llu, \"flagged_values\": %llu}",
	    (unsigned long long)li->records, (unsigned long long)li->joined,
	    (unsigned long long)li->set_aside,
	    (unsigned long long)li->unknown, (unsigned long long)li->flagged);
}

static void
json_inputs(FILE *fp, const struct ts_result *r)
{
	const struct ts_store *st = r->st;
	size_t i, k, nrec = ts_store_count(st), nin = ts_store_ninputs(st);
	uint32_t *stamp = calloc(ts_store_nstrings(st), sizeof *stamp);
	struct input_span *spans = calloc(nin ? nin : 1, sizeof *spans);
	char delim[2] = { 0, 0 };

	if (spans && ts_store_one_input(st)) {
		spans[0].first = 0;
		spans[0].count = nrec;
	}
	for (k = 0; spans && !ts_store_one_input(st) && k < nrec; k++) {
		struct input_span *sp = &spans[ts_store_input(st, k)];
		if (sp->count++ == 0)
			sp->first = k;
	}
	fputs("  \"inputs\": [", fp);
	for (i = 0; i < nin; i++) {
		const struct ts_input_info *in = ts_store_input_info_c(st, i);
		fputs(i ? ",\n    {" : "\n    {", fp);
		fputs("\"path\": ", fp);
		ts_json_str(fp, in->path);
		fputs(", \"format\": ", fp);
		ts_json_str(fp, in->format);
		fputs(", \"encoding\": ", fp);
		ts_json_str(fp, in->encoding ? in->encoding : "UTF-8");
		fputs(", \"delimiter\": ", fp);
		delim[0] = in->delimiter;
		if (in->delimiter)
			ts_json_str(fp, delim);
		else
			fputs("null", fp);
		fputs(", \"shape\": ", fp);
		ts_json_str(fp, in->shape == TS_SHAPE_CASES ? "cases" : "counts");
		fprintf(fp, ", \"rows\": %llu, \"rejected\": %llu",
		    (unsigned long long)in->rows, (unsigned long long)in->rejected);
		if (in->layout.kind != TS_LAYOUT_PLAIN)
			json_layout(fp, &in->layout);
		ts_layout_json(fp, &in->layout);
		fputs(", \"sources\": [", fp);
		if (stamp && spans)
			json_sources(fp, st, i, &spans[i], stamp);
		fputs("]}", fp);
	}
	fputs(i ? "\n  ],\n" : "],\n", fp);
	free(stamp);
	free(spans);
}

/* The --period filter and the --suppress threshold, null when not given. */
static void
json_filter(FILE *fp, const struct ts_result *r)
{
	char a[16], b[16], label[32];
	struct ts_period lo, hi;

	fputs("  \"period\": ", fp);
	if (r->opt.has_period) {
		lo = hi = r->opt.period;
		lo.hi = lo.lo;
		hi.lo = hi.hi;
		lo.precision = hi.precision = TS_PREC_DAY;
		ts_period_format(&lo, a, sizeof a);
		ts_period_format(&hi, b, sizeof b);
		ts_period_format(&r->opt.period, label, sizeof label);
		fputs("{\"filter\": ", fp);
		ts_json_str(fp, r->opt.period_text);
		fprintf(fp, ", \"label\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"records_outside\": %llu},\n",
		    label, a, b, (unsigned long long)r->outside_period);
	} else {
		fputs("null,\n", fp);
	}
	fputs("  \"suppress\": ", fp);
	if (r->opt.suppress > 0)
		fprintf(fp, "%lld,\n", (long long)r->opt.suppress);
	else
		fputs("null,\n", fp);
}

/* The diagnostics of one kind as the items of a JSON array (warnings,
 * notes).  Returns how many it wrote. */
static size_t
json_diags(FILE *fp, const struct ts_result *r, enum ts_diag_kind kind)
{
	const struct ts_diags *d = r->diags;
	const struct ts_input_info *in;
	size_t i, n = 0;

	for (i = 0; d && i < d->count; i++) {
		if (d->items[i].kind != kind)
			continue;
		/* A diagnostic about the report as a whole has no file. */
		in = d->items[i].input == TS_DIAG_NO_INPUT ? NULL :
		    ts_store_input_info_c(r->st, d->items[i].input);
		fputs(n++ ? ",\n    {\"file\": " : "\n    {\"file\": ", fp);
		if (in)
			ts_json_str(fp, in->path);
		else
			fputs("null", fp);
		if (d->items[i].line > 0)
			fprintf(fp, ", \"line\": %ld, \"message\": ", d->items[i].line);
		else
			fputs(", \"line\": null, \"message\": ", fp);
		ts_json_str(fp, d->items[i].message);
		fputs(", \"code\": ", fp);
		if (d->items[i].code)
			ts_json_str(fp, d->items[i].code);
		else
			fputs("null", fp);
		putc('}', fp);
	}
	return n;
}

int
ts_report_write_json(FILE *fp, const struct ts_result *r)
{
	size_t i, b, nw;

	fputs("{\n  \"schema\": \"tracestat.report/1\",\n", fp);
	fputs("  \"version\": \"" TS_VERSION "\",\n", fp);
	if (r->opt.timestamp[0])
		fprintf(fp, "  \"generated\": \"%s\",\n", r->opt.timestamp);
	json_inputs(fp, r);
	fprintf(fp, "  \"interval\": {\"method\": \"%s\", \"level\": ",
	    ts_stats_method_name(r->opt.method));
	ts_json_num(fp, r->opt.level);
	fputs("},\n  \"by\": [", fp);
	for (b = 0; b < r->opt.nby; b++) {
		if (b)
			fputs(", ", fp);
		ts_json_str(fp, r->opt.by[b].name);
	}
	fputs("],\n", fp);
	json_filter(fp, r);
	fputs("  \"total\": {\n", fp);
	json_figures(fp, r, &r->total, "    ");
	fputs("  },\n  \"groups\": [", fp);
	for (i = 0; i < r->ngroups; i++) {
		fputs(i ? ",\n    {\n      \"key\": " : "\n    {\n      \"key\": ", fp);
		ts_json_key(fp, r, &r->groups[i], -1);
		fputs(",\n", fp);
		json_figures(fp, r, &r->groups[i], "      ");
		fputs("    }", fp);
	}
	fputs(r->ngroups ? "\n  ],\n" : "],\n", fp);
	/* Sections computed from the groups (comparisons, tests) go here,
	 * one call each, before the warnings. */
	ts_compare_write_json(fp, r);
	fputs("  \"warnings\": [", fp);
	nw = json_diags(fp, r, TS_DIAG_WARNING);
	fputs(nw ? "\n  ],\n  \"notes\": [" : "],\n  \"notes\": [", fp);
	nw = json_diags(fp, r, TS_DIAG_NOTE);
	fputs(nw ? "\n  ]\n}\n" : "]\n}\n", fp);
	return ferror(fp) ? -1 : 0;
}
