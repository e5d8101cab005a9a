/* ts_store.h — the in-memory records, columnar and compact.
 *
 * Every accepted input row becomes one record: its period, its counts
 * (64-bit integers to callers, TS_MISSING when the cell was missing; kept
 * as narrow as their values allow), the
 * string id of every dimension column (jurisdiction, agency, any other
 * header), its source, and where it came from (input index, line).
 * Strings are interned: the store keeps each distinct string once and the
 * records hold 32-bit ids.  Id 0 is always the empty string.
 */
#ifndef TS_STORE_H
#define TS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "ts_period.h"
#include "ts_units.h"

#define TS_MISSING INT64_MIN
#define TS_NO_ID   UINT32_MAX

/* The counts a record carries. */
enum ts_count {
	TS_INVESTIGATIONS,
	TS_PROSECUTIONS,
	TS_CONVICTIONS,
	TS_ACQUITTALS,
	TS_VICTIMS,
	TS_NCOUNTS
};

/* Shapes of an input: a counts table (a row of counts per period and
 * group) or a case list (a row per case, with its outcome). */
enum ts_shape { TS_SHAPE_UNKNOWN, TS_SHAPE_COUNTS, TS_SHAPE_CASES };

/* What the report says about each input. */
/* Most --map entries an input can have (one per field). */
#define TS_LAYOUT_MAPS 24

/* How a published table's layout was read (docs/input.md), for the
 * report's Read line and 'tracestat check'. */
struct ts_input_layout {
	long header_line;       /* the header's line; 0: no CSV header */
	uint32_t above;         /* rows skipped above the header */
	long units_line;        /* the units row skipped under it, or 0 */
	uint32_t below;         /* rows after the last record (notes, blanks) */
	uint32_t notes;         /* those of them with text */
	uint64_t annotated;     /* count cells read without their marks */
	uint64_t censored;      /* censored count cells ("<5") */
	uint64_t rejected_cells; /* count cells left out (the row kept) */
	uint32_t maps_found;    /* bit k: --map entry k's column was found */
	/* Per --map entry not found: the header closest to its column
	 * (string id) and how far (edit distance); UINT32_MAX: none. */
	uint32_t map_near[TS_LAYOUT_MAPS];
	uint32_t map_near_dist[TS_LAYOUT_MAPS];
	/* How a long or wide table was reshaped into records (layout.c,
	 * docs/input.md); all zero for a table of one record a row. */
	uint8_t kind;           /* enum ts_layout_kind */
	char measure[64];       /* the measure column, or "" */
	char field[16];         /* the field of every value, or "" */
	char value[64];         /* long: the value column; wide: the
	                           first and last period columns */
	char breakdowns[128];   /* breakdown columns, ", " between */
	char by[64];            /* the breakdown used; "" for totals */
	uint64_t records;       /* records the rows gave */
	uint64_t joined;        /* values put in records of earlier inputs */
	uint64_t set_aside;     /* breakdown rows not used */
	uint64_t unknown;       /* rows of a measure that names no field */
	uint64_t flagged;       /* values with a flag (p, e, b...) */
	/* The units each count is counted in (bit 1 << enum ts_unit,
	 * ts_units.h), as its header or its measure names say, and for each
	 * unit the first text that says it. */
	unsigned char units[TS_NCOUNTS];
	char unit_from[TS_NCOUNTS][TS_NUNITS][TS_UNIT_TEXT];
};

struct ts_input_info {
	char *path;             /* as given; "-" is standard input */
	const char *format;     /* "csv", "json", "ndjson" (static) */
	char *encoding;         /* encoding used, e.g. "UTF-8" */
	char delimiter;         /* 0 when not CSV */
	enum ts_shape shape;
	uint64_t rows;          /* data rows read (accepted + rejected) */
	uint64_t rejected;
	unsigned threads;       /* threads that parsed it (1 or 2) */
	struct ts_input_layout layout;
};

/* Layouts of an input (struct ts_input_layout). */
enum ts_layout_kind { TS_LAYOUT_PLAIN, TS_LAYOUT_LONG, TS_LAYOUT_WIDE };

/* One record to add: dims[] is indexed like the store's dimensions and has
 * ts_store_ndims() entries (TS_NO_ID or 0 for "not given"). */
struct ts_row {
	struct ts_period period;
	int64_t counts[TS_NCOUNTS];
	uint32_t source;        /* string id, 0 when none */
	uint32_t input;
	uint32_t line;
	const uint32_t *dims;
	/* A case-list row: its outcome (enum ts_outcome), from which its
	 * counts other than victims follow (the store then keeps only the
	 * outcome); 0 otherwise. */
	uint8_t outcome;
};

