/* fuzz_csv.c — bytes -> CSV reader -> store -> report -> both writers
 * (the checks are in pipeline.c). */
#include "fuzz.h"
#include "fuzz_util.h"

int
ts_fuzz_csv(const uint8_t *data, size_t size)
{
	struct ts_load_options opt = { 0 };

	/* Options from the size, so that a saved input replays the same. */
	opt.day_first = (int)(size & 1);
	/* Half of them read a wide table's values as convictions, and
	 * every fiscal year from October (docs/input.md). */
	if (size & 2) {
		opt.layout.measures[0] = "convictions";
		opt.layout.nmeasures = 1;
		opt.layout.fiscal_start = 10;
	}
	/* The name says CSV to a reader that detects the format. */
	ts_fuzz_pipeline(data, size, "fuzz.csv", &opt, 1);
	return 0;
}
