/* test_reference_grouper.c — the specification of grouping, and the
 * grouping engine (src/report/group.c) held to it.
 *
 * reference() below is grouping as plainly as it can be written: one pass
 * over the records (two on the period basis), a hash map from key to sums,
 * each record's counts added as they come.  Every data file of the CLI
 * cases (tests/cli/data/, data/), the saved fuzz corpus of the CSV and
 * JSON readers, and generated tables and case lists (two large enough
 * that grouping splits them over two threads) are loaded on one and on
 * two threads,
 * passed through the totals and revisions passes, and grouped by several
 * --by lists, both bases, with and without --period; the engine's groups
 * must be the reference's: the same keys in key order, the same sums,
 * pairs, unpaired records and record counts, the same total, and for case
 * lists on the cohort basis the same cohort counts.
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_compare.h"
#include "ts_fields.h"
#include "ts_input.h"
#include "ts_report.h"
#include "ts_stats.h"
#include "ts_totals.h"

/* ---- The reference ------------------------------------------------------ */

struct ref_group {
	struct ts_key key[TS_MAX_BY];
	int64_t sum[TS_NCOUNTS];
	int64_t pair[TS_NRATES][2];
	uint64_t unpaired[TS_NRATES];
	uint64_t records;
	/* The cohort figures (case lists, cohort basis): cases, those still
	 * open or charged, the convicted, and the days from opening to
	 * conviction where the opening is a day and the conviction is not
	 * before it. */
	int64_t cases, open, convicted;
	double *days;
	size_t ndays, cap;
	int used;
};

struct ref {
	struct ref_group total;
	struct ref_group *slots;        /* open addressing, linear probing */
	size_t nslots, ngroups;
	uint64_t outside_period;
	int cohort;             /* gather the cohort figures */
};

static void
ref_group_init(struct ref_group *g)
{
	size_t c, q;

	memset(g, 0, sizeof *g);
	for (c = 0; c < TS_NCOUNTS; c++)
		g->sum[c] = TS_MISSING;
	for (q = 0; q < TS_NRATES; q++)
		g->pair[q][0] = g->pair[q][1] = TS_MISSING;
}

static int
key_equal(const struct ts_report_options *opt, const struct ts_key *a,
    const struct ts_key *b)
{
	size_t i;

	for (i = 0; i < opt->nby; i++) {
		if (opt->by[i].kind == TS_BY_DIM ? a[i].id != b[i].id :
		    a[i].period.lo != b[i].period.lo || a[i].period.hi != b[i].period.hi ||
		    a[i].period.precision != b[i].period.precision)
			return 0;
	}
	return 1;
}

static uint64_t
key_hash(const struct ts_report_options *opt, const struct ts_key *k)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < opt->nby; i++) {
		if (opt->by[i].kind == TS_BY_DIM) {
			h = (h ^ k[i].id) * 1099511628211ULL;
		} else {
			h = (h ^ (uint64_t)(uint32_t)k[i].period.lo) * 1099511628211ULL;
			h = (h ^ (uint64_t)(uint32_t)k[i].period.hi) * 1099511628211ULL;
			h = (h ^ (uint64_t)k[i].period.precision) * 1099511628211ULL;
		}
	}
	return h;
}

/* The group of key, made when new (the first record's key is kept). */
static struct ref_group *
ref_find(struct ref *R, const struct ts_report_options *opt, const struct ts_key *key)
{
	size_t j, i;

	if (R->ngroups * 2 >= R->nslots) {
		struct ref_group *old = R->slots;
		size_t n = R->nslots;

		R->nslots = n ? 2 * n : 64;
		R->slots = calloc(R->nslots, sizeof *R->slots);
		assert_non_null(R->slots);
		for (i = 0; i < n; i++) {
			if (!old[i].used)
				continue;
			j = key_hash(opt, old[i].key) & (R->nslots - 1);
			while (R->slots[j].used)
				j = (j + 1) & (R->nslots - 1);
			R->slots[j] = old[i];
		}
		free(old);
	}
	j = key_hash(opt, key) & (R->nslots - 1);
	while (R->slots[j].used && !key_equal(opt, R->slots[j].key, key))
		j = (j + 1) & (R->nslots - 1);
	if (!R->slots[j].used) {
		ref_group_init(&R->slots[j]);
		R->slots[j].used = 1;
		memcpy(R->slots[j].key, key, sizeof R->slots[j].key);
		R->ngroups++;
	}
	return &R->slots[j];
}

