/* fuzz_claim.c — published figures (--claim, ts_claim_parse and
 * ts_claim_check).  Built once the claim code is on main.
 *
 * Checks that a parsed claim is a finite, non-negative proportion, that a
 * match names no slip, and that the figure ts_claim_check says is correct
 * parses and matches in its turn.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ts_claim.h"

int
ts_fuzz_claim(const uint8_t *data, size_t size)
{
	static const int64_t kn[][2] = {
		{ 19, 229 }, { 0, 1 }, { 1, 1 }, { 1, 3 }, { 2, 3 },
		{ 152, 2105 }, { 1, 1000000007 }, { INT64_MAX / 3, INT64_MAX },
	};
	struct ts_claim c, back;
	struct ts_claim_result res, res2;
	struct ts_error err;
	char *text;
	size_t i;

	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&err, 0, sizeof err);
	if (ts_claim_parse(text, &c, &err) != 0) {
		FUZZ_CHECK(err.code == TS_EUSAGE && err.message[0] != '\0');
		free(text);
		return 0;
	}
	FUZZ_CHECK(isfinite(c.value) && c.value >= 0);
	FUZZ_CHECK(c.decimals >= 0);
	for (i = 0; i < sizeof kn / sizeof kn[0]; i++) {
		memset(&err, 0, sizeof err);
		memset(&res, 0, sizeof res);
		if (ts_claim_check(&c, kn[i][0], kn[i][1], &res, &err) != 0) {
			FUZZ_CHECK(err.code == TS_EUSAGE && err.message[0] != '\0');
			continue;
		}
		FUZZ_CHECK(!res.matches || res.slip == TS_SLIP_NONE);
		FUZZ_CHECK(memchr(res.correct, '\0', sizeof res.correct) != NULL);
		/* The correct figure, printed as the claim was, matches. */
		memset(&err, 0, sizeof err);
		if (res.correct[0] != '\0' && ts_claim_parse(res.correct, &back, &err) == 0 &&
		    ts_claim_check(&back, kn[i][0], kn[i][1], &res2, &err) == 0)
			FUZZ_CHECK(res2.matches);
	}
	free(text);
	return 0;
}
