/* fuzz_jsonscan.c — the JSON reader's in-place scanner against cJSON.
 *
 * A record whose strings have no backslash is read from the text in place
 * (load_json.c); any other goes to cJSON.  Whatever the bytes, reading one
 * object in place must give what cJSON gives for it: the same members in
 * the same order, with the same keys, types and values (numbers by their
 * text, found again for cJSON, nested ones counted).  The in-place scanner
 * is stricter than cJSON (RFC 8259): every object it accepts, cJSON must
 * accept too.  Both ways are recorded as one string of events and must be
 * equal.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ts_error.h"
#include "ts_input.h"

struct events {
	char *buf;
	size_t len, cap;
	int oom;
};

static void
put(struct events *ev, const void *p, size_t n)
{
	if (ev->oom || ts_grow(&ev->buf, &ev->cap, ev->len + n, 1) != 0) {
		ev->oom = 1;
		return;
	}
	if (n)
		memcpy(ev->buf + ev->len, p, n);
	ev->len += n;
}

static void
on_member(const char *key, size_t key_len, int type, const char *val,
    size_t val_len, void *arg)
{
	char t = (char)type;

	put(arg, &key_len, sizeof key_len);
	put(arg, key, key_len);
	put(arg, &t, 1);
	put(arg, &val_len, sizeof val_len);
	put(arg, val, val_len);
}

int
ts_fuzz_jsonscan(const uint8_t *data, size_t size)
{
	struct events a = { 0 }, b = { 0 };
	int ra = ts_json_scan_members(data, size, 0, on_member, &a);
	int rb = ts_json_scan_members(data, size, 1, on_member, &b);

	if (ra >= 0 && rb >= 0 && !a.oom && !b.oom) {
		FUZZ_CHECK(ra == rb);
		FUZZ_CHECK(a.len == b.len);
		FUZZ_CHECK(a.len == 0 || memcmp(a.buf, b.buf, a.len) == 0);
	}
	free(a.buf);
	free(b.buf);
	return 0;
}
