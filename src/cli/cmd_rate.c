/* cmd_rate.c — tracestat rate K N: one proportion with its interval. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_claim.h"
#include "ts_cli.h"
#include "ts_jsonout.h"
#include "ts_pct.h"
#include "ts_report.h"
#include "ts_stats.h"

static const char usage_rate[] =
"Usage: tracestat rate [OPTIONS] K N\n"
"\n"
"Prints the proportion K/N (K convictions out of N investigations) with\n"
"its confidence interval.  K and N are whole numbers, 0 <= K <= N, N > 0.\n";

static const char after_rate[] =
"\n"
"Examples:\n"
"  tracestat rate 19 229\n"
"  tracestat rate --level 0.99 --format json 19 229\n"
"  tracestat rate --ci exact 19 229\n"
"  tracestat rate --claim 0.08% 19 229\n";

struct rate_options {
	int json;
	const char *claim;
	enum ts_ci_method method;   /* from the statistics block */
	double level;
};

/* Parses a count argument: a non-negative whole number. */
static int
parse_count_arg(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	if (*s < '0' || *s > '9')
		return ts_cli_usage_error(N_("rate: %s is not a non-negative whole number"), s);
	v = strtoll(s, &end, 10);
	if (*end || errno)
		return ts_cli_usage_error(N_("rate: %s is not a non-negative whole number"), s);
	*out = v;
	return 0;
}

static int
take(struct ts_cli_args *a, const struct ts_cli_opt *opt, const char *v)
{
	struct rate_options *o = a->own;

	if (opt->id == 1) {
		o->claim = v;
		return 0;
	}
	return ts_cli_parse_text_json(v, &o->json);
}

