/* layout_rows.c — the rows of long and wide tables: their cells, the
 * breakdowns left out, the measure of each row, its values into records
 * (layout_parts_impl.h). */
#include <stdio.h>
#include <string.h>

#include "ts_i18n.h"
#include "ts_units.h"
#include "layout_parts_impl.h"

/* --- Cells ------------------------------------------------------------ */

void
ts_layout_begin(struct ts_layout *l)
{
	size_t i;

	l->has_measure = l->has_value = l->value_long = 0;
	l->flag_set = 0;
	l->packed_len = 0;
	l->packed_long = 0;
	l->bad_col = -1;
	if (l->values)
		for (i = (size_t)l->first_period; i <= (size_t)l->last_period; i++)
			l->values[i] = TS_MISSING;
}

/* Keeps s[0..len) trimmed in buf (size CELL_TEXT); *cut when it was
 * longer. */
static size_t
keep(char *buf, size_t size, const char *s, size_t len, int *cut)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (len && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		len--;
	}
	*cut = len > size;
	if (len > size)
		len = size;
	memcpy(buf, s, len);
	return len;
}

/* A value cell: a count, or a count with Eurostat's flags ("12 p",
 * ": c" for a missing one, "5e"). */
static enum ts_count_parse
parse_value(const char *s, size_t len, int64_t *v, int *flagged)
{
	enum ts_count_parse r;
	size_t n;

	*flagged = 0;
	if (ts_parse_count_plain(s, len, v))
		return TS_COUNT_OK;
	r = ts_parse_count(s, len, v);
	if (r != TS_COUNT_BAD)
		return r;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (len && s[0] == ' ') {
		s++;
		len--;
	}
	/* Flags: up to three of Eurostat's letters after the figure. */
	for (n = len; n > 0 && len - n < 3 && strchr("bcdefnprsuz", s[n - 1]) &&
	    s[n - 1] != '\0'; n--)
		;
	if (n == len || n == 0)
		return len && s[0] == ':' ? TS_COUNT_MISSING : TS_COUNT_BAD;
	*flagged = 1;
	while (n && s[n - 1] == ' ')
		n--;
	if (n == 1 && s[0] == ':')
		return TS_COUNT_MISSING;
	return ts_parse_count(s, n, v) == TS_COUNT_OK ? TS_COUNT_OK : TS_COUNT_BAD;
}

void
ts_layout_cell(struct ts_layout *l, size_t column, const char *s, size_t len)
{
	int cut, flagged;
	int64_t v;
	enum ts_count_parse r;

	if (column >= l->ncols)
		return;
	switch (l->roles[column]) {
	case TS_ROLE_MEASURE:
		if (column == (size_t)l->measure_col) {
			l->measure_len = keep(l->measure_text, sizeof l->measure_text,
			    s, len, &cut);
			l->has_measure = 1;
		}
		break;
	case TS_ROLE_VALUE:
		if (column == (size_t)l->value_col) {
			l->value_len = keep(l->value_text, sizeof l->value_text, s, len,
			    &l->value_long);
			l->has_value = 1;
		}
		break;
	case TS_ROLE_FLAG:
		if (column == (size_t)l->flag_col) {
			char flag[8];

			l->flag_set = keep(flag, sizeof flag, s, len, &cut) > 0;
		}
		break;
	case TS_ROLE_PACKED:
		if (column == (size_t)l->packed_col)
			l->packed_len = keep(l->packed_text, sizeof l->packed_text, s,
			    len, &l->packed_long);
		break;
	case TS_ROLE_PERIOD:
		if (l->values == NULL)
			break;
		r = parse_value(s, len, &v, &flagged);
		if (r == TS_COUNT_OK) {
			l->values[column] = v;
			l->info->layout.flagged += (unsigned)flagged;
		} else if (r != TS_COUNT_MISSING && l->bad_col < 0) {
			l->bad_col = (long)column;
			l->bad_len = keep(l->bad, sizeof l->bad, s, len, &cut);
		}
		break;
	default:
		break;
	}
}

/* 1 when breakdown b's value id is a total word. */
static int
is_total(struct ts_layout *l, struct breakdown *b, uint32_t id)
{
	const char *s;
	char f[FOLD];
	unsigned k;
	int t;

	if (id == 0)
		return 1;       /* not given: all of them */
	for (k = 0; k < MEMO_IDS; k++)
		if (b->memo_id[k] == id && (b->memo_total[k] & 2))
			return b->memo_total[k] & 1;
	s = ts_store_string(l->st, id);
	t = ts_layout_in_list(TS_LIST_TOTAL, f, ts_layout_fold(s, strlen(s), f));
	k = b->memo_next++ % MEMO_IDS;
	b->memo_id[k] = id;
	b->memo_total[k] = (uint8_t)(2 | t);
	return t;
}

/* 1 when the row is one the report uses: every breakdown at its total,
 * except the chosen ones, which must not be (their total row is the sum
 * of theirs). */
