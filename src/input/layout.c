/* layout.c — long and wide tables into records (layout_impl.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_recmap.h"
#include "ts_units.h"
#include "layout_impl.h"

/* --- Vocabulary --------------------------------------------------------
 * Headers and values are compared folded (ts_fields_fold: case, accents,
 * spaces, hyphens, underscores and dots), like the field aliases; the
 * words below are written folded ("lastupdate" is "LAST UPDATE"). */

#define FOLD 128

struct word {
	const char *text;
	enum ts_field field;
};

/* Values of a measure column, by publication: UNODC GLOTIP indicators,
 * Eurostat leg_stat codes, their Spanish, French and Portuguese kin.  A
 * value matches a word it equals, or one of the longer phrases it starts
 * with ("Persons brought into formal contact with the police ..."). */
static const struct word measure_words[] = {
	{ "personsbroughtintoformalcontact", TS_F_INVESTIGATIONS },
	{ "personssuspected", TS_F_INVESTIGATIONS },
	{ "personsinvestigated", TS_F_INVESTIGATIONS },
	{ "suspects", TS_F_INVESTIGATIONS },
	{ "suspected", TS_F_INVESTIGATIONS },
	{ "persusp", TS_F_INVESTIGATIONS },
	{ "personassospechosas", TS_F_INVESTIGATIONS },
	{ "personasinvestigadas", TS_F_INVESTIGATIONS },
	{ "personasencontactoformal", TS_F_INVESTIGATIONS },
	{ "personnessoupconnees", TS_F_INVESTIGATIONS },
	{ "personnesmisesencause", TS_F_INVESTIGATIONS },
	{ "pessoassuspeitas", TS_F_INVESTIGATIONS },
	{ "personsprosecuted", TS_F_PROSECUTIONS },
	{ "prosecuted", TS_F_PROSECUTIONS },
	{ "perprsc", TS_F_PROSECUTIONS },
	{ "personasprocesadas", TS_F_PROSECUTIONS },
	{ "personasenjuiciadas", TS_F_PROSECUTIONS },
	{ "personnespoursuivies", TS_F_PROSECUTIONS },
	{ "pessoasprocessadas", TS_F_PROSECUTIONS },
	{ "personsconvicted", TS_F_CONVICTIONS },
	{ "convicted", TS_F_CONVICTIONS },
	{ "percnv", TS_F_CONVICTIONS },
	{ "personascondenadas", TS_F_CONVICTIONS },
	{ "personnescondamnees", TS_F_CONVICTIONS },
	{ "pessoascondenadas", TS_F_CONVICTIONS },
	{ "personsacquitted", TS_F_ACQUITTALS },
	{ "personasabsueltas", TS_F_ACQUITTALS },
	{ "personnesacquittees", TS_F_ACQUITTALS },
	{ "detectedtraffickingvictims", TS_F_VICTIMS },
	{ "detectedvictims", TS_F_VICTIMS },
	{ "registeredvictims", TS_F_VICTIMS },
	{ "victimasdetectadas", TS_F_VICTIMS },
	{ "victimasidentificadas", TS_F_VICTIMS },
	{ "victimesdetectees", TS_F_VICTIMS },
	{ "victimesidentifiees", TS_F_VICTIMS },
	{ "vitimasidentificadas", TS_F_VICTIMS },
	{ "vict", TS_F_VICTIMS },
};

/* Headers of the columns a layout reads itself. */
static const char *const measure_headers[] = {
	"indicator", "indicatorname", "indicador", "indicateur", "legstat",
	"measure", "medida", "mesure", "variable", "statistic",
	"estadistica", "series", "serie",
};
static const char *const value_headers[] = {
	"value", "obsvalue", "txtvalue", "valor", "valeur", "observationvalue",
	"cifra", "dato", "donnee",
};
static const char *const flag_headers[] = {
	"obsflag", "flag", "flags", "observationflag", "obsstatus",
	"flagcodes",
};
/* Columns of an export's own bookkeeping: not part of a record's key. */
static const char *const ignored_headers[] = {
	"lastupdate", "dataflow", "structure", "structureid",
	"structurename", "action", "confstatus", "unitmult", "decimals",
	"obscomment",
};
/* Breakdown columns: their other rows split a total row. */
static const char *const breakdown_headers[] = {
	"sex", "sexo", "sexe", "gender", "genero", "genre", "age", "edad",
	"agegroup", "grupodeedad", "idade", "faixaetaria", "category",
	"categoria", "categorie", "dimension",
};
/* The breakdown column that only says which breakdown a row is of
 * (UNODC's Dimension: "Total", "by sex", ...): with a breakdown chosen,
 * its rows may say anything. */
