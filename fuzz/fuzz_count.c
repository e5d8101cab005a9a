/* fuzz_count.c — count cells (ts_parse_count).
 *
 * Checks that a parsed count is never negative, that plain digits give the
 * value strtoull gives, that the printed value parses back to itself, and
 * that surrounding spaces change nothing.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ts_fields.h"

int
ts_fuzz_count(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	enum ts_count_parse r, r2;
	int64_t v = -1, v2 = -1;
	char buf[32], *padded, *end;
	size_t i, digits = 0;
	unsigned long long u;

	r = ts_parse_count(s, size, &v);
	FUZZ_CHECK(r >= TS_COUNT_OK && r <= TS_COUNT_TOO_BIG);
	if (r == TS_COUNT_OK) {
		FUZZ_CHECK(v >= 0);
		snprintf(buf, sizeof buf, "%" PRId64, v);
		FUZZ_CHECK(ts_parse_count(buf, strlen(buf), &v2) == TS_COUNT_OK && v2 == v);
	}
	for (i = 0; i < size; i++)
		digits += s[i] >= '0' && s[i] <= '9';
	if (size > 0 && size < 64 && digits == size) {
		/* Plain digits: the value strtoull gives, or too big. */
		padded = malloc(size + 1);
		if (padded != NULL) {
			memcpy(padded, s, size);
			padded[size] = '\0';
			errno = 0;
			u = strtoull(padded, &end, 10);
			if (errno == ERANGE || u > (unsigned long long)INT64_MAX)
				FUZZ_CHECK(r == TS_COUNT_TOO_BIG);
			else
				FUZZ_CHECK(r == TS_COUNT_OK && (unsigned long long)v == u);
			free(padded);
		}
	}
	/* The same cell with spaces around it parses the same. */
	padded = malloc(size + 2);
	if (padded == NULL)
		return 0;
	padded[0] = ' ';
	if (size)
		memcpy(padded + 1, s, size);
	padded[size + 1] = ' ';
	r2 = ts_parse_count(padded, size + 2, &v2);
	FUZZ_CHECK(r2 == r);
	FUZZ_CHECK(r != TS_COUNT_OK || v2 == v);
	free(padded);
	return 0;
}
