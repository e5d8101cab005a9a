/* csv.c — CSV and TSV output of the table formats (columns: result.c). */
#include <stdlib.h>
#include <string.h>

#include "ts_cell.h"
#include "ts_jsonout.h"
#include "ts_report.h"

/* A count or rate cell as text: fractions for rates (as in JSON), "" for
 * what is missing or withheld, "<N" for a suppressed count. */
static void
value_text(const struct ts_result *r, const struct ts_group *g,
    const struct ts_column *c, char *buf, size_t size)
{
	const struct ts_range *x = ts_result_range(r, g);
	const struct ts_rate *rt;
	size_t q;

	buf[0] = '\0';
	if (c->kind == TS_COL_CENSORED) {
		snprintf(buf, size, "%s", x ? "true" : "false");
		return;
	}
	if ((c->kind == TS_COL_MIN || c->kind == TS_COL_MAX) && c->which < TS_NCOUNTS) {
		if (g->hidden[c->which] == TS_SHOWN && g->sum[c->which] != TS_MISSING)
			snprintf(buf, size, "%lld", (long long)(c->kind == TS_COL_MAX && x ?
			    x->hi[c->which] : g->sum[c->which]));
		return;
	}
	if (c->kind == TS_COL_MIN || c->kind == TS_COL_MAX) {
		q = (size_t)c->which - TS_NCOUNTS;
		if (g->rate_hidden[q])
			return;
		if (x && (x->rates >> q & 1)) {
			if (x->low[q].defined)
				ts_num_text((c->kind == TS_COL_MIN ? &x->low[q] : &x->high[q])->ci.value,
				    buf, size);
		} else if (g->rate[q].defined) {
			ts_num_text(g->rate[q].ci.value, buf, size);
		}
		return;
	}
	/* A range's own columns are the ends above; here only its interval. */
	if (c->kind != TS_COL_COUNT && x && (x->rates >> c->which & 1)) {
		if (c->kind != TS_COL_RATE && !g->rate_hidden[c->which] &&
		    x->low[c->which].has_interval && x->high[c->which].has_interval)
			ts_num_text(c->kind == TS_COL_LOW ? x->low[c->which].ci.low :
			    x->high[c->which].ci.high, buf, size);
		return;
	}
	if (c->kind == TS_COL_COUNT && x && (x->counts >> c->which & 1))
		return;
	if (c->kind == TS_COL_COUNT) {
		if (g->hidden[c->which] == TS_BELOW)
			snprintf(buf, size, "<%lld", (long long)r->opt.suppress);
		else if (g->hidden[c->which] == TS_WITHHELD)
			snprintf(buf, size, "%s", "withheld");
		else if (g->sum[c->which] != TS_MISSING && size >= 24)
			ts_int_text(g->sum[c->which], buf);
		return;
	}
	rt = &g->rate[c->which];
	if (!rt->defined || g->rate_hidden[c->which])
		return;
	if (c->kind == TS_COL_RATE)
		ts_num_text(rt->ci.value, buf, size);
	else if (rt->has_interval)
		ts_num_text(c->kind == TS_COL_LOW ? rt->ci.low : rt->ci.high, buf, size);
}

/* s with tab, line ends and backslash written \t \n \r \\ (TSV as
 * PostgreSQL COPY and Miller read it), malloc'd; NULL when out of memory. */
static char *
tsv_escape(const char *s)
{
	char *e = malloc(strlen(s) * 2 + 1), *o = e;

	if (e == NULL)
		return NULL;
	for (; *s; s++) {
		if (strchr("\t\n\r\\", *s)) {
			*o++ = '\\';
			*o++ = *s == '\t' ? 't' : *s == '\n' ? 'n' : *s == '\r' ? 'r' : '\\';
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return e;
}

/* One field: cleaned of terminal controls (which then read \xHH), a
 * would-be formula defused with a leading ' (unless defuse is 0); in CSV
 * quoted per RFC 4180 when it holds sep, a quote or a line break, in TSV
 * (sep '\t') escaped by tsv_escape() first. */
static void
field(FILE *fp, const char *s, char sep, int defuse)
{
	char *t = sep == '\t' ? tsv_escape(s) : NULL;
	char *c = sep == '\t' ? (t ? ts_cell_clean(t, 1) : NULL) : ts_cell_clean(s, 1);
	const char *p;
	int quote;

	free(t);
	if (c == NULL) {
		fputs(sep == '\t' ? "" : "\"\"", fp);
		return;
	}
	quote = sep != '\t' && (strchr(c, sep) || strchr(c, '"') || strchr(c, '\n') ||
	    strchr(c, '\r'));
	if (quote)
		putc('"', fp);
	if (defuse && strchr("=+-@\t\r", c[0]) && c[0] && !ts_cell_is_number(c))
		putc('\'', fp);
	for (p = c; *p; p++) {
		if (*p == '"' && quote)
			putc('"', fp);
		putc(*p, fp);
	}
	if (quote)
		putc('"', fp);
	free(c);
}

int
ts_report_write_csv(FILE *fp, const struct ts_result *r, char sep)
{
	return ts_report_write_table(fp, r, sep, 1);
}

int
ts_report_write_table(FILE *fp, const struct ts_result *r, char sep, int defuse)
{
	struct ts_column cols[TS_MAX_COLUMNS];
	size_t n = ts_report_columns(r, cols), i, k;
	const struct ts_group *g;
	char buf[64];

	for (k = 0; k < n; k++) {
		if (k)
			putc(sep, fp);
		field(fp, cols[k].name, sep, defuse);
	}
	putc('\n', fp);
	for (i = 0; i <= ts_result_nrows(r); i++) {
		g = ts_result_row(r, i);
		for (k = 0; k < n; k++) {
			if (k)
				putc(sep, fp);
			if (cols[k].kind == TS_COL_KEY) {
				field(fp, ts_report_key(r, g, (size_t)cols[k].which, buf, sizeof buf),
				    sep, defuse);
			} else {
				value_text(r, g, &cols[k], buf, sizeof buf);
				fputs(buf, fp);
			}
		}
		putc('\n', fp);
	}
	return ferror(fp) ? -1 : 0;
}
