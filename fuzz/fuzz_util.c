/* fuzz_util.c — small checks the fuzz targets share. */
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
