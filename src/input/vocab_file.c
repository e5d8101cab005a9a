/* vocab_file.c — reading a vocabulary file (the format is in
 * docs/input.md): lines "kind,word,meaning", '#' comments. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ts_i18n.h"
#include "ts_input.h"

/* s[0..*n) without spaces and one pair of quotes around it. */
static const char *
trim(const char *s, size_t *n)
{
	while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\r' ||
	    s[*n - 1] == '\n'))
		(*n)--;
	while (*n && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		(*n)--;
	}
	if (*n >= 2 && s[0] == '"' && s[*n - 1] == '"') {
		s++;
		*n -= 2;
	}
	return s;
}

/* The reason a word is refused: in English into why, translated into
 * text ("" without a translation), as ts_format_texts() makes them. */
static void refuse(char *why, size_t why_size, char *text, size_t text_size,
    const char *fmt, ...) TS_PRINTF(5, 6);

static void
refuse(char *why, size_t why_size, char *text, size_t text_size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ts_format_texts(why, why_size, text, text_size, fmt, ap);
	va_end(ap);
}

int
ts_vocab_parse_word(struct ts_vocab *v, const char *kind, size_t klen,
    const char *word, size_t wlen, const char *meaning, size_t mlen,
    const char *origin, char *why, size_t why_size, char *text, size_t text_size)
{
	char name[32];
	int target = 0;
	enum ts_vocab_kind k;

	kind = trim(kind, &klen);
	word = trim(word, &wlen);
	meaning = trim(meaning, &mlen);
	if (wlen == 0) {
		refuse(why, why_size, text, text_size, N_("no word"));
		return -1;
	}
	snprintf(name, sizeof name, "%.*s", mlen < sizeof name ? (int)mlen : 0, meaning);
	if (klen == 5 && memcmp(kind, "alias", 5) == 0) {
		k = TS_VOCAB_ALIAS;
		target = (int)ts_field_by_name(name);
		if (target == TS_F_NONE) {
			refuse(why, why_size, text, text_size,
			    N_("'%s' is not a field ('tracestat fields' lists them)"), name);
			return -1;
		}
	} else if (klen == 7 && memcmp(kind, "outcome", 7) == 0) {
		k = TS_VOCAB_OUTCOME;
		for (target = 1; target < TS_NOUTCOMES; target++)
			if (strcmp(ts_outcome_name((enum ts_outcome)target), name) == 0)
				break;
		if (target == TS_NOUTCOMES) {
			refuse(why, why_size, text, text_size, N_("'%s' is not an outcome "
			    "(open, charged, convicted, acquitted, dismissed)"), name);
			return -1;
		}
	} else if (klen == 7 && memcmp(kind, "missing", 7) == 0) {
		k = TS_VOCAB_MISSING;
	} else if (klen == 5 && memcmp(kind, "total", 5) == 0) {
		/* A row whose label is the word is a total (or a subtotal) row,
		 * as with --total-word. */
		k = TS_VOCAB_TOTAL;
		if (mlen == 0 || strcmp(name, "total") == 0)
			target = 1;
		else if (strcmp(name, "subtotal") == 0)
			target = 2;
		else {
			refuse(why, why_size, text, text_size,
			    N_("'%s' is not total or subtotal"), name);
			return -1;
		}
	} else {
		refuse(why, why_size, text, text_size, N_("'%.*s' is not a kind "
		    "(alias, outcome, total, missing)"), klen < 20 ? (int)klen : 20, kind);
		return -1;
	}
	if (ts_vocab_add(v, k, target, word, wlen, origin) != 0) {
		refuse(why, why_size, text, text_size, N_("too many words (at most %d)"),
		    TS_VOCAB_MAX);
		return -1;
	}
	return 0;
}

int
ts_vocab_load(struct ts_vocab *v, const char *path, const char *shown,
    struct ts_error *err)
{
	char line[1024], origin[300], why[160], text[320];
	const char *c1, *c2;
	FILE *fp = fopen(path, "r");
	long n = 0;
	size_t len;

	if (fp == NULL)
		return ts_error_set(err, TS_EUSAGE, shown, 0, 0, N_("cannot read the "
		    "vocabulary: %s"), strerror(errno));
	while (fgets(line, sizeof line, fp) != NULL) {
		n++;
		len = strlen(line);
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			fclose(fp);
			return ts_error_set(err, TS_EUSAGE, shown, n, 0,
			    N_("line longer than %zu bytes"), sizeof line - 2);
		}
		c1 = line;
		while (*c1 == ' ' || *c1 == '\t')
			c1++;
		if (*c1 == '#' || *c1 == '\n' || *c1 == '\r' || *c1 == '\0')
			continue;
		c1 = strchr(line, ',');
		c2 = strrchr(line, ',');
		if (c1 == NULL || c1 == c2) {
			fclose(fp);
			return ts_error_set(err, TS_EUSAGE, shown, n, 0,
			    N_("not kind,word,meaning"));
		}
		/* The header line of the file. */
		if (n == 1 && strncmp(line, "kind,", 5) == 0)
			continue;
		snprintf(origin, sizeof origin, "%s:%ld", shown, n);
		if (ts_vocab_parse_word(v, line, (size_t)(c1 - line), c1 + 1,
		    (size_t)(c2 - c1 - 1), c2 + 1, strlen(c2 + 1), origin, why,
		    sizeof why, text, sizeof text) != 0) {
			fclose(fp);
			return ts_error_set_texts(err, TS_EUSAGE, shown, n, 0, why, text);
		}
	}
	fclose(fp);
	return TS_OK;
}
