/* rowmap_cells.c — the cells of a record to its values: a reader for each
 * kind of column (set when the column is declared, rowmap.c), the memos
 * of text columns, the record's checks and its end in the store. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_bytes.h"
#include "ts_cellnum.h"
#include "ts_fields.h"
#include "ts_i18n.h"
#include "ts_rowmap.h"
#include "ts_totalword.h"
#include "ts_units.h"
#include "layout_impl.h"
#include "rowmap_impl.h"

static cell_fn skip_cell, count_cell, count_sum_cell, period_cell, closed_cell,
    case_id_cell, memo_cell, layout_cell;

/* The reader of each kind of cell. */
static cell_fn *const cell_reader[] = {
	[CELL_SKIP] = skip_cell,
	[CELL_COUNT] = count_cell,
	[CELL_COUNT_SUM] = count_sum_cell,
	[CELL_PERIOD] = period_cell,
	[CELL_OUTCOME] = memo_cell,
	[CELL_CLOSED] = closed_cell,
	[CELL_CASE_ID] = case_id_cell,
	[CELL_SOURCE] = memo_cell,
	[CELL_DIM] = memo_cell,
	[CELL_LAYOUT] = layout_cell,
};

static void kind_of(struct column *c);

/* Decides what the cells of column c are, from its field and dimension,
 * and so what reads them. */
void
ts_rowmap_set_kind(struct column *c)
{
	kind_of(c);
	c->cell = cell_reader[c->kind];
}

void
ts_rowmap_set_reader(struct column *c, enum cell_kind kind)
{
	c->kind = (unsigned char)kind;
	c->cell = cell_reader[kind];
}

static void
kind_of(struct column *c)
{
	c->arg = 0;
	if (ts_rowmap_is_count(c->field)) {
		c->kind = c->sum ? CELL_COUNT_SUM : CELL_COUNT;
		c->arg = (unsigned char)(c->field - TS_F_INVESTIGATIONS);
		return;
	}
	switch (c->field) {
	case TS_F_DATE: c->kind = CELL_PERIOD; c->arg = SLOT_DATE; return;
	case TS_F_MONTH: c->kind = CELL_PERIOD; c->arg = SLOT_MONTH; return;
	case TS_F_PERIOD: c->kind = CELL_PERIOD; c->arg = SLOT_PERIOD; return;
	case TS_F_YEAR: c->kind = CELL_PERIOD; c->arg = SLOT_YEAR; return;
	case TS_F_OUTCOME: c->kind = CELL_OUTCOME; return;
	case TS_F_CLOSED: c->kind = CELL_CLOSED; return;
	case TS_F_CASE_ID: c->kind = CELL_CASE_ID; return;
	case TS_F_SOURCE: c->kind = CELL_SOURCE; return;
	default:
		c->kind = c->dim >= 0 ? CELL_DIM : CELL_SKIP;
		return;
	}
}

void
ts_rowmap_begin(struct ts_rowmap *m, long line)
{
	size_t i, nd = ts_store_ndims(m->st);

	m->line = line;
	m->rejected = 0;
	for (i = 0; i < TS_NCOUNTS; i++)
		m->row.counts[i] = TS_MISSING;
	m->period_set = 0;
	m->censored = 0;
	/* A reader may declare columns (and so dimensions) as it goes. */
	if (nd > m->dims_cap && ts_grow(&m->dims, &m->dims_cap, nd, sizeof *m->dims) != 0)
		m->oom = 1;
	if (nd > m->dims_cap)
		nd = m->dims_cap;
	if (nd)
		memset(m->dims, 0, nd * sizeof *m->dims);
	m->row.source = 0;
	m->period_total = 0;
	m->outcome = TS_OUTCOME_NONE;
	m->case_fp = 0;
	m->case_id = 0;
	m->closed = TS_NO_DAY;
	if (m->layout_kind != TS_LAYOUT_PLAIN)
		ts_layout_begin(m->layout);
}

static TS_COLD void
reject_value(struct ts_rowmap *m, const char *fmt, const char *field,
    const char *value, size_t len)
{
	char q[128];

	if (m->rejected)
		return;
	m->rejected = 1;
	ts_quote(value, len, q, sizeof q);
	if (ts_diags_add(m->diags, TS_DIAG_REJECT, m->input, m->line, fmt,
	    field, q) != 0)
		m->oom = 1;
}

