/* encoding.c — bytes in any encoding to UTF-8 (iconv, BOMs, detection).
 *
 * Valid UTF-8 is only validated and handed out in place; everything else
 * is converted into an output buffer: Windows-1252, Latin-1 and UTF-16 by
 * converters of our own with iconv's contract, the rest by iconv.  See ts_encoding.h for the
 * detection rules and why they are decided before any data is handed out.
 */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_encoding.h"
#include "ts_i18n.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* How much of the input auto-detection looks at before deciding. */
#define SNIFF_SIZE (64u * 1024)
#define NO_ICONV ((iconv_t)-1)

enum mode {
	MODE_SNIFF,             /* auto, nothing decided yet */
	MODE_UTF8,              /* validate and hand out in place */
	MODE_ICONV,             /* convert through cd */
};

struct ts_decoder;

/* A converter with iconv()'s contract (E2BIG, EILSEQ, EINVAL), for the
 * encodings decoded without iconv. */
typedef size_t convert_fn(struct ts_decoder *d, char **in, size_t *in_left,
    char **out, size_t *out_left);

struct ts_decoder {
	const char *path;
	char name[64];
	enum mode mode;
	int auto_detect;        /* no explicit encoding: may fall back */
	int ascii_only;         /* MODE_UTF8 under auto: only ASCII so far */
	int at_start;           /* nothing handed out yet: strip a BOM */
	iconv_t cd;
	convert_fn *convert;    /* instead of cd: a table or UTF-16 */
	unsigned char tab[256][4]; /* table: UTF-8 of each byte, [3] its length
	                              (0: not a character of the encoding) */

	/* UTF-8 validation state across blocks: continuation bytes still
	 * expected, and the range the next one must be in. */
	unsigned need;
	unsigned char lo, hi;
	unsigned char lead;     /* first byte of the pending sequence */

	char *sniff;            /* auto: the first bytes, until decided */
	size_t sniff_len, sniff_cap;
	char carry[16];         /* iconv: a sequence cut at a block edge */
	size_t carry_len;
	char *stage, *out;      /* iconv: carry + block; decoded output */
	size_t stage_cap, out_cap;

	/* Position at the end of what was handed out. */
	long line, col;
	int prev_cr;
	int in_place;           /* the last output was a part of its input */
};

int
ts_encoding_known(const char *name)
{
	iconv_t cd;

	if (strcmp(name, "auto") == 0)
		return 1;
	cd = iconv_open("UTF-8", name);
	if (cd == NO_ICONV)
		return 0;
	iconv_close(cd);
	return 1;
}

/* "utf8", "UTF-8", "utf_8": the fast path applies. */
static int
is_utf8_name(const char *name)
{
	char k[8];
	size_t i, o = 0;

	for (i = 0; name[i] && o < sizeof k - 1; i++)
		if (name[i] != '-' && name[i] != '_')
			k[o++] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
	k[o] = '\0';
	return name[i] == '\0' && strcmp(k, "UTF8") == 0;
}

/* The name folded for comparing: upper case, without '-' and '_'. */
static void
fold_name(const char *name, char *k, size_t size)
{
	size_t i, o = 0;

	for (i = 0; name[i] && o < size - 1; i++)
		if (name[i] != '-' && name[i] != '_')
			k[o++] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
	k[o] = '\0';
}

/* Windows-1252 at 0x80..0x9F (0: no character there, as iconv has it);
 * every other byte is the code point of the same number, as in Latin-1. */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static size_t
