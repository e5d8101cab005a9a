/* totals.c — total and subtotal rows: found, checked, kept out of the sums.
 *
 * Three walks over the store.  The first classifies every record and
 * files each total row under its pattern (which columns it leaves open)
 * and its key.  The second adds every ordinary row to the keys of the
 * totals that cover it, checking a running subtotal as soon as it is
 * reached.  The third checks the grand totals, which may come before
 * their rows.  Each pattern indexes only the keys of its total rows, so
 * the cost is linear in the records times the patterns; a table whose
 * total rows take more than MAX_PATTERNS shapes is refused rather than
 * checked in quadratic time (README, "What a total covers").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "totals_impl.h"
#include "ts_fields.h"
#include "ts_i18n.h"

/* Published tables have a handful of total shapes (a national row, one
 * per state, one per year); each costs a lookup per row. */
#define MAX_PATTERNS 64

/* The id of the folded text of s[0..len): labels match ignoring case,
 * accents, spaces and dots ("P.G.R." is "PGR"). */
static uint32_t
fold_text(struct pass *ps, const char *s, size_t len)
{
	char buf[256];
	size_t fl = ts_fields_fold(s, len, buf, sizeof buf);
	uint32_t id = ts_store_intern(ps->st, buf, fl);

	if (id == TS_NO_ID)
		ps->oom = 1;
	return id;
}

static uint32_t
fold_of(struct pass *ps, uint32_t v)
{
	const char *s;

	if (v >= ps->nstr)
		return v;
	if (ps->fold[v] == 0) {
		s = ts_store_string(ps->st, v);
		ps->fold[v] = fold_text(ps, s, strlen(s)) + 1;
	}
	return ps->fold[v] - 1;
}

static int
total_cmp(const void *key, const void *elem)
{
	uint32_t rec = *(const uint32_t *)key;
	const struct total *t = elem;

	return rec < t->rec ? -1 : rec > t->rec;
}

/* The label a record gives in the --subtotal-of column. */
static uint32_t
label_of(struct pattern *p, uint32_t rec)
{
	struct pass *ps = p->ps;
	const struct total *t = bsearch(&rec, ps->totals, ps->ntotals,
	    sizeof *ps->totals, total_cmp);

	if (t)
		return t->label;
	return fold_of(ps, ts_store_dim_id(ps->st, rec, (size_t)p->label_dim));
}

/* The period of rec as the pattern's totals see it: a total for 2014
 * covers the months and days of 2014. */
static struct ts_period
period_in(const struct pattern *p, uint32_t rec)
{
	struct ts_period per = ts_store_period(p->ps->st, rec);

	switch (p->period_prec) {
	case TS_PREC_YEAR: case TS_PREC_QUARTER: case TS_PREC_MONTH:
		return ts_period_at(&per, (enum ts_precision)p->period_prec);
	default:
		return per;
	}
}

static uint64_t
pat_hash(const void *ctx, uint32_t rec)
{
	struct pattern *p = (struct pattern *)ctx;
	const struct ts_store *st = p->ps->st;
	uint64_t h = ts_recmap_mix(0, ts_store_input(st, rec));
	struct ts_period per;
	size_t d;

	if (p->period_prec != TS_PREC_NONE) {
		per = period_in(p, rec);
		h = ts_recmap_mix(h, (uint64_t)(uint32_t)per.lo << 32 | (uint32_t)per.hi);
		h = ts_recmap_mix(h, per.precision);
	}
	for (d = 0; d < p->ps->ndims; d++) {
		if (p->wild[d])
			continue;
		h = ts_recmap_mix(h, (int)d == p->label_dim ? label_of(p, rec) :
		    ts_store_dim_id(st, rec, d));
	}
	return h ^ (h >> 29);
}

static int
pat_equal(const void *ctx, uint32_t a, uint32_t b)
{
	struct pattern *p = (struct pattern *)ctx;
	const struct ts_store *st = p->ps->st;
	struct ts_period pa, pb;
	size_t d;

	if (ts_store_input(st, a) != ts_store_input(st, b))
		return 0;
	if (p->period_prec != TS_PREC_NONE) {
		pa = period_in(p, a);
		pb = period_in(p, b);
		if (pa.lo != pb.lo || pa.hi != pb.hi || pa.precision != pb.precision)
			return 0;
	}
	for (d = 0; d < p->ps->ndims; d++) {
		if (p->wild[d])
			continue;
		if ((int)d == p->label_dim) {
			if (label_of(p, a) != label_of(p, b))
				return 0;
		} else if (ts_store_dim_id(st, a, d) != ts_store_dim_id(st, b, d)) {
			return 0;
		}
	}
	return 1;
}

