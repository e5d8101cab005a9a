/* report_text.c — the report for people at a terminal. */
#include <stdlib.h>
#include <string.h>

#include "ts_plot.h"
#include "ts_report.h"

#define CELL 256

/* Copies s into buf with control bytes shown as \xHH, so that no data value
 * can send an escape sequence to the terminal. */
static void
clean(const char *s, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *s && o + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f) {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o] = '\0';
}

/* Display width: one cell per UTF-8 code point. */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static void
pad(FILE *fp, const char *s, size_t w, int right)
{
	size_t have = width(s);

	if (right)
		for (; have < w; have++)
			putc(' ', fp);
	fputs(s, fp);
	if (!right)
		for (; have < w; have++)
			putc(' ', fp);
}

static void
fmt_count(int64_t v, char *buf, size_t size)
{
	if (v == TS_MISSING)
		snprintf(buf, size, "%s", "\xe2\x80\x94");
	else
		snprintf(buf, size, "%lld", (long long)v);
}

static void
fmt_pct(double v, char *buf, size_t size)
{
	snprintf(buf, size, "%.2f%%", v * 100);
}

static void
fmt_rate(const struct ts_rate *r, char *val, char *ci, size_t size)
{
	char lo[24], hi[24];

	if (!r->defined) {
		snprintf(val, size, "%s", "\xe2\x80\x94");
		snprintf(ci, size, "%s", "");
		return;
	}
	fmt_pct(r->ci.value, val, size);
	if (!r->has_interval) {
		snprintf(ci, size, "%s", "(period ratio)");
		return;
	}
	fmt_pct(r->ci.low, lo, sizeof lo);
	fmt_pct(r->ci.high, hi, sizeof hi);
	snprintf(ci, size, "%s\xe2\x80\x93%s", lo, hi);
}

/* The columns of the table, decided from the total. */
enum col_kind { COL_KEY, COL_COUNT, COL_RATE, COL_CI };
struct col {
	enum col_kind kind;
	int which;
	char title[64];
	size_t w;
	int right;
};

static void
cell(const struct ts_result *r, const struct ts_group *g, int is_total,
    const struct col *c, char *buf)
{
	char tmp[CELL], val[128], ci[128];

	switch (c->kind) {
	case COL_KEY:
		if (is_total) {
			snprintf(buf, CELL, "%s", c->which == 0 ? "Total" : "");
		} else {
			ts_report_key_text(r, (size_t)c->which, &g->key[c->which], tmp, sizeof tmp);
			clean(tmp, buf, CELL);
		}
		break;
	case COL_COUNT:
		fmt_count(g->sum[c->which], buf, CELL);
		break;
	case COL_RATE:
		fmt_rate(&g->rate[c->which], val, ci, sizeof val);
		snprintf(buf, CELL, "%s", val);
		break;
	case COL_CI:
		fmt_rate(&g->rate[c->which], val, ci, sizeof val);
		snprintf(buf, CELL, "%s", ci);
		break;
	}
}

static void
print_inputs(FILE *fp, const struct ts_result *r)
{
	size_t i;
	char path[CELL];

	for (i = 0; i < ts_store_ninputs(r->st); i++) {
		const struct ts_input_info *in = ts_store_input_info_c(r->st, i);
		clean(in->path, path, sizeof path);
		fprintf(fp, "Read %s: %s, %s, %s, %llu row%s, %llu rejected\n",
		    strcmp(path, "-") == 0 ? "standard input" : path,
		    strcmp(in->format, "csv") == 0 ? "CSV" : in->format,
		    in->encoding ? in->encoding : "UTF-8",
		    in->shape == TS_SHAPE_CASES ? "case list" : "counts table",
		    (unsigned long long)in->rows, in->rows == 1 ? "" : "s",
		    (unsigned long long)in->rejected);
	}
}

static void
print_sources(FILE *fp, const struct ts_result *r)
{
	const struct ts_store *st = r->st;
	size_t k, n = ts_store_count(st);
	char *seen = calloc(ts_store_nstrings(st), 1);
	char buf[2048];

	for (k = 0; seen && k < n; k++) {
		uint32_t s = ts_store_source(st, k);
		if (s == 0 || seen[s])
			continue;
		seen[s] = 1;
		clean(ts_store_string(st, s), buf, sizeof buf);
		fprintf(fp, "Source: %s\n", buf);
	}
	free(seen);
}

