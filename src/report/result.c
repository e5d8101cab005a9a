/* result.c — the result model that grouping fills and every writer reads:
 * the rates' names and counts, the --suppress rule, the text and JSON of a
 * key, and the columns of the table formats. */
#include <string.h>

#include "ts_jsonout.h"
#include "ts_report.h"

static const char *const rate_names[TS_NRATES] = {
	"conviction_rate", "prosecution_rate", "convictions_per_prosecution",
};

const char *
ts_rate_name(enum ts_rate_kind k)
{
	return (unsigned)k < TS_NRATES ? rate_names[k] : "?";
}

const enum ts_count ts_rate_num[TS_NRATES] = {
	TS_CONVICTIONS, TS_PROSECUTIONS, TS_CONVICTIONS,
};
const enum ts_count ts_rate_den[TS_NRATES] = {
	TS_INVESTIGATIONS, TS_INVESTIGATIONS, TS_PROSECUTIONS,
};

/* --suppress N (the rule is documented in docs/json.md, "Suppression"):
 * every count below N is hidden; a total count is withheld when the group
 * counts beside it would give away a hidden cell by subtraction; a rate is
 * withheld when its numerator or denominator is hidden. */
void
ts_result_suppress(struct ts_result *r)
{
	int64_t n = r->opt.suppress, v, hidden_sum;
	size_t i, c, nhidden;
	struct ts_group *g;

	for (i = 0; i <= r->ngroups; i++) {
		g = i == r->ngroups ? &r->total : &r->groups[i];
		for (c = 0; c < TS_NCOUNTS; c++) {
			const struct ts_range *x = ts_result_range(r, g);
			v = g->sum[c];
			g->hidden[c] = v != TS_MISSING && v < n ? TS_BELOW : TS_SHOWN;
			/* A range of censored counts that reaches N is not known
			 * to be below it: withheld, not "<N". */
			if (g->hidden[c] == TS_BELOW && x && (x->counts >> c & 1) &&
			    x->hi[c] >= n)
				g->hidden[c] = TS_WITHHELD;
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
	for (i = 0; i <= r->ngroups; i++)
		ts_group_hide_rates(i == r->ngroups ? &r->total : &r->groups[i]);
}

void
ts_group_hide_rates(struct ts_group *g)
{
	g->rate_hidden[TS_RATE_CONVICTION] =
	    g->hidden[TS_CONVICTIONS] || g->hidden[TS_INVESTIGATIONS];
	g->rate_hidden[TS_RATE_PROSECUTION] =
	    g->hidden[TS_PROSECUTIONS] || g->hidden[TS_INVESTIGATIONS];
	g->rate_hidden[TS_RATE_PER_PROSECUTION] =
	    g->hidden[TS_CONVICTIONS] || g->hidden[TS_PROSECUTIONS];
}

static void
add_col(struct ts_column *cols, size_t *n, enum ts_column_kind kind, int which,
    const char *name, const char *suffix)
{
	cols[*n].kind = kind;
	cols[*n].which = which;
	snprintf(cols[*n].name, sizeof cols[*n].name, "%s%s", name, suffix);
	(*n)++;
}

void
ts_report_rate_of(int64_t k, int64_t n, const struct ts_report_options *opt,
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

size_t
ts_report_columns(const struct ts_result *r, struct ts_column *cols)
{
	static const enum ts_count counts[] = {
		TS_INVESTIGATIONS, TS_PROSECUTIONS, TS_CONVICTIONS,
	};
	size_t n = 0, i;
	int k;

	for (i = 0; i < r->opt.nby; i++)
		add_col(cols, &n, TS_COL_KEY, (int)i, r->opt.by[i].name, "");
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		add_col(cols, &n, TS_COL_COUNT, (int)counts[i],
		    ts_count_name(counts[i]), "");
	for (k = 0; k < TS_NRATES; k++) {
		/* The other rates only when the input has prosecutions. */
		if (k != TS_RATE_CONVICTION && r->total.sum[TS_PROSECUTIONS] == TS_MISSING)
			continue;
		add_col(cols, &n, TS_COL_RATE, k, ts_rate_name((enum ts_rate_kind)k), "");
		add_col(cols, &n, TS_COL_LOW, k, ts_rate_name((enum ts_rate_kind)k), "_low");
		add_col(cols, &n, TS_COL_HIGH, k, ts_rate_name((enum ts_rate_kind)k), "_high");
	}
	if (!ts_result_any_range(r))
		return n;
	add_col(cols, &n, TS_COL_CENSORED, 0, "censored", "");
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		add_col(cols, &n, TS_COL_MIN, (int)counts[i], ts_count_name(counts[i]), "_min");
		add_col(cols, &n, TS_COL_MAX, (int)counts[i], ts_count_name(counts[i]), "_max");
	}
	for (k = 0; k < TS_NRATES; k++) {
		if (k != TS_RATE_CONVICTION && r->total.sum[TS_PROSECUTIONS] == TS_MISSING)
			continue;
		/* After the counts: TS_COL_MIN of a rate is which + TS_NCOUNTS. */
		add_col(cols, &n, TS_COL_MIN, TS_NCOUNTS + k, ts_rate_name((enum ts_rate_kind)k), "_min");
		add_col(cols, &n, TS_COL_MAX, TS_NCOUNTS + k, ts_rate_name((enum ts_rate_kind)k), "_max");
	}
	return n;
}

const char *
ts_report_key(const struct ts_result *r, const struct ts_group *g,
    size_t part, char *buf, size_t size)
{
	if (g == &r->total)
		return part == 0 ? "Total" : "";
	if (g == &r->other) {
		/* The rows --top leaves out, summed. */
		if (part != 0)
			return "";
		snprintf(buf, size, "Other (%zu groups)", r->nother);
		return buf;
	}
	if (r->opt.by[part].kind == TS_BY_DIM)
		return ts_store_string(r->st, g->key[part].id);
	if (g->key[part].period.precision == TS_PREC_NONE)
		return "(no period)";
	ts_period_format(&g->key[part].period, buf, size);
	return buf;
}

void
ts_report_key_text(const struct ts_result *r, size_t part,
    const struct ts_key *key, char *buf, size_t size)
{
	struct ts_group g;
	struct ts_key keys[TS_MAX_BY];
	char tmp[64];

	memset(&g, 0, sizeof g);
	memset(keys, 0, sizeof keys);
	g.key = keys;
	g.key[part] = *key;
	snprintf(buf, size, "%s", ts_report_key(r, &g, part, tmp, sizeof tmp));
}

/* Member b of a key: a year is a number, a quarter, month or date a
 * string, each null when the group's period is not one (a range, or no
 * period); "period" and dimensions are strings (null: no period). */
static void
json_key_part(FILE *fp, const struct ts_result *r, const struct ts_group *g, size_t b)
{
	const struct ts_by *by = &r->opt.by[b];
	const struct ts_period *p = &g->key[b].period;
	char buf[64];

	if (by->kind == TS_BY_PERIOD && (p->precision == TS_PREC_NONE ||
	    (by->prec != TS_PREC_NONE && p->precision != by->prec))) {
		fputs("null", fp);
	} else if (by->kind == TS_BY_PERIOD && by->prec == TS_PREC_YEAR) {
		ts_period_format(p, buf, sizeof buf);
		fputs(buf, fp);
	} else {
		ts_json_str(fp, ts_report_key(r, g, b, buf, sizeof buf));
	}
}

/* The key (labels 0) or the label (labels 1: every member the key's
 * text, "2014", "2009-01..2014-06"; null for no period) of g. */
static void
key_or_label(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    int skip, int labels)
{
	char buf[64];
	size_t b;
	int n = 0;

	putc('{', fp);
	for (b = 0; b < r->opt.nby; b++) {
		if ((int)b == skip)
			continue;
		if (n++)
			fputs(", ", fp);
		ts_json_str(fp, r->opt.by[b].name);
		fputs(": ", fp);
		if (!labels)
			json_key_part(fp, r, g, b);
		else if (r->opt.by[b].kind == TS_BY_PERIOD &&
		    g->key[b].period.precision == TS_PREC_NONE)
			fputs("null", fp);
		else
			ts_json_str(fp, ts_report_key(r, g, b, buf, sizeof buf));
	}
	putc('}', fp);
}

void
ts_json_key(FILE *fp, const struct ts_result *r, const struct ts_group *g, int skip)
{
	key_or_label(fp, r, g, skip, 0);
}

void
ts_json_label(FILE *fp, const struct ts_result *r, const struct ts_group *g, int skip)
{
	key_or_label(fp, r, g, skip, 1);
}

const char *
ts_report_by_title(const struct ts_result *r, size_t part)
{
	const struct ts_by *by = &r->opt.by[part];
	const char *h;

	if (by->kind != TS_BY_DIM || r->opt.canonical_names || r->st == NULL)
		return by->name;
	h = ts_store_dim_header(r->st, (size_t)by->dim, NULL);
	return h != NULL && *h ? h : by->name;
}

/* The rates of g without an interval on the period basis (ts_compare.h). */
static unsigned
ratio_bits(const struct ts_result *r, const struct ts_group *g)
{
	return g == &r->total ? r->ratio_total : g == &r->other ? 0 : r->ratio_groups;
}

/* An interval costs a normal quantile and more, so each pair's rate is
 * worked out once and copied (ts_report_rate_of() depends on k, n and
 * opt alone). */
struct ts_rate
ts_result_rate(const struct ts_result *r, const struct ts_group *g,
    enum ts_rate_kind q)
{
	return ts_result_rate_memo(r, g, q, r->rate_memo);
}

struct ts_rate
ts_result_rate_memo(const struct ts_result *r, const struct ts_group *g,
    enum ts_rate_kind q, struct ts_rate_memo *memo)
{
	const struct ts_range *x = g == &r->other ? NULL : ts_result_range(r, g);
	int64_t k = ts_group_pair(g, q, 0), n = ts_group_pair(g, q, 1);
	struct ts_rate_memo *m;
	struct ts_rate rt;

	if (x && (x->rates >> q & 1)) {
		memset(&rt, 0, sizeof rt);
		return rt;
	}
	if (memo == NULL) {
		ts_report_rate_of(k, n, &r->opt, &rt);
	} else {
		m = &memo[(size_t)(((uint64_t)k * 0x9E3779B97F4A7C15ULL ^
		    (uint64_t)n) * 0xBF58476D1CE4E5B9ULL >> 54) & (TS_RATE_MEMO - 1)];
		if (!m->set || m->k != k || m->n != n) {
			ts_report_rate_of(k, n, &r->opt, &m->rate);
			m->k = k;
			m->n = n;
			m->set = 1;
		}
		rt = m->rate;
	}
	if (ratio_bits(r, g) >> q & 1)
		rt.has_interval = 0;
	return rt;
}

int
ts_result_rate_has_interval(const struct ts_result *r, const struct ts_group *g,
    enum ts_rate_kind q)
{
	const struct ts_range *x = g == &r->other ? NULL : ts_result_range(r, g);
	int64_t k = ts_group_pair(g, q, 0), n = ts_group_pair(g, q, 1);

	if ((x && (x->rates >> q & 1)) || (ratio_bits(r, g) >> q & 1))
		return 0;
	/* Where ts_stats_interval() gives an interval whatever the counts. */
	if (k != TS_MISSING && n != TS_MISSING && n > 0 && k >= 0 && k <= n &&
	    r->opt.level > 0 && r->opt.level < 1 && (unsigned)r->opt.method < TS_CI_NMETHODS)
		return 1;
	return ts_result_rate(r, g, q).has_interval;
}
