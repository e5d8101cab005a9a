/* libfuzzer.c — the libFuzzer entry point for one target.
 *
 * Built once per target with -DTS_FUZZ_TARGET=ts_fuzz_NAME (see the fuzz
 * rule in the Makefile); a broken invariant aborts so libFuzzer saves the
 * input as a crash.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return TS_FUZZ_TARGET(data, size);
}

void
ts_fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	abort();
}
