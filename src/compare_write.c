/* compare_write.c — the comparisons in the JSON report, and the text
 * report's comparison section, attrition funnel and period-data note. */
#include <math.h>
#include <string.h>

#include "ts_compare.h"

/* Writes the key parts of g as a JSON object, all parts or all but the
 * period field (skip = its index), in the form the groups' keys use. */
static void
json_key_parts(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    int skip)
{
	char buf[256];
	size_t b;
	int n = 0;

	putc('{', fp);
	for (b = 0; b < r->opt.nby; b++) {
		if ((int)b == skip)
			continue;
		fputs(n++ ? ", " : "", fp);
		ts_json_str(fp, r->opt.by[b].name);
		fputs(": ", fp);
		if (r->opt.by[b].kind == TS_BY_PERIOD &&
		    g->key[b].period.precision == TS_PREC_YEAR) {
			ts_period_format(&g->key[b].period, buf, sizeof buf);
			fputs(buf, fp);
		} else if (r->opt.by[b].kind == TS_BY_PERIOD &&
		    g->key[b].period.precision == TS_PREC_NONE) {
			fputs("null", fp);
		} else {
			ts_report_key_text(r, b, &g->key[b], buf, sizeof buf);
			ts_json_str(fp, buf);
		}
	}
	putc('}', fp);
}

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
	json_key_parts(fp, r, g, c->by_period);
}

void
ts_compare_write_json(FILE *fp, const struct ts_result *r)
{
	const struct ts_comparisons *c = r->comparisons;
	size_t i;

	fputs("  \"comparisons\": [", fp);
	for (i = 0; c && i < c->count; i++) {
		const struct ts_cmp *it = &c->items[i];
		const struct ts_group *g = &r->groups[it->group];

		fputs(i ? ",\n    {\"kind\": " : "\n    {\"kind\": ", fp);
		switch (it->kind) {
		case TS_CMP_DIFFERENCE:
			fputs("\"difference\", \"measure\": \"conviction_rate\", \"from\": ", fp);
			json_key_parts(fp, r, &r->groups[it->from], -1);
			fputs(", \"to\": ", fp);
			json_key_parts(fp, r, g, -1);
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
			json_key_parts(fp, r, &r->groups[it->first], -1);
			fputs(", \"to\": ", fp);
			json_key_parts(fp, r, &r->groups[it->last], -1);
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
			json_key_parts(fp, r, g, -1);
			json_member_num(fp, "limit", it->limit);
			fprintf(fp, ", \"side\": \"%s\"", it->side < 0 ? "low" : "high");
			json_member_num(fp, "pooled_rate", it->pooled);
			break;
		}
		putc('}', fp);
	}
	fputs(c && c->count ? "\n  ],\n" : "],\n", fp);
}

/* The key of g as text ("2014", "2014, Michoacán"), with control bytes
 * shown as '?', so no data value reaches the terminal raw. */
static void
key_text(const struct ts_result *r, const struct ts_group *g, int only, int skip,
    char *buf, size_t size)
{
	char part[256];
	size_t b, o;

	buf[0] = '\0';
	for (b = 0; b < r->opt.nby; b++) {
		if ((int)b == skip || (only >= 0 && (int)b != only))
			continue;
		ts_report_key_text(r, b, &g->key[b], part, sizeof part);
		o = strlen(buf);
		snprintf(buf + o, size - o, "%s%s", o ? ", " : "", part);
	}
	for (o = 0; buf[o]; o++)
		if ((unsigned char)buf[o] < 0x20 || buf[o] == 0x7f)
			buf[o] = '?';
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
text_stage(FILE *fp, const char *name, int64_t v, const struct ts_rate *rt,
    const char *of)
{
	fprintf(fp, "  %-15s", name);
	if (v == TS_MISSING)
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

void
ts_compare_write_text(FILE *fp, const struct ts_result *r)
{
	const struct ts_group *t = &r->total;
	char lvl[32], key[512];
	size_t i, q;
	int counts = 0;

	snprintf(lvl, sizeof lvl, "%g%%", r->opt.level * 100);
	if (t->sum[TS_PROSECUTIONS] != TS_MISSING) {
		fprintf(fp, "\nAttrition (total, %s %s intervals):\n", lvl,
		    ts_stats_method_title(r->opt.method));
		text_stage(fp, "Investigations", t->sum[TS_INVESTIGATIONS], NULL, NULL);
		text_stage(fp, "Prosecutions", t->sum[TS_PROSECUTIONS],
		    &t->rate[TS_RATE_PROSECUTION], "investigations");
		text_stage(fp, "Convictions", t->sum[TS_CONVICTIONS],
		    &t->rate[TS_RATE_PER_PROSECUTION], "prosecutions");
	}
	text_comparisons(fp, r, lvl);
	for (i = 0; i <= r->ngroups; i++) {
		const struct ts_group *g = i < r->ngroups ? &r->groups[i] : t;
		for (q = 0; q < TS_NRATES; q++) {
			if (!g->rate[q].defined || g->rate[q].has_interval)
				continue;
			if (i < r->ngroups)
				key_text(r, g, -1, -1, key, sizeof key);
			else
				snprintf(key, sizeof key, "%s", "Total");
			fprintf(fp, "\nWarning: %s: the %s %.2f%% is a period ratio, not a "
			    "proportion: its numerator exceeds its denominator, so they count "
			    "different cases; no interval is given.\n", key,
			    q == TS_RATE_CONVICTION ? "conviction rate" :
			    q == TS_RATE_PROSECUTION ? "prosecution rate" :
			    "convictions per prosecution", g->rate[q].ci.value * 100);
		}
	}
	for (i = 0; i < ts_store_ninputs(r->st); i++)
		if (ts_store_input_info_c(r->st, i)->shape != TS_SHAPE_CASES)
			counts = 1;
	if (counts)
		fputs("\nCounts tables are period data: a period's convictions may come "
		    "from cases opened\nin earlier periods, so a rate is not the outcome "
		    "of one cohort of cases.\n", fp);
}