static void
add(int64_t *sum, int64_t v)
{
	if (v == TS_MISSING)
		return;
	*sum = *sum == TS_MISSING ? v : *sum + v;
}

/* One visit of a record: add[] what it adds to the sums (TS_MISSING: not
 * given), raw[] its counts as read, covered its TS_FLAG_COVERED bits.  A
 * rate pairs a record's two counts when it gives both; a total row whose
 * rows give one of them pairs its own figure for that one. */
static void
ref_add(struct ref_group *g, const int64_t *raw, const int64_t *addv,
    unsigned covered, int pass)
{
	size_t c, q;

	for (c = 0; c < TS_NCOUNTS; c++)
		add(&g->sum[c], addv[c]);
	for (q = 0; q < TS_NRATES; q++) {
		enum ts_count a = ts_rate_num[q], b = ts_rate_den[q];
		int ca = (covered & TS_FLAG_COVERED(a)) != 0;
		int cb = (covered & TS_FLAG_COVERED(b)) != 0;

		if (raw[a] != TS_MISSING && raw[b] != TS_MISSING) {
			if (ca && cb)
				continue;
			add(&g->pair[q][0], ca ? raw[a] : addv[a]);
			add(&g->pair[q][1], cb ? raw[b] : addv[b]);
		} else if (pass == 0 && (raw[a] != TS_MISSING || raw[b] != TS_MISSING)) {
			g->unpaired[q]++;
		}
	}
	g->records += pass == 0;
}

static void
ref_tally(struct ref_group *g, const struct ts_store *st, size_t i)
{
	enum ts_outcome o = (enum ts_outcome)ts_store_outcome(st, i);
	struct ts_period p = ts_store_period(st, i);
	int32_t closed = ts_store_closed(st, i);

	if (o == TS_OUTCOME_NONE)
		return;
	g->cases++;
	g->open += o == TS_OUTCOME_OPEN || o == TS_OUTCOME_CHARGED;
	if (o != TS_OUTCOME_CONVICTED)
		return;
	g->convicted++;
	if (p.precision != TS_PREC_DAY || closed == TS_NO_DAY || closed < p.lo)
		return;
	if (g->ndays == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 16;
		g->days = realloc(g->days, g->cap * sizeof *g->days);
		assert_non_null(g->days);
	}
	g->days[g->ndays++] = (double)closed - (double)p.lo;
}

static void
ref_free(struct ref *R)
{
	size_t i;

	for (i = 0; i < R->nslots; i++)
		free(R->slots[i].days);
	free(R->slots);
	free(R->total.days);
}

static struct ts_period
key_period(struct ts_period p, enum ts_precision prec)
{
	return prec == TS_PREC_NONE ? p : ts_period_at(&p, prec);
}

