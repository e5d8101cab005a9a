/* ts_error.h — error values and row diagnostics.
 *
 * Functions that can fail return a status (0 on success, a TS_E* code
 * otherwise) and fill a caller-given struct ts_error.  The message lives in
 * a fixed buffer, so reporting an error never allocates.  The first error
 * set wins: later calls to ts_error_set() on a set error do nothing.
 */
#ifndef TS_ERROR_H
#define TS_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define TS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TS_PRINTF(f, a)
#endif

/* A rare branch of per-cell code (a message, a first sighting, a
 * widening), kept out of line so that the common path stays small. */
#if defined(__GNUC__)
#define TS_COLD __attribute__((noinline, cold))
#else
#define TS_COLD
#endif

/* Exit codes (README.md, "Exit status"); error codes use the same numbers. */
enum {
	TS_OK = 0,
	TS_EDATA = 1,   /* data problems: rows rejected, check failed */
	TS_EUSAGE = 2,  /* bad option or value */
	TS_EIO = 3,     /* cannot open, read, parse or write; out of memory */
};

struct ts_error {
	int code;               /* TS_OK when unset */
	char file[256];         /* "" when not about a file */
	long line;              /* 0 when unknown */
	long column;            /* 0 when unknown */
	char message[512];      /* in English, as JSON writes it */
	/* The message in the user's language (docs/i18n.md), valid while
	 * message is what ts_error_set() wrote (text_of is its hash): code
	 * that rewrites message falls back to the English. */
	char text[512];
	uint32_t text_of;
};

/* The message of err for a person: its translation, or the English. */
const char *ts_error_text(const struct ts_error *err);

/* Records the first error; later calls are ignored.  Returns code. */
int ts_error_set(struct ts_error *err, int code, const char *file, long line,
    long column, const char *fmt, ...)
    TS_PRINTF(6, 7);

/* As ts_error_set(), of a message made already: its English and its text
 * for a person ("" or the English when it has no translation). */
int ts_error_set_texts(struct ts_error *err, int code, const char *file,
    long line, long column, const char *message, const char *text);

/* Formats fmt with ap twice, as ts_error_set() and ts_diags_add() do, for
 * code that makes a message before it knows where it goes: the English
 * into msg[0..msize) and, when the catalogue has fmt, its translation
 * into text[0..tsize) (else text is "").  Both are cut to fit. */
void ts_format_texts(char *msg, size_t msize, char *text, size_t tsize,
    const char *fmt, va_list ap)
    TS_PRINTF(5, 0);

/* Kinds of row diagnostic. */
enum ts_diag_kind {
	TS_DIAG_REJECT,   /* the row was left out of the statistics */
	TS_DIAG_WARNING,  /* consistency warning; the row was kept */
	TS_DIAG_NOTE,     /* information the report shows (verified totals...) */
	TS_DIAG_DETAIL,   /* how a table was read (notes below it, marks on
	                     cells): listed by 'tracestat check' only */
};

/* The input of a diagnostic about the report as a whole (no file, no line). */
#define TS_DIAG_NO_INPUT UINT32_MAX

struct ts_diag {
	enum ts_diag_kind kind;
	uint32_t input;    /* index of the input it came from */
	long line;         /* physical line where the record starts; 0: none */
	char *message;     /* owned; English, its translation after the NUL */
	/* A stable name for scripts (docs/json.md), a string literal; NULL:
	 * the JSON writer names it from the message. */
	const char *code;
};

/* A growable list of diagnostics, in the order they were found. */
struct ts_diags {
	struct ts_diag *items;
	size_t count, cap;
	/* Set by a writer that holds diagnostics back (the row map's pending
	 * duplicate checks): ts_diags_add() calls it, once, before adding
	 * anything, so that the list stays in the order of the input.  It
	 * returns 0, or TS_EIO when out of memory. */
	int (*flush)(void *arg);
	void *flush_arg;
};

/* Appends a diagnostic.  Returns 0, or TS_EIO when out of memory. */
int ts_diags_add(struct ts_diags *d, enum ts_diag_kind kind, uint32_t input,
    long line, const char *fmt, ...)
    TS_PRINTF(5, 6);

/* The message of d for a person: its translation (ts_diags_add keeps
 * one after the English when the catalogue has the format), or the
 * English, which JSON writes. */
const char *ts_diag_text(const struct ts_diag *d);

/* Appends a diagnostic of a message made already: its English and its
 * text for a person (the same, or a translation), as a diagnostic moved
 * from one list to another keeps them.  Returns 0, or TS_EIO when out of
 * memory. */
int ts_diags_add_texts(struct ts_diags *d, enum ts_diag_kind kind,
    uint32_t input, long line, const char *message, const char *text);

/* Gives the diagnostic added last its stable code (a static string:
 * "total_detected", "labels_folded" ... as listed in docs/json.md). */
void ts_diags_set_code(struct ts_diags *d, const char *code);

/* Counts the diagnostics of one kind. */
size_t ts_diags_count(const struct ts_diags *d, enum ts_diag_kind kind);

/* Frees the messages and the array; the struct can be reused. */
void ts_diags_free(struct ts_diags *d);

/* Grows *p (an array of *cap elements of size elsize) to hold at least need
 * elements, doubling; checks every multiplication for overflow.  Returns 0,
 * or -1 with *p unchanged when out of memory or too large.  ts_grow() is
 * the test inline, called once a record by many readers and passes, and
 * ts_grow_to() the growing. */
int ts_grow_to(void *p, size_t *cap, size_t need, size_t elsize);

static inline int
ts_grow(void *p, size_t *cap, size_t need, size_t elsize)
{
	return need <= *cap ? 0 : ts_grow_to(p, cap, need, elsize);
}

/* Writes s[0..len) into buf as a double-quoted value that is safe to show
 * anywhere: as ts_escape(), with quotes and backslashes escaped too (\"),
 * cut to about 60 bytes with "..." when longer.  Returns buf. */
char *ts_quote(const char *s, size_t len, char *buf, size_t size);

/* Length (1..4) of the well-formed UTF-8 sequence at s[0..left), or 0 when
 * the bytes there are not one (stray continuation, overlong form,
 * surrogate, past U+10FFFF, cut short). */
size_t ts_utf8_seq(const char *s, size_t left);

/* Copies s[0..len) into buf (NUL-terminated, at most size bytes) so that it
 * is safe for a terminal, by the one escaping policy (src/core/escape.c,
 * docs/security.md): C0 controls, DEL and bytes that are not well-formed
 * UTF-8 become \xHH; C1 controls, the bidirectional controls, the line
 * and paragraph separators and U+FFFE/U+FFFF become \uHHHH; with quotes,
 * '"' and '\' get a backslash.  Never cuts an escape or a UTF-8 sequence
 * in two.  Returns the number of bytes of s consumed (len when it all
 * fitted). */
size_t ts_escape(const char *s, size_t len, int quotes, char *buf, size_t size);

#endif
