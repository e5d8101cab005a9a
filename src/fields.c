/* fields.c — header aliases, header folding and count cells. */
#include <string.h>

#include "ts_fields.h"

static const char *const field_names[TS_NFIELDS] = {
	"", "year", "month", "date", "period", "jurisdiction", "agency",
	"exploitation", "investigations", "prosecutions", "convictions",
	"acquittals", "victims", "case_id", "outcome", "closed", "source",
};

/* Aliases as people write them; matched after folding. */
struct alias {
	enum ts_field field;
	const char *name;
};

static const struct alias aliases[] = {
	{ TS_F_YEAR, "year" }, { TS_F_YEAR, "año" }, { TS_F_YEAR, "anio" },
	{ TS_F_YEAR, "année" }, { TS_F_YEAR, "ano" },
	{ TS_F_MONTH, "month" }, { TS_F_MONTH, "mes" }, { TS_F_MONTH, "mois" },
	{ TS_F_DATE, "date" }, { TS_F_DATE, "fecha" }, { TS_F_DATE, "data" },
	{ TS_F_DATE, "opened" }, { TS_F_DATE, "fecha de inicio" },
	{ TS_F_DATE, "date d'ouverture" },
	{ TS_F_PERIOD, "period" }, { TS_F_PERIOD, "periodo" },
	{ TS_F_PERIOD, "période" }, { TS_F_PERIOD, "período" },
	{ TS_F_JURISDICTION, "jurisdiction" }, { TS_F_JURISDICTION, "state" },
	{ TS_F_JURISDICTION, "country" }, { TS_F_JURISDICTION, "region" },
	{ TS_F_JURISDICTION, "entidad" }, { TS_F_JURISDICTION, "entidad federativa" },
	{ TS_F_JURISDICTION, "estado" }, { TS_F_JURISDICTION, "país" },
	{ TS_F_JURISDICTION, "juridiction" }, { TS_F_JURISDICTION, "pays" },
	{ TS_F_JURISDICTION, "région" }, { TS_F_JURISDICTION, "jurisdição" },
	{ TS_F_JURISDICTION, "unidade federativa" },
	{ TS_F_AGENCY, "agency" }, { TS_F_AGENCY, "dependencia" },
	{ TS_F_AGENCY, "institución" }, { TS_F_AGENCY, "fiscalía" },
	{ TS_F_AGENCY, "agence" }, { TS_F_AGENCY, "organisme" },
	{ TS_F_AGENCY, "órgão" }, { TS_F_AGENCY, "agência" },
	{ TS_F_EXPLOITATION, "exploitation" }, { TS_F_EXPLOITATION, "explotación" },
	{ TS_F_EXPLOITATION, "tipo de explotación" }, { TS_F_EXPLOITATION, "exploração" },
	{ TS_F_EXPLOITATION, "form of exploitation" },
	{ TS_F_INVESTIGATIONS, "investigations" }, { TS_F_INVESTIGATIONS, "cases" },
	{ TS_F_INVESTIGATIONS, "averiguaciones previas" },
	{ TS_F_INVESTIGATIONS, "carpetas de investigación" },
	{ TS_F_INVESTIGATIONS, "investigaciones" }, { TS_F_INVESTIGATIONS, "enquêtes" },
	{ TS_F_INVESTIGATIONS, "inquéritos" }, { TS_F_INVESTIGATIONS, "investigações" },
	{ TS_F_PROSECUTIONS, "prosecutions" }, { TS_F_PROSECUTIONS, "consignaciones" },
	{ TS_F_PROSECUTIONS, "procesados" }, { TS_F_PROSECUTIONS, "poursuites" },
	{ TS_F_PROSECUTIONS, "processos" }, { TS_F_PROSECUTIONS, "denúncias" },
	{ TS_F_CONVICTIONS, "convictions" }, { TS_F_CONVICTIONS, "sentencias condenatorias" },
	{ TS_F_CONVICTIONS, "condenas" }, { TS_F_CONVICTIONS, "condamnations" },
	{ TS_F_CONVICTIONS, "condenações" },
	{ TS_F_ACQUITTALS, "acquittals" }, { TS_F_ACQUITTALS, "sentencias absolutorias" },
	{ TS_F_ACQUITTALS, "absoluciones" }, { TS_F_ACQUITTALS, "acquittements" },
	{ TS_F_ACQUITTALS, "absolvições" },
	{ TS_F_VICTIMS, "victims" }, { TS_F_VICTIMS, "víctimas" },
	{ TS_F_VICTIMS, "victimes" }, { TS_F_VICTIMS, "vítimas" },
	{ TS_F_CASE_ID, "case_id" }, { TS_F_CASE_ID, "case" }, { TS_F_CASE_ID, "id" },
	{ TS_F_CASE_ID, "expediente" }, { TS_F_CASE_ID, "folio" },
	{ TS_F_CASE_ID, "dossier" }, { TS_F_CASE_ID, "processo" },
	{ TS_F_OUTCOME, "outcome" }, { TS_F_OUTCOME, "status" },
	{ TS_F_OUTCOME, "resultado" }, { TS_F_OUTCOME, "estatus" },
	{ TS_F_OUTCOME, "situación" }, { TS_F_OUTCOME, "résultat" },
	{ TS_F_OUTCOME, "issue" }, { TS_F_OUTCOME, "situação" },
	{ TS_F_CLOSED, "closed" }, { TS_F_CLOSED, "fecha de cierre" },
	{ TS_F_CLOSED, "fecha de sentencia" }, { TS_F_CLOSED, "date de clôture" },
	{ TS_F_CLOSED, "data de encerramento" },
	{ TS_F_SOURCE, "source" }, { TS_F_SOURCE, "fuente" },
	{ TS_F_SOURCE, "edition" }, { TS_F_SOURCE, "edición" },
	{ TS_F_SOURCE, "report" }, { TS_F_SOURCE, "fonte" },
};