static void
reference(const struct ts_store *st, const struct ts_report_options *opt, struct ref *R)
{
	size_t n = ts_store_count(st), i, b, c;
	int pass, any_period = 0;
	int64_t raw[TS_NCOUNTS], gadd[TS_NCOUNTS], tadd[TS_NCOUNTS];
	struct ts_key key[TS_MAX_BY];
	struct ref_group *g;

	memset(R, 0, sizeof *R);
	ref_group_init(&R->total);
	for (b = 0; b < opt->nby; b++)
		any_period |= opt->by[b].kind == TS_BY_PERIOD;
	for (i = 0; i < ts_store_ninputs(st); i++)
		R->cohort |= opt->basis == TS_BASIS_COHORT &&
		    ts_store_input_info_c(st, i)->shape == TS_SHAPE_CASES;
	for (pass = 0; pass < (opt->basis == TS_BASIS_PERIOD ? 2 : 1); pass++) {
		for (i = 0; i < n; i++) {
			unsigned flags = ts_store_flag(st, i);
			/* On the period basis a dated conviction counts again,
			 * on a second visit, in the period of its closed day. */
			int moved = opt->basis == TS_BASIS_PERIOD &&
			    ts_store_outcome(st, i) == TS_OUTCOME_CONVICTED &&
			    ts_store_closed(st, i) != TS_NO_DAY && (any_period || opt->has_period);
			struct ts_period p = ts_store_period(st, i), closed;

			if ((pass == 1 && !moved) || (flags & TS_FLAGS_OUT))
				continue;
			closed.lo = closed.hi = ts_store_closed(st, i);
			closed.precision = TS_PREC_DAY;
			closed.range_prec = 0;
			if (pass == 1)
				p = closed;
			if (opt->has_period && !ts_period_within(&p, &opt->period)) {
				R->outside_period += pass == 0;
				continue;
			}
			for (c = 0; c < TS_NCOUNTS; c++) {
				int64_t v = ts_store_get_count(st, i, (enum ts_count)c);
				/* A moved record's conviction counts on the
				 * second visit, its other counts on the first. */
				int here = !moved || pass == (c == TS_CONVICTIONS);

				raw[c] = ts_store_get_count_raw(st, i, (enum ts_count)c);
				gadd[c] = here || v == TS_MISSING ? v : 0;
				tadd[c] = here ? v : TS_MISSING;
			}
			ref_add(&R->total, raw, tadd, flags, pass);
			if (R->cohort)
				ref_tally(&R->total, st, i);
			if (opt->nby == 0)
				continue;
			memset(key, 0, sizeof key);
			for (b = 0; b < opt->nby; b++) {
				if (opt->by[b].kind == TS_BY_DIM)
					key[b].id = ts_store_dim_id(st, i, (size_t)opt->by[b].dim);
				else
					key[b].period = key_period(p, opt->by[b].prec);
			}
			g = ref_find(R, opt, key);
			ref_add(g, raw, gadd, flags, pass);
			if (R->cohort)
				ref_tally(g, st, i);
		}
	}
}

/* ---- The engine held to it ---------------------------------------------- */

/* The key order of the report: periods chronological (no period last),
 * strings by bytes. */
static int
key_cmp(const struct ts_store *st, const struct ts_report_options *opt,
    const struct ts_key *a, const struct ts_key *b)
{
	size_t i;
	int c, na, nb;

	for (i = 0; i < opt->nby; i++) {
		if (opt->by[i].kind == TS_BY_DIM) {
			c = strcmp(ts_store_string(st, a[i].id), ts_store_string(st, b[i].id));
		} else {
			na = a[i].period.precision == TS_PREC_NONE;
			nb = b[i].period.precision == TS_PREC_NONE;
			c = na != nb ? na - nb : ts_period_cmp(&a[i].period, &b[i].period);
		}
		if (c)
			return c;
	}
	return 0;
}

/* unpaired: the engine's unpaired records (the total's), NULL for a
 * group (the engine counts them for the total alone). */
