/* json.c — the JSON report (schema tracestat.report/2, docs/json.md), its
 * NDJSON form, and the diagnostics as JSON objects with stable codes. */
#include <stdlib.h>
#include <string.h>

#include "ts_compare.h"
#include "ts_json.h"
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
	if (g->hidden[c] != TS_SHOWN || v == TS_MISSING)
		fputs("null", fp);
	else
		ts_json_int(fp, v);
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

/* "suppressed" (whether --suppress hides any count or rate of g) and
 * "hidden" (each hidden count: "below" the threshold, or "withheld" as
 * it would reveal one). */
static void
json_hidden(FILE *fp, const struct ts_group *g, const char *indent, const char *sep)
{
	size_t c;
	int any = 0, n = 0;

	for (c = 0; c < TS_NCOUNTS; c++)
		if (c != TS_ACQUITTALS && c != TS_VICTIMS && g->hidden[c] != TS_SHOWN)
			any = 1;
	for (c = 0; c < TS_NRATES; c++)
		if (g->rate_hidden[c])
			any = 1;
	fprintf(fp, "%s\"suppressed\": %s%s%s\"hidden\": {", indent,
	    any ? "true" : "false", sep, indent);
	for (c = 0; c < TS_NCOUNTS; c++) {
		if (c == TS_ACQUITTALS || c == TS_VICTIMS || g->hidden[c] == TS_SHOWN)
			continue;
		fprintf(fp, "%s\"%s\": \"%s\"", n++ ? ", " : "",
		    ts_count_name((enum ts_count)c),
		    g->hidden[c] == TS_BELOW ? "below" : "withheld");
	}
	fprintf(fp, "}%s", sep);
}

/* The figures of g, each member on a line of its own after indent (sep
 * ",\n"), or all on one line (indent "", sep ", "). */
static void
json_figures_sep(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    const char *indent, const char *sep)
{
	struct ts_rate rt;
	size_t c;

	json_hidden(fp, g, indent, sep);
	/* Only when some figure of the report is a range (docs/json.md). */
	if (ts_result_any_range(r))
		fprintf(fp, "%s\"censored\": %s%s", indent,
		    ts_result_range(r, g) ? "true" : "false", sep);
	for (c = 0; c < TS_NCOUNTS; c++) {
		if (c == TS_ACQUITTALS || c == TS_VICTIMS)
			continue;
		fputs(indent, fp);
		putc('"', fp);
		fputs(ts_count_name((enum ts_count)c), fp);
		fputs("\": ", fp);
		json_count(fp, r, g, c);
		fputs(sep, fp);
	}
	for (c = 0; c < TS_NRATES; c++) {
		fputs(indent, fp);
		putc('"', fp);
		fputs(ts_rate_name((enum ts_rate_kind)c), fp);
		fputs("\": ", fp);
		if (g->rate_hidden[c])
			fputs("null", fp);
		else if (!json_range_rate(fp, r, g, c)) {
			rt = ts_result_rate(r, g, (enum ts_rate_kind)c);
			json_rate(fp, &rt);
		}
		if (c + 1 < TS_NRATES)
			fputs(sep, fp);
	}
}