void
ts_rowmap_reject_cell(struct ts_rowmap *m, const char *fmt, ...)
{
	va_list ap;

	m->info->layout.rejected_cells++;
	va_start(ap, fmt);
	ts_rowmap_diag_v(m, TS_DIAG_REJECT, fmt, ap);
	va_end(ap);
}

void
ts_rowmap_reject_texts(struct ts_rowmap *m, const char *message, const char *text)
{
	if (m->rejected)
		return;
	m->rejected = 1;
	if (ts_diags_add_texts(m->diags, TS_DIAG_REJECT, m->input, m->line,
	    message, text) != 0)
		m->oom = 1;
}

void
ts_rowmap_reject(struct ts_rowmap *m, const char *fmt, ...)
{
	va_list ap;

	if (m->rejected)
		return;
	m->rejected = 1;
	va_start(ap, fmt);
	ts_rowmap_diag_v(m, TS_DIAG_REJECT, fmt, ap);
	va_end(ap);
}

/* --- Memos of text cells (struct memo) ------------------------------- */

/* A cell's first and last words (see struct memo_way). */
static inline void
memo_words(const char *s, size_t len, uint64_t *first, uint64_t *last)
{
	if (len < 8) {
		*first = *last = ts_bytes_short(s, len);
	} else {
		*first = ts_bytes_word(s);
		*last = ts_bytes_word(s + len - 8);
	}
}

/* The set of a cell: its length and its first and last words, well mixed.
 * Cells that share those and differ inside share a set, and miss. */
static inline size_t
memo_set(uint64_t first, uint64_t last, size_t len)
{
	first ^= (last << 29 | last >> 35) ^ len;
	return (size_t)((first * 0x9E3779B97F4A7C15ULL) >> 57);
}

static inline int
memo_is(const struct memo_way *w, const char *s, size_t len, uint64_t first,
    uint64_t last)
{
	return w->len == len && w->first == first && w->last == last &&
	    (len <= 16 || ts_bytes_same(w->middle, s + 8, len - 16));
}

/* The value memo keeps for s[0..len) (len > 0), or UINT32_MAX. */
static inline uint32_t
memo_find(const struct memo *memo, const char *s, size_t len)
{
	const struct memo_way *w;
	uint64_t first, last;

	memo_words(s, len, &first, &last);
	w = memo->way[memo_set(first, last, len)];
	if (memo_is(&w[0], s, len, first, last))
		return w[0].value;
	if (memo_is(&w[1], s, len, first, last))
		return w[1].value;
	return UINT32_MAX;
}

/* Keeps value for s[0..len) in the column's memo, the first of its set
 * (the older one moves to the second way).  The first MEMO_COLUMNS text
 * columns get a memo; when it cannot be had, cells go without. */
static TS_COLD void
memo_keep(struct ts_rowmap *m, struct column *c, const char *s, size_t len,
    uint32_t value)
{
	struct memo_way *w;
	uint64_t first, last;

	if (len == 0 || len > MEMO_TEXT)
		return;
	if (c->memo == NULL) {
		if (m->nmemos == MEMO_COLUMNS || (c->memo = calloc(1, sizeof *c->memo)) == NULL)
			return;
		m->nmemos++;
	}
	memo_words(s, len, &first, &last);
	w = c->memo->way[memo_set(first, last, len)];
	w[1] = w[0];
	w[0].first = first;
	w[0].last = last;
	w[0].len = (uint32_t)len;
	w[0].value = value;
	if (len > 16)
		memcpy(w[0].middle, s + 8, len - 16);
}

/* --- Cells ---------------------------------------------------------- */

/* A count cell that is rejected alone: the record keeps its other
 * values (docs/input.md). */
static TS_COLD void
reject_cell(struct ts_rowmap *m, const char *fmt, const char *field,
    const char *value, size_t len)
{
	char q[128];

	ts_quote(value, len, q, sizeof q);
	m->info->layout.rejected_cells++;
	if (ts_diags_add(m->diags, TS_DIAG_REJECT, m->input, m->line, fmt,
	    field, q) != 0)
		m->oom = 1;
}

/* Says in 'tracestat check' how an annotated cell was read. */
static TS_COLD void
detail(struct ts_rowmap *m, const char *fmt, ...)
    TS_PRINTF(2, 3);

