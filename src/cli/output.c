/* output.c — atomic replacement of an output file. */
/* realpath() is XSI. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ts_output.h"

/* The temporary file the signal handler removes; set only while open. */
static char *volatile pending_tmp;

static void
on_signal(int sig)
{
	char *tmp = pending_tmp;

	if (tmp)
		unlink(tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
catch_signals(int on)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	size_t i;

	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], on ? on_signal : SIG_DFL);
}

/* The folder part of path ("." when there is none), malloc'd. */
static char *
folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t len;
	char *d;

	if (slash == NULL)
		return strdup(".");
	len = slash == path ? 1 : (size_t)(slash - path);
	d = malloc(len + 1);
	if (d) {
		memcpy(d, path, len);
		d[len] = '\0';
	}
	return d;
}

/* 1 when path exists and must be written in place: not a regular file or a
 * folder, or a link into /dev or /proc (/dev/stdout, /dev/fd/3). */
static int
direct_target(const char *path)
{
	struct stat sb;
	char *real;
	int direct;

	if (stat(path, &sb) != 0)
		return 0;
	if (!S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode))
		return 1;
	if (strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0)
		return 1;
	if (lstat(path, &sb) != 0 || !S_ISLNK(sb.st_mode))
		return 0;
	real = realpath(path, NULL);
	direct = real == NULL || strncmp(real, "/dev/", 5) == 0 ||
	    strncmp(real, "/proc/", 6) == 0;
	free(real);
	return direct;
}

int
ts_output_open(struct ts_output *out, const char *path, struct ts_error *err)
{
	const char *base;
	char *dir = NULL;
	size_t need;
	int fd, e;
	struct stat sb;
	mode_t mask;
	char *real = NULL;

	memset(out, 0, sizeof *out);
	if (path == NULL || strcmp(path, "-") == 0) {
		out->fp = stdout;
		return TS_OK;
	}
	if (*path == '\0' || path[strlen(path) - 1] == '/')
		return ts_error_set(err, TS_EIO, NULL, 0, 0,
		    "-o: '%s' is not a file name", path);
	if (direct_target(path)) {
		/* A device, a pipe or a descriptor (-o /dev/stdout) cannot be
		 * replaced, only written to. */
		out->path = strdup(path);
		out->fp = out->path ? fopen(path, "w") : NULL;
		if (out->fp == NULL) {
			e = out->path ? errno : ENOMEM;
			ts_output_abort(out);
			return ts_error_set(err, TS_EIO, path, 0, 0,
			    "cannot write the output: %s", strerror(e));
		}
		return TS_OK;
	}
	/* Through a symbolic link the file it points to is replaced, and the
	 * link is kept. */
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) &&
	    (real = realpath(path, NULL)) != NULL)
		path = real;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	dir = folder_of(path);
	out->path = strdup(path);
	free(real);
	path = out->path;
	need = (dir ? strlen(dir) : 0) + strlen(base) + 16;
	out->tmp = malloc(need);
	if (dir == NULL || out->path == NULL || out->tmp == NULL) {
		free(dir);
		ts_output_abort(out);
		return ts_error_set(err, TS_EIO, NULL, 0, 0, "out of memory");
	}
	/* A hidden name in the same folder: a crash leaves an obvious
	 * ".summary.json.XXXXXX", never a half-written summary.json. */
	snprintf(out->tmp, need, "%s/.%s.XXXXXX", dir, base);
	free(dir);
	fd = mkstemp(out->tmp);
	if (fd < 0) {
		ts_error_set(err, TS_EIO, path, 0, 0,
		    "cannot write the output: %s", strerror(errno));
		free(out->tmp);
		out->tmp = NULL;
		ts_output_abort(out);
		return TS_EIO;
	}
	pending_tmp = out->tmp;
	catch_signals(1);
	/* mkstemp makes the file 0600; give it the mode a plain create would
	 * (or the mode of the file it replaces). */
	if (stat(path, &sb) == 0) {
		fchmod(fd, sb.st_mode & 07777);
	} else {
		mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	out->fp = fdopen(fd, "w");
	if (out->fp == NULL) {
		ts_error_set(err, TS_EIO, path, 0, 0,
		    "cannot write the output: %s", strerror(errno));
		close(fd);
		ts_output_abort(out);
		return TS_EIO;
	}
	return TS_OK;
}

int
ts_output_commit(struct ts_output *out, struct ts_error *err)
{
	char *dir;
	int fd, e = 0;

	if (out->path == NULL)
		return TS_OK;
	if (fflush(out->fp) != 0 || ferror(out->fp))
		e = errno ? errno : EIO;
	else if (out->tmp && fsync(fileno(out->fp)) != 0 && errno != EINVAL)
		e = errno;
	if (fclose(out->fp) != 0 && e == 0)
		e = errno;
	out->fp = NULL;
	if (out->tmp == NULL && e == 0) {
		ts_output_abort(out);
		return TS_OK;
	}
	if (e == 0 && rename(out->tmp, out->path) != 0)
		e = errno;
	if (e != 0) {
		ts_error_set(err, TS_EIO, out->path, 0, 0,
		    "cannot write the output: %s", strerror(e));
		ts_output_abort(out);
		return TS_EIO;
	}
	/* The rename is durable only once the folder is on disk. */
	dir = folder_of(out->path);
	if (dir && (fd = open(dir, O_RDONLY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
	pending_tmp = NULL;
	catch_signals(0);
	free(out->tmp);
	free(out->path);
	memset(out, 0, sizeof *out);
	return TS_OK;
}

void
ts_output_abort(struct ts_output *out)
{
	if (out->fp && out->fp != stdout)
		fclose(out->fp);
	if (out->tmp) {
		unlink(out->tmp);
		pending_tmp = NULL;
		catch_signals(0);
	}
	free(out->tmp);
	free(out->path);
	memset(out, 0, sizeof *out);
}
