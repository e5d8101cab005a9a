/* test_totals.c — total words, total and subtotal rows, revised figures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_input.h"
#include "ts_totals.h"

static enum ts_total_kind
kind_of(const char *s, const struct ts_totals_options *opt, size_t *label)
{
	return ts_totals_classify(s, strlen(s), opt, label);
}

static void
test_classify(void **state)
{
	static const char *const extra[] = { "Gesamt", "Sub-suma" };
	struct ts_totals_options opt = { 0 };
	size_t label;

	(void)state;
	assert_int_equal(kind_of("Total", NULL, &label), TS_TOTAL_GRAND);
	assert_int_equal(label, 5);
	assert_int_equal(kind_of("  TOTAL GENERAL ", NULL, NULL), TS_TOTAL_GRAND);
	assert_int_equal(kind_of("Nacional", NULL, NULL), TS_TOTAL_GRAND);
	assert_int_equal(kind_of("NACIÓNAL", NULL, NULL), TS_TOTAL_GRAND);
	assert_int_equal(kind_of("Ensemble", NULL, NULL), TS_TOTAL_GRAND);
	assert_int_equal(kind_of("all", NULL, NULL), TS_TOTAL_GRAND);
	assert_int_equal(kind_of("Totales:", NULL, NULL), TS_TOTAL_GRAND);
	assert_int_equal(kind_of("Total nacional", NULL, &label), TS_TOTAL_GRAND);
	assert_string_equal("Total nacional" + label, "nacional");
	assert_int_equal(kind_of("Subtotal PGR", NULL, &label), TS_TOTAL_SUB);
	assert_string_equal("Subtotal PGR" + label, "PGR");
	assert_int_equal(kind_of("Sub-total: PGR", NULL, &label), TS_TOTAL_SUB);
	assert_string_equal("Sub-total: PGR" + label, "PGR");
	assert_int_equal(kind_of("Sous-total", NULL, NULL), TS_TOTAL_SUB);
	/* Places and words that only start like a total word stay rows. */
	assert_int_equal(kind_of("Todos Santos", NULL, NULL), TS_TOTAL_NONE);
	assert_int_equal(kind_of("Allende", NULL, NULL), TS_TOTAL_NONE);
	assert_int_equal(kind_of("Totonicapán", NULL, NULL), TS_TOTAL_NONE);
	assert_int_equal(kind_of("National Crime Agency", NULL, NULL), TS_TOTAL_NONE);
	assert_int_equal(kind_of("", NULL, NULL), TS_TOTAL_NONE);
	assert_int_equal(kind_of(" : ", NULL, NULL), TS_TOTAL_NONE);
	/* --total-word adds words, with labels too. */
	assert_int_equal(kind_of("Gesamt", &opt, NULL), TS_TOTAL_NONE);
	opt.words = extra;
	opt.nwords = 2;
	assert_int_equal(kind_of("gesamt", &opt, NULL), TS_TOTAL_GRAND);
	assert_int_equal(kind_of("Gesamt Bayern", &opt, NULL), TS_TOTAL_GRAND);
	assert_int_equal(kind_of("Sub-suma norte", &opt, NULL), TS_TOTAL_SUB);
	/* The built-in list is there for `tracestat fields`. */
	assert_string_equal(ts_totalword_at(0, NULL, NULL), "Total");
}

static void
test_word_list(void **state)
{
	enum ts_total_kind kind;
	int label, subs = 0;
	size_t i;
	const char *w;

	(void)state;
	for (i = 0; (w = ts_totalword_at(i, &kind, &label)) != NULL; i++) {
		/* Every listed word is recognised as what the list says. */
		assert_int_equal(kind_of(w, NULL, NULL), kind);
		subs += kind == TS_TOTAL_SUB;
	}
	assert_true(i > 10);
	assert_true(subs >= 1);
}

struct run {
	struct ts_store *st;
	struct ts_diags diags;
	struct ts_error err;
	int rc;
};