/* Adds a diagnostic of kind about the current record. */
void
ts_rowmap_diag_v(struct ts_rowmap *m, enum ts_diag_kind kind, const char *fmt, va_list ap)
{
	char msg[512], text[512];

	ts_format_texts(msg, sizeof msg, text, sizeof text, fmt, ap);
	if (ts_diags_add_texts(m->diags, kind, m->input, m->line, msg, text) != 0)
		m->oom = 1;
}

static TS_COLD void
detail(struct ts_rowmap *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ts_rowmap_diag_v(m, TS_DIAG_DETAIL, fmt, ap);
	va_end(ap);
}

/* An annotated, flagged or censored count (ts_cellnum.h): 1 with *v set,
 * 0 when it gives no value (missing, or the cell rejected). */
static TS_COLD int
count_annotated(struct ts_rowmap *m, const struct column *c, const char *s,
    size_t len, int64_t *v)
{
	struct ts_cellnum cn;
	const char *f = ts_field_name(c->field);
	char q[128], mark[48], fmt[128];

	switch (ts_cellnum_parse(s, len, &cn)) {
	case TS_CELLNUM_MARKED:
		m->info->layout.annotated++;
		ts_quote(s, len, q, sizeof q);
		ts_quote(s + cn.mark, len - cn.mark, mark, sizeof mark);
		detail(m, N_("field '%s': %s read as %lld without the mark %s"), f, q,
		    (long long)cn.value, mark);
		*v = cn.value;
		return 1;
	case TS_CELLNUM_PART:
		m->info->layout.annotated++;
		ts_quote(s, len, q, sizeof q);
		detail(m, "field '%s': %s read as %lld%s (labour part %lld)", f, q,
		    (long long)(m->opt->part_labor ? cn.part : cn.value),
		    m->opt->part_labor ? ", the labour part" : "", (long long)cn.part);
		*v = m->opt->part_labor ? cn.part : cn.value;
		return 1;
	case TS_CELLNUM_FLAGGED_MISSING:
		return 0;
	case TS_CELLNUM_CENSORED:
		/* A long or wide table's values join records of other rows,
		 * and a case's counts follow from its outcome: no range there. */
		if (m->layout_kind != TS_LAYOUT_PLAIN || m->shape == TS_SHAPE_CASES) {
			snprintf(fmt, sizeof fmt, "field '%%s': %%s is a censored count "
			    "(%lld to %lld); left out", (long long)cn.lo, (long long)cn.hi);
			reject_cell(m, fmt, f, s, len);
			return 0;
		}
		m->info->layout.censored++;
		ts_quote(s, len, q, sizeof q);
		detail(m, N_("field '%s': %s is a censored count, %lld to %lld"), f, q,
		    (long long)cn.lo, (long long)cn.hi);
		ts_diags_set_code(m->diags, "censored_cell");
		/* Parts of a --map sum add their ranges; past INT64_MAX the
		 * high end is no count. */
		if (m->censored >> c->arg & 1) {
			if (cn.hi - cn.lo > INT64_MAX - m->censored_up[c->arg]) {
				reject_cell(m, N_("field '%s': %s makes the sum too "
				    "large for a count"), f, s, len);
				return 0;
			}
			m->censored_up[c->arg] += cn.hi - cn.lo;
		} else {
			m->censored_up[c->arg] = cn.hi - cn.lo;
		}
		m->censored |= 1u << c->arg;
		*v = cn.lo;
		return 1;
	case TS_CELLNUM_TOO_BIG:
		reject_cell(m, N_("field '%s': %s is too large for a count"), f, s, len);
		return 0;
	default:
		reject_cell(m, N_("field '%s': %s is not a count"), f, s, len);
		return 0;
	}
}

/* Reads a count cell that is not plain digits: 1 with *v set, 0 when it
 * gives no value. */
static TS_COLD int
count_value(struct ts_rowmap *m, const struct column *c, const char *s,
    size_t len, int64_t *v)
{
	const char *t = s;
	size_t n = len;

	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		n--;
	while (n && (t[0] == ' ' || t[0] == '\t')) {
		t++;
		n--;
	}
	if (n && ts_vocab_find(m->opt->vocab, TS_VOCAB_MISSING, t, n))
		return 0;
	if (m->opt->dash_zero && ts_cellnum_is_dash(t, n)) {
		*v = 0;
		return 1;
	}
	switch (ts_parse_count(s, len, v)) {
	case TS_COUNT_OK:
		return 1;
	case TS_COUNT_MISSING:
		return 0;
	case TS_COUNT_TOO_BIG:
		reject_cell(m, N_("field '%s': %s is too large for a count"),
		    ts_field_name(c->field), s, len);
		return 0;
	default:
		return count_annotated(m, c, s, len, v);
	}
}

