/* totals_check.c — a total row against the sum of the rows it covers:
 * verified, mismatched, incomplete or alone, said so, flagged, and the
 * censored counts the total settles (totals_impl.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "totals_impl.h"
#include "ts_fields.h"
#include "ts_i18n.h"

/* A verified total tv of count c over rows whose sum lies in a->sum[c] ..
 * a->sum[c] + a->up[c] bounds each censored count among them: the others
 * at their ends leave it at most tv less their low ends, at least tv less
 * their high ends.  One censored count is then known.  *sum is what the
 * censored counts add up to.  Returns 0, or -1 when out of memory. */
static int
censored_settle(struct pass *ps, const struct acc *a, size_t c, int64_t tv,
    int64_t *sum)
{
	int64_t slack = tv - a->sum[c], excess = a->up[c] - slack, lo, hi, nlo, nhi;
	int64_t known = slack;
	uint32_t k, block = 0;

	/* Two or more stay ranges, but their sum is known (a block): the
	 * report's group that holds them all gets it exactly.  A count in a
	 * block already (a subtotal's) keeps it. */
	for (k = a->cens[c]; k != 0; k = ps->cens[k - 1].next) {
		uint32_t rec = ps->cens[k - 1].rec;
		if (ts_store_censored(ps->st, rec, (enum ts_count)c, &lo, &hi))
			known += lo;
	}
	*sum = known;
	for (k = a->cens[c]; k != 0 && a->ncens[c] > 1; k = ps->cens[k - 1].next)
		if (ts_store_censored_block_id(ps->st, ps->cens[k - 1].rec,
		    (enum ts_count)c) != 0)
			break;
	if (a->ncens[c] > 1 && k == 0 && (block = ts_store_censored_block(ps->st,
	    known)) == 0)
		return -1;
	for (k = a->cens[c]; k != 0; k = ps->cens[k - 1].next) {
		uint32_t rec = ps->cens[k - 1].rec;
		if (!ts_store_censored(ps->st, rec, (enum ts_count)c, &lo, &hi))
			continue;
		nhi = hi - lo > slack ? lo + slack : hi;
		nlo = hi - lo > excess ? hi - excess : lo;
		if ((nlo != lo || nhi != hi) &&
		    ts_store_set_censored(ps->st, rec, (enum ts_count)c, nlo, nhi) != 0)
			return -1;
		if (block && nlo != nhi &&
		    ts_store_censored_join(ps->st, rec, (enum ts_count)c, block) != 0)
			return -1;
	}
	return 0;
}

/* Appends to buf at *o, never past size. */
static void
cat(char *buf, size_t size, size_t *o, const char *fmt, ...)
    TS_PRINTF(4, 5);
static void
cat(char *buf, size_t size, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*o + 1 >= size)
		return;
	va_start(ap, fmt);
	w = vsnprintf(buf + *o, size - *o, fmt, ap);
	va_end(ap);
	if (w > 0)
		*o += (size_t)w < size - *o ? (size_t)w : size - *o - 1;
}

/* The cell that made a row a total, quoted for a message. */
static void
total_name(const struct ts_store *st, uint32_t name, char *buf, size_t size)
{
	const char *s = ts_store_string(st, name);

	if (name == 0)
		snprintf(buf, size, "%s", "(a total word as its period)");
	else
		ts_quote(s, strlen(s), buf, size);
}

/* Whether the report's grouping (opt->by) keeps the rows of a total
 * together, so that the total can be counted in their place: none of the
 * columns in which the rows differ is grouped by, nor a period finer than
 * a year.  Unknown grouping (check, convert, plot): no. */
static int
grouping_keeps(const struct pass *ps, const uint32_t *common)
{
	const char *p = ps->opt->by, *comma;
	size_t n, d;
	char name[64];
	enum ts_field f;

	if (p == NULL)
		return 0;
	for (; *p; p = comma ? comma + 1 : p + n) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (n == 0 || n >= sizeof name)
			continue;
		memcpy(name, p, n);
		name[n] = '\0';
		if (strcmp(name, "month") == 0 || strcmp(name, "quarter") == 0 ||
		    strcmp(name, "date") == 0 || strcmp(name, "period") == 0)
			return 0;
		/* "state" groups by the jurisdiction column, as the report
		 * reads it. */
		f = ts_fields_match(name, n);
		for (d = 0; d < ps->ndims; d++) {
			const char *dn = ts_store_dim_name(ps->st, d);

			if (common[d] == SAME_MIXED &&
			    (ts_fields_same(name, n, dn, strlen(dn)) ||
			    (f != TS_F_NONE && strcmp(ts_field_name(f), dn) == 0)))
				return 0;
		}
		if (!comma)
			break;
	}
	return 1;
}

/* Gives a total row the values its rows share in the columns where it
 * has a total word.  Returns 0, or -1 when out of memory. */
