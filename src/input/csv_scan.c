/* csv_scan.c — the CSV reader's scanner beside libcsv (see below). */
#include <stdint.h>
#include <string.h>

#include <csv.h>

#include "csv_impl.h"
#include "ts_input.h"

/* --- The scanner: most records need no libcsv ------------------------
 * libcsv costs some 40 instructions a byte.  Most records hold no quote,
 * or only quoted fields with neither a quote nor a line end inside; the
 * scanner splits those itself, finding delimiters, quotes and line ends
 * sixteen bytes at a time, and calls the callbacks with what libcsv would
 * give them: the same field bytes (spaces, and tabs unless tab is the
 * delimiter, trimmed around unquoted text; the text between the quotes),
 * the CR or LF that ends the row, an empty row for every line end outside
 * a record (the LF of a CRLF, a blank line).  Anything else (a doubled
 * quote, a quote in an unquoted field, a line end inside quotes, text
 * after a closing quote, a record cut by the end of the block) goes to
 * libcsv from the start of its record, a line at a time until libcsv
 * ends that record: its state carries over blocks, its errors are the ones
 * reported, and csv_fini() ends a last record without a line end.
 * fuzz/fuzz_csvscan.c checks that both ways give the same events. */

/* Records with more fields go to libcsv. */
#define SCAN_MAX_FIELDS 512

/* Finding bytes sixteen at a time: SSE2 on x86-64, otherwise two 64-bit
 * words (TS_SCAN_SWAR forces those, for testing them). */
#if defined(__SSE2__) && !defined(TS_SCAN_SWAR)
#include <emmintrin.h>

typedef __m128i scan_vec;

static inline scan_vec
scan_splat(unsigned char c)
{
	return _mm_set1_epi8((char)c);
}

/* Bit k set when s[i + k] (i < len; k < 16, i + k < len) is a, b, c or
 * d. */
static inline unsigned
scan_mask(const char *s, size_t i, size_t len, scan_vec a, scan_vec b,
    scan_vec c, scan_vec d)
{
	__m128i v;

	/* Past the end, bytes read as 0: never one looked for. */
	if (len - i >= 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
	} else {
		char t[16] = { 0 };

		memcpy(t, s + i, len - i);
		v = _mm_loadu_si128((const __m128i *)(const void *)t);
	}
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(
	    _mm_or_si128(_mm_cmpeq_epi8(v, a), _mm_cmpeq_epi8(v, b)),
	    _mm_or_si128(_mm_cmpeq_epi8(v, c), _mm_cmpeq_epi8(v, d))));
}
#else
typedef uint64_t scan_vec;

#define SCAN_LOW7 0x7F7F7F7F7F7F7F7FULL

static inline scan_vec
scan_splat(unsigned char c)
{
	return c * 0x0101010101010101ULL;
}

/* 0x80 in every byte of w that equals the byte of b, 0 elsewhere; no
 * borrow runs from one byte into the next. */
static inline uint64_t
scan_eq(uint64_t w, uint64_t b)
{
	uint64_t x = w ^ b;

	return ~(((x & SCAN_LOW7) + SCAN_LOW7) | x | SCAN_LOW7);
}

/* Eight bits, one per byte, from the 0x80 bits of a match word. */
static inline unsigned
scan_bits(uint64_t m)
{
	return (unsigned)(((m >> 7) * 0x0102040810204080ULL) >> 56);
}

static inline unsigned
scan_mask(const char *s, size_t i, size_t len, scan_vec a, scan_vec b,
    scan_vec c, scan_vec d)
{
	unsigned char t[16] = { 0 };
	uint64_t w;
	unsigned k, out = 0;

	memcpy(t, s + i, len - i >= 16 ? 16 : len - i);
	for (k = 0; k < 2; k++) {
		/* Byte by byte, so the lowest byte is s[i], whatever the
		 * machine's byte order. */
		w = (uint64_t)t[8 * k] | (uint64_t)t[8 * k + 1] << 8 |
		    (uint64_t)t[8 * k + 2] << 16 | (uint64_t)t[8 * k + 3] << 24 |
		    (uint64_t)t[8 * k + 4] << 32 | (uint64_t)t[8 * k + 5] << 40 |
		    (uint64_t)t[8 * k + 6] << 48 | (uint64_t)t[8 * k + 7] << 56;
		out |= scan_bits(scan_eq(w, a) | scan_eq(w, b) |
		    scan_eq(w, c) | scan_eq(w, d)) << (8 * k);
	}
	return out;
}
#endif