const char *
ts_field_name(enum ts_field f)
{
	return (unsigned)f < TS_NFIELDS ? field_names[f] : "";
}

enum ts_field
ts_field_by_name(const char *name)
{
	int f;

	for (f = 1; f < TS_NFIELDS; f++)
		if (strcmp(field_names[f], name) == 0)
			return (enum ts_field)f;
	return TS_F_NONE;
}

/* The unaccented lower-case ASCII letter for a two-byte UTF-8 Latin-1
 * letter (C3 80..C3 BF), or 0. */
static char
fold_latin1(unsigned char second)
{
	/* Index = second - 0x80; covers À..ÿ. */
	static const char map[64] =
	    "aaaaaaaceeeeiiii" "dnooooo\0ouuuuyts"
	    "aaaaaaaceeeeiiii" "dnooooo\0ouuuuyty";

	return map[second - 0x80];
}

size_t
ts_fields_fold(const char *s, size_t len, char *out, size_t size)
{
	size_t i, o = 0;
	unsigned char c;
	char f;

	for (i = 0; i < len && o + 1 < size; i++) {
		c = (unsigned char)s[i];
		if (c == ' ' || c == '-' || c == '_' || c == '.' || c == '\t')
			continue;
		if (c == 0xC3 && i + 1 < len &&
		    (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0xBF) {
			f = fold_latin1((unsigned char)s[i + 1]);
			i++;
			if (f) {
				out[o++] = f;
				continue;
			}
			c = '?';
		} else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
			i++;    /* no-break space */
			continue;
		}
		out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
	}
	if (size)
		out[o] = '\0';
	return o;
}

#define NALIASES (sizeof aliases / sizeof aliases[0])

enum ts_field
ts_fields_match(const char *header, size_t len)
{
	/* The aliases folded once: folding them for every header made a
	 * header of 200,000 columns take seconds. */
	static char folded[NALIASES][64];
	static int ready;
	char want[128];
	size_t i, wl;

	if (!ready) {
		for (i = 0; i < NALIASES; i++)
			ts_fields_fold(aliases[i].name, strlen(aliases[i].name),
			    folded[i], sizeof folded[i]);
		ready = 1;
	}
	if (len == 0)
		return TS_F_NONE;
	wl = ts_fields_fold(header, len, want, sizeof want);
	if (wl + 1 >= sizeof want)
		return TS_F_NONE;    /* longer than any alias */
	for (i = 0; i < NALIASES; i++)
		if (strcmp(want, folded[i]) == 0)
			return aliases[i].field;
	return TS_F_NONE;
}

const char *
ts_fields_alias(enum ts_field f, size_t i)
{
	size_t k;

	for (k = 0; k < sizeof aliases / sizeof aliases[0]; k++)
		if (aliases[k].field == f && i-- == 0)
			return aliases[k].name;
	return NULL;
}

/* True when s[0..len) equals one of the missing-value markers. */
static int
is_missing(const char *s, size_t len)
{
	static const char *const marks[] = {
		"na", "n/a", "nd", "n/d", "s.d.", "sd", "-", "\xe2\x80\x94",
		"\xe2\x80\x93", "..", "null", "nan",
	};
	char low[8];
	size_t i;

	if (len == 0)
		return 1;
	if (len >= sizeof low)
		return 0;
	for (i = 0; i < len; i++)
		low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	low[len] = '\0';
	for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (strcmp(low, marks[i]) == 0)
			return 1;
	return 0;
}

/* Length of a thousands separator at s, or 0. */
static size_t
separator_at(const char *s, size_t left)
{
	if (left >= 1 && (s[0] == ',' || s[0] == '.' || s[0] == ' ' || s[0] == '\''))
		return 1;
	if (left >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	if (left >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0xAF)
		return 3;
	return 0;
}

enum ts_count_parse
ts_parse_count(const char *s, size_t len, int64_t *out)
{
	size_t i = 0, group = 0, seplen, first_sep = 0;
	const char *sep = NULL;
	uint64_t v = 0;
	int too_big = 0;

	while (len && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (is_missing(s, len))
		return TS_COUNT_MISSING;
	if (s[0] == '+')
		return TS_COUNT_BAD;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c >= '0' && c <= '9') {
			if (v > (uint64_t)INT64_MAX / 10 ||
			    v * 10 + (c - '0') > (uint64_t)INT64_MAX)
				too_big = 1;
			else
				v = v * 10 + (c - '0');
			group++;
			i++;
			continue;
		}
		seplen = separator_at(s + i, len - i);
		if (seplen == 0 || group == 0)
			return TS_COUNT_BAD;
		if (sep == NULL) {
			/* The first group may have 1 to 3 digits. */
			if (group > 3)
				return TS_COUNT_BAD;
			sep = s + i;
			first_sep = seplen;
		} else if (seplen != first_sep || memcmp(sep, s + i, seplen) != 0 ||
		    group != 3) {
			return TS_COUNT_BAD;
		}
		group = 0;
		i += seplen;
	}
	if (group == 0 || (sep != NULL && group != 3))
		return TS_COUNT_BAD;
	if (too_big)
		return TS_COUNT_TOO_BIG;
	*out = (int64_t)v;
	return TS_COUNT_OK;
}
