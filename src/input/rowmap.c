/* rowmap.c — column names to fields, cells to record values. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_bytes.h"
#include "ts_fields.h"
#include "ts_rowmap.h"
#include "ts_totals.h"

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
	CELL_PERIOD,            /* arg: the period slot */
	CELL_OUTCOME,
	CELL_CLOSED,
	CELL_CASE_ID,
	CELL_SOURCE,
	CELL_DIM,
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
	size_t *slots;          /* name hash -> column index + 1; 0 empty */
	size_t nslots;
	long field_col[TS_NFIELDS];     /* column giving each field, or -1 */
	size_t nplain, plain_dropped;
	int has_count;
	enum ts_shape shape;

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
	free(m->slots);
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

/* Slot of a name's string id in the column table. */
static size_t
id_slot(uint32_t id, size_t nslots)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 32) & (nslots - 1);
}

/* The column whose name has string id `id`, or -1.  Names are interned in
 * the store, so a lookup is one hash of the name there and integer probes
 * here: a header of 200,000 columns is not quadratic. */
static long
find_column(const struct ts_rowmap *m, uint32_t id)
{
	size_t j;

	if (m->nslots == 0)
		return -1;
	for (j = id_slot(id, m->nslots); m->slots[j]; j = (j + 1) & (m->nslots - 1))
		if (m->cols[m->slots[j] - 1].name_id == id)
			return (long)(m->slots[j] - 1);
	return -1;
}

/* Indexes column i; keeps the table under half full.  -1 when out of
 * memory. */
static int
index_column(struct ts_rowmap *m, size_t i)
{
	size_t j, k, n = m->nslots, *ns;

	if ((i + 1) * 2 > n) {
		n = n ? n * 2 : 64;
		if (n > SIZE_MAX / sizeof *ns || (ns = calloc(n, sizeof *ns)) == NULL)
			return -1;
		for (k = 0; k < i; k++) {
			for (j = id_slot(m->cols[k].name_id, n); ns[j]; j = (j + 1) & (n - 1))
				;
			ns[j] = k + 1;
		}
		free(m->slots);
		m->slots = ns;
		m->nslots = n;
	}
	for (j = id_slot(m->cols[i].name_id, m->nslots); m->slots[j];
	    j = (j + 1) & (m->nslots - 1))
		;
	m->slots[j] = i + 1;
	return 0;
}

/* The field a header gives: a --map entry naming it wins; an alias gives a
 * field unless a --map entry claims that field (then *alias gets it, to be
 * restored in columns_done() when the mapped column is not in this
 * header: pooled files each map their own). */
static enum ts_field
header_field(const struct ts_rowmap *m, const char *name, size_t len,
    enum ts_field *alias)
{
	enum ts_field f;
	size_t k;

	*alias = TS_F_NONE;
	for (k = 0; k < m->opt->nmaps; k++)
		if (ts_fields_same(name, len, m->opt->maps[k].column,
		    strlen(m->opt->maps[k].column)))
			return m->opt->maps[k].field;
	f = ts_fields_match(name, len);
	for (k = 0; k < m->opt->nmaps; k++) {
		if (m->opt->maps[k].field == f) {
			*alias = f;
			return TS_F_NONE;
		}
	}
	return f;
}

static cell_fn skip_cell, count_cell, period_cell, closed_cell, case_id_cell,
    memo_cell;

