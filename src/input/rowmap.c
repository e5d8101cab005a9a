/* rowmap.c — column names to fields: the header's columns, --map, the
 * shape of the input.  The cells of each record are read in
 * rowmap_cells.c, the repeated case ids checked in rowmap_dup.c;
 * rowmap_impl.h holds what they share. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_bytes.h"
#include "ts_cellnum.h"
#include "ts_fields.h"
#include "ts_hashtab.h"
#include "ts_i18n.h"
#include "ts_rowmap.h"
#include "ts_totalword.h"
#include "ts_units.h"
#include "layout_impl.h"
#include "rowmap_impl.h"


struct ts_rowmap *
ts_rowmap_new(struct ts_store *st, uint32_t input,
    const struct ts_load_options *opt, struct ts_diags *diags)
{
	struct ts_rowmap *m = calloc(1, sizeof *m);
	size_t i;

	if (m == NULL)
		return NULL;
	m->st = st;
	m->input = input;
	m->info = ts_store_input_info(st, input);
	m->opt = opt;
	m->diags = diags;
	for (i = 0; i < TS_NFIELDS; i++)
		m->field_col[i] = -1;
	if ((m->layout = ts_layout_new(st, input, opt, diags)) == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

void
ts_rowmap_free(struct ts_rowmap *m)
{
	size_t i;

	if (m == NULL)
		return;
	/* A load that failed drops what is pending; one that ended flushed. */
	if (m->diags && m->diags->flush_arg == m) {
		m->diags->flush = NULL;
		m->diags->flush_arg = NULL;
	}
	for (i = 0; i < m->ncols; i++) {
		free(m->cols[i].name);
		free(m->cols[i].memo);
	}
	free(m->cols);
	ts_layout_free(m->layout);
	ts_hashtab_free(&m->names);
	free(m->dims);
	free(m);
}

size_t
ts_rowmap_ncolumns(const struct ts_rowmap *m)
{
	return m->ncols;
}

static int
is_dimension(enum ts_field f)
{
	return f == TS_F_NONE || f == TS_F_JURISDICTION || f == TS_F_AGENCY ||
	    f == TS_F_EXPLOITATION;
}

static int
column_named(const void *ctx, uint32_t col, const void *id)
{
	const struct ts_rowmap *m = ctx;

	return m->cols[col].name_id == *(const uint32_t *)id;
}

/* Empty headers are indexed each as a column of its own. */
static int
no_column(const void *ctx, uint32_t col, const void *id)
{
	(void)ctx;
	(void)col;
	(void)id;
	return 0;
}

static uint64_t
column_hash(const void *ctx, uint32_t col)
{
	const struct ts_rowmap *m = ctx;

	return m->cols[col].name_id;
}

/* The column whose name has string id `id`, or -1.  Names are interned in
 * the store, so a lookup is one hash of the name there and integer probes
 * here: a header of 200,000 columns is not quadratic. */
static long
find_column(const struct ts_rowmap *m, uint32_t id)
{
	size_t j;

	if (m->names.nslots == 0)
		return -1;
	j = ts_hashtab_find(&m->names, id, column_named, m, &id);
	return m->names.slots[j] ? (long)ts_hashtab_entry(&m->names, j) : -1;
}

/* Indexes column i.  -1 when out of memory. */
static int
index_column(struct ts_rowmap *m, size_t i)
{
	size_t j;

	if (m->names.nslots == 0 && ts_hashtab_init(&m->names, 64) != 0)
		return -1;
	if (i >= UINT32_MAX - 1)
		return -1;
	j = ts_hashtab_find(&m->names, m->cols[i].name_id, no_column, m, NULL);
	return ts_hashtab_add(&m->names, j, (uint32_t)i, column_hash, m);
}

/* 1 when the --map column col names the header name[0..len): the whole
 * of it, or (*part set) one of the columns of a sum "A+B". */
static int
map_names(const char *col, const char *name, size_t len, int *part)
{
	const char *p = col, *plus;
	size_t n;

	*part = 0;
	if (ts_fields_same(name, len, col, strlen(col)))
		return 1;
	if (strchr(col, '+') == NULL)
		return 0;
	for (;;) {
		plus = strchr(p, '+');
		n = plus ? (size_t)(plus - p) : strlen(p);
		if (n && ts_fields_same(name, len, p, n)) {
			*part = 1;
			return 1;
		}
		if (plus == NULL)
			return 0;
		p = plus + 1;
	}
}

