/* error.c — error values, diagnostics list and the array growth helper. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_error.h"

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
	vsnprintf(err->message, sizeof err->message, fmt, ap);
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
	d->count++;
	return TS_OK;
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

char *
ts_quote(const char *s, size_t len, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0, limit = len > 60 ? 57 : len;

	if (size < 16) {
		if (size)
			buf[0] = '\0';
		return buf;
	}
	buf[o++] = '"';
	for (i = 0; i < limit && o + 8 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		} else if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else {
			buf[o++] = (char)c;
		}
	}
	/* Do not end inside a UTF-8 sequence. */
	if (i < len)
		while (o > 1 && ((unsigned char)buf[o - 1] & 0xC0) == 0x80)
			o--;
	if (o > 1 && i < len && ((unsigned char)buf[o - 1] & 0xC0) == 0xC0)
		o--;
	if (i < len && o + 5 < size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}