struct ts_store;

/* A new, empty store, or NULL when out of memory. */
struct ts_store *ts_store_new(void);

/* Frees the store and everything it owns; NULL is safe. */
void ts_store_free(struct ts_store *st);

/* The id of the string s[0..len), adding it if new; TS_NO_ID when out of
 * memory.  s need not be NUL-terminated. */
uint32_t ts_store_intern(struct ts_store *st, const char *s, size_t len);

/* As ts_store_intern(), for text shown and grouped as C strings: a
 * string with a NUL byte is not added, and TS_HAS_NUL is returned (found
 * while hashing, so the caller need not scan for one). */
#define TS_HAS_NUL (UINT32_MAX - 1)
uint32_t ts_store_intern_text(struct ts_store *st, const char *s, size_t len);

/* The NUL-terminated string of an id (borrowed, valid while st lives). */
const char *ts_store_string(const struct ts_store *st, uint32_t id);

/* The number of distinct strings interned. */
size_t ts_store_nstrings(const struct ts_store *st);

/* The index of the dimension named name (a canonical field such as
 * "jurisdiction", or a header as written), adding it if new; records added
 * earlier get the empty string there.  Returns -1 when out of memory. */
int ts_store_dim(struct ts_store *st, const char *name);

/* Looks a dimension up by name without adding it; -1 when absent. */
int ts_store_find_dim(const struct ts_store *st, const char *name);

size_t ts_store_ndims(const struct ts_store *st);
const char *ts_store_dim_name(const struct ts_store *st, size_t dim);

/* The header as written of a dimension's column ("Entidad federativa"
 * for jurisdiction): the first one given is kept, and differs set when
 * another input (or differs) wrote another.  Returns 0, or -1 when out of
 * memory or dim is not a dimension. */
int ts_store_set_dim_header(struct ts_store *st, size_t dim, const char *header,
    int differs);
/* That header, or NULL when none was given; *differs (when differs is not
 * NULL) says whether inputs wrote different ones. */
const char *ts_store_dim_header(const struct ts_store *st, size_t dim, int *differs);

/* Adds a record.  Returns 0, or -1 when out of memory. */
int ts_store_add(struct ts_store *st, const struct ts_row *row);

/* Record accessors; i < ts_store_count(). */
size_t ts_store_count(const struct ts_store *st);
struct ts_period ts_store_period(const struct ts_store *st, size_t i);
int64_t ts_store_get_count(const struct ts_store *st, size_t i, enum ts_count c);
/* The count as read, even when a total covers it (see TS_FLAG_COVERED). */
int64_t ts_store_get_count_raw(const struct ts_store *st, size_t i, enum ts_count c);
uint32_t ts_store_dim_id(const struct ts_store *st, size_t i, size_t dim);
uint32_t ts_store_source(const struct ts_store *st, size_t i);
uint32_t ts_store_input(const struct ts_store *st, size_t i);

/* 1 when no record has a source (every ts_store_source() is 0), and when
 * every record is of input 0: known without a scan, so that writers need
 * not visit ten million records to learn it. */
int ts_store_no_sources(const struct ts_store *st);
int ts_store_one_input(const struct ts_store *st);
uint32_t ts_store_line(const struct ts_store *st, size_t i);

/* Periods are kept once each: record i holds the id of its period in the
 * store's period table (ids 0 .. ts_store_nperiods() - 1).  Lets a caller
 * work once per distinct period instead of once per record. */
uint32_t ts_store_period_id(const struct ts_store *st, size_t i);
size_t ts_store_nperiods(const struct ts_store *st);
struct ts_period ts_store_period_by_id(const struct ts_store *st, uint32_t id);

/* Moves every record of src to the end of dst, as records of dst's input
 * number `input`, their lines moved on by line_offset: strings, periods,
 * dimensions and closed days are looked up (or added) in dst by value and
 * name, in src's order, so the ids come out as if dst had read src's rows
 * itself.  src's case ids join dst's table of first occurrences as they
 * are, when the next case id is checked (until then
 * ts_store_case_overlap() on dst says "may share"): the caller has
 * checked src's records against each other (with ts_store_case_first()
 * on src) and against dst's (ts_store_case_overlap()).  src's inputs are
 * not copied.  src's columns
 * are freed as they are copied, so the records are not held twice: src
 * is left without records either way, to be freed.  Returns 0, or -1
 * when out of memory (dst then holds its own records, unchanged, and
 * perhaps more strings). */
int ts_store_append(struct ts_store *dst, struct ts_store *src,
    uint32_t input, long line_offset);

