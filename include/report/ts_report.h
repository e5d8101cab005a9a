/* ts_report.h — grouping the records, computing the rates, and the writers.
 *
 * ts_report_build() turns a store into a struct ts_result: one group per
 * distinct key of the --by fields, in key order (periods chronological,
 * text by bytes), and a total, each with its summed counts (its rates
 * come from them, ts_result_rate()).
 * The writers print a result to a FILE * they are given and do nothing else.
 */
#ifndef TS_REPORT_H
#define TS_REPORT_H

#include <stdio.h>

#include "ts_adjust.h"
#include "ts_cuminc.h"
#include "ts_error.h"
#include "ts_exact.h"
#include "ts_stats.h"
#include "ts_store.h"

#define TS_VERSION "0.1.0"
#define TS_MAX_BY 8

/* What a --by entry names. */
enum ts_by_kind {
	TS_BY_PERIOD,           /* year, quarter, month, or period as written */
	TS_BY_DIM,              /* a store dimension */
};

struct ts_by {
	char name[64];
	enum ts_by_kind kind;
	enum ts_precision prec; /* TS_BY_PERIOD: YEAR, QUARTER, MONTH, or NONE
	                           for the period as written */
	int dim;                /* TS_BY_DIM */
};

/* The order of the rows shown (--sort). */
enum ts_sort {
	TS_SORT_KEY = 0,        /* key order (the default) */
	TS_SORT_RATE,           /* conviction rate, highest first */
	TS_SORT_COUNT,          /* investigations, most first */
};

#define TS_MAX_WHERE 8

/* What a case list's rate per period counts (see ts_basis.h). */
enum ts_basis {
	TS_BASIS_COHORT,        /* outcomes of the cases opened in the period */
	TS_BASIS_PERIOD,        /* convictions dated in it / cases opened in it */
};

struct ts_report_options {
	struct ts_by by[TS_MAX_BY];
	size_t nby;
	enum ts_ci_method method;
	double level;
	enum ts_basis basis;          /* --basis, for case lists */
	int has_period;               /* --period: keep records inside period */
	struct ts_period period;
	char period_text[32];         /* the filter as the user wrote it */
	int64_t suppress;             /* --suppress N; 0 when off */
	char timestamp[32];           /* --timestamp: UTC ISO 8601; "" when off */
	int threads;                  /* --threads: 2 lets grouping use two (0, 1: one) */
	enum ts_adjust adjust;        /* --adjust (default Holm) */
	enum ts_dispersion dispersion;/* --dispersion (default multiplicative) */
	double follow_up_days;        /* --follow-up in days; 0 when off */
	char follow_up_text[32];      /* as the user wrote it ("24m") */
	int has_as_of;                /* --as-of given */
	int32_t as_of;                /* its day */
	/* The rows shown (docs/guide.md, "Long reports"): the order of the
	 * groups, and --top N (0: every group) with the rest in one "other"
	 * row.  Comparisons and tests always take every group. */
	enum ts_sort sort;
	size_t top;
	/* --where FIELD=VALUE[,VALUE...], as given (ts_report_where). */
	const char *where[TS_MAX_WHERE];
	size_t nwhere;
	int canonical_names;          /* --canonical-names: no input headers */
};

/* Why a count is not shown (--suppress, see docs/json.md). */
enum ts_hidden {
	TS_SHOWN = 0,
	TS_BELOW,       /* below the threshold: shown as "<N" */
	TS_WITHHELD,    /* would reveal a TS_BELOW cell by subtraction */
};

/* One component of a group key. */
struct ts_key {
	struct ts_period period;   /* TS_BY_PERIOD */
	uint32_t id;               /* TS_BY_DIM: string id */
};

/* A rate: defined = 0 when its denominator is missing or zero;
 * has_interval = 0 when the numerator exceeds the denominator (a period
 * ratio, not a proportion). */
struct ts_rate {
	int defined;
	int has_interval;
	struct ts_interval ci;
};

enum ts_rate_kind {
	TS_RATE_CONVICTION,        /* convictions / investigations */
	TS_RATE_PROSECUTION,       /* prosecutions / investigations */
	TS_RATE_PER_PROSECUTION,   /* convictions / prosecutions */
	TS_NRATES
};

