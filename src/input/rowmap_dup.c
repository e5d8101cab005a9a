/* rowmap_dup.c — the check of repeated case ids: the rows queued for it
 * (rowmap_impl.h), the warnings, and the warnings of the second half of
 * a split input moved into the first's list. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_i18n.h"
#include "ts_rowmap.h"
#include "layout_impl.h"
#include "rowmap_impl.h"

/* Adds the warning that record i, whose case id is id[0..len), repeats
 * the case id of record first.  It ends with the first case's line:
 * ts_rowmap_move_diags() puts another there. */
static int
duplicate_warning(const struct ts_store *st, struct ts_diags *diags, size_t i,
    size_t first, const char *id, size_t len)
{
	const struct ts_input_info *in = ts_store_input_info_c(st, ts_store_input(st, first));
	char q[128];

	ts_quote(id, len, q, sizeof q);
	return ts_diags_add(diags, TS_DIAG_WARNING, ts_store_input(st, i),
	    ts_store_line(st, i), N_("case_id %s repeats the case at %s:%lu"), q,
	    in && strcmp(in->path, "-") ? in->path : "(stdin)",
	    (unsigned long)ts_store_line(st, first));
}

/* Warns when the case id of the record just added was seen before (in
 * this input or an earlier one). */
/* Checks the oldest pending row: warns when its case id was seen before
 * (in this input or an earlier one). */
int
ts_rowmap_check_oldest(struct ts_rowmap *m)
{
	const struct pending *p = &m->pend[m->pend_head];
	struct ts_case_dups *pd = m->part_dups;
	size_t first;

	m->pend_head = (m->pend_head + 1) & (2 * PENDING - 1);
	m->npend--;
	if (ts_store_case_first(m->st, p->rec, &first) != 0)
		return -1;
	if (first == SIZE_MAX)
		return 0;
	if (duplicate_warning(m->st, m->diags, p->rec, first, p->text, p->len) != 0 ||
	    (pd && ts_grow(&pd->items, &pd->cap, pd->count + 1, sizeof *pd->items) != 0))
		m->oom = 1;
	else if (pd) {
		pd->items[pd->count].diag = m->diags->count - 1;
		pd->items[pd->count++].first = first;
	}
	return m->oom ? -1 : 0;
}

/* Checks every pending row, oldest first (the diagnostics list's flush). */
int
ts_rowmap_flush_pending(void *arg)
{
	struct ts_rowmap *m = arg;

	if (m->diags->flush_arg == m)
		m->diags->flush = NULL;
	while (m->npend)
		if (ts_rowmap_check_oldest(m) != 0)
			return TS_EIO;
	return TS_OK;
}

int
ts_rowmap_flush(struct ts_rowmap *m)
{
	if (m && ts_layout_finish(m->layout) != 0)
		return TS_EIO;
	return m == NULL || m->npend == 0 ? TS_OK : ts_rowmap_flush_pending(m);
}

int
ts_rowmap_has_case_ids(const struct ts_rowmap *m)
{
	size_t i;

	for (i = 0; i < m->ncols; i++)
		if (m->cols[i].field == TS_F_CASE_ID)
			return 1;
	return 0;
}

void
ts_rowmap_note_duplicates(struct ts_rowmap *m, struct ts_case_dups *dups)
{
	m->part_dups = dups;
}

/* s up to its trailing digits, then first: the English and the text of
 * a duplicate_warning() both end with the first case's line. */
static char *
with_line(const char *s, unsigned long first)
{
	size_t len = strlen(s);
	char *t;

	while (len && s[len - 1] >= '0' && s[len - 1] <= '9')
		len--;
	if (len > INT_MAX - 32 || (t = malloc(len + 32)) == NULL)
		return NULL;
	snprintf(t, len + 32, "%.*s%lu", (int)len, s, first);
	return t;
}

static int
move_duplicate(struct ts_diags *out, const struct ts_diag *d, uint32_t input,
    long line, unsigned long first)
{
	char *m = with_line(d->message, first), *t = with_line(ts_diag_text(d), first);
	int rc = m && t ? ts_diags_add_texts(out, d->kind, input, line, m, t) : TS_EIO;

	free(m);
	free(t);
	return rc;
}

int
ts_rowmap_move_diags(struct ts_diags *out, const struct ts_diags *part,
    const struct ts_case_dups *dups, const struct ts_store *st, size_t from,
    uint32_t input, long base_line)
{
	const struct ts_diag *d;
	size_t i, k = 0;
	long line;

	for (i = 0; i < part->count; i++) {
		d = &part->items[i];
		line = d->line ? d->line + base_line : 0;
		if (k < dups->count && dups->items[k].diag == i) {
			/* duplicate_warning(): it ends with the first case's
			 * line, counted in the part. */
			if (move_duplicate(out, d, input, line,
			    (unsigned long)ts_store_line(st, from + dups->items[k++].first)) != 0)
				return TS_EIO;
		} else if (ts_diags_add_texts(out, d->kind, input, line, d->message,
		    ts_diag_text(d)) != 0) {
			return TS_EIO;
		}
		ts_diags_set_code(out, d->code);
	}
	return TS_OK;
}
