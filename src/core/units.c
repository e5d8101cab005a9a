/* units.c — the unit a count's header, measure name or unit cell names. */
#include <stdio.h>
#include <string.h>

#include "ts_fields.h"
#include "ts_units.h"

/* Folded stems (ts_fields_fold: lower case, no accents, no spaces); a
 * stem followed by one of "not" is not the unit ("sentenciadas" are
 * persons sentenced, not sentences). */
static const struct stem {
	const char *stem;
	const char *not;
	enum ts_unit unit;
} stems[] = {
	{ "person", NULL, TS_UNIT_PERSONS },    /* persons, personas, personnes */
	{ "pessoa", NULL, TS_UNIT_PERSONS },
	{ "people", NULL, TS_UNIT_PERSONS },
	{ "individu", NULL, TS_UNIT_PERSONS },
	{ "offender", NULL, TS_UNIT_PERSONS },
	{ "victim", NULL, TS_UNIT_PERSONS },
	{ "cases", NULL, TS_UNIT_CASES },
	{ "casos", NULL, TS_UNIT_CASES },
	{ "affaires", NULL, TS_UNIT_CASES },
	{ "carpetas", NULL, TS_UNIT_CASES },
	{ "averiguaciones", NULL, TS_UNIT_CASES },
	{ "expedientes", NULL, TS_UNIT_CASES },
	{ "causas", NULL, TS_UNIT_CASES },
	{ "dossiers", NULL, TS_UNIT_CASES },
	{ "processos", NULL, TS_UNIT_CASES },
	{ "defendant", NULL, TS_UNIT_DEFENDANTS },
	{ "imputad", NULL, TS_UNIT_DEFENDANTS },
	{ "acusad", NULL, TS_UNIT_DEFENDANTS },
	{ "prevenu", NULL, TS_UNIT_DEFENDANTS },
	{ "sentences", NULL, TS_UNIT_SENTENCES },
	{ "sentencia", "d", TS_UNIT_SENTENCES },
	{ "sentenca", "d", TS_UNIT_SENTENCES },
	{ "condenas", NULL, TS_UNIT_SENTENCES },
	{ "jugements", NULL, TS_UNIT_SENTENCES },
	{ "judgments", NULL, TS_UNIT_SENTENCES },
	{ "judgements", NULL, TS_UNIT_SENTENCES },
};

enum ts_unit
ts_unit_of(const char *s, size_t len)
{
	char f[128];
	size_t n = ts_fields_fold(s, len, f, sizeof f), k, at, best = SIZE_MAX;
	enum ts_unit u = TS_UNIT_NONE;
	const char *p;

	for (k = 0; k < sizeof stems / sizeof stems[0]; k++) {
		size_t sl = strlen(stems[k].stem);

		for (p = f; (p = strstr(p, stems[k].stem)) != NULL; p++) {
			at = (size_t)(p - f);
			if (stems[k].not && at + sl < n && strchr(stems[k].not, p[sl]))
				continue;
			if (at < best) {
				best = at;
				u = stems[k].unit;
			}
			break;
		}
	}
	return u;
}

const char *
ts_unit_name(enum ts_unit u)
{
	switch (u) {
	case TS_UNIT_PERSONS: return "persons";
	case TS_UNIT_CASES: return "cases";
	case TS_UNIT_DEFENDANTS: return "defendants";
	case TS_UNIT_SENTENCES: return "sentences";
	default: return "";
	}
}

void
ts_unit_note(unsigned char *mask, char from[][TS_UNIT_TEXT], enum ts_unit u,
    const char *text, size_t len)
{
	if (u <= TS_UNIT_NONE || u >= TS_NUNITS || (*mask & (1u << u)))
		return;
	*mask |= (unsigned char)(1u << u);
	if (len >= TS_UNIT_TEXT)
		len = TS_UNIT_TEXT - 1;
	memcpy(from[u], text, len);
	from[u][len] = '\0';
	/* A header broken over lines ("Carpetas de\ninvestigación") is
	 * quoted on one. */
	for (; len > 0; len--)
		if ((unsigned char)from[u][len - 1] < 0x20)
			from[u][len - 1] = ' ';
}
