/* layout.c — long and wide tables into records (layout_impl.h): the
 * columns and what the header makes of the table, and the note that
 * says so.  The words are layout_words.c's, the rows layout_rows.c's,
 * the records by key layout_keys.c's. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_parts_impl.h"
#include "ts_i18n.h"

struct ts_layout *
ts_layout_new(struct ts_store *st, uint32_t input,
    const struct ts_load_options *opt, struct ts_diags *diags)
{
	struct ts_layout *l = calloc(1, sizeof *l);

	if (l == NULL)
		return NULL;
	l->st = st;
	l->input = input;
	l->info = ts_store_input_info(st, input);
	l->opt = opt;
	l->diags = diags;
	l->measure_col = l->value_col = l->flag_col = l->packed_col = -1;
	l->first_period = l->last_period = -1;
	l->measure_dim = -1;
	l->packed_measure = -1;
	return l;
}

void
ts_layout_free(struct ts_layout *l)
{
	if (l == NULL)
		return;
	free(l->roles);
	free(l->name_ids);
	free(l->periods);
	free(l->values);
	ts_hashtab_free(&l->index);
	free(l->nodes);
	free(l);
}

/* The --measure entry for this input: "FILE=FIELD" naming its path (or
 * the path's last part) first, then a plain one.  NULL when none. */
static const char *
measure_option(const struct ts_layout *l, int *for_file)
{
	const struct ts_layout_options *o = &l->opt->layout;
	const char *path = l->info->path, *base = strrchr(path, '/'), *eq;
	const char *plain = NULL;
	size_t k, n;

	base = base ? base + 1 : path;
	*for_file = 0;
	for (k = 0; k < o->nmeasures; k++) {
		eq = strrchr(o->measures[k], '=');
		if (eq == NULL) {
			if (plain == NULL)
				plain = o->measures[k];
			continue;
		}
		n = (size_t)(eq - o->measures[k]);
		if ((strlen(path) == n && memcmp(path, o->measures[k], n) == 0) ||
		    (strlen(base) == n && memcmp(base, o->measures[k], n) == 0)) {
			*for_file = 1;
			return eq + 1;
		}
	}
	return plain;
}

int
ts_layout_column(struct ts_layout *l, size_t index, const char *name,
    size_t len, enum ts_field field)
{
	const struct ts_layout_options *o = &l->opt->layout;
	char f[FOLD];
	size_t n;
	int role = TS_ROLE_NONE, for_file;
	const char *mo;
	struct ts_period p;

	if (index >= l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		uint8_t *r;
		uint32_t *ids;
		struct ts_period *ps;

		while (cap <= index)
			cap *= 2;
		if ((r = realloc(l->roles, cap)) == NULL)
			return -1;
		l->roles = r;
		if ((ps = realloc(l->periods, cap * sizeof *ps)) == NULL)
			return -1;
		l->periods = ps;
		if ((ids = realloc(l->name_ids, cap * sizeof *ids)) == NULL)
			return -1;
		l->name_ids = ids;
		l->cap = cap;
	}
	if ((l->name_ids[index] = ts_store_intern(l->st, name, len)) == TS_NO_ID)
		return -1;
	if (index >= l->ncols)
		l->ncols = index + 1;
	l->roles[index] = TS_ROLE_NONE;
	if (o->forced && o->kind == TS_LAYOUT_PLAIN)
		return TS_ROLE_NONE;
	ts_layout_trim(&name, &len);
	n = ts_layout_fold(name, len, f);
	mo = measure_option(l, &for_file);
	if (field != TS_F_NONE && !(field >= TS_F_JURISDICTION && field <= TS_F_EXPLOITATION))
		return TS_ROLE_NONE;
	if (o->value && ts_fields_same(name, len, o->value, strlen(o->value)))
		role = TS_ROLE_VALUE;
	else if (mo && !for_file && ts_fields_same(name, len, mo, strlen(mo)))
		role = TS_ROLE_MEASURE;
	else if (field != TS_F_NONE)
		return TS_ROLE_NONE;
	else if (memchr(name, '\\', len) && memchr(name, ',', len))
		role = TS_ROLE_PACKED;
	else if (!o->value && ts_layout_in_list(TS_LIST_VALUE, f, n))
		role = TS_ROLE_VALUE;
	else if (!mo && ts_layout_in_list(TS_LIST_MEASURE, f, n))
		role = TS_ROLE_MEASURE;
	else if (ts_layout_in_list(TS_LIST_FLAG, f, n))
		role = TS_ROLE_FLAG;
	else if (ts_layout_in_list(TS_LIST_IGNORED, f, n))
		role = TS_ROLE_IGNORED;
	else if (ts_layout_in_list(TS_LIST_TOTAL, f, n))
		role = TS_ROLE_ROW_TOTAL;
	else if (ts_layout_period_header(name, len, f, n, &p)) {
		role = TS_ROLE_PERIOD;
		l->periods[index] = p;
	}
	if (role == TS_ROLE_PERIOD)
		ts_period_fiscal_start(&l->periods[index], o->fiscal_start);
	l->roles[index] = (uint8_t)role;
	return role;
}