static void
json_figures(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    const char *indent)
{
	json_figures_sep(fp, r, g, indent, ",\n");
	putc('\n', fp);
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

/* Stable codes of the diagnostics, for scripts (docs/json.md): a code
 * given where the diagnostic is made wins; else the message says which. */
static const struct {
	const char *code;
	const char *has;        /* a part of the message */
} diag_codes[] = {
	{ "period_ratio", "is a period ratio" },
	{ "basis_period_ratio", "--basis period: " },
	{ "rate_partial_records", "uses only the records that give both" },
	{ "convictions_exceed_investigations", "convictions (" },
	{ "prosecutions_exceed_investigations", "prosecutions (" },
	{ "closed_before_period", "is before the period of the case" },
	{ "future_period", "period " },
	{ "future_closed", "closed " },
	{ "duplicate_case_id", "repeats the case at" },
	{ "columns_left_out", "columns past the first" },
	{ "map_no_column", "no such column in this header" },
	{ "total_mismatch", "does not match" },
	{ "total_verified", " verified: " },
	{ "total_unchecked", " not checked against " },
	{ "total_lone", "looks like a total but covers" },
	{ "total_lone", "look like totals" },
	{ "revised", "figure revised between sources" },
	{ "revision_same", "counted once" },
	{ "revision_counted", "counted from" },
	{ "count_exceeds", " exceed " },
};

const char *
ts_json_diag_code(const struct ts_diag *d)
{
	size_t i;

	if (d->code != NULL)
		return d->code;
	if (d->kind == TS_DIAG_REJECT)
		return "rejected_row";
	for (i = 0; i < sizeof diag_codes / sizeof diag_codes[0]; i++) {
		const char *at = strstr(d->message, diag_codes[i].has);
		/* "period X is in the future", "closed X is in the future". */
		if (at == NULL || (strncmp(diag_codes[i].code, "future_", 7) == 0 &&
		    (at != d->message || strstr(d->message, "in the future") == NULL)))
			continue;
		return diag_codes[i].code;
	}
	return d->kind == TS_DIAG_NOTE ? "note" : "warning";
}

/* Copies the part of s that a reject message quotes after prefix ('...'
 * or "..." with backslash escapes) into buf; 0 when there is none. */
static int
quoted_after(const char *s, const char *prefix, char *buf, size_t size)
{
	const char *p = strstr(s, prefix);
	char q;
	size_t n = 0;

	if (p == NULL || size == 0)
		return 0;
	p += strlen(prefix);
	q = *p++;
	if (q != '\'' && q != '"')
		return 0;
	for (; *p && *p != q; p++) {
		if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
			p++;
		if (n + 1 < size)
			buf[n++] = *p;
	}
	buf[n] = '\0';
	return *p == q;
}

void
ts_json_diag(FILE *fp, const struct ts_store *st, const struct ts_diag *d,
    int with_kind)
{
	static const char *const kinds[] = { "reject", "warning", "note", "detail" };
	const struct ts_input_info *in;
	char field[128], value[600];

	/* A diagnostic about the report as a whole has no file. */
	in = d->input == TS_DIAG_NO_INPUT ? NULL : ts_store_input_info_c(st, d->input);
	if (with_kind)
		fprintf(fp, "{\"kind\": \"%s\", \"code\": ", kinds[d->kind]);
	else
		fputs("{\"code\": ", fp);
	ts_json_str(fp, ts_json_diag_code(d));
	fputs(", \"file\": ", fp);
	if (in)
		ts_json_str(fp, in->path);
	else
		fputs("null", fp);
	if (d->line > 0)
		fprintf(fp, ", \"line\": %ld", d->line);
	else
		fputs(", \"line\": null", fp);
	if (d->kind == TS_DIAG_REJECT) {
		/* "field 'convictions': "x" is not a count" */
		int has_field = quoted_after(d->message, "field ", field, sizeof field);
		fputs(", \"field\": ", fp);
		if (has_field)
			ts_json_str(fp, field);
		else
			fputs("null", fp);
		fputs(", \"value\": ", fp);
		if (has_field && quoted_after(d->message, ": ", value, sizeof value))
			ts_json_str(fp, value);
		else
			fputs("null", fp);
	}
	fputs(", \"message\": ", fp);
	ts_json_str(fp, d->message);
	putc('}', fp);
}

/* The diagnostics of one kind as the items of a JSON array (warnings,
 * notes, rejected rows).  Returns how many it wrote. */
static size_t
json_diags(FILE *fp, const struct ts_result *r, enum ts_diag_kind kind)
{
	const struct ts_diags *d = r->diags;
	size_t i, n = 0;

	for (i = 0; d && i < d->count; i++) {
		if (d->items[i].kind != kind)
			continue;
		fputs(n++ ? ",\n    " : "\n    ", fp);
		ts_json_diag(fp, r->st, &d->items[i], 0);
	}
	return n;
}

int
ts_report_write_json(FILE *fp, const struct ts_result *r)
{
	size_t i, b, nw, n;

	fputs("{\n  \"schema\": \"" TS_JSON_REPORT_SCHEMA "\",\n", fp);
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
	for (i = 0, n = 0; i < ts_result_nrows(r); i++) {
		const struct ts_group *g = ts_result_row(r, i);
		if (g == &r->other)
			continue;
		fputs(n++ ? ",\n    {\n      \"key\": " : "\n    {\n      \"key\": ", fp);
		ts_json_key(fp, r, g, -1);
		fputs(",\n      \"label\": ", fp);
		ts_json_label(fp, r, g, -1);
		fputs(",\n", fp);
		json_figures(fp, r, g, "      ");
		fputs("    }", fp);
	}
	fputs(n ? "\n  ],\n" : "],\n", fp);
	if (r->nother) {
		/* --top: the groups left out, summed (docs/json.md). */
		fprintf(fp, "  \"other\": {\n    \"groups\": %zu,\n", r->nother);
		json_figures(fp, r, &r->other, "    ");
		fputs("  },\n", fp);
	}
	/* Sections computed from the groups (comparisons, tests) go here,
	 * one call each, before the warnings. */
	ts_compare_write_json(fp, r);
	fputs("  \"warnings\": [", fp);
	nw = json_diags(fp, r, TS_DIAG_WARNING);
	fputs(nw ? "\n  ],\n  \"notes\": [" : "],\n  \"notes\": [", fp);
	nw = json_diags(fp, r, TS_DIAG_NOTE);
	fputs(nw ? "\n  ],\n  \"rejected\": [" : "],\n  \"rejected\": [", fp);
	nw = json_diags(fp, r, TS_DIAG_REJECT);
	fputs(nw ? "\n  ]\n}\n" : "]\n}\n", fp);
	return ferror(fp) ? -1 : 0;
}

/* One line of the NDJSON report: a group (its key and label) or, last,
 * the total (key and label {}). */
static void
ndjson_line(FILE *fp, const struct ts_result *r, const struct ts_group *g, int total)
{
	fprintf(fp, "{\"schema\": \"" TS_JSON_REPORT_SCHEMA "\", \"type\": \"%s\", \"key\": ",
	    total ? "total" : g == &r->other ? "other" : "group");
	if (g == &r->other)
		fprintf(fp, "{}, \"label\": {}, \"groups\": %zu", r->nother);
	else if (total)
		fputs("{}, \"label\": {}", fp);
	else {
		ts_json_key(fp, r, g, -1);
		fputs(", \"label\": ", fp);
		ts_json_label(fp, r, g, -1);
	}
	fputs(", ", fp);
	json_figures_sep(fp, r, g, "", ", ");
	fputs("}\n", fp);
}

int
ts_report_write_ndjson(FILE *fp, const struct ts_result *r)
{
	size_t i;

	for (i = 0; i < ts_result_nrows(r); i++)
		ndjson_line(fp, r, ts_result_row(r, i), 0);
	ndjson_line(fp, r, &r->total, 1);
	return ferror(fp) ? -1 : 0;
}
