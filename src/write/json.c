/* report_json.c — the JSON report, schema tracestat.report/1. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts_compare.h"
#include "ts_layout_write.h"
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

static void
json_count(FILE *fp, const struct ts_result *r, const struct ts_group *g, size_t c)
{
	int64_t v = g->sum[c];

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

void
ts_json_key(FILE *fp, const struct ts_result *r, const struct ts_group *g, int skip)
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
		if (r->opt.by[b].kind == TS_BY_PERIOD &&
		    g->key[b].period.precision == TS_PREC_YEAR) {
			ts_period_format(&g->key[b].period, buf, sizeof buf);
			fputs(buf, fp);
		} else if (r->opt.by[b].kind == TS_BY_PERIOD &&
		    g->key[b].period.precision == TS_PREC_NONE) {
			fputs("null", fp);
		} else {
			ts_json_str(fp, ts_report_key(r, g, b, buf, sizeof buf));
		}
	}
	putc('}', fp);
}

static void
json_figures(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    const char *indent)
{
	size_t c;

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
		else
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