enum ts_layout_role
ts_layout_role(const struct ts_layout *l, size_t i)
{
	return l && i < l->ncols ? (enum ts_layout_role)l->roles[i] : TS_ROLE_NONE;
}

/* The breakdown column that only says which breakdown a row is of
 * (UNODC's Dimension: "Total", "by sex", ...): with a breakdown chosen,
 * its rows may say anything. */
static const char dimension_header[] = "dimension";

/* The dimension of a plain column named name (as the row map names
 * them), or -1. */
static int
plain_dim(const struct ts_layout *l, const char *name)
{
	enum ts_field f = ts_fields_match(name, strlen(name));

	if (f >= TS_F_JURISDICTION && f <= TS_F_EXPLOITATION)
		return ts_store_find_dim(l->st, ts_field_name(f));
	return ts_store_find_dim(l->st, name);
}

/* Notes a breakdown column named name (dimension dim). */
static void
add_breakdown(struct ts_layout *l, const char *name, int dim)
{
	struct breakdown *b;
	const char *by = l->opt->layout.by, *comma;
	size_t n;

	if (dim < 0 || l->nbd == MAX_BREAKDOWNS)
		return;
	b = &l->bd[l->nbd++];
	memset(b, 0, sizeof *b);
	b->dim = dim;
	snprintf(b->name, sizeof b->name, "%s", name);
	b->is_dimension = ts_fields_same(name, strlen(name), dimension_header,
	    strlen(dimension_header));
	for (; by && *by; by = comma ? comma + 1 : by + n) {
		comma = strchr(by, ',');
		n = comma ? (size_t)(comma - by) : strlen(by);
		if (n && ts_fields_same(by, n, name, strlen(name)))
			b->chosen = 1;
		if (!comma)
			break;
	}
}

/* Joins the names of the breakdowns (chosen ones when chosen is set)
 * into buf. */
static void
breakdown_names(const struct ts_layout *l, int chosen, char *buf, size_t size)
{
	size_t k, used = 0;

	buf[0] = '\0';
	for (k = 0; k < l->nbd && used < size; k++) {
		if (chosen && !l->bd[k].chosen)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		    used ? ", " : "", l->bd[k].name);
	}
}

/* Sets up the packed key "a,b,c\TIME_PERIOD" of column i: a dimension a
 * part, the measure's part by its name. */
static int
setup_packed(struct ts_layout *l, const char *header)
{
	const char *p = header, *end = strchr(header, '\\'), *comma;
	char part[64], f[FOLD];
	size_t n;
	int dim;

	if (end == NULL)
		return 0;
	while (p < end && l->npacked < MAX_PACKED) {
		comma = memchr(p, ',', (size_t)(end - p));
		n = comma ? (size_t)(comma - p) : (size_t)(end - p);
		if (n >= sizeof part)
			n = sizeof part - 1;
		memcpy(part, p, n);
		part[n] = '\0';
		if (ts_layout_in_list(TS_LIST_MEASURE, f, ts_layout_fold(part, n, f))) {
			l->packed_measure = (int)l->npacked;
			l->packed[l->npacked++].dim = -1;
		} else {
			enum ts_field fd = ts_fields_match(part, n);
			dim = ts_store_dim(l->st, fd >= TS_F_JURISDICTION &&
			    fd <= TS_F_EXPLOITATION ? ts_field_name(fd) : part);
			if (dim < 0)
				return -1;
			l->packed[l->npacked++].dim = dim;
			if (ts_layout_in_list(TS_LIST_BREAKDOWN, f, ts_layout_fold(part, n, f)))
				add_breakdown(l, part, dim);
		}
		p = comma ? comma + 1 : end;
	}
	return 0;
}

