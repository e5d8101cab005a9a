/* totals_keys.c — records by their key for the passes: where a record
 * is, its key's hash and text, which inputs are counts tables
 * (ts_totals.h, passes_impl.h). */
#include <stdio.h>
#include <string.h>

#include "passes_impl.h"
#include "ts_recmap.h"
#include "ts_totals.h"

void
ts_passes_where(const struct ts_store *st, uint32_t rec, char *buf, size_t size)
{
	const struct ts_input_info *in = ts_store_input_info_c(st,
	    ts_store_input(st, rec));

	snprintf(buf, size, "%s:%lu", in ? in->path : "-",
	    (unsigned long)ts_store_line(st, rec));
}

uint64_t
ts_passes_key_hash(const void *ctx, uint32_t rec)
{
	const struct ts_passes_key *k = ctx;
	uint64_t h = k->with_period ? ts_recmap_mix(0, ts_store_period_id(k->st, rec)) : 0;
	size_t d;

	for (d = 0; d < k->ndims; d++)
		if (k->keydim[d])
			h = ts_recmap_mix(h, ts_store_dim_id(k->st, rec, d));
	return h ^ (h >> 29);
}

int
ts_passes_key_equal(const void *ctx, uint32_t a, uint32_t b)
{
	const struct ts_passes_key *k = ctx;
	size_t d;

	if (k->with_period &&
	    ts_store_period_id(k->st, a) != ts_store_period_id(k->st, b))
		return 0;
	for (d = 0; d < k->ndims; d++)
		if (k->keydim[d] &&
		    ts_store_dim_id(k->st, a, d) != ts_store_dim_id(k->st, b, d))
			return 0;
	return 1;
}

void
ts_totals_describe(const struct ts_store *st, const uint8_t *key, size_t i,
    char *buf, size_t size)
{
	struct ts_period p = ts_store_period(st, i);
	size_t d, o = 0;
	int w;

	buf[0] = '\0';
	if (p.precision != TS_PREC_NONE) {
		w = ts_period_format(&p, buf, size);
		o = w > 0 && (size_t)w < size ? (size_t)w : strlen(buf);
	}
	for (d = 0; d < ts_store_ndims(st) && o + 1 < size; d++) {
		uint32_t v = ts_store_dim_id(st, i, d);
		if (!key[d] || v == 0)
			continue;
		w = snprintf(buf + o, size - o, "%s%s", o ? ", " : "",
		    ts_store_string(st, v));
		if (w < 0)
			break;
		o += (size_t)w < size - o ? (size_t)w : size - o - 1;
	}
	if (buf[0] == '\0')
		snprintf(buf, size, "%s", "(no period)");
}

int
ts_passes_counts_input(const struct ts_store *st, uint32_t input)
{
	const struct ts_input_info *in = ts_store_input_info_c(st, input);

	return in && in->shape == TS_SHAPE_COUNTS;
}

int
ts_totals_any_counts(const struct ts_store *st)
{
	size_t i;

	for (i = 0; i < ts_store_ninputs(st); i++)
		if (ts_passes_counts_input(st, (uint32_t)i))
			return 1;
	return 0;
}