static const char dimension_header[] = "dimension";
/* Values that mean "all of them" in a breakdown column. */
static const char *const total_values[] = {
	"total", "t", "totals", "totales", "totalgeneral", "all",
	"allages", "bothsexes", "ambossexos", "todos", "todas",
	"todaslasedades", "ensemble", "tous", "toutes", "tousages",
	"lesdeuxsexes",
};
/* Month names as headers, 1 to 12 (folded). */
static const char *const month_names[][12] = {
	{ "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	  "agosto", "septiembre", "octubre", "noviembre", "diciembre" },
	{ "january", "february", "march", "april", "may", "june", "july",
	  "august", "september", "october", "november", "december" },
	{ "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet",
	  "aout", "septembre", "octobre", "novembre", "decembre" },
	{ "janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho",
	  "agosto", "setembro", "outubro", "novembro", "dezembro" },
	{ "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep",
	  "oct", "nov", "dic" },
	{ "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
	  "oct", "nov", "dec" },
	{ "janv", "fevr", "mars", "avr", "mai", "juin", "juil", "aout",
	  "sept", "oct", "nov", "dec" },
	{ "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set",
	  "out", "nov", "dez" },
};

static size_t
fold(const char *s, size_t len, char *out)
{
	return ts_fields_fold(s, len, out, FOLD);
}

/* 1 when the folded f[0..n) is one of words[0..count). */
static int
in_list(const char *f, size_t n, const char *const *words, size_t count)
{
	size_t k;

	for (k = 0; k < count; k++)
		if (strlen(words[k]) == n && memcmp(words[k], f, n) == 0)
			return 1;
	return 0;
}

#define IN_LIST(f, n, words) in_list(f, n, words, sizeof words / sizeof words[0])

/* The month a header names (1..12), or 0. */
static int
month_header(const char *f, size_t n)
{
	size_t a, k;

	for (a = 0; a < sizeof month_names / sizeof month_names[0]; a++)
		for (k = 0; k < 12; k++)
			if (strlen(month_names[a][k]) == n && memcmp(month_names[a][k], f, n) == 0)
				return (int)k + 1;
	return 0;
}

/* Drops the blanks around a header. */
static void
trim_blanks(const char **name, size_t *len)
{
	while (*len && ((*name)[*len - 1] == ' ' || (*name)[*len - 1] == '\t'))
		(*len)--;
	while (*len && ((*name)[0] == ' ' || (*name)[0] == '\t')) {
		(*name)++;
		(*len)--;
	}
}

/* 1 when a header (name, folded f[0..n)) is a period of a wide table:
 * a month name (*p holds its number in lo), or a period such as 2014,
 * 2014-03 or FY2016 (not a single day). */
static int
period_header(const char *name, size_t len, const char *f, size_t n, struct ts_period *p)
{
	int month;

	if ((month = month_header(f, n)) != 0) {
		memset(p, 0, sizeof *p);
		p->lo = month;
		return 1;
	}
	if (len && name[0] >= '0' && name[0] <= '9' &&
	    ts_period_parse(name, len, 0, p) == 0 && p->precision != TS_PREC_DAY)
		return 1;
	return len >= 3 && (name[0] == 'F' || name[0] == 'f') &&
	    ts_period_parse(name, len, 0, p) == 0;      /* FY2016 */
}

/* --- The layout ------------------------------------------------------ */

/* A breakdown column: its dimension and a memo of which of its values
 * are total words. */
#define MEMO_IDS 16
struct breakdown {
	int dim;
	int chosen;             /* named in --by */
	int is_dimension;       /* UNODC's Dimension column */
	int seen_total;         /* some row had a total word here */
	uint64_t left_out;      /* rows left out for a value here */
	uint32_t memo_id[MEMO_IDS];
	uint8_t memo_total[MEMO_IDS];
	unsigned memo_next;
	char name[64];
};

/* A sub-column of a packed Eurostat key. */
struct packed_part {
	int dim;                /* -1 for the measure */
};

#define MAX_BREAKDOWNS 8
#define MAX_PACKED 16
#define CELL_TEXT 256

/* A key already seen: the hash of its period and dimensions, and its
 * record. */
struct entry {
	uint64_t hash;
	size_t rec;             /* SIZE_MAX: empty */
};

struct ts_layout {
	struct ts_store *st;
	uint32_t input;
	struct ts_input_info *info;
	const struct ts_load_options *opt;
	struct ts_diags *diags;

	/* Columns, by index. */
	uint8_t *roles;
	uint32_t *name_ids;             /* interned in the store */
	struct ts_period *periods;      /* TS_ROLE_PERIOD: its period, or a
	                                   month (precision NONE, lo 1..12) */
	size_t ncols, cap;
	long first_period, last_period;
	size_t nperiods;
	int month_headers;              /* some period header is a month name */
	int kind;                       /* enum ts_layout_kind */

	long measure_col;               /* a column of role MEASURE, or -1 */
	long value_col, flag_col, packed_col;
	enum ts_field file_field;       /* the measure of every value */
	int measure_dim;                /* a measure column found by its
	                                   values, kept as a dimension */
	struct breakdown bd[MAX_BREAKDOWNS];
	size_t nbd;
	struct packed_part packed[MAX_PACKED];
	size_t npacked;
	int packed_measure;             /* the measure's sub-column, or -1 */

	/* The row being read. */
	char measure_text[CELL_TEXT];
	size_t measure_len;
	int has_measure;
	char value_text[CELL_TEXT];
	size_t value_len;
	int has_value, value_long;
	int flag_set;
	char packed_text[CELL_TEXT * 2];
	size_t packed_len;
	int packed_long;
	int64_t *values;                /* wide: by column, TS_MISSING unset */
	char bad[CELL_TEXT];            /* the first wide cell that is no count */
	size_t bad_len;
	long bad_col;

	/* The measures met, resolved once each. */
	struct seen {
		char text[64];
		size_t len;
		enum ts_field field;
	} seen[32];
	size_t nseen;
	size_t nwarned;

	struct entry *table;
	size_t nslots, nentries;
	int finished;
	int ready;                      /* decided without an error */
	long header_line;
};

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
	free(l->table);
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

/* The count field a name gives ("convictions", an alias), or NONE. */
static enum ts_field
count_field(const char *s, size_t len)
{
	enum ts_field f = ts_fields_match(s, len);
	char name[32];

	if (f == TS_F_NONE && len < sizeof name) {
		memcpy(name, s, len);
		name[len] = '\0';
		f = ts_field_by_name(name);
	}
	return f >= TS_F_INVESTIGATIONS && f <= TS_F_VICTIMS ? f : TS_F_NONE;
}

/* The field a measure value names: --measure-word first, then the
 * built-in words, then the field aliases ("Condenas"). */
static enum ts_field
measure_field(const struct ts_layout *l, const char *s, size_t len)
{
	const struct ts_layout_options *o = &l->opt->layout;
	char f[FOLD], w[FOLD];
	size_t n = fold(s, len, f), k, wn;

	for (k = 0; k < o->nwords; k++)
		if (fold(o->words[k].word, o->words[k].len, w) == n &&
		    memcmp(w, f, n) == 0)
			return o->words[k].field;
	for (k = 0; k < sizeof measure_words / sizeof measure_words[0]; k++) {
		wn = strlen(measure_words[k].text);
		if (wn == n ? memcmp(measure_words[k].text, f, n) == 0 :
		    wn >= 12 && wn < n && memcmp(measure_words[k].text, f, wn) == 0)
			return measure_words[k].field;
	}
	return count_field(s, len);
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
	trim_blanks(&name, &len);
	n = fold(name, len, f);
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
	else if (!o->value && IN_LIST(f, n, value_headers))
		role = TS_ROLE_VALUE;
	else if (!mo && IN_LIST(f, n, measure_headers))
		role = TS_ROLE_MEASURE;
	else if (IN_LIST(f, n, flag_headers))
		role = TS_ROLE_FLAG;
	else if (IN_LIST(f, n, ignored_headers))
		role = TS_ROLE_IGNORED;
	else if (IN_LIST(f, n, total_values))
		role = TS_ROLE_ROW_TOTAL;
	else if (period_header(name, len, f, n, &p)) {
		role = TS_ROLE_PERIOD;
		l->periods[index] = p;
	}
	if (role == TS_ROLE_PERIOD)
		ts_period_fiscal_start(&l->periods[index], o->fiscal_start);
	l->roles[index] = (uint8_t)role;
	return role;
}

int
ts_layout_header_word(const char *name, size_t len)
{
	char f[FOLD];
	size_t n;
	struct ts_period p;

	trim_blanks(&name, &len);
	n = fold(name, len, f);
	if (IN_LIST(f, n, value_headers))
		return TS_ROLE_VALUE;
	if (IN_LIST(f, n, measure_headers))
		return TS_ROLE_MEASURE;
	if (memchr(name, '\\', len) && memchr(name, ',', len))
		return TS_ROLE_PACKED;
	if (period_header(name, len, f, n, &p))
		return TS_ROLE_PERIOD;
	return TS_ROLE_NONE;
}

enum ts_layout_role
ts_layout_role(const struct ts_layout *l, size_t i)
{
	return l && i < l->ncols ? (enum ts_layout_role)l->roles[i] : TS_ROLE_NONE;
}

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

/* Keys of earlier inputs read as long or wide tables join the index, so
 * that a wide convictions table fills in the records of a wide
 * investigations table of the same entities. */
static int index_earlier(struct ts_layout *l);

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
		if (IN_LIST(f, fold(part, n, f), measure_headers)) {
			l->packed_measure = (int)l->npacked;
			l->packed[l->npacked++].dim = -1;
		} else {
			enum ts_field fd = ts_fields_match(part, n);
			dim = ts_store_dim(l->st, fd >= TS_F_JURISDICTION &&
			    fd <= TS_F_EXPLOITATION ? ts_field_name(fd) : part);
			if (dim < 0)
				return -1;
			l->packed[l->npacked++].dim = dim;
			if (IN_LIST(f, fold(part, n, f), breakdown_headers))
				add_breakdown(l, part, dim);
		}
		p = comma ? comma + 1 : end;
	}
	return 0;
}

