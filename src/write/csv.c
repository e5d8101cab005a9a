/* csv.c — CSV and TSV output of the table formats (columns: result.c). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cell.h"
#include "ts_jsonout.h"
#include "ts_report.h"

/* The table's bytes go out a row at a time through a buffer of its own:
 * a million rows of a dozen cells each are too many for a stdio call a
 * cell. */
struct out {
	FILE *fp;
	size_t n;
	char buf[1 << 14];
};

static void
out_flush(struct out *o)
{
	if (o->n)
		fwrite(o->buf, 1, o->n, o->fp);
	o->n = 0;
}

static void
out_bytes(struct out *o, const char *s, size_t len)
{
	if (len > sizeof o->buf - o->n) {
		out_flush(o);
		if (len > sizeof o->buf) {
			fwrite(s, 1, len, o->fp);
			return;
		}
	}
	memcpy(o->buf + o->n, s, len);
	o->n += len;
}

static void
out_char(struct out *o, char c)
{
	if (o->n == sizeof o->buf)
		out_flush(o);
	o->buf[o->n++] = c;
}

/* The texts of the numbers written so far, by their bits: the rates and
 * interval ends of small groups repeat from row to row (1/1, 0/1, 1/2),
 * and their shortest round-trip form costs more than a look-up. */
#define NUM_MEMO 512

struct num_memo {
	uint64_t bits[NUM_MEMO];
	uint8_t len[NUM_MEMO];          /* 0: the slot is empty */
	char text[NUM_MEMO][32];
};

/* Writes the text of v (as ts_num_text() writes it). */
static void
num_out(struct out *o, struct num_memo *m, double v)
{
	uint64_t bits;
	size_t j, len;
	char buf[64];

	memcpy(&bits, &v, sizeof bits);
	j = (size_t)((bits * 0x9E3779B97F4A7C15ULL) >> 55) & (NUM_MEMO - 1);
	if (m->len[j] && m->bits[j] == bits) {
		out_bytes(o, m->text[j], m->len[j]);
		return;
	}
	ts_num_text(v, buf, sizeof buf);
	len = strlen(buf);
	if (len > 0 && len < sizeof m->text[j]) {
		m->bits[j] = bits;
		m->len[j] = (uint8_t)len;
		memcpy(m->text[j], buf, len + 1);
	}
	out_bytes(o, buf, len);
}

/* Writes a count or rate cell: fractions for rates (as in JSON), "" for
 * what is missing or withheld, "<N" for a suppressed count.  x: the
 * range of g (NULL: none); rates: g's (ts_result_rate()). */
static void
value_out(struct out *o, const struct ts_result *r, const struct ts_group *g,
    const struct ts_range *x, const struct ts_rate *rates, const struct ts_column *c,
    struct num_memo *m)
{
	const struct ts_rate *rt;
	size_t q, size = 64;
	char buf[64];