static TS_COLD void
count_slow(struct ts_rowmap *m, const struct column *c, const char *s, size_t len)
{
	int64_t v;

	if (count_value(m, c, s, len, &v))
		m->row.counts[c->arg] = v;
	else
		m->row.counts[c->arg] = TS_MISSING;
}

/* A count: plain digits here, anything else by count_value(). */
static void
count_cell(struct ts_rowmap *m, struct column *c, const char *s, size_t len)
{
	if (m->slow_counts || !ts_parse_count_plain(s, len, &m->row.counts[c->arg]))
		count_slow(m, c, s, len);
}

/* A part of a --map A+B sum: added to the parts before it. */
static void
count_sum_cell(struct ts_rowmap *m, struct column *c, const char *s, size_t len)
{
	int64_t v, *to = &m->row.counts[c->arg];

	if (!ts_parse_count_plain(s, len, &v) || m->slow_counts)
		if (!count_value(m, c, s, len, &v))
			return;
	if (*to == TS_MISSING)
		*to = v;
	else if (v > INT64_MAX - *to)
		reject_cell(m, N_("field '%s': %s makes the sum too large for a count"),
		    ts_field_name(c->field), s, len);
	else
		*to += v;
}

/* A period with a footnote mark or a flag after it ("2014*", "2015 p"):
 * 1 when it reads without the mark. */
static TS_COLD int
period_marked(struct ts_rowmap *m, const struct column *c, const char *s,
    size_t len)
{
	static const enum ts_precision want[NSLOTS] = {
		TS_PREC_DAY, TS_PREC_MONTH, TS_PREC_NONE, TS_PREC_YEAR,
	};
	size_t n = ts_cellnum_unmark(s, len, 1);
	struct ts_period p;
	char q[128];

	if (n == len || ts_period_parse_memo(s, n, m->opt->day_first, &m->months, &p) != 0 ||
	    (want[c->arg] != TS_PREC_NONE && p.precision != want[c->arg]))
		return 0;
	m->periods[c->arg] = p;
	m->period_set |= 1u << c->arg;
	m->info->layout.annotated++;
	ts_quote(s, len, q, sizeof q);
	detail(m, N_("field '%s': %s read as %.*s without its mark"),
	    ts_field_name(c->field), q, (int)n, s);
	return 1;
}

static TS_COLD void
period_bad(struct ts_rowmap *m, const struct column *c, const char *s, size_t len)
{
	/* "Total" under the years: a total row over every period, for the
	 * totals pass to check. */
	if (ts_totalword_classify(s, len, NULL, 0, NULL) != TS_TOTAL_NONE) {
		m->period_total = 1;
		return;
	}
	if (period_marked(m, c, s, len))
		return;
	reject_value(m, !m->opt->day_first && memchr(s, '/', len) ?
	    N_("field '%s': %s is not a valid period (for DD/MM/YYYY give --day-first)") :
	    N_("field '%s': %s is not a valid period"),
	    ts_field_name(c->field), s, len);
}

static void
period_cell(struct ts_rowmap *m, struct column *c, const char *s, size_t len)
{
	static const enum ts_precision want[NSLOTS] = {
		TS_PREC_DAY, TS_PREC_MONTH, TS_PREC_NONE, TS_PREC_YEAR,
	};
	unsigned slot = c->arg;
	struct ts_period *p = &m->periods[slot];

	if (len == 0)
		return;
	if (s[0] == ' ' || s[len - 1] == ' ') {
		while (len && s[len - 1] == ' ')
			len--;
		while (len && s[0] == ' ') {
			s++;
			len--;
		}
		if (len == 0)
			return;
	}
	if (ts_period_parse_memo(s, len, m->opt->day_first, &m->months, p) != 0 ||
	    (want[slot] != TS_PREC_NONE && p->precision != want[slot] &&
	    !(slot == SLOT_YEAR && p->precision == TS_PREC_FISCAL))) {
		period_bad(m, c, s, len);
		return;
	}
	if (p->precision == TS_PREC_FISCAL)
		ts_period_fiscal_start(p, m->opt->layout.fiscal_start);
	m->period_set |= 1u << slot;
}

TS_COLD void
ts_rowmap_trim(const char **s, size_t *len)
{
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
	while (*len && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
		(*s)++;
		(*len)--;
	}
}

