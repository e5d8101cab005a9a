/* bulk.c — reading whole column ranges, for the passes after loading. */
#include "store_impl.h"

/* --- Bulk reads ------------------------------------------------------------
 * The passes over the records after loading read whole column ranges: one
 * width test a range instead of a function call and a switch a record. */

/* Entries from..to-1 of id column c into out[0..to-from). */
static void
col_read_ids(const struct column *c, size_t from, size_t to, uint32_t *out)
{
	size_t i, n = to - from;

	switch (c->w) {
	case 0:
		memset(out, 0, n * sizeof *out);
		break;
	case 1:
		for (i = 0; i < n; i++)
			out[i] = ((const uint8_t *)c->v)[from + i];
		break;
	case 2:
		for (i = 0; i < n; i++)
			out[i] = ((const uint16_t *)c->v)[from + i];
		break;
	case 4:
		memcpy(out, (const uint32_t *)c->v + from, n * sizeof *out);
		break;
	default:
		for (i = 0; i < n; i++)
			out[i] = (uint32_t)((const uint64_t *)c->v)[from + i];
		break;
	}
}

void
ts_store_read_period_ids(const struct ts_store *st, size_t from, size_t to,
    uint32_t *out)
{
	col_read_ids(&st->period, from, to, out);
}

void
ts_store_read_dim_ids(const struct ts_store *st, size_t dim, size_t from,
    size_t to, uint32_t *out)
{
	if (dim < st->ndims)
		col_read_ids(&st->dims[dim], from, to, out);
	else
		memset(out, 0, (to - from) * sizeof *out);
}

void
ts_store_read_counts_raw(const struct ts_store *st, enum ts_count c,
    size_t from, size_t to, int64_t *out)
{
	const struct column *col = &st->counts[c];
	const struct case_cols *cc = st->cases;
	size_t i, n = to - from;
	uint64_t lim, x;
	/* What a case row's outcome gives count c, by outcome. */
	int64_t by_outcome[TS_NOUTCOMES];
	unsigned b;

	switch (col->w) {
	case 0:
		for (i = 0; i < TS_NOUTCOMES; i++)
			by_outcome[i] = outcome_count((enum ts_outcome)i, c);
		for (i = 0; i < n; i++) {
			b = cc && from + i < cc->n ? cc->outcome[from + i] : 0;
			out[i] = !(b & CASE_COUNTS) ? TS_MISSING :
			    (b & ~CASE_COUNTS) < TS_NOUTCOMES ?
			    by_outcome[b & ~CASE_COUNTS] :
			    outcome_count((enum ts_outcome)(b & ~CASE_COUNTS), c);
		}
		break;
	case 1:
		for (i = 0; i < n; i++) {
			x = ((const uint8_t *)col->v)[from + i];
			out[i] = x == 0xFF ? TS_MISSING : (int64_t)x;
		}
		break;
	case 2:
		for (i = 0; i < n; i++) {
			x = ((const uint16_t *)col->v)[from + i];
			out[i] = x == 0xFFFF ? TS_MISSING : (int64_t)x;
		}
		break;
	case 4:
		lim = col_limit(4);
		for (i = 0; i < n; i++) {
			x = ((const uint32_t *)col->v)[from + i];
			out[i] = x == lim ? TS_MISSING : (int64_t)x;
		}
		break;
	default:
		memcpy(out, (const int64_t *)col->v + from, n * sizeof *out);
		break;
	}
}

void
ts_store_read_flags(const struct ts_store *st, size_t from, size_t to,
    uint16_t *out)
{
	size_t i = from, k = 0;

	for (; i < to && i < st->flags_len; i++, k++)
		out[k] = st->flags[i];
	for (; i < to; i++, k++)
		out[k] = 0;
}

void
ts_store_read_closed_ids(const struct ts_store *st, size_t from, size_t to,
    uint32_t *out)
{
	const struct case_cols *c = st->cases;
	size_t end = c == NULL ? from : to < c->n ? to : c->n < from ? from : c->n;

	if (end > from)
		col_read_ids(&c->closed, from, end, out);
	memset(out + (end - from), 0, (to - end) * sizeof *out);
}

size_t
ts_store_nclosed_days(const struct ts_store *st)
{
	return st->cases ? st->cases->ndays : 0;
}

int32_t
ts_store_closed_day_by_id(const struct ts_store *st, uint32_t id)
{
	return id && st->cases && id <= st->cases->ndays ?
	    st->cases->days[id - 1] : TS_NO_DAY;
}

int
ts_store_count_kept(const struct ts_store *st, enum ts_count c)
{
	return (unsigned)c < TS_NCOUNTS && st->counts[c].w != 0;
}

void
ts_store_read_case_codes(const struct ts_store *st, size_t from, size_t to,
    uint8_t *out)
{
	const struct case_cols *c = st->cases;
	size_t i = from, k = 0;

	for (; c && i < to && i < c->n; i++, k++)
		out[k] = c->outcome[i];
	for (; i < to; i++, k++)
		out[k] = 0;
}

_Static_assert(CASE_COUNTS == TS_CASE_COUNTS, "one bit for counts that follow the outcome");

int64_t
ts_store_case_code_count(uint8_t code, enum ts_count c)
{
	if (!(code & TS_CASE_COUNTS) || (unsigned)c >= TS_NCOUNTS)
		return TS_MISSING;
	return outcome_count((enum ts_outcome)(code & ~TS_CASE_COUNTS), c);
}

int
ts_store_no_sources(const struct ts_store *st)
{
	return st->source.w == 0;
}

int
ts_store_one_input(const struct ts_store *st)
{
	return st->input.w == 0;
}
