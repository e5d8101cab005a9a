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
	{ TS_F_YEAR, "année" }, { TS_F_YEAR, "ano" }, { TS_F_YEAR, "data_year" },
	{ TS_F_YEAR, "reference year" }, { TS_F_YEAR, "año de registro" },
	{ TS_F_YEAR, "ejercicio" }, { TS_F_YEAR, "exercice" },
	{ TS_F_MONTH, "month" }, { TS_F_MONTH, "mes" }, { TS_F_MONTH, "mois" },
	{ TS_F_DATE, "date" }, { TS_F_DATE, "fecha" }, { TS_F_DATE, "data" },
	{ TS_F_DATE, "opened" }, { TS_F_DATE, "fecha de inicio" },
	{ TS_F_DATE, "date d'ouverture" }, { TS_F_DATE, "date opened" },
	{ TS_F_DATE, "fecha de apertura" }, { TS_F_DATE, "data de abertura" },
	{ TS_F_PERIOD, "period" }, { TS_F_PERIOD, "periodo" },
	{ TS_F_PERIOD, "période" }, { TS_F_PERIOD, "período" },
	{ TS_F_PERIOD, "fiscal year" }, { TS_F_PERIOD, "año fiscal" },
	{ TS_F_PERIOD, "exercice budgétaire" }, { TS_F_PERIOD, "ano fiscal" },
	{ TS_F_PERIOD, "time_period" },
	{ TS_F_JURISDICTION, "jurisdiction" }, { TS_F_JURISDICTION, "state" },
	{ TS_F_JURISDICTION, "country" }, { TS_F_JURISDICTION, "region" },
	{ TS_F_JURISDICTION, "entidad" }, { TS_F_JURISDICTION, "entidad federativa" },
	{ TS_F_JURISDICTION, "estado" }, { TS_F_JURISDICTION, "país" },
	{ TS_F_JURISDICTION, "juridiction" }, { TS_F_JURISDICTION, "pays" },
	{ TS_F_JURISDICTION, "région" }, { TS_F_JURISDICTION, "jurisdição" },
	{ TS_F_JURISDICTION, "unidade federativa" }, { TS_F_JURISDICTION, "state_name" },
	{ TS_F_JURISDICTION, "state name" }, { TS_F_JURISDICTION, "district" },
	{ TS_F_JURISDICTION, "geo" }, { TS_F_JURISDICTION, "country/territory" },
	{ TS_F_JURISDICTION, "entidad de registro" }, { TS_F_JURISDICTION, "uf" },
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
	{ TS_F_INVESTIGATIONS, "persons suspected" },
	{ TS_F_INVESTIGATIONS, "persons brought into formal contact" },
	{ TS_F_INVESTIGATIONS, "suspects investigated" },
	{ TS_F_INVESTIGATIONS, "suspects in matters investigated" },
	{ TS_F_INVESTIGATIONS, "personas sospechosas" },
	{ TS_F_INVESTIGATIONS, "personnes soupçonnées" },
	{ TS_F_INVESTIGATIONS, "pessoas suspeitas" },
	{ TS_F_PROSECUTIONS, "prosecutions" }, { TS_F_PROSECUTIONS, "consignaciones" },
	{ TS_F_PROSECUTIONS, "procesados" }, { TS_F_PROSECUTIONS, "poursuites" },
	{ TS_F_PROSECUTIONS, "processos" }, { TS_F_PROSECUTIONS, "denúncias" },
	{ TS_F_PROSECUTIONS, "persons prosecuted" },
	{ TS_F_PROSECUTIONS, "suspects prosecuted" },
	{ TS_F_PROSECUTIONS, "defendants charged" },
	{ TS_F_PROSECUTIONS, "enjuiciamientos" },
	{ TS_F_PROSECUTIONS, "vinculaciones a proceso" },
	{ TS_F_PROSECUTIONS, "personas procesadas" },
	{ TS_F_PROSECUTIONS, "personnes poursuivies" },
	{ TS_F_PROSECUTIONS, "pessoas processadas" },
	{ TS_F_CONVICTIONS, "convictions" }, { TS_F_CONVICTIONS, "sentencias condenatorias" },
	{ TS_F_CONVICTIONS, "condenas" }, { TS_F_CONVICTIONS, "condamnations" },
	{ TS_F_CONVICTIONS, "condenações" },
	{ TS_F_CONVICTIONS, "persons convicted" },
	{ TS_F_CONVICTIONS, "defendants convicted" },
	{ TS_F_CONVICTIONS, "personas condenadas" },
	{ TS_F_CONVICTIONS, "sentenciados" },
	{ TS_F_CONVICTIONS, "personnes condamnées" },
	{ TS_F_CONVICTIONS, "pessoas condenadas" },
	{ TS_F_ACQUITTALS, "acquittals" }, { TS_F_ACQUITTALS, "sentencias absolutorias" },
	{ TS_F_ACQUITTALS, "absoluciones" }, { TS_F_ACQUITTALS, "acquittements" },
	{ TS_F_ACQUITTALS, "absolvições" },
	{ TS_F_VICTIMS, "victims" }, { TS_F_VICTIMS, "víctimas" },
	{ TS_F_VICTIMS, "victimes" }, { TS_F_VICTIMS, "vítimas" },
	{ TS_F_VICTIMS, "victims identified" }, { TS_F_VICTIMS, "víctimas identificadas" },
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