utf8_put(unsigned long cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A single-byte encoding through d->tab: ASCII eight bytes at a time. */
static size_t
convert_table(struct ts_decoder *d, char **in, size_t *in_left, char **out,
    size_t *out_left)
{
	const unsigned char *s = (const unsigned char *)*in;
	size_t n = *in_left, i = 0, ol = *out_left, k;
	char *o = *out;
	uint64_t w;
	size_t rc = 0;

	while (i < n) {
		if (i + 8 <= n && ol >= 8) {
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				memcpy(o, s + i, 8);
				o += 8;
				ol -= 8;
				i += 8;
				continue;
			}
		}
		k = d->tab[s[i]][3];
		if (k == 0) {
			errno = EILSEQ;
			rc = (size_t)-1;
			break;
		}
		if (ol < k) {
			errno = E2BIG;
			rc = (size_t)-1;
			break;
		}
		memcpy(o, d->tab[s[i]], k);
		o += k;
		ol -= k;
		i++;
	}
	*in += i;
	*in_left -= i;
	*out = o;
	*out_left = ol;
	return rc;
}

/* UTF-16 in either byte order: surrogate pairs joined, a lone surrogate
 * is EILSEQ, a unit or pair cut at the end EINVAL, as in iconv. */
static size_t
convert_utf16(const unsigned char **in, size_t *in_left, char **out,
    size_t *out_left, int big)
{
	const unsigned char *s = *in;
	size_t n = *in_left, i = 0, ol = *out_left, k, m;
	unsigned long u, v;
	char buf[4], *o = *out;
	size_t rc = 0;

	for (; i + 2 <= n; i += k) {
		/* Four ASCII units at a time: every high byte 0, every low
		 * byte below 0x80 (the masks read the word little-endian). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		while (i + 8 <= n && ol >= 4) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if ((w & (big ? 0x80FF80FF80FF80FFULL : 0xFF80FF80FF80FF80ULL)) != 0)
				break;
			o[0] = (char)s[i + big];
			o[1] = (char)s[i + 2 + big];
			o[2] = (char)s[i + 4 + big];
			o[3] = (char)s[i + 6 + big];
			o += 4;
			ol -= 4;
			i += 8;
		}
#endif
		if (i + 2 > n)
			break;
		u = big ? (unsigned long)s[i] << 8 | s[i + 1] : (unsigned long)s[i + 1] << 8 | s[i];
		k = 2;
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (i + 4 > n)
				break;          /* EINVAL below */
			v = big ? (unsigned long)s[i + 2] << 8 | s[i + 3] :
			    (unsigned long)s[i + 3] << 8 | s[i + 2];
			if (v < 0xDC00 || v > 0xDFFF) {
				errno = EILSEQ;
				rc = (size_t)-1;
				goto done;
			}
			u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
			k = 4;
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			errno = EILSEQ;
			rc = (size_t)-1;
			goto done;
		}
		if (u < 0x80 && ol >= 1) {
			*o++ = (char)u;
			ol--;
			continue;
		}
		m = utf8_put(u, buf);
		if (ol < m) {
			errno = E2BIG;
			rc = (size_t)-1;
			goto done;
		}
		memcpy(o, buf, m);
		o += m;
		ol -= m;
	}
	if (i < n) {
		errno = EINVAL;
		rc = (size_t)-1;
	}
done:
	*in = s + i;
	*in_left = n - i;
	*out = o;
	*out_left = ol;
	return rc;
}

static size_t
convert_utf16le(struct ts_decoder *d, char **in, size_t *in_left, char **out,
    size_t *out_left)
{
	(void)d;
	return convert_utf16((const unsigned char **)(void *)in, in_left, out, out_left, 0);
}

static size_t
convert_utf16be(struct ts_decoder *d, char **in, size_t *in_left, char **out,
    size_t *out_left)
{
	(void)d;
	return convert_utf16((const unsigned char **)(void *)in, in_left, out, out_left, 1);
}

