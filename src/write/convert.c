/* convert.c — the records of the store as CSV, JSON or NDJSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cell.h"
#include "ts_convert.h"
#include "ts_fields.h"
#include "ts_jsonout.h"
#include "ts_report.h"

int
ts_convert_parse_format(const char *name, enum ts_convert_format *out)
{
	if (strcmp(name, "csv") == 0)
		*out = TS_CONVERT_CSV;
	else if (strcmp(name, "json") == 0)
		*out = TS_CONVERT_JSON;
	else if (strcmp(name, "ndjson") == 0)
		*out = TS_CONVERT_NDJSON;
	else
		return -1;
	return 0;
}

void
ts_convert_csv_cell(FILE *fp, const char *s, int terminal)
{
	/* Cleaned wherever it goes: a file or a pipe is shown on a terminal
	 * later (| head, cat).  Line breaks and tabs are kept (quoted) only
	 * when it is not a terminal, where they would break the table. */
	char *clean = ts_cell_clean(s, !terminal);
	const char *t = clean, *p;
	int formula, quoted;

	if (clean == NULL) {
		fputs("\"\"", fp);    /* out of memory: nothing unsafe */
		return;
	}
	formula = t[0] && strchr("=+-@\t\r", t[0]) && !ts_cell_is_number(t);
	quoted = strpbrk(t, ",\"\r\n") != NULL;
	if (quoted)
		putc('"', fp);
	if (formula)
		putc('\'', fp);
	for (p = t; *p; p++) {
		if (*p == '"')
			putc('"', fp);
		putc(*p, fp);
	}
	if (quoted)
		putc('"', fp);
	free(clean);
}

/* The values of one record, as text; NULL when missing.  Numbers are
 * marked so JSON writes them bare. */
struct field {
	const char *name;
	const char *text;
	int number;
};

struct row {
	struct field *f;
	size_t n;
	char period[64], year[16], month[16], date[16];
	char counts[TS_NCOUNTS][24];
	char closed[16];
};

/* y, y-mm or y-mm-dd (parts 1, 2, 3) into buf (room for 16), as
 * "%04d-%02d-%02d" prints them: digits written directly for the years
 * 0..9999, snprintf for the others. */
static void
put_date(char *buf, int y, int m, int d, int parts)
{
	if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) {
		if (parts == 1)
			snprintf(buf, 16, "%d", y);
		else if (parts == 2)
			snprintf(buf, 16, "%04d-%02d", y, m);
		else
			snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
		return;
	}
	if (parts == 1 && y < 1000) {
		ts_int_text(y, buf);
		return;
	}
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '\0';
	if (parts == 1)
		return;
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '\0';
	if (parts == 2)
		return;
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