static void
expect_same_group(const struct ts_group *g, const uint64_t *unpaired,
    const struct ref_group *e, const char *what)
{
	size_t c, q;
	int ok = g->records == e->records;

	for (c = 0; c < TS_NCOUNTS; c++)
		ok &= g->sum[c] == e->sum[c];
	for (q = 0; q < TS_NRATES; q++)
		ok &= ts_group_pair(g, (enum ts_rate_kind)q, 0) == e->pair[q][0] &&
		    ts_group_pair(g, (enum ts_rate_kind)q, 1) == e->pair[q][1] &&
		    (unpaired == NULL || unpaired[q] == e->unpaired[q]);
	if (!ok) {
		print_error("%s: the engine's sums differ from the reference's\n", what);
		for (c = 0; c < TS_NCOUNTS; c++)
			print_error("  sum[%zu] %lld, expected %lld\n", c, (long long)g->sum[c],
			    (long long)e->sum[c]);
		for (q = 0; q < TS_NRATES; q++)
			print_error("  pair[%zu] %lld/%lld, expected %lld/%lld; unpaired %llu, expected %llu\n",
			    q, (long long)ts_group_pair(g, (enum ts_rate_kind)q, 0),
			    (long long)ts_group_pair(g, (enum ts_rate_kind)q, 1),
			    (long long)e->pair[q][0], (long long)e->pair[q][1],
			    (unsigned long long)(unpaired ? unpaired[q] : e->unpaired[q]),
			    (unsigned long long)e->unpaired[q]);
		print_error("  records %llu, expected %llu\n", (unsigned long long)g->records,
		    (unsigned long long)e->records);
		fail();
	}
}

/* The engine's cohort counts of a group against the reference's.  Its
 * days to conviction are the cumulative incidence's quantiles (statistics,
 * not grouping: src/stats/cuminc.c, held to R's survfit in test_methods);
 * here they need only be there exactly when the group has a conviction. */
static void
expect_same_cohort(const struct ts_cohort *co, struct ref_group *e, const char *what)
{
	if (co->cases != e->cases || co->still_open != e->open || co->convicted != e->convicted) {
		print_error("%s: cohort %lld cases, %lld open, %lld convicted; "
		    "expected %lld, %lld, %lld\n", what, (long long)co->cases,
		    (long long)co->still_open, (long long)co->convicted, (long long)e->cases,
		    (long long)e->open, (long long)e->convicted);
		fail();
	}
	if (e->convicted == 0 && !isnan(co->median_days)) {
		print_error("%s: a median of %g days without a conviction\n", what,
		    co->median_days);
		fail();
	}
}

static size_t checked_reports;

/* Groups st as opt says and compares the engine with the reference. */
static void
check(const struct ts_store *st, const struct ts_report_options *opt, const char *what)
{
	struct ts_diags diags = { 0 };
	struct ts_error err;
	struct ts_result *res = NULL;
	struct ts_cohort co;
	struct ref R;
	size_t i;

	memset(&err, 0, sizeof err);
	if (ts_report_build(st, opt, &diags, &res, &err) != 0) {
		/* Only a sum past INT64_MAX may stop a report. */
		if (strstr(err.message, "passes") == NULL)
			print_error("%s: %s\n", what, err.message);
		assert_non_null(strstr(err.message, "passes"));
		ts_diags_free(&diags);
		return;
	}
	reference(st, opt, &R);
	if (res->ngroups != (opt->nby ? R.ngroups : 0))
		print_error("%s: %zu groups, expected %zu\n", what, res->ngroups, R.ngroups);
	assert_int_equal(res->ngroups, opt->nby ? R.ngroups : 0);
	assert_int_equal(res->outside_period, R.outside_period);
	expect_same_group(&res->total, res->unpaired, &R.total, what);
	for (i = 0; i < res->ngroups; i++) {
		const struct ts_group *g = &res->groups[i];

		if (i > 0 && key_cmp(st, opt, res->groups[i - 1].key, g->key) >= 0) {
			print_error("%s: groups %zu and %zu out of key order\n", what, i - 1, i);
			fail();
		}
		expect_same_group(g, NULL, ref_find(&R, opt, g->key), what);
	}
	/* ref_find() made no group: every reference group is the engine's. */
	assert_int_equal(R.ngroups, res->ngroups);
	if (R.cohort) {
		assert_non_null(res->comparisons);
		assert_non_null(res->comparisons->cohorts);
		for (i = 0; i < res->ngroups; i++) {
			co = ts_compare_cohort(res->comparisons, i);
			expect_same_cohort(&co, ref_find(&R, opt, res->groups[i].key), what);
		}
		co = ts_compare_cohort(res->comparisons, res->ngroups);
		expect_same_cohort(&co, &R.total, what);
	}
	ref_free(&R);
	ts_result_free(res);
	ts_diags_free(&diags);
	checked_reports++;
}

