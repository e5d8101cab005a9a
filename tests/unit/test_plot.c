/* test_plot.c — the chart's time axis, its checks, XML escaping, and the
 * sparkline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_input.h"
#include "ts_plot.h"
#include "ts_report.h"

/* A result built from CSV text grouped by the comma-separated names in by. */
struct fixture {
	struct ts_store *st;
	struct ts_diags diags;
	struct ts_result *res;
	struct ts_error err;
};

static int
build(struct fixture *fx, const char *csv, const char *by)
{
	struct ts_load_options lo = { 0 };
	struct ts_report_options ro;
	char names[128], *name, *save = NULL;

	memset(fx, 0, sizeof *fx);
	memset(&ro, 0, sizeof ro);
	ro.method = TS_CI_WILSON;
	ro.level = 0.95;
	fx->st = ts_store_new();
	assert_non_null(fx->st);
	assert_int_equal(ts_input_load_mem(fx->st, "t.csv", csv, strlen(csv), &lo,
	    &fx->diags, &fx->err), 0);
	snprintf(names, sizeof names, "%s", by);
	for (name = strtok_r(names, ",", &save); name; name = strtok_r(NULL, ",", &save))
		assert_int_equal(ts_report_resolve_by(fx->st, name, &ro.by[ro.nby++], &fx->err), 0);
	assert_int_equal(ts_report_build(fx->st, &ro, &fx->diags, &fx->res, &fx->err), 0);
	return ts_plot_check(fx->res, NULL, &fx->err);
}

static void
done(struct fixture *fx)
{
	ts_result_free(fx->res);
	ts_store_free(fx->st);
	ts_diags_free(&fx->diags);
}

/* What a writer prints, as a string the caller frees. */
static char *
svg_of(const struct ts_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_int_equal(ts_plot_write_svg(fp, r, NULL), 0);
	fclose(fp);
	return buf;
}

static char *
sparkline_of(const struct ts_result *r, int ascii)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_int_equal(ts_sparkline_write(fp, r, ascii), 0);
	fclose(fp);
	return buf;
}

static void
test_slots(void **state)
{
	struct ts_period p;
	long slot;

	(void)state;
	assert_int_equal(ts_period_parse("2014", 4, 0, &p), 0);
	assert_int_equal(ts_plot_slot(&p, TS_PREC_YEAR, &slot), 0);
	assert_int_equal(slot, 2014);
	assert_int_equal(ts_plot_slot(&p, TS_PREC_MONTH, &slot), -1);
	assert_int_equal(ts_period_parse("2014-Q3", 7, 0, &p), 0);
	assert_int_equal(ts_plot_slot(&p, TS_PREC_QUARTER, &slot), 0);
	assert_int_equal(slot, 4 * 2014 + 2);
	assert_int_equal(ts_period_parse("2014-12", 7, 0, &p), 0);
	assert_int_equal(ts_plot_slot(&p, TS_PREC_MONTH, &slot), 0);
	assert_int_equal(slot, 12 * 2014 + 11);
	/* A range is not a single period of any precision. */
	assert_int_equal(ts_period_parse("2009-01..2014-06", 16, 0, &p), 0);
	assert_int_equal(ts_plot_slot(&p, TS_PREC_YEAR, &slot), -1);
}