/* Registers an input and returns its index, or -1 when out of memory.
 * The store copies path. */
int ts_store_add_input(struct ts_store *st, const char *path);
struct ts_input_info *ts_store_input_info(struct ts_store *st, size_t idx);
const struct ts_input_info *ts_store_input_info_c(const struct ts_store *st,
    size_t idx);
size_t ts_store_ninputs(const struct ts_store *st);

/* Record flags: why a record is left out of the sums.  Set by the pass
 * over the store after loading (src/passes/totals.c, revisions.c). */
enum ts_record_flag {
	TS_FLAG_TOTAL = 1,      /* a total row, checked against its rows */
	TS_FLAG_SUBTOTAL = 2,   /* a subtotal row, likewise */
	TS_FLAG_REVISED = 4,    /* superseded by the same figure from another source */
	TS_FLAG_PERIOD_TOTAL = 8, /* its period cell was a total word ("Total"
	                           under the years); counted unless one above */
	TS_FLAG_REPEAT = 16,    /* its input repeats an earlier input's records */
	TS_FLAG_BY_TOTAL = 32,  /* its total row is counted in its place: the
	                           rows it covers are incomplete */
	TS_FLAG_CENSORED = 64,  /* some count of it is censored (a range);
	                           counted like any record */
	TS_FLAG_WHERE = 128,    /* left out by report --where */
};

/* A total row that alone gives some count stays in, but the counts its rows
 * already give are "covered": ts_store_get_count() reads them as missing,
 * so no sum counts them twice, while ts_store_get_count_raw() still sees
 * them, so the row's own rates (9 convictions of its 693 investigations)
 * can be paired. */
#define TS_FLAG_COVERED(c) (1u << (8 + (unsigned)(c)))

/* The flags that keep a record out of the sums. */
#define TS_FLAGS_OUT (TS_FLAG_TOTAL | TS_FLAG_SUBTOTAL | TS_FLAG_REVISED | \
    TS_FLAG_REPEAT | TS_FLAG_BY_TOTAL | TS_FLAG_WHERE)

/* Adds flag (TS_FLAG_*) to record i.  Returns 0, or -1 when out of memory
 * or i is not a record. */
int ts_store_set_flag(struct ts_store *st, size_t i, unsigned flag);

/* The flags of record i; 0 for an ordinary record. */
unsigned ts_store_flag(const struct ts_store *st, size_t i);

/* Replaces one count of record i (TS_MISSING to blank it): a total row
 * that alone gives some count keeps only that count.  Returns 0, or -1
 * when the column had to widen and memory ran out (nothing changed). */
int ts_store_set_count(struct ts_store *st, size_t i, enum ts_count c, int64_t v);

/* Replaces the string id of record i in dimension dim (an id of this
 * store): such a row then counts under the name its rows share.  Returns
 * 0, or -1 as ts_store_set_count(). */
int ts_store_set_dim(struct ts_store *st, size_t i, size_t dim, uint32_t id);

/* --- Censored counts ----------------------------------------------------
 * A count published as "<5" or "≤3" (docs/input.md) is known to lie in
 * lo..hi.  The record's count holds lo, so every reader that knows
 * nothing of ranges sees the smallest value; the range is kept beside it
 * and the record is flagged TS_FLAG_CENSORED. */

/* Makes count c of record i censored in lo..hi (0 <= lo <= hi): sets the
 * count to lo.  Called again, it replaces the range (a verified total
 * narrows it; lo == hi: the count is known).  Returns 0, or -1 when out
 * of memory or the arguments are not a record and a range. */
int ts_store_set_censored(struct ts_store *st, size_t i, enum ts_count c,
    int64_t lo, int64_t hi);

/* 1 with *lo, *hi set when count c of record i is censored, else 0. */
int ts_store_censored(const struct ts_store *st, size_t i, enum ts_count c,
    int64_t *lo, int64_t *hi);

/* The censored cells, in the order they were first set: cell k of
 * ts_store_ncensored() is count *c of record *rec, in *lo..*hi. */
size_t ts_store_ncensored(const struct ts_store *st);
void ts_store_censored_at(const struct ts_store *st, size_t k, size_t *rec,
    enum ts_count *c, int64_t *lo, int64_t *hi);

/* Blocks: censored counts whose sum a verified total makes known (a
 * total of 5 over "<5", "<5" and 2: the two sum to 3), while each alone
 * stays a range.  ts_store_censored_block() starts block b (1, 2, ...)
 * with that sum, 0 when out of memory; ts_store_censored_join() puts
 * censored count c of record i in it (-1: not censored, or in a block
 * already); ts_store_censored_block_of() gives cell k's block (0: none)
 * and sets *sum to the block's sum. */
