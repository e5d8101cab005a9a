/* rowmap.c — column names to fields, cells to record values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_fields.h"
#include "ts_rowmap.h"

/* The period columns, most precise first: the first one given wins. */
enum { SLOT_DATE, SLOT_MONTH, SLOT_PERIOD, SLOT_YEAR, NSLOTS };

struct column {
	enum ts_field field;
	int dim;                /* store dimension, or -1 */
	char *name;             /* as written (owned) */
	size_t name_len;
};

struct ts_rowmap {
	struct ts_store *st;
	uint32_t input;
	struct ts_input_info *info;
	const struct ts_load_options *opt;
	struct ts_diags *diags;
	int oom;

	struct column *cols;
	size_t ncols, cols_cap;
	int has_count;
	uint32_t *col_slots;    /* column index by exact name; UINT32_MAX empty */
	size_t col_nslots;

	/* The record being read. */
	long line;
	int rejected;
	struct ts_row row;
	struct ts_period periods[NSLOTS];
	uint32_t *dims;
	size_t dims_cap;
	size_t dims_clear;      /* dims[0..dims_clear) are 0 between records */
	size_t *touched;        /* the dims this record set, to clear them */
	size_t ntouched, touched_cap;
};

struct ts_rowmap *
ts_rowmap_new(struct ts_store *st, uint32_t input,
    const struct ts_load_options *opt, struct ts_diags *diags)
{
	struct ts_rowmap *m = calloc(1, sizeof *m);

	if (m == NULL)
		return NULL;
	m->st = st;
	m->input = input;
	m->info = ts_store_input_info(st, input);
	m->opt = opt;
	m->diags = diags;
	return m;
}

void
ts_rowmap_free(struct ts_rowmap *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->ncols; i++)
		free(m->cols[i].name);
	free(m->cols);
	free(m->col_slots);
	free(m->dims);
	free(m->touched);
	free(m);
}

size_t
ts_rowmap_ncolumns(const struct ts_rowmap *m)
{
	return m->ncols;
}

static int
is_count(enum ts_field f)
{
	return f >= TS_F_INVESTIGATIONS && f <= TS_F_VICTIMS;
}

static int
is_dimension(enum ts_field f)
{
	return f == TS_F_NONE || f == TS_F_JURISDICTION || f == TS_F_AGENCY ||
	    f == TS_F_EXPLOITATION;
}

/* The slot of the column named name[0..len), or the empty slot where it
 * would go.  A hash, so that a header of 200,000 columns stays linear. */
static size_t
column_slot(const struct ts_rowmap *m, const char *name, size_t len)
{
	size_t j = ts_hash(name, len) & (m->col_nslots - 1);
	const struct column *c;

	while (m->col_slots[j] != UINT32_MAX) {
		c = &m->cols[m->col_slots[j]];
		if (c->name_len == len && memcmp(c->name, name, len) == 0)
			break;
		j = (j + 1) & (m->col_nslots - 1);
	}
	return j;
}

/* Rebuilds the column index with nslots slots (a power of two). */
static int
index_columns(struct ts_rowmap *m, size_t nslots)
{
	uint32_t *slots = malloc(nslots * sizeof *slots);
	size_t i;

	if (slots == NULL)
		return -1;
	memset(slots, 0xff, nslots * sizeof *slots);
	free(m->col_slots);
	m->col_slots = slots;
	m->col_nslots = nslots;
	for (i = 0; i < m->ncols; i++)
		m->col_slots[column_slot(m, m->cols[i].name, m->cols[i].name_len)] = (uint32_t)i;
	return 0;
}

long
ts_rowmap_column(struct ts_rowmap *m, const char *name, size_t len, long line,
    struct ts_error *err)
{
	struct column *c;
	size_t i, slot;
	char label[64];