/* The next folded byte of s[0..len) from *i (advancing *i), or -1 at the
 * end: the folding rules of ts_fields_fold() one byte at a time, so that a
 * comparison can stop at the first difference. */
static int
fold_next(const char *s, size_t len, size_t *i)
{
	unsigned char c;
	char f;

	while (*i < len) {
		c = (unsigned char)s[(*i)++];
		/* A header cell with a line break matches as with a space. */
		if (c == ' ' || c == '-' || c == '_' || c == '.' || c == '\t' ||
		    c == '\n' || c == '\r')
			continue;
		if (c == 0xC3 && *i < len &&
		    (unsigned char)s[*i] >= 0x80 && (unsigned char)s[*i] <= 0xBF) {
			f = fold_latin1((unsigned char)s[(*i)++]);
			return f ? f : '?';
		}
		if (c == 0xC2 && *i < len && (unsigned char)s[*i] == 0xA0) {
			(*i)++;         /* no-break space */
			continue;
		}
		return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
	}
	return -1;
}

size_t
ts_fields_fold(const char *s, size_t len, char *out, size_t size)
{
	size_t i = 0, o = 0;
	int c;

	while (o + 1 < size && (c = fold_next(s, len, &i)) >= 0)
		out[o++] = (char)c;
	if (size)
		out[o] = '\0';
	return o;
}

/* ts_fields_fold_label() of any bytes: folded, then the punctuation
 * dropped. */
static size_t
fold_label_any(const char *s, size_t len, char *out, size_t size)
{
	size_t fl = ts_fields_fold(s, len, out, size), i, o = 0;
	unsigned char c;

	for (i = 0; i < fl; i++) {
		c = (unsigned char)out[i];
		if (c < 0x80 && c > ' ' && !(c >= '0' && c <= '9') &&
		    !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z'))
			continue;       /* ASCII punctuation */
		out[o++] = out[i];
	}
	if (size)
		out[o] = '\0';
	return o;
}

/* One pass for ASCII, which most labels are (a million court file
 * numbers are folded one by one); any other byte, or a NUL, starts again
 * on fold_label_any().  The limit counts what ts_fields_fold() would have
 * written, punctuation included, so a short buffer is cut where it would
 * have been. */
size_t
ts_fields_fold_label(const char *s, size_t len, char *out, size_t size)
{
	size_t i, f = 0, o = 0;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x80 || c == 0)
			return fold_label_any(s, len, out, size);
		if (c == ' ' || c == '-' || c == '_' || c == '.' || c == '\t' ||
		    c == '\n' || c == '\r')
			continue;       /* as fold_next() drops them */
		if (f + 1 >= size)
			break;
		f++;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + ('a' - 'A'));
		else if (c > ' ' && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z'))
			continue;       /* ASCII punctuation */
		out[o++] = (char)c;
	}
	if (size)
		out[o] = '\0';
	return o;
}

int
ts_fields_same(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;
	int ca, cb;

	do {
		ca = fold_next(a, alen, &i);
		cb = fold_next(b, blen, &j);
		if (ca != cb)
			return 0;
	} while (ca >= 0);
	return 1;
}