/* The converter of our own for the encoding named from, or NULL (iconv). */
static convert_fn *
own_converter(struct ts_decoder *d, const char *from)
{
	char k[24];
	int b, latin1;
	unsigned long cp;

	fold_name(from, k, sizeof k);
	if (strcmp(k, "UTF16LE") == 0)
		return convert_utf16le;
	if (strcmp(k, "UTF16BE") == 0)
		return convert_utf16be;
	latin1 = strcmp(k, "LATIN1") == 0 || strcmp(k, "ISO88591") == 0;
	if (!latin1 && strcmp(k, "WINDOWS1252") != 0 && strcmp(k, "CP1252") != 0)
		return NULL;
	for (b = 0; b < 256; b++) {
		cp = latin1 || b < 0x80 || b >= 0xA0 ? (unsigned long)b : cp1252_c1[b - 0x80];
		d->tab[b][3] = cp == 0 && b != 0 ? 0 : (unsigned char)utf8_put(cp, (char *)d->tab[b]);
	}
	return convert_table;
}

static int
open_iconv(struct ts_decoder *d, const char *from, const char *shown,
    struct ts_error *err)
{
	if ((d->convert = own_converter(d, from)) != NULL) {
		snprintf(d->name, sizeof d->name, "%s", shown);
		d->mode = MODE_ICONV;
		return TS_OK;
	}
	d->cd = iconv_open("UTF-8", from);
	if (d->cd == NO_ICONV)
		return ts_error_set(err, errno == EINVAL ? TS_EUSAGE : TS_EIO, d->path,
		    0, 0, N_("cannot decode %s: %s"), shown,
		    errno == EINVAL ? "unknown encoding" : strerror(errno));
	snprintf(d->name, sizeof d->name, "%s", shown);
	d->mode = MODE_ICONV;
	return TS_OK;
}

struct ts_decoder *
ts_decoder_new(const char *encoding, const char *path, struct ts_error *err)
{
	struct ts_decoder *d = calloc(1, sizeof *d);
	size_t i;

	if (d == NULL) {
		ts_error_set(err, TS_EIO, path, 0, 0, N_("out of memory"));
		return NULL;
	}
	d->path = path;
	d->cd = NO_ICONV;
	d->line = 1;
	d->at_start = 1;
	d->ascii_only = 1;
	if (encoding == NULL || strcmp(encoding, "auto") == 0) {
		d->auto_detect = 1;
		d->mode = MODE_SNIFF;
		snprintf(d->name, sizeof d->name, "UTF-8");
	} else if (is_utf8_name(encoding)) {
		d->mode = MODE_UTF8;
		snprintf(d->name, sizeof d->name, "UTF-8");
	} else {
		char shown[64];
		for (i = 0; encoding[i] && i < sizeof shown - 1; i++)
			shown[i] = (char)(encoding[i] >= 'a' && encoding[i] <= 'z' ?
			    encoding[i] - 32 : encoding[i]);
		shown[i] = '\0';
		if (open_iconv(d, encoding, shown, err) != TS_OK) {
			free(d);
			return NULL;
		}
	}
	return d;
}

void
ts_decoder_free(struct ts_decoder *d)
{
	if (d == NULL)
		return;
	if (d->cd != NO_ICONV)
		iconv_close(d->cd);
	free(d->sniff);
	free(d->stage);
	free(d->out);
	free(d);
}

const char *
ts_decoder_name(const struct ts_decoder *d)
{
	return d->name;
}

/* Characters (UTF-8 lead bytes) in s[0..n). */
static long
chars(const char *s, size_t n)
{
	long c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Moves the position over UTF-8 text s[0..n): LF, CRLF and a lone CR each
 * end a line, as the CSV reader counts them. */
/* The LF bytes of s[0..n): sixteen bytes at a time with SSE2, else eight
 * (a word's bytes equal to LF found exactly, without carries between
 * them).  A call of memchr() per line cost more than the count itself. */
static size_t
count_lf(const char *s, size_t n)
{
	size_t i = 0, lf = 0;
#if defined(__SSE2__)
	/* Each lane counts its LFs in a byte (a compare gives -1 per LF),
	 * added up before a byte could pass 255; without -mpopcnt a
	 * popcount is a library call. */
	const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	__m128i acc = zero, sum;
	unsigned k = 0;

	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, nl));
		if (++k == 255 || i + 32 > n) {
			sum = _mm_sad_epu8(acc, zero);
			lf += (size_t)_mm_cvtsi128_si32(sum) +
			    (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
			acc = zero;
			k = 0;
		}
	}
