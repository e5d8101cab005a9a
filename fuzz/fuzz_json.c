/* fuzz_json.c — bytes -> JSON or NDJSON reader -> store -> report -> both
 * writers (the checks are in pipeline.c).  Built once the JSON reader is
 * on main. */
#include "fuzz.h"
#include "fuzz_util.h"

int
ts_fuzz_json(const uint8_t *data, size_t size)
{
	struct ts_load_options opt = { 0 };

	/* Options from the size, so that a saved input replays the same. */
	opt.day_first = (int)(size >> 1 & 1);
	opt.format = size & 1 ? TS_FORMAT_NDJSON : TS_FORMAT_JSON;
	ts_fuzz_pipeline(data, size, size & 1 ? "fuzz.ndjson" : "fuzz.json", &opt, 0);
	return 0;
}
