/* select.c — the rows a report shows: --where keeps the records of some
 * values of a field, --sort orders the groups, --top N shows the first N
 * and sums the rest into one "other" row (docs/guide.md, "Long reports").
 * Grouping, the total and the comparisons are not changed by --sort and
 * --top: they only choose what the writers show. */
#include <stdlib.h>
#include <string.h>

#include "ts_cell.h"
#include "ts_fields.h"
#include "ts_i18n.h"
#include "ts_report.h"

/* ---- --where ---------------------------------------------------------- */

/* One --where: the field and its values, each folded as group labels are
 * compared (ts_fields_fold_label, as the grouping columns are). */
struct where {
	struct ts_by by;
	char **values;          /* folded */
	char **given;           /* as written */
	unsigned char *met;     /* 1 when some record has it */
	size_t nvalues;
};

/* s folded into a new string; NULL when out of memory. */
static char *
fold(const char *s, size_t len)
{
	char *buf = malloc(len + 1);

	if (buf != NULL)
		ts_fields_fold_label(s, len, buf, len + 1);
	return buf;
}

static void
where_free(struct where *w)
{
	size_t i;

	for (i = 0; i < w->nvalues; i++) {
		free(w->values[i]);
		free(w->given[i]);
	}
	free(w->values);
	free(w->given);
	free(w->met);
	memset(w, 0, sizeof *w);
}

/* Adds the value s[0..len), where "\," stands for a comma. */
static int
add_value(struct where *w, const char *s, size_t len)
{
	char *raw = malloc(len + 1), **v, **g;
	size_t i, o = 0;

	if (raw == NULL)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len && s[i + 1] == ',')
			i++;
		raw[o++] = s[i];
	}
	raw[o] = '\0';
	v = realloc(w->values, (w->nvalues + 1) * sizeof *v);
	if (v != NULL)
		w->values = v;
	g = v ? realloc(w->given, (w->nvalues + 1) * sizeof *g) : NULL;
	if (g != NULL)
		w->given = g;
	if (v == NULL || g == NULL || (v[w->nvalues] = fold(raw, o)) == NULL) {
		free(raw);
		return -1;
	}
	g[w->nvalues++] = raw;
	return 0;
}

/* Parses "FIELD=VALUE[,VALUE...]" against the store. */
static int
where_parse(const struct ts_store *st, const char *text, struct where *w,
    struct ts_error *err)
{
	const char *eq = strchr(text, '='), *p, *end;
	char name[64];
	size_t len;

	memset(w, 0, sizeof *w);
	if (eq == NULL || eq == text || (size_t)(eq - text) >= sizeof name)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("--where: '%s' is not FIELD=VALUE[,VALUE...]"), text);
	memcpy(name, text, (size_t)(eq - text));
	name[eq - text] = '\0';
	if (ts_report_resolve_by(st, name, &w->by, err) != 0) {
		/* The message names --by: say --where. */
		if (strncmp(err->message, "--by:", 5) == 0) {
			char msg[sizeof err->message];
			snprintf(msg, sizeof msg, "--where%s", err->message + 4);
			snprintf(err->message, sizeof err->message, "%s", msg);
		}
		return err->code;
	}
	if (w->by.kind != TS_BY_DIM)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("--where: '%s' is a period; choose periods with --period"), name);
	for (p = eq + 1;; p = end + 1) {
		for (end = p; *end && !(*end == ',' && (end == p || end[-1] != '\\')); end++)
			;
		len = (size_t)(end - p);
		if (len == 0)
			return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
			    N_("--where: empty value in '%s'"), text);
		if (add_value(w, p, len) != 0)
			return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
		if (*end == '\0')
			break;
	}
	if ((w->met = calloc(w->nvalues, 1)) == NULL)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	return TS_OK;
}

/* The values of w's field among the records the sums count, for the
 * message about a value no record has. */
static void
list_values(const struct ts_store *st, const struct where *w, char *buf, size_t size)
{
	size_t i, n = ts_store_count(st), o = 0, shown = 0, nstr = ts_store_nstrings(st);
	unsigned char *seen = calloc(nstr ? nstr : 1, 1);
	uint32_t id;
	char *clean;

	buf[0] = '\0';
	for (i = 0; i < n && seen; i++) {
		if (ts_store_flag(st, i) & TS_FLAGS_OUT & ~(unsigned)TS_FLAG_WHERE)
			continue;
		id = ts_store_dim_id(st, i, (size_t)w->by.dim);
		if (id >= nstr || seen[id])
			continue;
		seen[id] = 1;
		if (shown++ == 20) {
			snprintf(buf + o, size - o, ", ...");
			break;
		}
		/* Values come from the data: no raw controls. */
		clean = ts_cell_clean(ts_store_string(st, id), 0);
		o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? ", " : "",
		    clean ? clean : "?");
		free(clean);
		if (o >= size) {
			o = size - 1;
			break;
		}
	}
	free(seen);
}