#else
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL, nls = 0x0A0A0A0A0A0A0A0AULL;
	uint64_t w, x, y;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		x = w ^ nls;                    /* LF bytes become 0 */
		y = ~(((x & low7) + low7) | x | low7);  /* high bit: x's byte was 0 */
		for (; y; y &= y - 1)
			lf++;
	}
#endif
	for (; i < n; i++)
		lf += s[i] == '\n';
	return lf;
}

static void
advance(long *line, long *col, int *prev_cr, const char *s, size_t n)
{
	size_t i, lf = 0, cr = 0, last;
	long breaks;

	if (n == 0)
		return;
	/* The common case (LF only) needs nothing but the count of LFs. */
	if (memchr(s, '\r', n) == NULL) {
		lf = count_lf(s, n);
	} else {
		for (i = 0; i < n; i++) {
			lf += s[i] == '\n';
			cr += s[i] == '\r';
		}
	}
	if (lf + cr == 0) {
		*col += chars(s, n);
		*prev_cr = 0;
		return;
	}
	breaks = (long)(lf + cr);
	if (lf && (cr || *prev_cr)) {
		for (i = 0; i < n; i++)
			if (s[i] == '\n' && (i ? s[i - 1] == '\r' : *prev_cr))
				breaks--;
	}
	*line += breaks;
	last = n;
	while (last > 0 && s[last - 1] != '\n' && s[last - 1] != '\r')
		last--;
	*col = chars(s + last, n - last);
	*prev_cr = s[n - 1] == '\r';
}

/* Sets err at the character s[at] of the text about to be handed out. */
static int
fault_at(struct ts_decoder *d, const char *s, size_t at, struct ts_error *err,
    const char *fmt, ...)
    TS_PRINTF(5, 6);

static int
fault_at(struct ts_decoder *d, const char *s, size_t at, struct ts_error *err,
    const char *fmt, ...)
{
	long line = d->line, col = d->col;
	int prev_cr = d->prev_cr;
	char msg[400], text[400];
	va_list ap;

	advance(&line, &col, &prev_cr, s, at);
	va_start(ap, fmt);
	ts_format_texts(msg, sizeof msg, text, sizeof text, fmt, ap);
	va_end(ap);
	return ts_error_set_texts(err, TS_EIO, d->path, line, col + 1, msg, text);
}

enum check { CHECK_OK, CHECK_BAD, CHECK_NUL };

/* Validates UTF-8 s[0..n) from the state in d.  Returns CHECK_OK with the
 * state updated (a sequence cut at the end stays pending), or the kind of
 * fault with *at = the offset of the sequence that is wrong.  *high is set
 * to 1 when a whole non-ASCII sequence comes before *at (on success: when
 * any byte >= 0x80 is handed out). */
static enum check
check_utf8(struct ts_decoder *d, const unsigned char *s, size_t n, size_t *at,
    int *high)
{
	const uint64_t hibits = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
	size_t i = 0, start = 0;
	unsigned char c;
	uint64_t w;

	*high = 0;
	while (i < n) {
		if (d->need) {
			c = s[i];
			if (c < d->lo || c > d->hi) {
				*at = start;
				return CHECK_BAD;
			}
			d->lo = 0x80;
			d->hi = 0xBF;
			if (--d->need == 0)
				*high = 1;      /* a whole sequence is valid */
			i++;
			continue;
		}
		/* Sixteen bytes at a time (SSE2) of ASCII without NUL and whole
		 * two-byte characters (most accented letters): each lead byte
		 * C2..DF with a continuation byte just after it, and no other
		 * byte above 0x7F; then ASCII eight bytes at a time; then
		 * straight to the first byte that is neither (the lowest flag is
		 * exact: a borrow only runs upwards from a NUL). */
#if defined(__SSE2__)
		for (; i + 16 <= n; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			unsigned hi = (unsigned)_mm_movemask_epi8(v), lead, cont;

			if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) != 0)
				break;
			if (hi == 0)
				continue;
			cont = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v,
			    _mm_set1_epi8((char)0xC0)), _mm_set1_epi8((char)0x80)));
			lead = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_subs_epu8(
			    _mm_sub_epi8(v, _mm_set1_epi8((char)0xC2)), _mm_set1_epi8(0x1D)),
			    _mm_setzero_si128()));
			/* A lead in the last byte shifts out of the sixteen bits. */
			if (lead << 1 != cont || (lead | cont) != hi)
				break;
			d->lead = s[i + 31 - (size_t)__builtin_clz(lead)];
			*high = 1;
		}
