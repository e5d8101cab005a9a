/* store.c — the record store: its columns, periods and lines, adding a
 * record, reading one back, inputs and flags.
 *
 * The record columns are narrow: each holds 1, 2, 4 or 8 bytes an entry
 * and widens, converting what it holds, the first time a value does not
 * fit.  A case list (every count 0 or 1, a few dozen strings, a few
 * thousand dates) so costs about a dozen bytes a record.  Periods are
 * interned like strings: the records hold the id of their period.  The
 * other files of src/store/ hold the string intern table (intern.c), the
 * case details (cases.c) and their duplicate table (casedup.c), appending
 * a store (append.c), bulk reads (bulk.c) and the codec's slow paths
 * (column.c); store_impl.h is what they share.
 */
#include "store_impl.h"

static const char *const count_names[TS_NCOUNTS] = {
	"investigations", "prosecutions", "convictions", "acquittals", "victims",
};

const char *
ts_count_name(enum ts_count c)
{
	return c < TS_NCOUNTS ? count_names[c] : "?";
}

struct ts_store *
ts_store_new(void)
{
	struct ts_store *st = calloc(1, sizeof *st);
	size_t i;

	if (st == NULL)
		return NULL;
	st->period.w = 1;
	st->source.w = st->input.w = 0;         /* 0 until one differs */
	for (i = 0; i < TS_NCOUNTS; i++)        /* from the outcome until one differs */
		st->counts[i].w = i == TS_VICTIMS ? 1 : 0;
	if (ts_store_intern(st, "", 0) != 0) {
		ts_store_free(st);
		return NULL;
	}
	return st;
}

void
ts_store_free(struct ts_store *st)
{
	size_t i;

	if (st == NULL)
		return;
	free(st->arena);
	free(st->strs);
	free(st->slots);
	free(st->periods);
	ts_hashtab_free(&st->ptab);
	free(st->pdays.v);
	free(st->period.v);
	for (i = 0; i < TS_NCOUNTS; i++)
		free(st->counts[i].v);
	free(st->source.v);
	free(st->input.v);
	free(st->line.v);
	for (i = 0; i < st->ndims; i++) {
		free(st->dim_names[i]);
		free(st->dims[i].v);
	}
	free(st->dim_names);
	free(st->dims);
	for (i = 0; i < st->ndim_headers; i++)
		free(st->dim_headers[i].text);
	free(st->dim_headers);
	for (i = 0; i < st->ninputs; i++) {
		free(st->inputs[i].path);
		free(st->inputs[i].encoding);
	}
	free(st->inputs);
	free(st->flags);
	ts_store_cases_free(st->cases);
	ts_store_censored_free(st->censored);
	free(st);
}

/* Grows every record column to ncap entries. */
int
ts_store_grow_records(struct ts_store *st, size_t ncap)
{
	size_t i;

	if (ncap > SIZE_MAX / 8)
		return -1;
	if (col_grow(&st->period, ncap) != 0 || col_grow(&st->source, ncap) != 0 ||
	    col_grow(&st->input, ncap) != 0)
		return -1;
	for (i = 0; i < TS_NCOUNTS; i++)
		if (col_grow(&st->counts[i], ncap) != 0)
			return -1;
	/* The room is not cleared: every record added sets every column
	 * (clearing would make the whole capacity resident). */
	for (i = 0; i < st->ndims; i++)
		if (col_grow(&st->dims[i], ncap) != 0)
			return -1;
	if (col_grow(&st->line, ncap) != 0)
		return -1;
	st->cap = ncap;
	return 0;
}

/* Stores line `line` of record i (entries below live are kept). */
TS_COLD int
ts_store_line_put_slow(struct ts_store *st, size_t i, uint32_t line, size_t live)
{
	struct column *c = &st->line;
	uint32_t x = line - (uint32_t)i;
	size_t k;
	unsigned w;

	if (c->w == 0) {
		if (live == 0 || x == st->line_k) {
			st->line_k = x;
			return 0;
		}
		w = st->line_k <= 0xFF ? 1 : st->line_k <= 0xFFFF ? 2 : 4;
		if ((c->v = malloc((st->cap ? st->cap : 1) * w)) == NULL)
			return -1;
		c->w = (unsigned char)w;
		for (k = 0; k < live; k++)
			col_put(c, k, st->line_k);
	}
	return id_set(c, i, x, st->cap, live);
}

static uint64_t
period_hash_of(const void *ctx, uint32_t id)
{
	const struct ts_store *st = ctx;

	return period_hash(&st->periods[id]);
}