/* The name of column i as declared. */
static const char *
col_name(const struct ts_layout *l, size_t i)
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
		l->file_field = count_field(mo, strlen(mo));
		if (l->file_field == TS_F_NONE && (has_count || has_outcome)) {
			mo = NULL;      /* a --measure for other inputs */
		} else if (l->file_field == TS_F_NONE) {
			ts_error_set(err, TS_EUSAGE, path, line, 0,
			    "--measure %.80s: no such column in this header, and no "
			    "count field ('tracestat fields' lists them)", mo);
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
		    "--layout %s: this header has count or outcome columns of its "
		    "own; a %s table has none", kind == TS_LAYOUT_LONG ? "long" : "wide",
		    kind == TS_LAYOUT_LONG ? "long" : "wide");
		return -1;
	}
	if (kind == TS_LAYOUT_LONG && l->value_col < 0) {
		ts_error_set(err, TS_EIO, path, line, 0,
		    "a long table needs a value column (Value, OBS_VALUE, txtVALUE, "
		    "Valor, Valeur): none in this header; give --value COLUMN");
		return -1;
	}
	if (kind == TS_LAYOUT_WIDE && l->nperiods == 0) {
		ts_error_set(err, TS_EIO, path, line, 0,
		    "--layout wide: no column of this header is a period "
		    "(2012, 2012-03, 2012-Q1, FY2012, 2016/17, Enero, January...)");
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
	    col_name(l, (size_t)l->packed_col)) != 0)
		goto oom;
	/* The breakdown columns among the plain ones. */
	for (i = 0; i < l->ncols; i++) {
		const char *name;
		char f[FOLD];

		if (l->roles[i] != TS_ROLE_NONE)
			continue;
		name = col_name(l, i);
		if (name && IN_LIST(f, fold(name, strlen(name), f), breakdown_headers))
			add_breakdown(l, name, plain_dim(l, name));
	}
	if (l->measure_col < 0 && l->packed_measure < 0 && l->file_field == TS_F_NONE) {
		if (kind == TS_LAYOUT_WIDE) {
			ts_error_set(err, TS_EIO, path, line, 0,
			    "a wide table (periods as columns: '%.20s' .. '%.20s') needs "
			    "its measure: give --measure FIELD (or --measure FILE=FIELD "
			    "for this input alone), or a measure column such as leg_stat",
			    col_name(l, (size_t)l->first_period),
			    col_name(l, (size_t)l->last_period));
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
			    "columns '%.20s' and '%.20s': month names and periods as "
			    "headers of one table", col_name(l, (size_t)l->first_period), col_name(l, i));
			return -1;
		}
	}
	/* What the report and check say. */
	li->kind = (uint8_t)kind;
	if (l->measure_col >= 0)
		snprintf(li->measure, sizeof li->measure, "%s",
		    col_name(l, (size_t)l->measure_col));
	else if (l->packed_measure >= 0)
		snprintf(li->measure, sizeof li->measure, "leg_stat");
	if (l->file_field != TS_F_NONE)
		snprintf(li->field, sizeof li->field, "%s", ts_field_name(l->file_field));
	if (kind == TS_LAYOUT_LONG)
		snprintf(li->value, sizeof li->value, "%s",
		    col_name(l, (size_t)l->value_col));
	else
		snprintf(li->value, sizeof li->value, "%.30s..%.30s",
		    col_name(l, (size_t)l->first_period),
		    col_name(l, (size_t)l->last_period));
	breakdown_names(l, 0, li->breakdowns, sizeof li->breakdowns);
	breakdown_names(l, 1, li->by, sizeof li->by);
	if (l->packed_measure >= 0) {
		/* The measure's own name in the packed header. */
		const char *h = col_name(l, (size_t)l->packed_col);
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
	if (index_earlier(l) != 0)
		goto oom;
	return kind;
oom:
	ts_error_set(err, TS_EIO, path, line, 0, "out of memory");
	return -1;
}