	if (m->ncols >= UINT32_MAX - 1)
		goto oom;
	/* Keep the index under half full. */
	if ((m->ncols + 1) * 2 > m->col_nslots &&
	    index_columns(m, m->col_nslots ? m->col_nslots * 2 : 64) != 0)
		goto oom;
	slot = column_slot(m, name, len);
	/* Empty headers are all different: spreadsheets leave several. */
	if (m->col_slots[slot] != UINT32_MAX && len > 0)
		return (long)m->col_slots[slot];
	/* Names are C strings from here on: a NUL would cut one short. */
	if (len && memchr(name, '\0', len)) {
		ts_error_set(err, TS_EIO, m->info->path, line, 0,
		    "column %zu: the header has a NUL byte (a UTF-16 file without "
		    "a byte order mark, or not a text file)", m->ncols + 1);
		return -1;
	}
	if (ts_grow(&m->cols, &m->cols_cap, m->ncols + 1, sizeof *m->cols) != 0)
		goto oom;
	c = &m->cols[m->ncols];
	c->name = malloc(len + 1);
	if (c->name == NULL)
		goto oom;
	memcpy(c->name, name, len);
	c->name[len] = '\0';
	c->name_len = len;
	c->field = ts_fields_match(name, len);
	c->dim = -1;
	for (i = 0; i < m->ncols && c->field != TS_F_NONE; i++) {
		if (m->cols[i].field == c->field) {
			free(c->name);
			ts_error_set(err, TS_EIO, m->info->path, line, 0,
			    "columns %zu and %zu both give field '%s'",
			    i + 1, m->ncols + 1, ts_field_name(c->field));
			return -1;
		}
	}
	if (is_count(c->field))
		m->has_count = 1;
	if (is_dimension(c->field)) {
		if (c->field != TS_F_NONE) {
			c->dim = ts_store_dim(m->st, ts_field_name(c->field));
		} else if (len == 0) {
			snprintf(label, sizeof label, "column %zu", m->ncols + 1);
			c->dim = ts_store_dim(m->st, label);
		} else {
			c->dim = ts_store_dim(m->st, c->name);
		}
		if (c->dim < 0 || ts_grow(&m->dims, &m->dims_cap,
		    ts_store_ndims(m->st), sizeof *m->dims) != 0) {
			free(c->name);
			goto oom;
		}
		m->dims[c->dim] = 0;
	}
	if (m->col_slots[slot] == UINT32_MAX)
		m->col_slots[slot] = (uint32_t)m->ncols;
	return (long)m->ncols++;
oom:
	ts_error_set(err, TS_EIO, m->info->path, line, 0, "out of memory");
	return -1;
}

int
ts_rowmap_columns_done(struct ts_rowmap *m, long line, struct ts_error *err)
{
	size_t nd = ts_store_ndims(m->st);

	if (!m->has_count)
		return ts_error_set(err, TS_EIO, m->info->path, line, 0,
		    "no count column in the header (expected investigations, "
		    "prosecutions or convictions; see 'tracestat fields')");
	if (ts_grow(&m->dims, &m->dims_cap, nd ? nd : 1, sizeof *m->dims) != 0)
		return ts_error_set(err, TS_EIO, m->info->path, line, 0, "out of memory");
	m->info->shape = TS_SHAPE_COUNTS;
	return TS_OK;
}

/* Zeroes the dimensions added since the last call (once each). */
static void
clear_new_dims(struct ts_rowmap *m)
{
	size_t nd = ts_store_ndims(m->st);

	for (; m->dims_clear < nd && m->dims_clear < m->dims_cap; m->dims_clear++)
		m->dims[m->dims_clear] = 0;
}

void
ts_rowmap_begin(struct ts_rowmap *m, long line)
{
	size_t i, nd = ts_store_ndims(m->st);

	m->line = line;
	m->rejected = 0;
	for (i = 0; i < TS_NCOUNTS; i++)
		m->row.counts[i] = TS_MISSING;
	for (i = 0; i < NSLOTS; i++)
		m->periods[i].precision = TS_PREC_NONE;
	/* A reader may declare columns (and so dimensions) as it goes. */
	if (nd > m->dims_cap && ts_grow(&m->dims, &m->dims_cap, nd, sizeof *m->dims) != 0)
		m->oom = 1;
	/* Clear only what the last record set, so that a record costs its
	 * cells, not the number of dimensions. */
	for (i = 0; i < m->ntouched; i++)
		m->dims[m->touched[i]] = 0;
	m->ntouched = 0;
	clear_new_dims(m);
	m->row.source = 0;
}

static void
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
ts_rowmap_reject(struct ts_rowmap *m, const char *message)
{
	if (m->rejected)
		return;
	m->rejected = 1;
	if (ts_diags_add(m->diags, TS_DIAG_REJECT, m->input, m->line, "%s", message) != 0)
		m->oom = 1;
}

