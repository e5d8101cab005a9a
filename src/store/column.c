/* column.c — the slow paths of the narrow column codec (store_impl.h):
 * widening a column when a value does not fit; and the growth of a day
 * map. */
#include "store_impl.h"

/* Makes c w bytes wide, converting its n entries (a count's missing value
 * stays missing).  Returns 0 or -1 (c unchanged). */
int
ts_store_col_widen(struct column *c, unsigned w, size_t n, size_t cap, int count)
{
	struct column nc = { NULL, (unsigned char)w };
	size_t i;
	uint64_t x;

	if (cap > SIZE_MAX / 8)
		return -1;
	nc.v = malloc(cap ? cap * w : 1);
	if (nc.v == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		x = col_raw(c, i);
		if (count && x == col_limit(c->w))
			x = w == 8 ? (uint64_t)TS_MISSING : col_limit(w);
		col_put(&nc, i, x);
	}
	free(c->v);
	*c = nc;
	return 0;
}

/* id_set() past its common cases: a first value, a wider entry, a
 * widening. */
TS_COLD int
ts_store_id_set_wide(struct column *c, size_t i, uint32_t x, size_t cap, size_t live)
{
	unsigned w = c->w;

	if (w == 0) {                   /* all 0 so far */
		if (x == 0)
			return 0;
		if ((c->v = calloc(cap ? cap : 1, 1)) == NULL)
			return -1;
		c->w = w = 1;
	}

	while (w < 4 && x > col_limit(w))
		w *= 2;
	if (w != c->w && ts_store_col_widen(c, w, live > i ? live : i, cap, 0) != 0)
		return -1;
	col_put(c, i, x);
	return 0;
}

TS_COLD void
ts_store_daymap_put(struct daymap *dm, int32_t d, uint32_t v)
{
	int64_t lo, hi, span;
	uint32_t *nv;

	/* Civil days are within a few million of 0: nothing here can pass
	 * the bounds of int32_t. */
	if (d < -(1 << 30) || d > (1 << 30))
		return;
	if (dm->span && (uint32_t)d - (uint32_t)dm->base >= dm->span) {
		/* Cover d and the days already mapped, with room on both
		 * sides as the days spread. */
		lo = d < dm->base ? d : dm->base;
		hi = (int64_t)dm->base + dm->span;
		if ((int64_t)d + 1 > hi)
			hi = (int64_t)d + 1;
		if (hi - lo > (int64_t)DAYMAP_SPAN)
			return;
		span = 2 * (hi - lo) < (int64_t)DAYMAP_SPAN ? 2 * (hi - lo) : (int64_t)DAYMAP_SPAN;
		lo -= (span - (hi - lo)) / 2;
		if ((nv = calloc((size_t)span, sizeof *nv)) == NULL)
			return;
		memcpy(nv + (dm->base - lo), dm->v, dm->span * sizeof *nv);
		free(dm->v);
		dm->v = nv;
		dm->base = (int32_t)lo;
		dm->span = (uint32_t)span;
	} else if (dm->span == 0) {
		if ((dm->v = calloc(1024, sizeof *dm->v)) == NULL)
			return;
		dm->base = d - 512;
		dm->span = 1024;
	}
	dm->v[(uint32_t)d - (uint32_t)dm->base] = v;
}