/* --- Cells ------------------------------------------------------------ */

void
ts_layout_begin(struct ts_layout *l)
{
	size_t i;

	l->has_measure = l->has_value = l->value_long = 0;
	l->flag_set = 0;
	l->packed_len = 0;
	l->packed_long = 0;
	l->bad_col = -1;
	if (l->values)
		for (i = (size_t)l->first_period; i <= (size_t)l->last_period; i++)
			l->values[i] = TS_MISSING;
}

/* Keeps s[0..len) trimmed in buf (size CELL_TEXT); *cut when it was
 * longer. */
static size_t
keep(char *buf, size_t size, const char *s, size_t len, int *cut)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (len && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		len--;
	}
	*cut = len > size;
	if (len > size)
		len = size;
	memcpy(buf, s, len);
	return len;
}

/* A value cell: a count, or a count with Eurostat's flags ("12 p",
 * ": c" for a missing one, "5e"). */
static enum ts_count_parse
parse_value(const char *s, size_t len, int64_t *v, int *flagged)
{
	enum ts_count_parse r;
	size_t n;

	*flagged = 0;
	if (ts_parse_count_plain(s, len, v))
		return TS_COUNT_OK;
	r = ts_parse_count(s, len, v);
	if (r != TS_COUNT_BAD)
		return r;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (len && s[0] == ' ') {
		s++;
		len--;
	}
	/* Flags: up to three of Eurostat's letters after the figure. */
	for (n = len; n > 0 && len - n < 3 && strchr("bcdefnprsuz", s[n - 1]) &&
	    s[n - 1] != '\0'; n--)
		;
	if (n == len || n == 0)
		return len && s[0] == ':' ? TS_COUNT_MISSING : TS_COUNT_BAD;
	*flagged = 1;
	while (n && s[n - 1] == ' ')
		n--;
	if (n == 1 && s[0] == ':')
		return TS_COUNT_MISSING;
	return ts_parse_count(s, n, v) == TS_COUNT_OK ? TS_COUNT_OK : TS_COUNT_BAD;
}

