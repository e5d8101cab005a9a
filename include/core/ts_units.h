/* ts_units.h — the unit a count is counted in (persons, cases ...).
 *
 * Published tables count different things under one name: "Persons
 * prosecuted" (UNODC), "Carpetas de investigación" (cases), "Sentencias
 * condenatorias" (sentences).  A rate that divides one by another is not a
 * share; the report says so (docs/input.md, "Units").  The unit is read
 * from a count's header, a long table's measure name, or a unit column's
 * value. */
#ifndef TS_UNITS_H
#define TS_UNITS_H

#include <stddef.h>

enum ts_unit {
	TS_UNIT_NONE = 0,       /* the text names no unit */
	TS_UNIT_PERSONS,
	TS_UNIT_CASES,
	TS_UNIT_DEFENDANTS,
	TS_UNIT_SENTENCES,
	TS_NUNITS
};

/* How much of the text that names a unit is kept, with its NUL. */
#define TS_UNIT_TEXT 48

/* The unit s[0..len) names: the first unit word in it ("Cases of persons
 * convicted" is cases, "Persons in cases" persons), or TS_UNIT_NONE. */
enum ts_unit ts_unit_of(const char *s, size_t len);

/* "persons", "cases", "defendants", "sentences", or "". */
const char *ts_unit_name(enum ts_unit u);

/* Adds unit u, read from text[0..len), to the set *mask (bit 1 << u),
 * keeping in from[u] the first text that named it.  TS_UNIT_NONE adds
 * nothing. */
void ts_unit_note(unsigned char *mask, char from[][TS_UNIT_TEXT],
    enum ts_unit u, const char *text, size_t len);

#endif
