/* group.c — grouping records by key into a result (the rates follow
 * from its sums, result.c): the orchestration (the engine is gather.c, its second thread
 * gather_threads.c, --by resolution by.c). */
#include <stdlib.h>
#include <string.h>

#include "ts_basis.h"
#include "ts_compare.h"
#include "group_impl.h"
#include "ts_i18n.h"

/* One warning per rate whose total left records out, so that nobody reads
 * the rate as the quotient of the printed sums. */
static int
warn_unpaired(struct ts_result *r)
{
	static const char *const what[TS_NRATES] = {
		"conviction rate", "prosecution rate", "convictions per prosecution",
	};
	const struct ts_group *t = &r->total;
	const uint64_t *unpaired = r->unpaired;
	size_t q;

	for (q = 0; q < TS_NRATES; q++) {
		if (unpaired[q] == 0 || r->diags == NULL ||
		    !ts_result_rate(r, t, (enum ts_rate_kind)q).defined)
			continue;
		if (ts_diags_add(r->diags, TS_DIAG_WARNING, TS_DIAG_NO_INPUT, 0,
		    N_("the %s uses only the records that give both %s and %s: "
		    "%llu record%s give%s only one of them"), what[q],
		    ts_count_name(ts_rate_num[q]), ts_count_name(ts_rate_den[q]),
		    (unsigned long long)unpaired[q], unpaired[q] == 1 ? "" : "s",
		    unpaired[q] == 1 ? "s" : "") != 0)
			return -1;
	}
	return 0;
}

/* Hands the tallies, in the key order of the groups, to the result and
 * adds up the total's tally (the last one).  Returns 0 or -1. */
static int
arrange(struct grouping *G)
{
	struct ts_result *r = G->r;
	size_t ng = r->ngroups, nout = G->opt->nby ? ng : 0, i;
	struct ts_cohort_tally *t = NULL, *all;
	struct ts_cohort_times *times = NULL;

	if (G->cohort) {
		/* The tallies (and times) are in order already
		 * (ts_group_in_key_order()), and the total's go after them
		 * (with no --by, the one group's are it). */
		size_t cap = G->tallies_cap;

		if (ts_grow(&G->tallies, &cap, nout + 1, sizeof *G->tallies) != 0)
			return -1;
		G->tallies_cap = cap;
		if (G->times && ts_group_times_room(G) != 0)
			return -1;
		t = G->tallies;
		times = G->times;
		G->tallies = NULL;
		G->times = NULL;
		G->tallies_cap = G->ntallies = G->times_cap = 0;
		all = &t[nout];
		if (nout > 0 || ng == 0) {
			memset(all, 0, sizeof *all);
			if (times)
				memset(&times[nout], 0, sizeof times[nout]);
		}
		for (i = 0; i < nout; i++) {
			all->untimed += t[i].untimed;
			all->cases += t[i].cases;
			all->open += t[i].open;
			all->convicted += t[i].convicted;
		}
	}
	r->ngroups = nout;
	r->tallies = t;
	r->times = times;
	return 0;
}

static int
has_case_input(const struct ts_store *st)
{
	size_t i;

	for (i = 0; i < ts_store_ninputs(st); i++)
		if (ts_store_input_info_c(st, i)->shape == TS_SHAPE_CASES)
			return 1;
	return 0;
}

/* Groups the store into a new *out, with every
 * censored count at its low end (the count as stored) or, high set, at
 * its high end. */
static int
build_sums(const struct ts_store *st, const struct ts_report_options *opt,
    struct ts_diags *diags, int high, struct ts_result **out, struct ts_error *err)
{
	struct ts_result *r;
	struct grouping G;
	size_t i, b;
	int rc;

