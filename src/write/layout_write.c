/* layout_write.c — the layout decisions of an input, said in the text
 * report and in JSON (docs/input.md). */
#include <stdio.h>
#include <string.h>

#include "ts_layout_write.h"

/* Appends one decision to buf[*o..size): "; " before the first of the
 * layout decisions (*first set), ", " before the others. */
static void
add(char *buf, size_t size, size_t *o, int *first, const char *text)
{
	int w;

	if (*o + 1 >= size)
		return;
	w = snprintf(buf + *o, size - *o, "%s%s", *first ? "; " : ", ", text);
	*first = 0;
	if (w > 0)
		*o += (size_t)w < size - *o ? (size_t)w : size - *o - 1;
}

void
ts_layout_text(const struct ts_input_layout *l, char *buf, size_t size)
{
	char t[96];
	size_t o = 0;
	int first = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (l->rejected_cells) {
		snprintf(t, sizeof t, "%llu cell%s rejected",
		    (unsigned long long)l->rejected_cells, l->rejected_cells == 1 ? "" : "s");
		add(buf, size, &o, &first, t);
	}
	first = 1;
	if (l->header_line > 1) {
		if (l->above)
			snprintf(t, sizeof t, "header on line %ld (%lu row%s above it skipped)",
			    l->header_line, (unsigned long)l->above, l->above == 1 ? "" : "s");
		else
			snprintf(t, sizeof t, "header on line %ld", l->header_line);
		add(buf, size, &o, &first, t);
	}
	if (l->units_line)
		add(buf, size, &o, &first, "a units row skipped");
	if (l->notes) {
		snprintf(t, sizeof t, "%lu note line%s after the table",
		    (unsigned long)l->notes, l->notes == 1 ? "" : "s");
		add(buf, size, &o, &first, t);
	}
	if (l->annotated) {
		snprintf(t, sizeof t, "%llu annotated cell%s read without %s mark%s",
		    (unsigned long long)l->annotated, l->annotated == 1 ? "" : "s",
		    l->annotated == 1 ? "its" : "their", l->annotated == 1 ? "" : "s");
		add(buf, size, &o, &first, t);
	}
	if (l->censored) {
		snprintf(t, sizeof t, "%llu censored cell%s read as %s",
		    (unsigned long long)l->censored, l->censored == 1 ? "" : "s",
		    l->censored == 1 ? "a range" : "ranges");
		add(buf, size, &o, &first, t);
	}
}

void
ts_layout_json(FILE *fp, const struct ts_input_layout *l)
{
	if (l->header_line <= 1 && l->units_line == 0 && l->below == 0 &&
	    l->annotated == 0 && l->censored == 0 && l->rejected_cells == 0)
		return;         /* a plain table */
	fprintf(fp, ", \"read\": {\"header_line\": %ld, \"rows_above\": %lu, "
	    "\"units_line\": %ld, \"rows_below\": %lu, \"notes_below\": %lu, "
	    "\"annotated_cells\": %llu, \"censored_cells\": %llu, "
	    "\"rejected_cells\": %llu}",
	    l->header_line, (unsigned long)l->above, l->units_line,
	    (unsigned long)l->below, (unsigned long)l->notes,
	    (unsigned long long)l->annotated, (unsigned long long)l->censored,
	    (unsigned long long)l->rejected_cells);
}