static const struct ts_cli_opt rate_opts[] = {
	{ "--claim", 0, "TEXT", NULL,
	  N_("check a published figure against K/N: 8.3%,\n"
	  "0,08 %, 0.083, 8 percent, 8,3 por ciento, 0,08\n"
	  "pour cent, 83 per mille, 1 in 12, 1/12, uno de\n"
	  "cada 12, ~8%, about 8%.  It matches when K/N\n"
	  "rounded to the claim's printed precision gives\n"
	  "it (either way when exactly halfway); otherwise\n"
	  "the likely slip is named and the exit status is 1"), take, 1 },
	{ "--format", 0, "text|json", "text json",
	  N_("output format (default: text)"), take, 0 },
	TS_CLI_HELP_ENTRY,
	{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
};

static const struct ts_cli_block rate_blocks[] = {
	{ N_("Options"), rate_opts },
	{ N_("Statistics"), ts_cli_stats_opts },
	{ NULL, NULL },
};

const struct ts_cli_command ts_cli_rate = {
	"rate", "rate [OPTIONS] K N", N_("one proportion K/N with its interval"),
	usage_rate, after_rate, rate_blocks, 1, ts_cmd_rate,
};

/* K/N as a percentage with a few more digits than the claim printed, so a
 * reader sees why the rounding goes the way it does. */
static void
more_digits(int64_t k, int64_t n, const struct ts_claim *c, char *buf, size_t size)
{
	double v = (double)k / (double)n;
	int d = c->decimals + 3;

	if (c->form == TS_CLAIM_ONE_IN)
		snprintf(buf, size, "%llu in %.*f", (unsigned long long)c->per, d,
		    (double)c->per * (double)n / (double)k);
	else if (c->form == TS_CLAIM_PERCENT)
		snprintf(buf, size, "%.*f%%", d, v * 100);
	else
		snprintf(buf, size, "%.*f", d, v);
}

/* One sentence that says whether the claim matches and, if not, why. */
static void
claim_message(const char *text, const struct ts_claim *c, int64_t k, int64_t n,
    const struct ts_claim_result *cr, char *buf, size_t size)
{
	char exact[64], pct[32];
	long long lk = (long long)k, ln = (long long)n;

	more_digits(k, n, c, exact, sizeof exact);
	ts_pct_text((double)k / (double)n, pct, sizeof pct);
	switch (cr->slip) {
	case TS_SLIP_NONE:
		if (cr->halfway)
			snprintf(buf, size, "The claim \"%s\" matches: %lld/%lld = %s, "
			    "exactly halfway, which rounds to %s half up and to the claim "
			    "half down or to even.", text, lk, ln, exact, cr->correct);
		else if (c->approx)
			snprintf(buf, size, "The claim \"%s\" matches as an approximate "
			    "figure: %lld/%lld = %s, which rounds to %s.", text, lk, ln, exact,
			    cr->correct);
		else
			snprintf(buf, size, "The claim \"%s\" matches: %lld/%lld = %s, which "
			    "rounds to %s.", text, lk, ln, exact, cr->correct);
		if (cr->misleading)
			snprintf(buf + strlen(buf), size - strlen(buf), " But it is "
			    "misleading: it reads as %s, and the rate is %s.",
			    k == 0 || c->digits == 0 ? "none" : "all", pct);
		return;
	case TS_SLIP_DECIMAL_SHIFT:
		snprintf(buf, size, "The claim \"%s\" does not match: its decimal point "
		    "is %d place%s to the %s (%lld/%lld = %s).", text,
		    cr->shift < 0 ? -cr->shift : cr->shift, cr->shift == 1 || cr->shift == -1 ?
		    "" : "s", cr->shift < 0 ? "left" : "right", lk, ln, pct);
		break;
	case TS_SLIP_FRACTION_AS_PCT:
		snprintf(buf, size, "The claim \"%s\" does not match: the published "
		    "figure is 100 times too small, a fraction printed as a percentage "
		    "(%lld/%lld = %.*f as a fraction, which is %s).", text, lk, ln, c->decimals,
		    (double)k / (double)n, pct);
		break;
	case TS_SLIP_PCT_AS_FRACTION:
		snprintf(buf, size, "The claim \"%s\" does not match: the published "
		    "figure is 100 times too large, a percentage printed as a fraction "
		    "without its %% sign (%lld/%lld = %s).", text, lk, ln, pct);
		break;
	case TS_SLIP_INVERSE:
		snprintf(buf, size, "The claim \"%s\" does not match: it is the inverse "
		    "ratio, %lld/%lld, not %lld/%lld.", text, ln, lk, lk, ln);
		break;
	case TS_SLIP_ROUNDING:
		snprintf(buf, size, "The claim \"%s\" does not match: it is rounded the "
		    "wrong way (%lld/%lld = %s rounds to %s).", text, lk, ln, exact,
		    cr->correct);
		break;
	case TS_SLIP_UNKNOWN:
	default:
		snprintf(buf, size, "The claim \"%s\" does not match, and no common "
		    "slip explains it (not a fraction printed as a percentage, not the "
		    "inverse ratio, not a rounding).", text);
		break;
	}
	snprintf(buf + strlen(buf), size - strlen(buf), " The correct figure: "
	    "%lld/%lld = %s%s%s.", lk, ln, pct,
	    strcmp(cr->correct, pct) == 0 ? "" : ", printed as the claim: ",
	    strcmp(cr->correct, pct) == 0 ? "" : cr->correct);
}

int
ts_cmd_rate(int argc, char **argv)
{
	struct rate_options o;
	struct ts_cli_args a;
	struct ts_interval ci;
	struct ts_claim claim;
	struct ts_claim_result cr;
	struct ts_error err;
	int64_t k, n;
	int rc;
	char lvl[32], msg[1024];

	memset(&o, 0, sizeof o);
	rc = ts_cli_parse(&ts_cli_rate, argc, argv, &a, &o);
	if (rc == 0 && a.noperands > 2)
		rc = ts_cli_usage_error(N_("rate: too many arguments ('%s')"), a.operands[2]);
	if (rc == 0 && a.noperands != 2)
		rc = ts_cli_usage_error(N_("rate: needs two numbers, K and N%s"), "");
	if (rc == 0 && (rc = parse_count_arg(a.operands[0], &k)) == 0)
		rc = parse_count_arg(a.operands[1], &n);
	ts_cli_args_free(&a);
	if (rc != 0)
		return rc == TS_CLI_HELP ? ts_cli_finish(0) : rc;
	o.method = a.report.method;
	o.level = a.report.level;
	if (n == 0)
		return ts_cli_usage_error(N_("rate: N is 0, so there is no rate%s"), "");
	if (k > n)
		return ts_cli_usage_error(N_("rate: K is larger than N: not a proportion%s"), "");
	if (ts_stats_interval(o.method, k, n, o.level, &ci) != 0)
		return ts_cli_usage_error(N_("rate: cannot compute this interval%s"), "");
	memset(&err, 0, sizeof err);
	if (o.claim && (ts_claim_parse(o.claim, &claim, &err) != 0 ||
	    ts_claim_check(&claim, k, n, &cr, &err) != 0))
		return ts_cli_fail(&err);
	if (o.claim)
		claim_message(o.claim, &claim, k, n, &cr, msg, sizeof msg);
	snprintf(lvl, sizeof lvl, "%g%%", o.level * 100);
	if (o.json) {
		printf("{\"k\":%lld,\"n\":%lld,\"value\":", (long long)k, (long long)n);
		ts_json_num(stdout, ci.value);
		fputs(",\"low\":", stdout);
		ts_json_num(stdout, ci.low);
		fputs(",\"high\":", stdout);
		ts_json_num(stdout, ci.high);
		printf(",\"method\":\"%s\",\"level\":", ts_stats_method_name(o.method));
		ts_json_num(stdout, o.level);
		if (o.claim) {
			fputs(",\"claim\":{\"text\":", stdout);
			ts_json_str(stdout, o.claim);
			fputs(",\"value\":", stdout);
			ts_json_num(stdout, claim.value);
			printf(",\"matches\":%s,\"slip\":", cr.matches ? "true" : "false");
			if (ts_claim_slip_name(cr.slip))
				ts_json_str(stdout, ts_claim_slip_name(cr.slip));
			else
				fputs("null", stdout);
			if (cr.slip == TS_SLIP_DECIMAL_SHIFT)
				printf(",\"shift\":%d", cr.shift);
			printf(",\"approximate\":%s,\"misleading\":%s", claim.approx ? "true" :
			    "false", cr.misleading ? "true" : "false");
			fputs(",\"correct\":", stdout);
			ts_json_str(stdout, cr.correct);
			fputs(",\"message\":", stdout);
			ts_json_str(stdout, msg);
			putchar('}');
		}
		fputs("}\n", stdout);
	} else {
		char pv[64], pl[64], ph[64];

		ts_pct_text(ci.value, pv, sizeof pv);
		ts_pct_text(ci.low, pl, sizeof pl);
		ts_pct_text(ci.high, ph, sizeof ph);
		printf(_("%lld/%lld = %s (%s CI %s\xe2\x80\x93%s, %s)\n"),
		    (long long)k, (long long)n, pv, lvl, pl, ph, o.method == TS_CI_WILSON ? "Wilson" :
		    ts_stats_method_title(o.method));
		if (o.claim)
			printf("%s\n", msg);
	}
	return ts_cli_finish(o.claim && !cr.matches ? TS_EDATA : TS_OK);
}