/* How many of the checks check_all() makes. */
enum depth {
	ALL,            /* every --by list, both bases, with and without --period */
	LARGE,          /* what can take the two-thread path: the cohort basis,
	                   two threads */
	BRIEF,          /* a few --by lists, no --period (the fuzz corpus:
	                   hundreds of small hostile files) */
};

/* The --by lists and option sets of the check on the store st. */
static void
check_all(const struct ts_store *st, const char *name, enum depth depth)
{
	int large = depth == LARGE;
	static const char *const periods[] = { "year", "quarter", "month", "period" };
	struct ts_report_options opt;
	struct ts_error err;
	char what[512];
	size_t nd = ts_store_ndims(st), d, p, bases, th;
	struct ts_period first;

	memset(&opt, 0, sizeof opt);
	opt.method = TS_CI_WILSON;
	opt.level = 0.95;
	first = ts_store_count(st) ? ts_store_period(st, 0) : (struct ts_period){ 0 };
	for (bases = 0; bases < 4; bases++) {
		opt.basis = bases & 1 ? TS_BASIS_PERIOD : TS_BASIS_COHORT;
		/* --period: the year of the first record, when it has one. */
		opt.has_period = (bases & 2) && first.precision != TS_PREC_NONE;
		if (opt.has_period)
			opt.period = ts_period_at(&first, TS_PREC_YEAR);
		if (((bases & 2) && !opt.has_period) || (large && (bases & 1)) ||
		    (depth == BRIEF && (bases & 2)))
			continue;
		/* Grouping splits only a large input over two threads. */
		for (th = large ? 2 : 1; th <= (large ? 2u : 1u); th++) {
			opt.threads = (int)th;
			opt.nby = 0;
			snprintf(what, sizeof what, "%s, no --by, basis %zu, %zu thread(s)", name, bases, th);
			check(st, &opt, what);
			for (p = 0; p < (depth == BRIEF ? 1u : 4u); p++) {
				opt.nby = 0;
				assert_int_equal(ts_report_resolve_by(st, periods[p], &opt.by[opt.nby++], &err), 0);
				snprintf(what, sizeof what, "%s, --by %s, basis %zu, %zu thread(s)", name,
				    periods[p], bases, th);
				check(st, &opt, what);
			}
			for (d = 0; d < (depth == BRIEF && nd > 1 ? 1 : nd); d++) {
				const char *dim = ts_store_dim_name(st, d);

				opt.nby = 0;
				if (ts_report_resolve_by(st, dim, &opt.by[0], &err) != 0)
					continue;
				opt.nby = 1;
				snprintf(what, sizeof what, "%s, --by '%s', basis %zu, %zu thread(s)", name,
				    dim, bases, th);
				check(st, &opt, what);
				assert_int_equal(ts_report_resolve_by(st, "year", &opt.by[opt.nby++], &err), 0);
				if (d + 1 < nd && ts_report_resolve_by(st, ts_store_dim_name(st, d + 1),
				    &opt.by[opt.nby], &err) == 0)
					opt.nby++;
				snprintf(what, sizeof what, "%s, --by '%s',year,..., basis %zu, %zu thread(s)",
				    name, dim, bases, th);
				check(st, &opt, what);
			}
		}
	}
}

/* Loads data (path when data is NULL) on `threads` threads as `tracestat
 * report` does, with the totals and revisions passes; NULL when it cannot
 * be read at all (a fixture of a failing case). */
