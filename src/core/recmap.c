/* recmap.c — open addressing over record numbers, keys read by callbacks. */
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
	free(m->slots);
	free(m->first);
	m->slots = m->first = NULL;
	m->nslots = m->count = m->cap = 0;
}

/* The slot holding rec's key, or the empty slot where it would go. */
static size_t
probe(const struct ts_recmap *m, uint32_t rec)
{
	size_t j = m->ops.hash(m->ops.ctx, rec) & (m->nslots - 1);

	while (m->slots[j] != 0 &&
	    !m->ops.equal(m->ops.ctx, m->first[m->slots[j] - 1], rec))
		j = (j + 1) & (m->nslots - 1);
	return j;
}

static int
rehash(struct ts_recmap *m, size_t nslots)
{
	uint32_t *slots;
	size_t e, j;

	if (nslots > SIZE_MAX / sizeof *slots)
		return -1;
	slots = calloc(nslots, sizeof *slots);
	if (slots == NULL)
		return -1;
	for (e = 0; e < m->count; e++) {
		j = m->ops.hash(m->ops.ctx, m->first[e]) & (nslots - 1);
		while (slots[j] != 0)
			j = (j + 1) & (nslots - 1);
		slots[j] = (uint32_t)(e + 1);
	}
	free(m->slots);
	m->slots = slots;
	m->nslots = nslots;
	return 0;
}

int
ts_recmap_put(struct ts_recmap *m, uint32_t rec, size_t *entry)
{
	size_t j;

	if (m->nslots == 0 && rehash(m, 64) != 0)
		return -1;
	j = probe(m, rec);
	if (m->slots[j] != 0) {
		*entry = m->slots[j] - 1;
		return 0;
	}
	if (m->count >= UINT32_MAX - 1 ||
	    ts_grow(&m->first, &m->cap, m->count + 1, sizeof *m->first) != 0)
		return -1;
	m->first[m->count] = rec;
	m->slots[j] = (uint32_t)(m->count + 1);
	*entry = m->count++;
	/* Keep the load under one half. */
	if (m->count * 2 > m->nslots && rehash(m, m->nslots * 2) != 0)
		return -1;
	return 0;
}

size_t
ts_recmap_get(const struct ts_recmap *m, uint32_t rec)
{
	size_t j;

	if (m->nslots == 0)
		return SIZE_MAX;
	j = probe(m, rec);
	return m->slots[j] ? m->slots[j] - 1 : SIZE_MAX;
}

uint64_t
ts_recmap_mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}
