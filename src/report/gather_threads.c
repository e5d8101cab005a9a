/* gather_threads.c — grouping on two threads (group_impl.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "group_impl.h"

/* --- Grouping on two threads -------------------------------------------
 * A second grouping visits the second half of the records with tables of
 * its own, while the first visits the first half; then its cells are
 * folded into the first's in the order it made them.  A serial pass makes
 * the first half's cells and groups, then the second half's new ones in
 * the order they first appear: the same cells, groups and order.  A
 * cohort's days follow in record order too.  Used on the cohort basis and
 * outside exact mode only (a second pass, or the record-by-record adding,
 * keeps to one thread). */
#define SPLIT_MIN ((size_t)1 << 17)

struct half {
	struct grouping G;
	struct ts_result r;
	size_t lo, hi;
	int rc;
};

static void *
run_half(void *arg)
{
	struct half *h = arg;

	h->rc = ts_group_visit_range(&h->G, h->lo, h->hi, 0);
	return NULL;
}

/* A grouping for the second half: the first's read-only tables, its own
 * working state. */
static int
half_init(struct half *h, const struct grouping *G, size_t lo, size_t hi)
{
	memset(h, 0, sizeof *h);
	h->G = *G;
	h->G.r = &h->r;
	h->lo = lo;
	h->hi = hi;
	memset(&h->G.cells_ix, 0, sizeof h->G.cells_ix);
	memset(&h->G.groups_ix, 0, sizeof h->G.groups_ix);
	h->G.cells = NULL;
	h->G.cells_cap = h->G.ncells = 0;
	h->G.csum = NULL;
	h->G.csum_cap = 0;
	h->G.ixcell = NULL;
	h->G.ixcell_cap = 0;
	h->G.gmap = NULL;
	h->G.accs = NULL;
	h->G.accs_cap = 0;
	h->G.gkeys = NULL;
	h->G.gkeys_cap = 0;
	h->G.tallies = NULL;
	h->G.tallies_cap = h->G.ntallies = 0;
	h->G.times = NULL;
	h->G.times_cap = 0;
	h->G.nblocks = 0;
	h->G.ck = malloc(sizeof *h->G.ck);
	h->G.tmpl = malloc(2 * NCLASSES * sizeof *h->G.tmpl);
	h->G.tmpl_ready = calloc(NCLASSES, 1);
	h->G.clsblock = G->nkeys ? calloc(NCLASSES, sizeof *h->G.clsblock) : NULL;
	h->G.blocks = G->nkeys ? calloc(DIRECT_BLOCKS, sizeof *h->G.blocks) : NULL;
	if (h->G.ck == NULL || h->G.tmpl == NULL || h->G.tmpl_ready == NULL ||
	    (G->nkeys && (h->G.clsblock == NULL || h->G.blocks == NULL)) ||
	    ts_group_tuples_init(&h->G.cells_ix, G->opt->nby + 1) != 0 ||
	    ts_group_tuples_init(&h->G.groups_ix, G->opt->nby) != 0)
		return -1;
	return 0;
}

/* Frees what half_init() and the visits made (not the shared tables). */
static void
half_free(struct half *h)
{
	ts_group_working_free(&h->G);
	free(h->r.groups);
	free(h->r.keys);
}

/* The class and key codes of cell i of H. */
static void
cell_key(const struct grouping *H, size_t i, uint32_t *key)
{
	const struct cell *hc = &H->cells[i];
	size_t nby = H->opt->nby;

	key[0] = hc->cls;
	if (H->dense)
		key[1] = H->gkeys[hc->group].id;
	else if (nby)
		memcpy(key + 1, H->groups_ix.keys + (size_t)hc->group * nby,
		    nby * sizeof *key);
}

/* Folds the second half's cells, groups and tallies into G.  Returns 0,
 * 1 when a cell's sum passes INT64_MAX, -1 when out of memory. */
static int
fold_half(struct grouping *G, struct half *h)
{
	const struct grouping *H = &h->G;
	uint32_t *gmap = NULL, ci, key[TS_MAX_BY + 1];
	size_t i, k, nby = G->opt->nby ? G->opt->nby : 1;
	struct cell *cl;
	const struct cell *hc;
	int gnew, rc = -1;
	uint64_t ovf = 0, *cs;

	if (h->r.ngroups && (gmap = malloc(h->r.ngroups * sizeof *gmap)) == NULL)
		return -1;
	for (i = 0; i < H->ncells; i++) {
		hc = &H->cells[i];
		cell_key(H, i, key);
		ci = ts_group_cell(G, key, G->nkeys ? ts_group_key_index(G, key + 1) : 0, &gnew);
		if (ci == NO_INDEX)
			goto out;
		cl = &G->cells[ci];
		if (gnew)
			memcpy(&G->gkeys[(size_t)cl->group * nby],
			    &H->gkeys[(size_t)hc->group * nby], nby * sizeof *G->gkeys);
		gmap[hc->group] = cl->group;
		cs = &G->csum[(size_t)ci * G->nkept];
		for (k = 0; k < G->nkept; k++) {
			cs[k] += H->csum[i * G->nkept + k];
			ovf |= cs[k];
		}
		cl->visits += hc->visits;
	}
	for (i = 0; G->cohort && i < H->ntallies; i++) {
		struct ts_cohort_tally *t = &G->tallies[gmap[i]];
		const struct ts_cohort_tally *u = &H->tallies[i];
		const struct ts_cohort_times *ut = H->times ? &H->times[i] : NULL;
		struct ts_cohort_times *tt;

		t->cases += u->cases;
		t->open += u->open;
		t->convicted += u->convicted;
		t->untimed += u->untimed;
		if (ut == NULL || ut->ntimes == 0)
			continue;
		if ((tt = ts_group_times(G, gmap[i])) == NULL ||
		    ts_grow(&tt->times, &tt->times_cap, tt->ntimes + ut->ntimes,
		    sizeof *tt->times) != 0)
			goto out;
		memcpy(tt->times + tt->ntimes, ut->times, ut->ntimes * sizeof *tt->times);
		if (tt->ntimes == 0 || ut->last_open > tt->last_open)
			tt->last_open = ut->last_open;
		tt->ntimes += ut->ntimes;
	}
	G->r->outside_period += h->r.outside_period;
	rc = ovf >> 63 ? 1 : 0;
out:
	free(gmap);
	return rc;
}

/* The first pass on two threads when it pays: 0 when done, 1 when not
 * (the caller visits on one thread), -1 when out of memory. */
int
ts_group_visit_halves(struct grouping *G, size_t n)
{
	struct half *h;
	pthread_t tid;
	int rc;

	if (G->opt->threads < 2 || G->moves || G->exact || n < 2 * SPLIT_MIN)
		return 1;
	/* One dimension with about as many strings as records (a case list
	 * by court file): the second half's groups are nearly all new, and
	 * folding them in costs what visiting them on a thread saved. */
	if (G->dense && ts_store_nstrings(G->st) > n / 2)
		return 1;
	if ((h = malloc(sizeof *h)) == NULL)
		return -1;
	if (half_init(h, G, n / 2, n) != 0 || pthread_create(&tid, NULL, run_half, h) != 0) {
		half_free(h);
		free(h);
		return 1;
	}
	rc = ts_group_visit_range(G, 0, n / 2, 0);
	pthread_join(tid, NULL);
	if (rc == 0 && h->rc == 0)
		rc = fold_half(G, h);
	else if (rc == 0)
		rc = h->rc;
	half_free(h);
	free(h);
	return rc == 0 ? 0 : rc < 0 && rc != -2 ? -1 : 2;
}

