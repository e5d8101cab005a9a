/* fuzz_jsonscan.c — the JSON reader's in-place scanner against cJSON.
 *
 * A record whose strings have no backslash is read from the text in place
 * (load_json.c); any other goes to cJSON.  Whatever the bytes, reading one
 * object in place must give what cJSON gives for it: the same members in
 * the same order, with the same keys, types and values (numbers by their
 * text, found again for cJSON, nested ones counted).  The in-place scanner
 * is stricter than cJSON (RFC 8259): every object it accepts, cJSON must
 * accept too.  Both ways are recorded as one string of events and must be
 * equal (ts_fuzz_differential, fuzz_util.c).
 */
#include "fuzz.h"
#include "fuzz_util.h"
#include "ts_error.h"
#include "ts_input.h"

static void
on_member(const char *key, size_t key_len, int type, const char *val,
    size_t val_len, void *arg)
{
	char t = (char)type;

	ts_fuzz_put(arg, &key_len, sizeof key_len);
	ts_fuzz_put(arg, key, key_len);
	ts_fuzz_put(arg, &t, 1);
	ts_fuzz_put(arg, &val_len, sizeof val_len);
	ts_fuzz_put(arg, val, val_len);
}

/* Way 0: in place when it can; 1: always through cJSON. */
static int
scan_way(const uint8_t *data, size_t size, int way, const void *ctx,
    struct ts_fuzz_events *ev)
{
	(void)ctx;
	return ts_json_scan_members(data, size, way, on_member, ev);
}

int
ts_fuzz_jsonscan(const uint8_t *data, size_t size)
{
	ts_fuzz_differential(scan_way, NULL, 2, data, size);
	return 0;
}
