/* pipeline.c — bytes -> reader -> store -> report -> both writers, for
 * the fuzz targets of every input format.
 *
 * The whole path a hostile file takes.  Checks that the reader accounts for
 * every row (accepted + rejected = read, or the records a long or wide
 * table's layout made; one diagnostic per rejected row, lines strictly
 * increasing), that grouping loses no record, that every
 * interval is ordered inside [0, 1], that the JSON report parses, that the
 * text and Markdown reports are safe for a terminal, that no writer lets an
 * ESC through, and that valid UTF-8 in gives valid UTF-8 out.  Every third
 * input runs with --suppress 5.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "fuzz.h"
#include "fuzz_util.h"
#include "ts_report.h"

/* Physical lines the bytes can hold: one more than their line ends. */
static long
max_line(const uint8_t *data, size_t size)
{
	long n = 1;
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
			n++;
	return n;
}

static void
check_store(const struct ts_store *st, const struct ts_diags *diags,
    const uint8_t *data, size_t size, int rc, int rising)
{
	const struct ts_input_info *in = ts_store_input_info_c(st, 0);
	size_t i, n = ts_store_count(st);
	long last = 0, most = max_line(data, size);
	struct ts_period p;
	int c;

	FUZZ_CHECK(ts_store_ninputs(st) == 1 && in != NULL);
	/* A long or wide table's rows give its records (layout.c): one
	 * record may have several rows, one row several records. */
	FUZZ_CHECK(in->layout.kind != TS_LAYOUT_PLAIN ? in->layout.records == n :
	    in->rows == n + in->rejected);
	/* A fault inside a record can leave its reject unfinished; a count
	 * cell is rejected alone (the row kept). */
	FUZZ_CHECK(ts_diags_count(diags, TS_DIAG_REJECT) == in->rejected +
	    in->layout.rejected_cells ||
	    (rc != TS_OK && ts_diags_count(diags, TS_DIAG_REJECT) ==
	    in->rejected + in->layout.rejected_cells + 1));
	for (i = 0; i < n; i++) {
		/* CSV records start on later and later lines; JSON ones may
		 * share a line. */
		FUZZ_CHECK((long)ts_store_line(st, i) > last ||
		    ((!rising || in->layout.kind == TS_LAYOUT_WIDE) &&
		    (long)ts_store_line(st, i) >= last && last > 0));
		last = (long)ts_store_line(st, i);
		FUZZ_CHECK(last <= most);
		FUZZ_CHECK(ts_store_input(st, i) == 0);
		p = ts_store_period(st, i);
		FUZZ_CHECK(p.precision <= TS_PREC_FISCAL);
		FUZZ_CHECK(p.precision == TS_PREC_NONE || p.lo <= p.hi);
		for (c = 0; c < TS_NCOUNTS; c++) {
			int64_t v = ts_store_get_count(st, i, (enum ts_count)c);
			FUZZ_CHECK(v == TS_MISSING || v >= 0);
		}
	}
	for (i = 0; i < diags->count; i++)
		FUZZ_CHECK(diags->items[i].line >= 1 && diags->items[i].line <= most);
}

static void
check_rate(const struct ts_rate *r)
{
	if (!r->defined || !r->has_interval)
		return;
	FUZZ_CHECK(r->ci.low >= 0 && r->ci.low <= r->ci.value);
	FUZZ_CHECK(r->ci.value <= r->ci.high && r->ci.high <= 1);
}

/* Runs both writers into memory and checks what they wrote. */
static void
check_writers(const struct ts_result *res, int utf8_in)
{
	struct ts_text_style style = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	cJSON *doc;
	int i;

	fp = open_memstream(&buf, &len);
	if (fp == NULL)
		return;
	FUZZ_CHECK(ts_report_write_text(fp, res, &style) == 0);
	fclose(fp);
	FUZZ_CHECK(ts_fuzz_terminal_safe(buf, len) || !utf8_in);
	free(buf);

	buf = NULL;
	fp = open_memstream(&buf, &len);
	if (fp == NULL)
		return;
	FUZZ_CHECK(ts_report_write_json(fp, res) == 0);
	fclose(fp);
	doc = cJSON_ParseWithLength(buf, len);
	FUZZ_CHECK(doc != NULL);
	FUZZ_CHECK(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(doc, "total")));
	cJSON_Delete(doc);
	FUZZ_CHECK(ts_fuzz_utf8_valid(buf, len) || !utf8_in);
	free(buf);

	/* CSV, TSV and Markdown: valid UTF-8, and no escape sequence. */
	for (i = 0; i < 3; i++) {
		buf = NULL;
		fp = open_memstream(&buf, &len);
		if (fp == NULL)
			return;
		FUZZ_CHECK((i < 2 ? ts_report_write_csv(fp, res, i ? '\t' : ',') :
		    ts_report_write_markdown(fp, res)) == 0);
		fclose(fp);
		FUZZ_CHECK(ts_fuzz_utf8_valid(buf, len) || !utf8_in);
		FUZZ_CHECK(len == 0 || memchr(buf, '\033', len) == NULL);
		FUZZ_CHECK(i < 2 || ts_fuzz_terminal_safe(buf, len) || !utf8_in);
		free(buf);
	}
}

