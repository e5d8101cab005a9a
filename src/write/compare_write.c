/* compare_write.c — the comparisons in the JSON report, and the text
 * report's comparison section, attrition funnel and period-data note. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts_cell.h"
#include "ts_compare.h"
#include "ts_i18n.h"
#include "ts_jsonout.h"
#include "ts_pct.h"

static const char *
disp_name(enum ts_dispersion d)
{
	return d == TS_DISPERSION_MULTIPLICATIVE ? "multiplicative" :
	    d == TS_DISPERSION_ADDITIVE ? "additive" : "none";
}

static void
json_member_num(FILE *fp, const char *name, double v)
{
	fputs(", \"", fp);
	fputs(name, fp);
	fputs("\": ", fp);
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

/* A day as YYYY-MM-DD. */
static void
civil_text(int32_t d, char *buf, size_t size)
{
	int y, m, dd;

	ts_civil_from_days(d, &y, &m, &dd);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, dd);
}

/* --suppress withholds a cohort's figures when its counts are hidden. */
static int
cohort_hidden(const struct ts_group *g)
{
	return g->hidden[TS_INVESTIGATIONS] != TS_SHOWN ||
	    g->hidden[TS_CONVICTIONS] != TS_SHOWN;
}

/* "follow_up": the convictions within --follow-up (null without it). */
static void
json_follow(FILE *fp, const struct ts_result *r, const struct ts_follow *f)
{
	if (r->opt.follow_up_days <= 0) {
		fputs(", \"follow_up\": null", fp);
		return;
	}
	fputs(", \"follow_up\": {\"days\": ", fp);
	ts_json_num(fp, r->opt.follow_up_days);
	fprintf(fp, ", \"observable\": %s, \"cases\": %lld, \"untimed\": %lld",
	    f->fitted && f->observable ? "true" : "false", (long long)f->timed,
	    (long long)f->untimed);
	if (!f->fitted || !f->observable) {
		fputs(", \"convicted\": null, \"estimate\": null, \"std_err\": null, "
		    "\"low\": null, \"high\": null}", fp);
		return;
	}
	fprintf(fp, ", \"convicted\": %lld", (long long)f->ci.convicted);
	json_member_num(fp, "estimate", f->ci.estimate);
	json_member_num(fp, "std_err", f->ci.std_err);
	json_member_num(fp, "low", f->ci.low);
	json_member_num(fp, "high", f->ci.high);
	putc('}', fp);
}

static void
json_cohort(FILE *fp, const struct ts_result *r, const struct ts_cohort *co,
    const struct ts_follow *f, const struct ts_group *g)
{
	if (cohort_hidden(g)) {
		fputs("\"cases\": null, \"convicted\": null, \"still_open\": null, "
		    "\"share_open\": null, \"days_to_conviction\": null, \"follow_up\": null", fp);
		return;
	}
	fputs("\"cases\": ", fp);
	ts_json_int(fp, co->cases);
	fputs(", \"convicted\": ", fp);
	ts_json_int(fp, co->convicted);
	fputs(", \"still_open\": ", fp);
	ts_json_int(fp, co->still_open);
	json_member_num(fp, "share_open", co->share_open);
	if (isnan(co->median_days) && isnan(co->q1_days)) {
		fputs(", \"days_to_conviction\": null", fp);
	} else {
		fputs(", \"days_to_conviction\": {\"q1\": ", fp);
		ts_json_num(fp, co->q1_days);
		json_member_num(fp, "median", co->median_days);
		json_member_num(fp, "q3", co->q3_days);
		putc('}', fp);
	}
	json_follow(fp, r, f);
}

/* "basis" (case lists: --basis; counts tables are period data) and, on the
 * cohort basis, "cohorts". */
