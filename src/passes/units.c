/* units.c — rates that divide one unit by another.
 *
 * UNODC counts persons ("Persons prosecuted"), a prosecutor's office
 * counts cases ("Carpetas de investigación"), a court sentences
 * ("Sentencias condenatorias").  Divided into each other they give a
 * figure that looks like a conviction rate and is not the share of
 * anything.  The units are read where the table says them: a count's
 * header, a long table's measure name (both at loading, in the input's
 * layout), or a unit column's value (here, from the records).  Each rate
 * whose counts are in different units, each count given in several units
 * in one input, and each count whose unit differs between pooled inputs
 * gets one warning (docs/input.md, "Units").
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passes_impl.h"
#include "ts_fields.h"

/* Headers of a unit column, folded. */
static const char *const unit_headers[] = {
	"unit", "units", "unitofmeasurement", "unitofmeasure", "unitmeasure",
	"unidad", "unidades", "unidaddemedida", "unite", "unites",
	"unitedemesure", "unidade", "unidadedemedida",
};

/* The rates of the report, numerator over denominator. */
static const struct rate {
	enum ts_count num, den;
	const char *name;
} rates[] = {
	{ TS_CONVICTIONS, TS_INVESTIGATIONS, "conviction rate" },
	{ TS_PROSECUTIONS, TS_INVESTIGATIONS, "prosecution rate" },
	{ TS_CONVICTIONS, TS_PROSECUTIONS, "convictions per prosecution" },
};

struct units {
	uint32_t line;          /* the input's first record's line */
	unsigned char mask[TS_NCOUNTS];
	char from[TS_NCOUNTS][TS_NUNITS][TS_UNIT_TEXT];
};

static int
is_unit_header(const char *name)
{
	char f[64];
	size_t n = ts_fields_fold(name, strlen(name), f, sizeof f), k;

	for (k = 0; k < sizeof unit_headers / sizeof unit_headers[0]; k++)
		if (strlen(unit_headers[k]) == n && memcmp(unit_headers[k], f, n) == 0)
			return 1;
	return 0;
}

/* The only unit of mask, or TS_UNIT_NONE when none or several. */
static enum ts_unit
only_unit(unsigned mask)
{
	unsigned u;

	for (u = 1; u < TS_NUNITS; u++)
		if (mask == 1u << u)
			return (enum ts_unit)u;
	return TS_UNIT_NONE;
}

/* "persons ('Persons convicted')" for count c of us. */
static void
unit_text(const struct units *us, enum ts_count c, char *buf, size_t size)
{
	enum ts_unit u = only_unit(us->mask[c]);

	snprintf(buf, size, "%s ('%s')", ts_unit_name(u), us->from[c][u]);
}

/* "'Persons convicted' (persons) and 'Cases' (cases)" */
static void
units_list(const struct units *us, enum ts_count c, char *buf, size_t size)
{
	size_t o = 0;
	unsigned u;
	int w;

	buf[0] = '\0';
	for (u = 1; u < TS_NUNITS; u++) {
		if (!(us->mask[c] & (1u << u)) || o + 1 >= size)
			continue;
		w = snprintf(buf + o, size - o, "%s'%s' (%s)", o ? " and " : "",
		    us->from[c][u], ts_unit_name((enum ts_unit)u));
		if (w > 0)
			o += (size_t)w < size - o ? (size_t)w : size - o - 1;
	}
}

static int
warn(struct ts_diags *diags, enum ts_diag_kind kind, uint32_t input, long line,
    const char *fmt, ...) TS_PRINTF(5, 6);