static void
period_cell(struct ts_rowmap *m, const struct column *c, const char *s, size_t len)
{
	static const enum ts_precision want[NSLOTS] = {
		TS_PREC_DAY, TS_PREC_MONTH, TS_PREC_NONE, TS_PREC_YEAR,
	};
	int slot = c->field == TS_F_DATE ? SLOT_DATE : c->field == TS_F_MONTH ?
	    SLOT_MONTH : c->field == TS_F_PERIOD ? SLOT_PERIOD : SLOT_YEAR;
	struct ts_period p;

	while (len && s[len - 1] == ' ')
		len--;
	while (len && s[0] == ' ') {
		s++;
		len--;
	}
	if (len == 0)
		return;
	if (ts_period_parse(s, len, m->opt->day_first, &p) != 0 ||
	    (want[slot] != TS_PREC_NONE && p.precision != want[slot])) {
		reject_value(m, "field '%s': %s is not a valid period",
		    ts_field_name(c->field), s, len);
		return;
	}
	m->periods[slot] = p;
}

void
ts_rowmap_cell(struct ts_rowmap *m, size_t column, const char *s, size_t len)
{
	const struct column *c;
	uint32_t id;
	int64_t v;

	if (column >= m->ncols || m->rejected || m->oom)
		return;
	c = &m->cols[column];
	if (is_count(c->field)) {
		enum ts_count which = (enum ts_count)(c->field - TS_F_INVESTIGATIONS);
		switch (ts_parse_count(s, len, &v)) {
		case TS_COUNT_OK:
			m->row.counts[which] = v;
			break;
		case TS_COUNT_MISSING:
			break;
		case TS_COUNT_BAD:
			reject_value(m, "field '%s': %s is not a count",
			    ts_field_name(c->field), s, len);
			break;
		case TS_COUNT_TOO_BIG:
			reject_value(m, "field '%s': %s is too large for a count",
			    ts_field_name(c->field), s, len);
			break;
		}
		return;
	}
	switch (c->field) {
	case TS_F_DATE: case TS_F_MONTH: case TS_F_PERIOD: case TS_F_YEAR:
		period_cell(m, c, s, len);
		return;
	default:
		break;
	}
	if (c->field == TS_F_SOURCE || c->dim >= 0) {
		if (len && memchr(s, '\0', len)) {
			/* Shown and grouped as C strings, it would be cut short. */
			char name[80];
			ts_quote(c->name, c->name_len, name, sizeof name);
			reject_value(m, "column %s: %s has a NUL byte", name, s, len);
			return;
		}
		id = ts_store_intern(m->st, s, len);
		if (id == TS_NO_ID) {
			m->oom = 1;
			return;
		}
		if (c->field == TS_F_SOURCE) {
			m->row.source = id;
			return;
		}
		if ((size_t)c->dim >= m->dims_clear)
			clear_new_dims(m);    /* a column declared inside the record */
		if ((size_t)c->dim < m->dims_clear) {
			if (ts_grow(&m->touched, &m->touched_cap, m->ntouched + 1,
			    sizeof *m->touched) != 0) {
				m->oom = 1;
				return;
			}
			m->touched[m->ntouched++] = (size_t)c->dim;
			m->dims[c->dim] = id;
		}
	}
}

int
ts_rowmap_end(struct ts_rowmap *m)
{
	size_t i;

	if (m->oom)
		return TS_EIO;
	m->info->rows++;
	if (m->rejected) {
		m->info->rejected++;
		return TS_OK;
	}
	m->row.period.precision = TS_PREC_NONE;
	m->row.period.range_prec = TS_PREC_NONE;
	m->row.period.lo = m->row.period.hi = 0;
	for (i = 0; i < NSLOTS; i++) {
		if (m->periods[i].precision != TS_PREC_NONE) {
			m->row.period = m->periods[i];
			break;
		}
	}
	m->row.input = m->input;
	m->row.line = m->line > (long)UINT32_MAX ? UINT32_MAX : (uint32_t)m->line;
	m->row.dims = m->dims;
	if (ts_store_add(m->st, &m->row) != 0)
		return TS_EIO;
	return TS_OK;
}