#endif
		for (; i + 8 <= n; i += 8) {
			memcpy(&w, s + i, 8);
			w = (w | ((w - ones) & ~w)) & hibits;
			if (w) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
				i += (size_t)__builtin_ctzll(w) >> 3;
#endif
				break;
			}
		}
		if (i == n)
			break;
		c = s[i];
		start = i;
		/* The common two- and three-byte characters whole, when all
		 * their bytes are here (no overlong form, surrogate or bound to
		 * check): what the byte-wise steps below would accept. */
		if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
			d->lead = c;
			*high = 1;
			i += 2;
			continue;
		}
		if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < n &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			d->lead = c;
			*high = 1;
			i += 3;
			continue;
		}
		if (c < 0x80) {
			if (c == 0) {
				*at = i;
				return CHECK_NUL;
			}
			i++;
			continue;
		}
		d->lo = 0x80;
		d->hi = 0xBF;
		d->lead = c;
		if (c >= 0xC2 && c <= 0xDF) {
			d->need = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			d->need = 2;
			if (c == 0xE0)
				d->lo = 0xA0;        /* no overlong forms */
			else if (c == 0xED)
				d->hi = 0x9F;        /* no surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			d->need = 3;
			if (c == 0xF0)
				d->lo = 0x90;
			else if (c == 0xF4)
				d->hi = 0x8F;        /* nothing past U+10FFFF */
		} else {
			*at = i;
			return CHECK_BAD;
		}
		i++;
	}
	if (d->need)
		*high = 1;              /* a cut sequence is handed out too */
	return CHECK_OK;
}

/* Grows *buf to hold need bytes; -1 when out of memory. */
static int
reserve(char **buf, size_t *cap, size_t need)
{
	return need <= *cap ? 0 : ts_grow(buf, cap, need, 1);
}

