/* escape.c — the one escaping policy for everything tracestat writes
 * (docs/security.md, "One escaping policy"), and the display width of
 * text.
 *
 * A character is unsafe when it could act on a terminal, make a
 * document ill-formed, or make text read in another order than it is
 * stored: C0 controls and DEL, bytes that are not well-formed UTF-8 (both
 * shown as \xHH, byte by byte), C1 controls (U+0080..U+009F, which 8-bit
 * terminals read as ESC sequences), the bidirectional controls
 * (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069), the line and
 * paragraph separators (U+2028, U+2029) and the noncharacters U+FFFE and
 * U+FFFF (which XML forbids), all shown as \uHHHH.  ts_escape() (messages
 * on standard error, into a fixed buffer) and ts_cell_clean() (the
 * writers) apply it; each writer then adds its own format's quoting.
 */
#include <stdlib.h>
#include <string.h>

#include "ts_cell.h"
#include "ts_error.h"

static const char hex[] = "0123456789abcdef";

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

/* The code point of the well-formed UTF-8 sequence s[0..n). */
static unsigned long
code_point(const unsigned char *s, size_t n)
{
	static const unsigned char lead_mask[] = { 0, 0x7F, 0x1F, 0x0F, 0x07 };
	unsigned long cp = s[0] & lead_mask[n];
	size_t i;

	for (i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3F);
	return cp;
}

/* Characters that reorder the text around them (Trojan Source: the
 * Unicode Bidi_Control characters), and the Unicode line and paragraph
 * separators, which some terminals and editors take as a new line. */
static int
is_layout_control(unsigned long cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	    (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* How the policy shows the character at s[0..left) */
enum shown {
	SHOWN_AS_IS,
	SHOWN_HEX,      /* each of its bytes as \xHH */
	SHOWN_U,        /* as \uHHHH */
};

/* Classifies the character at s[0..left) (left > 0): sets *n to its
 * length in bytes (1 for a byte that is not UTF-8) and *cp to its code
 * point; tab, LF and CR are safe when keep_space is set. */
static enum shown
classify(const unsigned char *s, size_t left, int keep_space, size_t *n,
    unsigned long *cp)
{
	*n = ts_utf8_seq((const char *)s, left);
	if (*n == 0) {
		*n = 1;
		*cp = s[0];
		return SHOWN_HEX;
	}
	*cp = code_point(s, *n);
	if (*cp < 0x20 || *cp == 0x7F)
		return keep_space && (*cp == '\t' || *cp == '\n' || *cp == '\r') ?
		    SHOWN_AS_IS : SHOWN_HEX;
	if ((*cp >= 0x80 && *cp <= 0x9F) || is_layout_control(*cp) ||
	    *cp == 0xFFFE || *cp == 0xFFFF)
		return SHOWN_U;
	return SHOWN_AS_IS;
}

/* Writes the escape of one character into out (room for 6 bytes):
 * returns its length. */
static size_t
put_escape(char *out, enum shown how, const unsigned char *s, unsigned long cp)
{
	if (how == SHOWN_HEX) {
		out[0] = '\\';
		out[1] = 'x';
		out[2] = hex[s[0] >> 4];
		out[3] = hex[s[0] & 15];
		return 4;
	}
	out[0] = '\\';
	out[1] = 'u';
	out[2] = hex[(cp >> 12) & 15];
	out[3] = hex[(cp >> 8) & 15];
	out[4] = hex[(cp >> 4) & 15];
	out[5] = hex[cp & 15];
	return 6;
}

size_t
ts_escape(const char *s, size_t len, int quotes, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, n, k;
	unsigned long cp;
	enum shown how;

	if (size == 0)
		return 0;
	while (i < len) {
		how = classify(p + i, len - i, 0, &n, &cp);
		if (how == SHOWN_HEX) {
			/* A control is one byte; a broken sequence is shown byte
			 * by byte, as each is classified on its own. */
			if (o + 4 >= size)
				break;
			o += put_escape(buf + o, how, p + i, cp);
			i += 1;
			continue;
		}
		if (how == SHOWN_U) {
			if (o + 6 >= size)
				break;
			o += put_escape(buf + o, how, p + i, cp);
			i += n;
			continue;
		}
		if (quotes && (p[i] == '"' || p[i] == '\\')) {
			if (o + 2 >= size)
				break;
			buf[o++] = '\\';
			buf[o++] = (char)p[i++];
			continue;
		}
		if (o + n >= size)
			break;
		for (k = 0; k < n; k++)
			buf[o++] = (char)p[i++];
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

/* The bytes ts_cell_clean() writes for s (len bytes), with out NULL, or
 * writes them into out. */
static size_t
clean_into(const unsigned char *p, size_t len, int keep_space, char *out)
{
	size_t o = 0, n;
	unsigned long cp;
	enum shown how;

	while (len > 0) {
		/* Printable ASCII, most of any key, as it is. */
		if (p[0] >= 0x20 && p[0] < 0x7F) {
			if (out)
				out[o] = (char)p[0];
			o++;
			p++;
			len--;
			continue;
		}
		how = classify(p, len, keep_space, &n, &cp);
		if (how != SHOWN_AS_IS) {
			char esc[6];
			size_t e = put_escape(out ? out + o : esc, how, p, cp);
			o += e;
		} else {
			if (out)
				memcpy(out + o, p, n);
			o += n;
		}
		p += n;
		len -= n;
	}
	return o;
}

char *
ts_cell_clean(const char *s, int keep_space)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), o;
	char *out;

	/* Measured first, then written: the text is kept for as long as the
	 * report lives (one a key), so it gets the bytes it needs and no
	 * more (each input byte grows to at most 4, "\xHH"). */
	if (len > (((size_t)-1) - 1) / 4)
		return NULL;
	o = clean_into(p, len, keep_space, NULL);
	if ((out = malloc(o + 1)) == NULL)
		return NULL;
	clean_into(p, len, keep_space, out);
	out[o] = '\0';
	return out;
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
	size_t w = 0, n, left = strlen(s);
	unsigned long cp;

	while (left > 0) {
		if (p[0] >= 0x20 && p[0] < 0x7F) {
			w++;    /* printable ASCII: one cell */
			p++;
			left--;
			continue;
		}
		n = ts_utf8_seq((const char *)p, left);
		if (n == 0) {
			w++;
			p++;
			left--;
			continue;
		}
		cp = code_point(p, n);
		w += (size_t)ts_cell_wcwidth(cp);
		p += n;
		left -= n;
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
