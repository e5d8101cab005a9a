/* csv_impl.h — what the files of the CSV reader share (private to
 * src/input/): load_csv.c (records to the row map, the split and merge
 * threads), csv_scan.c (the scanner) and csv_source.c (the block source,
 * decoding and dialect). */
#ifndef TS_CSV_IMPL_H
#define TS_CSV_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "ts_encoding.h"
#include "ts_input.h"

struct csv_parser;

#define BLOCK_SIZE (1u << 20)

/* A field the scanner split: bytes of the block. */
struct scan_span {
	const char *s;
	size_t n;
};

/* The scanner's state across blocks (see ts_csv_scan_block()). */
struct scan {
	struct csv_parser *p;
	/* A record the scanner split: its fields (never a line end inside,
	 * none for a blank line) and the line end; what libcsv would report
	 * through csv_field and row. */
	void (*record)(const struct scan_span *sp, size_t n, int term, void *arg);
	/* What libcsv parses: a field, a row end (its callback types). */
	void (*csv_field)(void *, size_t, void *);
	void (*row)(int, void *);
	void *arg;
	const int *stop;        /* nonzero: the consumer wants no more */
	int in_csv;             /* libcsv holds the start of an unended record */
	unsigned long csv_rows; /* rows libcsv has ended */
};

/* Where the bytes come from: a file read with pread() (so that two threads
 * can read two ranges of it at once), a stream read with read(), or memory.
 * Files are read in large blocks rather than mapped: mapped pages would
 * count in the process's resident memory. */
struct source {
	const char *path;
	int fd;                 /* -1 for memory */
	int seekable;           /* fd is a regular file: pread() works */
	const char *mem;
	uint64_t size;          /* seekable or memory: total bytes */
};

struct reader {
	const struct source *src;
	uint64_t pos, end;      /* the range still to hand out */
	char *buf;
};

/* --- Decoding and dialect -------------------------------------------
 * A source that wraps the raw reader: it decodes each block to UTF-8
 * (ts_encoding.h) and, on the first decoded block, sniffs the delimiter
 * from the header line when none was given.  The end of a reader's range
 * is the end of the input only when the range reaches the end of the
 * source: a part of a split input pauses there and goes on later. */
struct decoded_src {
	struct reader *r;
	struct ts_decoder *dec;
	struct csv_parser *p;
	struct ts_input_info *info;
	char delimiter;         /* 0: sniff */
	int eof, started;
};

/* Parses the next block s[0..len) of the input: 0, or -1 on a parse
 * error.  Stops early when *sc->stop is set (csv_scan.c). */
int ts_csv_scan_block(struct scan *sc, const char *s, size_t len);

/* libcsv's space test for a tab-delimited input (csv_source.c). */
int ts_csv_is_space(unsigned char c);

/* The next block of the reader's range: its length, 0 at the end, or -1
 * with err set. */
long ts_csv_next_block(struct reader *r, const char **out, struct ts_error *err);

/* 1 when the reader's range ends where the source ends. */
int ts_csv_at_source_end(const struct reader *r);

/* The next decoded block: its length, 0 at the end, or -1 with err set. */
long ts_csv_next_decoded(struct decoded_src *d, const char **buf, struct ts_error *err);

#endif
