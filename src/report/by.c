/* by.c — resolving a --by name against the store: a period, a canonical
 * field by any alias, or a header as written. */
#include <stdlib.h>
#include <string.h>

#include "ts_cell.h"
#include "ts_fields.h"
#include "ts_i18n.h"
#include "ts_report.h"

/* The dimension a --by name means: a canonical field by any of its aliases
 * ("Entidad" is jurisdiction), a header as written, or a header that folds
 * to the same letters ("Tipo de trata" for "tipo_de_trata"). */
static int
find_dim(const struct ts_store *st, const char *name)
{
	char a[128], b[128];
	enum ts_field f = ts_fields_match(name, strlen(name));
	size_t d, la;
	int dim;

	if (f != TS_F_NONE && (dim = ts_store_find_dim(st, ts_field_name(f))) >= 0)
		return dim;
	if ((dim = ts_store_find_dim(st, name)) >= 0)
		return dim;
	la = ts_fields_fold(name, strlen(name), a, sizeof a);
	for (d = 0; la > 0 && d < ts_store_ndims(st); d++) {
		const char *dn = ts_store_dim_name(st, d);
		if (ts_fields_fold(dn, strlen(dn), b, sizeof b) == la && memcmp(a, b, la) == 0)
			return (int)d;
	}
	return -1;
}

int
ts_report_resolve_by(const struct ts_store *st, const char *name,
    struct ts_by *out, struct ts_error *err)
{
	static const struct { const char *name; enum ts_precision prec; } periods[] = {
		{ "year", TS_PREC_YEAR }, { "quarter", TS_PREC_QUARTER },
		{ "month", TS_PREC_MONTH }, { "date", TS_PREC_DAY },
		{ "period", TS_PREC_NONE },
	};
	size_t i;
	int dim;
	enum ts_field f;
	char list[256];
	size_t o;

	memset(out, 0, sizeof *out);
	if (strlen(name) >= sizeof out->name)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("--by: field name too long"));
	/* A period field by any alias ("Año" is year) groups by that period. */
	f = ts_fields_match(name, strlen(name));
	if (f == TS_F_YEAR || f == TS_F_MONTH || f == TS_F_DATE || f == TS_F_PERIOD)
		name = ts_field_name(f);
	strcpy(out->name, name);
	for (i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		if (strcmp(name, periods[i].name) == 0) {
			out->kind = TS_BY_PERIOD;
			out->prec = periods[i].prec;
			return TS_OK;
		}
	}
	dim = find_dim(st, name);
	if (dim < 0) {
		o = (size_t)snprintf(list, sizeof list, "%s", "year, quarter, month, date, period");
		for (i = 0; i < ts_store_ndims(st) && o < sizeof list; i++) {
			/* Header names come from the data: no raw controls. */
			char *clean = ts_cell_clean(ts_store_dim_name(st, i), 0);
			o += (size_t)snprintf(list + o, sizeof list - o, ", %s",
			    clean ? clean : "?");
			free(clean);
		}
		return ts_error_set(err, TS_EUSAGE, NULL, 0, 0,
		    N_("--by: no field or column named '%s' in the input (there are: %s)"),
		    name, list);
	}
	out->kind = TS_BY_DIM;
	out->dim = dim;
	/* Keys are named as the store names the dimension: "jurisdiction"
	 * whatever alias was typed, a header as written otherwise. */
	snprintf(out->name, sizeof out->name, "%s", ts_store_dim_name(st, (size_t)dim));
	return TS_OK;
}