	*out = NULL;
	r = calloc(1, sizeof *r);
	if (r == NULL)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	r->opt = *opt;
	r->diags = diags;
	r->st = st;
	r->total.key = r->total_key;
	r->total.pair = r->total_pair;
	if (!high && (r->rate_memo = calloc(TS_RATE_MEMO, sizeof *r->rate_memo)) == NULL) {
		free(r);
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	}
	memset(&G, 0, sizeof G);
	G.st = st;
	G.opt = opt;
	G.r = r;
	G.high = high;
	G.all_pairs = ts_store_ncensored(st) > 0;
	/* Records are visited twice on the period basis: the second visit adds
	 * each dated conviction to the period of its closed date. */
	G.moves = opt->basis == TS_BASIS_PERIOD && (ts_basis_any_period(opt) || opt->has_period);
	G.cohort = opt->basis == TS_BASIS_COHORT && has_case_input(st);
	G.need_case = G.moves || G.cohort;
	G.need_pid = G.cohort || opt->has_period;
	for (b = 0; b < opt->nby; b++)
		G.need_pid |= opt->by[b].kind == TS_BY_PERIOD;
	ts_group_setup_counts(&G);
	G.ck = malloc(sizeof *G.ck);
	G.tmpl = malloc(2 * NCLASSES * sizeof *G.tmpl);
	G.tmpl_ready = calloc(NCLASSES, 1);
	if (G.ck == NULL || G.tmpl == NULL || G.tmpl_ready == NULL ||
	    ts_group_setup_tables(&G) != 0 || ts_group_direct_setup(&G) != 0)
		goto oom;
	for (;;) {
		if (ts_group_tuples_init(&G.cells_ix, opt->nby + 1) != 0 ||
		    ts_group_tuples_init(&G.groups_ix, opt->nby) != 0)
			goto oom;
		rc = ts_group_gather(&G);
		if (rc != 1 || G.exact)
			break;
		ts_group_reset(&G);
		G.exact = 1;
	}
	if (rc == -1)
		goto oom;
	if (rc == -2) {
		const struct ts_input_info *in = ts_store_input_info_c(st,
		    ts_store_input(st, G.err_rec));
		ts_error_set(err, TS_EDATA, in ? in->path : NULL, ts_store_line(st, G.err_rec), 0,
		    N_("the sum of '%s' passes %lld here: counts this large cannot be right"),
		    ts_count_name((enum ts_count)G.err_which), (long long)INT64_MAX);
		ts_group_grouping_free(&G);
		ts_result_free(r);
		return err->code;
	}
	if (G.exact) {
		if (ts_group_order(&G) != 0 || ts_group_in_key_order(&G) != 0 ||
		    ts_group_make(&G) != 0 ||
		    ts_group_acc_pairs(&G) != 0)
			goto oom;
		for (i = 0; i < r->ngroups; i++)
			ts_group_acc_to_group(&G.accs[G.order ? G.order[i] : i], &r->groups[i]);
	}
	ts_group_acc_to_group(&G.total, &r->total);
	memcpy(r->unpaired, G.total.unpaired, sizeof r->unpaired);
	ts_group_gather_free(&G);
	if (arrange(&G) != 0)
		goto oom;
	ts_group_grouping_free(&G);
	*out = r;
	return TS_OK;
oom:
	ts_group_grouping_free(&G);
	ts_result_free(r);
	return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
}

int
ts_report_build(const struct ts_store *st, const struct ts_report_options *opt,
    struct ts_diags *diags, struct ts_result **out, struct ts_error *err)
{
	struct ts_result *r;
	int rc;

	*out = NULL;
	if ((rc = build_sums(st, opt, diags, 0, &r, err)) != TS_OK)
		return rc;
	if (warn_unpaired(r) != 0)
		goto oom_r;
	if (ts_store_ncensored(st) > 0) {
		struct ts_result *hi;
		if ((rc = build_sums(st, opt, diags, 1, &hi, err)) != TS_OK) {
			ts_result_free(r);
			return ts_report_high_error(err, rc);
		}
		rc = ts_result_ranges(r, hi);
		ts_result_free(hi);
		if (rc != 0)
			goto oom_r;
	}
	if (opt->suppress > 0)
		ts_result_suppress(r);
	rc = ts_compare_build(r, &r->comparisons, err);
	free(r->tallies);
	ts_group_free_times(r->times, r->ngroups + 1);
	r->tallies = NULL;
	r->times = NULL;
	if (rc == 0)
		rc = ts_result_select(r, err);      /* select.c: --sort, --top */
	if (rc != 0) {
		ts_result_free(r);
		return err->code;
	}
	*out = r;
	return TS_OK;
oom_r:
	ts_result_free(r);
	return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
}

void
ts_result_free(struct ts_result *r)
{
	if (r == NULL)
		return;
	ts_compare_free(r->comparisons);
	free(r->tallies);
	ts_group_free_times(r->times, r->ngroups + 1);
	free(r->ranges);
	free(r->groups);
	free(r->pairs);
	free(r->keys);
	free(r->rows);
	free(r->rate_memo);
	free(r);
}