static int
relabel(struct pass *ps, const struct total *t, const uint32_t *common)
{
	size_t c;
	uint32_t v;

	for (c = 0; c < ps->ndims; c++) {
		v = ts_store_dim_id(ps->st, t->rec, c);
		if (ts_totals_class(ps, v) != TS_TOTAL_NONE && common[c] < SAME_UNSET &&
		    ts_store_set_dim(ps->st, t->rec, c, common[c]) != 0)
			return -1;
	}
	return 0;
}

int
ts_totals_check(struct pass *ps, const struct total *t, struct acc *a,
    const uint32_t *common)
{
	struct ts_store *st = ps->st;
	char name[128], lines[64], bad[512], good[512], unchecked[256], only[256];
	char inc[512];
	size_t ob = 0, og = 0, ou = 0, oo = 0, oi = 0, c;
	const char *what = t->kind == TS_TOTAL_SUB ? "subtotal row" : "total row";
	char tail[600];
	int64_t tv;
	int rc;

	bad[0] = good[0] = unchecked[0] = only[0] = tail[0] = inc[0] = '\0';
	total_name(st, t->name, name, sizeof name);
	if (a->rows == 1)
		snprintf(lines, sizeof lines, "the row it covers (line %u)",
		    a->first_line);
	else
		snprintf(lines, sizeof lines, "the %llu rows it covers (lines %u-%u)",
		    (unsigned long long)a->rows, a->first_line, a->last_line);
	for (c = 0; c < TS_NCOUNTS; c++) {
		int64_t clo, chi;
		tv = ts_store_get_count(st, t->rec, (enum ts_count)c);
		if (tv == TS_MISSING)
			continue;
		if (ts_store_censored(st, t->rec, (enum ts_count)c, &clo, &chi)) {
			/* A censored total is no figure to check against. */
			cat(unchecked, sizeof unchecked, &ou, "%s%s (censored)", ou ? ", " : "",
			    ts_count_name((enum ts_count)c));
			continue;
		}
		if (a->have[c] == 0) {
			cat(only, sizeof only, &oo, "%s%s %lld", oo ? ", " : "",
			    ts_count_name((enum ts_count)c), (long long)tv);
		} else if (a->overflow & (1u << c)) {
			cat(unchecked, sizeof unchecked, &ou, "%s%s", ou ? ", " : "",
			    ts_count_name((enum ts_count)c));
		} else if (tv == a->sum[c] && a->ncens[c] == 0) {
			cat(good, sizeof good, &og, "%s%s %lld", og ? ", " : "",
			    ts_count_name((enum ts_count)c), (long long)tv);
		} else if (a->ncens[c] && tv >= a->sum[c] && tv - a->sum[c] <= a->up[c]) {
			/* The censored rows' counts are what the total leaves. */
			int64_t known;
			if (censored_settle(ps, a, c, tv, &known) != 0)
				return -1;
			cat(good, sizeof good, &og, "%s%s %lld (%u censored, so %s %lld)",
			    og ? ", " : "", ts_count_name((enum ts_count)c), (long long)tv,
			    a->ncens[c], a->ncens[c] == 1 ? "it is" : "they sum to",
			    (long long)known);
		} else if (a->have[c] < a->rows && tv > a->sum[c]) {
			/* Rows without the count (a blank or rejected cell) leave
			 * their sum short: the published total is the figure. */
			cat(inc, sizeof inc, &oi, "%s%s %lld in the row, %lld in the "
			    "%llu of its rows that give it", oi ? "; " : "",
			    ts_count_name((enum ts_count)c), (long long)tv,
			    (long long)a->sum[c], (unsigned long long)a->have[c]);
		} else if (a->ncens[c]) {
			cat(bad, sizeof bad, &ob, "%s%s %lld in the row, %lld to %lld in the sum",
			    ob ? "; " : "", ts_count_name((enum ts_count)c),
			    (long long)tv, (long long)a->sum[c], (long long)(a->sum[c] + a->up[c]));
		} else {
			/* Rows that leave the count blank may explain the gap. */
			cat(bad, sizeof bad, &ob, "%s%s %lld in the row, %lld in the sum",
			    ob ? "; " : "", ts_count_name((enum ts_count)c),
			    (long long)tv, (long long)a->sum[c]);
			if (a->have[c] < a->rows)
				cat(bad, sizeof bad, &ob, " (%llu of the rows leave it blank)",
				    (unsigned long long)(a->rows - a->have[c]));
		}
	}
	if (ou)
		snprintf(tail, sizeof tail, "; not checked (the sum is too large): %s",
		    unchecked);
	if (oo)
		snprintf(tail + strlen(tail), sizeof tail - strlen(tail),
		    "; counted from this row, which alone gives them: %s", only);
	if (ob && oi)
		cat(bad, sizeof bad, &ob, "; %s", inc);
	/* Incomplete rows, and nothing that contradicts the total: where the
	 * grouping keeps the rows together, the total is counted for them. */
	if (!ob && oi && !oo && t->kind != TS_TOTAL_SUB && t->name != 0 &&
	    t->pat->mode == MODE_ALL && grouping_keeps(ps, common)) {
		if (ts_diags_add(ps->diags, TS_DIAG_WARNING, ts_store_input(st, t->rec),
		    ts_store_line(st, t->rec), N_("%s %s counted for %s, which are "
		    "incomplete (a cell blank or rejected): %s; the published "
		    "figures are counted, not the incomplete sum%s%s%s"), what, name,
		    lines, inc, og ? " (verified: " : "", good, og ? ")" : "") != 0)
			return -1;
		ts_diags_set_code(ps->diags, "total_incomplete");
		a->stands = 1;
		ps->any_stands = 1;
		return relabel(ps, t, common) != 0 ? -1 : 1;
	}
	if (!ob && oi) {
		if (ts_diags_add(ps->diags, TS_DIAG_WARNING, ts_store_input(st, t->rec),
		    ts_store_line(st, t->rec), N_("%s %s: %s are incomplete (a cell "
		    "blank or rejected): %s; the rows are counted, so the sums "
		    "fall short of the published total%s%s%s%s"), what, name, lines,
		    inc, og ? " (verified: " : "", good, og ? ")" : "", tail) != 0)
			return -1;
		ts_diags_set_code(ps->diags, "total_incomplete");
		if (oo == 0)
			return ts_store_set_flag(st, t->rec, t->kind == TS_TOTAL_SUB ?
			    TS_FLAG_SUBTOTAL : TS_FLAG_TOTAL) != 0 ? -1 : 0;
		rc = 0;
	} else if (ob)
		rc = ts_diags_add(ps->diags, TS_DIAG_WARNING, ts_store_input(st, t->rec),
		    ts_store_line(st, t->rec),
		    N_("%s %s does not match %s: %s; the rows are counted, not the %s%s"),
		    what, name, lines, bad, what, tail);
	else if (og)
		rc = ts_diags_add(ps->diags, TS_DIAG_NOTE, ts_store_input(st, t->rec),
		    ts_store_line(st, t->rec),
		    N_("%s %s verified: %s, the sum of %s%s"),
		    what, name, good, lines, tail);
	else
		rc = ts_diags_add(ps->diags, TS_DIAG_NOTE, ts_store_input(st, t->rec),
		    ts_store_line(st, t->rec),
		    N_("%s %s not checked against %s%s"),
		    what, name, lines, tail);
	if (rc != 0)
		return -1;
	if (ob || !oi)
		ts_diags_set_code(ps->diags, ob ? "total_mismatch" : og ?
		    "total_verified" : "total_unchecked");
	if (oo == 0)
		return ts_store_set_flag(st, t->rec, t->kind == TS_TOTAL_SUB ?
		    TS_FLAG_SUBTOTAL : TS_FLAG_TOTAL) != 0 ? -1 : 0;
	/* Keep only the counts its rows do not give, under the name its rows
	 * share ("Subtotal PGR" over rows of PGR counts as PGR). */
	for (c = 0; c < TS_NCOUNTS; c++)
		if (a->have[c] != 0 &&
		    ts_store_set_flag(st, t->rec, TS_FLAG_COVERED(c)) != 0)
			return -1;
	return relabel(ps, t, common) != 0 ? -1 : 1;
}

/* Totals that cover no row are the only figure there is: they count.  One
 * note per input says so. */
int
ts_totals_note_lone(struct pass *ps, const uint32_t *lone, const uint32_t *first)
{
	const struct ts_store *st = ps->st;
	char name[128];
	size_t in, k;
	uint32_t rec;

	for (in = 0; in < ts_store_ninputs(st); in++) {
		if (lone[in] == 0)
			continue;
		rec = first[in];
		for (k = 0; ps->totals[k].rec != rec; k++)
			;
		total_name(st, ps->totals[k].name, name, sizeof name);
		if (lone[in] == 1 ? ts_diags_add(ps->diags, TS_DIAG_NOTE, (uint32_t)in,
		    ts_store_line(st, rec), N_("row %s looks like a total but covers "
		    "no other row of its table: counted as an ordinary row"), name) :
		    ts_diags_add(ps->diags, TS_DIAG_NOTE, (uint32_t)in,
		    ts_store_line(st, rec), N_("%u rows look like totals (the first is "
		    "%s) but cover no other row of their table: counted as ordinary "
		    "rows"), lone[in], name))
			return -1;
		ts_diags_set_code(ps->diags, "total_lone");
	}
	return 0;
}
