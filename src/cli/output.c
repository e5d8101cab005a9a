/* output.c — atomic replacement of an output file (docs/security.md,
 * "Output files"). */
/* O_TMPFILE, linkat's AT_EMPTY_PATH and flock() are Linux and BSD, not
 * POSIX; realpath() is XSI. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ts_i18n.h"
#include "ts_output.h"

#ifndef NAME_MAX
#define NAME_MAX 255
#endif

/* The temporary file's name is ".BASE" TMP_TAG "XXXXXX": the tag tells a
 * temporary file of tracestat's from another program's (rsync writes
 * ".BASE.XXXXXX" too), so that stale ones can be told apart. */
#define TMP_TAG ".tracestat-"
#define TMP_RANDOM 6
/* The longest part of BASE kept in the name, so that the name fits in
 * NAME_MAX: "." + BASE + TMP_TAG + XXXXXX. */
#define TMP_BASE_MAX (NAME_MAX - 1 - (sizeof TMP_TAG - 1) - TMP_RANDOM)

/* The named temporary file the signal handler removes; set only while
 * one exists. */
static char *volatile pending_tmp;

/* Every signal whose default action ends the process (POSIX and Linux);
 * the real-time signals are added in a loop. */
static const int fatal_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE,
	SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGXCPU, SIGXFSZ,
	SIGVTALRM, SIGPROF, SIGSYS,
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
#ifdef SIGPOLL
	SIGPOLL,
#endif
#ifdef SIGPWR
	SIGPWR,
#endif
};

#define NFATAL (sizeof fatal_signals / sizeof fatal_signals[0])
#ifdef SIGRTMIN
#define NSIG_MAX 128
#else
#define NSIG_MAX 64
#endif

/* Which signals carry our handler, so that only those are given back. */
static unsigned char caught[NSIG_MAX];

static void
on_signal(int sig)
{
	char *tmp = pending_tmp;
	struct sigaction sa;
	sigset_t set;

	if (tmp)
		unlink(tmp);
	/* Die of the same signal, so that the exit status tells the truth. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	raise(sig);
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

static void
catch_one(int sig, int on)
{
	struct sigaction sa, old;

	if (sig <= 0 || sig >= NSIG_MAX)
		return;
	if (!on) {
		if (caught[sig]) {
			memset(&sa, 0, sizeof sa);
			sa.sa_handler = SIG_DFL;
			sigemptyset(&sa.sa_mask);
			sigaction(sig, &sa, NULL);
			caught[sig] = 0;
		}
		return;
	}
	/* A signal the caller ignores (nohup, SIGPIPE in main) stays
	 * ignored; one with a handler keeps it. */
	if (sigaction(sig, NULL, &old) != 0 || old.sa_handler != SIG_DFL ||
	    (old.sa_flags & SA_SIGINFO))
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL) == 0)
		caught[sig] = 1;
}

static void
catch_signals(int on)
{
	size_t i;
#ifdef SIGRTMIN
	int rt;
#endif

	for (i = 0; i < NFATAL; i++)
		catch_one(fatal_signals[i], on);
#ifdef SIGRTMIN
	for (rt = SIGRTMIN; rt <= SIGRTMAX; rt++)
		catch_one(rt, on);
#endif
}

/* Blocks (on) or restores (off) every signal, around the few steps that
 * must not be cut: naming the temporary file and renaming it. */
static void
hold_signals(int on, sigset_t *saved)
{
	sigset_t all;

	if (on) {
		sigfillset(&all);
		pthread_sigmask(SIG_BLOCK, &all, saved);
	} else {
		pthread_sigmask(SIG_SETMASK, saved, NULL);
	}
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

/* 1 when path is a symbolic link that the kernel's protected_symlinks rule
 * would not follow: in a sticky, world-writable folder (/tmp), owned by
 * neither us nor the folder's owner, so possibly planted by another user
 * to make us write through it. */
static int
planted_link(const char *path)
{
	struct stat link, dir;
	char *folder;
	int planted = 0;

	if (lstat(path, &link) != 0 || !S_ISLNK(link.st_mode))
		return 0;
	folder = folder_of(path);
	if (folder == NULL)
		return 1;       /* cannot tell: do not follow */
	if (stat(folder, &dir) == 0 && (dir.st_mode & S_ISVTX) &&
	    (dir.st_mode & S_IWOTH) && link.st_uid != geteuid() &&
	    link.st_uid != dir.st_uid)
		planted = 1;
	free(folder);
	return planted;
}

/* ".BASE.tracestat-" for the file named base: the part of every temporary
 * name before its random letters, with BASE cut (before a UTF-8
 * character) to keep the whole name within NAME_MAX. */
static void
tmp_prefix(const char *base, char *buf, size_t size)
{
	size_t len = strlen(base);

	if (len > TMP_BASE_MAX) {
		len = TMP_BASE_MAX;
		while (len > 0 && ((unsigned char)base[len] & 0xC0) == 0x80)
			len--;
	}
	snprintf(buf, size, ".%.*s%s", (int)len, base, TMP_TAG);
}

static int
is_random_part(const char *s)
{
	size_t i;

	for (i = 0; i < TMP_RANDOM; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return s[TMP_RANDOM] == '\0';
}

/* Removes the temporary files that runs of tracestat killed before they
 * could clean up (SIGKILL, a power cut) left for this output: names
 * ".BASE.tracestat-XXXXXX" in its folder, regular files with one link,
 * owned by us, last changed before now, and not locked (a run that is
 * still writing holds a lock on its temporary file).  Nothing else is
 * touched; failures are ignored (the run goes on). */
static void
remove_stale(const char *dir, const char *prefix)
{
	size_t plen = strlen(prefix);
	struct timespec now;
	struct dirent *e;
	struct stat sb, again;
	DIR *d;
	int fd;

	if (clock_gettime(CLOCK_REALTIME, &now) != 0 || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, plen) != 0 || !is_random_part(e->d_name + plen))
			continue;
		fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC | O_NOCTTY);
		if (fd < 0)
			continue;
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_nlink == 1 &&
		    sb.st_uid == geteuid() &&
		    (sb.st_mtim.tv_sec < now.tv_sec ||
		    (sb.st_mtim.tv_sec == now.tv_sec && sb.st_mtim.tv_nsec < now.tv_nsec)) &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0 &&
		    fstatat(dirfd(d), e->d_name, &again, AT_SYMLINK_NOFOLLOW) == 0 &&
		    again.st_dev == sb.st_dev && again.st_ino == sb.st_ino)
			unlinkat(dirfd(d), e->d_name, 0);
		close(fd);
	}
	closedir(d);
}

