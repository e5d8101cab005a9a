/* csv_head.c — the rows around a published table: the header among title
 * lines, a units row under it, notes below it (docs/input.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_impl.h"
#include "layout_impl.h"
#include "ts_error.h"
#include "ts_fields.h"

void
ts_csvrows_cell(struct ts_csvrows *r, const char *s, size_t len)
{
	struct ts_csvrows_cell *c;

	if (r->oom)
		return;
	if (ts_grow(&r->buf, &r->cap, r->len + len + 1, 1) != 0 ||
	    ts_grow(&r->cells, &r->cells_cap, r->ncells + 1, sizeof *r->cells) != 0) {
		r->oom = 1;
		return;
	}
	c = &r->cells[r->ncells++];
	c->off = r->len;
	c->len = len;
	if (len)
		memcpy(r->buf + r->len, s, len);
	r->len += len;
	r->open++;
}

void
ts_csvrows_close(struct ts_csvrows *r, long line)
{
	struct ts_csvrows_row *row;

	if (r->oom)
		return;
	if (ts_grow(&r->rows, &r->rows_cap, r->nrows + 1, sizeof *r->rows) != 0) {
		r->oom = 1;
		return;
	}
	row = &r->rows[r->nrows++];
	row->first = r->ncells - r->open;
	row->n = r->open;
	row->line = line;
	r->open = 0;
}

void
ts_csvrows_clear(struct ts_csvrows *r)
{
	r->len = r->ncells = r->nrows = r->open = 0;
}

void
ts_csvrows_free(struct ts_csvrows *r)
{
	free(r->buf);
	free(r->cells);
	free(r->rows);
	free(r->spans);
	memset(r, 0, sizeof *r);
}

const struct ts_cellspan *
ts_csvrows_spans(struct ts_csvrows *r, size_t i)
{
	const struct ts_csvrows_row *row = &r->rows[i];
	size_t k;

	if (ts_grow(&r->spans, &r->spans_cap, row->n ? row->n : 1, sizeof *r->spans) != 0)
		return NULL;
	for (k = 0; k < row->n; k++) {
		r->spans[k].s = r->buf + r->cells[row->first + k].off;
		r->spans[k].n = r->cells[row->first + k].len;
	}
	return r->spans;
}

int
ts_csvhead_is_header(const struct ts_rowmap *m, const struct ts_cellspan *sp,
    size_t n)
{
	enum ts_field f;
	size_t i, values = 0, measures = 0, periods = 0;
	int role;

	/* A row of 200,000 cells, 50 times, would be 10^7 header lookups:
	 * the count column of a real header is among its first cells. */
	for (i = 0; i < n && i < TS_CSV_HEAD_CELLS; i++) {
		f = ts_rowmap_header_field(m, sp[i].s, sp[i].n);
		if ((f >= TS_F_INVESTIGATIONS && f <= TS_F_VICTIMS) || f == TS_F_OUTCOME)
			return 1;
		/* The header of a long table names its value and measure
		 * columns; a wide table's has periods as headers (at least
		 * two, as a data row seldom holds two years), or Eurostat's
		 * packed key (docs/input.md). */
		role = f == TS_F_NONE ? ts_layout_header_word(sp[i].s, sp[i].n) : TS_ROLE_NONE;
		values += role == TS_ROLE_VALUE;
		measures += role == TS_ROLE_MEASURE;
		periods += role == TS_ROLE_PERIOD;
		if (role == TS_ROLE_PACKED || (values && measures) || periods >= 2)
			return 1;
	}
	return 0;
}

int
ts_csvhead_is_units(const struct ts_cellspan *sp, size_t n)
{
	static const char *const units[] = {
		"%", "personas", "persons", "people", "number", "numbers", "numero",
		"numeros", "número", "números", "count", "counts", "casos", "cases",
		"absolute", "absolutos", "cifras absolutas", "units", "unidades",
		"no", "n", "#", "nombre", "pessoas", "número de personas",
		"number of persons", "victims", "víctimas",
	};
	size_t i, k, seen = 0, len;
	const char *s;
	int64_t v;

	for (i = 0; i < n; i++) {
		s = sp[i].s;
		len = sp[i].n;
		ts_rowmap_trim(&s, &len);
		if (len == 0)
			continue;
		if (ts_parse_count(s, len, &v) == TS_COUNT_OK)
			return 0;
		seen++;
		if (len >= 2 && s[0] == '(' && s[len - 1] == ')')
			continue;
		for (k = 0; k < sizeof units / sizeof units[0]; k++)
			if (ts_fields_same(s, len, units[k], strlen(units[k])))
				break;
		if (k == sizeof units / sizeof units[0])
			return 0;
	}
	return seen > 0;
}

/* 1 when a single cell reads as prose rather than a label. */
static int
prose(const char *s, size_t n)
{
	static const char *const openers[] = {
		"nota", "notas", "note", "notes", "fuente", "fuentes", "source",
		"sources", "footnote", "elaborado", "elaboración", "elaboracion",
		"remarque", "fonte", "fontes", "n.d.", "nd:", "*", "1/", "a/", "(1)",
		"\xc2\xb9", "p/", "cifras", "datos", "data are", "figures",
		"includes", "incluye", "excludes", "excluye",
	};
	size_t k, words = 1, i, wl;

	if (n > 60 || memchr(s, ':', n) || s[n - 1] == '.')
		return 1;
	for (i = 0; i < n; i++)
		words += s[i] == ' ';
	if (words >= 5)
		return 1;
	for (k = 0; k < sizeof openers / sizeof openers[0]; k++) {
		wl = strlen(openers[k]);
		if (n >= wl && ts_fields_same(s, wl, openers[k], wl))
			return 1;
	}
	return 0;
}

int
ts_csvhead_may_be_note(const struct ts_cellspan *sp, size_t n, size_t ncols)
{
	size_t i, filled = 0, first = n;
	const char *s;
	size_t len;
	int64_t v;

	/* Nearly every row: the header's cells, the first two filled. */
	if (n == ncols && n >= 2 && sp[0].n && sp[1].n &&
	    (unsigned char)sp[0].s[0] > ' ' && (unsigned char)sp[1].s[0] > ' ')
		return 0;
	for (i = 0; i < n && filled < 2; i++) {
		if (sp[i].n == 0)
			continue;
		s = sp[i].s;
		len = sp[i].n;
		ts_rowmap_trim(&s, &len);
		if (len == 0)
			continue;
		if (filled++ == 0)
			first = i;
	}
	if (filled == 0)
		return 1;       /* an empty row: between a table and its notes */
	s = sp[first].s;
	len = sp[first].n;
	ts_rowmap_trim(&s, &len);
	if (ts_parse_count(s, len, &v) != TS_COUNT_MISSING &&
	    ts_parse_count(s, len, &v) != TS_COUNT_BAD)
		return 0;       /* a number first: a record, perhaps malformed */
	if (n != ncols)
		return 1;
	return filled == 1 && ncols > 1 && prose(s, len);
}

void
ts_csvhead_note_text(const struct ts_cellspan *sp, size_t n, char delim,
    char *out, size_t size)
{
	size_t i, o = 0, last = n;

	while (last > 0 && sp[last - 1].n == 0)
		last--;
	if (size == 0)
		return;
	for (i = 0; i < last && o + 1 < size; i++) {
		size_t k = sp[i].n < size - 1 - o ? sp[i].n : size - 1 - o;
		if (i && o + 1 < size)
			out[o++] = delim;
		if (k > size - 1 - o)
			k = size - 1 - o;
		memcpy(out + o, sp[i].s, k);
		o += k;
	}
	out[o] = '\0';
}