/* The name of column i as declared. */
const char *
ts_layout_col_name(const struct ts_layout *l, size_t i)
{
	return i < l->ncols ? ts_store_string(l->st, l->name_ids[i]) : "";
}

/* Column i has a role that only one column may have: it is *col when
 * that is the first, else an ordinary column. */
static void
take_first(long *col, uint8_t *roles, size_t i)
{
	if (*col < 0)
		*col = (long)i;
	else
		roles[i] = TS_ROLE_NONE;
}

int
ts_layout_decide(struct ts_layout *l, int has_count, int has_outcome,
    long line, struct ts_error *err)
{
	const struct ts_layout_options *o = &l->opt->layout;
	struct ts_input_layout *li = &l->info->layout;
	const char *mo, *path = l->info->path;
	int for_file, kind;
	size_t i;
	(void)line;
	for (i = 0; i < l->ncols; i++) {
		/* A second measure, value, flag or packed column is an
		 * ordinary one, part of the key. */
		switch (l->roles[i]) {
		case TS_ROLE_MEASURE:
			take_first(&l->measure_col, l->roles, i);
			break;
		case TS_ROLE_VALUE:
			take_first(&l->value_col, l->roles, i);
			break;
		case TS_ROLE_FLAG:
			take_first(&l->flag_col, l->roles, i);
			break;
		case TS_ROLE_PACKED:
			take_first(&l->packed_col, l->roles, i);
			break;
		case TS_ROLE_PERIOD:
			if (l->first_period < 0)
				l->first_period = (long)i;
			l->last_period = (long)i;
			l->nperiods++;
			if (l->periods[i].precision == TS_PREC_NONE)
				l->month_headers = 1;
			break;
		default:
			break;
		}
	}
	mo = measure_option(l, &for_file);
	if (mo && (for_file || l->measure_col < 0)) {
		l->file_field = ts_layout_count_field(mo, strlen(mo));
		if (l->file_field == TS_F_NONE && (has_count || has_outcome)) {
			mo = NULL;      /* a --measure for other inputs */
		} else if (l->file_field == TS_F_NONE) {
			ts_error_set(err, TS_EUSAGE, path, line, 0,
			    N_("--measure %.80s: no such column in this header, and no "
			    "count field ('tracestat fields' lists them)"), mo);
			return -1;
		}
	}
	if (o->forced)
		kind = o->kind;
	else if (has_count || has_outcome)
		kind = TS_LAYOUT_PLAIN;
	else if (l->value_col >= 0)
		kind = TS_LAYOUT_LONG;
	else if (l->nperiods > 0)
		kind = TS_LAYOUT_WIDE;
	else
		kind = TS_LAYOUT_PLAIN;
	if (kind != TS_LAYOUT_PLAIN && (has_count || has_outcome)) {
		ts_error_set(err, TS_EIO, path, line, 0,
		    N_("--layout %s: this header has count or outcome columns of its "
		    "own; a %s table has none"), kind == TS_LAYOUT_LONG ? "long" : "wide",
		    kind == TS_LAYOUT_LONG ? "long" : "wide");
		return -1;
	}
	if (kind == TS_LAYOUT_LONG && l->value_col < 0) {
		ts_error_set(err, TS_EIO, path, line, 0,
		    N_("a long table needs a value column (Value, OBS_VALUE, txtVALUE, "
		    "Valor, Valeur): none in this header; give --value COLUMN"));
		return -1;
	}
	if (kind == TS_LAYOUT_WIDE && l->nperiods == 0) {
		ts_error_set(err, TS_EIO, path, line, 0,
		    N_("--layout wide: no column of this header is a period "
		    "(2012, 2012-03, 2012-Q1, FY2012, 2016/17, Enero, January...)"));
		return -1;
	}
	l->kind = kind;
	if (kind == TS_LAYOUT_PLAIN) {
		for (i = 0; i < l->ncols; i++)
			l->roles[i] = TS_ROLE_NONE;
		return kind;
	}
	/* What the layout does not read is the row map's. */
	for (i = 0; i < l->ncols; i++) {
		if (kind == TS_LAYOUT_LONG && (l->roles[i] == TS_ROLE_PERIOD ||
		    l->roles[i] == TS_ROLE_ROW_TOTAL))
			l->roles[i] = TS_ROLE_NONE;
		if (kind == TS_LAYOUT_WIDE && (l->roles[i] == TS_ROLE_VALUE ||
		    l->roles[i] == TS_ROLE_FLAG))
			l->roles[i] = TS_ROLE_NONE;
	}
	if (kind == TS_LAYOUT_WIDE) {
		l->value_col = l->flag_col = -1;
		if ((l->values = malloc(l->ncols * sizeof *l->values)) == NULL)
			goto oom;
	}
	if (l->packed_col >= 0 && setup_packed(l,
	    ts_layout_col_name(l, (size_t)l->packed_col)) != 0)
		goto oom;
	/* The breakdown columns among the plain ones. */
	for (i = 0; i < l->ncols; i++) {
		const char *name;
		char f[FOLD];

		if (l->roles[i] != TS_ROLE_NONE)
			continue;
		name = ts_layout_col_name(l, i);
		if (name && ts_layout_in_list(TS_LIST_BREAKDOWN, f, ts_layout_fold(name, strlen(name), f)))
			add_breakdown(l, name, plain_dim(l, name));
	}
	if (l->measure_col < 0 && l->packed_measure < 0 && l->file_field == TS_F_NONE) {
		if (kind == TS_LAYOUT_WIDE) {
			ts_error_set(err, TS_EIO, path, line, 0,
			    N_("a wide table (periods as columns: '%.20s' .. '%.20s') needs "
			    "its measure: give --measure FIELD (or --measure FILE=FIELD "
			    "for this input alone), or a measure column such as leg_stat"),
			    ts_layout_col_name(l, (size_t)l->first_period),
			    ts_layout_col_name(l, (size_t)l->last_period));
			return -1;
		}
		/* Found by its values at the first row (ts_layout_end()). */
		l->measure_dim = -2;
	}
	if (l->month_headers) {
		for (i = 0; i < l->ncols; i++)
			if (l->roles[i] == TS_ROLE_PERIOD &&
			    l->periods[i].precision != TS_PREC_NONE)
				break;
		if (i < l->ncols) {
			ts_error_set(err, TS_EIO, path, line, 0,
			    N_("columns '%.20s' and '%.20s': month names and periods as "
			    "headers of one table"), ts_layout_col_name(l, (size_t)l->first_period), ts_layout_col_name(l, i));
			return -1;
		}
	}
	/* What the report and check say. */
	li->kind = (uint8_t)kind;
	if (l->measure_col >= 0)
		snprintf(li->measure, sizeof li->measure, "%s",
		    ts_layout_col_name(l, (size_t)l->measure_col));
	else if (l->packed_measure >= 0)
		snprintf(li->measure, sizeof li->measure, "leg_stat");
	if (l->file_field != TS_F_NONE)
		snprintf(li->field, sizeof li->field, "%s", ts_field_name(l->file_field));
	if (kind == TS_LAYOUT_LONG)
		snprintf(li->value, sizeof li->value, "%s",
		    ts_layout_col_name(l, (size_t)l->value_col));
	else
		snprintf(li->value, sizeof li->value, "%.30s..%.30s",
		    ts_layout_col_name(l, (size_t)l->first_period),
		    ts_layout_col_name(l, (size_t)l->last_period));
	breakdown_names(l, 0, li->breakdowns, sizeof li->breakdowns);
	breakdown_names(l, 1, li->by, sizeof li->by);
	if (l->packed_measure >= 0) {
		/* The measure's own name in the packed header. */
		const char *h = ts_layout_col_name(l, (size_t)l->packed_col);
		const char *p = h;
		size_t k;

		for (k = 0; k < (size_t)l->packed_measure && p; k++)
			if ((p = strchr(p, ',')) != NULL)
				p++;
		if (p) {
			size_t n = strcspn(p, ",\\");
			snprintf(li->measure, sizeof li->measure, "%.*s", (int)(n < 60 ? n : 60), p);
		}
	}
	l->header_line = line;
	l->ready = 1;
	if (ts_layout_index_earlier(l) != 0)
		goto oom;
	return kind;
oom:
	ts_error_set(err, TS_EIO, path, line, 0, N_("out of memory"));
	return -1;
}

