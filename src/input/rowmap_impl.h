/* rowmap_impl.h — what the row map's files share (rowmap.c: columns and
 * the header; rowmap_cells.c: cells and records; rowmap_dup.c: repeated
 * case ids). */
#ifndef TS_ROWMAP_IMPL_H
#define TS_ROWMAP_IMPL_H

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "ts_fields.h"
#include "ts_hashtab.h"
#include "ts_rowmap.h"

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
	/* Censored counts of the record (docs/input.md): bit c of censored,
	 * and how far above the count read (its low end) count c may be. */
	unsigned censored;
	int64_t censored_up[TS_NCOUNTS];
	uint32_t *dims;
	size_t dims_cap;
	enum ts_outcome outcome;        /* case lists */
	uint64_t case_fp;               /* 0: none */
	uint32_t case_check;            /* the rest of its key */
	uint32_t case_id;               /* TS_CASE_STAGED when the text is kept */
	int32_t closed;

	/* Case rows stored but not yet checked for a repeated case id: the
	 * check reads a bucket of a table far larger than the caches, whose
	 * address is known when the id is read.  Checking a row PENDING rows
	 * later gives its prefetch time to arrive.  The diagnostics list
	 * flushes them before anything else is added to it, so that every
	 * warning still comes where one pass in order would put it.  The
	 * ring has room for one more than PENDING: the case id cell of the
	 * record being read puts the id as written (what the duplicate
	 * warning quotes: at most its first 60 bytes, up to a NUL) straight
	 * into the slot after the queued ones, pend_slot(), which stays free
	 * while the oldest are checked. */
	struct pending {
		size_t rec;
		size_t len;
		char text[64];
	} pend[2 * PENDING];
	unsigned pend_head, npend;
};

static inline int
ts_rowmap_is_count(enum ts_field f)
{
	return f >= TS_F_INVESTIGATIONS && f <= TS_F_VICTIMS;
}


/* rowmap_cells.c: decides what the cells of column c are, from its field
 * and dimension, and so what reads them. */
void ts_rowmap_set_kind(struct column *c);
/* rowmap_cells.c: gives column c the cells of kind (enum cell_kind). */
void ts_rowmap_set_reader(struct column *c, enum cell_kind kind);
/* rowmap_cells.c: a diagnostic of the record being read. */
void ts_rowmap_diag_v(struct ts_rowmap *m, enum ts_diag_kind kind,
    const char *fmt, va_list ap);

/* rowmap_dup.c: checks the oldest queued row (struct ts_rowmap's pend):
 * 0, or -1 when out of memory. */
int ts_rowmap_check_oldest(struct ts_rowmap *m);
/* rowmap_dup.c: checks every queued row, oldest first (the diagnostics
 * list's flush). */
int ts_rowmap_flush_pending(void *arg);

/* The slot after the queued rows: the record being read's (its text). */
static inline struct pending *
ts_rowmap_pend_slot(struct ts_rowmap *m)
{
	return &m->pend[(m->pend_head + m->npend) & (2 * PENDING - 1)];
}

/* Queues the case row just added for its duplicate check, checking the
 * oldest queued one when the queue is full.  Its text is in its slot
 * already (case_id_cell()): checking the oldest does not move it. */
static inline int
ts_rowmap_queue_case(struct ts_rowmap *m)
{
	struct pending *p;

	if (m->case_fp == 0)
		return 0;       /* no case id: nothing to check */
	if (m->npend == PENDING) {
		m->diags->flush = NULL;
		if (ts_rowmap_check_oldest(m) != 0)
			return -1;
	}
	p = ts_rowmap_pend_slot(m);
	m->npend++;
	p->rec = ts_store_count(m->st) - 1;
	m->diags->flush = ts_rowmap_flush_pending;
	m->diags->flush_arg = m;
	return 0;
}


#endif
