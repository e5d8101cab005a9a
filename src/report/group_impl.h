/* group_impl.h — what the files of the grouping share: the grouping's
 * state (gather.c), its second thread (gather_threads.c) and the
 * orchestration that sorts the groups and builds the result (group.c). */
#ifndef TS_GROUP_IMPL_H
#define TS_GROUP_IMPL_H

#include "ts_hashtab.h"
#include "ts_report.h"

/* --- Grouping --------------------------------------------------------------
 * The records are read in chunks, a column at a time (the store's bulk
 * reads).  A visit is a record seen under a key: pass 0 is every record
 * under its own key; on the period basis pass 1 sees a moved conviction
 * again under the period of its closed day.  The keys' parts are small
 * codes: a dimension's string id, or a period part's code, worked out once
 * for each distinct period (and closed day) rather than once a record.
 *
 * What a visit adds to its group and to the total depends only on its
 * class: the counts it gives, those a total row's rows cover, whether its
 * conviction moves, and the pass (see template_of()); and where the store
 * keeps no column for a count, its case code (outcome), from which the
 * count follows.  So a visit adds its
 * counts to a cell, one per group and class, and each cell is turned into
 * the sums of its group and of the total once, at the end.  When a sum
 * passes INT64_MAX (or a count is negative), the visits are made again one
 * by one, each added to the total and its group as it comes (exact mode),
 * so that the error names the record where the sum passed, as before. */

#define CHUNK 512
#define NSUMS (TS_NCOUNTS + 2 * TS_NRATES)     /* sums, then the pairs */
#define NCLASSES (1u << 16)
#define CLS_GIVES 0x1Fu                 /* bit c: the record gives count c */
#define CLS_COVERED_SHIFT TS_NCOUNTS    /* TS_FLAG_COVERED bits of given counts */
#define CLS_MOVED (1u << 10)
#define CLS_PASS1 (1u << 11)
#define CLS_CODE_SHIFT 12               /* a case code, when counts follow it */
#define NO_INDEX UINT32_MAX
#define NOT_A_DAY INT64_MIN

/* What the visits of one class add to a group or to the total: sum k adds
 * the values of count src[k] (-1: nothing), and is given (not missing) when
 * bit k of given is set. */
struct tmpl {
	int8_t src[NSUMS];
	unsigned given;
	unsigned unpaired;      /* bit q: the visit counts as unpaired for rate q */
	unsigned records;       /* 1: a record's first visit */
	unsigned use;           /* bit c: some sum adds count c */
	unsigned kinds;         /* bits 4q..4q+3: how the visit's pair of rate
	                           q stands to its counts (gather.c, pair_kind()) */
};

/* A group's (or the total's) figures while they are gathered: sums with a
 * missing value as 0 and a bit for whether any visit gave it. */
struct acc {
	int64_t sum[TS_NCOUNTS];
	int64_t pair[TS_NRATES][2];     /* as struct ts_group's */
	uint64_t unpaired[TS_NRATES];
	uint64_t records;
	unsigned given;
};

/* The visits of one class to one group; the counts they added are
 * csum[cell * nkept + i] (count kept[i]), held apart so that a cell of a
 * case list, whose counts follow from its class, costs 16 bytes. */
struct cell {
	uint64_t visits;
	uint32_t group;
	uint32_t cls;
};

/* A hash index of tuples of w 32-bit words: tuple i is keys[i*w..]. */
struct tuples {
	struct ts_hashtab tab;
	uint32_t *keys;         /* n tuples of w words */
	size_t n, cap, w;
};

/* One chunk of records, as the passes read it. */
struct chunk {
	int64_t v[TS_NCOUNTS][CHUNK];   /* counts as read, 0 when missing */
	uint32_t dim[TS_MAX_BY][CHUNK];
	uint32_t pid[CHUNK], cid[CHUNK];
	uint16_t flags[CHUNK];
	uint8_t gives[CHUNK];
	uint8_t outcome[CHUNK];
	uint8_t code[CHUNK];            /* case code, 4 bits (code4()) */
};

