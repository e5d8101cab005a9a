/* json.c — the JSON report (schema tracestat.report/2, docs/json.md), its
 * NDJSON form, and the diagnostics as JSON objects with stable codes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts_compare.h"
#include "ts_json.h"
#include "ts_report.h"

/* Writes s as a JSON string.  Besides what JSON requires, C1 controls
 * (U+0080..U+009F), U+2028..U+202E and U+2066..U+2069 are written as \u
 * escapes: the string is the same, but `jq .` on a terminal and JavaScript
 * readers cannot be tricked by them. */
void
ts_json_str(FILE *fp, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;

	putc('"', fp);
	for (; *p; p++) {
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			fprintf(fp, "\\u00%c%c", hex[p[1] >> 4], hex[p[1] & 15]);
			p++;
			continue;
		}
		if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0xA8 && p[2] <= 0xAE) {
			fprintf(fp, "\\u202%c", hex[p[2] - 0xA0]);
			p += 2;
			continue;
		}
		if (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9) {
			fprintf(fp, "\\u206%c", hex[p[2] - 0xA0]);
			p += 2;
			continue;
		}
		switch (*p) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(fp, "\\u00%c%c", hex[*p >> 4], hex[*p & 15]);
			else
				putc(*p, fp);
		}
	}
	putc('"', fp);
}

/* v's 17 significant digits (digits[0..17), no point) and decimal
 * exponent, as "%.16e" gives them.  Returns 0, or -1 when the text is not
 * of that form. */
static int
digits17(double v, char *digits, int *exp10, int *neg)
{
	char t[40], *e;
	int n = snprintf(t, sizeof t, "%.16e", v), i, o = 0;

	if (n <= 0 || (size_t)n >= sizeof t)
		return -1;
	*neg = t[0] == '-';
	for (i = *neg; t[i] && t[i] != 'e'; i++)
		if (t[i] != '.')
			digits[o++] = t[i];
	if (o != 17 || t[i] != 'e')
		return -1;
	*exp10 = (int)strtol(t + i + 1, &e, 10);
	return *e == '\0' ? 0 : -1;
}

/* What "%.*g" gives for precision p < 17, from the 17 digits of v rounded
 * to p; 0 when the rounding is not sure (the digits cut off are exactly
 * half a unit, so the exact value decides): the caller asks snprintf. */
static int
format_g(const char *d17, int exp10, int neg, int p, char *buf, size_t size)
{
	char d[18];
	int i, x = exp10, o = 0, last, up;

	memcpy(d, d17, 17);
	if (p < 17) {
		/* Digits p.. of the 17 stand for the exact value within half
		 * a unit of the last: "5" then zeros (to digit 17) is a tie. */
		for (i = p + 1; i < 17 && d[i] == '0'; i++)
			;
		if (d[p] == '5' && i == 17)
			return 0;
		up = d[p] >= '5';
		for (i = p - 1; up && i >= 0; i--) {
			if (d[i] == '9') {
				d[i] = '0';
			} else {
				d[i]++;
				up = 0;
			}
		}
		if (up) {               /* 9.99 -> 10.0 */
			memmove(d + 1, d, (size_t)p - 1);
			d[0] = '1';
			x++;
		}
	}
	for (last = p - 1; last > 0 && d[last] == '0'; last--)
		;       /* %g drops trailing zeros */
	if ((size_t)p + 12 > size)
		return 0;
	if (neg)
		buf[o++] = '-';
	if (x < p && x >= -4) {
		if (x < 0) {
			buf[o++] = '0';
			buf[o++] = '.';
			for (i = 0; i < -x - 1; i++)
				buf[o++] = '0';
			for (i = 0; i <= last; i++)
				buf[o++] = d[i];
		} else {
			for (i = 0; i <= x; i++)
				buf[o++] = d[i];
			if (last > x) {
				buf[o++] = '.';
				for (i = x + 1; i <= last; i++)
					buf[o++] = d[i];
			}
		}
		buf[o] = '\0';
	} else {
		buf[o++] = d[0];
		if (last > 0) {
			buf[o++] = '.';
			for (i = 1; i <= last; i++)
				buf[o++] = d[i];
		}
		snprintf(buf + o, size - (size_t)o, "e%c%02d", x < 0 ? '-' : '+', x < 0 ? -x : x);
	}
	return 1;
}

void
ts_num_text(double v, char *buf, size_t size)
{
	char d17[17];
	int prec, exp10, neg;

	if (!isfinite(v)) {
		snprintf(buf, size, "%s", "null");
		return;
	}
	/* The first of 15, 16 and 17 digits that reads back as v: all three
	 * from one conversion, snprintf only when a rounding is not sure. */
	if (v != 0 && size >= 40 && digits17(v, d17, &exp10, &neg) == 0) {
		for (prec = 15; prec <= 17; prec++) {
			if (!format_g(d17, exp10, neg, prec, buf, size))
				snprintf(buf, size, "%.*g", prec, v);
			if (prec == 17 || strtod(buf, NULL) == v)
				return;
		}
	}
	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
}

/* Writes the shortest decimal that reads back as exactly v. */
void
ts_json_num(FILE *fp, double v)
{
	char buf[40];

	ts_num_text(v, buf, sizeof buf);
	fputs(buf, fp);
}

/* A count: a number, or null when missing or hidden by --suppress (the
 * group's "hidden" member says which and why). */