uint32_t ts_store_censored_block(struct ts_store *st, int64_t sum);
int ts_store_censored_join(struct ts_store *st, size_t i, enum ts_count c,
    uint32_t block);
uint32_t ts_store_censored_block_of(const struct ts_store *st, size_t k,
    int64_t *sum);
size_t ts_store_censored_nblocks(const struct ts_store *st);
/* The block of censored count c of record i; 0: none, or not censored. */
uint32_t ts_store_censored_block_id(const struct ts_store *st, size_t i,
    enum ts_count c);

/* Replaces out[0 .. to - from), count c of records from .. to - 1 as
 * ts_store_read_counts_raw() gave it, by the high end of each censored
 * one: the sums at the other end of every range. */
void ts_store_read_counts_high(const struct ts_store *st, enum ts_count c,
    size_t from, size_t to, int64_t *out);

/* --- Case lists ---------------------------------------------------------
 * A case-list row adds one record (investigations 1, prosecutions and
 * convictions 0 or 1 from its outcome) and these details. */
#define TS_NO_DAY INT32_MIN

/* Sets the case details of record i (outcome: enum ts_outcome, 0 none;
 * case_id: string id, 0 none; closed: day number, TS_NO_DAY none).  The
 * id's text is kept (ts_store_case_text) besides its key.
 * Returns 0, or -1 when out of memory. */
int ts_store_set_case(struct ts_store *st, size_t i, uint8_t outcome,
    uint32_t case_id, int32_t closed);

/* What stands for a case id's text (ts_store_case_key()): a 64-bit
 * fingerprint (0: no case id) and an independent 32-bit check, both keyed
 * with a random seed drawn once a run. */
struct ts_case_key {
	uint64_t fp;
	uint32_t check;
};

/* As ts_store_set_case(), with the case id as its key (ts_store_case_key
 * of its text; fp 0: no case id) and, when the caller wants the text
 * kept, case_id: a string id whose text is copied, or TS_CASE_STAGED for
 * the text ts_store_case_stage() staged last (0: not kept). */
int ts_store_set_case_key(struct ts_store *st, size_t i, uint8_t outcome,
    struct ts_case_key key, uint32_t case_id, int32_t closed);

/* Adds a case-list record: ts_store_add() and then
 * ts_store_set_case_key(st, ts_store_count(st) - 1, row->outcome, key,
 * case_id, closed), in one step.  When row->outcome is set, the record's
 * counts other than victims are those of its outcome (one investigation,
 * prosecuted, convicted, acquitted as it says): row->counts is read for
 * victims only.  Returns 0, or -1 when out of memory. */
int ts_store_add_case(struct ts_store *st, const struct ts_row *row,
    struct ts_case_key key, uint32_t case_id, int32_t closed);

/* Stages s[0..len) as the text of the next case id kept: a record given
 * TS_CASE_STAGED as its case_id (ts_store_add_case(),
 * ts_store_set_case_key()) keeps it, once; staged again before that, the
 * earlier text is forgotten (a row rejected after its case id).  The text
 * is copied, not interned: ten million distinct ids cost their bytes and
 * a few more each, and no hashing.  Returns 0, or -1 when out of memory. */
int ts_store_case_stage(struct ts_store *st, const char *s, size_t len);
#define TS_CASE_STAGED (UINT32_MAX - 2)

/* The key of a case id's text.  Keyed with this run's random seed, so
 * that ids cannot be crafted to collide; two different ids share a key
 * with odds of about 2^-96 a pair, and are told apart by their text when
 * both are kept (docs/security.md, "Case ids"). */
struct ts_case_key ts_store_case_key(const char *s, size_t len);

/* The fingerprint part of ts_store_case_key() (never 0). */
uint64_t ts_store_case_fingerprint(const char *s, size_t len);

/* A hint: the duplicate check of a case id of fingerprint fp is coming
 * (a row's first cells), so its part of the table can be fetched while
 * the rest of the row is read.  Changes nothing. */
void ts_store_case_prefetch(const struct ts_store *st, uint64_t fp);

/* A hint: about n more case records are coming (an estimate from the
 * first rows of a large input), so the table of first occurrences is
 * made large enough for them now, once, rather than doubled again and
 * again with every entry re-added each time.  The caller bounds n (it
 * costs about 6 to 13 bytes a record).  Changes no result; when out of
 * memory it does nothing, and the table grows as usual. */
void ts_store_case_expect(struct ts_store *st, size_t n);

