/* report.c — grouping records by key and computing each group's rates. */
#include <stdlib.h>
#include <string.h>

#include "ts_basis.h"
#include "ts_cell.h"
#include "ts_compare.h"
#include "ts_fields.h"
#include "ts_report.h"

static const char *const rate_names[TS_NRATES] = {
	"conviction_rate", "prosecution_rate", "convictions_per_prosecution",
};

const char *
ts_rate_name(enum ts_rate_kind k)
{
	return (unsigned)k < TS_NRATES ? rate_names[k] : "?";
}

/* The dimension a --by name means: a canonical field by any of its aliases
 * ("Entidad" is jurisdiction), a header as written, or a header that folds
 * to the same letters ("Tipo de trata" for "tipo_de_trata"). */
static int
find_dim(const struct ts_store *st, const char *name)
{
	char a[128], b[128];
	enum ts_field f = ts_fields_match(name, strlen(name));
	size_t d, la;
	int dim;

	if (f != TS_F_NONE && (dim = ts_store_find_dim(st, ts_field_name(f))) >= 0)
		return dim;
	if ((dim = ts_store_find_dim(st, name)) >= 0)
		return dim;
	la = ts_fields_fold(name, strlen(name), a, sizeof a);
	for (d = 0; la > 0 && d < ts_store_ndims(st); d++) {
		const char *dn = ts_store_dim_name(st, d);
		if (ts_fields_fold(dn, strlen(dn), b, sizeof b) == la && memcmp(a, b, la) == 0)
			return (int)d;
	}
	return -1;
}

int
ts_report_resolve_by(const struct ts_store *st, const char *name,
    struct ts_by *out, struct ts_error *err)
{
	static const struct { const char *name; enum ts_precision prec; } periods[] = {
		{ "year", TS_PREC_YEAR }, { "quarter", TS_PREC_QUARTER },
		{ "month", TS_PREC_MONTH }, { "date", TS_PREC_DAY },
		{ "period", TS_PREC_NONE },
	};
	size_t i;
	int dim;
	enum ts_field f;
	char list[256];
	size_t o;

	memset(out, 0, sizeof *out);
	if (strlen(name) >= sizeof out->name)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    "--by: field name too long");
	/* A period field by any alias ("Año" is year) groups by that period. */
	f = ts_fields_match(name, strlen(name));
	if (f == TS_F_YEAR || f == TS_F_MONTH || f == TS_F_DATE || f == TS_F_PERIOD)
		name = ts_field_name(f);
	strcpy(out->name, name);
	for (i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		if (strcmp(name, periods[i].name) == 0) {
			out->kind = TS_BY_PERIOD;
			out->prec = periods[i].prec;
			return TS_OK;
		}
	}
	dim = find_dim(st, name);
	if (dim < 0) {
		o = (size_t)snprintf(list, sizeof list, "%s", "year, quarter, month, date, period");
		for (i = 0; i < ts_store_ndims(st) && o < sizeof list; i++) {
			/* Header names come from the data: no raw controls. */
			char *clean = ts_cell_clean(ts_store_dim_name(st, i), 0);
			o += (size_t)snprintf(list + o, sizeof list - o, ", %s",
			    clean ? clean : "?");
			free(clean);
		}
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    "--by: no field or column named '%s' in the input (there are: %s)",
		    name, list);
	}
	out->kind = TS_BY_DIM;
	out->dim = dim;
	/* Keys are named as the store names the dimension: "jurisdiction"
	 * whatever alias was typed, a header as written otherwise. */
	snprintf(out->name, sizeof out->name, "%s", ts_store_dim_name(st, (size_t)dim));
	return TS_OK;
}

void
ts_report_record_key(const struct ts_store *st, const struct ts_report_options *opt,
    size_t i, struct ts_key *key)
{
	size_t b;
	struct ts_period p;

	for (b = 0; b < opt->nby; b++) {
		memset(&key[b], 0, sizeof key[b]);
		if (opt->by[b].kind == TS_BY_PERIOD) {
			p = ts_store_period(st, i);
			key[b].period = opt->by[b].prec == TS_PREC_NONE ? p :
			    ts_period_at(&p, opt->by[b].prec);
		} else {
			key[b].id = ts_store_dim_id(st, i, (size_t)opt->by[b].dim);
		}
	}
}

static uint64_t
key_hash(const struct ts_key *key, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	size_t b;

	for (b = 0; b < n; b++) {
		h ^= (uint64_t)(uint32_t)key[b].period.lo * 0x100000001b3ULL;
		h = (h << 17 | h >> 47) * 0xff51afd7ed558ccdULL;
		h ^= (uint64_t)(uint32_t)key[b].period.hi ^
		    ((uint64_t)key[b].period.precision << 32) ^
		    ((uint64_t)key[b].id * 0x9e3779b97f4a7c15ULL);
		h = (h << 23 | h >> 41) * 0xc4ceb9fe1a85ec53ULL;
	}
	return h ^ (h >> 31);
}