static void
json_count(FILE *fp, const struct ts_group *g, size_t c)
{
	int64_t v = g->sum[c];

	if (g->hidden[c] != TS_SHOWN || v == TS_MISSING)
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

/* Member b of a key: a year is a number, a quarter, month or date a
 * string, each null when the group's period is not one (a range, or no
 * period); "period" and dimensions are strings (null: no period). */
static void
json_key_part(FILE *fp, const struct ts_result *r, const struct ts_group *g, size_t b)
{
	const struct ts_by *by = &r->opt.by[b];
	const struct ts_period *p = &g->key[b].period;
	char buf[64];

	if (by->kind == TS_BY_PERIOD && (p->precision == TS_PREC_NONE ||
	    (by->prec != TS_PREC_NONE && p->precision != by->prec))) {
		fputs("null", fp);
	} else if (by->kind == TS_BY_PERIOD && by->prec == TS_PREC_YEAR) {
		ts_period_format(p, buf, sizeof buf);
		fputs(buf, fp);
	} else {
		ts_json_str(fp, ts_report_key(r, g, b, buf, sizeof buf));
	}
}

/* The key (labels 0) or the label (labels 1: every member the key's
 * text, "2014", "2009-01..2014-06"; null for no period) of g. */
static void
json_key_or_label(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    int skip, int labels)
{
	char buf[64];
	size_t b;
	int n = 0;

	putc('{', fp);
	for (b = 0; b < r->opt.nby; b++) {
		if ((int)b == skip)
			continue;
		if (n++)
			fputs(", ", fp);
		ts_json_str(fp, r->opt.by[b].name);
		fputs(": ", fp);
		if (!labels)
			json_key_part(fp, r, g, b);
		else if (r->opt.by[b].kind == TS_BY_PERIOD &&
		    g->key[b].period.precision == TS_PREC_NONE)
			fputs("null", fp);
		else
			ts_json_str(fp, ts_report_key(r, g, b, buf, sizeof buf));
	}
	putc('}', fp);
}

void
ts_json_key(FILE *fp, const struct ts_result *r, const struct ts_group *g, int skip)
{
	json_key_or_label(fp, r, g, skip, 0);
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
json_figures_sep(FILE *fp, const struct ts_group *g, const char *indent,
    const char *sep)
{
	size_t c;

	json_hidden(fp, g, indent, sep);
	for (c = 0; c < TS_NCOUNTS; c++) {
		if (c == TS_ACQUITTALS || c == TS_VICTIMS)
			continue;
		fprintf(fp, "%s\"%s\": ", indent, ts_count_name((enum ts_count)c));
		json_count(fp, g, c);
		fputs(sep, fp);
	}
	for (c = 0; c < TS_NRATES; c++) {
		fprintf(fp, "%s\"%s\": ", indent, ts_rate_name((enum ts_rate_kind)c));
		if (g->rate_hidden[c])
			fputs("null", fp);
		else
			json_rate(fp, &g->rate[c]);
		if (c + 1 < TS_NRATES)
			fputs(sep, fp);
	}
}

static void
json_figures(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    const char *indent)
{
	(void)r;
	json_figures_sep(fp, g, indent, ",\n");
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
	{ "period-ratio", "is a period ratio" },
	{ "basis-period-ratio", "--basis period: " },
	{ "rate-partial-records", "uses only the records that give both" },
	{ "convictions-exceed-investigations", "convictions (" },
	{ "prosecutions-exceed-investigations", "prosecutions (" },
	{ "closed-before-period", "is before the period of the case" },
	{ "future-period", "period " },
	{ "future-closed", "closed " },
	{ "duplicate-case-id", "repeats the case at" },
	{ "columns-left-out", "columns past the first" },
	{ "map-no-column", "no such column in this header" },
	{ "total-mismatch", "does not match" },
	{ "total-verified", " verified: " },
	{ "total-not-checked", " not checked against " },
	{ "total-uncovered", "looks like a total but covers" },
	{ "total-uncovered", "look like totals" },
	{ "revised-figure", "figure revised between sources" },
	{ "revision-same", "counted once" },
	{ "revision-counted", "counted from" },
	{ "count-exceeds", " exceed " },
};

const char *
ts_json_diag_code(const struct ts_diag *d)
{
	size_t i;

	if (d->code != NULL)
		return d->code;
	if (d->kind == TS_DIAG_REJECT)
		return "rejected-row";
	for (i = 0; i < sizeof diag_codes / sizeof diag_codes[0]; i++) {
		const char *at = strstr(d->message, diag_codes[i].has);
		/* "period X is in the future", "closed X is in the future". */
		if (at == NULL || (strncmp(diag_codes[i].code, "future-", 7) == 0 &&
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
	static const char *const kinds[] = { "reject", "warning", "note" };
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
	size_t i, b, nw;

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
	for (i = 0; i < r->ngroups; i++) {
		fputs(i ? ",\n    {\n      \"key\": " : "\n    {\n      \"key\": ", fp);
		ts_json_key(fp, r, &r->groups[i], -1);
		fputs(",\n      \"label\": ", fp);
		json_key_or_label(fp, r, &r->groups[i], -1, 1);
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
	    total ? "total" : "group");
	if (total)
		fputs("{}, \"label\": {}", fp);
	else {
		ts_json_key(fp, r, g, -1);
		fputs(", \"label\": ", fp);
		json_key_or_label(fp, r, g, -1, 1);
	}
	fputs(", ", fp);
	json_figures_sep(fp, g, "", ", ");
	fputs("}\n", fp);
}

int
ts_report_write_ndjson(FILE *fp, const struct ts_result *r)
{
	size_t i;

	for (i = 0; i < r->ngroups; i++)
		ndjson_line(fp, r, &r->groups[i], 0);
	ndjson_line(fp, r, &r->total, 1);
	return ferror(fp) ? -1 : 0;
}
