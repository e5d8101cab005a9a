/* error.c — error values, diagnostics list and the array growth helper. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_error.h"
#include "ts_i18n.h"

int
ts_error_set(struct ts_error *err, int code, const char *file, long line,
    long column, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->code != TS_OK)
		return code;
	err->code = code;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	/* Formats marked N_() have a translation (docs/i18n.md). */
	vsnprintf(err->message, sizeof err->message, *fmt ? _(fmt) : fmt, ap);
	va_end(ap);
	return code;
}

int
ts_grow(void *p, size_t *cap, size_t need, size_t elsize)
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

int
ts_diags_add(struct ts_diags *d, enum ts_diag_kind kind, uint32_t input,
    long line, const char *fmt, ...)
{
	va_list ap;
	int len;
	char *msg;
	int (*flush)(void *) = d->flush;

	if (flush != NULL) {
		d->flush = NULL;
		if (flush(d->flush_arg) != 0)
			return TS_EIO;
	}
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return TS_EIO;
	msg = malloc((size_t)len + 1);
	if (msg == NULL)
		return TS_EIO;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);
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
