/* compare_write.c — the comparisons in the JSON report, and the text
 * report's comparison section, attrition funnel and period-data note. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cell.h"
#include "ts_compare.h"

static void
json_member_num(FILE *fp, const char *name, double v)
{
	fprintf(fp, ", \"%s\": ", name);
	ts_json_num(fp, v);
}

/* "within": the other key parts, when comparisons run along a period
 * field inside strata. */
static void
json_within(FILE *fp, const struct ts_result *r, const struct ts_comparisons *c,
    const struct ts_group *g)
{
	if (c->by_period < 0 || r->opt.nby < 2)
		return;
	fputs(", \"within\": ", fp);
	ts_json_key(fp, r, g, c->by_period);
}

/* --suppress withholds a cohort's figures when its counts are hidden. */
static int
cohort_hidden(const struct ts_group *g)
{
	return g->hidden[TS_INVESTIGATIONS] != TS_SHOWN ||
	    g->hidden[TS_CONVICTIONS] != TS_SHOWN;
}

static void
json_cohort(FILE *fp, const struct ts_cohort *co, const struct ts_group *g)
{
	if (cohort_hidden(g)) {
		fputs("\"cases\": null, \"convicted\": null, \"still_open\": null, "
		    "\"share_open\": null, \"days_to_conviction\": null", fp);
		return;
	}
	fprintf(fp, "\"cases\": %lld, \"convicted\": %lld, \"still_open\": %lld",
	    (long long)co->cases, (long long)co->convicted, (long long)co->still_open);
	json_member_num(fp, "share_open", co->share_open);
	if (isnan(co->median_days)) {
		fputs(", \"days_to_conviction\": null", fp);
		return;
	}
	fputs(", \"days_to_conviction\": {\"q1\": ", fp);
	ts_json_num(fp, co->q1_days);
	json_member_num(fp, "median", co->median_days);
	json_member_num(fp, "q3", co->q3_days);
	putc('}', fp);
}

/* "basis" (case lists: --basis; counts tables are period data) and, on the
 * cohort basis, "cohorts". */
static void
json_basis(FILE *fp, const struct ts_result *r, const struct ts_comparisons *c)
{
	size_t i;

	fprintf(fp, "  \"basis\": \"%s\",\n", c && c->cases &&
	    r->opt.basis == TS_BASIS_COHORT ? "cohort" : "period");
	if (c == NULL || c->cohorts == NULL)
		return;
	fputs("  \"cohorts\": {\"total\": {", fp);
	json_cohort(fp, &c->cohorts[r->ngroups], &r->total);
	fputs("}, \"groups\": [", fp);
	for (i = 0; i < r->ngroups; i++) {
		fputs(i ? ",\n    {\"key\": " : "\n    {\"key\": ", fp);
		ts_json_key(fp, r, &r->groups[i], -1);
		fputs(", ", fp);
		json_cohort(fp, &c->cohorts[i], &r->groups[i]);
		putc('}', fp);
	}
	fputs(r->ngroups ? "\n  ]},\n" : "]},\n", fp);
}

void
ts_compare_write_json(FILE *fp, const struct ts_result *r)
{
	const struct ts_comparisons *c = r->comparisons;
	size_t i;

	json_basis(fp, r, c);
	fputs("  \"comparisons\": [", fp);
	for (i = 0; c && i < c->count; i++) {
		const struct ts_cmp *it = &c->items[i];
		const struct ts_group *g = &r->groups[it->group];

		fputs(i ? ",\n    {\"kind\": " : "\n    {\"kind\": ", fp);
		switch (it->kind) {
		case TS_CMP_DIFFERENCE:
			fputs("\"difference\", \"measure\": \"conviction_rate\", \"from\": ", fp);
			ts_json_key(fp, r, &r->groups[it->from], -1);
			fputs(", \"to\": ", fp);
			ts_json_key(fp, r, g, -1);
			fputs(", \"difference\": {\"value\": ", fp);
			ts_json_num(fp, it->diff.value);
			json_member_num(fp, "low", it->diff.low);
			json_member_num(fp, "high", it->diff.high);
			fprintf(fp, "}, \"test\": \"%s\"", it->fisher ? "fisher" : "z");
			json_member_num(fp, "p_value", it->p_value);
			break;
		case TS_CMP_TREND:
			fputs("\"trend\", \"measure\": \"conviction_rate\"", fp);
			json_within(fp, r, c, g);
			fputs(", \"from\": ", fp);
			ts_json_key(fp, r, &r->groups[it->first], -1);
			fputs(", \"to\": ", fp);
			ts_json_key(fp, r, &r->groups[it->last], -1);
			fprintf(fp, ", \"groups\": %zu, \"test\": \"cochran-armitage\"", it->ngroups);
			json_member_num(fp, "z", it->chisq.z);
			json_member_num(fp, "statistic", it->chisq.statistic);
			json_member_num(fp, "df", it->chisq.df);
			json_member_num(fp, "p_value", it->p_value);
			break;
		case TS_CMP_HOMOGENEITY:
			fputs("\"homogeneity\", \"measure\": \"conviction_rate\"", fp);
			json_within(fp, r, c, g);
			fprintf(fp, ", \"groups\": %zu, \"test\": \"chi-square\"", it->ngroups);
			json_member_num(fp, "statistic", it->chisq.statistic);
			json_member_num(fp, "df", it->chisq.df);
			json_member_num(fp, "p_value", it->p_value);
			break;
		case TS_CMP_OUTLIER:
		default:
			fputs("\"outlier\", \"measure\": \"conviction_rate\", \"key\": ", fp);
			ts_json_key(fp, r, g, -1);
			json_member_num(fp, "limit", it->limit);
			fprintf(fp, ", \"side\": \"%s\"", it->side < 0 ? "low" : "high");
			json_member_num(fp, "pooled_rate", it->pooled);
			break;
		}
		putc('}', fp);
	}
	fputs(c && c->count ? "\n  ],\n" : "],\n", fp);
}