/* A header as it is matched: without the footnote marks that end it
 * ("Convictions*", "Condenas 1/", "Convictions (a)", "Convictions¹");
 * line breaks in it fold away like spaces. */
static size_t
header_core(const char *name, size_t len)
{
	return len > 256 ? len : ts_cellnum_unmark(name, len, 0);
}

/* The field a header gives: a --map entry naming it wins (*map its
 * index, *sum set for a part of "A+B"); then the vocabulary; an alias
 * gives a field unless a --map entry claims that field (then *alias gets
 * it: the column gives nothing, see columns_done()). */
static enum ts_field
header_field(const struct ts_rowmap *m, const char *name, size_t len,
    enum ts_field *alias, int *map, int *sum)
{
	const struct ts_vocab_word *w;
	enum ts_field f;
	size_t k, core = header_core(name, len);

	*alias = TS_F_NONE;
	*map = -1;
	*sum = 0;
	for (k = 0; k < m->opt->nmaps; k++)
		if (map_names(m->opt->maps[k].column, name, len, sum) ||
		    (core != len && map_names(m->opt->maps[k].column, name, core, sum))) {
			*map = (int)k;
			return m->opt->maps[k].field;
		}
	w = ts_vocab_find(m->opt->vocab, TS_VOCAB_ALIAS, name, core);
	f = w ? (enum ts_field)w->target : ts_fields_match(name, core);
	for (k = 0; k < m->opt->nmaps; k++) {
		if (m->opt->maps[k].field == f) {
			*alias = f;
			return TS_F_NONE;
		}
	}
	return f;
}

enum ts_field
ts_rowmap_header_field(const struct ts_rowmap *m, const char *name, size_t len)
{
	enum ts_field alias;
	int map, sum;

	return header_field(m, name, len, &alias, &map, &sum);
}


static int attach_dim(struct ts_rowmap *m, size_t i);

/* attach_dim(), then the column's cell kind. */
static int
attach(struct ts_rowmap *m, size_t i)
{
	int rc = attach_dim(m, i);

	ts_rowmap_set_kind(&m->cols[i]);
	return rc;
}

/* Gives column i its store dimension: the canonical one for a dimension
 * field, else one named by its header (the first MAX_PLAIN_DIMS).  Returns
 * 0, or -1 when out of memory. */
static int
attach_dim(struct ts_rowmap *m, size_t i)
{
	struct column *c = &m->cols[i];
	char label[64];

	if (!is_dimension(c->field))
		return 0;
	if (c->field == TS_F_NONE && m->nplain == MAX_PLAIN_DIMS) {
		m->plain_dropped++;
		return 0;
	}
	if (c->field != TS_F_NONE) {
		c->dim = ts_store_dim(m->st, ts_field_name(c->field));
	} else if (c->name_len == 0) {
		snprintf(label, sizeof label, "column %zu", i + 1);
		c->dim = ts_store_dim(m->st, label);
	} else {
		c->dim = ts_store_dim(m->st, c->name);
	}
	if (c->field == TS_F_NONE)
		m->nplain++;
	/* The input's own words head the tables (--canonical-names not). */
	if (c->dim >= 0 && c->field != TS_F_NONE && c->name_len > 0 &&
	    ts_store_set_dim_header(m->st, (size_t)c->dim, c->name, 0) != 0)
		return -1;
	if (c->dim < 0 || ts_grow(&m->dims, &m->dims_cap, ts_store_ndims(m->st),
	    sizeof *m->dims) != 0)
		return -1;
	m->dims[c->dim] = 0;
	return 0;
}

static void both_give(const struct ts_rowmap *m, long first,
    const struct column *c, long line, struct ts_error *err);
static int digit_missing_code(const struct ts_vocab *v);

long
ts_rowmap_column(struct ts_rowmap *m, const char *name, size_t len, long line,
    struct ts_error *err)
{
	struct column *c;
	uint32_t id = ts_store_intern(m->st, name, len);
	long found;

