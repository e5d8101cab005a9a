/* ts_encoding.h — bytes in any encoding to UTF-8, block by block.
 *
 * A decoder takes the raw blocks of one input in order and hands back UTF-8.
 * Valid UTF-8 goes through untouched (the output points into the input: no
 * copy); Windows-1252 and Latin-1 go through a table of 256 entries, UTF-16LE
 * and UTF-16BE through a loop of our own (both give what iconv gives:
 * tests/unit/test_decoders.c), and anything else goes through iconv.  A
 * byte order mark is honoured
 * and removed.  The decoder counts lines (LF, CRLF or a lone CR) in what it
 * hands out, so an undecodable byte is reported at its line and column
 * (column = characters from the start of the line, from 1).
 *
 * Auto-detection (no --encoding, or "auto"), decided before any data is
 * handed out, on the first 64 KiB (or the whole input when shorter):
 *   - a BOM: UTF-8, UTF-16LE or UTF-16BE;
 *   - no BOM, NUL bytes at every other position: UTF-16LE or UTF-16BE;
 *   - valid UTF-8: UTF-8;  otherwise Windows-1252.
 * When a later block holds a byte that is not UTF-8: if everything so far
 * was ASCII (which reads the same in both), the decoder switches to
 * Windows-1252 and nothing read so far changes; if non-ASCII UTF-8 was
 * already handed out, the file mixes encodings and the run stops there
 * (TS_EIO, with its line and column) rather than guess.
 */
#ifndef TS_ENCODING_H
#define TS_ENCODING_H

#include <stddef.h>

#include "ts_error.h"

struct ts_decoder;

/* 1 when name is "auto" or an encoding iconv can convert to UTF-8. */
int ts_encoding_known(const char *name);

/* A decoder for the input named path (kept for messages, borrowed).
 * encoding NULL or "auto" detects it.  Returns NULL with err set (TS_EIO
 * out of memory, TS_EUSAGE unknown encoding). */
struct ts_decoder *ts_decoder_new(const char *encoding, const char *path,
    struct ts_error *err);
void ts_decoder_free(struct ts_decoder *d);

/* Decodes the next raw block in[0..len); final = 1 after the last block
 * (len may be 0 then).  *out and *out_len receive UTF-8 that stays valid until
 * the next call; it may be empty while the decoder is still sniffing, or
 * point into in (the fast path).  A sequence cut at the end of a block is
 * carried over to the next one.  Returns 0, or TS_EIO with err set at the
 * line and column of the fault (undecodable byte, NUL byte, input ending
 * inside a character, out of memory). */
int ts_decoder_feed(struct ts_decoder *d, const char *in, size_t len,
    int final, const char **out, size_t *out_len, struct ts_error *err);

/* 1 when the last ts_decoder_feed() gave a part of its in: in itself
 * past a BOM, at most as long (valid UTF-8 handed out as it is), so that
 * a reader can read its blocks straight into the text it keeps. */
int ts_decoder_in_place(const struct ts_decoder *d);

/* The encoding in use, e.g. "UTF-8", "UTF-16LE", "Windows-1252", or the
 * name given (upper-cased).  Before the first output it is a guess. */
const char *ts_decoder_name(const struct ts_decoder *d);

#endif