/* Every input is read: the table of first occurrences (6 to 13 bytes a
 * case, 64 MB for ten million) is given back while the report runs.
 * Changes no result: a case id checked later (ts_store_case_first())
 * rebuilds it from the records, in order, and ts_store_case_overlap()
 * says "may share" until then. */
void ts_store_cases_loaded(struct ts_store *st);

uint8_t ts_store_outcome(const struct ts_store *st, size_t i);
/* The text of record i's case id (NUL-terminated; *len, when len is not
 * NULL, gets its length, NULs inside included), or NULL when it has none
 * or its text was not kept. */
const char *ts_store_case_text(const struct ts_store *st, size_t i, size_t *len);
/* The fingerprint of record i's case id, 0 when it has none. */
uint64_t ts_store_case_fp(const struct ts_store *st, size_t i);
int32_t ts_store_closed(const struct ts_store *st, size_t i);

/* Duplicate case ids across all inputs: *first = the earlier record with
 * the case id (key, and text when both are kept) of record i, or SIZE_MAX
 * when i is the first (and is remembered).  Records are checked in order.  Returns 0, or -1
 * when out of memory. */
int ts_store_case_first(struct ts_store *st, size_t i, size_t *first);

/* 1 when the case id of one of part's records from..to-1 is a case id
 * of st's records (one that ts_store_case_first() has seen), 0 when
 * none is: whether part, read on its own, may be appended without a
 * warning left unsaid.  Also 1 when st cannot tell without checking a
 * case id first (after ts_store_append() or ts_store_cases_loaded()):
 * read on, never a warning lost.  Only reads both stores, so that threads
 * may check ranges of part at once; a probe for each case id, prefetched. */
int ts_store_case_overlap(const struct ts_store *st, const struct ts_store *part,
    size_t from, size_t to);

/* The same answer for all of part's records, found by walking part's
 * table of first occurrences beside st's, bucket by bucket, rather than
 * by a probe a record (src/store/casedup.c, "The overlap of two tables"):
 * the buckets of slice `slice` of `nslices`, so that threads may walk
 * the slices at once.  -1 when the tables do not allow it (not of one
 * size, or part has records whose case id it has not checked): then
 * ts_store_case_overlap() answers. */
int ts_store_case_overlap_walk(const struct ts_store *st, const struct ts_store *part,
    unsigned slice, unsigned nslices);

/* Canonical name of a count ("investigations", ...). */
const char *ts_count_name(enum ts_count c);

/* --- Bulk reads ---------------------------------------------------------
 * For the passes over the records after loading: each fills
 * out[0 .. to - from) with the entries of records from .. to - 1
 * (from <= to <= ts_store_count()), one tight loop a column. */

/* Period ids (ts_store_period_id). */
void ts_store_read_period_ids(const struct ts_store *st, size_t from, size_t to,
    uint32_t *out);
/* String ids of dimension dim (ts_store_dim_id); 0 when dim is none. */
void ts_store_read_dim_ids(const struct ts_store *st, size_t dim, size_t from,
    size_t to, uint32_t *out);
/* Count c as read (ts_store_get_count_raw; the TS_FLAG_COVERED bits of
 * ts_store_read_flags() say which ts_store_get_count() reads as missing). */
void ts_store_read_counts_raw(const struct ts_store *st, enum ts_count c,
    size_t from, size_t to, int64_t *out);
/* Record flags (ts_store_flag). */
void ts_store_read_flags(const struct ts_store *st, size_t from, size_t to,
    uint16_t *out);
/* Closed dates as ids in the store's table of closed days: 0 for none,
 * else ts_store_closed_day_by_id(id) is ts_store_closed() of the record.
 * Ids run from 1 to ts_store_nclosed_days(). */
void ts_store_read_closed_ids(const struct ts_store *st, size_t from, size_t to,
    uint32_t *out);
size_t ts_store_nclosed_days(const struct ts_store *st);
/* The day of closed-day id (TS_NO_DAY for 0 or an id out of range). */
int32_t ts_store_closed_day_by_id(const struct ts_store *st, uint32_t id);

/* Case codes: a record's outcome, plus TS_CASE_COUNTS when its counts
 * other than victims are those of its outcome (a case-list row).  Where
 * ts_store_count_kept(c) is 0, count c of every record is
 * ts_store_case_code_count() of its code: the store keeps no column. */
#define TS_CASE_COUNTS 0x80
void ts_store_read_case_codes(const struct ts_store *st, size_t from, size_t to,
    uint8_t *out);
int ts_store_count_kept(const struct ts_store *st, enum ts_count c);
int64_t ts_store_case_code_count(uint8_t code, enum ts_count c);

#endif