int
ts_report_write_text(FILE *fp, const struct ts_result *r,
    const struct ts_text_style *style)
{
	struct col cols[TS_MAX_BY + 8];
	size_t ncols = 0, i, k;
	char buf[CELL];
	char lvl[16];
	const char *bold = style && style->color ? "\033[1m" : "";
	const char *reset = style && style->color ? "\033[0m" : "";
	static const char *const count_titles[] = { "Investigations", "Prosecutions", "Convictions" };

	snprintf(lvl, sizeof lvl, "%g%%", r->opt.level * 100);
	for (i = 0; i < r->opt.nby; i++) {
		cols[ncols].kind = COL_KEY;
		cols[ncols].which = (int)i;
		snprintf(cols[ncols].title, sizeof cols[ncols].title, "%s", r->opt.by[i].name);
		cols[ncols].right = 0;
		ncols++;
	}
	if (r->opt.nby == 0) {
		cols[ncols].kind = COL_KEY;
		cols[ncols].which = 0;
		cols[ncols].title[0] = '\0';
		cols[ncols].right = 0;
		ncols++;
	}
	for (i = 0; i < 3; i++) {
		if (r->total.sum[i] == TS_MISSING && i != TS_INVESTIGATIONS && i != TS_CONVICTIONS)
			continue;
		cols[ncols].kind = COL_COUNT;
		cols[ncols].which = (int)i;
		snprintf(cols[ncols].title, sizeof cols[ncols].title, "%s", count_titles[i]);
		cols[ncols].right = 1;
		ncols++;
	}
	cols[ncols].kind = COL_RATE;
	cols[ncols].which = TS_RATE_CONVICTION;
	snprintf(cols[ncols].title, sizeof cols[ncols].title, "%s", "Conviction rate");
	cols[ncols].right = 1;
	ncols++;
	cols[ncols].kind = COL_CI;
	cols[ncols].which = TS_RATE_CONVICTION;
	snprintf(cols[ncols].title, sizeof cols[ncols].title, "%s CI", lvl);
	cols[ncols].right = 0;
	ncols++;

	for (k = 0; k < ncols; k++) {
		cols[k].w = width(cols[k].title);
		for (i = 0; i <= r->ngroups; i++) {
			int tot = i == r->ngroups;
			cell(r, tot ? &r->total : &r->groups[i], tot, &cols[k], buf);
			if (width(buf) > cols[k].w)
				cols[k].w = width(buf);
		}
	}

	fprintf(fp, "%stracestat report: conviction rates%s\n\n", bold, reset);
	print_inputs(fp, r);
	putc('\n', fp);
	for (k = 0; k < ncols; k++) {
		if (k)
			fputs("  ", fp);
		pad(fp, cols[k].title, cols[k].w, cols[k].right);
	}
	putc('\n', fp);
	for (i = 0; i <= r->ngroups; i++) {
		int tot = i == r->ngroups;
		for (k = 0; k < ncols; k++) {
			if (k)
				fputs("  ", fp);
			cell(r, tot ? &r->total : &r->groups[i], tot, &cols[k], buf);
			pad(fp, buf, cols[k].w, cols[k].right);
		}
		putc('\n', fp);
	}
	ts_sparkline_write(fp, r, 0);
	fprintf(fp, "\nConviction rate = convictions / investigations, with a %s %s interval.\n",
	    lvl, ts_stats_method_title(r->opt.method));
	print_sources(fp, r);
	if (r->diags && ts_diags_count(r->diags, TS_DIAG_WARNING))
		fprintf(fp, "%zu warning%s: run 'tracestat check' to list them.\n",
		    ts_diags_count(r->diags, TS_DIAG_WARNING),
		    ts_diags_count(r->diags, TS_DIAG_WARNING) == 1 ? "" : "s");
	return ferror(fp) ? -1 : 0;
}
