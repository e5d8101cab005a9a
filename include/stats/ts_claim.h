/* ts_claim.h — checking a published figure against K/N.
 *
 * A claim is a rate as a report printed it: "0.08%", "8.3 %", "0,08 %",
 * "0.083", "8 percent", "8,3 por ciento", "0,08 pour cent", "8 por cento",
 * "83‰", "1 in 12", "1/12", "uno de cada 12", "un sur 12", "um em cada 12",
 * with "~", "about", "aproximadamente", "environ" before it and trailing
 * punctuation after it.  It matches K/N when K/N, rounded to the claim's
 * own printed precision, gives the claim's digits (half away from zero, or,
 * when K/N is exactly halfway, either way); an approximate claim also
 * matches a unit away in its last digit.  When it does not, ts_claim_check
 * names the likely slip, a decimal point moved by any number of places
 * included.  "1,205%" is refused as ambiguous in English (1205% or
 * 1.205%?); a Spanish, French or Portuguese word makes the comma decimal.
 * Pure functions: integer arithmetic throughout, so no rounding of our own
 * can turn a match into a mismatch.
 */
#ifndef TS_CLAIM_H
#define TS_CLAIM_H

#include <stdint.h>

#include "ts_error.h"

enum ts_claim_form {
	TS_CLAIM_PERCENT,    /* "8.3%", "8 percent", "8,3 por ciento" */
	TS_CLAIM_FRACTION,   /* "0.083" */
	TS_CLAIM_ONE_IN,     /* "1 in 12", "1/12", "uno de cada 12": per in
	                        digits/10^decimals */
	TS_CLAIM_PERMILLE,   /* "83‰", "83 per mille" */
};

struct ts_claim {
	enum ts_claim_form form;
	uint64_t digits;     /* the printed number without its separator */
	int decimals;        /* digits printed after the separator */
	uint64_t per;        /* TS_CLAIM_ONE_IN: the "1" of "1 in 12" */
	double value;        /* the claim as a proportion */
	int approx;          /* "~8%", "about 8%": within a unit of its last digit */
};

enum ts_claim_slip {
	TS_SLIP_NONE,              /* the claim matches */
	TS_SLIP_FRACTION_AS_PCT,   /* the fraction printed as a percentage */
	TS_SLIP_PCT_AS_FRACTION,   /* the percentage printed without "%" */
	TS_SLIP_INVERSE,           /* N/K instead of K/N */
	TS_SLIP_ROUNDING,          /* truncated or rounded the wrong way */
	TS_SLIP_UNKNOWN,           /* none of these explains it */
	TS_SLIP_DECIMAL_SHIFT,     /* the decimal point moved (shift places) */
};

struct ts_claim_result {
	int matches;
	enum ts_claim_slip slip;
	int shift;           /* TS_SLIP_DECIMAL_SHIFT: the printed figure is
	                        K/N times 10^shift */
	int halfway;         /* K/N is exactly halfway at the claim's precision:
	                        rounding down matches too */
	int misleading;      /* "0%" for a rate above 0, "100%" below 1 */
	char correct[64];    /* K/N printed as the claim is ("8.3%", "1 in 12") */
};

/* Parses text into *out.  Returns 0, or TS_EUSAGE with err set when the
 * text is not a claim of one of the forms above. */
int ts_claim_parse(const char *text, struct ts_claim *out, struct ts_error *err);

/* Checks claim c against k/n (0 <= k <= n, n > 0).  Returns 0, or
 * TS_EUSAGE with err set when the claim is printed to more digits than
 * can be compared exactly. */
int ts_claim_check(const struct ts_claim *c, int64_t k, int64_t n,
    struct ts_claim_result *out, struct ts_error *err);

/* A short name of a slip for JSON ("fraction-as-percentage", ...); NULL
 * for TS_SLIP_NONE. */
const char *ts_claim_slip_name(enum ts_claim_slip s);

#endif
