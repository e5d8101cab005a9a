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

size_t
ts_utf8_seq(const char *s, size_t left)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, i;
	unsigned long cp;

	if (left == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		cp = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		cp = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (left < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

size_t
ts_escape(const char *s, size_t len, int quotes, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, o = 0, n;
	unsigned char c;

	if (size == 0)
		return 0;
	while (i < len) {
		c = (unsigned char)s[i];
		n = ts_utf8_seq(s + i, len - i);
		/* Shown as \xHH: controls, C1 controls, broken UTF-8. */
		if (n == 0 || c < 0x20 || c == 0x7f ||
		    (n == 2 && c == 0xC2 && (unsigned char)s[i + 1] < 0xA0)) {
			n = n ? n : 1;
			if (o + 4 * n >= size)
				break;
			for (; n > 0; n--) {
				c = (unsigned char)s[i++];
				buf[o++] = '\\';
				buf[o++] = 'x';
				buf[o++] = hex[c >> 4];
				buf[o++] = hex[c & 15];
			}
			continue;
		}
		if (quotes && (c == '"' || c == '\\')) {
			if (o + 2 >= size)
				break;
			buf[o++] = '\\';
			buf[o++] = (char)c;
			i++;
			continue;
		}
		if (o + n >= size)
			break;
		memcpy(buf + o, s + i, n);
		o += n;
		i += n;
	}
	buf[o] = '\0';
	return i;
}

char *
ts_quote(const char *s, size_t len, char *buf, size_t size)
{
	size_t limit = len > 60 ? 57 : len, o;
	int cut;

	if (size < 16) {
		if (size)
			buf[0] = '\0';
		return buf;
	}
	/* Cut before a character, not inside one. */
	while (limit < len && limit > 0 && ((unsigned char)s[limit] & 0xC0) == 0x80)
		limit--;
	buf[0] = '"';
	/* Room for "...", the closing quote and the NUL. */
	cut = ts_escape(s, limit, 1, buf + 1, size - 5) < len;
	o = 1 + strlen(buf + 1);
	if (cut) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}