/* The pattern with these settings, made when new; NULL when out of memory
 * or when there would be more than MAX_PATTERNS (ps->too_many is then set
 * by the caller). */
static struct pattern *
pattern_for(struct pass *ps, enum mode mode, int period_prec, int label_dim,
    const uint8_t *wild)
{
	struct ts_recmap_ops ops = { pat_hash, pat_equal, NULL };
	struct pattern *p;
	size_t i;

	for (i = 0; i < ps->npats; i++) {
		p = ps->pats[i];
		if (p->mode == mode && p->period_prec == period_prec &&
		    p->label_dim == label_dim &&
		    (ps->ndims == 0 || memcmp(p->wild, wild, ps->ndims) == 0))
			return p;
	}
	if (ps->npats == MAX_PATTERNS)
		return NULL;
	if (ts_grow(&ps->pats, &ps->pats_cap, ps->npats + 1, sizeof *ps->pats) != 0)
		return NULL;
	p = calloc(1, sizeof *p);
	if (p == NULL)
		return NULL;
	p->wild = malloc(ps->ndims ? ps->ndims : 1);
	if (p->wild == NULL) {
		free(p);
		return NULL;
	}
	if (ps->ndims)
		memcpy(p->wild, wild, ps->ndims);
	p->ps = ps;
	p->mode = mode;
	p->period_prec = period_prec;
	p->label_dim = label_dim;
	ops.ctx = p;
	ts_recmap_init(&p->map, &ops);
	ps->pats[ps->npats++] = p;
	return p;
}

/* Files record i as a total row when one of its cells is a total word. */
static int
classify_record(struct pass *ps, uint32_t i, int label_dim, uint8_t *wild)
{
	struct ts_store *st = ps->st;
	enum ts_total_kind kind = TS_TOTAL_NONE, k;
	struct total *t;
	uint32_t name = 0, v, label = 0, sub_cell = 0;
	enum mode mode;
	struct pattern *p;
	size_t d;
	const char *s;

	for (d = 0; d < ps->ndims; d++) {
		v = ts_store_dim_id(st, i, d);
		k = ts_totals_class(ps, v);
		wild[d] = !ps->keydim[d] || v == 0 || k != TS_TOTAL_NONE;
		if (k == TS_TOTAL_NONE)
			continue;
		if (name == 0)
			name = v;
		if (k == TS_TOTAL_SUB && sub_cell == 0)
			sub_cell = v;
		if (kind != TS_TOTAL_SUB)
			kind = k;
	}
	if (kind == TS_TOTAL_NONE && (ts_store_flag(st, i) & TS_FLAG_PERIOD_TOTAL))
		kind = TS_TOTAL_GRAND;
	if (kind == TS_TOTAL_NONE)
		return 0;
	mode = kind == TS_TOTAL_SUB ? MODE_RUNNING : MODE_ALL;
	if (kind == TS_TOTAL_SUB && label_dim >= 0) {
		/* Its own value in the column, or the label after the word. */
		v = ts_store_dim_id(st, i, (size_t)label_dim);
		if (v != 0 && ts_totals_class(ps, v) == TS_TOTAL_NONE) {
			label = fold_of(ps, v);
		} else {
			s = ts_store_string(st, sub_cell);
			if (ps->lab[sub_cell] < strlen(s))
				label = fold_text(ps, s + ps->lab[sub_cell],
				    strlen(s) - ps->lab[sub_cell]);
		}
		if (label != 0) {
			mode = MODE_LABEL;
			wild[label_dim] = 0;
		}
	}
	p = pattern_for(ps, mode, ts_store_period(st, i).precision,
	    mode == MODE_LABEL ? label_dim : -1, wild);
	if (p == NULL && ps->npats == MAX_PATTERNS) {
		ps->too_many = i + 1;
		return -1;
	}
	if (p == NULL || ts_grow(&ps->totals, &ps->totals_cap, ps->ntotals + 1,
	    sizeof *ps->totals) != 0)
		return -1;
	t = &ps->totals[ps->ntotals++];
	t->rec = i;
	t->kind = kind;
	t->name = kind == TS_TOTAL_SUB ? sub_cell : name;
	t->label = label;
	t->pat = p;
	t->entry = SIZE_MAX;
	return 0;
}

