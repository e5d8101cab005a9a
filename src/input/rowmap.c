/* rowmap.c — column names to fields, cells to record values. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_bytes.h"
#include "ts_cellnum.h"
#include "ts_fields.h"
#include "ts_hashtab.h"
#include "ts_rowmap.h"
#include "ts_totalword.h"
#include "layout_impl.h"

/* The period columns, most precise first: the first one given wins. */
enum { SLOT_DATE, SLOT_MONTH, SLOT_PERIOD, SLOT_YEAR, NSLOTS };

/* Columns that match no field are kept as dimensions (groupable by their
 * header) up to this many; past it a file is not a table people group by
 * (a hostile or broken export), and the rest are left out with a warning. */
#define MAX_PLAIN_DIMS 1024

/* What a column's cells are, decided when the column is (set_kind()), so
 * that a cell costs one switch. */
enum cell_kind {
	CELL_SKIP,              /* left out (no field, no dimension) */
	CELL_COUNT,             /* arg: enum ts_count */
	CELL_COUNT_SUM,         /* a part of a --map A+B sum; arg as above */
	CELL_PERIOD,            /* arg: the period slot */
	CELL_OUTCOME,
	CELL_CLOSED,
	CELL_CASE_ID,
	CELL_SOURCE,
	CELL_DIM,
	CELL_LAYOUT,            /* read by the layout (layout.c) */
};

/* A memo of a text column's recent cells and what each gave (a string id,
 * an outcome): a column repeats a few hundred values a million times, and
 * a hit costs a hash of its first and last words and one compare, where
 * the store's table hashes every byte.  Two ways per set, the most recent
 * first; only cells that were accepted go in, so a hit needs no check. */
#define MEMO_SETS 128
#define MEMO_TEXT 64            /* longer cells are not kept */
#define MEMO_COLUMNS 16         /* text columns that get one (18 KB each) */

struct memo_way {
	/* The cell's first and last eight bytes (overlapping when it is
	 * shorter than 16; one zero-padded word when shorter than 8), and
	 * the bytes between them: a cell of up to 16 bytes is two word
	 * compares. */
	uint64_t first, last;
	uint32_t len;           /* 0: empty (the empty cell is not kept) */
	uint32_t value;
	char middle[MEMO_TEXT - 16];
};

struct memo {
	struct memo_way way[MEMO_SETS][2];
};

struct ts_rowmap;
struct column;

/* What reads the cells of a column (set_kind()). */
typedef void cell_fn(struct ts_rowmap *m, struct column *c, const char *s,
    size_t len);

struct column {
	enum ts_field field;
	cell_fn *cell;
	unsigned char kind;     /* enum cell_kind */
	unsigned char arg;
	struct memo *memo;      /* text and outcome columns: NULL until used */
	int dim;                /* store dimension, or -1 */
	char *name;             /* as written (owned) */
	size_t name_len;
	uint32_t name_id;       /* the name interned in the store */
	enum ts_field alias;    /* the field its alias gives, when a --map
	                           entry took that field for another column */
	int deferred;           /* a long or wide table's column, perhaps:
	                           attached once the layout is decided */
	int map;                /* the --map entry that gave it, or -1 */
	int sum;                /* a part of a --map A+B sum */
};

/* Rows whose duplicate check waits (a power of two): see struct ts_rowmap. */
#define PENDING 16

struct ts_rowmap {
	struct ts_store *st;
	uint32_t input;
	struct ts_input_info *info;
	const struct ts_load_options *opt;
	struct ts_diags *diags;
	int oom;
	struct ts_case_dups *part_dups; /* a later part of a split input: see header */

	struct column *cols;
	size_t ncols, cols_cap;
	struct ts_hashtab names; /* columns by name id (nslots 0: none yet) */
	long field_col[TS_NFIELDS];     /* column giving each field, or -1 */
	size_t nplain, plain_dropped;
	int has_count;
	int slow_counts;        /* a missing code is all digits ("00") */
	enum ts_shape shape;
	struct ts_layout *layout;       /* long and wide tables */
	int layout_kind;                /* enum ts_layout_kind */
	int decided;                    /* columns_done() was called */

	size_t nmemos;          /* columns given a memo */
	struct ts_month_memo months;    /* for the dates of every column */