struct ts_group {
	/* The --by parts (opt.nby of them), held out of line so that a
	 * group costs its parts only: a slice of ts_result.keys (of
	 * total_key for the total). */
	struct ts_key *key;
	int64_t sum[TS_NCOUNTS];      /* TS_MISSING when no record gave it */
	uint64_t records;
	/* Each rate divides sums over the records that give both of its
	 * counts: a row with convictions but no investigations must not raise
	 * the conviction rate.  pair[q][0] and [1] are those sums (TS_MISSING
	 * when no record gives both; the records that give only one of the
	 * two are counted for the total, ts_result.unpaired).  The rates
	 * themselves are not held: ts_result_rate() works each out from the
	 * pairs.  NULL when each record of the group gives both counts of a
	 * rate or neither (as in a case list, or a table without one of the
	 * counts): each pair is then the plain sums of its two counts, or
	 * missing when either is, and the group holds no pairs of its own.
	 * Read them with ts_group_pair() (docs/performance.md, "Many
	 * groups"). */
	int64_t (*pair)[2];
	uint8_t hidden[TS_NCOUNTS];   /* enum ts_hidden, --suppress */
	uint8_t rate_hidden[TS_NRATES]; /* 1: withheld, it would reveal a count */
};

/* The numerator and denominator counts of each rate. */
extern const enum ts_count ts_rate_num[TS_NRATES];
extern const enum ts_count ts_rate_den[TS_NRATES];

/* Sum side (0: the numerator's, 1: the denominator's) of rate q of g. */
static inline int64_t
ts_group_pair(const struct ts_group *g, enum ts_rate_kind q, int side)
{
	if (g->pair != NULL)
		return g->pair[q][side];
	if (g->sum[ts_rate_num[q]] == TS_MISSING || g->sum[ts_rate_den[q]] == TS_MISSING)
		return TS_MISSING;
	return g->sum[side ? ts_rate_den[q] : ts_rate_num[q]];
}

struct ts_comparisons;

/* What the cases of one group gave on the cohort basis, as the grouping
 * counts them for ts_compare_build() (which keeps them, ts_compare.h). */
struct ts_cohort_tally {
	int64_t cases, open, convicted;
	int64_t untimed;        /* cases without an opening day or closed day,
	                           or opened after the cut-off */
};

/* The cases of one group with a time, for the cumulative incidence:
 * every case opened by the cut-off (--as-of, or the latest day in the
 * data) with a known time, its time (ts_cuminc_time()), censored at the
 * cut-off when it is open or closed after it, and the latest opening day
 * among them (when ntimes > 0).  Not gathered for the total when there
 * are groups.  Held apart from the tallies, and only once some case has
 * a time: a million groups of undated cases hold none. */
struct ts_cohort_times {
	uint32_t *times;
	size_t ntimes, times_cap;
	int32_t last_open;
};

/* A group's figures when a censored count (ts_store.h) is in them: each
 * sum lies in sum[c]..hi[c], each rate between its value at the low
 * numerator over the high denominator and at the high numerator over the
 * low denominator (docs/methods.md). */
struct ts_range {
	int64_t hi[TS_NCOUNTS];         /* the sums' high ends; TS_MISSING as sum */
	int64_t pair_hi[TS_NRATES][2];  /* the rates' sums (pair[][]) at the high ends */
	unsigned counts;                /* bit c: sum c is a range (hi > sum) */
	unsigned rates;                 /* bit q: rate q is a range */
	/* Rate q at its low and high end, each with its own interval: the
	 * range's interval runs from low[q].ci.low to high[q].ci.high.  A
	 * rate that is a range is undefined by ts_result_rate(), so that no
	 * reader that knows nothing of ranges prints one end as the rate;
	 * low[q].defined is 0 when an end has no rate (a denominator that
	 * may be 0). */
	struct ts_rate low[TS_NRATES], high[TS_NRATES];
};

/* A rate worked out before, by its numerator and denominator: the
 * memo of ts_result_rate() holds TS_RATE_MEMO of them. */
struct ts_rate_memo {
	int64_t k, n;
	int set;
	struct ts_rate rate;
};
#define TS_RATE_MEMO 1024