/* Drops the spaces and tabs around a cell; most cells have none: two
 * tests. */
static inline void
trim(const char **s, size_t *len)
{
	if (*len && ((unsigned char)(*s)[0] <= ' ' ||
	    (unsigned char)(*s)[*len - 1] <= ' '))
		ts_rowmap_trim(s, len);
}

static TS_COLD void
reject_outcome(struct ts_rowmap *m, const char *s, size_t len)
{
	reject_value(m, N_("field '%s': %s is not an outcome; accepted: open, "
	    "charged, convicted, acquitted, dismissed and their aliases such as "
	    "condenado, absuelto, archivado ('tracestat fields')"), "outcome", s, len);
}

static TS_COLD void
closed_slow(struct ts_rowmap *m, const char *s, size_t len)
{
	int64_t unused;

	if (ts_parse_count(s, len, &unused) == TS_COUNT_MISSING)
		return;         /* an open case has no closed date */
	reject_value(m, N_("field '%s': %s is not a date (YYYY-MM-DD)"), "closed", s, len);
}

static void
closed_cell(struct ts_rowmap *m, struct column *c, const char *s, size_t len)
{
	struct ts_period p;

	(void)c;
	trim(&s, &len);
	if (len == 0)
		return;         /* an open case has no closed date */
	/* A date first: no missing marker is one. */
	if (ts_period_parse_memo(s, len, m->opt->day_first, &m->months, &p) == 0 &&
	    p.precision == TS_PREC_DAY) {
		m->closed = p.lo;
		return;
	}
	closed_slow(m, s, len);
}

/* A case id is kept as its fingerprint; its text only when asked for
 * (staged in the store, kept with the record).
 * The row's slot in the duplicate queue keeps what the warning quotes:
 * the id's first 64 bytes up to a NUL, copied a word at a time. */
static void
case_id_cell(struct ts_rowmap *m, struct column *c, const char *s, size_t len)
{
	struct pending *p = ts_rowmap_pend_slot(m);
	size_t n, k;
	uint64_t w;
	struct ts_case_key key;

	(void)c;
	trim(&s, &len);
	if (len == 0)
		return;
	key = ts_store_case_key(s, len);
	m->case_fp = key.fp;
	m->case_check = key.check;
	ts_store_case_prefetch(m->st, m->case_fp);
	if (m->opt->keep_case_ids) {
		if (ts_store_case_stage(m->st, s, len) != 0)
			m->oom = 1;
		m->case_id = TS_CASE_STAGED;
	}
	n = len < sizeof p->text ? len : sizeof p->text;
	for (k = 0; k + 8 <= n; k += 8) {
		w = ts_bytes_word(s + k);
		if (ts_bytes_has_zero(w))
			break;
		memcpy(p->text + k, &w, 8);
	}
	for (; k < n && s[k] != '\0'; k++)
		p->text[k] = s[k];
	p->len = k;
}

static TS_COLD void
reject_nul(struct ts_rowmap *m, const struct column *c, const char *s, size_t len)
{
	/* Shown and grouped as C strings, it would be cut short. */
	char name[80];

	ts_quote(c->name, c->name_len, name, sizeof name);
	reject_value(m, N_("column %s: %s has a NUL byte"), name, s, len);
}

/* What a memo cell gives: a string id, or an outcome. */
static void
memo_put(struct ts_rowmap *m, const struct column *c, uint32_t value)
{
	switch (c->kind) {
	case CELL_OUTCOME:
		m->outcome = (enum ts_outcome)value;
		break;
	case CELL_SOURCE:
		m->row.source = value;
		break;
	default:
		if ((size_t)c->dim < m->dims_cap)
			m->dims[c->dim] = value;
		break;
	}
}

/* A cell the memo did not know: an outcome word looked up, or a string
 * interned (unless it has a NUL byte), and kept in the memo when good. */
static TS_COLD void
memo_miss(struct ts_rowmap *m, struct column *c, const char *s, size_t len)
{
	uint32_t v;

	if (c->kind == CELL_OUTCOME) {
		const struct ts_vocab_word *w =
		    ts_vocab_find(m->opt->vocab, TS_VOCAB_OUTCOME, s, len);
		v = w ? (uint32_t)w->target : ts_fields_outcome(s, len);
		if (v == TS_OUTCOME_NONE) {
			m->outcome = TS_OUTCOME_NONE;
			reject_outcome(m, s, len);
			return;
		}
	} else {
		v = ts_store_intern_text(m->st, s, len);
		if (v == TS_HAS_NUL) {
			reject_nul(m, c, s, len);
			return;
		}
		if (v == TS_NO_ID) {
			m->oom = 1;
			return;
		}
	}
	memo_keep(m, c, s, len, v);
	memo_put(m, c, v);
}