/* Loads the CSV texts as inputs "a.csv", "b.csv" ... and runs both passes. */
static void
run(struct run *r, const struct ts_totals_options *opt, const char *const *texts,
    size_t n)
{
	struct ts_load_options lopt = { 0 };
	char name[16];
	size_t i;

	memset(r, 0, sizeof *r);
	r->st = ts_store_new();
	assert_non_null(r->st);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%c.csv", (int)('a' + i));
		assert_int_equal(ts_input_load_mem(r->st, name, texts[i],
		    strlen(texts[i]), &lopt, &r->diags, &r->err), 0);
	}
	r->rc = ts_totals_mark(r->st, opt, &r->diags, &r->err);
	if (r->rc == 0)
		r->rc = ts_revisions_mark(r->st, opt, &r->diags, &r->err);
}

static void
done(struct run *r)
{
	ts_store_free(r->st);
	ts_diags_free(&r->diags);
}

/* The sum of count c over the records nobody flagged. */
static int64_t
counted(const struct ts_store *st, enum ts_count c)
{
	int64_t sum = 0, v;
	size_t i;

	for (i = 0; i < ts_store_count(st); i++) {
		v = ts_store_get_count(st, i, c);
		if (!(ts_store_flag(st, i) & TS_FLAGS_OUT) && v != TS_MISSING)
			sum += v;
	}
	return sum;
}

/* The message of the only diagnostic of that kind. */
static const struct ts_diag *
only(const struct ts_diags *d, enum ts_diag_kind kind)
{
	size_t i;
	const struct ts_diag *found = NULL;

	assert_int_equal(ts_diags_count(d, kind), 1);
	for (i = 0; i < d->count; i++)
		if (d->items[i].kind == kind)
			found = &d->items[i];
	return found;
}

static const char states[] =
    "year,state,investigations,convictions\n"
    "2014,Chiapas,41,3\n"
    "2014,Puebla,22,1\n"
    "2014,Nacional,63,4\n"
    "2015,Nacional,70,4\n"     /* its rows come after it */
    "2015,Chiapas,50,2\n"
    "2015,Puebla,21,2\n";