/* The key of g as text ("2014", "2014, Michoacán"), cleaned so that no
 * data value acts on the terminal. */
static void
key_text(const struct ts_result *r, const struct ts_group *g, int only, int skip,
    char *buf, size_t size)
{
	char part[256], *clean;
	size_t b, o;

	buf[0] = '\0';
	for (b = 0; b < r->opt.nby; b++) {
		if ((int)b == skip || (only >= 0 && (int)b != only))
			continue;
		ts_report_key_text(r, b, &g->key[b], part, sizeof part);
		clean = ts_cell_clean(part, 0);
		o = strlen(buf);
		snprintf(buf + o, size - o, "%s%s", o ? ", " : "", clean ? clean : "?");
		free(clean);
	}
}

static void
text_p(FILE *fp, double p)
{
	if (isnan(p))
		fputs("no test (no convictions, or only convictions, in both)", fp);
	else if (p < 0.0001)
		fputs("p < 0.0001", fp);
	else
		fprintf(fp, "p = %.4f", p);
}

static void
text_comparisons(FILE *fp, const struct ts_result *r, const char *lvl)
{
	const struct ts_comparisons *c = r->comparisons;
	char from[512], to[512], within[512], last_within[512] = "";
	size_t i;
	int pf = c ? c->by_period : -1;
	const char *ind = pf >= 0 && r->opt.nby > 1 ? "    " : "  ";

	if (c == NULL || c->count == 0)
		return;
	fprintf(fp, "\nComparisons of the conviction rate (%s intervals):\n", lvl);
	for (i = 0; i < c->count; i++) {
		const struct ts_cmp *it = &c->items[i];
		const struct ts_group *g = &r->groups[it->group];

		if (pf >= 0 && r->opt.nby > 1) {
			key_text(r, g, -1, pf, within, sizeof within);
			if (strcmp(within, last_within) != 0) {
				fprintf(fp, "  Within %s:\n", within);
				snprintf(last_within, sizeof last_within, "%s", within);
			}
		}
		switch (it->kind) {
		case TS_CMP_DIFFERENCE:
			key_text(r, &r->groups[it->from], pf, -1, from, sizeof from);
			key_text(r, g, pf, -1, to, sizeof to);
			fprintf(fp, "%s%s \xe2\x86\x92 %s: %+.2f points (%+.2f to %+.2f), %s, ",
			    ind, from, to, it->diff.value * 100, it->diff.low * 100,
			    it->diff.high * 100, it->fisher ? "Fisher's exact test" : "z-test");
			text_p(fp, it->p_value);
			putc('\n', fp);
			break;
		case TS_CMP_TREND:
			key_text(r, &r->groups[it->first], pf, -1, from, sizeof from);
			key_text(r, &r->groups[it->last], pf, -1, to, sizeof to);
			fprintf(fp, "%sTrend %s\xe2\x80\x93%s (%zu periods, Cochran\xe2\x80\x93"
			    "Armitage): chi-square %.2f, ", ind, from, to, it->ngroups,
			    it->chisq.statistic);
			text_p(fp, it->p_value);
			fputs(isnan(it->chisq.z) || it->chisq.z == 0 ? "\n" :
			    it->chisq.z > 0 ? ", rising\n" : ", falling\n", fp);
			break;
		case TS_CMP_HOMOGENEITY:
			fprintf(fp, "%sHomogeneity of %zu groups: chi-square %.2f on %g df, ",
			    ind, it->ngroups, it->chisq.statistic, it->chisq.df);
			text_p(fp, it->p_value);
			putc('\n', fp);
			break;
		case TS_CMP_OUTLIER:
		default:
			key_text(r, g, -1, -1, to, sizeof to);
			fprintf(fp, "%sOutlier: %s is %s the %g%% funnel limit of the pooled "
			    "rate %.2f%%\n", ind, to, it->side < 0 ? "below" : "above",
			    it->limit * 100, it->pooled * 100);
			break;
		}
	}
}