/* A dimension, source or outcome cell: a file spells its few hundred
 * values the same way a million times, so the memo answers nearly every
 * cell.  Outcome words are trimmed; an empty text cell is string 0. */
static void
memo_cell(struct ts_rowmap *m, struct column *c, const char *s, size_t len)
{
	uint32_t v;

	if (c->kind == CELL_OUTCOME)
		trim(&s, &len);
	else if (len == 0) {
		memo_put(m, c, 0);
		return;
	}
	if (len && c->memo && (v = memo_find(c->memo, s, len)) != UINT32_MAX)
		memo_put(m, c, v);
	else
		memo_miss(m, c, s, len);
}

/* A cell of a long or wide table's own column. */
static void
layout_cell(struct ts_rowmap *m, struct column *c, const char *s, size_t len)
{
	ts_layout_cell(m->layout, (size_t)(c - m->cols), s, len);
}

/* A column left out: its cells are not read. */
static void
skip_cell(struct ts_rowmap *m, struct column *c, const char *s, size_t len)
{
	(void)m;
	(void)c;
	(void)s;
	(void)len;
}

void
ts_rowmap_cell(struct ts_rowmap *m, size_t column, const char *s, size_t len)
{
	struct column *c;

	if (column >= m->ncols || m->rejected || m->oom)
		return;
	c = &m->cols[column];
	c->cell(m, c, s, len);
}

void
ts_rowmap_cells(struct ts_rowmap *m, const struct ts_cellspan *sp, size_t n)
{
	struct column *c;
	size_t k;

	/* A cell may reject the record or run out of memory: no more cells
	 * are read then. */
	for (k = 0; k < n && k < m->ncols && !(m->rejected | m->oom); k++) {
		c = &m->cols[k];
		c->cell(m, c, sp[k].s, sp[k].n);
	}
}

static void
warn(struct ts_rowmap *m, const char *fmt, ...)
    TS_PRINTF(2, 3);

static void
warn(struct ts_rowmap *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ts_rowmap_diag_v(m, TS_DIAG_WARNING, fmt, ap);
	va_end(ap);
}

static void
day_text(int32_t day, char *buf, size_t size)
{
	int y, mo, d;

	ts_civil_from_days(day, &y, &mo, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, mo, d);
}

/* The consistency warnings (README.md, "Consistency warnings") that one
 * record can show; the row is kept. */
static void
check_record(struct ts_rowmap *m)
{
	const int64_t *c = m->row.counts;
	const struct ts_period *p = &m->row.period;
	char a[16], b[16], ptext[64];
	int64_t inv = c[TS_INVESTIGATIONS];

	/* A censored count may be as high as censored_up above its low end:
	 * a count exceeds investigations only when it must. */
	if (inv != TS_MISSING && (m->censored >> TS_INVESTIGATIONS & 1))
		inv = m->censored_up[TS_INVESTIGATIONS] > INT64_MAX - inv ? INT64_MAX :
		    inv + m->censored_up[TS_INVESTIGATIONS];
	if (c[TS_INVESTIGATIONS] != TS_MISSING) {
		if (c[TS_CONVICTIONS] != TS_MISSING && c[TS_CONVICTIONS] > inv)
			warn(m, N_("convictions (%lld) exceed investigations (%lld)"),
			    (long long)c[TS_CONVICTIONS], (long long)inv);
		if (c[TS_PROSECUTIONS] != TS_MISSING && c[TS_PROSECUTIONS] > inv)
			warn(m, N_("prosecutions (%lld) exceed investigations (%lld)"),
			    (long long)c[TS_PROSECUTIONS], (long long)inv);
	}
	if (p->precision != TS_PREC_NONE && m->closed != TS_NO_DAY && m->closed < p->lo) {
		day_text(m->closed, a, sizeof a);
		ts_period_format(p, ptext, sizeof ptext);
		warn(m, N_("closed %s is before the period of the case (%s)"), a, ptext);
	}
	if (m->opt->has_today) {
		if (p->precision != TS_PREC_NONE && p->lo > m->opt->today) {
			day_text(m->opt->today, b, sizeof b);
			ts_period_format(p, ptext, sizeof ptext);
			warn(m, N_("period %s is in the future (today is %s)"), ptext, b);
		}
		if (m->closed != TS_NO_DAY && m->closed > m->opt->today) {
			day_text(m->opt->today, b, sizeof b);
			day_text(m->closed, a, sizeof a);
			warn(m, N_("closed %s is in the future (today is %s)"), a, b);
		}
	}
}