static struct ts_store *
load(const char *path, const char *data, size_t len, int threads)
{
	struct ts_load_options lo;
	struct ts_totals_options to;
	struct ts_diags diags = { 0 };
	struct ts_error err;
	struct ts_store *st = ts_store_new();
	int rc;

	assert_non_null(st);
	memset(&lo, 0, sizeof lo);
	memset(&to, 0, sizeof to);
	memset(&err, 0, sizeof err);
	lo.threads = threads;
	lo.split_min = 1;       /* split even a small input */
	rc = data ? ts_input_load_mem(st, path, data, len, &lo, &diags, &err) :
	    ts_input_load(st, path, &lo, &diags, &err);
	if (rc == 0)
		rc = ts_totals_mark(st, &to, &diags, &err);
	if (rc == 0)
		rc = ts_revisions_mark(st, &to, &diags, &err);
	ts_diags_free(&diags);
	if (rc != 0) {
		ts_store_free(st);
		return NULL;
	}
	return st;
}

static int
is_data_name(const char *n)
{
	size_t len = strlen(n);

	return (len > 4 && (strcmp(n + len - 4, ".csv") == 0 || strcmp(n + len - 4, ".tsv") == 0)) ||
	    (len > 5 && strcmp(n + len - 5, ".json") == 0) ||
	    (len > 7 && strcmp(n + len - 7, ".ndjson") == 0);
}

static size_t
check_folder(const char *dir, int only_data_names, enum depth depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1024];
	size_t n = 0;
	int th;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (only_data_names && !is_data_name(e->d_name))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		for (th = 1; th <= 2; th++) {
			struct ts_store *st = load(path, NULL, 0, th);

			if (st == NULL)
				continue;
			check_all(st, path, depth);
			ts_store_free(st);
			n++;
		}
	}
	closedir(d);
	return n;
}

static void
test_fixtures(void **state)
{
	size_t n = 0;

	(void)state;
	n += check_folder("tests/cli/data", 1, ALL);
	n += check_folder("data", 1, ALL);
	/* Each fixture on one and on two threads. */
	assert_true(n >= 40);
	assert_true(checked_reports > 1000);
}

/* ---- Generated inputs --------------------------------------------------- */

static uint32_t
next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static const char *const places[] = { "Oaxaca", "Puebla", "Total", "Sonora", "Nacional",
	"Yucatán", "", "Subtotal Norte" };
static const char *const agencies[] = { "PGR", "FGE", "Subtotal", "" };
static const char *const sources[] = { "", "2019 report", "2020 report" };
static const char *const outcomes[] = { "open", "charged", "convicted", "acquitted",
	"dismissed", "convicted", "", "pending" };

/* A cell of a count column: mostly small numbers, some missing. */
static int
put_count(char *s, size_t cap, uint32_t *x)
{
	uint32_t r = next(x);

	if (r % 7 == 0)
		return snprintf(s, cap, ",");
	return snprintf(s, cap, ",%u", r >> 8 & 0xFF);
}

/* A counts table: years, sometimes quarters or months, jurisdictions and
 * agencies with total rows among them, a source column for revisions. */
static char *
counts_table(uint32_t seed, size_t rows, size_t *len)
{
	size_t cap = rows * 96 + 256, n = 0, i;
	char *s = malloc(cap);
	uint32_t x = seed | 1;

	assert_non_null(s);
	n += (size_t)snprintf(s + n, cap - n,
	    "period,jurisdiction,agency,source,investigations,prosecutions,convictions,victims\n");
	for (i = 0; i < rows && n + 200 < cap; i++) {
		uint32_t r = next(&x);
		int y = 2008 + (int)(r % 8);

		switch (r >> 4 & 3) {
		case 0: n += (size_t)snprintf(s + n, cap - n, "%d", y); break;
		case 1: n += (size_t)snprintf(s + n, cap - n, "%d-Q%u", y, 1 + (r >> 8) % 4); break;
		case 2: n += (size_t)snprintf(s + n, cap - n, "%d-%02u", y, 1 + (r >> 8) % 12); break;
		default: n += (size_t)snprintf(s + n, cap - n, "%s", r >> 12 & 1 ? "" : "Total"); break;
		}
		r = next(&x);
		n += (size_t)snprintf(s + n, cap - n, ",%s,%s,%s", places[r % 8],
		    agencies[(r >> 3) % 4], sources[(r >> 6) % 3]);
		n += (size_t)put_count(s + n, cap - n, &x);
		n += (size_t)put_count(s + n, cap - n, &x);
		n += (size_t)put_count(s + n, cap - n, &x);
		n += (size_t)put_count(s + n, cap - n, &x);
		s[n++] = '\n';
	}
	*len = n;
	return s;
}