static void
json_basis(FILE *fp, const struct ts_result *r, const struct ts_comparisons *c)
{
	char day[32];
	size_t i;
	struct ts_follow tmp;
	struct ts_cohort co;

	fprintf(fp, "  \"basis\": \"%s\",\n", c && c->cases &&
	    r->opt.basis == TS_BASIS_COHORT ? "cohort" : "period");
	if (c == NULL || c->cohorts == NULL)
		return;
	/* No case gives a date: there is no cut-off, not a day before time. */
	if (c->as_of == INT32_MIN) {
		fputs("  \"cohorts\": {\"as_of\": null, \"total\": {", fp);
	} else {
		civil_text(c->as_of, day, sizeof day);
		fprintf(fp, "  \"cohorts\": {\"as_of\": \"%s\", \"total\": {", day);
	}
	co = ts_compare_cohort(c, r->ngroups);
	json_cohort(fp, r, &co, ts_compare_follow(c, r->ngroups, &tmp), &r->total);
	fputs("}, \"groups\": [", fp);
	for (i = 0; i < r->ngroups; i++) {
		fputs(i ? ",\n    {\"key\": " : "\n    {\"key\": ", fp);
		ts_json_key(fp, r, &r->groups[i], -1);
		fputs(", ", fp);
		co = ts_compare_cohort(c, i);
		json_cohort(fp, r, &co, ts_compare_follow(c, i, &tmp), &r->groups[i]);
		putc('}', fp);
	}
	fputs(r->ngroups ? "\n  ]},\n" : "]},\n", fp);
}

/* A trend's scores: the periods' positions in time. */
static void
json_scores(FILE *fp, const struct ts_result *r, const struct ts_comparisons *c,
    const struct ts_cmp *it)
{
	size_t i;

	fputs(", \"scores\": [", fp);
	for (i = 0; i < it->ngroups; i++)
		fprintf(fp, "%s%lld", i ? ", " : "", (long long)ts_compare_slot(r, c->by_period,
		    &r->groups[c->members[it->member0 + i]]));
	putc(']', fp);
}

static void
json_dispersion(FILE *fp, const struct ts_cmp *it)
{
	if (!it->has_dispersion) {
		fputs(", \"dispersion\": null", fp);
		return;
	}
	fputs(", \"dispersion\": {\"phi\": ", fp);
	ts_json_num(fp, it->disp.phi);
	json_member_num(fp, "tau2", it->disp.tau2);
	fprintf(fp, ", \"significant\": %s, \"adjustment\": \"%s\"}",
	    it->disp.significant ? "true" : "false", disp_name(it->disp_used));
}

/* How many tests the comparisons ran, and how their p-values were
 * adjusted. */
static void
json_tests(FILE *fp, const struct ts_result *r, const struct ts_comparisons *c)
{
	size_t d = c ? c->ntests[0] : 0, t = c ? c->ntests[1] : 0, h = c ? c->ntests[2] : 0;

	fprintf(fp, "  \"tests\": {\"count\": %zu, \"differences\": %zu, \"trends\": %zu, "
	    "\"homogeneity\": %zu, \"adjust\": \"%s\"},\n", d + t + h, d, t, h,
	    ts_adjust_name(r->opt.adjust));
}