/* period_id() for a period that is not in the table (or no table). */
TS_COLD uint32_t
ts_store_period_add(struct ts_store *st, const struct ts_period *in)
{
	struct ts_period p = *in;
	size_t j;

	if (st->ptab.nslots == 0 && ts_hashtab_init(&st->ptab, 256) != 0)
		return TS_NO_ID;
	j = ts_hashtab_find(&st->ptab, period_hash(&p), period_same, st, &p);
	if (st->ptab.slots[j] != 0)
		return ts_hashtab_entry(&st->ptab, j);
	if (st->nperiods >= TS_NO_ID - 1 ||
	    ts_grow(&st->periods, &st->periods_cap, st->nperiods + 1, sizeof p) != 0)
		return TS_NO_ID;
	st->periods[st->nperiods] = p;
	if (ts_hashtab_add(&st->ptab, j, (uint32_t)st->nperiods++, period_hash_of, st) != 0)
		return TS_NO_ID;
	return (uint32_t)(st->nperiods - 1);
}

/* period_id() for a single day not in the day map yet. */
TS_COLD uint32_t
ts_store_period_day(struct ts_store *st, const struct ts_period *p)
{
	uint32_t id = ts_store_period_add(st, p);

	if (id != TS_NO_ID)
		ts_store_daymap_put(&st->pdays, p->lo, id + 1);
	return id;
}

/* No case id. */
static const struct ts_case_key NO_KEY = { 0, 0 };

/* ts_store_add(), and for a case row (row->outcome) its case details in
 * the same step; from_outcome: its counts other than victims are its
 * outcome's, whatever row->counts holds. */
/* 1 when every count column but victims holds nothing: a record reads
 * those counts from its outcome. */
static inline int
outcome_counts_implicit(const struct ts_store *st)
{
	unsigned w = 0;

	for (size_t d = 0; d < TS_NCOUNTS; d++)
		if (d != TS_VICTIMS)
			w |= st->counts[d].w;
	return w == 0;
}

static int
add_record(struct ts_store *st, const struct ts_row *row,
    struct ts_case_key key, uint32_t case_id, int32_t closed, int from_outcome)
{
	size_t i = st->n, d;
	uint32_t pid, id;
	int64_t v;
	enum ts_outcome o = (enum ts_outcome)row->outcome;
	/* Case details already stored past the records (a caller that set
	 * them first) are kept: the general path reads them back. */
	int fresh = (st->cases ? st->cases->n : 0) <= i;

	if (i == st->cap) {
		if (st->cap > SIZE_MAX / 2)
			return -1;
		if (ts_store_grow_records(st, st->cap ? st->cap * 2 : 256) != 0)
			return -1;
	}
	pid = period_id(st, &row->period);
	if (pid == TS_NO_ID || id_set(&st->period, i, pid, st->cap, i) != 0)
		return -1;
	/* A case row's counts follow from its outcome: kept as the outcome
	 * byte alone while every row agrees. */
	if (row->outcome) {
		if (fresh ? case_put(st, i, (uint8_t)(row->outcome | CASE_COUNTS), key,
		    case_id, closed) != 0 : ts_store_case_counts_set(st, i, row->outcome) != 0)
			return -1;
	}
	/* A fresh case row while its outcome gives every count but victims
	 * (the usual case list): only victims to store. */
	d = from_outcome && fresh && outcome_counts_implicit(st) ? TS_VICTIMS : 0;
	for (; d < TS_NCOUNTS; d++) {
		struct column *c = &st->counts[d];
		if (from_outcome && d != TS_VICTIMS) {
			/* Read from the outcome while the column holds nothing. */
			if (c->w == 0 && fresh)
				continue;
			v = outcome_count(o, (enum ts_count)d);
		} else {
			v = row->counts[d];
			if (count_put(c, i, v))
				continue;
			/* Nothing stored yet, and this record reads as what it
			 * has (ts_store_case_count()). */
			if (c->w == 0 && fresh && v == (o ? outcome_count(o,
			    (enum ts_count)d) : TS_MISSING))
				continue;
		}
		if (cnt_set(st, (enum ts_count)d, i, v, i) != 0)
			return -1;
	}
	if (id_set(&st->source, i, row->source, st->cap, i) != 0 ||
	    id_set(&st->input, i, row->input, st->cap, i) != 0)
		return -1;
	if (line_put(st, i, row->line, i) != 0)
		return -1;
	for (d = 0; d < st->ndims; d++) {
		id = row->dims ? row->dims[d] : 0;
		if (id_set(&st->dims[d], i, id == TS_NO_ID ? 0 : id, st->cap, i) != 0)
			return -1;
	}
	st->n++;
	return 0;
}

