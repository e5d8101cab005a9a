/* ts_output.h — where a report goes: standard output, or a file that is
 * replaced atomically.
 *
 * ts_output_open() with a path creates a temporary file in its folder (so
 * the final rename cannot cross file systems): an unnamed one (O_TMPFILE)
 * where the file system allows, else ".BASE.tracestat-XXXXXX"; the writers
 * write to out->fp; ts_output_commit() flushes, fsyncs, names the file and
 * renames it over the path.  Until the rename succeeds the old file is
 * untouched; on any failure, on ts_output_abort(), and on every signal
 * whose default action ends the process, the temporary file is removed
 * (the signal then ends the process as it would have).  The new file keeps
 * the owner, group and mode of the one it replaces, or is not written.
 * Stale temporary files of killed runs for the same path are removed.  An
 * existing path that is neither a regular file nor a folder (a device, a
 * pipe: -o /dev/stdout) is written to directly, as it cannot be replaced.
 * docs/security.md ("Output files") has the whole contract.  One output at
 * a time per process.
 */
#ifndef TS_OUTPUT_H
#define TS_OUTPUT_H

#include <stdio.h>

#include "ts_error.h"

struct ts_output {
	FILE *fp;           /* where to write */
	char *path;         /* the file to replace; NULL for standard output */
	char *tmp;          /* the temporary file's name while open */
	int fd;             /* fp's descriptor */
	int unnamed;        /* the temporary file has no name yet (O_TMPFILE) */
};

/* ts_output_open_flags(): always use a named temporary file (for tests of
 * the fallback). */
#define TS_OUTPUT_NAMED 1

/* Opens path for writing (NULL or "-": standard output).  Returns 0, or
 * TS_EIO with err set ("cannot write 'PATH': reason"). */
int ts_output_open(struct ts_output *out, const char *path, struct ts_error *err);
int ts_output_open_flags(struct ts_output *out, const char *path, int flags,
    struct ts_error *err);

/* Finishes a file output: flush, fsync, close, rename over the path, fsync
 * the folder.  Returns 0, or TS_EIO with err set and the temporary file
 * removed.  For standard output it does nothing and returns 0 (the caller
 * flushes stdout with ts_cli_finish). */
int ts_output_commit(struct ts_output *out, struct ts_error *err);

/* Abandons a file output: closes and removes the temporary file. */
void ts_output_abort(struct ts_output *out);

#endif
