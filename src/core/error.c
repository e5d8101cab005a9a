/* error.c — error values, diagnostics list and the array growth helper. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_error.h"
#include "ts_i18n.h"

/* FNV-1a: whether err->message is still the one its text translates. */
static uint32_t
hash_of(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

void
ts_format_texts(char *msg, size_t msize, char *text, size_t tsize,
    const char *fmt, va_list ap)
{
	const char *tr = *fmt ? _(fmt) : fmt;
	va_list again;

	va_copy(again, ap);
	vsnprintf(msg, msize, fmt, ap);
	text[0] = '\0';
	if (tr != fmt)
		vsnprintf(text, tsize, tr, again);
	va_end(again);
}

int
ts_error_set_texts(struct ts_error *err, int code, const char *file,
    long line, long column, const char *message, const char *text)
{
	if (err == NULL || err->code != TS_OK)
		return code;
	err->code = code;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->column = column;
	snprintf(err->message, sizeof err->message, "%s", message);
	snprintf(err->text, sizeof err->text, "%s",
	    text && strcmp(text, message) != 0 ? text : "");
	err->text_of = hash_of(err->message);
	return code;
}

int
ts_error_set(struct ts_error *err, int code, const char *file, long line,
    long column, const char *fmt, ...)
{
	char msg[sizeof err->message], text[sizeof err->text];
	va_list ap;

	if (err == NULL || err->code != TS_OK)
		return code;
	/* Formats marked N_() have a translation (docs/i18n.md): for the
	 * terminal; the English stays in message, for JSON and for the code
	 * that reads it. */
	va_start(ap, fmt);
	ts_format_texts(msg, sizeof msg, text, sizeof text, fmt, ap);
	va_end(ap);
	return ts_error_set_texts(err, code, file, line, column, msg, text);
}

const char *
ts_error_text(const struct ts_error *err)
{
	if (err->text[0] && err->text_of == hash_of(err->message))
		return err->text;
	return err->message;
}

int
ts_grow_to(void *p, size_t *cap, size_t need, size_t elsize)
{
	void **pp = p;
	size_t ncap;
	void *np;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (elsize && ncap > SIZE_MAX / elsize)
		return -1;
	np = realloc(*pp, ncap * elsize);
	if (np == NULL)
		return -1;
	*pp = np;
	*cap = ncap;
	return 0;
}

/* Appends a diagnostic whose message (English, then its translation
 * after the NUL) is msg, owned from here on. */
static int
append(struct ts_diags *d, enum ts_diag_kind kind, uint32_t input, long line,
    char *msg)
{
	if (ts_grow(&d->items, &d->cap, d->count + 1, sizeof *d->items) != 0) {
		free(msg);
		return TS_EIO;
	}
	d->items[d->count].kind = kind;
	d->items[d->count].input = input;
	d->items[d->count].line = line;
	d->items[d->count].message = msg;
	d->items[d->count].code = NULL;
	d->count++;
	return TS_OK;
}

static int
flush_pending(struct ts_diags *d)
{
	int (*flush)(void *) = d->flush;

	if (flush != NULL) {
		d->flush = NULL;
		if (flush(d->flush_arg) != 0)
			return TS_EIO;
	}
	return TS_OK;
}

int
ts_diags_add(struct ts_diags *d, enum ts_diag_kind kind, uint32_t input,
    long line, const char *fmt, ...)
{
	va_list ap;
	int len, tlen = 0;
	char *msg;
	/* The translation is kept beside the English (docs/i18n.md): JSON
	 * writes the English, the terminal and the text report the other. */
	const char *tr = *fmt ? _(fmt) : fmt;

	if (flush_pending(d) != 0)
		return TS_EIO;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (tr != fmt) {
		va_start(ap, fmt);
		tlen = vsnprintf(NULL, 0, tr, ap);
		va_end(ap);
	}
	if (len < 0 || tlen < 0)
		return TS_EIO;
	msg = malloc((size_t)len + (size_t)tlen + 2);
	if (msg == NULL)
		return TS_EIO;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);
	msg[len + 1] = '\0';
	if (tr != fmt) {
		va_start(ap, fmt);
		vsnprintf(msg + len + 1, (size_t)tlen + 1, tr, ap);
		va_end(ap);
	}
	return append(d, kind, input, line, msg);
}

const char *
ts_diag_text(const struct ts_diag *d)
{
	const char *tr = d->message + strlen(d->message) + 1;

	return *tr ? tr : d->message;
}

int
ts_diags_add_texts(struct ts_diags *d, enum ts_diag_kind kind, uint32_t input,
    long line, const char *message, const char *text)
{
	size_t len = strlen(message), tlen = strcmp(text, message) ? strlen(text) : 0;
	char *msg;

	if (flush_pending(d) != 0)
		return TS_EIO;
	if ((msg = malloc(len + tlen + 2)) == NULL)
		return TS_EIO;
	memcpy(msg, message, len + 1);
	memcpy(msg + len + 1, tlen ? text : "", tlen + 1);
	return append(d, kind, input, line, msg);
}

void
ts_diags_set_code(struct ts_diags *d, const char *code)
{
	if (d->count > 0)
		d->items[d->count - 1].code = code;
}

size_t
ts_diags_count(const struct ts_diags *d, enum ts_diag_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < d->count; i++)
		if (d->items[i].kind == kind)
			n++;
	return n;
}

void
ts_diags_free(struct ts_diags *d)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		free(d->items[i].message);
	free(d->items);
	d->items = NULL;
	d->count = d->cap = 0;
}