static int
row_used(struct ts_layout *l, const uint32_t *dims, size_t nd)
{
	size_t k;
	int any_chosen = l->info->layout.by[0] != '\0', t;
	struct breakdown *b;

	for (k = 0; k < l->nbd; k++) {
		b = &l->bd[k];
		if ((size_t)b->dim >= nd)
			continue;
		t = is_total(l, b, dims[b->dim]);
		b->seen_total |= t;
		if (b->chosen ? t : !t && !(any_chosen && b->is_dimension)) {
			b->left_out++;
			return 0;
		}
	}
	return 1;
}

/* 1 when s[0..len) can be shown in a shell's single quotes as it is. */
static int
plain_text(const char *s, size_t len)
{
	size_t i;

	if (len > 60)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == '\'' || s[i] == 0x7f)
			return 0;
	return 1;
}

/* The field a measure text names, resolved once per distinct text;
 * warns at its first row when it names none. */
static int
resolve_measure(struct ts_layout *l, const char *s, size_t len, long line,
    enum ts_field *out)
{
	size_t k;
	enum ts_field f;
	char q[96];

	for (k = 0; k < l->nseen; k++)
		if (l->seen[k].len == len && memcmp(l->seen[k].text, s, len) == 0) {
			*out = l->seen[k].field;
			return 0;
		}
	f = ts_layout_measure_field(l, s, len);
	if (f >= TS_F_INVESTIGATIONS && f <= TS_F_VICTIMS)
		ts_unit_note(&l->info->layout.units[f - TS_F_INVESTIGATIONS],
		    l->info->layout.unit_from[f - TS_F_INVESTIGATIONS],
		    ts_unit_of(s, len), s, len);
	if (len <= sizeof l->seen[0].text && l->nseen < sizeof l->seen / sizeof l->seen[0]) {
		memcpy(l->seen[l->nseen].text, s, len);
		l->seen[l->nseen].len = len;
		l->seen[l->nseen++].field = f;
	}
	*out = f;
	if (f == TS_F_NONE && l->nwarned < 32) {
		l->nwarned++;
		ts_quote(s, len, q, sizeof q);
		if (ts_diags_add(l->diags, TS_DIAG_WARNING, l->input, line,
		    N_("measure %s names no field: its rows are left out (--measure-word "
		    "'%.*s=FIELD' reads them)"), q, plain_text(s, len) ? (int)len : 4,
		    plain_text(s, len) ? s : "WORD") != 0)
			return -1;
	}
	return 0;
}

/* Splits the packed key text into its dimensions; the measure's part
 * into *ms, *mlen.  Returns 0, 1 with msg set when the parts do not match
 * the header, or -1 when out of memory. */
static int
unpack(struct ts_layout *l, uint32_t *dims, size_t nd, const char **ms,
    size_t *mlen, char *msg, size_t size)
{
	const char *p = l->packed_text, *end = p + l->packed_len, *comma;
	size_t k, n;
	uint32_t id;

	for (k = 0; k < l->npacked; k++) {
		comma = memchr(p, ',', (size_t)(end - p));
		n = comma ? (size_t)(comma - p) : (size_t)(end - p);
		if ((comma == NULL) != (k + 1 == l->npacked) || l->packed_long) {
			snprintf(msg, size, "column 1: %zu parts separated by commas "
			    "expected, as in its header", l->npacked);
			return 1;
		}
		if (l->packed[k].dim < 0) {
			*ms = p;
			*mlen = n;
		} else if ((size_t)l->packed[k].dim < nd) {
			id = ts_store_intern_text(l->st, p, n);
			if (id == TS_NO_ID)
				return -1;
			if (id == TS_HAS_NUL) {
				snprintf(msg, size, "column 1 has a NUL byte");
				return 1;
			}
			dims[l->packed[k].dim] = id;
		}
		p = comma ? comma + 1 : end;
	}
	return 0;
}

static int
end_long(struct ts_layout *l, struct ts_row *row, uint32_t *dims, size_t nd,
    const char *ms, size_t mlen, char *msg, size_t size)
{
	enum ts_field f = l->file_field;
	enum ts_count_parse r;
	int64_t v;
	int flagged;
	char q[96];

	if (ms && resolve_measure(l, ms, mlen, (long)row->line, &f) != 0)
		return -1;
	if (f == TS_F_NONE) {
		l->info->layout.unknown++;
		return 0;
	}
	if (!l->has_value)
		return 0;
	r = l->value_long ? TS_COUNT_BAD :
	    parse_value(l->value_text, l->value_len, &v, &flagged);
	if (r == TS_COUNT_MISSING)
		return 0;
	if (r != TS_COUNT_OK) {
		ts_quote(l->value_text, l->value_len, q, sizeof q);
		snprintf(msg, size, "field '%s' (column '%.40s'): %s is %s",
		    ts_field_name(f), ts_layout_col_name(l, (size_t)l->value_col), q,
		    r == TS_COUNT_TOO_BIG ? "too large for a count" : "not a count");
		return 1;
	}
	l->info->layout.flagged += (unsigned)(flagged || l->flag_set);
	(void)nd;
	return ts_layout_put(l, row, dims, (enum ts_count)(f - TS_F_INVESTIGATIONS), v, NULL,
	    msg, size);
}