struct ts_result {
	struct ts_report_options opt;
	struct ts_group *groups;
	size_t ngroups;
	struct ts_key *keys;          /* the groups' key parts */
	struct ts_group total;
	struct ts_key total_key[TS_MAX_BY];
	/* The pairs of the groups that hold their own (ts_group.pair), and
	 * of the total and the other row, which always do. */
	int64_t (*pairs)[TS_NRATES][2];
	int64_t total_pair[TS_NRATES][2], other_pair[TS_NRATES][2];
	uint64_t unpaired[TS_NRATES]; /* the total's records that give only one
	                                 count of rate q */
	/* Bit q: rate q of every group (ratio_groups) or of the total
	 * (ratio_total) has no interval, a ratio of different cases (the
	 * period basis of case lists, ts_compare.h). */
	unsigned ratio_groups, ratio_total;
	uint64_t outside_period;      /* records left out by --period */
	struct ts_diags *diags;       /* borrowed */
	const struct ts_store *st;    /* borrowed */
	struct ts_comparisons *comparisons;   /* owned; see ts_compare.h */
	/* The rows the table writers show, in order (ts_result_select); NULL:
	 * every group in key order.  other sums the nother groups --top
	 * leaves out (nother 0: no such row). */
	const struct ts_group **rows;
	size_t nrows;
	struct ts_group other;
	size_t nother;
	/* While ts_report_build() runs, for case lists on the cohort basis:
	 * one tally per group, then the total's; NULL otherwise.  times:
	 * as many, or NULL when no case has a time. */
	struct ts_cohort_tally *tallies;
	struct ts_cohort_times *times;
	/* One per group, then the total's, when some count of the store is
	 * censored; NULL otherwise (ts_result_range()). */
	struct ts_range *ranges;
	/* TS_RATE_MEMO rates ts_result_rate() worked out, by their pair of
	 * sums (a million groups of one case each have a handful); NULL:
	 * none kept. */
	struct ts_rate_memo *rate_memo;
};

/* Rate q of g (a group of r, its total or its other row), from g's pair
 * sums: undefined when it is a range of censored counts (its ends are in
 * ts_result_range()), without an interval when r's ratio bit q is set. */
struct ts_rate ts_result_rate(const struct ts_result *r, const struct ts_group *g,
    enum ts_rate_kind q);

/* ts_result_rate() through a memo of the caller's (TS_RATE_MEMO entries,
 * cleared before first use; NULL: none), not r's: a writer's second
 * thread keeps its own.  The rate is the same either way. */
struct ts_rate ts_result_rate_memo(const struct ts_result *r, const struct ts_group *g,
    enum ts_rate_kind q, struct ts_rate_memo *memo);

/* ts_result_rate(r, g, q).has_interval, without working the interval out
 * when its counts make it a proportion. */
int ts_result_rate_has_interval(const struct ts_result *r, const struct ts_group *g,
    enum ts_rate_kind q);

/* The range of group g of r (a group or &r->total), or NULL when none of
 * its figures is a range. */
const struct ts_range *ts_result_range(const struct ts_result *r,
    const struct ts_group *g);

/* err, set by grouping with the censored counts at their high ends (a
 * sum past the largest count), says so; returns rc. */
int ts_report_high_error(struct ts_error *err, int rc);

/* 1 when some group of r (or its total) has a range. */
int ts_result_any_range(const struct ts_result *r);

/* Puts the ranges into r, grouped with censored counts at their low ends,
 * from hi, the same grouping at their high ends (range.c).  Returns 0, or
 * -1 when out of memory. */
int ts_result_ranges(struct ts_result *r, const struct ts_result *hi);

/* Rate k / n into *rate: undefined when either is missing or n <= 0, no
 * interval when k > n. */
void ts_report_rate_of(int64_t k, int64_t n, const struct ts_report_options *opt,
    struct ts_rate *rate);

/* Resolves a --by name against the store: year, quarter, month, period,
 * canonical dimensions and headers as written.  Returns 0, or TS_EUSAGE
 * with err set when the name is unknown. */
int ts_report_resolve_by(const struct ts_store *st, const char *name,
    struct ts_by *out, struct ts_error *err);

/* Groups the store into a result.  *out is owned by the caller
 * (ts_result_free).  Returns 0, or TS_EIO (out of memory) / TS_EDATA (a sum
 * that overflows) with err set. */
int ts_report_build(const struct ts_store *st, const struct ts_report_options *opt,
    struct ts_diags *diags, struct ts_result **out, struct ts_error *err);

void ts_result_free(struct ts_result *r);

/* --where: flags TS_FLAG_WHERE on every record whose value of a named
 * field is not one of the listed ones (compared folded, as group labels
 * are), and adds a note saying how many records it left out.  Returns 0,
 * or TS_EUSAGE (unknown field, a value no record has: the message lists
 * the values there are) / TS_EIO with err set. */
int ts_report_where(struct ts_store *st, const struct ts_report_options *opt,
    struct ts_diags *diags, struct ts_error *err);

/* Applies --sort and --top to a built result: fills rows, and other with
 * the sums, rates and suppression of the groups left out.  Returns 0, or
 * TS_EIO with err set. */
int ts_result_select(struct ts_result *r, struct ts_error *err);

/* The rows a table shows: ts_result_nrows(r) groups (and the "other"
 * row last when there is one), then, at index ts_result_nrows(r), the
 * total. */