static int
decode_iconv(struct ts_decoder *d, const char *in, size_t len, int final,
    const char **out, size_t *out_len, struct ts_error *err)
{
	char *src = (char *)in, *op, *nul;
	size_t left = len, o = 0, ol, r, skip;
	int flushing, flushed = !final;

	if (d->carry_len) {
		if (len > SIZE_MAX - sizeof d->carry ||
		    reserve(&d->stage, &d->stage_cap, d->carry_len + len) != 0)
			return ts_error_set(err, TS_EIO, d->path, 0, 0, N_("out of memory"));
		memcpy(d->stage, d->carry, d->carry_len);
		if (len)
			memcpy(d->stage + d->carry_len, in, len);
		src = d->stage;
		left = d->carry_len + len;
		d->carry_len = 0;
	}
	/* Every encoding iconv knows fits in 4 UTF-8 bytes a source byte
	 * in practice; E2BIG below covers the rest. */
	if (left > (SIZE_MAX - 64) / 4 ||
	    reserve(&d->out, &d->out_cap, left * 4 + 64) != 0)
		return ts_error_set(err, TS_EIO, d->path, 0, 0, N_("out of memory"));
	/* Convert, then (after the last block) flush the shift state. */
	for (;;) {
		op = d->out + o;
		ol = d->out_cap - o;
		flushing = left == 0;
		if (!flushing)
			r = d->convert ? d->convert(d, &src, &left, &op, &ol) :
			    iconv(d->cd, &src, &left, &op, &ol);
		else if (!flushed)
			r = d->convert ? 0 : iconv(d->cd, NULL, NULL, &op, &ol);
		else
			break;
		o = (size_t)(op - d->out);
		if (r != (size_t)-1) {
			if (flushing)
				flushed = 1;
			continue;
		}
		if (errno == E2BIG) {
			if (d->out_cap > SIZE_MAX / 2 ||
			    reserve(&d->out, &d->out_cap, d->out_cap * 2) != 0)
				return ts_error_set(err, TS_EIO, d->path, 0, 0, N_("out of memory"));
			continue;
		}
		if (errno == EINVAL && !final && left <= sizeof d->carry) {
			/* Cut at the block edge: finish it with the next block. */
			memcpy(d->carry, src, left);
			d->carry_len = left;
			break;
		}
		skip = d->at_start && o >= 3 && memcmp(d->out, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		/* A NUL converted before the fault comes first in the text:
		 * report it, as a decoder fed smaller blocks would. */
		if ((nul = memchr(d->out + skip, '\0', o - skip)) != NULL)
			return fault_at(d, d->out + skip, (size_t)(nul - d->out) - skip, err,
			    N_("NUL byte: the input is not text in %s"), d->name);
		if (errno == EINVAL)
			return fault_at(d, d->out + skip, o - skip, err, N_("the input ends "
			    "in the middle of a character (%s)"), d->name);
		return fault_at(d, d->out + skip, o - skip, err, d->auto_detect ?
		    N_("byte 0x%02X is not valid %s (the encoding was guessed: give "
		    "the right one with --encoding)") : N_("byte 0x%02X is not valid %s"),
		    (unsigned char)*src, d->name);
	}
	if (d->at_start && o) {
		if (o >= 3 && memcmp(d->out, "\xEF\xBB\xBF", 3) == 0) {
			memmove(d->out, d->out + 3, o - 3);
			o -= 3;
		}
		d->at_start = o == 0;
	}
	if ((nul = memchr(d->out, '\0', o)) != NULL)
		return fault_at(d, d->out, (size_t)(nul - d->out), err,
		    N_("NUL byte: the input is not text in %s"), d->name);
	advance(&d->line, &d->col, &d->prev_cr, d->out, o);
	*out = d->out;
	*out_len = o;
	return TS_OK;
}

static int
decode_utf8(struct ts_decoder *d, const char *in, size_t len, int final,
    const char **out, size_t *out_len, struct ts_error *err)
{
	size_t at = 0;
	int high, pending = d->need > 0;
	enum check c;
	unsigned char bad;

	if (d->at_start && len) {
		if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
			in += 3;
			len -= 3;
			d->ascii_only = 0;      /* a BOM declares UTF-8: no fallback */
		}
		d->at_start = 0;
	}
	c = check_utf8(d, (const unsigned char *)in, len, &at, &high);
	if (c == CHECK_BAD && d->auto_detect && d->ascii_only && !high) {
		/* Only ASCII so far, which Windows-1252 reads the same: switch
		 * without changing anything already read. */
		d->need = 0;
		if (open_iconv(d, "WINDOWS-1252", "Windows-1252", err) != TS_OK)
			return err->code;
		return decode_iconv(d, in, len, final, out, out_len, err);
	}
	/* Only a bad byte is there to read: after a lone BOM, in[0] is past
	 * the end (fuzz regression). */
	bad = c == CHECK_BAD ? (unsigned char)in[at] : 0;
	if (c == CHECK_BAD && at == 0 && pending) {
		/* The sequence began at the end of the last block, whose lead
		 * byte was counted as a character there. */
		d->col--;
		bad = d->lead;
	}
	if (c == CHECK_BAD)
		return fault_at(d, in, at, err, d->auto_detect ?
		    N_("byte 0x%02X is not valid %s, although the text before it "
		    "was: the file mixes encodings (convert it, or give --encoding)") :
		    N_("byte 0x%02X is not valid %s"), bad, d->name);
	if (c == CHECK_NUL)
		return fault_at(d, in, at, err, N_("NUL byte: the input is not text "
		    "in %s (for UTF-16 or UTF-32 give --encoding)"), d->name);
	if (high)
		d->ascii_only = 0;
	if (final && d->need)
		return fault_at(d, in, len, err,
		    N_("the input ends in the middle of a character (%s)"), d->name);
	advance(&d->line, &d->col, &d->prev_cr, in, len);
	*out = in;
	*out_len = len;
	return TS_OK;
}