void
ts_layout_cell(struct ts_layout *l, size_t column, const char *s, size_t len)
{
	int cut, flagged;
	int64_t v;
	enum ts_count_parse r;

	if (column >= l->ncols)
		return;
	switch (l->roles[column]) {
	case TS_ROLE_MEASURE:
		if (column == (size_t)l->measure_col) {
			l->measure_len = keep(l->measure_text, sizeof l->measure_text,
			    s, len, &cut);
			l->has_measure = 1;
		}
		break;
	case TS_ROLE_VALUE:
		if (column == (size_t)l->value_col) {
			l->value_len = keep(l->value_text, sizeof l->value_text, s, len,
			    &l->value_long);
			l->has_value = 1;
		}
		break;
	case TS_ROLE_FLAG:
		if (column == (size_t)l->flag_col) {
			char flag[8];

			l->flag_set = keep(flag, sizeof flag, s, len, &cut) > 0;
		}
		break;
	case TS_ROLE_PACKED:
		if (column == (size_t)l->packed_col)
			l->packed_len = keep(l->packed_text, sizeof l->packed_text, s,
			    len, &l->packed_long);
		break;
	case TS_ROLE_PERIOD:
		if (l->values == NULL)
			break;
		r = parse_value(s, len, &v, &flagged);
		if (r == TS_COUNT_OK) {
			l->values[column] = v;
			l->info->layout.flagged += (unsigned)flagged;
		} else if (r != TS_COUNT_MISSING && l->bad_col < 0) {
			l->bad_col = (long)column;
			l->bad_len = keep(l->bad, sizeof l->bad, s, len, &cut);
		}
		break;
	default:
		break;
	}
}

/* --- Keys and records -------------------------------------------------- */

/* A period as the store keeps it (store.c's period table). */
static struct ts_period
stored_period(const struct ts_period *in)
{
	struct ts_period p = *in;

	if (p.precision == TS_PREC_NONE)
		p.lo = p.hi = 0;
	if (p.precision != TS_PREC_RANGE && p.precision != TS_PREC_FISCAL)
		p.range_prec = 0;
	return p;
}

/* The hash of a key's period, as the store keeps it. */
static uint64_t
period_hash(const struct ts_period *in)
{
	struct ts_period p = stored_period(in);
	uint64_t h = ts_recmap_mix(0x243f6a8885a308d3ULL, (uint64_t)(uint32_t)p.lo << 32 |
	    (uint32_t)p.hi);

	return ts_recmap_mix(h, (uint64_t)p.precision << 8 | p.range_prec);
}

/* The hash of a key: its period and its dimensions that are given (so
 * that a dimension added later, empty in earlier records, changes no
 * hash). */
static uint64_t
key_hash(const struct ts_period *p, const uint32_t *dims, size_t nd)
{
	uint64_t h = period_hash(p);
	size_t d;

	for (d = 0; d < nd; d++)
		if (dims[d])
			h = ts_recmap_mix(h, (uint64_t)d << 32 | dims[d]);
	return h ^ h >> 29;
}

/* The hash of record i's key, as key_hash(). */
static uint64_t
record_hash(const struct ts_store *st, size_t i)
{
	struct ts_period p = ts_store_period(st, i);
	uint64_t h = period_hash(&p);
	size_t d, nd = ts_store_ndims(st);
	uint32_t id;

	for (d = 0; d < nd; d++)
		if ((id = ts_store_dim_id(st, i, d)) != 0)
			h = ts_recmap_mix(h, (uint64_t)d << 32 | id);
	return h ^ h >> 29;
}

static int
same_key(const struct ts_store *st, size_t i, const struct ts_period *in,
    const uint32_t *dims, size_t nd)
{
	struct ts_period q = ts_store_period(st, i), pp = stored_period(in), *p = &pp;
	size_t d, all = ts_store_ndims(st);

	if (q.lo != p->lo || q.hi != p->hi || q.precision != p->precision ||
	    q.range_prec != p->range_prec)
		return 0;
	for (d = 0; d < all; d++)
		if (ts_store_dim_id(st, i, d) != (d < nd ? dims[d] : 0))
			return 0;
	return 1;
}

/* Adds record rec with hash h to the index; keeps it under half full. */
static int
index_add(struct ts_layout *l, uint64_t h, size_t rec)
{
	size_t j, k, n;
	struct entry *t;

	if ((l->nentries + 1) * 2 > l->nslots) {
		n = l->nslots ? l->nslots * 2 : 1024;
		if (n > SIZE_MAX / sizeof *t || (t = malloc(n * sizeof *t)) == NULL)
			return -1;
		for (k = 0; k < n; k++)
			t[k].rec = SIZE_MAX;
		for (k = 0; k < l->nslots; k++) {
			if (l->table[k].rec == SIZE_MAX)
				continue;
			for (j = (size_t)l->table[k].hash & (n - 1); t[j].rec != SIZE_MAX;
			    j = (j + 1) & (n - 1))
				;
			t[j] = l->table[k];
		}
		free(l->table);
		l->table = t;
		l->nslots = n;
	}
	for (j = (size_t)h & (l->nslots - 1); l->table[j].rec != SIZE_MAX;
	    j = (j + 1) & (l->nslots - 1))
		;
	l->table[j].hash = h;
	l->table[j].rec = rec;
	l->nentries++;
	return 0;
}