	if (id == TS_NO_ID)
		goto oom;
	/* Empty headers are all different: spreadsheets leave several. */
	if (len > 0 && (found = find_column(m, id)) >= 0)
		return found;
	/* Names are C strings from here on: a NUL would cut one short. */
	if (len && memchr(name, '\0', len)) {
		ts_error_set(err, TS_EIO, m->info->path, line, 0,
		    N_("column %zu: the header has a NUL byte"), m->ncols + 1);
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
	c->name_id = id;
	c->field = header_field(m, name, len, &c->alias, &c->map, &c->sum);
	if (ts_rowmap_is_count(c->field))
		ts_unit_note(&m->info->layout.units[c->field - TS_F_INVESTIGATIONS],
		    m->info->layout.unit_from[c->field - TS_F_INVESTIGATIONS],
		    ts_unit_of(name, len), name, len);
	c->dim = -1;
	c->memo = NULL;
	c->deferred = 0;
	if (m->slow_counts == 0 && m->opt->vocab)
		m->slow_counts = digit_missing_code(m->opt->vocab);
	ts_rowmap_set_kind(c);
	if (c->map >= 0 && c->map < TS_LAYOUT_MAPS)
		m->info->layout.maps_found |= 1u << c->map;
	if (c->field != TS_F_NONE && m->field_col[c->field] >= 0 &&
	    !(c->sum && m->cols[m->field_col[c->field]].sum)) {
		both_give(m, m->field_col[c->field], c, line, err);
		free(c->name);
		return -1;
	}
	if (index_column(m, m->ncols) != 0) {
		free(c->name);
		goto oom;
	}
	if (c->field != TS_F_NONE && m->field_col[c->field] < 0)
		m->field_col[c->field] = (long)m->ncols;
	if (ts_rowmap_is_count(c->field))
		m->has_count = 1;
	if (!m->decided) {
		int role = ts_layout_column(m->layout, m->ncols, name, len, c->field);

		if (role < 0) {
			m->ncols++;
			goto oom;
		}
		c->deferred = role != TS_ROLE_NONE;
	}
	/* A column that lost its alias to --map gets its dimension (or its
	 * field back) in columns_done(), and so does a column that a long or
	 * wide table may read itself. */
	if (c->alias == TS_F_NONE && !c->deferred && attach(m, m->ncols) != 0)
		goto oom_counted;
	return (long)m->ncols++;
oom_counted:
	m->ncols++;     /* indexed already: keep it so that free() sees it */
oom:
	ts_error_set(err, TS_EIO, m->info->path, line, 0, N_("out of memory"));
	return -1;
}

/* The error for two columns that give one field, with the --map that
 * settles it. */
static TS_COLD void
both_give(const struct ts_rowmap *m, long first, const struct column *c,
    long line, struct ts_error *err)
{
	char a[80], b[80];

	ts_quote(m->cols[first].name, m->cols[first].name_len, a, sizeof a);
	ts_quote(c->name, c->name_len, b, sizeof b);
	if (!ts_rowmap_is_count(c->field)) {
		ts_error_set(err, TS_EIO, m->info->path, line, 0,
		    N_("columns %ld (%s) and %zu (%s) both give field '%s': give --map "
		    "%s=COLUMN to read one of them"), first + 1, a, m->ncols + 1, b,
		    ts_field_name(c->field), ts_field_name(c->field));
		return;
	}
	ts_error_set(err, TS_EIO, m->info->path, line, 0,
	    N_("columns %ld (%s) and %zu (%s) both give field '%s': give --map "
	    "%s=COLUMN to read one of them, or --map '%s=%.60s+%.60s' to add them"),
	    first + 1, a, m->ncols + 1, b, ts_field_name(c->field),
	    ts_field_name(c->field), ts_field_name(c->field), m->cols[first].name,
	    c->name);
}

/* 1 when a missing code of v is all digits ("00"), which the plain-digit
 * path of count cells would read as a number. */
static int
digit_missing_code(const struct ts_vocab *v)
{
	size_t i, k;
	const char *w;

	for (i = 0; i < v->n; i++) {
		if (v->words[i].kind != TS_VOCAB_MISSING)
			continue;
		w = v->words[i].word;
		for (k = 0; w[k] >= '0' && w[k] <= '9'; k++)
			;
		if (k && w[k] == '\0')
			return 1;
	}
	return 0;
}

/* The columns that mix the two shapes, for the message. */
static const char *
first_count_column(const struct ts_rowmap *m)
{
	int f;

	for (f = TS_F_INVESTIGATIONS; f <= TS_F_ACQUITTALS; f++)
		if (m->field_col[f] >= 0)
			return m->cols[m->field_col[f]].name;
	return NULL;
}

/* Edit distance between the folded forms of a and b (each cut to 63
 * bytes), for "did you mean". */
static uint32_t
distance(const char *a, size_t alen, const char *b, size_t blen)
{
	char fa[64], fb[64];
	uint32_t row[64], prev, cur, best;
	size_t la = ts_fields_fold(a, alen, fa, sizeof fa);
	size_t lb = ts_fields_fold(b, blen, fb, sizeof fb), i, j;

	for (j = 0; j <= lb; j++)
		row[j] = (uint32_t)j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (uint32_t)i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			best = prev + (fa[i - 1] != fb[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

/* The edits a name of len bytes may be away from a guess at it. */
static uint32_t
near_limit(size_t len)
{
	return len / 3 > 1 ? (uint32_t)(len / 3) : 1;
}

/* The count or outcome field whose alias is closest to the header h, and
 * that alias; NULL when none is close enough to be a likely reading (a
 * third of the shorter text may differ).  An alias of several words is
 * also compared by its first word ("Averiguaciones" is close to
 * "averiguaciones previas"). */
static const char *
near_field(const char *h, size_t hlen, enum ts_field *field)
{
	const char *best = NULL, *a;
	uint32_t d, best_d = UINT32_MAX, limit;
	size_t i, first;
	enum ts_field f;

	for (f = TS_F_INVESTIGATIONS; f <= TS_F_OUTCOME; f++) {
		if (f > TS_F_VICTIMS && f != TS_F_OUTCOME)
			continue;
		for (i = 0; (a = ts_fields_alias(f, i)) != NULL; i++) {
			d = distance(h, hlen, a, strlen(a));
			first = strcspn(a, " ");
			if (a[first] == ' ' && distance(h, hlen, a, first) + 1 < d)
				d = distance(h, hlen, a, first) + 1;
			if (d < best_d) {
				best_d = d;
				best = a;
				*field = f;
			}
		}
	}
	limit = (uint32_t)(hlen < 6 ? 1 : hlen / 3);
	return best_d <= limit ? best : NULL;
}

/* The header's columns as "'Entidad' (jurisdiction), 'Averiguaciones'
 * (near investigations: 'averiguaciones previas'), 'Notas'", for the
 * error of a header without a count column; cut with "..." to fit. */
static void
headers_seen(const struct ts_rowmap *m, char *buf, size_t size)
{
	char part[200], q[80];
	const char *alias;
	enum ts_field f = TS_F_NONE;
	size_t k, n = 0;

	buf[0] = '\0';
	for (k = 0; k < m->ncols; k++) {
		const struct column *c = &m->cols[k];
		ts_quote(c->name, c->name_len, q, sizeof q);
		if (c->field != TS_F_NONE)
			snprintf(part, sizeof part, "%s%s (%s)", k ? ", " : "", q,
			    ts_field_name(c->field));
		else if ((alias = near_field(c->name, c->name_len, &f)) != NULL)
			snprintf(part, sizeof part, "%s%s (near %s: '%s')", k ? ", " : "", q,
			    ts_field_name(f), alias);
		else
			snprintf(part, sizeof part, "%s%s", k ? ", " : "", q);
		if (n + strlen(part) + 4 >= size) {
			snprintf(buf + n, size - n, "%s", k ? ", ..." : "...");
			return;
		}
		n += (size_t)snprintf(buf + n, size - n, "%s", part);
	}
	/* One column that holds another delimiter: read with the wrong one. */
	if (m->ncols == 1) {
		const char *d = NULL;
		for (k = 0; k < m->cols[0].name_len && d == NULL; k++)
			d = strchr(",;|\t", m->cols[0].name[k]) ? &m->cols[0].name[k] : NULL;
		if (d != NULL && n + 60 < size)
			snprintf(buf + n, size - n, " (one column holding '%s': try "
			    "--delimiter %s)", *d == '\t' ? "\\t" : (char[2]){ *d, 0 },
			    *d == '\t' ? "tab" : (char[2]){ *d, 0 });
	}
}

/* The header of m closest to column (a --map entry's), as a string id,
 * and how far it is. */
static void
near_header(const struct ts_rowmap *m, const char *column, uint32_t *id,
    uint32_t *dist)
{
	uint32_t d;
	size_t k;

	for (k = 0; k < m->ncols && k < 4096; k++) {
		if (m->cols[k].name_len == 0)
			continue;
		d = distance(column, strlen(column), m->cols[k].name, m->cols[k].name_len);
		if (d < *dist) {
			*dist = d;
			*id = m->cols[k].name_id;
		}
	}
}

int
ts_rowmap_check_maps(const struct ts_store *st, const struct ts_load_options *opt,
    struct ts_error *err)
{
	const struct ts_input_info *in;
	uint32_t found = 0, id, dist;
	size_t i, k;

	for (i = 0; i < ts_store_ninputs(st); i++)
		found |= ts_store_input_info_c(st, i)->layout.maps_found;
	for (k = 0; k < opt->nmaps && k < TS_LAYOUT_MAPS; k++) {
		if (found & 1u << k)
			continue;
		id = UINT32_MAX;
		dist = UINT32_MAX;
		for (i = 0; i < ts_store_ninputs(st); i++) {
			in = ts_store_input_info_c(st, i);
			if (in->layout.map_near[k] == 0 ||
			    in->layout.map_near[k] == UINT32_MAX)
				continue;       /* no header read */
			if (in->layout.map_near_dist[k] < dist) {
				dist = in->layout.map_near_dist[k];
				id = in->layout.map_near[k];
			}
		}
		/* A guess only when it is near: at most a third of the name
		 * wrong (one edit for a short name), the rule of an option's
		 * "did you mean"; "Bar" is not a misspelt "year". */
		if (id != UINT32_MAX && dist <= near_limit(strlen(opt->maps[k].column)))
			return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
			    N_("--map %s=%.80s: no input has that column; did you mean '%.80s'?"),
			    ts_field_name(opt->maps[k].field), opt->maps[k].column,
			    ts_store_string(st, id));
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("--map %s=%.80s: no input has that column"),
		    ts_field_name(opt->maps[k].field), opt->maps[k].column);
	}
	return TS_OK;
}

/* Decides the table's layout (layout.c) and attaches the columns that
 * waited for it: to the layout, or as usual. */
static int
layout_columns(struct ts_rowmap *m, long line, struct ts_error *err)
{
	struct column *c;
	size_t k;
	int kind;

	m->decided = 1;
	kind = ts_layout_decide(m->layout, m->has_count,
	    m->field_col[TS_F_OUTCOME] >= 0, line, err);
	if (kind < 0)
		return err->code;
	m->layout_kind = kind;
	for (k = 0; k < m->ncols; k++) {
		c = &m->cols[k];
		if (!c->deferred)
			continue;
		c->deferred = 0;
		if (ts_layout_role(m->layout, k) == TS_ROLE_NONE) {
			if (attach(m, k) != 0)
				return ts_error_set(err, TS_EIO, m->info->path, line, 0,
				    N_("out of memory"));
		} else {
			ts_rowmap_set_reader(c, CELL_LAYOUT);
		}
	}
	return TS_OK;
}

int
ts_rowmap_columns_done(struct ts_rowmap *m, long line, struct ts_error *err)
{
	size_t nd, k;
	int rc;
	const char *mixed;
	struct column *c;

	for (k = 0; k < m->ncols; k++) {
		c = &m->cols[k];
		if (c->alias == TS_F_NONE)
			continue;
		/* The --map entry names another column for this field: this
		 * one gives nothing, even where that column is missing (then
		 * the file gives no value for the field, with a warning). */
		if (m->field_col[c->alias] < 0) {
			c->alias = TS_F_NONE;
			ts_rowmap_set_reader(c, CELL_SKIP);
			continue;
		}
		/* The mapped column is here: this one is a plain column. */
		c->alias = TS_F_NONE;
		if (attach(m, k) != 0)
			return ts_error_set(err, TS_EIO, m->info->path, line, 0, N_("out of memory"));
	}
	if (!m->decided && (rc = layout_columns(m, line, err)) != TS_OK)
		return rc;
	nd = ts_store_ndims(m->st);
	if (m->layout_kind != TS_LAYOUT_PLAIN) {
		m->shape = TS_SHAPE_COUNTS;
	} else if (m->field_col[TS_F_OUTCOME] >= 0) {
		/* One row = one investigation: its counts come from the
		 * outcome, so count columns other than victims would say it
		 * twice. */
		if ((mixed = first_count_column(m)) != NULL)
			return ts_error_set(err, TS_EIO, m->info->path, line, 0,
			    N_("column '%.60s' is a count, but column '%.60s' makes this a "
			    "case list (one row per case): use one shape per file"),
			    mixed, m->cols[m->field_col[TS_F_OUTCOME]].name);
		m->shape = TS_SHAPE_CASES;
	} else if (m->has_count) {
		m->shape = TS_SHAPE_COUNTS;
	} else {
		char seen[300];
		headers_seen(m, seen, sizeof seen);
		return ts_error_set(err, TS_EIO, m->info->path, line, 0,
		    N_("no count column in the header (expected investigations, "
		    "prosecutions or convictions, or an outcome column for a "
		    "case list); its columns: %s; --map FIELD=COLUMN reads a column "
		    "as a field ('tracestat fields' lists them)"), seen);
	}
	if (ts_grow(&m->dims, &m->dims_cap, nd ? nd : 1, sizeof *m->dims) != 0)
		return ts_error_set(err, TS_EIO, m->info->path, line, 0, N_("out of memory"));
	if (m->plain_dropped && ts_diags_add(m->diags, TS_DIAG_WARNING, m->input, line,
	    N_("%zu columns past the first %d that match no field are left out "
	    "(they cannot be grouped by)"), m->plain_dropped, MAX_PLAIN_DIMS) != 0)
		return ts_error_set(err, TS_EIO, m->info->path, line, 0, N_("out of memory"));
	for (k = 0; k < m->opt->nmaps && k < TS_LAYOUT_MAPS; k++) {
		m->info->layout.map_near[k] = UINT32_MAX;
		m->info->layout.map_near_dist[k] = UINT32_MAX;
		if (m->info->layout.maps_found & 1u << k)
			continue;
		near_header(m, m->opt->maps[k].column, &m->info->layout.map_near[k],
		    &m->info->layout.map_near_dist[k]);
		if (ts_diags_add(m->diags, TS_DIAG_WARNING, m->input, line,
		    N_("--map %s=%.80s: no such column in this header; this file "
		    "gives no %s"), ts_field_name(m->opt->maps[k].field),
		    m->opt->maps[k].column, ts_field_name(m->opt->maps[k].field)) != 0)
			return ts_error_set(err, TS_EIO, m->info->path, line, 0,
			    N_("out of memory"));
	}
	m->info->shape = m->shape;
	return TS_OK;
}

int
ts_rowmap_one_pass(const struct ts_rowmap *m)
{
	return m->layout_kind != TS_LAYOUT_PLAIN;
}


const char *
ts_rowmap_count_name(const struct ts_rowmap *m, size_t column)
{
	if (column >= m->ncols || !ts_rowmap_is_count(m->cols[column].field))
		return NULL;
	return ts_field_name(m->cols[column].field);
}

const char *
ts_rowmap_column_name(const struct ts_rowmap *m, size_t column, size_t *len)
{
	if (column >= m->ncols)
		return NULL;
	*len = m->cols[column].name_len;
	return m->cols[column].name;
}

long
ts_rowmap_field_column(const struct ts_rowmap *m, const char *name, size_t len)
{
	enum ts_field f = ts_rowmap_header_field(m, name, len);

	return f == TS_F_NONE ? -1 : m->field_col[f];
}

const char *
ts_rowmap_unused_count_like(const struct ts_rowmap *m, size_t column)
{
	static const char *const words[] = {
		"number", "count", "cases", "casos", "personas", "persons", "victim",
		"victim", "detenid", "sentenc", "convict", "prosecut", "investig",
		"denunci", "consign", "carpeta", "averigua", "suspect", "arrest",
		"condena", "procesad", "enquete", "poursuit",
	};
	char folded[128];
	size_t k;

	if (column >= m->ncols || m->cols[column].field != TS_F_NONE ||
	    m->cols[column].name_len == 0)
		return NULL;
	ts_fields_fold(m->cols[column].name, m->cols[column].name_len, folded,
	    sizeof folded);
	for (k = 0; k < sizeof words / sizeof words[0]; k++)
		if (strstr(folded, words[k]))
			return m->cols[column].name;
	return NULL;
}

int
ts_rowmap_looks_like_record(const struct ts_rowmap *m,
    const struct ts_cellspan *sp, size_t n)
{
	const struct ts_vocab_word *w;
	int64_t v;
	size_t i;

	if (n != m->ncols)
		return 0;
	for (i = 0; i < n; i++) {
		if (m->cols[i].kind == CELL_COUNT || m->cols[i].kind == CELL_COUNT_SUM) {
			if (sp[i].n && ts_parse_count(sp[i].s, sp[i].n, &v) == TS_COUNT_OK)
				return 1;
		} else if (m->cols[i].kind == CELL_OUTCOME) {
			w = ts_vocab_find(m->opt->vocab, TS_VOCAB_OUTCOME, sp[i].s, sp[i].n);
			if (w || ts_fields_outcome(sp[i].s, sp[i].n) != TS_OUTCOME_NONE)
				return 1;
		}
	}
	return 0;
}