static void
test_grand_total_verified(void **state)
{
	const char *const texts[] = { states };
	struct ts_totals_options opt = { 0 };
	struct run r;
	size_t i;

	(void)state;
	run(&r, &opt, texts, 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(counted(r.st, TS_INVESTIGATIONS), 41 + 22 + 50 + 21);
	assert_int_equal(counted(r.st, TS_CONVICTIONS), 3 + 1 + 2 + 2);
	assert_int_equal(ts_store_flag(r.st, 2), TS_FLAG_TOTAL);
	assert_int_equal(ts_store_flag(r.st, 3), TS_FLAG_TOTAL);
	assert_int_equal(ts_diags_count(&r.diags, TS_DIAG_WARNING), 1);
	assert_int_equal(ts_diags_count(&r.diags, TS_DIAG_NOTE), 1);
	for (i = 0; i < r.diags.count; i++) {
		if (r.diags.items[i].kind == TS_DIAG_NOTE) {
			assert_int_equal(r.diags.items[i].line, 4);
			assert_non_null(strstr(r.diags.items[i].message,
			    "verified: investigations 63, convictions 4"));
			assert_non_null(strstr(r.diags.items[i].message, "lines 2-3"));
		} else {
			/* 2015: 70 against 50 + 21. */
			assert_int_equal(r.diags.items[i].line, 5);
			assert_non_null(strstr(r.diags.items[i].message,
			    "investigations 70 in the row, 71 in the sum"));
			assert_null(strstr(r.diags.items[i].message, "convictions"));
		}
	}
	done(&r);
}

static void
test_keep_totals(void **state)
{
	const char *const texts[] = { states };
	struct ts_totals_options opt = { 0 };
	struct run r;

	(void)state;
	opt.keep_totals = 1;
	run(&r, &opt, texts, 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(counted(r.st, TS_INVESTIGATIONS), 41 + 22 + 63 + 70 + 50 + 21);
	assert_int_equal(r.diags.count, 0);
	done(&r);
}

static const char federal[] =
    "period,agency,office,investigations,prosecutions,convictions\n"
    "2009-01..2014-06,PGR,FEVIMTRA,407,,\n"
    "2009-01..2014-06,PGR,SEIDO,176,,\n"
    "2009-01..2014-06,PGR,SCRPPA,110,,\n"
    "2009-01..2014-06,Subtotal PGR,,693,136,9\n"
    "2009-01..2014-06,States,North,700,,\n"
    "2009-01..2014-06,States,South,712,,\n"
    "2009-01..2014-06,Subtotal States,,1412,620,143\n"
    "2009-01..2014-06,Total,,2105,756,152\n";

static void
test_subtotals(void **state)
{
	const char *const texts[] = { federal };
	struct ts_totals_options opt = { 0 };
	struct run r;
	size_t i;

	(void)state;
	run(&r, &opt, texts, 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(ts_diags_count(&r.diags, TS_DIAG_WARNING), 0);
	assert_int_equal(ts_diags_count(&r.diags, TS_DIAG_NOTE), 3);
	assert_non_null(strstr(r.diags.items[0].message,
	    "\"Subtotal PGR\" verified: investigations 693"));
	assert_non_null(strstr(r.diags.items[0].message, "lines 2-4"));
	assert_non_null(strstr(r.diags.items[1].message, "lines 6-7"));
	assert_non_null(strstr(r.diags.items[2].message,
	    "verified: investigations 2105, prosecutions 756, convictions 152"));
	/* The offices give investigations; prosecutions and convictions come
	 * from the subtotals alone, and nothing twice. */
	assert_int_equal(counted(r.st, TS_INVESTIGATIONS), 2105);
	assert_int_equal(counted(r.st, TS_PROSECUTIONS), 756);
	assert_int_equal(counted(r.st, TS_CONVICTIONS), 152);
	assert_int_equal(ts_store_flag(r.st, 7), TS_FLAG_TOTAL);
	for (i = 0; i < 7; i++)
		assert_int_equal(ts_store_flag(r.st, i) & TS_FLAGS_OUT, 0);
	done(&r);
}

static void
test_subtotal_mismatch(void **state)
{
	static const char text[] =
	    "agency,office,investigations\n"
	    "PGR,FEVIMTRA,407\n"
	    "PGR,SEIDO,176\n"
	    "PGR,SCRPPA,110\n"
	    "Subtotal PGR,,690\n";
	const char *const texts[] = { text };
	struct ts_totals_options opt = { 0 };
	const struct ts_diag *w;
	struct run r;

	(void)state;
	run(&r, &opt, texts, 1);
	assert_int_equal(r.rc, 0);
	w = only(&r.diags, TS_DIAG_WARNING);
	assert_int_equal(w->line, 5);
	assert_non_null(strstr(w->message, "investigations 690 in the row, 693 in the sum"));
	assert_int_equal(counted(r.st, TS_INVESTIGATIONS), 693);
	assert_int_equal(ts_store_flag(r.st, 3), TS_FLAG_SUBTOTAL);
	done(&r);
}

/* --subtotal-of: the subtotal covers the rows of its label, wherever. */
static void
test_subtotal_of(void **state)
{
	static const char text[] =
	    "agency,office,investigations\n"
	    "PGR,FEVIMTRA,407\n"
	    "SSP,Policía,50\n"
	    "PGR,SEIDO,176\n"
	    "P.G.R.,SCRPPA,110\n"
	    "Subtotal PGR,,693\n"
	    "Subtotal SSP,,50\n";
	const char *const texts[] = { text };
	struct ts_totals_options opt = { 0 };
	struct run r;

	(void)state;
	opt.subtotal_of = "agency";
	/* The labels as written: "P.G.R." is matched by the subtotal's own
	 * folding, not by the grouping values' (which would warn). */
	opt.exact_labels = 1;
	run(&r, &opt, texts, 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(ts_diags_count(&r.diags, TS_DIAG_WARNING), 0);
	assert_int_equal(ts_diags_count(&r.diags, TS_DIAG_NOTE), 2);
	assert_non_null(strstr(r.diags.items[0].message, "of the 3 rows"));
	assert_int_equal(counted(r.st, TS_INVESTIGATIONS), 407 + 50 + 176 + 110);
	done(&r);
	/* Without it, "since the previous subtotal" gives other sums. */
	opt.subtotal_of = NULL;
	run(&r, &opt, texts, 1);
	assert_int_equal(ts_diags_count(&r.diags, TS_DIAG_WARNING), 1);
	done(&r);
	/* An unknown column is a usage error; a header alias is fine. */
	opt.subtotal_of = "nowhere";
	run(&r, &opt, texts, 1);
	assert_int_equal(r.rc, TS_EUSAGE);
	assert_non_null(strstr(r.err.message, "'nowhere'"));
	done(&r);
	opt.subtotal_of = "Dependencia";
	run(&r, &opt, texts, 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(ts_diags_count(&r.diags, TS_DIAG_WARNING), 0);
	done(&r);
}

/* A total with nothing to cover is the only figure: it counts. */
static void
test_lone_total_counts(void **state)
{
	static const char text[] =
	    "year,country,convictions\n"
	    "2014,Global,4443\n"
	    "2015,Global,6609\n";
	const char *const texts[] = { text };
	struct ts_totals_options opt = { 0 };
	const struct ts_diag *n;
	struct run r;

	(void)state;
	run(&r, &opt, texts, 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(counted(r.st, TS_CONVICTIONS), 4443 + 6609);
	n = only(&r.diags, TS_DIAG_NOTE);
	assert_int_equal(n->line, 2);
	assert_non_null(strstr(n->message, "2 rows look like totals"));
	done(&r);
}

/* Columns that hold only numbers are not part of a key: the total row's
 * own sum there must not hide its rows. */
static void
test_numeric_columns_not_keys(void **state)
{
	static const char text[] =
	    "state,investigations,rescued,share\n"
	    "Chiapas,41,10,65%\n"
	    "Puebla,22,5,35%\n"
	    "Total,63,15,100%\n";
	const char *const texts[] = { text };
	struct ts_totals_options opt = { 0 };
	struct run r;

	(void)state;
	run(&r, &opt, texts, 1);
	assert_int_equal(counted(r.st, TS_INVESTIGATIONS), 63);
	assert_non_null(strstr(only(&r.diags, TS_DIAG_NOTE)->message, "verified"));
	done(&r);
}

/* Totals are per input: a second file's rows are not covered. */
static void
test_totals_per_input(void **state)
{
	static const char a[] = "state,investigations\nChiapas,41\nTotal,41\n";
	static const char b[] = "state,investigations\nPuebla,22\n";
	const char *const texts[] = { a, b };
	struct ts_totals_options opt = { 0 };
	struct run r;

	(void)state;
	run(&r, &opt, texts, 2);
	assert_int_equal(ts_diags_count(&r.diags, TS_DIAG_WARNING), 0);
	assert_int_equal(counted(r.st, TS_INVESTIGATIONS), 63);
	done(&r);
}

static const char tip2006[] =
    "year,prosecutions,convictions,new_legislation,source\n"
    "2004,6885,3025,39,TIP 2006\n"
    "2005,6618,4766,41,TIP 2006\n";
static const char tip2008[] =
    "year,prosecutions,convictions,new_legislation,source\n"
    "2005,6178,4379,40,TIP 2008\n"
    "2006,5808,3160,21,TIP 2008\n";

static void
test_revision_later_wins(void **state)
{
	const char *const texts[] = { tip2006, tip2008 };
	struct ts_totals_options opt = { 0 };
	const struct ts_diag *w, *n;
	struct run r;

	(void)state;
	run(&r, &opt, texts, 2);
	assert_int_equal(r.rc, 0);
	assert_int_equal(counted(r.st, TS_CONVICTIONS), 3025 + 4379 + 3160);
	assert_int_equal(ts_store_flag(r.st, 1), TS_FLAG_REVISED);
	w = only(&r.diags, TS_DIAG_WARNING);
	assert_int_equal(w->input, 1);
	assert_int_equal(w->line, 2);
	assert_non_null(strstr(w->message, "convictions 4766 -> 4379"));
	assert_non_null(strstr(w->message, "prosecutions 6618 -> 6178"));
	assert_non_null(strstr(w->message, "\"TIP 2006\" at a.csv:3 -> \"TIP 2008\" at b.csv:2"));
	n = only(&r.diags, TS_DIAG_NOTE);
	assert_non_null(strstr(n->message, "the later input"));
	done(&r);
}

static void
test_revision_prefer_source(void **state)
{
	const char *const texts[] = { tip2006, tip2008 };
	struct ts_totals_options opt = { 0 };
	struct run r;

	(void)state;
	opt.prefer_source = "tip 2006";
	run(&r, &opt, texts, 2);
	assert_int_equal(counted(r.st, TS_CONVICTIONS), 3025 + 4766 + 3160);
	assert_int_equal(ts_store_flag(r.st, 2), TS_FLAG_REVISED);
	assert_non_null(strstr(only(&r.diags, TS_DIAG_NOTE)->message, "--prefer-source"));
	assert_non_null(strstr(only(&r.diags, TS_DIAG_WARNING)->message, "4766 -> 4379"));
	done(&r);
	/* A text no source contains: the later input, and the note says so. */
	opt.prefer_source = "TIP 1999";
	run(&r, &opt, texts, 2);
	assert_int_equal(counted(r.st, TS_CONVICTIONS), 3025 + 4379 + 3160);
	assert_non_null(strstr(only(&r.diags, TS_DIAG_NOTE)->message,
	    "no source contains \"TIP 1999\""));
	done(&r);
}

static void
test_revision_same_figures_and_same_source(void **state)
{
	static const char again[] = "year,convictions,source\n2005,4379,TIP 2009\n";
	static const char twice[] =
	    "year,convictions,source\n2005,100,X\n2005,20,X\n";
	const char *const texts[] = { tip2008, again };
	const char *const same[] = { twice };
	struct ts_totals_options opt = { 0 };
	struct run r;

	(void)state;
	run(&r, &opt, texts, 2);
	assert_int_equal(ts_diags_count(&r.diags, TS_DIAG_WARNING), 0);
	assert_non_null(strstr(only(&r.diags, TS_DIAG_NOTE)->message, "counted once"));
	assert_int_equal(counted(r.st, TS_CONVICTIONS), 4379 + 3160);
	/* Only the older edition gives 2005's prosecutions: they stay. */
	assert_non_null(strstr(only(&r.diags, TS_DIAG_NOTE)->message,
	    "\"TIP 2008\" at a.csv:2 alone gives prosecutions 6178"));
	assert_int_equal(counted(r.st, TS_PROSECUTIONS), 6178 + 5808);
	done(&r);
	/* One source giving two rows of one key: its rows, summed as before. */
	run(&r, &opt, same, 1);
	assert_int_equal(r.diags.count, 0);
	assert_int_equal(counted(r.st, TS_CONVICTIONS), 120);
	done(&r);
}

/* Hostile cells: control bytes and very long total labels are quoted and
 * cut in the messages; nothing overflows. */
static void
test_hostile_cells(void **state)
{
	struct ts_totals_options opt = { 0 };
	struct run r;
	char *text = malloc(20000);
	const char *texts[1];
	const struct ts_diag *w;
	size_t o;

	(void)state;
	assert_non_null(text);
	o = (size_t)sprintf(text, "agency,investigations\nA\x1b[31m,5\nB,6\nTotal \x1b[2J");
	memset(text + o, 'x', 15000);
	o += 15000;
	strcpy(text + o, ",12\n");
	texts[0] = text;
	run(&r, &opt, texts, 1);
	assert_int_equal(r.rc, 0);
	w = only(&r.diags, TS_DIAG_WARNING);
	assert_null(strchr(w->message, '\x1b'));
	assert_true(strlen(w->message) < 1000);
	assert_non_null(strstr(w->message, "investigations 12 in the row, 11 in the sum"));
	done(&r);
	free(text);
}

/* A total for a year covers the months of that year; "Total" written
 * as the period is a total over every period. */
static void
test_total_periods(void **state)
{
	static const char months[] =
	    "period,state,investigations\n"
	    "2014-01,A,3\n"
	    "2014-02,A,4\n"
	    "2014-02-15,B,5\n"
	    "2014,Total,12\n"
	    "2015-01,A,7\n";
	static const char years[] =
	    "year,investigations,convictions\n"
	    "2012,10,1\n"
	    "2013,12,2\n"
	    "Total,22,4\n";
	const char *const t1[] = { months }, *const t2[] = { years };
	struct ts_totals_options opt = { 0 };
	const struct ts_diag *w;
	struct run r;

	(void)state;
	run(&r, &opt, t1, 1);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(only(&r.diags, TS_DIAG_NOTE)->message,
	    "verified: investigations 12, the sum of the 3 rows it covers (lines 2-4)"));
	assert_int_equal(counted(r.st, TS_INVESTIGATIONS), 3 + 4 + 5 + 7);
	done(&r);
	run(&r, &opt, t2, 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.diags.count, 1);
	w = only(&r.diags, TS_DIAG_WARNING);
	assert_int_equal(w->line, 4);
	assert_non_null(strstr(w->message, "convictions 4 in the row, 3 in the sum"));
	assert_int_equal(counted(r.st, TS_INVESTIGATIONS), 22);
	assert_true(ts_store_flag(r.st, 2) & TS_FLAG_TOTAL);
	done(&r);
	/* Kept, it counts once more and has no period. */
	opt.keep_totals = 1;
	run(&r, &opt, t2, 1);
	assert_int_equal(counted(r.st, TS_INVESTIGATIONS), 44);
	assert_int_equal(ts_store_period(r.st, 2).precision, TS_PREC_NONE);
	done(&r);
}

/* Random small tables of total words, blanks, labels and sources: the
 * passes never fail, and only total rows and revised ones leave the sums. */
static void
test_random_tables(void **state)
{
	static const char *const cells[] = {
		"A", "B", "PGR", "Total", "Subtotal PGR", "Nacional", "", "Todos Santos",
		"Sub-total: B", "TOTAL GENERAL",
	};
	static const char *const periods[] = { "2014", "2014-03", "", "Total", "2015" };
	struct ts_totals_options opt = { 0 };
	char text[4096];
	const char *texts[2];
	char second[512];
	unsigned seed = 12345;
	int round, row, o;
	struct run r;
	size_t i;

	(void)state;
	for (round = 0; round < 300; round++) {
		o = sprintf(text, "period,agency,office,investigations,convictions,source\n");
		for (row = 0; row < 12; row++) {
			seed = seed * 1103515245u + 12345u;
			o += sprintf(text + o, "%s,%s,%s,%u,%s,%s\n",
			    periods[(seed >> 8) % 5], cells[(seed >> 12) % 10],
			    cells[(seed >> 16) % 10], (seed >> 20) % 50,
			    (seed >> 27) % 3 ? "3" : "", (seed >> 29) % 2 ? "S1" : "S2");
		}
		snprintf(second, sizeof second,
		    "period,agency,investigations,source\n2014,A,%d,S3\n", round);
		texts[0] = text;
		texts[1] = second;
		opt.subtotal_of = round % 2 ? "agency" : NULL;
		run(&r, &opt, texts, 2);
		assert_int_equal(r.rc, 0);
		for (i = 0; i < ts_store_count(r.st); i++) {
			unsigned f = ts_store_flag(r.st, i);
			const char *ag = ts_store_string(r.st, ts_store_dim_id(r.st, i,
			    (size_t)ts_store_find_dim(r.st, "agency")));
			const char *of = ts_store_string(r.st, ts_store_dim_id(r.st, i,
			    (size_t)ts_store_find_dim(r.st, "office")));
			/* Only a row with a total word is ever taken as a total. */
			if (f & (TS_FLAG_TOTAL | TS_FLAG_SUBTOTAL))
				assert_true((f & TS_FLAG_PERIOD_TOTAL) ||
				    kind_of(ag, NULL, NULL) != TS_TOTAL_NONE ||
				    kind_of(of, NULL, NULL) != TS_TOTAL_NONE);
		}
		/* Every total row or revision left out is explained. */
		for (i = 0; i < ts_store_count(r.st); i++)
			if (ts_store_flag(r.st, i) & TS_FLAGS_OUT)
				assert_true(r.diags.count > 0);
		done(&r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_word_list),
		cmocka_unit_test(test_grand_total_verified),
		cmocka_unit_test(test_keep_totals),
		cmocka_unit_test(test_subtotals),
		cmocka_unit_test(test_subtotal_mismatch),
		cmocka_unit_test(test_subtotal_of),
		cmocka_unit_test(test_lone_total_counts),
		cmocka_unit_test(test_numeric_columns_not_keys),
		cmocka_unit_test(test_totals_per_input),
		cmocka_unit_test(test_revision_later_wins),
		cmocka_unit_test(test_revision_prefer_source),
		cmocka_unit_test(test_revision_same_figures_and_same_source),
		cmocka_unit_test(test_hostile_cells),
		cmocka_unit_test(test_total_periods),
		cmocka_unit_test(test_random_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
