/* main.c — entry point: ts_cli_main() (src/cli/cli.c) dispatches to the
 * commands; docs/architecture.md maps the rest of the tree. */
#define _DEFAULT_SOURCE         /* mallopt() beside _POSIX_C_SOURCE */
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "ts_cli.h"
#include "ts_i18n.h"

/* Where `make install` puts the catalogues (docs/i18n.md). */
#ifndef TS_LOCALEDIR
#define TS_LOCALEDIR "/usr/local/share/locale"
#endif

int
main(int argc, char **argv)
{
#ifdef __GLIBC__
	/* Arrays of a MiB and more in mappings of their own, always: the
	 * record columns then grow by mremap() without a copy.  By default
	 * glibc raises this threshold each time such an array is freed, and
	 * the columns of a 10M-row case list then grew inside the heap, old
	 * and new copies resident at once (350 MB instead of 300 MB). */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	ts_i18n_set_dir(TS_LOCALEDIR);
	return ts_cli_main(argc, argv);
}