/* The end of a long or wide table's row: the layout adds its records. */
static int
layout_end(struct ts_rowmap *m)
{
	char msg[300];
	int rc;

	if (m->oom)
		return TS_EIO;
	rc = ts_layout_end(m->layout, &m->row, m->dims, msg, sizeof msg);
	if (rc < 0)
		return TS_EIO;
	if (rc > 0) {
		ts_rowmap_reject(m, "%s", msg);
		m->info->rejected++;
	}
	return m->oom ? TS_EIO : TS_OK;
}

/* Gives the record just added the ranges of its censored counts: from the
 * count read (every part at its low end) to that plus censored_up.  A
 * count whose other parts were rejected is missing: no range. */
static TS_COLD int
censored_end(struct ts_rowmap *m)
{
	size_t i = ts_store_count(m->st) - 1, c;
	int64_t lo;

	for (c = 0; c < TS_NCOUNTS; c++) {
		if (!(m->censored >> c & 1) || (lo = m->row.counts[c]) == TS_MISSING)
			continue;
		if (m->censored_up[c] > INT64_MAX - lo) {
			m->info->layout.rejected_cells++;
			if (ts_diags_add(m->diags, TS_DIAG_REJECT, m->input, m->line,
			    N_("field '%s': the high end of its censored parts passes %lld"),
			    ts_count_name((enum ts_count)c), (long long)INT64_MAX) != 0)
				return -1;
			if (ts_store_set_count(m->st, i, (enum ts_count)c, TS_MISSING) != 0)
				return -1;
			continue;
		}
		if (ts_store_set_censored(m->st, i, (enum ts_count)c, lo,
		    lo + m->censored_up[c]) != 0)
			return -1;
	}
	return 0;
}

int
ts_rowmap_end(struct ts_rowmap *m)
{
	unsigned slot;

	if (m->oom)
		return TS_EIO;
	if (m->shape == TS_SHAPE_CASES && !m->rejected && m->outcome == TS_OUTCOME_NONE)
		reject_outcome(m, "", 0);
	m->info->rows++;
	if (m->rejected) {
		m->info->rejected++;
		return m->oom ? TS_EIO : TS_OK;
	}
	if (m->period_set) {
		/* The most precise period column given wins. */
		for (slot = 0; !(m->period_set & 1u << slot); slot++)
			;
		m->row.period = m->periods[slot];
	} else {
		m->row.period.precision = TS_PREC_NONE;
		m->row.period.range_prec = TS_PREC_NONE;
		m->row.period.lo = m->row.period.hi = 0;
	}
	/* A case row's counts other than victims are its outcome's
	 * (ts_store_add_case()): one investigation, at most one conviction
	 * or prosecution, so no count warning can apply to it. */
	check_record(m);
	m->row.input = m->input;
	m->row.line = m->line > (long)UINT32_MAX ? UINT32_MAX : (uint32_t)m->line;
	m->row.dims = m->dims;
	if (m->layout_kind != TS_LAYOUT_PLAIN)
		return layout_end(m);
	m->row.outcome = m->shape == TS_SHAPE_CASES ? (uint8_t)m->outcome : 0;
	if (m->oom)
		return TS_EIO;
	if (m->shape == TS_SHAPE_CASES ? ts_store_add_case(m->st, &m->row,
	    (struct ts_case_key){ m->case_fp, m->case_check }, m->case_id,
	    m->closed) != 0 : ts_store_add(m->st, &m->row) != 0)
		return TS_EIO;
	if (m->censored && censored_end(m) != 0)
		return TS_EIO;
	if (m->period_total && ts_store_set_flag(m->st, ts_store_count(m->st) - 1,
	    TS_FLAG_PERIOD_TOTAL) != 0)
		return TS_EIO;
	if (m->shape == TS_SHAPE_CASES && ts_rowmap_queue_case(m) != 0)
		return TS_EIO;
	return TS_OK;
}