static int
end_wide(struct ts_layout *l, struct ts_row *row, uint32_t *dims, size_t nd,
    const char *ms, size_t mlen, char *msg, size_t size)
{
	enum ts_field f = l->file_field;
	struct ts_period year = row->period, p;
	struct repeats rep = { 0, 0, 0 };
	size_t i;
	int rc, y, mo, d;
	char q[96];

	(void)nd;
	if (l->bad_col >= 0) {
		ts_quote(l->bad, l->bad_len, q, sizeof q);
		snprintf(msg, size, "column '%.40s': %s is not a count",
		    ts_layout_col_name(l, (size_t)l->bad_col), q);
		return 1;
	}
	if (ms && resolve_measure(l, ms, mlen, (long)row->line, &f) != 0)
		return -1;
	if (f == TS_F_NONE) {
		l->info->layout.unknown++;
		return 0;
	}
	if (l->month_headers && year.precision != TS_PREC_YEAR) {
		snprintf(msg, size, "month columns ('%.20s'...) need the row's year; "
		    "it gives %s", ts_layout_col_name(l, (size_t)l->first_period),
		    year.precision == TS_PREC_NONE ? "none" : "a period that is not a year");
		return 1;
	}
	for (i = (size_t)l->first_period; i <= (size_t)l->last_period; i++) {
		if (l->roles[i] != TS_ROLE_PERIOD || l->values[i] == TS_MISSING)
			continue;
		p = l->periods[i];
		if (p.precision == TS_PREC_NONE) {
			ts_civil_from_days(year.lo, &y, &mo, &d);
			mo = (int)l->periods[i].lo;
			p.precision = TS_PREC_MONTH;
			p.range_prec = TS_PREC_NONE;
			p.lo = ts_days_from_civil(y, mo, 1);
			p.hi = (mo == 12 ? ts_days_from_civil(y + 1, 1, 1) :
			    ts_days_from_civil(y, mo + 1, 1)) - 1;
		}
		row->period = p;
		rc = ts_layout_put(l, row, dims, (enum ts_count)(f - TS_F_INVESTIGATIONS),
		    l->values[i], &rep, msg, size);
		if (rc != 0) {
			row->period = year;
			return rc;
		}
	}
	row->period = year;
	if ((rep.same || rep.differ) && ts_diags_add(l->diags, TS_DIAG_WARNING,
	    l->input, (long)row->line, N_("the row repeats the key of the record of "
	    "line %lu: %zu figure%s the same (counted once), %zu different (the "
	    "first kept)"), (unsigned long)rep.line, rep.same, rep.same == 1 ? "" : "s",
	    rep.differ) != 0)
		return -1;
	return 0;
}

int
ts_layout_end(struct ts_layout *l, struct ts_row *row, uint32_t *dims,
    char *msg, size_t size)
{
	size_t nd = ts_store_ndims(l->st), k;
	const char *ms = NULL, *s;
	size_t mlen = 0;
	enum ts_field f;
	int rc;

	if (l->packed_col >= 0 && (rc = unpack(l, dims, nd, &ms, &mlen, msg, size)) != 0)
		return rc;
	if (l->measure_col >= 0) {
		ms = l->has_measure ? l->measure_text : "";
		mlen = l->has_measure ? l->measure_len : 0;
	}
	if (l->measure_dim == -2) {
		/* The first row: the first text column whose value is a
		 * measure becomes the measure column. */
		for (k = 0; k < nd && l->measure_dim == -2; k++) {
			s = ts_store_string(l->st, dims[k]);
			if (dims[k] && (f = ts_layout_measure_field(l, s, strlen(s))) != TS_F_NONE &&
			    ts_fields_match(ts_store_dim_name(l->st, k),
			    strlen(ts_store_dim_name(l->st, k))) == TS_F_NONE) {
				l->measure_dim = (int)k;
				snprintf(l->info->layout.measure, sizeof l->info->layout.measure,
				    "%s", ts_store_dim_name(l->st, k));
			}
		}
		if (l->measure_dim == -2) {
			snprintf(msg, size, "a long table needs a measure column: no "
			    "column of this row names a count (give --measure COLUMN, or "
			    "--measure-word WORD=FIELD)");
			return 1;
		}
	}
	if (l->measure_dim >= 0 && (size_t)l->measure_dim < nd) {
		s = ts_store_string(l->st, dims[l->measure_dim]);
		ms = s;
		mlen = strlen(s);
		dims[l->measure_dim] = 0;
	}
	if (!row_used(l, dims, nd)) {
		l->info->layout.set_aside++;
		return 0;
	}
	return l->kind == TS_LAYOUT_LONG ? end_long(l, row, dims, nd, ms, mlen, msg, size) :
	    end_wide(l, row, dims, nd, ms, mlen, msg, size);
}