/* Spaces libcsv may trim around unquoted fields when tab is the
 * delimiter: only the space.  libcsv's default counts tab as a space too;
 * Debian's 3.0.3 tests the delimiter first, but a TSV must not depend on
 * that.  Not set for other delimiters: a call per byte costs. */
int
ts_csv_is_space(unsigned char c)
{
	return c == ' ';
}

/* The bytes the scanner stops at, for one block. */
struct scan_set {
	scan_vec delim, quote, cr, lf;
	unsigned char d;
	int tab;                /* libcsv takes a tab for a space */
};

static inline size_t
scan_first(unsigned m)
{
	return (size_t)__builtin_ctz(m);
}

/* Both are below '!', as few bytes of text are: one test for most. */
static inline int
scan_space(unsigned char c, int tab)
{
	return c <= ' ' && (c == ' ' || (c == '\t' && tab));
}

/* 1 when the parser's settings are ones the scanner knows (those of
 * ts_csv_loader_init() and ts_csv_next_decoded()); fills *set. */
static int
scan_dialect(struct csv_parser *p, struct scan_set *set)
{
	unsigned char d = csv_get_delim(p);

	if (csv_get_quote(p) != '"' || p->is_term != NULL ||
	    (csv_get_opts(p) & (CSV_REPALL_NL | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL)) != CSV_REPALL_NL ||
	    !(d == ',' || d == ';' || d == '|' || d == '\t'))
		return 0;
	set->d = d;
	set->delim = scan_splat(d);
	set->quote = scan_splat('"');
	set->cr = scan_splat('\r');
	set->lf = scan_splat('\n');
	if (p->is_space == NULL) {
		/* Whether libcsv's default takes a tab delimiter for a space
		 * depends on its version. */
		set->tab = 1;
		return d != '\t';
	}
	set->tab = 0;
	return p->is_space == ts_csv_is_space;
}

/* Splits the record that starts at s[pos] (pos < len), at a record
 * boundary.  Returns the offset just past its line end, with its fields
 * in sp[0..*nf) (none for a blank line) and the line end in *term; or 0
 * when libcsv has to parse it. */
static size_t
scan_record(const char *s, size_t len, size_t pos, const struct scan_set *set,
    struct scan_span *sp, size_t *nf, int *term)
{
	size_t i = pos, f = pos, n = 0, j, a, k, e;
	unsigned m, mq;
	unsigned char c;

	m = scan_mask(s, i, len, set->delim, set->quote, set->cr, set->lf);
	for (;;) {
		while (m == 0) {
			i += 16;
			if (i >= len)
				return 0;
			m = scan_mask(s, i, len, set->delim, set->quote, set->cr, set->lf);
		}
		j = i + scan_first(m);
		m &= m - 1;
		c = (unsigned char)s[j];
		if (c != '"') {
			/* The unquoted field s[f..j), trimmed. */
			a = f;
			while (a < j && scan_space((unsigned char)s[a], set->tab))
				a++;
			e = j;
			while (e > a && scan_space((unsigned char)s[e - 1], set->tab))
				e--;
			if (c == set->d) {
				if (n == SCAN_MAX_FIELDS)
					return 0;
				sp[n].s = s + a;
				sp[n++].n = e - a;
				f = j + 1;
				continue;
			}
			/* A line end; spaces alone before it make a blank line. */
			if (n > 0 || e > a) {
				if (n == SCAN_MAX_FIELDS)
					return 0;
				sp[n].s = s + a;
				sp[n++].n = e - a;
			}
			*nf = n;
			*term = c;
			return j + 1;
		}
		/* A quote opens a quoted field only after spaces alone. */
		for (a = f; a < j; a++)
			if (!scan_space((unsigned char)s[a], set->tab))
				return 0;
		/* The closing quote: before any line end. */
		for (k = j + 1;; k += 16) {
			if (k >= len)
				return 0;
			mq = scan_mask(s, k, len, set->quote, set->cr, set->lf, set->lf);
			if (mq) {
				k += scan_first(mq);
				break;
			}
		}
		if (s[k] != '"')
			return 0;
		/* Spaces, then a delimiter or a line end. */
		for (e = k + 1; e < len && scan_space((unsigned char)s[e], set->tab); e++)
			;
		if (e == len || n == SCAN_MAX_FIELDS)
			return 0;
		c = (unsigned char)s[e];
		if (c != set->d && c != '\r' && c != '\n')
			return 0;
		sp[n].s = s + j + 1;
		sp[n++].n = k - j - 1;
		if (c != set->d) {
			*nf = n;
			*term = c;
			return e + 1;
		}
		f = i = e + 1;
		if (i >= len)
			return 0;
		m = scan_mask(s, i, len, set->delim, set->quote, set->cr, set->lf);
	}
}