size_t ts_result_nrows(const struct ts_result *r);
const struct ts_group *ts_result_row(const struct ts_result *r, size_t i);

/* Formats a key component into buf (e.g. "2014", "Michoacán"). */
void ts_report_key_text(const struct ts_result *r, size_t part,
    const struct ts_key *key, char *buf, size_t size);

/* The canonical JSON names of the rates. */
const char *ts_rate_name(enum ts_rate_kind k);

/* Applies --suppress (r->opt.suppress > 0) to a result whose sums are
 * computed: fills every hidden[] and rate_hidden[]. */
void ts_result_suppress(struct ts_result *r);

/* Withholds each rate of g whose numerator or denominator is hidden. */
void ts_group_hide_rates(struct ts_group *g);

/* Writers.  Return 0, or -1 when writing failed (errno set). */
struct ts_text_style {
	int color;      /* ANSI colour allowed */
	int ascii;      /* bars and dashes in plain ASCII */
	/* Terminal cells a line may take: prose is wrapped and tables are
	 * fitted to it (docs/guide.md); 0: no limit. */
	int width;
	/* What the text report prints after its heading (--sections):
	 * TS_SECTION_* bits; 0 prints every section. */
	unsigned sections;
};
enum {
	TS_SECTION_TABLE = 1,         /* the rate tables and the sparkline */
	TS_SECTION_COMPARISONS = 2,   /* attrition, comparisons and tests */
	TS_SECTION_COHORT = 4,        /* the cohort table (case lists) */
	TS_SECTION_NOTES = 8,         /* legends, sources, notes, warnings */
};
int ts_report_write_text(FILE *fp, const struct ts_result *r,
    const struct ts_text_style *style);
int ts_report_write_json(FILE *fp, const struct ts_result *r);

/* The table formats: the key fields, investigations, prosecutions,
 * convictions, conviction_rate, conviction_rate_low, conviction_rate_high,
 * then the other rates when the input has their counts; a row per group and
 * a total row.  sep is ',' (CSV) or '\t' (TSV). */
int ts_report_write_csv(FILE *fp, const struct ts_result *r, char sep);
/* The same; defuse 0 leaves cells that start with = + - @ as they are
 * (--no-defuse), and sep '\t' escapes tab, line ends and backslash. */
int ts_report_write_table(FILE *fp, const struct ts_result *r, char sep, int defuse);
int ts_report_write_markdown(FILE *fp, const struct ts_result *r);

/* A column of the table formats.  When some figure is a range of
 * censored counts (struct ts_range), CSV and TSV end with a column
 * "censored" (true when the row has a range) and each count's and rate's
 * ends, "convictions_min" and "convictions_max", "conviction_rate_min"
 * and "conviction_rate_max" (docs/json.md, "Table formats"). */
enum ts_column_kind { TS_COL_KEY, TS_COL_COUNT, TS_COL_RATE, TS_COL_LOW, TS_COL_HIGH,
	TS_COL_CENSORED, TS_COL_MIN, TS_COL_MAX };
#define TS_MAX_COLUMNS (TS_MAX_BY + 26)
struct ts_column {
	enum ts_column_kind kind;
	int which;              /* key part, enum ts_count or enum ts_rate_kind */
	char name[80];          /* "jurisdiction", "conviction_rate_low" */
};

/* Fills cols (room for TS_MAX_COLUMNS) with the columns of the table
 * formats and returns how many. */
size_t ts_report_columns(const struct ts_result *r, struct ts_column *cols);

/* The head of key column `part` in tables and charts: the input's own
 * header of the field ("Entidad federativa"; the first input's when
 * pooled inputs differ), or the field's name (--canonical-names, a
 * period, a field no header named). */
const char *ts_report_by_title(const struct ts_result *r, size_t part);

/* The text of key part `part` of group g: a string of the store, or the
 * period formatted into buf (size >= 32).  "Total" for the total row's
 * first part, "" for its other parts. */
const char *ts_report_key(const struct ts_result *r, const struct ts_group *g,
    size_t part, char *buf, size_t size);

/* The key of group g as a JSON object, every --by part but the one at
 * index skip (-1: all of them), each member one type in every group
 * (docs/json.md): a --by year part a number, other periods and dimensions
 * strings, null when the group's period is not of the part's kind (a
 * range, or no period). */
void ts_json_key(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    int skip);

/* The same members as the key's text ("2014", "2009-01..2014-06"), null
 * for no period: the label beside the key. */
void ts_json_label(FILE *fp, const struct ts_result *r, const struct ts_group *g,
    int skip);

#endif