static void
text_stage(FILE *fp, const struct ts_result *r, enum ts_count c, const char *name,
    int rk, const char *of)
{
	const struct ts_group *t = &r->total;
	const struct ts_rate *rt = rk >= 0 && !t->rate_hidden[rk] ? &t->rate[rk] : NULL;
	int64_t v = t->sum[c];
	char below[32];

	fprintf(fp, "  %-15s", name);
	snprintf(below, sizeof below, "<%lld", (long long)r->opt.suppress);
	if (t->hidden[c] == TS_BELOW)
		fprintf(fp, " %11s", below);
	else if (v == TS_MISSING || t->hidden[c] != TS_SHOWN)
		fputs("           \xe2\x80\x94", fp);
	else
		fprintf(fp, " %11lld", (long long)v);
	if (rt && rt->defined) {
		fprintf(fp, "  %.2f%% of %s", rt->ci.value * 100, of);
		if (rt->has_interval)
			fprintf(fp, " (%.2f%%\xe2\x80\x93%.2f%%)", rt->ci.low * 100,
			    rt->ci.high * 100);
		else
			fputs(" (a period ratio, not a proportion)", fp);
	}
	putc('\n', fp);
}

static void
text_days(const struct ts_cohort *co, char *buf, size_t size)
{
	if (isnan(co->median_days))
		snprintf(buf, size, "%s", "\xe2\x80\x94");
	else
		snprintf(buf, size, "%.0f (%.0f\xe2\x80\x93%.0f)", co->median_days,
		    co->q1_days, co->q3_days);
}

/* s left-aligned in a column of w terminal cells (by display width, so
 * that Querétaro and 東京都 line up with Puebla). */
static void
put_cell(FILE *fp, const char *s, size_t w)
{
	size_t have = ts_cell_width(s);

	fputs(s, fp);
	while (have++ < w)
		putc(' ', fp);
}

/* The basis of a case list's rates, and its cohort figures. */
static void
text_basis(FILE *fp, const struct ts_result *r)
{
	const struct ts_comparisons *c = r->comparisons;
	char key[512], days[96];
	size_t i;

	if (c == NULL || !c->cases)
		return;
	if (r->opt.basis == TS_BASIS_PERIOD) {
		fputs("\nBasis: period. Each period's convictions are those dated in it "
		    "(closed), over the\ncases opened in it: different cases, so the "
		    "rates are period ratios, not\nproportions, and have no interval.\n", fp);
		return;
	}
	fputs("\nBasis: cohort. Each period's rates are the outcomes of the cases "
	    "opened in it.\n", fp);
	if (c->cohorts == NULL)
		return;
	fprintf(fp, "%-24s %9s %11s  %s\n", "Opened", "Cases", "Still open",
	    "Days to conviction: median (quartiles)");
	for (i = 0; i <= r->ngroups; i++) {
		const struct ts_cohort *co = &c->cohorts[i];
		const struct ts_group *g = i < r->ngroups ? &r->groups[i] : &r->total;
		if (i < r->ngroups)
			key_text(r, g, -1, -1, key, sizeof key);
		else
			snprintf(key, sizeof key, "%s", "Total");
		put_cell(fp, key, 24);
		if (cohort_hidden(g)) {
			fprintf(fp, " %9s\n", "(withheld)");
			continue;
		}
		text_days(co, days, sizeof days);
		fprintf(fp, " %9lld %10.2f%%  %s\n", (long long)co->cases,
		    co->cases ? co->share_open * 100 : 0.0, days);
	}
}

void
ts_compare_write_text(FILE *fp, const struct ts_result *r)
{
	const struct ts_group *t = &r->total;
	char lvl[32];
	int counts = 0;
	size_t i;

	snprintf(lvl, sizeof lvl, "%g%%", r->opt.level * 100);
	if (t->sum[TS_PROSECUTIONS] != TS_MISSING) {
		fprintf(fp, "\nAttrition (total, %s %s intervals):\n", lvl,
		    ts_stats_method_title(r->opt.method));
		text_stage(fp, r, TS_INVESTIGATIONS, "Investigations", -1, NULL);
		text_stage(fp, r, TS_PROSECUTIONS, "Prosecutions", TS_RATE_PROSECUTION,
		    "investigations");
		text_stage(fp, r, TS_CONVICTIONS, "Convictions", TS_RATE_PER_PROSECUTION,
		    "prosecutions");
	}
	text_basis(fp, r);
	text_comparisons(fp, r, lvl);
	for (i = 0; i < ts_store_ninputs(r->st); i++)
		if (ts_store_input_info_c(r->st, i)->shape != TS_SHAPE_CASES)
			counts = 1;
	if (counts)
		fputs("\nCounts tables are period data: a period's convictions may come "
		    "from cases opened\nin earlier periods, so a rate is not the outcome "
		    "of one cohort of cases.\n", fp);
}
