/* fuzz.h — the fuzz targets, shared by libFuzzer and the replay driver.
 *
 * Each target takes arbitrary bytes, runs them through one public entry
 * point of tracestat, and checks what must hold whatever the bytes are
 * (FUZZ_CHECK).  The same functions run under libFuzzer (fuzz/libfuzzer.c,
 * `make fuzz`) and, for every saved corpus file, in the normal test run
 * (fuzz/replay.c, `make test`).  A target returns 0; a broken invariant
 * calls ts_fuzz_fail(), which aborts under libFuzzer and fails the test in
 * the replay.
 */
#ifndef TS_FUZZ_H
#define TS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int ts_fuzz_csv(const uint8_t *data, size_t size);
int ts_fuzz_count(const uint8_t *data, size_t size);
int ts_fuzz_period(const uint8_t *data, size_t size);
int ts_fuzz_fields(const uint8_t *data, size_t size);
int ts_fuzz_json(const uint8_t *data, size_t size);
int ts_fuzz_encoding(const uint8_t *data, size_t size);
int ts_fuzz_claim(const uint8_t *data, size_t size);
int ts_fuzz_csvscan(const uint8_t *data, size_t size);
int ts_fuzz_jsonscan(const uint8_t *data, size_t size);

/* Reports a broken invariant (defined by the driver). */
void ts_fuzz_fail(const char *file, int line, const char *what);

#define FUZZ_CHECK(c) do { \
	if (!(c)) \
		ts_fuzz_fail(__FILE__, __LINE__, #c); \
} while (0)

#endif