void
ts_compare_write_json(FILE *fp, const struct ts_result *r)
{
	const struct ts_comparisons *c = r->comparisons;
	size_t i;

	json_basis(fp, r, c);
	json_tests(fp, r, c);
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
			fprintf(fp, "}, \"test\": \"%s\"", it->fisher ? "fisher" :
			    it->dispersed ? "z-dispersion" : "z");
			json_member_num(fp, "p_value", it->p_value);
			json_member_num(fp, "p_adjusted", it->p_adjusted);
			fprintf(fp, ", \"gap\": %lld", (long long)it->gap);
			break;
		case TS_CMP_TREND:
			fputs("\"trend\", \"measure\": \"conviction_rate\"", fp);
			json_within(fp, r, c, g);
			fputs(", \"from\": ", fp);
			ts_json_key(fp, r, &r->groups[it->first], -1);
			fputs(", \"to\": ", fp);
			ts_json_key(fp, r, &r->groups[it->last], -1);
			fprintf(fp, ", \"groups\": %zu, \"test\": \"%s\"", it->ngroups,
			    it->exact ? "cochran-armitage-exact" : it->dispersed ?
			    "cochran-armitage-dispersion" : "cochran-armitage");
			json_scores(fp, r, c, it);
			json_member_num(fp, "z", it->chisq.z);
			json_member_num(fp, "statistic", it->chisq.statistic);
			json_member_num(fp, "df", it->chisq.df);
			json_member_num(fp, "p_value", it->p_value);
			json_member_num(fp, "p_adjusted", it->p_adjusted);
			fprintf(fp, ", \"direction\": %s", it->direction > 0 ? "\"rising\"" :
			    it->direction < 0 ? "\"falling\"" : "null");
			break;
		case TS_CMP_HOMOGENEITY:
			fputs("\"homogeneity\", \"measure\": \"conviction_rate\"", fp);
			json_within(fp, r, c, g);
			fprintf(fp, ", \"groups\": %zu, \"test\": \"%s\"", it->ngroups,
			    it->exact ? "fisher-exact" : "chi-square");
			json_member_num(fp, "statistic", it->chisq.statistic);
			json_member_num(fp, "df", it->chisq.df);
			json_member_num(fp, "p_value", it->p_value);
			json_member_num(fp, "p_adjusted", it->p_adjusted);
			json_dispersion(fp, it);
			fprintf(fp, ", \"flags\": {\"alarms\": %zu, \"alerts\": %zu", it->alarms,
			    it->alerts);
			json_member_num(fp, "expected_alarms", it->expected_alarms);
			json_member_num(fp, "expected_alerts", it->expected_alerts);
			putc('}', fp);
			break;
		case TS_CMP_WITHHELD:
			fputs("\"withheld\", \"measure\": \"conviction_rate\"", fp);
			json_within(fp, r, c, g);
			fprintf(fp, ", \"groups\": %zu, \"reason\": \"%s\"", it->ngroups,
			    it->reason == TS_WITHHELD_OPEN_SHARES ? "open-shares-differ" :
			    it->reason == TS_WITHHELD_CENSORED ? "censored" : "not-observable");
			break;
		case TS_CMP_OUTLIER:
		default:
			fputs("\"outlier\", \"measure\": \"conviction_rate\", \"key\": ", fp);
			ts_json_key(fp, r, g, -1);
			fprintf(fp, ", \"flag\": \"%s\"", it->limit == TS_FUNNEL_WIDE ? "alarm" : "alert");
			json_member_num(fp, "limit", it->limit);
			fprintf(fp, ", \"side\": \"%s\"", it->side < 0 ? "low" : "high");
			json_member_num(fp, "pooled_rate", it->pooled);
			json_member_num(fp, "low", it->low);
			json_member_num(fp, "high", it->high);
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
		fputs("\xe2\x80\x94", fp);
	else if (p < 0.0001)
		fputs("p < 0.0001", fp);
	else
		fprintf(fp, "p = %.4f", p);
}

/* ", adjusted p = 0.2000" (--adjust), unless it is off. */
static void
text_adjusted(FILE *fp, const struct ts_result *r, double p)
{
	if (r->opt.adjust == TS_ADJUST_NONE || isnan(p))
		return;
	if (p < 0.0001)
		fputs(_(", adjusted p < 0.0001"), fp);
	else
		fprintf(fp, _(", adjusted p = %.4f"), p);
}

/* " (no data for 2014)", " (no data for 2014–2016)". */
static void
text_gap(FILE *fp, const struct ts_result *r, const struct ts_cmp *it, int pf)
{
	char a[64], b[64];
	int64_t s;

	if (it->gap <= 0)
		return;
	s = ts_compare_slot(r, pf, &r->groups[it->from]);
	ts_compare_slot_text(r, pf, s + 1, a, sizeof a);
	if (it->gap == 1) {
		fprintf(fp, _(", no data for %s"), a);
		return;
	}
	ts_compare_slot_text(r, pf, s + it->gap, b, sizeof b);
	fprintf(fp, _(", no data for %s\xe2\x80\x93%s"), a, b);
}

/* The trend's scores: the periods' positions in time. */
static const char *
period_unit(const struct ts_result *r, int pf)
{
	return r->opt.by[pf].prec == TS_PREC_QUARTER ? _("quarters") :
	    r->opt.by[pf].prec == TS_PREC_MONTH ? _("months") : _("years");
}