static void
reset_common(const struct pass *ps, struct pattern *p, size_t entry)
{
	size_t d;

	for (d = 0; d < ps->ndims; d++)
		p->common[entry * ps->ndims + d] = SAME_UNSET;
}

/* Puts every total under its key; after all are filed, because label_of()
 * looks totals up by record. */
static int
file_totals(struct pass *ps)
{
	size_t k;
	struct total *t;
	struct pattern *p;

	for (k = 0; k < ps->ntotals; k++) {
		t = &ps->totals[k];
		p = t->pat;
		if (ts_recmap_put(&p->map, t->rec, &t->entry) != 0 ||
		    ts_grow(&p->acc, &p->acc_cap, p->map.count, sizeof *p->acc) != 0 ||
		    ts_grow(&p->common, &p->common_cap, p->map.count * (ps->ndims + 1),
		    sizeof *p->common) != 0)
			return -1;
		if (t->entry + 1 == p->map.count) {
			memset(&p->acc[t->entry], 0, sizeof *p->acc);
			reset_common(ps, p, t->entry);
		}
	}
	return 0;
}

static void
acc_add(struct acc *a, const struct ts_store *st, uint32_t i)
{
	size_t c;
	int64_t v;
	uint32_t line = ts_store_line(st, i);

	if (a->rows == 0)
		a->first_line = line;
	a->last_line = line;
	a->rows++;
	for (c = 0; c < TS_NCOUNTS; c++) {
		v = ts_store_get_count(st, i, (enum ts_count)c);
		if (v == TS_MISSING)
			continue;
		a->have[c]++;
		if (v > INT64_MAX - a->sum[c])
			a->overflow |= 1u << c;
		else
			a->sum[c] += v;
	}
}

/* Adds the censored counts of row i to a: their ranges, and the row to
 * the total's list of each. */
static void
censored_add(struct pass *ps, struct acc *a, uint32_t i)
{
	size_t c;
	int64_t lo, hi;

	for (c = 0; c < TS_NCOUNTS; c++) {
		if (ts_store_get_count(ps->st, i, (enum ts_count)c) == TS_MISSING ||
		    !ts_store_censored(ps->st, i, (enum ts_count)c, &lo, &hi))
			continue;
		if (ps->ncens >= UINT32_MAX - 1 ||
		    ts_grow(&ps->cens, &ps->cens_cap, ps->ncens + 1, sizeof *ps->cens) != 0) {
			ps->oom = 1;
			return;
		}
		if (hi - lo > INT64_MAX - a->up[c])
			a->overflow |= 1u << c;
		else
			a->up[c] += hi - lo;
		ps->cens[ps->ncens].rec = i;
		ps->cens[ps->ncens].next = a->cens[c];
		a->cens[c] = (uint32_t)++ps->ncens;
		a->ncens[c]++;
	}
}

/* Adds an ordinary row to the keys of every total that covers it. */
static void
add_row(struct pass *ps, uint32_t i, int running_too)
{
	size_t k, e, d;
	struct pattern *p;

	for (k = 0; k < ps->npats; k++) {
		p = ps->pats[k];
		if (p->mode == MODE_RUNNING && !running_too)
			continue;
		e = ts_recmap_get(&p->map, i);
		if (e == SIZE_MAX)
			continue;
		acc_add(&p->acc[e], ps->st, i);
		if (ts_store_flag(ps->st, i) & TS_FLAG_CENSORED)
			censored_add(ps, &p->acc[e], i);
		for (d = 0; d < ps->ndims; d++) {
			uint32_t *c = &p->common[e * ps->ndims + d];
			uint32_t v = ts_store_dim_id(ps->st, i, d);
			if (*c == SAME_UNSET)
				*c = v;
			else if (*c != v)
				*c = SAME_MIXED;
		}
	}
}

/* Flags TS_FLAG_BY_TOTAL on the rows of the totals counted in their
 * place (acc.stands). */
static int
stood_for(struct pass *ps)
{
	struct ts_store *st = ps->st;
	size_t n = ts_store_count(st), i, k, e;
	uint32_t rec;
	struct pattern *p;

	for (i = 0; i < n; i++) {
		if (!ts_passes_counts_input(st, ts_store_input(st, i)) ||
		    (ts_store_flag(st, i) & TS_FLAGS_OUT))
			continue;
		rec = (uint32_t)i;
		if (bsearch(&rec, ps->totals, ps->ntotals, sizeof *ps->totals,
		    total_cmp))
			continue;
		for (k = 0; k < ps->npats; k++) {
			p = ps->pats[k];
			if (p->mode != MODE_ALL ||
			    (e = ts_recmap_get(&p->map, rec)) == SIZE_MAX ||
			    !p->acc[e].stands)
				continue;
			if (ts_store_set_flag(st, i, TS_FLAG_BY_TOTAL) != 0)
				return -1;
			break;
		}
	}
	return 0;
}