static int
key_equal(const struct ts_key *a, const struct ts_key *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].period.lo != b[i].period.lo || a[i].period.hi != b[i].period.hi ||
		    a[i].period.precision != b[i].period.precision || a[i].id != b[i].id)
			return 0;
	return 1;
}

/* Adds v to *sum unless missing; returns -1 on overflow. */
static int
add_count(int64_t *sum, int64_t v)
{
	if (v == TS_MISSING)
		return 0;
	if (*sum == TS_MISSING) {
		*sum = v;
		return 0;
	}
	if (v > INT64_MAX - *sum)
		return -1;
	*sum += v;
	return 0;
}

static void
rate_of(int64_t k, int64_t n, const struct ts_report_options *opt,
    struct ts_rate *r)
{
	memset(r, 0, sizeof *r);
	if (k == TS_MISSING || n == TS_MISSING || n <= 0)
		return;
	r->defined = 1;
	if (k > n) {
		r->ci.value = (double)k / (double)n;
		return;
	}
	if (ts_stats_interval(opt->method, k, n, opt->level, &r->ci) == 0)
		r->has_interval = 1;
	else
		r->ci.value = (double)k / (double)n;
}

const enum ts_count ts_rate_num[TS_NRATES] = {
	TS_CONVICTIONS, TS_PROSECUTIONS, TS_CONVICTIONS,
};
const enum ts_count ts_rate_den[TS_NRATES] = {
	TS_INVESTIGATIONS, TS_INVESTIGATIONS, TS_PROSECUTIONS,
};

static void
compute_rates(struct ts_group *g, const struct ts_report_options *opt)
{
	size_t q;

	for (q = 0; q < TS_NRATES; q++)
		rate_of(g->pair[q][0], g->pair[q][1], opt, &g->rate[q]);
}

/* Adds one record's counts to g: v[] as read (TS_MISSING when not given),
 * add[] what the record adds to the sums here (its value, 0, or
 * TS_MISSING when not given or covered by a total row's rows), covered
 * the record's TS_FLAG_COVERED bits.  Pass 1 is the period basis' second visit.  Returns -1 on
 * overflow, with *which the count that overflowed. */
static int
add_record(struct ts_group *g, const int64_t *v, const int64_t *add,
    unsigned covered, int pass, size_t *which)
{
	size_t c, q;
	enum ts_count a, b;

	for (c = 0; c < TS_NCOUNTS; c++) {
		*which = c;
		if (add_count(&g->sum[c], add[c]) != 0)
			return -1;
	}
	for (q = 0; q < TS_NRATES; q++) {
		a = ts_rate_num[q];
		b = ts_rate_den[q];
		*which = a;
		if (v[a] != TS_MISSING && v[b] != TS_MISSING) {
			/* A total row pairs its own counts only where it alone
			 * gives one of them; else its rows have the pair. */
			int ca = (covered & TS_FLAG_COVERED(a)) != 0;
			int cb = (covered & TS_FLAG_COVERED(b)) != 0;
			if (ca && cb)
				continue;
			if (add_count(&g->pair[q][0], ca ? v[a] : add[a]) != 0 ||
			    add_count(&g->pair[q][1], cb ? v[b] : add[b]) != 0)
				return -1;
		} else if (pass == 0 && (v[a] != TS_MISSING || v[b] != TS_MISSING)) {
			g->unpaired[q]++;
		}
	}
	return 0;
}

/* One warning per rate whose total left records out, so that nobody reads
 * the rate as the quotient of the printed sums. */
static int
warn_unpaired(struct ts_result *r)
{
	static const char *const what[TS_NRATES] = {
		"conviction rate", "prosecution rate", "convictions per prosecution",
	};
	const struct ts_group *t = &r->total;
	size_t q;

	for (q = 0; q < TS_NRATES; q++) {
		if (t->unpaired[q] == 0 || !t->rate[q].defined || r->diags == NULL)
			continue;
		if (ts_diags_add(r->diags, TS_DIAG_WARNING, TS_DIAG_NO_INPUT, 0,
		    "the %s uses only the records that give both %s and %s: "
		    "%llu record%s give%s only one of them", what[q],
		    ts_count_name(ts_rate_num[q]), ts_count_name(ts_rate_den[q]),
		    (unsigned long long)t->unpaired[q], t->unpaired[q] == 1 ? "" : "s",
		    t->unpaired[q] == 1 ? "s" : "") != 0)
			return -1;
	}
	return 0;
}