/* What the dispersion of a homogeneity test meant for the limits. */
static void
text_dispersion(FILE *fp, const struct ts_result *r, const struct ts_cmp *it,
    const char *ind)
{
	if (!it->has_dispersion)
		return;
	fprintf(fp, _("%s  Dispersion %.2f (Pearson chi-square / df)"), ind, it->disp.phi);
	if (!it->disp.significant)
		fputs(_(", not significantly above 1: binomial limits.\n"), fp);
	else if (it->disp_used == TS_DISPERSION_NONE)
		fprintf(fp, _(", significantly above 1, but --dispersion none\n"
		    "%s  keeps the binomial limits.\n"), ind);
	else
		fputs(_(", significantly above 1"), fp);
	if (!it->disp.significant || it->disp_used == TS_DISPERSION_NONE)
		return;
	else if (it->disp_used == TS_DISPERSION_MULTIPLICATIVE)
		fprintf(fp, _(":\n%s  the rates vary more than sampling allows, so funnel "
		    "limits, differences and\n%s  the trend allow for it: variances times "
		    "%.2f (multiplicative, Spiegelhalter 2005).\n"), ind, ind, it->disp.phi);
	else
		fprintf(fp, _(":\n%s  the rates vary more than sampling allows, so funnel "
		    "limits and differences\n%s  allow for it: a between-group variance "
		    "tau\xc2\xb2 = %.3g added (additive, Spiegelhalter 2005).\n"), ind, ind,
		    it->disp.tau2);
	(void)r;
}

static void
text_flags(FILE *fp, const struct ts_cmp *it, const char *ind)
{
	fprintf(fp, _("%s  Funnel flags among %zu groups: %zu alarm%s (outside 99.8%% "
	    "limits), %zu alert%s (outside 95%% only);\n%s  chance alone would give about "
	    "%.*f alarms and %.*f alerts.\n"), ind, it->ngroups, it->alarms,
	    it->alarms == 1 ? "" : "s", it->alerts, it->alerts == 1 ? "" : "s", ind,
	    ts_pct_decimals(it->expected_alarms / 100), it->expected_alarms,
	    ts_pct_decimals(it->expected_alerts / 100), it->expected_alerts);
}

static void
text_withheld(FILE *fp, const struct ts_result *r, const struct ts_cmp *it,
    const char *ind)
{
	if (it->reason == TS_WITHHELD_OPEN_SHARES)
		fprintf(fp, _("%sTests withheld: the %zu cohorts have different shares of "
		    "cases still open, so\n%sthe later ones' rates are not yet comparable "
		    "with the earlier ones'.\n%sCompare them at the same follow-up, e.g. "
		    "--follow-up 24m.\n"), ind, it->ngroups, ind, ind);
	else if (it->reason == TS_WITHHELD_CENSORED)
		fprintf(fp, _("%sTests withheld: %zu of the %zu rates compared %s a range "
		    "of censored counts (<5),\n%sand a test's result need not lie between "
		    "its results at the ends.\n"), ind, it->ncensored, it->ngroups,
		    it->ncensored == 1 ? _("is") : _("are"), ind);
	else
		fprintf(fp, _("%sTests withheld: fewer than two of the %zu cohorts can be "
		    "followed for %s\n%sby the cut-off.\n"), ind, it->ngroups,
		    r->opt.follow_up_text, ind);
}