static void
fill(const struct ts_store *st, size_t i, struct row *r)
{
	struct ts_period p = ts_store_period(st, i), at;
	size_t k = 0, d;
	int y, m, day;
	int32_t closed;
	uint32_t id;
	unsigned flag;

	r->f[k].name = "period";
	r->f[k].number = 0;
	r->f[k++].text = p.precision == TS_PREC_NONE ? NULL :
	    (ts_period_format(&p, r->period, sizeof r->period), r->period);
	at = ts_period_at(&p, TS_PREC_YEAR);
	ts_civil_from_days(p.lo, &y, &m, &day);
	put_date(r->year, y, m, day, 1);
	put_date(r->month, y, m, day, 2);
	put_date(r->date, y, m, day, 3);
	r->f[k].name = "year";
	r->f[k].number = 1;
	r->f[k++].text = at.precision == TS_PREC_YEAR ? r->year : NULL;
	at = ts_period_at(&p, TS_PREC_MONTH);
	r->f[k].name = "month";
	r->f[k].number = 0;
	r->f[k++].text = at.precision == TS_PREC_MONTH ? r->month : NULL;
	/* A one-day period gives its date too, so that reading the output
	 * back (where date wins over month) keeps the day. */
	r->f[k].name = "date";
	r->f[k].number = 0;
	r->f[k++].text = p.precision != TS_PREC_NONE && p.lo == p.hi ? r->date : NULL;
	for (d = 0; d < ts_store_ndims(st); d++) {
		id = ts_store_dim_id(st, i, d);
		r->f[k].name = ts_store_dim_name(st, d);
		r->f[k].number = 0;
		r->f[k++].text = id == 0 || id == TS_NO_ID ? NULL : ts_store_string(st, id);
	}
	for (d = 0; d < TS_NCOUNTS; d++) {
		int64_t v = ts_store_get_count(st, i, (enum ts_count)d), lo, hi;
		ts_int_text(v, r->counts[d]);
		r->f[k].name = ts_count_name((enum ts_count)d);
		r->f[k].number = 1;
		/* A censored count as a cell that reads back as a range holding
		 * it: "<5" (1..4) from 1 up, "≤3" (0..3) from 0. */
		if (v != TS_MISSING && ts_store_censored(st, i, (enum ts_count)d, &lo, &hi) &&
		    lo != hi) {
			if (lo >= 1 && hi < INT64_MAX)
				snprintf(r->counts[d], sizeof r->counts[d], "<%lld", (long long)hi + 1);
			else
				snprintf(r->counts[d], sizeof r->counts[d], "\xe2\x89\xa4%lld",
				    (long long)hi);
			r->f[k].number = 0;
		}
		r->f[k++].text = v == TS_MISSING ? NULL : r->counts[d];
	}
	/* Case lists: the case, its outcome word and when it closed. */
	id = ts_store_case_id(st, i);
	r->f[k].name = "case_id";
	r->f[k].number = 0;
	r->f[k++].text = id ? ts_store_string(st, id) : NULL;
	r->f[k].name = "outcome";
	r->f[k].number = 0;
	r->f[k++].text = ts_store_outcome(st, i) ?
	    ts_outcome_name((enum ts_outcome)ts_store_outcome(st, i)) : NULL;
	closed = ts_store_closed(st, i);
	if (closed != TS_NO_DAY) {
		ts_civil_from_days(closed, &y, &m, &day);
		put_date(r->closed, y, m, day, 3);
	}
	r->f[k].name = "closed";
	r->f[k].number = 0;
	r->f[k++].text = closed != TS_NO_DAY ? r->closed : NULL;
	r->f[k].name = "source";
	r->f[k].number = 0;
	r->f[k++].text = ts_store_source(st, i) ? ts_store_string(st, ts_store_source(st, i)) : NULL;
	/* Rows the report leaves out of its sums, so that a reader of the
	 * output does not count a total twice. */
	flag = ts_store_flag(st, i);
	r->f[k].name = "excluded";
	r->f[k].number = 0;
	r->f[k].text = flag & TS_FLAG_TOTAL ? "total" : flag & TS_FLAG_SUBTOTAL ?
	    "subtotal" : flag & TS_FLAG_REVISED ? "revised" :
	    flag & TS_FLAG_REPEAT ? "repeat" : NULL;
	r->n = k + 1;
}

static void
write_csv_header(FILE *fp, const struct ts_store *st, int terminal)
{
	size_t d;

	fputs("period,year,month,date", fp);
	for (d = 0; d < ts_store_ndims(st); d++) {
		putc(',', fp);
		ts_convert_csv_cell(fp, ts_store_dim_name(st, d), terminal);
	}
	for (d = 0; d < TS_NCOUNTS; d++)
		fprintf(fp, ",%s", ts_count_name((enum ts_count)d));
	fputs(",case_id,outcome,closed,source,excluded\n", fp);
}

static void
write_csv_row(FILE *fp, const struct row *r, int terminal)
{
	size_t k;

	for (k = 0; k < r->n; k++) {
		if (k)
			putc(',', fp);
		if (r->f[k].text)
			ts_convert_csv_cell(fp, r->f[k].text, terminal);
	}
	putc('\n', fp);
}

static void
write_json_object(FILE *fp, const struct row *r)
{
	size_t k;

	putc('{', fp);
	for (k = 0; k < r->n; k++) {
		if (k)
			fputs(", ", fp);
		ts_json_str(fp, r->f[k].name);
		fputs(": ", fp);
		if (r->f[k].text == NULL)
			fputs("null", fp);
		else if (r->f[k].number)
			fputs(r->f[k].text, fp);
		else
			ts_json_str(fp, r->f[k].text);
	}
	putc('}', fp);
}

int
ts_convert_write(FILE *fp, const struct ts_store *st,
    enum ts_convert_format format, int terminal)
{
	size_t i, n = ts_store_count(st);
	struct row r;

	r.f = calloc(ts_store_ndims(st) + TS_NCOUNTS + 9, sizeof *r.f);
	if (r.f == NULL)
		return -1;
	if (format == TS_CONVERT_CSV)
		write_csv_header(fp, st, terminal);
	if (format == TS_CONVERT_JSON)
		fputs(n ? "[\n" : "[", fp);
	for (i = 0; i < n; i++) {
		fill(st, i, &r);
		if (format == TS_CONVERT_CSV) {
			write_csv_row(fp, &r, terminal);
		} else {
			write_json_object(fp, &r);
			fputs(format == TS_CONVERT_JSON && i + 1 < n ? ",\n" : "\n", fp);
		}
	}
	if (format == TS_CONVERT_JSON)
		fputs("]\n", fp);
	free(r.f);
	return ferror(fp) ? -1 : 0;
}
