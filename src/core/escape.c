/* escape.c — escaping data values and measuring their display width. */
#include <stdlib.h>
#include <string.h>

#include "ts_cell.h"

/* Decodes one UTF-8 character at s; returns its length (1..4) and sets *cp,
 * or 0 when the bytes are not well-formed UTF-8 (overlong forms, surrogates
 * and values past U+10FFFF included). */
static size_t
decode(const unsigned char *s, unsigned long *cp)
{
	unsigned long c = s[0], min;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0) {
		n = 2; c &= 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3; c &= 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* Characters that reorder the text around them (Trojan Source), and the
 * Unicode line and paragraph separators, which some terminals and editors
 * take as a new line. */
static int
is_layout_control(unsigned long cp)
{
	return (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

char *
ts_cell_clean(const char *s, int keep_space)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), o = 0, n;
	unsigned long cp;
	char *out, *shrunk;

	/* Each input byte grows to at most 4 output bytes ("\xHH"), and a
	 * 2- or 3-byte character to at most 6 ("\uHHHH"). */
	if (len > (((size_t)-1) - 1) / 4)
		return NULL;
	out = malloc(len * 4 + 1);
	if (out == NULL)
		return NULL;
	while (*p) {
		n = decode(p, &cp);
		if (n == 0 || cp < 0x20 || cp == 0x7F) {
			if (n == 1 && keep_space && (cp == '\t' || cp == '\n' || cp == '\r')) {
				out[o++] = (char)cp;
				p++;
				continue;
			}
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
			p++;
			continue;
		}
		if ((cp >= 0x80 && cp <= 0x9F) || is_layout_control(cp)) {
			out[o++] = '\\';
			out[o++] = 'u';
			out[o++] = hex[(cp >> 12) & 15];
			out[o++] = hex[(cp >> 8) & 15];
			out[o++] = hex[(cp >> 4) & 15];
			out[o++] = hex[cp & 15];
			p += n;
			continue;
		}
		memcpy(out + o, p, n);
		o += n;
		p += n;
	}
	out[o] = '\0';
	/* Kept for as long as the report lives (one a key): give back the
	 * room that was not written. */
	shrunk = realloc(out, o + 1);
	return shrunk ? shrunk : out;
}

struct range {
	unsigned long lo, hi;
};

/* Zero-width: combining marks of the scripts our users write in (Latin,
 * Greek, Cyrillic, Hebrew, Arabic, Indic, Thai, Hangul jamo medials...),
 * zero-width spaces and joiners, variation selectors. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
	{ 0x05BF, 0x05BF }, { 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 },
	{ 0x05C7, 0x05C7 }, { 0x0610, 0x061A }, { 0x064B, 0x065F },
	{ 0x0670, 0x0670 }, { 0x06D6, 0x06DC }, { 0x06DF, 0x06E4 },
	{ 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED }, { 0x0711, 0x0711 },
	{ 0x0730, 0x074A }, { 0x0900, 0x0902 }, { 0x093A, 0x093A },
	{ 0x093C, 0x093C }, { 0x0941, 0x0948 }, { 0x094D, 0x094D },
	{ 0x0951, 0x0957 }, { 0x0962, 0x0963 }, { 0x0981, 0x0981 },
	{ 0x09BC, 0x09BC }, { 0x09C1, 0x09C4 }, { 0x09CD, 0x09CD },
	{ 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E },
	{ 0x1160, 0x11FF }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF },
	{ 0x200B, 0x200F }, { 0x2028, 0x202E }, { 0x2060, 0x206F },
	{ 0x20D0, 0x20FF }, { 0x302A, 0x302D }, { 0x3099, 0x309A },
	{ 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF },
	{ 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F }, { 0xE0100, 0xE01EF },
};

/* Two columns: East Asian Wide and Fullwidth (Unicode 15, the blocks that
 * matter; emoji presentation included). */
static const struct range double_width[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A },
	{ 0x23E9, 0x23EC }, { 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 },
	{ 0x25FD, 0x25FE }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 },
	{ 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA }, { 0x26F5, 0x26F5 },
	{ 0x26FA, 0x26FA }, { 0x26FD, 0x26FD }, { 0x2705, 0x2705 },
	{ 0x270A, 0x270B }, { 0x274C, 0x274C }, { 0x2753, 0x2755 },
	{ 0x2757, 0x2757 }, { 0x2795, 0x2797 }, { 0x2B1B, 0x2B1C },
	{ 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x303E },
	{ 0x3041, 0x3096 }, { 0x309B, 0x33FF }, { 0x3400, 0x4DBF },
	{ 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF }, { 0xA960, 0xA97F },
	{ 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE10, 0xFE19 },
	{ 0xFE30, 0xFE6F }, { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 },
	{ 0x16FE0, 0x16FE4 }, { 0x17000, 0x18CFF }, { 0x1B000, 0x1B2FF },
	{ 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF }, { 0x1F18E, 0x1F18E },
	{ 0x1F191, 0x1F19A }, { 0x1F200, 0x1F251 }, { 0x1F300, 0x1F64F },
	{ 0x1F680, 0x1F6FF }, { 0x1F7E0, 0x1F7EB }, { 0x1F90C, 0x1F9FF },
	{ 0x1FA70, 0x1FAFF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

static int
in_ranges(unsigned long cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int
ts_cell_wcwidth(unsigned long cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (in_ranges(cp, zero_width, sizeof zero_width / sizeof zero_width[0]))
		return 0;
	if (in_ranges(cp, double_width, sizeof double_width / sizeof double_width[0]))
		return 2;
	return 1;
}

size_t
ts_cell_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, n;
	unsigned long cp;

	while (*p) {
		n = decode(p, &cp);
		if (n == 0) {
			w++;
			p++;
			continue;
		}
		w += (size_t)ts_cell_wcwidth(cp);
		p += n;
	}
	return w;
}

int
ts_cell_is_number(const char *s)
{
	int digits = 0;

	if (*s == '+' || *s == '-')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	if (digits == 0)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}