static int
index_earlier(struct ts_layout *l)
{
	size_t i, n = ts_store_count(l->st);
	const struct ts_input_info *in;

	for (i = 0; i < n; i++) {
		in = ts_store_input_info_c(l->st, ts_store_input(l->st, i));
		if (in == NULL || in->layout.kind == TS_LAYOUT_PLAIN ||
		    ts_store_input(l->st, i) == l->input)
			continue;
		if (index_add(l, record_hash(l->st, i), i) != 0)
			return -1;
	}
	return 0;
}

/* Warns when the record's counts, now combined, disagree as one row's
 * would (rowmap.c's check of a row). */
static int
check_combined(struct ts_layout *l, size_t rec, long line)
{
	int64_t inv = ts_store_get_count_raw(l->st, rec, TS_INVESTIGATIONS);
	int64_t c[2] = {
		ts_store_get_count_raw(l->st, rec, TS_CONVICTIONS),
		ts_store_get_count_raw(l->st, rec, TS_PROSECUTIONS),
	};
	static const char *const what[2] = { "convictions", "prosecutions" };
	int k;

	if (inv == TS_MISSING)
		return 0;
	for (k = 0; k < 2; k++)
		if (c[k] != TS_MISSING && c[k] > inv &&
		    ts_diags_add(l->diags, TS_DIAG_WARNING, l->input, line,
		    "%s (%lld) exceed investigations (%lld) in the record of line %lu",
		    what[k], (long long)c[k], (long long)inv,
		    (unsigned long)ts_store_line(l->st, rec)) != 0)
			return -1;
	return 0;
}

/* Adds count c = v of the key (row's period and dims) to its record, or
 * a new record.  Returns 0, 1 with msg set when this input gave that
 * count of that key before with another value, or -1 when out of
 * memory. */
/* The figures of a wide row that a record of its key already had: said
 * once for the row, not once a column. */
struct repeats {
	size_t same, differ;
	uint32_t line;          /* the record's first line */
};

static int
put(struct ts_layout *l, struct ts_row *row, const uint32_t *dims,
    enum ts_count c, int64_t v, struct repeats *rep, char *msg, size_t size)
{
	size_t nd = ts_store_ndims(l->st), j, rec, other = SIZE_MAX;
	uint64_t h = key_hash(&row->period, dims, nd);
	int64_t old;
	int k;

	for (j = l->nslots ? (size_t)h & (l->nslots - 1) : 0;
	    l->nslots && l->table[j].rec != SIZE_MAX; j = (j + 1) & (l->nslots - 1)) {
		if (l->table[j].hash != h ||
		    !same_key(l->st, l->table[j].rec, &row->period, dims, nd))
			continue;
		rec = l->table[j].rec;
		old = ts_store_get_count_raw(l->st, rec, c);
		if (ts_store_input(l->st, rec) == l->input) {
			if (old == TS_MISSING)
				goto fill;
			if (rep) {
				/* A wide row: the first figure is kept. */
				rep->same += old == v;
				rep->differ += old != v;
				rep->line = ts_store_line(l->st, rec);
				return 0;
			}
			if (old == v) {
				/* The same figure twice: said once, counted once. */
				return ts_diags_add(l->diags, TS_DIAG_WARNING, l->input,
				    (long)row->line, "%s %lld repeats the figure of the record "
				    "of line %lu; counted once", ts_count_name(c), (long long)v,
				    (unsigned long)ts_store_line(l->st, rec)) != 0 ? -1 : 0;
			}
			snprintf(msg, size, "%s %lld for a key whose record (line %lu) "
			    "has %s %lld already", ts_count_name(c), (long long)v,
			    (unsigned long)ts_store_line(l->st, rec), ts_count_name(c),
			    (long long)old);
			return 1;
		}
		if (old == TS_MISSING && other == SIZE_MAX)
			other = rec;
	}
	if (other != SIZE_MAX) {
		rec = other;
		l->info->layout.joined++;
		goto fill;
	}
	for (k = 0; k < TS_NCOUNTS; k++)
		row->counts[k] = TS_MISSING;
	row->counts[c] = v;
	row->dims = dims;
	if (ts_store_add(l->st, row) != 0 ||
	    index_add(l, h, ts_store_count(l->st) - 1) != 0)
		return -1;
	l->info->layout.records++;
	return 0;
fill:
	if (ts_store_set_count(l->st, rec, c, v) != 0)
		return -1;
	return check_combined(l, rec, (long)row->line);
}

/* 1 when breakdown b's value id is a total word. */
static int
is_total(struct ts_layout *l, struct breakdown *b, uint32_t id)
{
	const char *s;
	char f[FOLD];
	unsigned k;
	int t;

	if (id == 0)
		return 1;       /* not given: all of them */
	for (k = 0; k < MEMO_IDS; k++)
		if (b->memo_id[k] == id && (b->memo_total[k] & 2))
			return b->memo_total[k] & 1;
	s = ts_store_string(l->st, id);
	t = IN_LIST(f, fold(s, strlen(s), f), total_values);
	k = b->memo_next++ % MEMO_IDS;
	b->memo_id[k] = id;
	b->memo_total[k] = (uint8_t)(2 | t);
	return t;
}