int
ts_store_add(struct ts_store *st, const struct ts_row *row)
{
	return add_record(st, row, NO_KEY, 0, TS_NO_DAY, 0);
}

int
ts_store_add_case(struct ts_store *st, const struct ts_row *row,
    struct ts_case_key key, uint32_t case_id, int32_t closed)
{
	if (row->outcome == 0) {
		if (add_record(st, row, NO_KEY, 0, TS_NO_DAY, 0) != 0)
			return -1;
		return ts_store_set_case_key(st, st->n - 1, 0, key, case_id, closed);
	}
	return add_record(st, row, key, case_id, closed, 1);
}

size_t
ts_store_count(const struct ts_store *st)
{
	return st->n;
}

struct ts_period
ts_store_period(const struct ts_store *st, size_t i)
{
	return st->periods[id_get(&st->period, i)];
}

uint32_t
ts_store_period_id(const struct ts_store *st, size_t i)
{
	return id_get(&st->period, i);
}

size_t
ts_store_nperiods(const struct ts_store *st)
{
	return st->nperiods;
}

struct ts_period
ts_store_period_by_id(const struct ts_store *st, uint32_t id)
{
	return st->periods[id];
}

int64_t
ts_store_get_count(const struct ts_store *st, size_t i, enum ts_count c)
{
	if (i < st->flags_len && (st->flags[i] & TS_FLAG_COVERED(c)))
		return TS_MISSING;
	return cnt_get(st, c, i);
}

int64_t
ts_store_get_count_raw(const struct ts_store *st, size_t i, enum ts_count c)
{
	return cnt_get(st, c, i);
}

uint32_t
ts_store_dim_id(const struct ts_store *st, size_t i, size_t dim)
{
	return dim < st->ndims ? id_get(&st->dims[dim], i) : 0;
}

uint32_t
ts_store_source(const struct ts_store *st, size_t i)
{
	return id_get(&st->source, i);
}

uint32_t
ts_store_input(const struct ts_store *st, size_t i)
{
	return id_get(&st->input, i);
}

uint32_t
ts_store_line(const struct ts_store *st, size_t i)
{
	if (st->line.w == 0)
		return (uint32_t)i + st->line_k;
	return (uint32_t)i + id_get(&st->line, i);
}

int
ts_store_add_input(struct ts_store *st, const char *path)
{
	struct ts_input_info *in;

	if (ts_grow(&st->inputs, &st->inputs_cap, st->ninputs + 1, sizeof *st->inputs) != 0)
		return -1;
	in = &st->inputs[st->ninputs];
	memset(in, 0, sizeof *in);
	in->path = strdup(path);
	if (in->path == NULL)
		return -1;
	in->format = "csv";
	return (int)st->ninputs++;
}

struct ts_input_info *
ts_store_input_info(struct ts_store *st, size_t idx)
{
	return idx < st->ninputs ? &st->inputs[idx] : NULL;
}

const struct ts_input_info *
ts_store_input_info_c(const struct ts_store *st, size_t idx)
{
	return idx < st->ninputs ? &st->inputs[idx] : NULL;
}

size_t
ts_store_ninputs(const struct ts_store *st)
{
	return st->ninputs;
}

/* Record flags: a separate column, allocated when the first flag is set so
 * that stores nobody marks pay nothing; records past its end read as 0. */
int
ts_store_set_flag(struct ts_store *st, size_t i, unsigned flag)
{
	size_t old = st->flags_len;

	if (i >= st->n)
		return -1;
	if (i >= st->flags_len) {
		if (ts_grow(&st->flags, &st->flags_cap, st->n, sizeof *st->flags) != 0)
			return -1;
		memset(st->flags + old, 0, (st->n - old) * sizeof *st->flags);
		st->flags_len = st->n;
	}
	st->flags[i] |= (uint16_t)flag;
	return 0;
}

unsigned
ts_store_flag(const struct ts_store *st, size_t i)
{
	return i < st->flags_len ? st->flags[i] : 0;
}

int
ts_store_set_dim(struct ts_store *st, size_t i, size_t dim, uint32_t id)
{
	if (i < st->n && dim < st->ndims && id < st->nstr)
		return id_set(&st->dims[dim], i, id, st->cap, st->n);
	return 0;
}

int
ts_store_set_count(struct ts_store *st, size_t i, enum ts_count c, int64_t v)
{
	if (i < st->n && (unsigned)c < TS_NCOUNTS)
		return cnt_set(st, c, i, v, st->n);
	return 0;
}
