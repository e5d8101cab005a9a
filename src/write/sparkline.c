/* sparkline.c — the rate over periods as one line of text, under the
 * text report. */
#include <stdlib.h>
#include <string.h>

#include "ts_cell.h"
#include "ts_plot.h"
#include "ts_pct.h"

/* ▁▂▃▄▅▆▇█: eight heights; a period without a rate is a space. */
static const char *const blocks[8] = {
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
};

static void
slot_text(enum ts_precision prec, long slot, char *buf, size_t size)
{
	if (prec == TS_PREC_QUARTER)
		snprintf(buf, size, "%ld-Q%ld", slot / 4, slot % 4 + 1);
	else if (prec == TS_PREC_MONTH)
		snprintf(buf, size, "%ld-%02ld", slot / 12, slot % 12 + 1);
	else
		snprintf(buf, size, "%ld", slot);
}

/* One line for the groups of series id (any when the report has one --by
 * entry).  The heights run from 0 to the highest rate of all series, so
 * that lines of different series compare and a flat line near the top
 * never hides a low rate. */
static int
write_line(FILE *fp, const struct ts_result *r, uint32_t id, size_t namew,
    long first, long last, double top, int ascii)
{
	enum ts_rate_kind rk = ts_plot_rate(r);
	enum ts_precision prec = r->opt.by[0].prec;
	double lo_v = 0, hi_v = 0;
	char lo_t[64], hi_t[64];
	long slot, s, lo_s = 0, hi_s = 0, at = first;
	size_t i, seen = 0, ranged = 0;
	char a[64], b[64], *name;
	struct ts_rate rt;

	if (r->opt.nby > 1) {
		if ((name = ts_cell_clean(ts_plot_series_name(r, id), 0)) == NULL)
			return -1;
		fprintf(fp, "  %s: ", name);
		for (i = ts_cell_width(name); i < namew; i++)
			putc(' ', fp);
		free(name);
	} else {
		fputs("  ", fp);
	}
	for (i = 0; i < r->ngroups; i++) {
		const struct ts_group *g = &r->groups[i];
		double v;
		int h;
		const struct ts_range *x = ts_result_range(r, g);
		if ((r->opt.nby > 1 && g->key[1].id != id) ||
		    ts_plot_slot(&g->key[0].period, prec, &slot) != 0)
			continue;
		/* A range of censored counts has no one height: a gap, said. */
		ranged += x && (x->rates >> rk & 1) && !g->rate_hidden[rk];
		rt = ts_result_rate(r, g, rk);
		if (!rt.defined || g->rate_hidden[rk])
			continue;
		for (; at < slot; at++)
			putc(' ', fp);
		v = rt.ci.value;
		h = top > 0 ? (int)(v / top * 7 + 0.5) : 0;
		if (h > 7)
			h = 7;
		if (ascii)
			putc("01234567"[h], fp);
		else
			fputs(blocks[h], fp);
		at = slot + 1;
		if (seen == 0 || v < lo_v) {
			lo_v = v;
			lo_s = slot;
		}
		if (seen == 0 || v > hi_v) {
			hi_v = v;
			hi_s = slot;
		}
		seen++;
	}
	for (s = at; s <= last; s++)
		putc(' ', fp);
	if (seen == 0) {
		if (ranged)
			fprintf(fp, " (no rate but %zu range%s of censored counts)\n", ranged,
			    ranged == 1 ? "" : "s");
		else
			fputs(" (no rate)\n", fp);
		return 0;
	}
	slot_text(prec, lo_s, a, sizeof a);
	slot_text(prec, hi_s, b, sizeof b);
	ts_pct_text(lo_v, lo_t, sizeof lo_t);
	ts_pct_text(hi_v, hi_t, sizeof hi_t);
	fprintf(fp, "  lowest %s (%s), highest %s (%s)", lo_t, a, hi_t, b);
	if (ranged)
		fprintf(fp, "; %zu range%s of censored counts left blank", ranged,
		    ranged == 1 ? "" : "s");
	putc('\n', fp);
	return 0;
}

int
ts_sparkline_write(FILE *fp, const struct ts_result *r, int ascii)
{
	enum ts_rate_kind rk;
	uint32_t *ids;
	size_t i, n, namew = 0;
	long first, last, slot;
	double top = 0;
	char a[64], b[64], top_t[64];
	struct ts_rate rt;

	if (r->opt.nby < 1 || r->opt.by[0].kind != TS_BY_PERIOD ||
	    (r->opt.by[0].prec != TS_PREC_YEAR && r->opt.by[0].prec != TS_PREC_QUARTER &&
	    r->opt.by[0].prec != TS_PREC_MONTH))
		return 0;
	/* A line of text has room for a few hundred periods at most. */
	if (ts_plot_span(r, &first, &last) == 0 || first == last || last - first > 400)
		return 0;
	rk = ts_plot_rate(r);
	for (i = 0; i < r->ngroups; i++) {
		rt = ts_result_rate(r, &r->groups[i], rk);
		if (ts_plot_slot(&r->groups[i].key[0].period, r->opt.by[0].prec, &slot) == 0 &&
		    rt.defined && !r->groups[i].rate_hidden[rk] && rt.ci.value > top)
			top = rt.ci.value;
	}
	if (ts_plot_series(r, &ids, &n) != 0)
		return -1;
	slot_text(r->opt.by[0].prec, first, a, sizeof a);
	slot_text(r->opt.by[0].prec, last, b, sizeof b);
	ts_pct_text(top, top_t, sizeof top_t);
	fprintf(fp, "\n%s by %s, %s to %s (bar height 0 to %s):\n",
	    rk == TS_RATE_CONVICTION ? "Conviction rate" : "Convictions per prosecution",
	    r->opt.by[0].name, a, b, top_t);
	for (i = 0; r->opt.nby > 1 && i < n; i++) {
		char *name = ts_cell_clean(ts_plot_series_name(r, ids[i]), 0);
		if (name == NULL) {
			free(ids);
			return -1;
		}
		if (ts_cell_width(name) > namew)
			namew = ts_cell_width(name);
		free(name);
	}
	for (i = 0; i < n; i++)
		if (write_line(fp, r, ids[i], namew, first, last, top, ascii) != 0) {
			free(ids);
			return -1;
		}
	free(ids);
	return ferror(fp) ? -1 : 0;
}