/* The reader of each kind of cell. */
static cell_fn *const cell_reader[] = {
	[CELL_SKIP] = skip_cell,
	[CELL_COUNT] = count_cell,
	[CELL_PERIOD] = period_cell,
	[CELL_OUTCOME] = memo_cell,
	[CELL_CLOSED] = closed_cell,
	[CELL_CASE_ID] = case_id_cell,
	[CELL_SOURCE] = memo_cell,
	[CELL_DIM] = memo_cell,
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
		c->kind = CELL_COUNT;
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
	c->field = header_field(m, name, len, &c->alias);
	c->dim = -1;
	c->memo = NULL;
	set_kind(c);
	if (c->field != TS_F_NONE && m->field_col[c->field] >= 0) {
		free(c->name);
		ts_error_set(err, TS_EIO, m->info->path, line, 0,
		    "columns %ld and %zu both give field '%s'",
		    m->field_col[c->field] + 1, m->ncols + 1, ts_field_name(c->field));
		return -1;
	}
	if (index_column(m, m->ncols) != 0) {
		free(c->name);
		goto oom;
	}
	if (c->field != TS_F_NONE)
		m->field_col[c->field] = (long)m->ncols;
	if (is_count(c->field))
		m->has_count = 1;
	/* A column that lost its alias to --map gets its dimension (or its
	 * field back) in columns_done(). */
	if (c->alias == TS_F_NONE && attach(m, m->ncols) != 0)
		goto oom_counted;
	return (long)m->ncols++;
oom_counted:
	m->ncols++;     /* indexed already: keep it so that free() sees it */
oom:
	ts_error_set(err, TS_EIO, m->info->path, line, 0, "out of memory");
	return -1;
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

int
ts_rowmap_columns_done(struct ts_rowmap *m, long line, struct ts_error *err)
{
	size_t nd, k;
	const char *mixed;
	struct column *c;

	for (k = 0; k < m->ncols; k++) {
		c = &m->cols[k];
		if (c->alias == TS_F_NONE)
			continue;
		if (m->field_col[c->alias] < 0) {
			/* The --map column is not in this header: the alias
			 * keeps its field here. */
			c->field = c->alias;
			m->field_col[c->field] = (long)k;
			if (is_count(c->field))
				m->has_count = 1;
		}
		c->alias = TS_F_NONE;
		if (attach(m, k) != 0)
			return ts_error_set(err, TS_EIO, m->info->path, line, 0, "out of memory");
	}
	nd = ts_store_ndims(m->st);
	if (m->field_col[TS_F_OUTCOME] >= 0) {
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
		return ts_error_set(err, TS_EIO, m->info->path, line, 0,
		    "no count column in the header (expected investigations, "
		    "prosecutions or convictions, or an outcome column for a "
		    "case list; see 'tracestat fields')");
	}
	if (ts_grow(&m->dims, &m->dims_cap, nd ? nd : 1, sizeof *m->dims) != 0)
		return ts_error_set(err, TS_EIO, m->info->path, line, 0, "out of memory");
	if (m->plain_dropped && ts_diags_add(m->diags, TS_DIAG_WARNING, m->input, line,
	    "%zu columns past the first %d that match no field are left out "
	    "(they cannot be grouped by)", m->plain_dropped, MAX_PLAIN_DIMS) != 0)
		return ts_error_set(err, TS_EIO, m->info->path, line, 0, "out of memory");
	for (k = 0; k < m->opt->nmaps; k++)
		if (m->field_col[m->opt->maps[k].field] < 0 ||
		    !ts_fields_same(m->cols[m->field_col[m->opt->maps[k].field]].name,
		    m->cols[m->field_col[m->opt->maps[k].field]].name_len,
		    m->opt->maps[k].column, strlen(m->opt->maps[k].column)))
			if (ts_diags_add(m->diags, TS_DIAG_WARNING, m->input, line,
			    "--map %s=%.80s: no such column in this header",
			    ts_field_name(m->opt->maps[k].field), m->opt->maps[k].column) != 0)
				return ts_error_set(err, TS_EIO, m->info->path, line, 0,
				    "out of memory");
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

static TS_COLD void
count_slow(struct ts_rowmap *m, const struct column *c, const char *s, size_t len)
{
	int64_t v;

	switch (ts_parse_count(s, len, &v)) {
	case TS_COUNT_OK:
		m->row.counts[c->arg] = v;
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
}

/* A count: plain digits here, anything else by ts_parse_count(). */
static void
count_cell(struct ts_rowmap *m, struct column *c, const char *s, size_t len)
{
	if (!ts_parse_count_plain(s, len, &m->row.counts[c->arg]))
		count_slow(m, c, s, len);
}

static TS_COLD void
period_bad(struct ts_rowmap *m, const struct column *c, const char *s, size_t len)
{
	/* "Total" under the years: a total row over every period, for the
	 * totals pass to check. */
	if (ts_totals_classify(s, len, NULL, NULL) != TS_TOTAL_NONE) {
		m->period_total = 1;
		return;
	}
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
	    (want[slot] != TS_PREC_NONE && p->precision != want[slot])) {
		period_bad(m, c, s, len);
		return;
	}
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
		v = ts_fields_outcome(s, len);
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
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (ts_diags_add(m->diags, TS_DIAG_WARNING, m->input, m->line, "%s", msg) != 0)
		m->oom = 1;
}

static void
day_text(int32_t day, char *buf, size_t size)
{
	int y, mo, d;

	ts_civil_from_days(day, &y, &mo, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, mo, d);
}

/* The consistency warnings of SPEC §2 that one record can show; the row
 * is kept. */
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
		ts_diags_code(out, d->code);
	}
	return TS_OK;
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
	enum ts_field alias, f = header_field(m, name, len, &alias);

	return f == TS_F_NONE ? -1 : m->field_col[f];
}