/* 1 when the row is one the report uses: every breakdown at its total,
 * except the chosen ones, which must not be (their total row is the sum
 * of theirs). */
static int
row_used(struct ts_layout *l, const uint32_t *dims, size_t nd)
{
	size_t k;
	int any_chosen = l->info->layout.by[0] != '\0', t;
	struct breakdown *b;

	for (k = 0; k < l->nbd; k++) {
		b = &l->bd[k];
		if ((size_t)b->dim >= nd)
			continue;
		t = is_total(l, b, dims[b->dim]);
		b->seen_total |= t;
		if (b->chosen ? t : !t && !(any_chosen && b->is_dimension)) {
			b->left_out++;
			return 0;
		}
	}
	return 1;
}

/* 1 when s[0..len) can be shown in a shell's single quotes as it is. */
static int
plain_text(const char *s, size_t len)
{
	size_t i;

	if (len > 60)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == '\'' || s[i] == 0x7f)
			return 0;
	return 1;
}

/* The field a measure text names, resolved once per distinct text;
 * warns at its first row when it names none. */
static int
resolve_measure(struct ts_layout *l, const char *s, size_t len, long line,
    enum ts_field *out)
{
	size_t k;
	enum ts_field f;
	char q[96];

	for (k = 0; k < l->nseen; k++)
		if (l->seen[k].len == len && memcmp(l->seen[k].text, s, len) == 0) {
			*out = l->seen[k].field;
			return 0;
		}
	f = measure_field(l, s, len);
	if (f >= TS_F_INVESTIGATIONS && f <= TS_F_VICTIMS)
		ts_unit_note(&l->info->layout.units[f - TS_F_INVESTIGATIONS],
		    l->info->layout.unit_from[f - TS_F_INVESTIGATIONS],
		    ts_unit_of(s, len), s, len);
	if (len <= sizeof l->seen[0].text && l->nseen < sizeof l->seen / sizeof l->seen[0]) {
		memcpy(l->seen[l->nseen].text, s, len);
		l->seen[l->nseen].len = len;
		l->seen[l->nseen++].field = f;
	}
	*out = f;
	if (f == TS_F_NONE && l->nwarned < 32) {
		l->nwarned++;
		ts_quote(s, len, q, sizeof q);
		if (ts_diags_add(l->diags, TS_DIAG_WARNING, l->input, line,
		    "measure %s names no field: its rows are left out (--measure-word "
		    "'%.*s=FIELD' reads them)", q, plain_text(s, len) ? (int)len : 4,
		    plain_text(s, len) ? s : "WORD") != 0)
			return -1;
	}
	return 0;
}

/* Splits the packed key text into its dimensions; the measure's part
 * into *ms, *mlen.  Returns 0, 1 with msg set when the parts do not match
 * the header, or -1 when out of memory. */
static int
unpack(struct ts_layout *l, uint32_t *dims, size_t nd, const char **ms,
    size_t *mlen, char *msg, size_t size)
{
	const char *p = l->packed_text, *end = p + l->packed_len, *comma;
	size_t k, n;
	uint32_t id;

	for (k = 0; k < l->npacked; k++) {
		comma = memchr(p, ',', (size_t)(end - p));
		n = comma ? (size_t)(comma - p) : (size_t)(end - p);
		if ((comma == NULL) != (k + 1 == l->npacked) || l->packed_long) {
			snprintf(msg, size, "column 1: %zu parts separated by commas "
			    "expected, as in its header", l->npacked);
			return 1;
		}
		if (l->packed[k].dim < 0) {
			*ms = p;
			*mlen = n;
		} else if ((size_t)l->packed[k].dim < nd) {
			id = ts_store_intern_text(l->st, p, n);
			if (id == TS_NO_ID)
				return -1;
			if (id == TS_HAS_NUL) {
				snprintf(msg, size, "column 1 has a NUL byte");
				return 1;
			}
			dims[l->packed[k].dim] = id;
		}
		p = comma ? comma + 1 : end;
	}
	return 0;
}

static int
end_long(struct ts_layout *l, struct ts_row *row, uint32_t *dims, size_t nd,
    const char *ms, size_t mlen, char *msg, size_t size)
{
	enum ts_field f = l->file_field;
	enum ts_count_parse r;
	int64_t v;
	int flagged;
	char q[96];

	if (ms && resolve_measure(l, ms, mlen, (long)row->line, &f) != 0)
		return -1;
	if (f == TS_F_NONE) {
		l->info->layout.unknown++;
		return 0;
	}
	if (!l->has_value)
		return 0;
	r = l->value_long ? TS_COUNT_BAD :
	    parse_value(l->value_text, l->value_len, &v, &flagged);
	if (r == TS_COUNT_MISSING)
		return 0;
	if (r != TS_COUNT_OK) {
		ts_quote(l->value_text, l->value_len, q, sizeof q);
		snprintf(msg, size, "field '%s' (column '%.40s'): %s is %s",
		    ts_field_name(f), col_name(l, (size_t)l->value_col), q,
		    r == TS_COUNT_TOO_BIG ? "too large for a count" : "not a count");
		return 1;
	}
	l->info->layout.flagged += (unsigned)(flagged || l->flag_set);
	(void)nd;
	return put(l, row, dims, (enum ts_count)(f - TS_F_INVESTIGATIONS), v, NULL,
	    msg, size);
}