/* 1 when record i's value of w's field is one of w's; cache[id] holds the
 * answer per string id (0 unknown, 1 no, 2 yes, 3 + k: value k). */
static int
where_keeps(const struct ts_store *st, struct where *w, size_t i,
    unsigned *cache, size_t nstr, int *oom)
{
	uint32_t id = ts_store_dim_id(st, i, (size_t)w->by.dim);
	const char *s;
	char *f;
	size_t k;

	if (id < nstr && cache[id] != 0) {
		if (cache[id] >= 3)
			w->met[cache[id] - 3] = 1;
		return cache[id] >= 2;
	}
	s = ts_store_string(st, id);
	if ((f = fold(s, strlen(s))) == NULL) {
		*oom = 1;
		return 1;
	}
	for (k = 0; k < w->nvalues; k++)
		if (strcmp(f, w->values[k]) == 0)
			break;
	free(f);
	if (k < w->nvalues)
		w->met[k] = 1;
	if (id < nstr)
		cache[id] = k < w->nvalues ? 3 + (unsigned)k : 1;
	return k < w->nvalues;
}

static int
where_one(struct ts_store *st, const char *text, struct ts_diags *diags,
    struct ts_error *err)
{
	struct where w;
	size_t i, n = ts_store_count(st), nstr = ts_store_nstrings(st), out = 0;
	unsigned *cache;
	char list[1024];
	int oom = 0, rc;

	if ((rc = where_parse(st, text, &w, err)) != 0) {
		where_free(&w);
		return rc;
	}
	if ((cache = calloc(nstr ? nstr : 1, sizeof *cache)) == NULL) {
		where_free(&w);
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	}
	for (i = 0; i < n && !oom; i++) {
		if (ts_store_flag(st, i) & TS_FLAGS_OUT)
			continue;
		if (!where_keeps(st, &w, i, cache, nstr, &oom)) {
			if (ts_store_set_flag(st, i, TS_FLAG_WHERE) != 0)
				oom = 1;
			out++;
		}
	}
	free(cache);
	rc = oom ? ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory")) : TS_OK;
	for (i = 0; rc == 0 && i < w.nvalues; i++) {
		if (w.met[i])
			continue;
		list_values(st, &w, list, sizeof list);
		rc = ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("--where: no record has %s '%s' (there are: %s)"), w.by.name,
		    w.given[i], list[0] ? list : "no values");
	}
	if (rc == 0 && ts_diags_add(diags, TS_DIAG_NOTE, TS_DIAG_NO_INPUT, 0,
	    N_("--where %s: %zu record%s of other values left out"), text, out,
	    out == 1 ? "" : "s") != 0)
		rc = ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	if (rc == 0)
		ts_diags_set_code(diags, "where_left_out");
	where_free(&w);
	return rc;
}

int
ts_report_where(struct ts_store *st, const struct ts_report_options *opt,
    struct ts_diags *diags, struct ts_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < opt->nwhere; i++)
		if ((rc = where_one(st, opt->where[i], diags, err)) != 0)
			return rc;
	return TS_OK;
}

/* ---- --sort and --top ------------------------------------------------- */

/* The sort keys of one group, and its place in key order. */
struct row {
	const struct ts_group *g;
	size_t index;
	size_t block;           /* several --by fields: the first field's run */
	double value;           /* sort_value() */
};

/* A value to sort on, or -1 when the group has none (it goes last). */
static double
sort_value(const struct ts_result *r, const struct ts_group *g)
{
	struct ts_rate rt;

	if (r->opt.sort == TS_SORT_RATE) {
		rt = ts_result_rate(r, g, TS_RATE_CONVICTION);
		return rt.defined && !g->rate_hidden[TS_RATE_CONVICTION] ? rt.ci.value : -1;
	}
	return g->sum[TS_INVESTIGATIONS] == TS_MISSING ||
	    g->hidden[TS_INVESTIGATIONS] ? -1 : (double)g->sum[TS_INVESTIGATIONS];
}