/* Auto-detection on the first bytes s[0..n) (the whole input when final). */
static int
decide(struct ts_decoder *d, const char *s, size_t n, int final,
    struct ts_error *err)
{
	const unsigned char *u = (const unsigned char *)s;
	struct ts_decoder probe;
	size_t i, even = 0, odd = 0, at;
	int high;

	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		d->mode = MODE_UTF8;
		return TS_OK;
	}
	if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
		return open_iconv(d, "UTF-16LE", "UTF-16LE", err);
	if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
		return open_iconv(d, "UTF-16BE", "UTF-16BE", err);
	/* No BOM: text in UTF-16 has a NUL in every other byte. */
	for (i = 0; i + 1 < n; i += 2) {
		even += u[i] == 0;
		odd += u[i + 1] == 0;
	}
	if (n >= 4 && odd * 10 >= (n / 2) * 9 && even == 0)
		return open_iconv(d, "UTF-16LE", "UTF-16LE", err);
	if (n >= 4 && even * 10 >= (n / 2) * 9 && odd == 0)
		return open_iconv(d, "UTF-16BE", "UTF-16BE", err);
	memset(&probe, 0, sizeof probe);
	if (check_utf8(&probe, u, n, &at, &high) != CHECK_BAD &&
	    !(final && probe.need)) {
		d->mode = MODE_UTF8;
		return TS_OK;
	}
	return open_iconv(d, "WINDOWS-1252", "Windows-1252", err);
}

int
ts_decoder_feed(struct ts_decoder *d, const char *in, size_t len, int final,
    const char **out, size_t *out_len, struct ts_error *err)
{
	const char *given = in;
	int rc;

	*out = "";
	*out_len = 0;
	d->in_place = 0;
	if (d->mode == MODE_SNIFF) {
		if (d->sniff_len == 0 && (len >= SNIFF_SIZE || final)) {
			/* Enough in one block: decide on it without a copy. */
			if (decide(d, in, len, final, err) != TS_OK)
				return err->code;
		} else {
			if (len > SIZE_MAX - d->sniff_len ||
			    reserve(&d->sniff, &d->sniff_cap, d->sniff_len + len) != 0)
				return ts_error_set(err, TS_EIO, d->path, 0, 0, N_("out of memory"));
			if (len)
				memcpy(d->sniff + d->sniff_len, in, len);
			d->sniff_len += len;
			if (d->sniff_len < SNIFF_SIZE && !final)
				return TS_OK;
			if (decide(d, d->sniff, d->sniff_len, final, err) != TS_OK)
				return err->code;
			in = d->sniff;
			len = d->sniff_len;
		}
	}
	if (d->mode != MODE_UTF8)
		return decode_iconv(d, in, len, final, out, out_len, err);
	rc = decode_utf8(d, in, len, final, out, out_len, err);
	/* Validated in place, not switched to Windows-1252 on the way. */
	d->in_place = rc == TS_OK && in == given && d->mode == MODE_UTF8;
	return rc;
}

int
ts_decoder_in_place(const struct ts_decoder *d)
{
	return d->in_place;
}
