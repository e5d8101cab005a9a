/* layout_parts_impl.h — what the files of the layout share (layout.c,
 * layout_words.c, layout_rows.c, layout_keys.c; src/input only).  The
 * row map sees the layout through layout_impl.h alone.
 */
#ifndef TS_LAYOUT_PARTS_IMPL_H
#define TS_LAYOUT_PARTS_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "layout_impl.h"

/* Headers and values are compared folded, in a buffer of FOLD bytes. */
#define FOLD 128

/* A breakdown column: its dimension and a memo of which of its values
 * are total words. */
#define MEMO_IDS 16
struct breakdown {
	int dim;
	int chosen;             /* named in --by */
	int is_dimension;       /* UNODC's Dimension column */
	int seen_total;         /* some row had a total word here */
	uint64_t left_out;      /* rows left out for a value here */
	uint32_t memo_id[MEMO_IDS];
	uint8_t memo_total[MEMO_IDS];
	unsigned memo_next;
	char name[64];
};

/* A sub-column of a packed Eurostat key. */
struct packed_part {
	int dim;                /* -1 for the measure */
};

#define MAX_BREAKDOWNS 8
#define MAX_PACKED 16
#define CELL_TEXT 256

/* A key already seen: the hash of its period and dimensions, and its
 * record. */
struct entry {
	uint64_t hash;
	size_t rec;             /* SIZE_MAX: empty */
};

struct ts_layout {
	struct ts_store *st;
	uint32_t input;
	struct ts_input_info *info;
	const struct ts_load_options *opt;
	struct ts_diags *diags;

	/* Columns, by index. */
	uint8_t *roles;
	uint32_t *name_ids;             /* interned in the store */
	struct ts_period *periods;      /* TS_ROLE_PERIOD: its period, or a
	                                   month (precision NONE, lo 1..12) */
	size_t ncols, cap;
	long first_period, last_period;
	size_t nperiods;
	int month_headers;              /* some period header is a month name */
	int kind;                       /* enum ts_layout_kind */

	long measure_col;               /* a column of role MEASURE, or -1 */
	long value_col, flag_col, packed_col;
	enum ts_field file_field;       /* the measure of every value */
	int measure_dim;                /* a measure column found by its
	                                   values, kept as a dimension */
	struct breakdown bd[MAX_BREAKDOWNS];
	size_t nbd;
	struct packed_part packed[MAX_PACKED];
	size_t npacked;
	int packed_measure;             /* the measure's sub-column, or -1 */

	/* The row being read. */
	char measure_text[CELL_TEXT];
	size_t measure_len;
	int has_measure;
	char value_text[CELL_TEXT];
	size_t value_len;
	int has_value, value_long;
	int flag_set;
	char packed_text[CELL_TEXT * 2];
	size_t packed_len;
	int packed_long;
	int64_t *values;                /* wide: by column, TS_MISSING unset */
	char bad[CELL_TEXT];            /* the first wide cell that is no count */
	size_t bad_len;
	long bad_col;

	/* The measures met, resolved once each. */
	struct seen {
		char text[64];
		size_t len;
		enum ts_field field;
	} seen[32];
	size_t nseen;
	size_t nwarned;

	struct entry *table;
	size_t nslots, nentries;
	int finished;
	int ready;                      /* decided without an error */
	long header_line;
};

/* The figures of a wide row that a record of its key already had: said
 * once for the row, not once a column. */
struct repeats {
	size_t same, differ;
	uint32_t line;          /* the record's first line */
};

/* --- The words (layout_words.c) --- */

/* The word lists, by what their words name. */
enum ts_layout_list {
	TS_LIST_MEASURE,        /* headers of a measure column */
	TS_LIST_VALUE,          /* headers of a value column */
	TS_LIST_FLAG,           /* headers of a flag column */
	TS_LIST_IGNORED,        /* an export's own bookkeeping columns */
	TS_LIST_BREAKDOWN,      /* breakdown columns (sex, age, ...) */
	TS_LIST_TOTAL,          /* values meaning "all of them" */
};

/* s[0..len) folded (ts_fields_fold) into out[0..FOLD); its length. */
size_t ts_layout_fold(const char *s, size_t len, char *out);

/* 1 when the folded f[0..n) is a word of the list. */
int ts_layout_in_list(enum ts_layout_list list, const char *f, size_t n);

/* Drops the blanks around a header. */
void ts_layout_trim(const char **name, size_t *len);

/* 1 when a header (name, folded f[0..n)) is a period of a wide table:
 * a month name (*p holds its number in lo), or a period such as 2014,
 * 2014-03 or FY2016 (not a single day). */
int ts_layout_period_header(const char *name, size_t len, const char *f,
    size_t n, struct ts_period *p);

/* The count field a name gives ("convictions", an alias), or NONE. */
enum ts_field ts_layout_count_field(const char *s, size_t len);

/* The field a measure value names: --measure-word first, then the
 * built-in words, then the field aliases ("Condenas"). */
enum ts_field ts_layout_measure_field(const struct ts_layout *l,
    const char *s, size_t len);

/* --- The columns (layout.c) --- */

/* The name of column i as declared. */
const char *ts_layout_col_name(const struct ts_layout *l, size_t i);

/* --- The records by key (layout_keys.c) --- */

/* Keys of earlier inputs read as long or wide tables join the index, so
 * that a wide convictions table fills in the records of a wide
 * investigations table of the same entities.  Returns 0, or -1 when out
 * of memory. */
int ts_layout_index_earlier(struct ts_layout *l);

/* Adds count c = v of the key (row's period and dims) to its record, or
 * a new record.  A wide row (rep given) keeps a record's figure and
 * counts it in *rep.  Returns 0, 1 with msg set when this input gave that
 * count of that key before with another value, or -1 when out of
 * memory. */
int ts_layout_put(struct ts_layout *l, struct ts_row *row,
    const uint32_t *dims, enum ts_count c, int64_t v, struct repeats *rep,
    char *msg, size_t size);

#endif
