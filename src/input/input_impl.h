/* input_impl.h — what the readers of src/input share with input.c: the
 * check that a file did not change while it was read, and the CSV reader's
 * entry for an input already opened (and perhaps begun) by the format
 * check.
 */
#ifndef TS_INPUT_IMPL_H
#define TS_INPUT_IMPL_H

#include <sys/stat.h>

#include "ts_input.h"

/* 1 when the file that was before (fstat at open) is not the same as
 * after (fstat once read): another size or modification time. */
int ts_input_changed(const struct stat *before, const struct stat *after);

/* Sets err to "changed while it was read" for path and returns TS_EIO;
 * the first error wins, as always. */
int ts_input_changed_error(const char *path, const struct stat *before,
    const struct stat *after, struct ts_error *err);

/* Reads CSV from the open fd (not closed here), named name in messages;
 * head[0..head_len) are its first bytes, already read out of it.  Same
 * contract as ts_csv_load(). */
int ts_csv_load_fd(struct ts_store *st, const char *name, int fd,
    const void *head, size_t head_len, const struct ts_load_options *opt,
    struct ts_diags *diags, struct ts_error *err);

#endif