static int
end_wide(struct ts_layout *l, struct ts_row *row, uint32_t *dims, size_t nd,
    const char *ms, size_t mlen, char *msg, size_t size)
{
	enum ts_field f = l->file_field;
	struct ts_period year = row->period, p;
	struct repeats rep = { 0, 0, 0 };
	size_t i;
	int rc, y, mo, d;
	char q[96];

	(void)nd;
	if (l->bad_col >= 0) {
		ts_quote(l->bad, l->bad_len, q, sizeof q);
		snprintf(msg, size, "column '%.40s': %s is not a count",
		    col_name(l, (size_t)l->bad_col), q);
		return 1;
	}
	if (ms && resolve_measure(l, ms, mlen, (long)row->line, &f) != 0)
		return -1;
	if (f == TS_F_NONE) {
		l->info->layout.unknown++;
		return 0;
	}
	if (l->month_headers && year.precision != TS_PREC_YEAR) {
		snprintf(msg, size, "month columns ('%.20s'...) need the row's year; "
		    "it gives %s", col_name(l, (size_t)l->first_period),
		    year.precision == TS_PREC_NONE ? "none" : "a period that is not a year");
		return 1;
	}
	for (i = (size_t)l->first_period; i <= (size_t)l->last_period; i++) {
		if (l->roles[i] != TS_ROLE_PERIOD || l->values[i] == TS_MISSING)
			continue;
		p = l->periods[i];
		if (p.precision == TS_PREC_NONE) {
			ts_civil_from_days(year.lo, &y, &mo, &d);
			mo = (int)l->periods[i].lo;
			p.precision = TS_PREC_MONTH;
			p.range_prec = TS_PREC_NONE;
			p.lo = ts_days_from_civil(y, mo, 1);
			p.hi = (mo == 12 ? ts_days_from_civil(y + 1, 1, 1) :
			    ts_days_from_civil(y, mo + 1, 1)) - 1;
		}
		row->period = p;
		rc = put(l, row, dims, (enum ts_count)(f - TS_F_INVESTIGATIONS),
		    l->values[i], &rep, msg, size);
		if (rc != 0) {
			row->period = year;
			return rc;
		}
	}
	row->period = year;
	if ((rep.same || rep.differ) && ts_diags_add(l->diags, TS_DIAG_WARNING,
	    l->input, (long)row->line, "the row repeats the key of the record of "
	    "line %lu: %zu figure%s the same (counted once), %zu different (the "
	    "first kept)", (unsigned long)rep.line, rep.same, rep.same == 1 ? "" : "s",
	    rep.differ) != 0)
		return -1;
	return 0;
}

int
ts_layout_end(struct ts_layout *l, struct ts_row *row, uint32_t *dims,
    char *msg, size_t size)
{
	size_t nd = ts_store_ndims(l->st), k;
	const char *ms = NULL, *s;
	size_t mlen = 0;
	enum ts_field f;
	int rc;

	if (l->packed_col >= 0 && (rc = unpack(l, dims, nd, &ms, &mlen, msg, size)) != 0)
		return rc;
	if (l->measure_col >= 0) {
		ms = l->has_measure ? l->measure_text : "";
		mlen = l->has_measure ? l->measure_len : 0;
	}
	if (l->measure_dim == -2) {
		/* The first row: the first text column whose value is a
		 * measure becomes the measure column. */
		for (k = 0; k < nd && l->measure_dim == -2; k++) {
			s = ts_store_string(l->st, dims[k]);
			if (dims[k] && (f = measure_field(l, s, strlen(s))) != TS_F_NONE &&
			    ts_fields_match(ts_store_dim_name(l->st, k),
			    strlen(ts_store_dim_name(l->st, k))) == TS_F_NONE) {
				l->measure_dim = (int)k;
				snprintf(l->info->layout.measure, sizeof l->info->layout.measure,
				    "%s", ts_store_dim_name(l->st, k));
			}
		}
		if (l->measure_dim == -2) {
			snprintf(msg, size, "a long table needs a measure column: no "
			    "column of this row names a count (give --measure COLUMN, or "
			    "--measure-word WORD=FIELD)");
			return 1;
		}
	}
	if (l->measure_dim >= 0 && (size_t)l->measure_dim < nd) {
		s = ts_store_string(l->st, dims[l->measure_dim]);
		ms = s;
		mlen = strlen(s);
		dims[l->measure_dim] = 0;
	}
	if (!row_used(l, dims, nd)) {
		l->info->layout.set_aside++;
		return 0;
	}
	return l->kind == TS_LAYOUT_LONG ? end_long(l, row, dims, nd, ms, mlen, msg, size) :
	    end_wide(l, row, dims, nd, ms, mlen, msg, size);
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
		    "column '%s' breaks the figures down but has no total row: its "
		    "%llu row%s were left out; --by %s counts them", b->name,
		    (unsigned long long)b->left_out, b->left_out == 1 ? "" : "s",
		    b->name) != 0)
			return -1;
	}
	ts_input_layout_describe(l->info, text, sizeof text);
	return ts_diags_add(l->diags, TS_DIAG_NOTE, l->input, l->header_line,
	    "read as a %s", text) != 0 ? -1 : 0;
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