static int
by_value(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	double va, vb;

	if (a->block != b->block)
		return a->block < b->block ? -1 : 1;
	va = a->value;
	vb = b->value;
	if (va != vb)
		return va > vb ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* 1 when groups a and b have the same first key part. */
static int
same_first(const struct ts_result *r, const struct ts_group *a, const struct ts_group *b)
{
	if (r->opt.by[0].kind == TS_BY_DIM)
		return a->key[0].id == b->key[0].id;
	return memcmp(&a->key[0].period, &b->key[0].period, sizeof a->key[0].period) == 0;
}

/* Adds g's sums into the other row; a sum passing INT64_MAX cannot
 * happen, each is at most the total's. */
static void
add_other(struct ts_result *r, const struct ts_group *g)
{
	struct ts_group *o = &r->other;
	size_t c, q;

	for (c = 0; c < TS_NCOUNTS; c++) {
		if (g->sum[c] != TS_MISSING)
			o->sum[c] = o->sum[c] == TS_MISSING ? g->sum[c] : o->sum[c] + g->sum[c];
		/* A cell hidden in a group left out would be given away by the
		 * other row beside the report without --top. */
		if (g->hidden[c] != TS_SHOWN)
			o->hidden[c] = TS_WITHHELD;
	}
	for (q = 0; q < TS_NRATES; q++) {
		for (c = 0; c < 2; c++) {
			int64_t x = ts_group_pair(g, (enum ts_rate_kind)q, (int)c);
			if (x != TS_MISSING)
				o->pair[q][c] = o->pair[q][c] == TS_MISSING ? x : o->pair[q][c] + x;
		}
	}
	o->records += g->records;
	r->nother++;
}

static void
finish_other(struct ts_result *r)
{
	struct ts_group *o = &r->other;
	size_t c;

	if (r->opt.suppress <= 0)
		return;
	for (c = 0; c < TS_NCOUNTS; c++)
		if (o->hidden[c] == TS_SHOWN && o->sum[c] != TS_MISSING &&
		    o->sum[c] < r->opt.suppress)
			o->hidden[c] = TS_BELOW;
	ts_group_hide_rates(o);
}

/* A note for each key column whose inputs head it differently: the
 * tables use the first input's header. */
static int
note_headers(struct ts_result *r)
{
	const char *h;
	size_t b;
	int differs;

	for (b = 0; b < r->opt.nby && r->diags && !r->opt.canonical_names; b++) {
		if (r->opt.by[b].kind != TS_BY_DIM)
			continue;
		h = ts_store_dim_header(r->st, (size_t)r->opt.by[b].dim, &differs);
		if (h == NULL || !differs)
			continue;
		if (ts_diags_add(r->diags, TS_DIAG_NOTE, TS_DIAG_NO_INPUT, 0,
		    N_("the inputs head %s differently; the tables use the first "
		    "input's header, '%s' (--canonical-names: '%s')"), r->opt.by[b].name,
		    h, r->opt.by[b].name) != 0)
			return -1;
		ts_diags_set_code(r->diags, "headers_differ");
	}
	return 0;
}

int
ts_result_select(struct ts_result *r, struct ts_error *err)
{
	struct row *rows;
	size_t i, c, q, keep;

	if (note_headers(r) != 0)
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));

	memset(&r->other, 0, sizeof r->other);
	r->other.pair = r->other_pair;
	for (c = 0; c < TS_NCOUNTS; c++)
		r->other.sum[c] = TS_MISSING;
	for (q = 0; q < TS_NRATES; q++)
		r->other.pair[q][0] = r->other.pair[q][1] = TS_MISSING;
	if (r->opt.top > 0 && r->opt.nby > 1)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("--top: one --by field only (with %zu, choose a value of '%s' "
		    "with --where or --period)"), r->opt.nby, r->opt.by[0].name);
	if (r->ngroups == 0 || (r->opt.sort == TS_SORT_KEY &&
	    (r->opt.top == 0 || r->opt.top >= r->ngroups)))
		return TS_OK;
	rows = malloc(r->ngroups * sizeof *rows);
	r->rows = malloc(r->ngroups * sizeof *r->rows);
	if (rows == NULL || r->rows == NULL) {
		free(rows);
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	}
	for (i = 0; i < r->ngroups; i++) {
		rows[i].g = &r->groups[i];
		rows[i].index = i;
		/* With several --by fields the rows stay in the first field's
		 * order and are sorted inside each of its values. */
		rows[i].block = r->opt.nby < 2 || i == 0 ? 0 : rows[i - 1].block +
		    !same_first(r, &r->groups[i - 1], &r->groups[i]);
	}
	if (r->opt.sort != TS_SORT_KEY) {
		for (i = 0; i < r->ngroups; i++)
			rows[i].value = sort_value(r, rows[i].g);
		qsort(rows, r->ngroups, sizeof *rows, by_value);
	}
	keep = r->opt.top == 0 || r->opt.top >= r->ngroups ? r->ngroups : r->opt.top;
	for (i = 0; i < r->ngroups; i++) {
		if (i < keep)
			r->rows[i] = rows[i].g;
		else
			add_other(r, rows[i].g);
	}
	r->nrows = keep;
	free(rows);
	if (r->nother)
		finish_other(r);
	return TS_OK;
}

size_t
ts_result_nrows(const struct ts_result *r)
{
	if (r->rows == NULL)
		return r->ngroups;
	return r->nrows + (r->nother > 0);
}

const struct ts_group *
ts_result_row(const struct ts_result *r, size_t i)
{
	if (i >= ts_result_nrows(r))
		return &r->total;
	if (r->rows == NULL)
		return &r->groups[i];
	return i < r->nrows ? r->rows[i] : &r->other;
}