static void
text_comparisons(FILE *fp, const struct ts_result *r, const char *lvl)
{
	const struct ts_comparisons *c = r->comparisons;
	char from[512], to[512], within[512], last_within[512] = "", d[64], lo[64], hi[64];
	size_t i, ntests;
	int pf = c ? c->by_period : -1;
	const char *ind = pf >= 0 && r->opt.nby > 1 ? "    " : "  ";

	if (c == NULL || c->count == 0)
		return;
	fprintf(fp, _("\nComparisons of the conviction rate (%s intervals)"), lvl);
	if (c->follow_at && r->opt.follow_up_days > 0)
		fprintf(fp, _(", convicted within %s of opening"), r->opt.follow_up_text);
	fputs(":\n", fp);
	for (i = 0; i < c->count; i++) {
		const struct ts_cmp *it = &c->items[i];
		const struct ts_group *g = &r->groups[it->group];

		if (pf >= 0 && r->opt.nby > 1) {
			key_text(r, g, -1, pf, within, sizeof within);
			if (strcmp(within, last_within) != 0) {
				fprintf(fp, _("  Within %s:\n"), within);
				snprintf(last_within, sizeof last_within, "%s", within);
			}
		}
		switch (it->kind) {
		case TS_CMP_DIFFERENCE:
			key_text(r, &r->groups[it->from], pf, -1, from, sizeof from);
			key_text(r, g, pf, -1, to, sizeof to);
			ts_points_text(it->diff.value, d, sizeof d);
			ts_points_text(it->diff.low, lo, sizeof lo);
			ts_points_text(it->diff.high, hi, sizeof hi);
			fprintf(fp, "%s%s \xe2\x86\x92 %s", ind, from, to);
			text_gap(fp, r, it, pf);
			fprintf(fp, _(": %s points (%s to %s), %s, "), d, lo, hi,
			    it->fisher ? _("Fisher's exact test") : it->dispersed ?
			    _("z-test with the dispersion") : _("z-test"));
			text_p(fp, it->p_value);
			text_adjusted(fp, r, it->p_adjusted);
			putc('\n', fp);
			break;
		case TS_CMP_TREND:
			key_text(r, &r->groups[it->first], pf, -1, from, sizeof from);
			key_text(r, &r->groups[it->last], pf, -1, to, sizeof to);
			fprintf(fp, _("%sTrend %s\xe2\x80\x93%s (%zu %s, "), ind, from, to,
			    it->ngroups, period_unit(r, pf));
			if (it->exact)
				fputs(_("exact Cochran\xe2\x80\x93" "Armitage test): "), fp);
			else if (isnan(it->chisq.statistic))
				fputs(_("Cochran\xe2\x80\x93" "Armitage): "), fp);
			else
				fprintf(fp, _("Cochran\xe2\x80\x93" "Armitage%s%s): chi-square %.2f, "),
				    it->dispersed ? _(" over the dispersion") : "", it->too_big ?
				    _("; small counts, too many tables for the exact test") : "",
				    it->chisq.statistic);
			text_p(fp, it->p_value);
			text_adjusted(fp, r, it->p_adjusted);
			fputs(it->direction > 0 ? _(", rising\n") : it->direction < 0 ?
			    _(", falling\n") : _(", no significant trend\n"), fp);
			break;
		case TS_CMP_HOMOGENEITY:
			if (it->exact)
				fprintf(fp, _("%sHomogeneity of %zu groups (small counts: Fisher's "
				    "exact test): "), ind, it->ngroups);
			else
				fprintf(fp, _("%sHomogeneity of %zu groups%s: chi-square %.2f on %g df, "),
				    ind, it->ngroups, it->too_big ? _(" (small counts, too many tables "
				    "for the exact test)") : "", it->chisq.statistic, it->chisq.df);
			text_p(fp, it->p_value);
			text_adjusted(fp, r, it->p_adjusted);
			putc('\n', fp);
			text_dispersion(fp, r, it, ind);
			text_flags(fp, it, ind);
			break;
		case TS_CMP_WITHHELD:
			text_withheld(fp, r, it, ind);
			break;
		case TS_CMP_OUTLIER:
		default:
			key_text(r, g, -1, -1, to, sizeof to);
			ts_pct_text(it->pooled, d, sizeof d);
			ts_pct_text(it->side < 0 ? it->low : it->high, lo, sizeof lo);
			fprintf(fp, _("%s%s: %s is %s the %g%% funnel limit (%s) of the pooled "
			    "rate %s\n"), ind, it->limit == TS_FUNNEL_WIDE ? _("Alarm") : _("Alert"), to,
			    it->side < 0 ? _("below") : _("above"), it->limit * 100, lo, d);
			break;
		}
	}
	ntests = c->ntests[0] + c->ntests[1] + c->ntests[2];
	if (ntests == 0)
		return;
	fprintf(fp, _("  %zu test%s run (%zu difference%s, %zu trend%s, %zu homogeneity); "),
	    ntests, ntests == 1 ? "" : "s", c->ntests[0], c->ntests[0] == 1 ? "" : "s",
	    c->ntests[1], c->ntests[1] == 1 ? "" : "s", c->ntests[2]);
	if (r->opt.adjust == TS_ADJUST_NONE)
		fputs(_("p-values not adjusted\n  (--adjust none).\n"), fp);
	else
		fprintf(fp, _("p-values adjusted\n  within each kind by %s's method (--adjust %s); "
		    "a trend is named only when\n  its adjusted p is below %g.\n"),
		    ts_adjust_title(r->opt.adjust), ts_adjust_name(r->opt.adjust),
		    1 - r->opt.level);
}