static int
warn(struct ts_diags *diags, enum ts_diag_kind kind, uint32_t input, long line,
    const char *fmt, ...)
{
	char msg[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (ts_diags_add(diags, kind, input, line, "%s", msg) != 0)
		return -1;
	ts_diags_set_code(diags, "unit_mismatch");
	return 0;
}

/* The warnings of one input (its own units in us). */
static int
check_input(const struct ts_store *st, uint32_t in, long line,
    const struct units *us, const struct units *all, const uint32_t *first,
    struct ts_diags *diags)
{
	const struct ts_input_info *fi;
	char a[200], b[200];
	size_t k, c;
	enum ts_unit u, v;

	for (c = 0; c < TS_NCOUNTS; c++) {
		if (us->mask[c] == 0 || only_unit(us->mask[c]) != TS_UNIT_NONE)
			continue;
		units_list(us, (enum ts_count)c, a, sizeof a);
		if (warn(diags, TS_DIAG_WARNING, in, line, "%s are counted in more than one unit in "
		    "this file, %s: their sums add different things", ts_count_name(
		    (enum ts_count)c), a) != 0)
			return -1;
	}
	for (k = 0; k < sizeof rates / sizeof rates[0]; k++) {
		u = only_unit(us->mask[rates[k].num]);
		v = only_unit(us->mask[rates[k].den]);
		if (u == TS_UNIT_NONE || v == TS_UNIT_NONE || u == v)
			continue;
		unit_text(us, rates[k].num, a, sizeof a);
		unit_text(us, rates[k].den, b, sizeof b);
		/* The figure the table gives, said for what it is: a note, as
		 * most published tables divide sentences by case files. */
		if (warn(diags, TS_DIAG_NOTE, in, line, "%s: %s counted in %s over %s counted "
		    "in %s, a ratio of different units, not a share of one group",
		    rates[k].name,
		    ts_count_name(rates[k].num), a, ts_count_name(rates[k].den), b) != 0)
			return -1;
	}
	/* Against the first input that gave the count another unit. */
	for (c = 0; c < TS_NCOUNTS; c++) {
		u = only_unit(us->mask[c]);
		v = only_unit(all->mask[c]);
		if (u == TS_UNIT_NONE || v == TS_UNIT_NONE || u == v ||
		    first[c] == in)
			continue;
		fi = ts_store_input_info_c(st, first[c]);
		unit_text(us, (enum ts_count)c, a, sizeof a);
		unit_text(all, (enum ts_count)c, b, sizeof b);
		if (warn(diags, TS_DIAG_WARNING, in, line, "%s are counted in %s here and in %s in "
		    "%s: pooled, their sums add different units",
		    ts_count_name((enum ts_count)c), a, b, fi ? fi->path : "-") != 0)
			return -1;
	}
	return 0;
}

int
ts_passes_units(const struct ts_store *st, struct ts_diags *diags)
{
	size_t nin = ts_store_ninputs(st), ndims = ts_store_ndims(st);
	size_t n = ts_store_count(st), i, d, c, ndd = 0, left;
	struct units *us = NULL, all;
	const struct ts_input_info *info;
	uint32_t first[TS_NCOUNTS], id, last_id = UINT32_MAX;
	enum ts_unit last_unit = TS_UNIT_NONE;
	size_t *unit_dims = NULL;
	int rc = -1, any = 0;
	int64_t v;

	if (nin == 0)
		return 0;
	us = calloc(nin, sizeof *us);
	unit_dims = calloc(ndims + 1, sizeof *unit_dims);
	if (us == NULL || unit_dims == NULL)
		goto out;
	for (i = 0; i < nin; i++) {
		info = ts_store_input_info_c(st, i);
		memcpy(us[i].mask, info->layout.units, sizeof us[i].mask);
		memcpy(us[i].from, info->layout.unit_from, sizeof us[i].from);
		for (c = 0; c < TS_NCOUNTS; c++)
			any |= us[i].mask[c];
	}
	for (d = 0; d < ndims; d++)
		if (is_unit_header(ts_store_dim_name(st, d)))
			unit_dims[ndd++] = d;
	/* A unit column's value is the unit of every count of its row. */
	for (i = 0; i < n && ndd; i++) {
		if (!ts_passes_counts_input(st, ts_store_input(st, i)))
			continue;
		for (d = 0; d < ndd; d++) {
			if ((id = ts_store_dim_id(st, i, unit_dims[d])) == 0)
				continue;
			if (id != last_id) {
				const char *s = ts_store_string(st, id);

				last_id = id;
				last_unit = ts_unit_of(s, strlen(s));
			}
			if (last_unit == TS_UNIT_NONE)
				continue;
			for (c = 0; c < TS_NCOUNTS; c++) {
				v = ts_store_get_count_raw(st, i, (enum ts_count)c);
				if (v == TS_MISSING)
					continue;
				any = 1;
				ts_unit_note(&us[ts_store_input(st, i)].mask[c],
				    us[ts_store_input(st, i)].from[c], last_unit,
				    ts_store_string(st, id), strlen(ts_store_string(st, id)));
			}
		}
	}
	rc = 0;
	if (!any)
		goto out;
	/* The first input that gives each count a unit, for the pooling. */
	memset(&all, 0, sizeof all);
	for (c = 0; c < TS_NCOUNTS; c++) {
		first[c] = UINT32_MAX;
		for (i = 0; i < nin && first[c] == UINT32_MAX; i++)
			if (only_unit(us[i].mask[c]) != TS_UNIT_NONE) {
				first[c] = (uint32_t)i;
				all.mask[c] = us[i].mask[c];
				memcpy(all.from[c], us[i].from[c], sizeof all.from[c]);
			}
	}
	/* Said at the header's line, or where a headerless input (JSON)
	 * begins. */
	for (i = 0, left = nin; i < n && left > 0; i++) {
		uint32_t in = ts_store_input(st, i);
		if (us[in].line == 0 && (us[in].line = ts_store_line(st, i)) != 0)
			left--;
	}
	for (i = 0; i < nin && rc == 0; i++) {
		info = ts_store_input_info_c(st, i);
		rc = check_input(st, (uint32_t)i, info->layout.header_line > 0 ?
		    info->layout.header_line : (long)us[i].line, &us[i], &all, first,
		    diags);
	}
out:
	free(us);
	free(unit_dims);
	return rc;
}
