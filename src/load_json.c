/* load_json.c — the JSON reader (cJSON).  The only file that includes
 * <cJSON.h>. */
#include <cJSON.h>

#include "ts_input.h"

#define TS_STR_(x) #x
#define TS_STR(x) TS_STR_(x)

const char *
ts_input_json_version(void)
{
	return TS_STR(CJSON_VERSION_MAJOR) "." TS_STR(CJSON_VERSION_MINOR) "."
	    TS_STR(CJSON_VERSION_PATCH);
}
