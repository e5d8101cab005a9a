/* split_impl.h — reading a large input on two threads, shared by the
 * readers that do it (load_csv.c, load_json.c for NDJSON).
 *
 * The input is cut just after the first LF at or after its middle; a
 * second thread reads the bytes after the cut into a store and a
 * diagnostics list of its own (struct ts_split_half), counting lines from
 * 1, while the first reads up to the cut.  The second half is then
 * appended in order, its lines moved on by the first half's, or, when
 * anything made the second half unsure, thrown away and read again by
 * the first thread (docs/performance.md, "Two threads split a large file
 * at a line end").
 */
#ifndef TS_SPLIT_IMPL_H
#define TS_SPLIT_IMPL_H

#include <stdint.h>

#include "ts_input.h"
#include "ts_store.h"

/* What the second thread hands back. */
struct ts_split_half {
	struct ts_store *st;
	struct ts_diags diags;
	struct ts_case_dups dups;       /* its duplicate case ids */
	struct ts_error err;
	int ok;                 /* read to the end, nothing unsure */
};

/* 1 when an input of size bytes may be split: two threads allowed, a
 * seekable source (or memory), each half at least opt->split_min bytes
 * (0: 4 MiB). */
int ts_split_may(uint64_t size, int seekable, const struct ts_load_options *opt);

/* The cut of a source (the file fd, or mem when fd < 0, of size bytes):
 * the first byte after the first LF at or after the middle, or 0 when
 * there is none, or when a UTF-8 byte order mark follows it (the second
 * half's decoder would drop it as the start of a file, where one pass
 * keeps it).  buf: 64 KiB for a file. */
uint64_t ts_split_point(int fd, const char *mem, uint64_t size, char *buf);

/* The same for an encoding of ts_split_units() units: a line feed code
 * unit at an even offset for UTF-16 (2: little-endian, 3: big-endian),
 * the cut refused when U+FEFF follows it. */
uint64_t ts_split_point_units(int fd, const char *mem, uint64_t size, char *buf,
    int units);

/* 1 for an encoding in which a 0x0A byte is always a line end, so that a
 * cut at one is safe: UTF-8 and the single-byte Windows-1252 (not
 * UTF-16). */
int ts_split_encoding(const char *encoding);

/* How a CSV input in this encoding may be cut: 1 at a 0x0A byte (as
 * ts_split_encoding), 2 at a 0x000A code unit of UTF-16LE, 3 of
 * UTF-16BE (no other character's code units hold 0x000A: surrogates are
 * D800-DFFF), 0 not at all. */
int ts_split_units(const char *encoding);

/* 1 when the decoder names a and b are the same encoding: a decoder
 * given an encoding's name upper-cases it ("WINDOWS-1252"), one that
 * detected it says "Windows-1252". */
int ts_split_same_encoding(const char *a, const char *b);

/* 1 when a case id of the second half is one st has (read earlier). */
int ts_split_shares_case_ids(const struct ts_store *st, const struct ts_store *part);

/* Moves a finished second half into input idx of st: its records, rows
 * and diagnostics, their lines moved on by base_line (the half's line 1
 * is the input's line base_line + 1).  The half has warned about the case
 * ids it repeats itself, and shares none with st (the caller has
 * checked).  path names the input in an error. */
int ts_split_merge(struct ts_split_half *h, struct ts_store *st, int idx,
    long base_line, const char *path, struct ts_diags *diags,
    struct ts_error *err);

void ts_split_half_free(struct ts_split_half *h);

#endif
