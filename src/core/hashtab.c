/* hashtab.c — the one open-addressing hash table (ts_hashtab.h). */
#include <stdlib.h>
#include <string.h>

#include "ts_hashtab.h"

static int
alloc_slots(struct ts_hashtab *t, size_t nslots)
{
	unsigned bits = 4;

	while (((size_t)1 << bits) < nslots) {
		if (bits + 1 >= sizeof(size_t) * 8 - 2)
			return -1;
		bits++;
	}
	nslots = (size_t)1 << bits;
	if (nslots > SIZE_MAX / sizeof *t->slots ||
	    (t->slots = calloc(nslots, sizeof *t->slots)) == NULL)
		return -1;
	t->nslots = nslots;
	t->shift = 64 - bits;
	return 0;
}

int
ts_hashtab_init(struct ts_hashtab *t, size_t nslots)
{
	memset(t, 0, sizeof *t);
	return alloc_slots(t, nslots);
}

void
ts_hashtab_free(struct ts_hashtab *t)
{
	free(t->slots);
	memset(t, 0, sizeof *t);
}

int
ts_hashtab_add(struct ts_hashtab *t, size_t j, uint32_t entry,
    ts_hashtab_hash_fn *hash, const void *ctx)
{
	struct ts_hashtab old = *t;
	size_t i, k;

	t->slots[j] = entry + 1;
	t->count++;
	if (t->count * 2 <= t->nslots)
		return 0;
	if (old.nslots > SIZE_MAX / 2 || alloc_slots(t, old.nslots * 2) != 0) {
		t->slots = old.slots;
		t->nslots = old.nslots;
		t->shift = old.shift;
		return -1;
	}
	for (i = 0; i < old.nslots; i++) {
		if (old.slots[i] == 0)
			continue;
		k = ts_hashtab_home(t, hash(ctx, old.slots[i] - 1));
		while (t->slots[k] != 0)
			k = (k + 1) & (t->nslots - 1);
		t->slots[k] = old.slots[i];
	}
	free(old.slots);
	return 0;
}