/* snprintf() at buf + n, kept within size; returns the new length. */
static size_t
append(char *buf, size_t size, size_t n, const char *fmt, ...)
    TS_PRINTF(4, 5);

static size_t
append(char *buf, size_t size, size_t n, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (n + 1 >= size)
		return n;
	va_start(ap, fmt);
	k = vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
	if (k < 0)
		return n;
	return (size_t)k < size - n ? n + (size_t)k : size - 1;
}

int
ts_layout_finish(struct ts_layout *l)
{
	char text[512];
	size_t k;

	if (l->finished || !l->ready || l->kind == TS_LAYOUT_PLAIN)
		return 0;
	l->finished = 1;
	for (k = 0; k < l->nbd; k++) {
		const struct breakdown *b = &l->bd[k];

		/* Left out for want of a total row that never comes. */
		if (!b->chosen && !b->seen_total && b->left_out &&
		    ts_diags_add(l->diags, TS_DIAG_WARNING, l->input, l->header_line,
		    N_("column '%s' breaks the figures down but has no total row: its "
		    "%llu row%s were left out; --by %s counts them"), b->name,
		    (unsigned long long)b->left_out, b->left_out == 1 ? "" : "s",
		    b->name) != 0)
			return -1;
	}
	ts_input_layout_describe(l->info, text, sizeof text);
	return ts_diags_add(l->diags, TS_DIAG_NOTE, l->input, l->header_line,
	    N_("read as a %s"), text) != 0 ? -1 : 0;
}