static int
walk(struct pass *ps)
{
	struct ts_store *st = ps->st;
	size_t n = ts_store_count(st), i, k = 0, nin = ts_store_ninputs(st);
	struct total *t;
	struct acc *a;
	uint32_t *lone = calloc(nin ? nin * 2 : 1, sizeof *lone), *first;
	int rc = -1;

	if (lone == NULL)
		return -1;
	first = lone + nin;
	for (i = 0; i < n; i++) {
		if (!ts_passes_counts_input(st, ts_store_input(st, i)) ||
		    (ts_store_flag(st, i) & TS_FLAGS_OUT))
			continue;
		if (k < ps->ntotals && ps->totals[k].rec == i) {
			t = &ps->totals[k++];
			if (t->pat->mode != MODE_RUNNING)
				continue;
			a = &t->pat->acc[t->entry];
			if (a->rows == 0) {
				if (lone[ts_store_input(st, i)]++ == 0)
					first[ts_store_input(st, i)] = (uint32_t)i;
				add_row(ps, (uint32_t)i, 0);
			} else if ((rc = ts_totals_check(ps, t, a,
			    t->pat->common + t->entry * ps->ndims)) < 0) {
				goto out;
			} else if (rc == 1) {
				/* What it alone gives counts towards the totals above. */
				add_row(ps, (uint32_t)i, 0);
			}
			rc = -1;
			memset(a, 0, sizeof *a);
			reset_common(ps, t->pat, t->entry);
			continue;
		}
		add_row(ps, (uint32_t)i, 1);
	}
	for (k = 0; k < ps->ntotals; k++) {
		t = &ps->totals[k];
		if (t->pat->mode == MODE_RUNNING)
			continue;
		a = &t->pat->acc[t->entry];
		if (a->rows == 0) {
			if (lone[ts_store_input(st, t->rec)]++ == 0 ||
			    t->rec < first[ts_store_input(st, t->rec)])
				first[ts_store_input(st, t->rec)] = t->rec;
		} else if (ts_totals_check(ps, t, a,
		    t->pat->common + t->entry * ps->ndims) < 0) {
			goto out;
		}
	}
	if (ps->any_stands && stood_for(ps) != 0)
		goto out;
	rc = ts_totals_note_lone(ps, lone, first);
out:
	free(lone);
	return rc;
}

static int
resolve_column(const struct ts_store *st, const char *name, const char *option,
    struct ts_error *err)
{
	int dim = ts_store_find_dim(st, name);
	enum ts_field f;

	if (dim < 0) {
		f = ts_fields_match(name, strlen(name));
		if (f != TS_F_NONE)
			dim = ts_store_find_dim(st, ts_field_name(f));
	}
	if (dim < 0)
		ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("%s: no column named '%s' in the input"), option, name);
	return dim;
}

/* Every input's grouping values, case lists' too, before the totals are
 * keyed by them. */
static int
fold_labels(struct ts_store *st, const struct ts_totals_options *opt,
    struct ts_diags *diags, struct ts_error *err)
{
	uint8_t *key = calloc(ts_store_ndims(st) + 1, 1);
	int rc = key == NULL || ts_totals_key_dims(st, key) != 0;
	size_t k;
	int dim;

	/* --fill-down first: the filled cells are labels like the others. */
	for (k = 0; !rc && k < opt->nfill; k++) {
		if ((dim = resolve_column(st, opt->fill_down[k], "--fill-down", err)) < 0) {
			free(key);
			return err->code;
		}
		rc = ts_passes_fill_down(st, key, (size_t)dim, opt) != 0;
	}
	if (!rc && !opt->exact_labels)
		rc = ts_passes_fold_labels(st, key, opt, diags) != 0;
	free(key);
	return rc ? ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory")) : 0;
}

static int
blank_labels(struct ts_store *st, const struct ts_totals_options *opt,
    struct ts_diags *diags, struct ts_error *err)
{
	uint8_t *key;
	int rc;

