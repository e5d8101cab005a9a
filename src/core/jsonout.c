/* jsonout.c — JSON output primitives: strings and numbers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts_jsonout.h"

/* Writes s as a JSON string.  Besides what JSON requires, C1 controls
 * (U+0080..U+009F), U+2028..U+202E and U+2066..U+2069 are written as \u
 * escapes: the string is the same, but `jq .` on a terminal and JavaScript
 * readers cannot be tricked by them. */
void
ts_json_str(FILE *fp, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;

	putc('"', fp);
	for (; *p; p++) {
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			fprintf(fp, "\\u00%c%c", hex[p[1] >> 4], hex[p[1] & 15]);
			p++;
			continue;
		}
		if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0xA8 && p[2] <= 0xAE) {
			fprintf(fp, "\\u202%c", hex[p[2] - 0xA0]);
			p += 2;
			continue;
		}
		if (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9) {
			fprintf(fp, "\\u206%c", hex[p[2] - 0xA0]);
			p += 2;
			continue;
		}
		switch (*p) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(fp, "\\u00%c%c", hex[*p >> 4], hex[*p & 15]);
			else
				putc(*p, fp);
		}
	}
	putc('"', fp);
}

/* v's 17 significant digits (digits[0..17), no point) and decimal
 * exponent, as "%.16e" gives them.  Returns 0, or -1 when the text is not
 * of that form. */
static int
digits17(double v, char *digits, int *exp10, int *neg)
{
	char t[40], *e;
	int n = snprintf(t, sizeof t, "%.16e", v), i, o = 0;

	if (n <= 0 || (size_t)n >= sizeof t)
		return -1;
	*neg = t[0] == '-';
	for (i = *neg; t[i] && t[i] != 'e'; i++)
		if (t[i] != '.')
			digits[o++] = t[i];
	if (o != 17 || t[i] != 'e')
		return -1;
	*exp10 = (int)strtol(t + i + 1, &e, 10);
	return *e == '\0' ? 0 : -1;
}

/* What "%.*g" gives for precision p < 17, from the 17 digits of v rounded
 * to p; 0 when the rounding is not sure (the digits cut off are exactly
 * half a unit, so the exact value decides): the caller asks snprintf. */
static int
format_g(const char *d17, int exp10, int neg, int p, char *buf, size_t size)
{
	char d[18];
	int i, x = exp10, o = 0, last, up;

	memcpy(d, d17, 17);
	if (p < 17) {
		/* Digits p.. of the 17 stand for the exact value within half
		 * a unit of the last: "5" then zeros (to digit 17) is a tie. */
		for (i = p + 1; i < 17 && d[i] == '0'; i++)
			;
		if (d[p] == '5' && i == 17)
			return 0;
		up = d[p] >= '5';
		for (i = p - 1; up && i >= 0; i--) {
			if (d[i] == '9') {
				d[i] = '0';
			} else {
				d[i]++;
				up = 0;
			}
		}
		if (up) {               /* 9.99 -> 10.0 */
			memmove(d + 1, d, (size_t)p - 1);
			d[0] = '1';
			x++;
		}
	}
	for (last = p - 1; last > 0 && d[last] == '0'; last--)
		;       /* %g drops trailing zeros */
	if ((size_t)p + 12 > size)
		return 0;
	if (neg)
		buf[o++] = '-';
	if (x < p && x >= -4) {
		if (x < 0) {
			buf[o++] = '0';
			buf[o++] = '.';
			for (i = 0; i < -x - 1; i++)
				buf[o++] = '0';
			for (i = 0; i <= last; i++)
				buf[o++] = d[i];
		} else {
			for (i = 0; i <= x; i++)
				buf[o++] = d[i];
			if (last > x) {
				buf[o++] = '.';
				for (i = x + 1; i <= last; i++)
					buf[o++] = d[i];
			}
		}
		buf[o] = '\0';
	} else {
		buf[o++] = d[0];
		if (last > 0) {
			buf[o++] = '.';
			for (i = 1; i <= last; i++)
				buf[o++] = d[i];
		}
		snprintf(buf + o, size - (size_t)o, "e%c%02d", x < 0 ? '-' : '+', x < 0 ? -x : x);
	}
	return 1;
}

void
ts_num_text(double v, char *buf, size_t size)
{
	char d17[17];
	int prec, exp10, neg;

	if (!isfinite(v)) {
		snprintf(buf, size, "%s", "null");
		return;
	}
	/* The first of 15, 16 and 17 digits that reads back as v: all three
	 * from one conversion, snprintf only when a rounding is not sure. */
	if (v != 0 && size >= 40 && digits17(v, d17, &exp10, &neg) == 0) {
		for (prec = 15; prec <= 17; prec++) {
			if (!format_g(d17, exp10, neg, prec, buf, size))
				snprintf(buf, size, "%.*g", prec, v);
			if (prec == 17 || strtod(buf, NULL) == v)
				return;
		}
	}
	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
}

/* Writes the shortest decimal that reads back as exactly v. */
void
ts_json_num(FILE *fp, double v)
{
	char buf[40];

	ts_num_text(v, buf, sizeof buf);
	fputs(buf, fp);
}