static void
text_stage(FILE *fp, const struct ts_result *r, enum ts_count c, const char *name,
    int rk, const char *of)
{
	const struct ts_group *t = &r->total;
	struct ts_rate tmp;
	const struct ts_rate *rt = rk >= 0 && !t->rate_hidden[rk] ? &tmp : NULL;
	int64_t v = t->sum[c];
	char below[32];
	size_t w;
	const struct ts_range *x = ts_result_range(r, t);

	if (rt)
		tmp = ts_result_rate(r, t, (enum ts_rate_kind)rk);
	/* Padded by display cells: a translated name may hold accents. */
	fprintf(fp, "  %s", _(name));
	for (w = ts_cell_width(_(name)); w < 15; w++)
		putc(' ', fp);
	snprintf(below, sizeof below, "<%lld", (long long)r->opt.suppress);
	if (t->hidden[c] == TS_BELOW)
		fprintf(fp, " %11s", below);
	else if (v == TS_MISSING || t->hidden[c] != TS_SHOWN)
		fputs("           \xe2\x80\x94", fp);
	else if (x && (x->counts >> c & 1)) {
		snprintf(below, sizeof below, "%lld\xe2\x80\x93%lld", (long long)v,
		    (long long)x->hi[c]);
		fprintf(fp, " %13s", below);    /* the dash takes 3 bytes, 1 column */
	} else
		fprintf(fp, " %11lld", (long long)v);
	if (rk >= 0 && x && (x->rates >> rk & 1)) {
		char a[64], b[64], pl[64], ph[64];
		if (t->rate_hidden[rk] || !x->low[rk].defined) {
			putc('\n', fp);
			return;
		}
		ts_pct_text(x->low[rk].ci.value, a, sizeof a);
		ts_pct_text(x->high[rk].ci.value, b, sizeof b);
		fprintf(fp, _("  %s\xe2\x80\x93%s of %s"), a, b, _(of));
		if (x->low[rk].has_interval && x->high[rk].has_interval) {
			ts_pct_text(x->low[rk].ci.low, pl, sizeof pl);
			ts_pct_text(x->high[rk].ci.high, ph, sizeof ph);
			fprintf(fp, " (%s\xe2\x80\x93%s)", pl, ph);
		}
		putc('\n', fp);
		return;
	}
	if (rt && rt->defined) {
		char pv[64], pl[64], ph[64];

		ts_pct_text(rt->ci.value, pv, sizeof pv);
		ts_pct_text(rt->ci.low, pl, sizeof pl);
		ts_pct_text(rt->ci.high, ph, sizeof ph);
		ts_i18n_number(pv, sizeof pv);
		ts_i18n_number(pl, sizeof pl);
		ts_i18n_number(ph, sizeof ph);
		/* TRANSLATORS: "35.91% of investigations". */
		fprintf(fp, _("  %s of %s"), pv, _(of));
		if (rt->has_interval)
			fprintf(fp, " (%s\xe2\x80\x93%s)", pl, ph);
		else
			fputs(_(" (a period ratio, not a proportion)"), fp);
		/* The rate pairs only the records that give both counts: when
		 * those are not all the records, say its base, or the line
		 * reads as a share of the sums printed beside it. */
		if (r->unpaired[rk] && ts_group_pair(t, rk, 0) != TS_MISSING &&
		    ts_group_pair(t, rk, 1) != TS_MISSING && r->opt.suppress <= 0 &&
		    (ts_group_pair(t, rk, 0) != v || ts_group_pair(t, rk, 1) != t->sum[rk ==
		    TS_RATE_PROSECUTION ? TS_INVESTIGATIONS : TS_PROSECUTIONS]))
			fprintf(fp, _("; over the records that give both: %lld %s of "
			    "%lld %s"), (long long)ts_group_pair(t, rk, 0), ts_count_name(c),
			    (long long)ts_group_pair(t, rk, 1), _(of));
	}
	putc('\n', fp);
}