	/* Both look at counts tables' rows only: a case list skips the
	 * walks over its records. */
	if (!ts_totals_any_counts(st))
		return 0;
	key = calloc(ts_store_ndims(st) + 1, 1);
	rc = key == NULL || ts_totals_key_dims(st, key) != 0 ||
	    ts_passes_blank_labels(st, key, opt, diags) != 0 ||
	    ts_passes_counts_meet(st, key, diags) != 0;

	free(key);
	return rc ? ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory")) : 0;
}

int
ts_totals_mark(struct ts_store *st, const struct ts_totals_options *opt,
    struct ts_diags *diags, struct ts_error *err)
{
	struct pass ps;
	size_t i, n = ts_store_count(st);
	int label_dim = -1, rc = TS_OK;
	uint8_t *wild = NULL;

	if (opt->subtotal_of &&
	    (label_dim = resolve_column(st, opt->subtotal_of, "--subtotal-of", err)) < 0)
		return err->code;
	/* The units first: they are the input's, whatever is counted. */
	if (n > 0 && ts_passes_units(st, diags) != 0)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	/* Repeats first, on the values as read; then the labels, before the
	 * totals are keyed by them. */
	if (n > 0 && !opt->allow_repeats && ts_passes_repeats(st, 0, diags) != 0)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	if (n > 0 && (rc = fold_labels(st, opt, diags, err)) != 0)
		return rc;
	if (opt->keep_totals || n == 0 || !ts_totals_any_counts(st))
		return blank_labels(st, opt, diags, err);   /* total rows are a
		                                               counts table's */
	if (n >= UINT32_MAX)
		return ts_error_set(err, TS_EIO, NULL, 0, 0,
		    N_("too many records to look for total rows"));
	memset(&ps, 0, sizeof ps);
	ps.st = st;
	ps.opt = opt;
	ps.diags = diags;
	ps.ndims = ts_store_ndims(st);
	ps.nstr = ts_store_nstrings(st);
	ps.keydim = calloc(ps.ndims + 1, 1);
	wild = calloc(ps.ndims + 1, 1);
	ps.cls = calloc(ps.nstr, 1);
	ps.lab = calloc(ps.nstr, sizeof *ps.lab);
	ps.fold = calloc(ps.nstr, sizeof *ps.fold);
	if (ps.keydim == NULL || wild == NULL || ps.cls == NULL || ps.lab == NULL ||
	    ps.fold == NULL || ts_totals_key_dims(st, ps.keydim) != 0)
		goto oom;
	for (i = 0; i < n; i++)
		if (ts_passes_counts_input(st, ts_store_input(st, i)) &&
		    classify_record(&ps, (uint32_t)i, label_dim, wild) != 0)
			goto fail;
	if (ps.ntotals && (file_totals(&ps) != 0 || walk(&ps) != 0))
		goto oom;
	if (ps.oom)
		goto oom;
	/* After the worded totals, which are out of the sums by now. */
	if (!opt->no_detection && ts_passes_detect_totals(st, ps.keydim, diags) != 0)
		goto oom;
	/* Then the range rows, against the single periods left counted. */
	if ((rc = ts_passes_ranges(st, ps.keydim, diags, err)) != 0)
		goto out;
	/* Last, the blank labels and the counts that never meet, over the
	 * rows still counted. */
	if ((rc = blank_labels(st, opt, diags, err)) != 0)
		goto out;
	goto out;
fail:
	if (ps.too_many) {
		const struct ts_input_info *in = ts_store_input_info_c(st,
		    ts_store_input(st, ps.too_many - 1));
		rc = ts_error_set(err, TS_EDATA, in ? in->path : NULL,
		    (long)ts_store_line(st, ps.too_many - 1), 0,
		    N_("total rows of more than %d shapes (each leaves other columns "
		    "empty; this row makes one too many): tracestat does not check "
		    "them; fill in the table's columns, or use --keep-totals to "
		    "count the rows as given"), MAX_PATTERNS);
		goto out;
	}
oom:
	rc = ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
out:
	for (i = 0; i < ps.npats; i++) {
		ts_recmap_free(&ps.pats[i]->map);
		free(ps.pats[i]->acc);
		free(ps.pats[i]->common);
		free(ps.pats[i]->wild);
		free(ps.pats[i]);
	}
	free(ps.pats);
	free(ps.cens);
	free(ps.totals);
	free(ps.keydim);
	free(ps.cls);
	free(ps.lab);
	free(ps.fold);
	free(wild);
	return rc;
}
