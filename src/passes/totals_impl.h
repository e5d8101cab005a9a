/* totals_impl.h — what the files of the totals pass share (totals.c,
 * totals_check.c, totals_words.c; src/passes only): the patterns of total rows, the sums
 * of the rows they cover, and the pass over the store.
 */
#ifndef TS_TOTALS_IMPL_H
#define TS_TOTALS_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "passes_impl.h"
#include "ts_recmap.h"
#include "ts_totals.h"

enum mode {
	MODE_ALL,       /* a grand total: every row of its key */
	MODE_RUNNING,   /* a subtotal: the rows since the previous one */
	MODE_LABEL,     /* --subtotal-of: the rows whose column holds its label */
};

struct pass;

struct pattern {
	struct pass *ps;
	enum mode mode;
	int period_prec;        /* the totals' precision; TS_PREC_NONE: any */
	int label_dim;          /* MODE_LABEL, else -1 */
	uint8_t *wild;          /* ndims: 1 = not compared */
	struct ts_recmap map;
	struct acc *acc;        /* one per key */
	size_t acc_cap;
	uint32_t *common;       /* per key and dimension: the value every
	                           covered row shares, SAME_UNSET or SAME_MIXED */
	size_t common_cap;
};

/* The sums of the rows a total covers. */
struct acc {
	int64_t sum[TS_NCOUNTS];
	uint64_t have[TS_NCOUNTS];      /* rows that give the count */
	uint64_t rows;
	unsigned overflow;              /* bit per count */
	uint32_t first_line, last_line;
	int stands;                     /* the total is counted for its rows,
	                                   which are incomplete */
	/* Censored counts among the rows (docs/input.md): how far above
	 * sum[c] the sum may be, how many, and the first of their list in
	 * struct pass's cens (node + 1; 0 none). */
	int64_t up[TS_NCOUNTS];
	uint32_t ncens[TS_NCOUNTS], cens[TS_NCOUNTS];
};

/* A censored count of a row a total covers, in a list per total. */
struct cens_node {
	uint32_t rec, next;
};

#define SAME_UNSET (UINT32_MAX - 1)
#define SAME_MIXED UINT32_MAX

struct total {
	uint32_t rec;
	enum ts_total_kind kind;
	uint32_t name;          /* string id of the cell that made it a total */
	uint32_t label;         /* folded label id (MODE_LABEL) */
	struct pattern *pat;
	size_t entry;
};

struct pass {
	struct ts_store *st;
	const struct ts_totals_options *opt;
	struct ts_diags *diags;
	size_t ndims, nstr;
	uint8_t *keydim;
	uint8_t *cls;           /* per string: 0 unknown, else kind + 1 */
	uint32_t *lab;          /* per string: label start offset */
	uint32_t *fold;         /* per string: folded id + 1, 0 unknown */
	struct total *totals;
	size_t ntotals, totals_cap;
	struct pattern **pats;
	size_t npats, pats_cap;
	int oom;
	int any_stands;         /* some acc stands: rows to flag TS_FLAG_BY_TOTAL */
	uint32_t too_many;      /* record of the first total past MAX_PATTERNS + 1 */
	struct cens_node *cens;
	size_t ncens, cens_cap;
};

/* The total word a string is (TS_TOTAL_NONE when none), found once a
 * string (totals_words.c). */
enum ts_total_kind ts_totals_class(struct pass *ps, uint32_t v);

/* Compares a total with the sums of its rows, flags it, and says so.  A
 * count the total gives and none of its rows does is the only figure
 * there is: the total then stays, with just those counts.  Returns 0 when
 * the row was flagged, 1 when it stays, -1 when out of memory
 * (totals_check.c). */
int ts_totals_check(struct pass *ps, const struct total *t, struct acc *a,
    const uint32_t *common);

/* Totals that cover no row are the only figure there is: they count.  One
 * note per input says so; lone[in] of them in input in, the first
 * first[in].  Returns 0, or -1 when out of memory (totals_check.c). */
int ts_totals_note_lone(struct pass *ps, const uint32_t *lone,
    const uint32_t *first);

#endif