static void
test_checks(void **state)
{
	struct fixture fx;
	char csv[4096];
	size_t o;
	int i;

	(void)state;
	/* One field that is not a period: a forest plot; two, nothing. */
	assert_int_equal(build(&fx, "year,jurisdiction,investigations,convictions\n"
	    "2014,A,10,1\n", "jurisdiction"), 0);
	done(&fx);
	assert_int_equal(build(&fx, "year,jurisdiction,investigations,convictions\n"
	    "2014,A,10,1\n", "jurisdiction,year"), TS_EUSAGE);
	assert_non_null(strstr(fx.err.message, "one --by field"));
	done(&fx);
	assert_int_equal(build(&fx, "year,investigations,convictions\n2014,10,1\n",
	    "year,quarter"), TS_EUSAGE);
	done(&fx);
	assert_int_equal(build(&fx, "year,investigations,convictions\n2014,0,0\n",
	    "year"), TS_EDATA);
	assert_non_null(strstr(fx.err.message, "nothing to draw"));
	done(&fx);
	/* Up to 64 series are drawn (more than 8 as small multiples); 65
	 * are refused with a way out. */
	o = (size_t)snprintf(csv, sizeof csv, "year,jurisdiction,investigations,convictions\n");
	for (i = 0; i < 65; i++)
		o += (size_t)snprintf(csv + o, sizeof csv - o, "2014,J%d,10,1\n", i);
	assert_int_equal(build(&fx, csv, "year,jurisdiction"), TS_EUSAGE);
	assert_non_null(strstr(fx.err.message, "65 values"));
	assert_non_null(strstr(fx.err.message, "forest plot"));
	done(&fx);
	csv[strlen(csv) - strlen("2014,J64,10,1\n")] = '\0';
	assert_int_equal(build(&fx, csv, "year,jurisdiction"), 0);
	done(&fx);
}

static void
test_rate_choice(void **state)
{
	struct fixture fx;
	char *svg;

	(void)state;
	assert_int_equal(build(&fx, "year,prosecutions,convictions\n2003,7992,2815\n"
	    "2004,6885,3025\n", "year"), 0);
	assert_int_equal(ts_plot_rate(fx.res), TS_RATE_PER_PROSECUTION);
	svg = svg_of(fx.res);
	assert_non_null(strstr(svg, "data-rate=\"convictions_per_prosecution\""));
	assert_non_null(strstr(svg, "Convictions per prosecution by year</text>"));
	assert_non_null(strstr(svg, "The input counts no investigations: the rate is convictions per prosecution."));
	assert_non_null(strstr(svg, "data-k=\"2815\" data-n=\"7992\""));
	free(svg);
	done(&fx);
	assert_int_equal(build(&fx, "year,investigations,prosecutions,convictions\n"
	    "2014,229,40,19\n", "year"), 0);
	assert_int_equal(ts_plot_rate(fx.res), TS_RATE_CONVICTION);
	svg = svg_of(fx.res);
	assert_non_null(strstr(svg, "data-k=\"19\" data-n=\"229\" data-value=\"0.08296943231441048\""));
	free(svg);
	done(&fx);
}

static void
test_escaping(void **state)
{
	struct fixture fx;
	char *svg;

	(void)state;
	assert_int_equal(build(&fx, "year,jurisdiction,investigations,convictions\n"
	    "2014,\"a<b>&\"\"c'\x1b\x07\",10,1\n2015,\"x\xff\",10,2\n", "year,jurisdiction"), 0);
	svg = svg_of(fx.res);
	assert_non_null(strstr(svg, "a&lt;b&gt;&amp;&quot;c&apos;\\x1b\\x07"));
	assert_null(strchr(svg, '\x1b'));
	assert_null(strchr(svg, '\x07'));
	assert_null(strstr(svg, "\xff"));
	free(svg);
	done(&fx);
}

static void
test_sparkline(void **state)
{
	struct fixture fx;
	char *line;

	(void)state;
	/* 2012: 5%, 2013: none, 2014: 10%: heights 0..7 of 10%. */
	assert_int_equal(build(&fx, "year,investigations,convictions\n2012,100,5\n"
	    "2014,100,10\n", "year"), 0);
	line = sparkline_of(fx.res, 1);
	assert_string_equal(line, "\nConviction rate by year, 2012 to 2014 (bar height 0 to 10.00%):\n"
	    "  4 7  lowest 5.00% (2012), highest 10.00% (2014)\n");
	free(line);
	line = sparkline_of(fx.res, 0);
	assert_non_null(strstr(line, "  \xe2\x96\x85 \xe2\x96\x88  lowest"));
	free(line);
	done(&fx);
	/* One period, or no period in --by: no sparkline. */
	assert_int_equal(build(&fx, "year,investigations,convictions\n2012,100,5\n", "year"), 0);
	line = sparkline_of(fx.res, 0);
	assert_string_equal(line, "");
	free(line);
	done(&fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slots),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_rate_choice),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_sparkline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