enum ts_field
ts_fields_match(const char *header, size_t len)
{
	size_t i;

	if (len == 0 || len > 256)
		return TS_F_NONE;    /* longer than any alias could be */
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (ts_fields_same(header, len, aliases[i].name, strlen(aliases[i].name)))
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

/* --- Outcome words (case lists) -------------------------------------- */

static const char *const outcome_names[TS_NOUTCOMES] = {
	"", "open", "charged", "convicted", "acquitted", "dismissed",
};

/* Words as people write them; matched after folding (case, accents,
 * spaces, hyphens, underscores, dots). */
static const struct outcome_word {
	enum ts_outcome outcome;
	const char *word;
} outcome_words[] = {
	{ TS_OUTCOME_OPEN, "open" }, { TS_OUTCOME_OPEN, "pending" },
	{ TS_OUTCOME_OPEN, "under investigation" }, { TS_OUTCOME_OPEN, "abierto" },
	{ TS_OUTCOME_OPEN, "abierta" }, { TS_OUTCOME_OPEN, "en investigación" },
	{ TS_OUTCOME_OPEN, "en trámite" }, { TS_OUTCOME_OPEN, "en curso" },
	{ TS_OUTCOME_OPEN, "en cours" }, { TS_OUTCOME_OPEN, "ouvert" },
	{ TS_OUTCOME_OPEN, "em andamento" }, { TS_OUTCOME_OPEN, "aberto" },
	{ TS_OUTCOME_CHARGED, "charged" }, { TS_OUTCOME_CHARGED, "prosecuted" },
	{ TS_OUTCOME_CHARGED, "indicted" }, { TS_OUTCOME_CHARGED, "consignado" },
	{ TS_OUTCOME_CHARGED, "consignada" }, { TS_OUTCOME_CHARGED, "procesado" },
	{ TS_OUTCOME_CHARGED, "procesada" }, { TS_OUTCOME_CHARGED, "vinculado a proceso" },
	{ TS_OUTCOME_CHARGED, "vinculada a proceso" }, { TS_OUTCOME_CHARGED, "acusado" },
	{ TS_OUTCOME_CHARGED, "poursuivi" }, { TS_OUTCOME_CHARGED, "poursuivie" },
	{ TS_OUTCOME_CHARGED, "denunciado" },
	{ TS_OUTCOME_CONVICTED, "convicted" }, { TS_OUTCOME_CONVICTED, "condenado" },
	{ TS_OUTCOME_CONVICTED, "condenada" },
	{ TS_OUTCOME_CONVICTED, "sentencia condenatoria" },
	{ TS_OUTCOME_CONVICTED, "condamné" }, { TS_OUTCOME_CONVICTED, "condamnée" },
	{ TS_OUTCOME_ACQUITTED, "acquitted" }, { TS_OUTCOME_ACQUITTED, "absuelto" },
	{ TS_OUTCOME_ACQUITTED, "absuelta" },
	{ TS_OUTCOME_ACQUITTED, "sentencia absolutoria" },
	{ TS_OUTCOME_ACQUITTED, "acquitté" }, { TS_OUTCOME_ACQUITTED, "acquittée" },
	{ TS_OUTCOME_ACQUITTED, "absolvido" },
	{ TS_OUTCOME_DISMISSED, "dismissed" }, { TS_OUTCOME_DISMISSED, "closed without charge" },
	{ TS_OUTCOME_DISMISSED, "archivado" }, { TS_OUTCOME_DISMISSED, "archivada" },
	{ TS_OUTCOME_DISMISSED, "no ejercicio de la acción penal" },
	{ TS_OUTCOME_DISMISSED, "classé sans suite" }, { TS_OUTCOME_DISMISSED, "arquivado" },
};

const char *
ts_outcome_name(enum ts_outcome o)
{
	return (unsigned)o < TS_NOUTCOMES ? outcome_names[o] : "";
}

int
ts_outcome_prosecuted(enum ts_outcome o)
{
	return o == TS_OUTCOME_CHARGED || o == TS_OUTCOME_CONVICTED ||
	    o == TS_OUTCOME_ACQUITTED;
}

enum ts_outcome
ts_fields_outcome(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 256)
		return TS_OUTCOME_NONE;
	for (i = 0; i < sizeof outcome_words / sizeof outcome_words[0]; i++)
		if (ts_fields_same(s, len, outcome_words[i].word, strlen(outcome_words[i].word)))
			return outcome_words[i].outcome;
	return TS_OUTCOME_NONE;
}

const char *
ts_fields_outcome_word(enum ts_outcome o, size_t i)
{
	size_t k;

	for (k = 0; k < sizeof outcome_words / sizeof outcome_words[0]; k++)
		if (outcome_words[k].outcome == o && i-- == 0)
			return outcome_words[k].word;
	return NULL;
}

/* --- Counts ---------------------------------------------------------- */

/* True when s[0..len) equals one of the missing-value markers. */
static int
is_missing(const char *s, size_t len)
{
	static const char *const marks[] = {
		"na", "n/a", "n.a.", "nd", "n/d", "n.d.", "s.d.", "sd", "s/d",
		"-", "--", "\xe2\x80\x94", "\xe2\x80\x93", "..", "...", "null",
		"nan", "sin dato", "sin datos",
	};
	char low[12];
	size_t i;

	if (len == 0)
		return 1;
	/* No marker starts with a digit: the common case costs one test. */
	if (len >= sizeof low || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	/* Every marker starts with n, s, '-', '.' or the dash's 0xE2: a label
	 * ("CF-0000013", "Sonora") is turned away before any comparison. */
	switch (s[0]) {
	case 'n': case 'N': case 's': case 'S': case '-': case '.': case '\xe2':
		break;
	default:
		return 0;
	}
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

	if (ts_parse_count_plain(s, len, out))
		return TS_COUNT_OK;
	for (;;) {
		if (len && (s[0] == ' ' || s[0] == '\t')) {
			s++;
			len--;
		} else if (len >= 2 && (unsigned char)s[0] == 0xC2 &&
		    (unsigned char)s[1] == 0xA0) {
			s += 2;         /* a no-break space, as spreadsheets pad */
			len -= 2;
		} else if (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
			len--;
		} else if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 &&
		    (unsigned char)s[len - 1] == 0xA0) {
			len -= 2;
		} else {
			break;
		}
	}
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