	buf[0] = '\0';
	if (c->kind == TS_COL_CENSORED) {
		snprintf(buf, size, "%s", x ? "true" : "false");
		out_bytes(o, buf, strlen(buf));
		return;
	}
	if ((c->kind == TS_COL_MIN || c->kind == TS_COL_MAX) && c->which < TS_NCOUNTS) {
		if (g->hidden[c->which] == TS_SHOWN && g->sum[c->which] != TS_MISSING)
			snprintf(buf, size, "%lld", (long long)(c->kind == TS_COL_MAX && x ?
			    x->hi[c->which] : g->sum[c->which]));
		out_bytes(o, buf, strlen(buf));
		return;
	}
	if (c->kind == TS_COL_MIN || c->kind == TS_COL_MAX) {
		q = (size_t)c->which - TS_NCOUNTS;
		if (g->rate_hidden[q])
			return;
		if (x && (x->rates >> q & 1)) {
			if (x->low[q].defined)
				num_out(o, m, (c->kind == TS_COL_MIN ? &x->low[q] :
				    &x->high[q])->ci.value);
		} else if (rates[q].defined) {
			num_out(o, m, rates[q].ci.value);
		}
		return;
	}
	/* A range's own columns are the ends above; here only its interval. */
	if (c->kind != TS_COL_COUNT && x && (x->rates >> c->which & 1)) {
		if (c->kind != TS_COL_RATE && !g->rate_hidden[c->which] &&
		    x->low[c->which].has_interval && x->high[c->which].has_interval)
			num_out(o, m, c->kind == TS_COL_LOW ? x->low[c->which].ci.low :
			    x->high[c->which].ci.high);
		return;
	}
	if (c->kind == TS_COL_COUNT && x && (x->counts >> c->which & 1))
		return;
	if (c->kind == TS_COL_COUNT) {
		if (g->hidden[c->which] == TS_BELOW)
			snprintf(buf, size, "<%lld", (long long)r->opt.suppress);
		else if (g->hidden[c->which] == TS_WITHHELD)
			snprintf(buf, size, "%s", "withheld");
		else if (g->sum[c->which] != TS_MISSING)
			ts_int_text(g->sum[c->which], buf);
		out_bytes(o, buf, strlen(buf));
		return;
	}
	if (g->rate_hidden[c->which])
		return;
	rt = &rates[c->which];
	if (!rt->defined)
		return;
	if (c->kind == TS_COL_RATE)
		num_out(o, m, rt->ci.value);
	else if (rt->has_interval)
		num_out(o, m, c->kind == TS_COL_LOW ? rt->ci.low : rt->ci.high);
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

/* The length of s when field() writes it as it is: printable ASCII with
 * no separator, quote or backslash, not starting as a formula would;
 * else 0 (field() then does the work). */
static size_t
plain_len(const char *s, char sep)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (p[0] == '=' || p[0] == '+' || p[0] == '-' || p[0] == '@')
		return 0;
	for (i = 0; p[i]; i++)
		if (p[i] < 0x20 || p[i] >= 0x7F || p[i] == (unsigned char)sep ||
		    p[i] == '"' || p[i] == '\\')
			return 0;
	return i;
}

/* One field: cleaned of terminal controls (which then read \xHH), a
 * would-be formula defused with a leading ' (unless defuse is 0); in CSV
 * quoted per RFC 4180 when it holds sep, a quote or a line break, in TSV
 * (sep '\t') escaped by tsv_escape() first. */
static void
field(struct out *o, const char *s, char sep, int defuse)
{
	char *t, *c;
	const char *p;
	size_t len = plain_len(s, sep);
	int quote;

	if (len > 0 || s[0] == '\0') {
		out_bytes(o, s, len);
		return;
	}
	t = sep == '\t' ? tsv_escape(s) : NULL;
	c = sep == '\t' ? (t ? ts_cell_clean(t, 1) : NULL) : ts_cell_clean(s, 1);
	free(t);
	if (c == NULL) {
		out_bytes(o, "\"\"", sep == '\t' ? 0 : 2);
		return;
	}
	quote = sep != '\t' && (strchr(c, sep) || strchr(c, '"') || strchr(c, '\n') ||
	    strchr(c, '\r'));
	if (quote)
		out_char(o, '"');
	if (defuse && strchr("=+-@\t\r", c[0]) && c[0] && !ts_cell_is_number(c))
		out_char(o, '\'');
	for (p = c; *p; p++) {
		if (*p == '"' && quote)
			out_char(o, '"');
		out_char(o, *p);
	}
	if (quote)
		out_char(o, '"');
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
	const struct ts_range *x;
	struct ts_rate rates[TS_NRATES];
	char buf[64];
	struct out *o = malloc(sizeof *o);
	struct num_memo *m = calloc(1, sizeof *m);
	int rc;

	if (o == NULL || m == NULL) {
		free(o);
		free(m);
		errno = ENOMEM;
		return -1;
	}
	o->fp = fp;
	o->n = 0;
	for (k = 0; k < n; k++) {
		if (k)
			out_char(o, sep);
		field(o, cols[k].name, sep, defuse);
	}
	out_char(o, '\n');
	for (i = 0; i <= ts_result_nrows(r); i++) {
		g = ts_result_row(r, i);
		x = ts_result_range(r, g);
		for (k = 0; k < TS_NRATES; k++)
			rates[k] = ts_result_rate(r, g, (enum ts_rate_kind)k);
		for (k = 0; k < n; k++) {
			if (k)
				out_char(o, sep);
			if (cols[k].kind == TS_COL_KEY)
				field(o, ts_report_key(r, g, (size_t)cols[k].which, buf, sizeof buf),
				    sep, defuse);
			else
				value_out(o, r, g, x, rates, &cols[k], m);
		}
		out_char(o, '\n');
	}
	out_flush(o);
	rc = ferror(fp) ? -1 : 0;
	free(o);
	free(m);
	return rc;
}