/* A day count, or "not reached". */
static void
day_text(double v, char *buf, size_t size)
{
	if (isnan(v))
		snprintf(buf, size, "%s", _("not reached"));
	else
		snprintf(buf, size, "%.0f", v);
}

static void
text_days(const struct ts_cohort *co, const struct ts_follow *f, char *buf, size_t size)
{
	char a[32], b[32], m[32];

	if (!f->fitted) {
		snprintf(buf, size, "%s", "\xe2\x80\x94");
		return;
	}
	if (isnan(co->median_days) && isnan(co->q1_days)) {
		snprintf(buf, size, "%s", _("not reached"));
		return;
	}
	day_text(co->median_days, m, sizeof m);
	day_text(co->q1_days, a, sizeof a);
	day_text(co->q3_days, b, sizeof b);
	snprintf(buf, size, "%s (%s\xe2\x80\x93%s)", m, a, b);
}

/* A cohort's convictions within --follow-up: the cumulative incidence
 * with its interval, or why there is none. */
static void
text_follow(const struct ts_result *r, const struct ts_follow *f, char *buf, size_t size)
{
	char e[40], l[40], h[40], day[32];

	if (!f->fitted) {
		snprintf(buf, size, "%s", _("\xe2\x80\x94 (no case with both dates)"));
		return;
	}
	if (!f->observable) {
		civil_text(f->last_open, day, sizeof day);
		snprintf(buf, size, _("not yet observable (opened to %s)"), day);
		return;
	}
	ts_pct_text(f->ci.estimate, e, sizeof e);
	ts_pct_text(f->ci.low, l, sizeof l);
	ts_pct_text(f->ci.high, h, sizeof h);
	if (isnan(f->ci.low))
		snprintf(buf, size, "%s", e);
	else
		snprintf(buf, size, "%s (%s\xe2\x80\x93%s)", e, l, h);
	(void)r;
}