/* The offset just past the first CR or LF in s[pos..len), or len. */
static size_t
scan_line_end(const char *s, size_t pos, size_t len, const struct scan_set *set)
{
	unsigned m;

	for (; pos < len; pos += 16) {
		m = scan_mask(s, pos, len, set->cr, set->lf, set->lf, set->lf);
		if (m)
			return pos + scan_first(m) + 1;
	}
	return len;
}

static void
scan_csv_field(void *data, size_t len, void *arg)
{
	struct ts_csvscan *sc = arg;

	sc->csv_field(data, len, sc->arg);
}

static void
scan_csv_row(int c, void *arg)
{
	struct ts_csvscan *sc = arg;

	sc->csv_rows++;
	sc->row(c, sc->arg);
}

/* s[0..len) to libcsv: 0, or -1 on a parse error (csv_error()). */
static int
scan_csv(struct ts_csvscan *sc, const char *s, size_t len)
{
	return csv_parse(sc->p, s, len, scan_csv_field, scan_csv_row, sc) == len ? 0 : -1;
}

/* Parses the next block s[0..len) of the input: 0, or -1 on a parse
 * error.  Stops early when *sc->stop is set. */
int
ts_csv_scan_block(struct ts_csvscan *sc, const char *s, size_t len)
{
	struct scan_span sp[SCAN_MAX_FIELDS];
	struct scan_set set;
	size_t pos = 0, end, nf;
	unsigned long rows;
	int term;

	sc->fail = SIZE_MAX;
	if (!scan_dialect(sc->p, &set))
		return scan_csv(sc, s, len);
	while (pos < len && !*sc->stop) {
		if (!sc->in_csv) {
			end = scan_record(s, len, pos, &set, sp, &nf, &term);
			if (end) {
				sc->record(sp, nf, term, sc->arg);
				pos = end;
				continue;
			}
			sc->in_csv = 1;
		}
		/* Only a line end can end a record, and only the last byte
		 * given is one: when libcsv ends a row, it ended there. */
		end = scan_line_end(s, pos, len, &set);
		rows = sc->csv_rows;
		if (scan_csv(sc, s + pos, end - pos) != 0) {
			sc->fail = pos;
			return -1;
		}
		if (sc->csv_rows != rows)
			sc->in_csv = 0;
		pos = end;
	}
	return 0;
}

/* ts_csv_scan_events(): the consumer's callbacks. */
struct events {
	void (*field)(void *, size_t, void *);
	void (*row)(int, void *);
	void *arg;
};

static void
events_record(const struct scan_span *sp, size_t n, int term, void *arg)
{
	struct events *ev = arg;
	size_t i;

	for (i = 0; i < n; i++)
		ev->field((void *)sp[i].s, sp[i].n, ev->arg);
	ev->row(term, ev->arg);
}

static void
events_field(void *data, size_t len, void *arg)
{
	struct events *ev = arg;

	ev->field(data, len, ev->arg);
}

static void
events_row(int c, void *arg)
{
	struct events *ev = arg;

	ev->row(c, ev->arg);
}

int
ts_csv_scan_events(const void *data, size_t len, char delimiter,
    const size_t *cuts, size_t ncuts, int scan,
    void (*field)(void *, size_t, void *), void (*row)(int, void *), void *arg)
{
	struct csv_parser p;
	struct ts_csvscan sc;
	struct events ev;
	size_t at = 0, next, k;
	int stop = 0, rc = 0;

	if (csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0)
		return -1;
	csv_set_delim(&p, (unsigned char)delimiter);
	if (delimiter == '\t')
		csv_set_space_func(&p, ts_csv_is_space);
	memset(&sc, 0, sizeof sc);
	ev.field = field;
	ev.row = row;
	ev.arg = arg;
	sc.p = &p;
	sc.record = events_record;
	sc.csv_field = events_field;
	sc.row = events_row;
	sc.arg = &ev;
	sc.stop = &stop;
	for (k = 0; k <= ncuts && rc == 0; k++) {
		next = k < ncuts && cuts[k] >= at && cuts[k] <= len ? cuts[k] : len;
		rc = scan ? ts_csv_scan_block(&sc, (const char *)data + at, next - at) :
		    scan_csv(&sc, (const char *)data + at, next - at);
		at = next;
	}
	if (rc != 0)
		rc = csv_error(&p);
	else if (csv_fini(&p, field, row, arg) != 0)
		rc = 100 + csv_error(&p);
	csv_free(&p);
	return rc;
}