static void
report(const struct ts_store *st, struct ts_diags *diags,
    const struct ts_report_options *opt, int utf8_in)
{
	struct ts_result *res = NULL;
	struct ts_error err;
	uint64_t records = 0;
	struct ts_rate rt;
	size_t i, q;
	int rc;

	memset(&err, 0, sizeof err);
	rc = ts_report_build(st, opt, diags, &res, &err);
	FUZZ_CHECK(rc == TS_OK || rc == TS_EDATA || rc == TS_EIO);
	if (rc != TS_OK) {
		FUZZ_CHECK(res == NULL && err.code == rc && err.message[0] != '\0');
		return;
	}
	FUZZ_CHECK(res->total.records == ts_store_count(st));
	FUZZ_CHECK(res->ngroups <= ts_store_count(st));
	for (i = 0; i < res->ngroups; i++) {
		records += res->groups[i].records;
		FUZZ_CHECK(res->groups[i].records > 0);
		for (q = 0; q < TS_NRATES; q++) {
			rt = ts_result_rate(res, &res->groups[i], (enum ts_rate_kind)q);
			check_rate(&rt);
		}
	}
	FUZZ_CHECK(opt->nby == 0 || records == res->total.records);
	rt = ts_result_rate(res, &res->total, TS_RATE_CONVICTION);
	check_rate(&rt);
	check_writers(res, utf8_in);
	ts_result_free(res);
}

void
ts_fuzz_pipeline(const uint8_t *data, size_t size, const char *name,
    const struct ts_load_options *lopt, int rising)
{
	static const enum ts_precision precs[] = {
		TS_PREC_NONE, TS_PREC_YEAR, TS_PREC_QUARTER, TS_PREC_MONTH,
	};
	struct ts_report_options ropt;
	struct ts_diags diags = { 0 };
	struct ts_error err;
	struct ts_store *st = ts_store_new();
	int rc, utf8_in = ts_fuzz_utf8_valid((const char *)data, size);
	size_t nd;

	if (st == NULL)
		return;
	memset(&err, 0, sizeof err);
	rc = ts_input_load_mem(st, name, data, size, lopt, &diags, &err);
	FUZZ_CHECK(rc == TS_OK || rc == TS_EIO);
	FUZZ_CHECK(err.code == rc);
	FUZZ_CHECK(rc == TS_OK || (err.message[0] != '\0' &&
	    memchr(err.message, '\0', sizeof err.message) != NULL));
	check_store(st, &diags, data, size, rc, rising);
	if (rc == TS_OK) {
		memset(&ropt, 0, sizeof ropt);
		ropt.method = (enum ts_ci_method)(size % TS_CI_NMETHODS);
		ropt.level = 0.95;
		ropt.suppress = size % 3 == 0 ? 5 : 0;
		report(st, &diags, &ropt, utf8_in);

		/* Group by a period and by a dimension, chosen by the size. */
		ropt.by[0].kind = TS_BY_PERIOD;
		ropt.by[0].prec = precs[size % 4];
		snprintf(ropt.by[0].name, sizeof ropt.by[0].name, "period");
		ropt.nby = 1;
		nd = ts_store_ndims(st);
		if (nd) {
			ropt.by[1].kind = TS_BY_DIM;
			ropt.by[1].dim = (int)(size % nd);
			/* On the command line this is what the user typed. */
			snprintf(ropt.by[1].name, sizeof ropt.by[1].name, "dim");
			ropt.nby = 2;
		}
		report(st, &diags, &ropt, utf8_in);
	}
	ts_store_free(st);
	ts_diags_free(&diags);
}
