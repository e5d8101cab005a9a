/* recmap.c — an index of records by a key the caller's callbacks read,
 * on the one hash table (ts_hashtab.h). */
#include <stdlib.h>
#include <string.h>

#include "ts_error.h"
#include "ts_recmap.h"

void
ts_recmap_init(struct ts_recmap *m, const struct ts_recmap_ops *ops)
{
	memset(m, 0, sizeof *m);
	m->ops = *ops;
}

void
ts_recmap_free(struct ts_recmap *m)
{
	ts_hashtab_free(&m->tab);
	free(m->first);
	m->first = NULL;
	m->count = m->cap = 0;
}

/* Entry e's key is the key of the record rec points to. */
static int
same(const void *ctx, uint32_t e, const void *rec)
{
	const struct ts_recmap *m = ctx;

	return m->ops.equal(m->ops.ctx, m->first[e], *(const uint32_t *)rec);
}

static uint64_t
entry_hash(const void *ctx, uint32_t e)
{
	const struct ts_recmap *m = ctx;

	return m->ops.hash(m->ops.ctx, m->first[e]);
}

int
ts_recmap_put(struct ts_recmap *m, uint32_t rec, size_t *entry)
{
	size_t j;

	if (m->tab.nslots == 0 && ts_hashtab_init(&m->tab, 64) != 0)
		return -1;
	j = ts_hashtab_find(&m->tab, m->ops.hash(m->ops.ctx, rec), same, m, &rec);
	if (m->tab.slots[j] != 0) {
		*entry = ts_hashtab_entry(&m->tab, j);
		return 0;
	}
	if (m->count >= UINT32_MAX - 1 ||
	    ts_grow(&m->first, &m->cap, m->count + 1, sizeof *m->first) != 0)
		return -1;
	m->first[m->count] = rec;
	*entry = m->count++;
	return ts_hashtab_add(&m->tab, j, (uint32_t)*entry, entry_hash, m);
}

size_t
ts_recmap_get(const struct ts_recmap *m, uint32_t rec)
{
	size_t j;

	if (m->tab.nslots == 0)
		return SIZE_MAX;
	j = ts_hashtab_find(&m->tab, m->ops.hash(m->ops.ctx, rec), same, m, &rec);
	return m->tab.slots[j] ? ts_hashtab_entry(&m->tab, j) : SIZE_MAX;
}
