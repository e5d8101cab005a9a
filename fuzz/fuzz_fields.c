/* fuzz_fields.c — header folding and matching (ts_fields_fold,
 * ts_fields_match).
 *
 * Checks that folding never writes past the buffer it is given and always
 * terminates it, that a match is a real field, and that the characters
 * folding drops (space, hyphen, underscore, dot) do not change the match.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ts_fields.h"

int
ts_fuzz_fields(const uint8_t *data, size_t size)
{
	static const size_t sizes[] = { 1, 2, 7, 64, 128, 4096 };
	const char *s = (const char *)data;
	enum ts_field f, g;
	char *out, *padded;
	size_t i, n;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		/* An exact-size heap buffer, so ASan sees any overrun. */
		out = malloc(sizes[i]);
		if (out == NULL)
			return 0;
		n = ts_fields_fold(s, size, out, sizes[i]);
		FUZZ_CHECK(n < sizes[i]);
		FUZZ_CHECK(out[n] == '\0');
		free(out);
	}
	FUZZ_CHECK(ts_fields_fold(s, size, NULL, 0) == 0);

	f = ts_fields_match(s, size);
	FUZZ_CHECK(f >= TS_F_NONE && f < TS_NFIELDS);
	FUZZ_CHECK(f == TS_F_NONE || ts_field_by_name(ts_field_name(f)) == f);

	padded = malloc(size + 2);
	if (padded == NULL)
		return 0;
	padded[0] = '_';
	if (size)
		memcpy(padded + 1, s, size);
	padded[size + 1] = ' ';
	g = ts_fields_match(padded, size + 2);
	FUZZ_CHECK(g == f);
	free(padded);
	return 0;
}
