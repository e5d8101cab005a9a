/* ts_cell.h — data values made safe and measurable for the writers.
 *
 * Every writer prints values that came from the input (jurisdiction names,
 * paths, sources).  ts_cell_clean() makes a copy in which nothing can act on
 * a terminal or reorder the text around it; ts_cell_width() says how many
 * terminal columns a string takes, so tables line up with accented, East
 * Asian and combining characters.  Pure functions: no I/O, no globals.
 */
#ifndef TS_CELL_H
#define TS_CELL_H

#include <stddef.h>

/* A copy of s with every character that could act on a terminal, make a
 * document ill-formed or reorder the text around it shown escaped, by the
 * one escaping policy (src/core/escape.c): C0 controls, DEL and bytes that
 * are not UTF-8 as \xHH (\x1b for ESC); C1 controls (U+0080..U+009F), the
 * bidirectional controls (U+061C, U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069), the line and paragraph separators and the
 * noncharacters U+FFFE and U+FFFF as \uHHHH.  Tab, CR and LF are escaped
 * too unless keep_space is set.  The result is malloc'd and owned by the
 * caller; NULL when out of memory. */
char *ts_cell_clean(const char *s, int keep_space);

/* Terminal columns taken by the UTF-8 string s: East Asian wide and
 * fullwidth characters count 2, combining marks and zero-width characters 0,
 * everything else 1 (a byte that is not UTF-8 counts 1). */
size_t ts_cell_width(const char *s);

/* Columns taken by one code point (0, 1 or 2); control characters 0. */
int ts_cell_wcwidth(unsigned long cp);

/* 1 when s is a number as a spreadsheet would read it: optional sign,
 * digits with at most one '.', optional exponent. */
int ts_cell_is_number(const char *s);

#endif