	/* The record being read. */
	long line;
	int rejected;
	struct ts_row row;
	unsigned period_set;    /* bit k: periods[k] was given */
	struct ts_period periods[NSLOTS];
	int period_total;       /* a total word in a period column */
	uint32_t *dims;
	size_t dims_cap;
	enum ts_outcome outcome;        /* case lists */
	uint64_t case_fp;               /* 0: none */
	uint32_t case_id;               /* string id when the text is kept */
	int32_t closed;
	/* The case id as written, for the duplicate warning (which quotes
	 * at most its first 60 bytes, up to a NUL). */
	char case_text[64];
	size_t case_len;

	/* Case rows stored but not yet checked for a repeated case id: the
	 * check reads a bucket of a table far larger than the caches, whose
	 * address is known when the id is read.  Checking a row PENDING rows
	 * later gives its prefetch time to arrive.  The diagnostics list
	 * flushes them before anything else is added to it, so that every
	 * warning still comes where one pass in order would put it. */
	struct pending {
		size_t rec;
		size_t len;
		char text[64];
	} pend[PENDING];
	unsigned pend_head, npend;
};

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
static void
set_kind(struct column *c)
{
	kind_of(c);
	c->cell = cell_reader[c->kind];
}

static void
kind_of(struct column *c)
{
	c->arg = 0;
	if (is_count(c->field)) {
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

static int attach_dim(struct ts_rowmap *m, size_t i);

/* attach_dim(), then the column's cell kind. */
static int
attach(struct ts_rowmap *m, size_t i)
{
	int rc = attach_dim(m, i);

	set_kind(&m->cols[i]);
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
		    "column %zu: the header has a NUL byte", m->ncols + 1);
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
	c->dim = -1;
	c->memo = NULL;
	c->deferred = 0;
	if (m->slow_counts == 0 && m->opt->vocab)
		m->slow_counts = digit_missing_code(m->opt->vocab);
	set_kind(c);
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
	if (is_count(c->field))
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
	ts_error_set(err, TS_EIO, m->info->path, line, 0, "out of memory");
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
	if (!is_count(c->field)) {
		ts_error_set(err, TS_EIO, m->info->path, line, 0,
		    "columns %ld (%s) and %zu (%s) both give field '%s': give --map "
		    "%s=COLUMN to read one of them", first + 1, a, m->ncols + 1, b,
		    ts_field_name(c->field), ts_field_name(c->field));
		return;
	}
	ts_error_set(err, TS_EIO, m->info->path, line, 0,
	    "columns %ld (%s) and %zu (%s) both give field '%s': give --map "
	    "%s=COLUMN to read one of them, or --map '%s=%.60s+%.60s' to add them",
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
		/* A guess only when it is near: a third of the name wrong. */
		if (id != UINT32_MAX && dist <= 2 + strlen(opt->maps[k].column) / 3)
			return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
			    "--map %s=%.80s: no input has that column; did you mean '%.80s'?",
			    ts_field_name(opt->maps[k].field), opt->maps[k].column,
			    ts_store_string(st, id));
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    "--map %s=%.80s: no input has that column",
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
				    "out of memory");
		} else {
			c->kind = CELL_LAYOUT;
			c->cell = layout_cell;
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
			c->kind = CELL_SKIP;
			c->cell = skip_cell;
			continue;
		}
		/* The mapped column is here: this one is a plain column. */
		c->alias = TS_F_NONE;
		if (attach(m, k) != 0)
			return ts_error_set(err, TS_EIO, m->info->path, line, 0, "out of memory");
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
			    "column '%.60s' is a count, but column '%.60s' makes this a "
			    "case list (one row per case): use one shape per file",
			    mixed, m->cols[m->field_col[TS_F_OUTCOME]].name);
		m->shape = TS_SHAPE_CASES;
	} else if (m->has_count) {
		m->shape = TS_SHAPE_COUNTS;
	} else {
		char seen[300];
		headers_seen(m, seen, sizeof seen);
		return ts_error_set(err, TS_EIO, m->info->path, line, 0,
		    "no count column in the header (expected investigations, "
		    "prosecutions or convictions, or an outcome column for a "
		    "case list); its columns: %s; --map FIELD=COLUMN reads a column "
		    "as a field ('tracestat fields' lists them)", seen);
	}
	if (ts_grow(&m->dims, &m->dims_cap, nd ? nd : 1, sizeof *m->dims) != 0)
		return ts_error_set(err, TS_EIO, m->info->path, line, 0, "out of memory");
	if (m->plain_dropped && ts_diags_add(m->diags, TS_DIAG_WARNING, m->input, line,
	    "%zu columns past the first %d that match no field are left out "
	    "(they cannot be grouped by)", m->plain_dropped, MAX_PLAIN_DIMS) != 0)
		return ts_error_set(err, TS_EIO, m->info->path, line, 0, "out of memory");
	for (k = 0; k < m->opt->nmaps && k < TS_LAYOUT_MAPS; k++) {
		m->info->layout.map_near[k] = UINT32_MAX;
		m->info->layout.map_near_dist[k] = UINT32_MAX;
		if (m->info->layout.maps_found & 1u << k)
			continue;
		near_header(m, m->opt->maps[k].column, &m->info->layout.map_near[k],
		    &m->info->layout.map_near_dist[k]);
		if (ts_diags_add(m->diags, TS_DIAG_WARNING, m->input, line,
		    "--map %s=%.80s: no such column in this header; this file "
		    "gives no %s", ts_field_name(m->opt->maps[k].field),
		    m->opt->maps[k].column, ts_field_name(m->opt->maps[k].field)) != 0)
			return ts_error_set(err, TS_EIO, m->info->path, line, 0,
			    "out of memory");
	}
	m->info->shape = m->shape;
	return TS_OK;
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
ts_rowmap_reject_cell(struct ts_rowmap *m, const char *message)
{
	m->info->layout.rejected_cells++;
	if (ts_diags_add(m->diags, TS_DIAG_REJECT, m->input, m->line, "%s", message) != 0)
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
static void
diag_v(struct ts_rowmap *m, enum ts_diag_kind kind, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (ts_diags_add(m->diags, kind, m->input, m->line, "%s", msg) != 0)
		m->oom = 1;
}

static TS_COLD void
detail(struct ts_rowmap *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_v(m, TS_DIAG_DETAIL, fmt, ap);
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
		detail(m, "field '%s': %s read as %lld without the mark %s", f, q,
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
		m->info->layout.censored++;
		snprintf(fmt, sizeof fmt, "field '%%s': %%s is a censored count "
		    "(%lld to %lld); left out", (long long)cn.lo, (long long)cn.hi);
		reject_cell(m, fmt, f, s, len);
		return 0;
	case TS_CELLNUM_TOO_BIG:
		reject_cell(m, "field '%s': %s is too large for a count", f, s, len);
		return 0;
	default:
		reject_cell(m, "field '%s': %s is not a count", f, s, len);
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
		reject_cell(m, "field '%s': %s is too large for a count",
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
		reject_cell(m, "field '%s': %s makes the sum too large for a count",
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
	detail(m, "field '%s': %s read as %.*s without its mark",
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
	    "field '%s': %s is not a valid period (for DD/MM/YYYY give --day-first)" :
	    "field '%s': %s is not a valid period",
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

static TS_COLD void
trim_ends(const char **s, size_t *len)
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
		trim_ends(s, len);
}

/* The accepted outcome words, for messages: "open, charged, ...". */
static const char *
outcome_list(void)
{
	return "accepted: open, charged, convicted, acquitted, dismissed and "
	    "their aliases such as condenado, absuelto, archivado ('tracestat fields')";
}

static TS_COLD void
reject_outcome(struct ts_rowmap *m, const char *s, size_t len)
{
	char fmt[256];

	snprintf(fmt, sizeof fmt, "field '%%s': %%s is not an outcome; %s",
	    outcome_list());
	reject_value(m, fmt, "outcome", s, len);
}

static TS_COLD void
closed_slow(struct ts_rowmap *m, const char *s, size_t len)
{
	int64_t unused;

	if (ts_parse_count(s, len, &unused) == TS_COUNT_MISSING)
		return;         /* an open case has no closed date */
	reject_value(m, "field '%s': %s is not a date (YYYY-MM-DD)", "closed", s, len);
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

/* A case id is kept as its fingerprint; its text only when asked for.
 * The row keeps what the duplicate warning quotes: the id up to a NUL,
 * its first bytes copied a word at a time. */
static void
case_id_cell(struct ts_rowmap *m, struct column *c, const char *s, size_t len)
{
	size_t n, k;
	const char *nul;
	uint64_t w;

	(void)c;
	trim(&s, &len);
	if (len == 0)
		return;
	m->case_fp = ts_store_case_fingerprint(s, len);
	ts_store_case_prefetch(m->st, m->case_fp);
	if (m->opt->keep_case_ids &&
	    (m->case_id = ts_store_intern(m->st, s, len)) == TS_NO_ID)
		m->oom = 1;
	n = len < sizeof m->case_text ? len : sizeof m->case_text;
	for (k = 0; k + 8 <= n; k += 8) {
		w = ts_bytes_word(s + k);
		if (ts_bytes_has_zero(w))
			break;
		memcpy(m->case_text + k, &w, 8);
	}
	for (; k < n && s[k] != '\0'; k++)
		m->case_text[k] = s[k];
	if (k < n)
		m->case_len = k;
	else if (n < len && (nul = memchr(s + n, '\0', len - n)) != NULL)
		m->case_len = (size_t)(nul - s);
	else
		m->case_len = len;
}

static TS_COLD void
reject_nul(struct ts_rowmap *m, const struct column *c, const char *s, size_t len)
{
	/* Shown and grouped as C strings, it would be cut short. */
	char name[80];

	ts_quote(c->name, c->name_len, name, sizeof name);
	reject_value(m, "column %s: %s has a NUL byte", name, s, len);
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

static void
warn(struct ts_rowmap *m, const char *fmt, ...)
    TS_PRINTF(2, 3);

static void
warn(struct ts_rowmap *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_v(m, TS_DIAG_WARNING, fmt, ap);
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

	if (c[TS_INVESTIGATIONS] != TS_MISSING) {
		if (c[TS_CONVICTIONS] != TS_MISSING && c[TS_CONVICTIONS] > c[TS_INVESTIGATIONS])
			warn(m, "convictions (%lld) exceed investigations (%lld)",
			    (long long)c[TS_CONVICTIONS], (long long)c[TS_INVESTIGATIONS]);
		if (c[TS_PROSECUTIONS] != TS_MISSING && c[TS_PROSECUTIONS] > c[TS_INVESTIGATIONS])
			warn(m, "prosecutions (%lld) exceed investigations (%lld)",
			    (long long)c[TS_PROSECUTIONS], (long long)c[TS_INVESTIGATIONS]);
	}
	if (p->precision != TS_PREC_NONE && m->closed != TS_NO_DAY && m->closed < p->lo) {
		day_text(m->closed, a, sizeof a);
		ts_period_format(p, ptext, sizeof ptext);
		warn(m, "closed %s is before the period of the case (%s)", a, ptext);
	}
	if (m->opt->has_today) {
		if (p->precision != TS_PREC_NONE && p->lo > m->opt->today) {
			day_text(m->opt->today, b, sizeof b);
			ts_period_format(p, ptext, sizeof ptext);
			warn(m, "period %s is in the future (today is %s)", ptext, b);
		}
		if (m->closed != TS_NO_DAY && m->closed > m->opt->today) {
			day_text(m->opt->today, b, sizeof b);
			day_text(m->closed, a, sizeof a);
			warn(m, "closed %s is in the future (today is %s)", a, b);
		}
	}
}

/* Adds the warning that record i, whose case id is id[0..len), repeats
 * the case id of record first.  It ends with the first case's line:
 * ts_rowmap_move_diags() puts another there. */
static int
duplicate_warning(const struct ts_store *st, struct ts_diags *diags, size_t i,
    size_t first, const char *id, size_t len)
{
	const struct ts_input_info *in = ts_store_input_info_c(st, ts_store_input(st, first));
	char q[128];

	ts_quote(id, len, q, sizeof q);
	return ts_diags_add(diags, TS_DIAG_WARNING, ts_store_input(st, i),
	    ts_store_line(st, i), "case_id %s repeats the case at %s:%lu", q,
	    in && strcmp(in->path, "-") ? in->path : "(stdin)",
	    (unsigned long)ts_store_line(st, first));
}

/* Warns when the case id of the record just added was seen before (in
 * this input or an earlier one). */
/* Checks the oldest pending row: warns when its case id was seen before
 * (in this input or an earlier one). */
static int
check_oldest(struct ts_rowmap *m)
{
	const struct pending *p = &m->pend[m->pend_head];
	struct ts_case_dups *pd = m->part_dups;
	size_t first;

	m->pend_head = (m->pend_head + 1) & (PENDING - 1);
	m->npend--;
	if (ts_store_case_first(m->st, p->rec, &first) != 0)
		return -1;
	if (first == SIZE_MAX)
		return 0;
	if (duplicate_warning(m->st, m->diags, p->rec, first, p->text, p->len) != 0 ||
	    (pd && ts_grow(&pd->items, &pd->cap, pd->count + 1, sizeof *pd->items) != 0))
		m->oom = 1;
	else if (pd) {
		pd->items[pd->count].diag = m->diags->count - 1;
		pd->items[pd->count++].first = first;
	}
	return m->oom ? -1 : 0;
}

/* Checks every pending row, oldest first (the diagnostics list's flush). */
static int
flush_pending(void *arg)
{
	struct ts_rowmap *m = arg;

	if (m->diags->flush_arg == m)
		m->diags->flush = NULL;
	while (m->npend)
		if (check_oldest(m) != 0)
			return TS_EIO;
	return TS_OK;
}

int
ts_rowmap_flush(struct ts_rowmap *m)
{
	if (m && ts_layout_finish(m->layout) != 0)
		return TS_EIO;
	return m == NULL || m->npend == 0 ? TS_OK : flush_pending(m);
}

/* Queues the case row just added for its duplicate check, checking the
 * oldest queued one when the queue is full. */
static int
check_duplicate(struct ts_rowmap *m)
{
	struct pending *p;

	if (m->case_fp == 0)
		return 0;       /* no case id: nothing to check */
	if (m->npend == PENDING) {
		m->diags->flush = NULL;
		if (check_oldest(m) != 0)
			return -1;
	}
	p = &m->pend[(m->pend_head + m->npend++) & (PENDING - 1)];
	p->rec = ts_store_count(m->st) - 1;
	p->len = m->case_len < sizeof p->text ? m->case_len : sizeof p->text;
	memcpy(p->text, m->case_text, p->len);
	m->diags->flush = flush_pending;
	m->diags->flush_arg = m;
	return 0;
}

int
ts_rowmap_has_case_ids(const struct ts_rowmap *m)
{
	size_t i;

	for (i = 0; i < m->ncols; i++)
		if (m->cols[i].field == TS_F_CASE_ID)
			return 1;
	return 0;
}

void
ts_rowmap_note_duplicates(struct ts_rowmap *m, struct ts_case_dups *dups)
{
	m->part_dups = dups;
}

int
ts_rowmap_move_diags(struct ts_diags *out, const struct ts_diags *part,
    const struct ts_case_dups *dups, const struct ts_store *st, size_t from,
    uint32_t input, long base_line)
{
	const struct ts_diag *d;
	size_t i, k = 0, len;
	long line;

	for (i = 0; i < part->count; i++) {
		d = &part->items[i];
		line = d->line ? d->line + base_line : 0;
		if (k < dups->count && dups->items[k].diag == i) {
			/* duplicate_warning(): it ends with the first case's
			 * line, counted in the part. */
			len = strlen(d->message);
			while (len && d->message[len - 1] >= '0' && d->message[len - 1] <= '9')
				len--;
			if (len > INT_MAX || ts_diags_add(out, d->kind, input, line, "%.*s%lu",
			    (int)len, d->message,
			    (unsigned long)ts_store_line(st, from + dups->items[k++].first)) != 0)
				return TS_EIO;
		} else if (ts_diags_add(out, d->kind, input, line, "%s", d->message) != 0) {
			return TS_EIO;
		}
		ts_diags_set_code(out, d->code);
	}
	return TS_OK;
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
		ts_rowmap_reject(m, msg);
		m->info->rejected++;
	}
	return m->oom ? TS_EIO : TS_OK;
}

int
ts_rowmap_one_pass(const struct ts_rowmap *m)
{
	return m->layout_kind != TS_LAYOUT_PLAIN;
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
	    m->case_fp, m->case_id, m->closed) != 0 : ts_store_add(m->st, &m->row) != 0)
		return TS_EIO;
	if (m->period_total && ts_store_set_flag(m->st, ts_store_count(m->st) - 1,
	    TS_FLAG_PERIOD_TOTAL) != 0)
		return TS_EIO;
	if (m->shape == TS_SHAPE_CASES && check_duplicate(m) != 0)
		return TS_EIO;
	return TS_OK;
}

const char *
ts_rowmap_count_name(const struct ts_rowmap *m, size_t column)
{
	if (column >= m->ncols || !is_count(m->cols[column].field))
		return NULL;
	return ts_field_name(m->cols[column].field);
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