/* Fills the last TMP_RANDOM bytes of name with letters and digits. */
static void
random_name(char *name)
{
	static const char letters[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned long counter;
	struct timespec ts;
	uint64_t x;
	size_t len = strlen(name), i;

	clock_gettime(CLOCK_REALTIME, &ts);
	x = (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^
	    (uint64_t)getpid() << 40 ^ (uint64_t)++counter * 0x9E3779B97F4A7C15ULL;
	for (i = 0; i < TMP_RANDOM; i++) {
		x ^= x >> 33;
		x *= 0xFF51AFD7ED558CCDULL;
		x ^= x >> 29;
		name[len - TMP_RANDOM + i] = letters[x % 62];
	}
}

/* Opens an unnamed file in dir (O_TMPFILE): nothing of it is left in the
 * folder whatever ends the run, even SIGKILL.  Returns the descriptor, or
 * -1 when the file system or the kernel cannot, or when the file could
 * not be given a name at the end (no /proc, not root). */
static int
open_unnamed(const char *dir)
{
#ifdef O_TMPFILE
	char proc[64];
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);

	if (fd < 0)
		return -1;
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	if (geteuid() != 0 && access(proc, F_OK) != 0) {
		close(fd);
		return -1;
	}
	return fd;
#else
	(void)dir;
	return -1;
#endif
}

/* Gives the unnamed file fd the name out->tmp (random letters chosen
 * here).  Returns 0 or an errno value. */
static int
name_unnamed(struct ts_output *out, int fd)
{
	char proc[64];
	int tries, e = EEXIST;

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	for (tries = 0; tries < 100 && e == EEXIST; tries++) {
		random_name(out->tmp);
		if (linkat(fd, "", AT_FDCWD, out->tmp, AT_EMPTY_PATH) == 0 ||
		    linkat(AT_FDCWD, proc, AT_FDCWD, out->tmp, AT_SYMLINK_FOLLOW) == 0)
			return 0;
		e = errno;
	}
	return e;
}

/* Makes the temporary file fd what the file it replaces was: its owner and
 * group (when they differ from what a new file gets), then its mode (after
 * the owner, since fchown clears set-id bits).  A file whose owner cannot
 * be kept is not replaced: returns the errno value. */
static int
keep_owner(int fd, const struct stat *old)
{
	struct stat sb;

	if (fstat(fd, &sb) != 0)
		return errno;
	if ((sb.st_uid != old->st_uid || sb.st_gid != old->st_gid) &&
	    fchown(fd, old->st_uid, old->st_gid) != 0)
		return errno;
	if (fchmod(fd, old->st_mode & 07777) != 0)
		return errno;
	return 0;
}

static int
fail(struct ts_output *out, struct ts_error *err, const char *path, int e)
{
	ts_error_set(err, TS_EIO, path, 0, 0, N_("cannot write the output: %s"),
	    strerror(e));
	ts_output_abort(out);
	return TS_EIO;
}

int
ts_output_open(struct ts_output *out, const char *path, struct ts_error *err)
{
	return ts_output_open_flags(out, path, 0, err);
}

int
ts_output_open_flags(struct ts_output *out, const char *path, int flags,
    struct ts_error *err)
{
	const char *base;
	char *dir = NULL, *real = NULL, prefix[NAME_MAX + 1];
	size_t need;
	int fd = -1, e, exists;
	struct stat sb;
	mode_t mask;

	memset(out, 0, sizeof *out);
	if (path == NULL || strcmp(path, "-") == 0) {
		out->fp = stdout;
		return TS_OK;
	}
	if (*path == '\0' || path[strlen(path) - 1] == '/')
		return ts_error_set(err, TS_EIO, NULL, 0, 0,
		    N_("-o: '%s' is not a file name"), path);
	if (planted_link(path))
		return ts_error_set(err, TS_EIO, path, 0, 0, N_("cannot write the "
		    "output: a symbolic link in a world-writable sticky folder, "
		    "owned by another user, is not followed"));
	if (direct_target(path)) {
		/* A device, a pipe or a descriptor (-o /dev/stdout) cannot be
		 * replaced, only written to. */
		out->path = strdup(path);
		out->fp = out->path ? fopen(path, "w") : NULL;
		if (out->fp == NULL)
			return fail(out, err, path, out->path ? errno : ENOMEM);
		return TS_OK;
	}
	/* Through a symbolic link the file it points to is replaced, and the
	 * link is kept. */
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) &&
	    (real = realpath(path, NULL)) != NULL)
		path = real;
	dir = folder_of(path);
	out->path = strdup(path);
	free(real);
	path = out->path;
	if (dir == NULL || path == NULL) {
		free(dir);
		ts_output_abort(out);
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	tmp_prefix(base, prefix, sizeof prefix);
	need = strlen(dir) + strlen(prefix) + TMP_RANDOM + 2;
	out->tmp = malloc(need);
	if (out->tmp == NULL) {
		free(dir);
		ts_output_abort(out);
		return ts_error_set(err, TS_EIO, NULL, 0, 0, N_("out of memory"));
	}
	/* A hidden name in the same folder: a crash leaves an obvious
	 * ".summary.json.tracestat-XXXXXX", never a half-written
	 * summary.json. */
	snprintf(out->tmp, need, "%s/%sXXXXXX", dir, prefix);
	remove_stale(dir, prefix);
	if (!(flags & TS_OUTPUT_NAMED))
		fd = open_unnamed(dir);
	free(dir);
	if (fd >= 0) {
		out->unnamed = 1;
	} else {
		fd = mkstemp(out->tmp);
		if (fd < 0) {
			e = errno;
			free(out->tmp);
			out->tmp = NULL;
			return fail(out, err, path, e);
		}
		pending_tmp = out->tmp;
	}
	out->fd = fd;
	/* A run that still writes holds the lock; a later run's clean-up
	 * leaves the file alone (remove_stale). */
	flock(fd, LOCK_EX | LOCK_NB);
	catch_signals(1);
	/* The new file gets the owner, group and mode of the file it
	 * replaces, or the mode a plain create would give. */
	exists = stat(path, &sb) == 0;
	if (exists && (e = keep_owner(fd, &sb)) != 0) {
		ts_error_set(err, TS_EIO, path, 0, 0, N_("cannot replace the output "
		    "keeping its owner (user %ld, group %ld): %s; it is left as "
		    "it was"), (long)sb.st_uid, (long)sb.st_gid, strerror(e));
		close(fd);
		ts_output_abort(out);
		return TS_EIO;
	}
	if (!exists) {
		mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	out->fp = fdopen(fd, "w");
	if (out->fp == NULL) {
		e = errno;
		close(fd);
		return fail(out, err, path, e);
	}
	return TS_OK;
}

int
ts_output_commit(struct ts_output *out, struct ts_error *err)
{
	char *dir;
	int fd, e = 0;
	sigset_t saved;

	if (out->path == NULL)
		return TS_OK;
	if (fflush(out->fp) != 0 || ferror(out->fp))
		e = errno ? errno : EIO;
	else if (out->tmp && fsync(fileno(out->fp)) != 0 && errno != EINVAL)
		e = errno;
	if (out->tmp == NULL) {
		if (fclose(out->fp) != 0 && e == 0)
			e = errno;
		out->fp = NULL;
		if (e != 0)
			return fail(out, err, out->path, e);
		ts_output_abort(out);
		return TS_OK;
	}
	/* From here to the rename, no signal: the named file exists only
	 * for this moment and is never left behind. */
	hold_signals(1, &saved);
	if (e == 0 && out->unnamed) {
		e = name_unnamed(out, out->fd);
		if (e == 0) {
			out->unnamed = 0;
			pending_tmp = out->tmp;
		}
	}
	if (fclose(out->fp) != 0 && e == 0)
		e = errno;
	out->fp = NULL;
	if (e == 0 && rename(out->tmp, out->path) != 0)
		e = errno;
	if (e != 0) {
		hold_signals(0, &saved);
		return fail(out, err, out->path, e);
	}
	pending_tmp = NULL;
	free(out->tmp);
	out->tmp = NULL;
	hold_signals(0, &saved);
	/* The rename is durable only once the folder is on disk. */
	dir = folder_of(out->path);
	if (dir && (fd = open(dir, O_RDONLY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
	catch_signals(0);
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
		if (!out->unnamed)
			unlink(out->tmp);
		pending_tmp = NULL;
		catch_signals(0);
	}
	free(out->tmp);
	free(out->path);
	memset(out, 0, sizeof *out);
}