/* qsort has no context argument: the comparison reads these. */
static const struct ts_store *sort_store;
static const struct ts_report_options *sort_opt;

static int
group_cmp(const void *pa, const void *pb)
{
	const struct ts_group *a = pa, *b = pb;
	size_t i;
	int c;

	for (i = 0; i < sort_opt->nby; i++) {
		if (sort_opt->by[i].kind == TS_BY_PERIOD &&
		    (a->key[i].period.precision == TS_PREC_NONE) !=
		    (b->key[i].period.precision == TS_PREC_NONE))
			/* Records without a period come after every period. */
			c = a->key[i].period.precision == TS_PREC_NONE ? 1 : -1;
		else if (sort_opt->by[i].kind == TS_BY_PERIOD)
			c = ts_period_cmp(&a->key[i].period, &b->key[i].period);
		else if (a->key[i].id == b->key[i].id)
			c = 0;
		else
			c = strcmp(ts_store_string(sort_store, a->key[i].id),
			    ts_store_string(sort_store, b->key[i].id));
		if (c)
			return c;
	}
	return 0;
}

/* --suppress N (the rule is documented in docs/json.md, "Suppression"):
 * every count below N is hidden; a total count is withheld when the group
 * counts beside it would give away a hidden cell by subtraction; a rate is
 * withheld when its numerator or denominator is hidden. */
static void
suppress(struct ts_result *r)
{
	int64_t n = r->opt.suppress, v, hidden_sum;
	size_t i, c, nhidden;
	struct ts_group *g;

	for (i = 0; i <= r->ngroups; i++) {
		g = i == r->ngroups ? &r->total : &r->groups[i];
		for (c = 0; c < TS_NCOUNTS; c++) {
			v = g->sum[c];
			g->hidden[c] = v != TS_MISSING && v < n ? TS_BELOW : TS_SHOWN;
		}
	}
	for (c = 0; c < TS_NCOUNTS && r->ngroups > 0; c++) {
		nhidden = 0;
		hidden_sum = 0;
		for (i = 0; i < r->ngroups; i++) {
			if (r->groups[i].hidden[c] == TS_SHOWN)
				continue;
			nhidden++;
			hidden_sum += r->groups[i].sum[c];
		}
		/* The total minus the shown cells is the sum of the hidden ones:
		 * that sum reveals a cell when it is the only hidden one, or when
		 * it is 0 (then every hidden cell is 0). */
		if (r->total.hidden[c] == TS_SHOWN && nhidden > 0 &&
		    (nhidden == 1 || hidden_sum == 0))
			r->total.hidden[c] = TS_WITHHELD;
	}
	for (i = 0; i <= r->ngroups; i++) {
		g = i == r->ngroups ? &r->total : &r->groups[i];
		g->rate_hidden[TS_RATE_CONVICTION] =
		    g->hidden[TS_CONVICTIONS] || g->hidden[TS_INVESTIGATIONS];
		g->rate_hidden[TS_RATE_PROSECUTION] =
		    g->hidden[TS_PROSECUTIONS] || g->hidden[TS_INVESTIGATIONS];
		g->rate_hidden[TS_RATE_PER_PROSECUTION] =
		    g->hidden[TS_CONVICTIONS] || g->hidden[TS_PROSECUTIONS];
	}
}

static void
init_group(struct ts_group *g)
{
	size_t c;

	memset(g, 0, sizeof *g);
	for (c = 0; c < TS_NCOUNTS; c++)
		g->sum[c] = TS_MISSING;
	for (c = 0; c < TS_NRATES; c++)
		g->pair[c][0] = g->pair[c][1] = TS_MISSING;
}

int
ts_report_build(const struct ts_store *st, const struct ts_report_options *opt,
    struct ts_diags *diags, struct ts_result **out, struct ts_error *err)
{
	struct ts_result *r;
	struct ts_key key[TS_MAX_BY];
	size_t i, j, c, nslots = 64, cap = 0, visit, nvisit;
	int pass, moved, here[TS_NCOUNTS];
	unsigned covered;
	int64_t vals[TS_NCOUNTS], gadd[TS_NCOUNTS], tadd[TS_NCOUNTS];
	size_t *slots = NULL;
	struct ts_group *g;
	size_t n = ts_store_count(st);

	*out = NULL;
	r = calloc(1, sizeof *r);
	if (r == NULL)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
	r->opt = *opt;
	r->diags = diags;
	r->st = st;
	init_group(&r->total);
	slots = malloc(nslots * sizeof *slots);
	if (slots == NULL)
		goto oom;
	memset(slots, 0xff, nslots * sizeof *slots);

