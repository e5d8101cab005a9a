/* i18n.c — the message locale and the text report's number style
 * (docs/i18n.md).  Set once at start-up, read-only afterwards. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_i18n.h"

#define NBSP "\xc2\xa0"

static const char *locale_dir;
static char decimal = '.';
static const char *percent_gap = "";

void
ts_i18n_set_dir(const char *dir)
{
	locale_dir = dir;
}

/* The locale the environment names for messages, as setlocale() reads
 * it: LC_ALL, else LC_MESSAGES, else LANG. */
static const char *
env_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++)
		if ((v = getenv(vars[i])) != NULL && *v)
			return v;
	return NULL;
}

static int
is_c_locale(const char *name)
{
	return name == NULL || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0;
}

/* "es_MX" of "es_MX.UTF-8@euro" (at most size - 1 bytes). */
static void
lang_of(const char *name, char *buf, size_t size)
{
	size_t n = strcspn(name, ".@:");

	if (n >= size)
		n = size - 1;
	memcpy(buf, name, n);
	buf[n] = '\0';
}

/* 1 for a language name ("es_MX"), 0 for anything that could name
 * another folder ("../x") or is not a name at all. */
static int
plain_name(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		    s[i] == '_'))
			return 0;
	return i > 0;
}

/* The language code of the catalogue in use ("fr"), from its header's
 * "Language:" line; "" when no catalogue is in use. */
static void
catalogue_language(char *buf, size_t size)
{
	/* The header is the translation of the empty msgid. */
	static const char header_id[] = "";
	const char *h = gettext(header_id), *p;

	buf[0] = '\0';
	if (*h == '\0' || (p = strstr(h, "Language: ")) == NULL)
		return;
	lang_of(p + strlen("Language: "), buf, size);
	buf[strcspn(buf, "\n")] = '\0';
}

/* Spanish-speaking countries that write "8,30 %" (the others, Mexico
 * first, write "8.30%", as the catalogue does by default). */
static int
spanish_comma(const char *country)
{
	static const char *const comma[] = {
		"ES", "AR", "BO", "CL", "CO", "CR", "EC", "PY", "UY", "VE",
	};
	size_t i;

	for (i = 0; i < sizeof comma / sizeof comma[0]; i++)
		if (strcmp(country, comma[i]) == 0)
			return 1;
	return 0;
}

/* The number style of the catalogue's language, with the country from
 * the name the user gave (LANGUAGE's first entry or the locale). */
static void
pick_numbers(void)
{
	char cat[16], user[64];
	const char *lang = getenv("LANGUAGE"), *name = env_locale();
	const char *country = "";

	catalogue_language(cat, sizeof cat);
	if (*cat == '\0')
		return;
	user[0] = '\0';
	if (lang && *lang)
		lang_of(lang, user, sizeof user);
	if (strncmp(user, cat, strlen(cat)) != 0 && name)
		lang_of(name, user, sizeof user);
	if (strncmp(user, cat, strlen(cat)) == 0 && user[strlen(cat)] == '_')
		country = user + strlen(cat) + 1;
	if (strcmp(cat, "fr") == 0) {
		decimal = ',';
		percent_gap = NBSP;
	} else if (strcmp(cat, "es") == 0 && spanish_comma(country)) {
		decimal = ',';
		percent_gap = NBSP;
	}
}

/* Whether dir holds a catalogue of tracestat (the Spanish one stands for
 * all: make builds and installs them together). */
static int
has_catalogue(const char *dir)
{
	char path[4096];
	int n = snprintf(path, sizeof path, "%s/es/LC_MESSAGES/" TS_TEXTDOMAIN ".mo", dir);

	return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

/* The catalogues make compiled beside the running binary: build/locale
 * next to ./tracestat, or locale next to BUILD/tracestat (make asan's).
 * Returns 1 with buf set, else 0. */
static int
build_tree_dir(char *buf, size_t size)
{
	static const char *const below[] = { "/build/locale", "/locale" };
	char exe[4096], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	size_t i;

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return 0;
	*slash = '\0';
	for (i = 0; i < sizeof below / sizeof below[0]; i++) {
		if (strlen(exe) + strlen(below[i]) + 1 > size)
			return 0;
		snprintf(buf, size, "%s%s", exe, below[i]);
		if (has_catalogue(buf))
			return 1;
	}
	return 0;
}

void
ts_i18n_init(void)
{
	const char *dir = getenv("TRACESTAT_LOCALEDIR"), *name, *lang;
	char buf[64], tree[4096];

	/* Numbers are written and read with a '.' whatever the locale. */
	setlocale(LC_ALL, "C");
	name = env_locale();
	if (!is_c_locale(name) && setlocale(LC_MESSAGES, "") == NULL &&
	    setlocale(LC_MESSAGES, "C.UTF-8") != NULL) {
		/* The locale is not installed (a fresh system has only C and
		 * C.UTF-8): gettext still finds the catalogue by its name. */
		lang = getenv("LANGUAGE");
		lang_of(name, buf, sizeof buf);
		if ((lang == NULL || *lang == '\0') && plain_name(buf))
			setenv("LANGUAGE", buf, 1);
	}
	/* Without TRACESTAT_LOCALEDIR, a tracestat run from its build tree
	 * (not installed) reads the catalogues `make` compiled beside it. */
	if (dir == NULL || *dir == '\0') {
		dir = locale_dir;
		if (dir != NULL && !has_catalogue(dir) && build_tree_dir(tree, sizeof tree))
			dir = tree;
	}
	if (dir != NULL)
		bindtextdomain(TS_TEXTDOMAIN, dir);
	/* The report is UTF-8 whatever LC_CTYPE says (it stays "C"). */
	bind_textdomain_codeset(TS_TEXTDOMAIN, "UTF-8");
	textdomain(TS_TEXTDOMAIN);
	pick_numbers();
}

void
ts_i18n_number(char *buf, size_t size)
{
	char out[1024];         /* a line of the report at most */
	size_t i, o = 0, gap = strlen(percent_gap);

	if (decimal == '.' && gap == 0)
		return;
	for (i = 0; buf[i] && o + gap + 2 < sizeof out; i++) {
		if (buf[i] == '.' && i > 0 && buf[i - 1] >= '0' && buf[i - 1] <= '9')
			out[o++] = decimal;
		else if (buf[i] == '%' && i > 0 && buf[i - 1] >= '0' && buf[i - 1] <= '9') {
			memcpy(out + o, percent_gap, gap);
			o += gap;
			out[o++] = '%';
		} else
			out[o++] = buf[i];
	}
	out[o] = '\0';
	if (buf[i] == '\0' && o < size)
		memcpy(buf, out, o + 1);
}