size_t
ts_input_layout_describe(const struct ts_input_info *in, char *buf, size_t size)
{
	const struct ts_input_layout *li = &in->layout;
	size_t n;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (li->kind == TS_LAYOUT_PLAIN)
		return 0;
	n = append(buf, size, 0, "%s table: %s%s%s, %s '%s', %llu record%s",
	    li->kind == TS_LAYOUT_LONG ? "long" : "wide",
	    li->measure[0] ? "measure column '" : "every value ",
	    li->measure[0] ? li->measure : li->field, li->measure[0] ? "'" : "",
	    li->kind == TS_LAYOUT_LONG ? "value column" : "periods", li->value,
	    (unsigned long long)li->records, li->records == 1 ? "" : "s");
	if (li->joined)
		n = append(buf, size, n, ", %llu value%s added to the records of earlier inputs",
		    (unsigned long long)li->joined, li->joined == 1 ? "" : "s");
	if (li->by[0])
		n = append(buf, size, n, "; breakdown %s used instead of its total rows",
		    li->by);
	else if (li->breakdowns[0])
		n = append(buf, size, n, "; total rows of %s used", li->breakdowns);
	if (li->set_aside)
		n = append(buf, size, n, ", %llu %s row%s left out%s",
		    (unsigned long long)li->set_aside, li->by[0] ? "other" : "breakdown",
		    li->set_aside == 1 ? "" : "s",
		    li->by[0] ? "" : " (--by COLUMN uses a breakdown)");
	if (li->unknown)
		n = append(buf, size, n, "; %llu row%s of a measure that names no field left out",
		    (unsigned long long)li->unknown, li->unknown == 1 ? "" : "s");
	if (li->flagged)
		n = append(buf, size, n, "; %llu value%s flagged (p, e, b...)",
		    (unsigned long long)li->flagged, li->flagged == 1 ? "" : "s");
	return n;
}
