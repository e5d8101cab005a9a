/* layout_words.c — the words of long and wide tables: the headers of
 * their columns, the values of a measure column, total words, periods
 * as headers (layout_parts_impl.h). */
#include <string.h>

#include "layout_parts_impl.h"

/* --- Vocabulary --------------------------------------------------------
 * Headers and values are compared folded (ts_fields_fold: case, accents,
 * spaces, hyphens, underscores and dots), like the field aliases; the
 * words below are written folded ("lastupdate" is "LAST UPDATE"). */


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

size_t
ts_layout_fold(const char *s, size_t len, char *out)
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
void
ts_layout_trim(const char **name, size_t *len)
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
int
ts_layout_period_header(const char *name, size_t len, const char *f, size_t n, struct ts_period *p)
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

int
ts_layout_in_list(enum ts_layout_list list, const char *f, size_t n)
{
	static const struct {
		const char *const *words;
		size_t count;
	} lists[] = {
		[TS_LIST_MEASURE] = { measure_headers, sizeof measure_headers / sizeof measure_headers[0] },
		[TS_LIST_VALUE] = { value_headers, sizeof value_headers / sizeof value_headers[0] },
		[TS_LIST_FLAG] = { flag_headers, sizeof flag_headers / sizeof flag_headers[0] },
		[TS_LIST_IGNORED] = { ignored_headers, sizeof ignored_headers / sizeof ignored_headers[0] },
		[TS_LIST_BREAKDOWN] = { breakdown_headers, sizeof breakdown_headers / sizeof breakdown_headers[0] },
		[TS_LIST_TOTAL] = { total_values, sizeof total_values / sizeof total_values[0] },
	};

	return in_list(f, n, lists[list].words, lists[list].count);
}

/* The count field a name gives ("convictions", an alias), or NONE. */
enum ts_field
ts_layout_count_field(const char *s, size_t len)
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
enum ts_field
ts_layout_measure_field(const struct ts_layout *l, const char *s, size_t len)
{
	const struct ts_layout_options *o = &l->opt->layout;
	char f[FOLD], w[FOLD];
	size_t n = ts_layout_fold(s, len, f), k, wn;

	for (k = 0; k < o->nwords; k++)
		if (ts_layout_fold(o->words[k].word, o->words[k].len, w) == n &&
		    memcmp(w, f, n) == 0)
			return o->words[k].field;
	for (k = 0; k < sizeof measure_words / sizeof measure_words[0]; k++) {
		wn = strlen(measure_words[k].text);
		if (wn == n ? memcmp(measure_words[k].text, f, n) == 0 :
		    wn >= 12 && wn < n && memcmp(measure_words[k].text, f, wn) == 0)
			return measure_words[k].field;
	}
	return ts_layout_count_field(s, len);
}

int
ts_layout_header_word(const char *name, size_t len)
{
	char f[FOLD];
	size_t n;
	struct ts_period p;

	ts_layout_trim(&name, &len);
	n = ts_layout_fold(name, len, f);
	if (IN_LIST(f, n, value_headers))
		return TS_ROLE_VALUE;
	if (IN_LIST(f, n, measure_headers))
		return TS_ROLE_MEASURE;
	if (memchr(name, '\\', len) && memchr(name, ',', len))
		return TS_ROLE_PACKED;
	if (ts_layout_period_header(name, len, f, n, &p))
		return TS_ROLE_PERIOD;
	return TS_ROLE_NONE;
}