/* A case list: opening dates, outcomes, closed dates (some before the
 * opening, some missing), a few repeated case ids. */
static char *
case_list(uint32_t seed, size_t rows, size_t *len)
{
	size_t cap = rows * 96 + 256, n = 0, i;
	char *s = malloc(cap);
	uint32_t x = seed | 1;

	assert_non_null(s);
	n += (size_t)snprintf(s + n, cap - n, "case_id,opened,jurisdiction,outcome,closed,victims\n");
	for (i = 0; i < rows && n + 200 < cap; i++) {
		uint32_t r = next(&x), q = next(&x);
		int y = 2010 + (int)(r % 6), m = 1 + (int)(r >> 4) % 12, d = 1 + (int)(r >> 8) % 28;

		n += (size_t)snprintf(s + n, cap - n, "C%zu,", q % 50 == 0 ? i / 2 : i);
		if (q >> 6 & 1)
			n += (size_t)snprintf(s + n, cap - n, "%d-%02d-%02d", y, m, d);
		else
			n += (size_t)snprintf(s + n, cap - n, "%d-%02d", y, m);
		n += (size_t)snprintf(s + n, cap - n, ",%s,%s,", places[(q >> 8) % 8],
		    outcomes[(r >> 13) % 8]);
		if (q >> 12 & 3)
			n += (size_t)snprintf(s + n, cap - n, "%d-%02d-%02d",
			    y - 1 + (int)(q >> 14) % 4, m, d);
		n += (size_t)put_count(s + n, cap - n, &x);
		s[n++] = '\n';
	}
	*len = n;
	return s;
}

static void
check_generated(char *data, size_t len, const char *name, enum depth depth)
{
	int th;

	assert_non_null(data);
	for (th = depth == LARGE ? 2 : 1; th <= 2; th++) {
		struct ts_store *st = load(name, data, len, th);

		assert_non_null(st);
		check_all(st, name, depth);
		ts_store_free(st);
	}
	free(data);
}

static void
test_generated(void **state)
{
	char name[64], *data;
	size_t len;
	uint32_t seed;

	(void)state;
	for (seed = 1; seed <= 60; seed++) {
		snprintf(name, sizeof name, "counts-%u.csv", seed);
		data = counts_table(seed * 2654435761u, 20 + seed * 7, &len);
		check_generated(data, len, name, ALL);
		snprintf(name, sizeof name, "cases-%u.csv", seed);
		data = case_list(seed * 2246822519u, 20 + seed * 7, &len);
		check_generated(data, len, name, ALL);
	}
}

/* The saved fuzz corpus of the CSV and JSON readers: hostile tables. */
static void
test_fuzz_corpus(void **state)
{
	size_t before = checked_reports;

	(void)state;
	check_folder("fuzz/corpus/csv", 0, BRIEF);
	check_folder("fuzz/corpus/json", 0, BRIEF);
	assert_true(checked_reports - before > 1000);
}

/* Inputs large enough that grouping splits them over two threads. */
static void
test_generated_large(void **state)
{
	size_t len;
	char *data;

	(void)state;
	data = counts_table(0x9E3779B9u, 300000, &len);
	check_generated(data, len, "counts-large.csv", LARGE);
	data = case_list(0x85EBCA6Bu, 300000, &len);
	check_generated(data, len, "cases-large.csv", LARGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_fuzz_corpus),
		cmocka_unit_test(test_generated_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