struct grouping {
	const struct ts_store *st;
	const struct ts_report_options *opt;
	struct ts_result *r;
	int exact;              /* exact mode (see above) */
	int moves;              /* the period basis moves convictions */
	int cohort;             /* gather the cohort tallies */
	int high;               /* censored counts at their high ends (range.c) */
	int all_pairs;          /* every group holds its own pairs (range.c
	                           changes a group's sums and pairs apart) */
	/* Counts the store keeps in columns (kept[0..nkept)), and for the
	 * others what each 4-bit case code gives (given4: bit c; value4). */
	size_t kept[TS_NCOUNTS], nkept;
	unsigned derived, given4[16];
	int64_t value4[TS_NCOUNTS][16];
	int need_pid, need_case;
	/* Per period part b of the key: the code and the key of each period
	 * id and each closed-day id (0: none). */
	uint32_t *pcode[TS_MAX_BY], *ccode[TS_MAX_BY];
	struct ts_period *pkey[TS_MAX_BY], *ckey[TS_MAX_BY];
	uint8_t *pin, *cin;     /* --period: inside it, by period / closed id */
	int64_t *pday;          /* a period's day, NOT_A_DAY when not a day */
	int32_t *cday;          /* a closed-day id's day */
	int32_t as_of;          /* cohort: the cut-off (ts_group_cut_off()) */
	struct tuples cells_ix; /* (class, key codes) -> entry, ixcell[entry] the cell */
	struct tuples groups_ix;/* key codes -> group */
	uint32_t *ixcell;
	size_t ixcell_cap;
	struct cell *cells;
	size_t ncells, cells_cap;
	uint64_t *csum;         /* nkept per cell */
	size_t csum_cap;
	/* One --by dimension: its string id is the key index of the direct
	 * map, and gmap[id] its group + 1 (0: none yet), instead of
	 * groups_ix.  Made with calloc, so that only the pages of ids met
	 * are ever touched. */
	int dense;
	uint32_t *gmap;
	/* While gathering, a group is only its key (gkeys[gi * nby...]):
	 * its sums go to r->groups, made once their number is known
	 * (ts_group_make()), and in exact mode to accs as the visits come. */
	struct ts_key *gkeys;
	size_t gkeys_cap;
	struct acc *accs;       /* exact mode: one per group, build order */
	size_t accs_cap;
	struct acc total;
	struct ts_cohort_tally *tallies;  /* cohort basis: one per group */
	size_t tallies_cap, ntallies;
	struct ts_cohort_times *times;    /* NULL until a case has a time,
	                                     then as many as tallies_cap */
	size_t times_cap;
	uint32_t *order;        /* ts_group_order() */
	struct tmpl *tmpl;      /* [2 * NCLASSES]: group, total */
	uint8_t *tmpl_ready;
	struct chunk *ck;
	size_t err_rec, err_which;
	/* A direct map in front of cells_ix while the key codes are few
	 * (or dense): blocks[clsblock[cls] - 1][key index] is the cell + 1
	 * (0: none yet), the key index counting the codes in radix[]. */
	size_t radix[TS_MAX_BY];
	size_t nkeys;           /* product of the radices; 0: no direct map */
	uint16_t *clsblock;
	uint32_t **blocks;
	size_t nblocks;
};

#define DIRECT_BLOCKS 64

/* gather.c */
void *ts_group_alloc_n(size_t n, size_t size);
int ts_group_tuples_init(struct tuples *t, size_t w);
void ts_group_tuples_free(struct tuples *t);
uint32_t ts_group_tuples_get(struct tuples *t, const uint32_t *key, int *added);
void ts_group_acc_to_group(const struct acc *a, struct ts_group *g);
int ts_group_acc_pairs(struct grouping *G);
int ts_group_setup_tables(struct grouping *G);
void ts_group_setup_counts(struct grouping *G);
struct ts_key *ts_group_slot(struct grouping *G, uint32_t gi);
int ts_group_make(struct grouping *G);
int ts_group_direct_setup(struct grouping *G);
void ts_group_direct_clear(struct grouping *G);
size_t ts_group_key_index(const struct grouping *G, const uint32_t *codes);
uint32_t ts_group_cell(struct grouping *G, const uint32_t *key, size_t idx, int *new_group);
int ts_group_visit_range(struct grouping *G, size_t lo, size_t hi, int pass);
int ts_group_gather(struct grouping *G);
void ts_group_free_times(struct ts_cohort_times *t, size_t n);
struct ts_cohort_times *ts_group_times(struct grouping *G, uint32_t gi);
int ts_group_times_room(struct grouping *G);
void ts_group_reset(struct grouping *G);
void ts_group_grouping_free(struct grouping *G);
void ts_group_working_free(struct grouping *G);
void ts_group_gather_free(struct grouping *G);

/* order.c */
int ts_group_order(struct grouping *G);
int ts_group_in_key_order(struct grouping *G);

/* cutoff.c */
/* The cut-off of a case list: --as-of, or the latest day in st (an
 * opening or a closed day); INT32_MIN when it has none.  A case opened
 * after it is left out of the cumulative incidence, one open at it or
 * closed after it is censored there (docs/methods.md, "Open cases"). */
int32_t ts_group_cut_off(const struct ts_store *st, const struct ts_report_options *opt);

/* gather_threads.c */
int ts_group_visit_halves(struct grouping *G, size_t n);

#endif
