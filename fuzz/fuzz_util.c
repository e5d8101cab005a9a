/* fuzz_util.c — small checks the fuzz targets share, and the driver of
 * the differential targets. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_util.h"
#include "ts_error.h"

int
ts_fuzz_utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		n = ts_utf8_seq(s + i, len - i);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

int
ts_fuzz_terminal_safe(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if ((p[i] < 0x20 && p[i] != '\n') || p[i] == 0x7f)
			return 0;
		n = ts_utf8_seq(s + i, len - i);
		if (n == 0)
			return 0;
		if (n == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0)
			return 0;       /* C1 control */
		i += n;
	}
	return 1;
}

void
ts_fuzz_put(struct ts_fuzz_events *ev, const void *p, size_t n)
{
	if (ev->oom || ts_grow(&ev->buf, &ev->cap, ev->len + n, 1) != 0) {
		ev->oom = 1;
		return;
	}
	if (n)
		memcpy(ev->buf + ev->len, p, n);
	ev->len += n;
}

void
ts_fuzz_differential(ts_fuzz_way_fn *scan, const void *ctx, int nways,
    const uint8_t *data, size_t size)
{
	struct ts_fuzz_events ev[8];
	int rc[8], k;

	if (nways > 8)
		nways = 8;
	for (k = 0; k < nways; k++) {
		memset(&ev[k], 0, sizeof ev[k]);
		rc[k] = scan(data, size, k, ctx, &ev[k]);
	}
	for (k = 1; k < nways; k++) {
		if (rc[0] < 0 || rc[k] < 0 || ev[0].oom || ev[k].oom)
			continue;
		FUZZ_CHECK(rc[k] == rc[0]);
		FUZZ_CHECK(ev[k].len == ev[0].len);
		FUZZ_CHECK(ev[0].len == 0 || memcmp(ev[k].buf, ev[0].buf, ev[0].len) == 0);
	}
	for (k = 0; k < nways; k++)
		free(ev[k].buf);
}
