/* markdown.c — the report as a Markdown pipe table, for documents. */
#include <stdlib.h>
#include <string.h>

#include "ts_cell.h"
#include "ts_pct.h"
#include "ts_report.h"

#define DASH "\xe2\x80\x94"
#define NDASH "\xe2\x80\x93"

static int
is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Writes s as the text of a table cell: unsafe characters escaped by the
 * one policy (ts_cell_clean), then every character Markdown could read as
 * markup backslash-escaped, so a value shows as written and never breaks
 * the table (a pipe) or becomes a link or HTML.  The autolinks of GitHub
 * and of linkifiers (www.example.org, http://..., a@b.example, a bare
 * domain) are broken by escaping every ':' and '@' and each '.' between
 * two letters or digits: a backslash before ASCII punctuation shows the
 * character alone. */
static void
md_text(FILE *fp, const char *s)
{
	char *c = ts_cell_clean(s, 0);
	const char *p;

	if (c == NULL)
		return;
	for (p = c; *p; p++) {
		if (strchr("\\`*_[]<>|~&#!:@", *p) ||
		    (*p == '.' && p > c && is_alnum(p[-1]) && is_alnum(p[1])))
			putc('\\', fp);
		putc(*p, fp);
	}
	free(c);
}

static void
md_pct(FILE *fp, double v)
{
	char buf[64];

	ts_pct_text(v, buf, sizeof buf);
	fputs(buf, fp);
}

static void
md_value(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    const struct ts_column *c)
{
	const struct ts_range *x = ts_result_range(r, g);
	struct ts_rate tmp;
	const struct ts_rate *rt;
	size_t q = (size_t)c->which;

	if (c->kind == TS_COL_COUNT) {
		if (g->hidden[c->which] == TS_BELOW)
			fprintf(fp, "\\<%lld", (long long)r->opt.suppress);
		else if (g->hidden[c->which] == TS_WITHHELD)
			fputs("withheld", fp);
		else if (g->sum[c->which] == TS_MISSING)
			fputs(DASH, fp);
		else if (x && (x->counts >> c->which & 1))
			fprintf(fp, "%lld" NDASH "%lld", (long long)g->sum[c->which],
			    (long long)x->hi[c->which]);
		else
			fprintf(fp, "%lld", (long long)g->sum[c->which]);
		return;
	}
	/* A range of censored counts: the rate's ends, the interval that
	 * holds both ends' intervals. */
	if (x && (x->rates >> q & 1)) {
		if (g->rate_hidden[q] || !x->low[q].defined)
			fputs(DASH, fp);
		else if (c->kind == TS_COL_RATE) {
			md_pct(fp, x->low[q].ci.value);
			fputs(NDASH, fp);
			md_pct(fp, x->high[q].ci.value);
		} else if (!x->low[q].has_interval || !x->high[q].has_interval)
			fputs(DASH, fp);
		else
			md_pct(fp, c->kind == TS_COL_LOW ? x->low[q].ci.low : x->high[q].ci.high);
		return;
	}
	tmp = ts_result_rate(r, g, (enum ts_rate_kind)c->which);
	rt = &tmp;
	if (!rt->defined || g->rate_hidden[c->which])
		fputs(DASH, fp);
	else if (c->kind == TS_COL_RATE)
		md_pct(fp, rt->ci.value);
	else if (!rt->has_interval)
		fputs(DASH, fp);
	else
		md_pct(fp, c->kind == TS_COL_LOW ? rt->ci.low : rt->ci.high);
}

int
ts_report_write_markdown(FILE *fp, const struct ts_result *r)
{
	struct ts_column cols[TS_MAX_COLUMNS];
	size_t n = ts_report_columns(r, cols), i, k;
	const struct ts_group *g;
	char buf[64];

	/* Ranges show in their cells (13–17): no columns of ends. */
	while (n > 0 && cols[n - 1].kind >= TS_COL_CENSORED)
		n--;
	for (k = 0; k < n; k++) {
		fputs(k ? " | " : "| ", fp);
		/* Our own column names are plain; key names come from the data. */
		if (cols[k].kind == TS_COL_KEY)
			md_text(fp, ts_report_by_title(r, (size_t)cols[k].which));
		else
			fputs(cols[k].name, fp);
	}
	fputs(" |\n", fp);
	for (k = 0; k < n; k++)
		fputs(cols[k].kind == TS_COL_KEY ? "| --- " : "| ---: ", fp);
	fputs("|\n", fp);
	for (i = 0; i <= ts_result_nrows(r); i++) {
		g = ts_result_row(r, i);
		for (k = 0; k < n; k++) {
			fputs(k ? " | " : "| ", fp);
			if (cols[k].kind == TS_COL_KEY)
				md_text(fp, ts_report_key(r, g, (size_t)cols[k].which, buf, sizeof buf));
			else
				md_value(fp, r, g, &cols[k]);
		}
		fputs(" |\n", fp);
	}
	fprintf(fp, "\nRates in percent; intervals: %g%% %s.\n", r->opt.level * 100,
	    ts_stats_method_title(r->opt.method));
	if (ts_result_any_range(r))
		fputs("A range (13" NDASH "17) includes censored counts; a range's interval runs from the "
		    "low end's lower limit to the high end's upper limit.\n", fp);
	if (r->opt.suppress > 0)
		fprintf(fp, "Counts below %lld are shown as \\<%lld; figures that would reveal them are withheld.\n",
		    (long long)r->opt.suppress, (long long)r->opt.suppress);
	return ferror(fp) ? -1 : 0;
}