	/* Records are visited twice on the period basis: the second visit adds
	 * each dated conviction to the period of its closed date. */
	nvisit = opt->basis == TS_BASIS_PERIOD ? 2 * n : n;
	for (visit = 0; visit < nvisit; visit++) {
		pass = visit >= n;
		i = visit - (pass ? n : 0);
		moved = ts_basis_moved(st, opt, i);
		if (pass == 1 && !moved)
			continue;
		if (ts_store_flag(st, i) & TS_FLAGS_OUT)
			continue;       /* a total, subtotal or revised row */
		if (opt->has_period) {
			struct ts_period p = pass ? ts_basis_closed(st, i) : ts_store_period(st, i);
			if (!ts_period_within(&p, &opt->period)) {
				r->outside_period += pass == 0;
				continue;
			}
		}
		covered = ts_store_flag(st, i);
		for (c = 0; c < TS_NCOUNTS; c++) {
			int64_t v = ts_store_get_count(st, i, (enum ts_count)c);
			vals[c] = ts_store_get_count_raw(st, i, (enum ts_count)c);
			here[c] = ts_basis_here(moved, pass, c);
			/* Zeros keep the sums of a moved record's groups defined. */
			gadd[c] = here[c] || v == TS_MISSING ? v : 0;
			tadd[c] = here[c] ? v : TS_MISSING;
		}
		r->total.records += pass == 0;
		if (add_record(&r->total, vals, tadd, covered, pass, &c) != 0)
			goto overflow;
		if (opt->nby == 0)
			continue;       /* no grouping: the total is the whole report */
		ts_report_record_key(st, opt, i, key);
		if (pass == 1)
			ts_basis_rekey(st, opt, i, key);
		j = key_hash(key, opt->nby) & (nslots - 1);
		while (slots[j] != SIZE_MAX &&
		    !key_equal(r->groups[slots[j]].key, key, opt->nby))
			j = (j + 1) & (nslots - 1);
		if (slots[j] == SIZE_MAX) {
			if (ts_grow(&r->groups, &cap, r->ngroups + 1, sizeof *r->groups) != 0)
				goto oom;
			g = &r->groups[r->ngroups];
			init_group(g);
			memcpy(g->key, key, opt->nby * sizeof key[0]);
			slots[j] = r->ngroups++;
			if (r->ngroups * 2 > nslots) {
				/* Rebuild the index at twice the size. */
				size_t k, *ns = malloc(nslots * 2 * sizeof *ns);
				if (ns == NULL)
					goto oom;
				nslots *= 2;
				memset(ns, 0xff, nslots * sizeof *ns);
				for (k = 0; k < r->ngroups; k++) {
					size_t h = key_hash(r->groups[k].key, opt->nby) & (nslots - 1);
					while (ns[h] != SIZE_MAX)
						h = (h + 1) & (nslots - 1);
					ns[h] = k;
				}
				free(slots);
				slots = ns;
				j = SIZE_MAX;
			}
		}
		g = &r->groups[j == SIZE_MAX ? r->ngroups - 1 : slots[j]];
		g->records += pass == 0;
		if (add_record(g, vals, gadd, covered, pass, &c) != 0)
			goto overflow;
	}
	free(slots);
	sort_store = st;
	sort_opt = opt;
	if (r->ngroups > 1)
		qsort(r->groups, r->ngroups, sizeof *r->groups, group_cmp);
	for (i = 0; i < r->ngroups; i++)
		compute_rates(&r->groups[i], opt);
	compute_rates(&r->total, opt);
	if (warn_unpaired(r) != 0)
		goto oom;
	if (opt->suppress > 0)
		suppress(r);
	if (ts_compare_build(r, &r->comparisons, err) != 0) {
		ts_result_free(r);
		return err->code;
	}
	*out = r;
	return TS_OK;
overflow:
	{
		const struct ts_input_info *in = ts_store_input_info_c(st, ts_store_input(st, i));
		ts_error_set(err, TS_EDATA, in ? in->path : NULL, ts_store_line(st, i), 0,
		    "the sum of '%s' passes %lld here: counts this large cannot be right",
		    ts_count_name((enum ts_count)c), (long long)INT64_MAX);
	}
	free(slots);
	ts_result_free(r);
	return err->code;
oom:
	free(slots);
	ts_result_free(r);
	return ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
}

void
ts_result_free(struct ts_result *r)
{
	if (r == NULL)
		return;
	ts_compare_free(r->comparisons);
	free(r->groups);
	free(r);
}

void
ts_report_key_text(const struct ts_result *r, size_t part,
    const struct ts_key *key, char *buf, size_t size)
{
	struct ts_group g;
	char tmp[64];

	memset(&g, 0, sizeof g);
	g.key[part] = *key;
	snprintf(buf, size, "%s", ts_report_key(r, &g, part, tmp, sizeof tmp));
}
