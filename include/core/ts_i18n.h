/* ts_i18n.h — translated text (GNU gettext) and the text report's numbers
 * in the reader's language (docs/i18n.md).
 *
 * _(s) is s in the language of LC_MESSAGES/LANGUAGE, or s itself when no
 * catalogue has it (English is the fallback, always).  N_(s) marks a
 * string for xgettext where it cannot be translated yet (a table
 * initialiser): the code that prints it calls _() on it.
 *
 * Only the text report's numbers follow the language (ts_i18n_number);
 * LC_NUMERIC stays "C", so strtod() and every JSON, CSV and TSV figure
 * keep their '.'.
 */
#ifndef TS_I18N_H
#define TS_I18N_H

#include <stddef.h>
#include <libintl.h>

#define TS_TEXTDOMAIN "tracestat"
#define _(s) gettext(s)
#define N_(s) s

/* The catalogue folder main() was built with (PREFIX/share/locale);
 * $TRACESTAT_LOCALEDIR, when set, wins. */
void ts_i18n_set_dir(const char *dir);

/* Sets LC_ALL to "C", then LC_MESSAGES from the environment, binds the
 * catalogue and picks the number style.  Call once, before any thread. */
void ts_i18n_init(void);

/* Rewrites the number (or percentage) in buf, written in the C locale,
 * for the report's language: "8.30%" is "8,30 %" in French (a no-break
 * space before '%').  Unchanged in English or without a catalogue. */
void ts_i18n_number(char *buf, size_t size);

#endif