/* Group i of the cohort tables (ngroups: the total) and its key. */
static const struct ts_group *
cohort_key(const struct ts_result *r, size_t i, char *key, size_t size)
{
	if (i == r->ngroups) {
		snprintf(key, size, "%s", _("Total"));
		return &r->total;
	}
	key_text(r, &r->groups[i], -1, -1, key, size);
	return &r->groups[i];
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
	char key[512], days[128], day[32], share[64];
	size_t i;
	int64_t untimed;
	struct ts_follow tmp;

	if (c == NULL || !c->cases)
		return;
	if (r->opt.basis == TS_BASIS_PERIOD) {
		fputs(_("\nBasis: period. Each period's convictions are those dated in it "
		    "(closed), over the\ncases opened in it: different cases, so the "
		    "rates are period ratios, not\nproportions, and have no interval.\n"), fp);
		return;
	}
	fputs(_("\nBasis: cohort. Each period's rates are the outcomes of the cases "
	    "opened in it.\n"), fp);
	if (c->cohorts == NULL)
		return;
	if (c->as_of == INT32_MIN)
		snprintf(day, sizeof day, "%s", _("none"));
	else
		civil_text(c->as_of, day, sizeof day);
	fprintf(fp, _("Cut-off %s%s.\nDays to conviction are quantiles of the "
	    "cumulative incidence of conviction\n(Aalen\xe2\x80\x93Johansen: acquittal "
	    "and dismissal compete, open cases are censored\nat the cut-off).\n"), day,
	    r->opt.has_as_of ? _(" (--as-of)") : c->as_of == INT32_MIN ?
	    _(" (no case gives a date)") : _(" (the latest date in the data)"));
	fprintf(fp, "%-24s %9s %11s  %s\n", _("Opened"), _("Cases"), _("Still open"),
	    _("Days to conviction: median (quartiles)"));
	for (i = 0; i <= r->ngroups; i++) {
		const struct ts_cohort cv = ts_compare_cohort(c, i), *co = &cv;
		const struct ts_group *g = cohort_key(r, i, key, sizeof key);
		put_cell(fp, key, 24);
		if (cohort_hidden(g)) {
			fprintf(fp, " %9s\n", _("(withheld)"));
			continue;
		}
		text_days(co, ts_compare_follow(c, i, &tmp), days, sizeof days);
		ts_pct_text(co->cases ? co->share_open : 0.0, share, sizeof share);
		fprintf(fp, " %9lld %11s  %s\n", (long long)co->cases, share, days);
	}
	untimed = c->cohorts[r->ngroups].untimed;
	if (untimed > 0 && !cohort_hidden(&r->total))
		fprintf(fp, _("%lld case%s without an opening day, a closed day, or opened "
		    "after the cut-off\n%s not in the cumulative incidence.\n"),
		    (long long)untimed, untimed == 1 ? "" : "s", untimed == 1 ? _("is") : _("are"));
	if (r->opt.follow_up_days <= 0)
		return;
	fprintf(fp, _("\nConvicted within %s of opening: the cumulative incidence, with a "
	    "%g%% interval\n(log scale, infinitesimal jackknife standard error, as R's "
	    "survfit gives it):\n"), r->opt.follow_up_text, r->opt.level * 100);
	for (i = 0; i <= r->ngroups; i++) {
		const struct ts_group *g = cohort_key(r, i, key, sizeof key);
		put_cell(fp, key, 24);
		if (cohort_hidden(g)) {
			fprintf(fp, " %s\n", _("(withheld)"));
			continue;
		}
		text_follow(r, ts_compare_follow(c, i, &tmp), days, sizeof days);
		fprintf(fp, " %s\n", days);
	}
}

void
ts_compare_write_text(FILE *fp, const struct ts_result *r)
{
	ts_compare_write_sections(fp, r, TS_SECTION_COMPARISONS | TS_SECTION_COHORT |
	    TS_SECTION_NOTES);
}

void
ts_compare_write_sections(FILE *fp, const struct ts_result *r, unsigned sections)
{
	const struct ts_group *t = &r->total;
	char lvl[32];
	int counts = 0;
	size_t i;

	snprintf(lvl, sizeof lvl, "%g%%", r->opt.level * 100);
	if ((sections & TS_SECTION_COMPARISONS) && t->sum[TS_PROSECUTIONS] != TS_MISSING) {
		char level[32];
		snprintf(level, sizeof level, "%s", lvl);
		ts_i18n_number(level, sizeof level);
		/* TRANSLATORS: "Attrition (total, 95% Wilson score intervals)". */
		fprintf(fp, _("\nAttrition (total, %s %s intervals):\n"), level,
		    _(ts_stats_method_title(r->opt.method)));
		text_stage(fp, r, TS_INVESTIGATIONS, N_("Investigations"), -1, NULL);
		text_stage(fp, r, TS_PROSECUTIONS, N_("Prosecutions"), TS_RATE_PROSECUTION,
		    N_("investigations"));
		text_stage(fp, r, TS_CONVICTIONS, N_("Convictions"), TS_RATE_PER_PROSECUTION,
		    N_("prosecutions"));
	}
	if (sections & TS_SECTION_COHORT)
		text_basis(fp, r);
	if (sections & TS_SECTION_COMPARISONS)
		text_comparisons(fp, r, lvl);
	for (i = 0; (sections & TS_SECTION_NOTES) && i < ts_store_ninputs(r->st); i++)
		if (ts_store_input_info_c(r->st, i)->shape != TS_SHAPE_CASES)
			counts = 1;
	if (counts)
		fputs(_("\nCounts tables are period data: a period's convictions may come "
		    "from cases opened\nin earlier periods, so a rate is not the outcome "
		    "of one cohort of cases.\n"), fp);
}
