/* test_output.c — -o FILE under signals, kills, other users' files and long
 * names (ts_output_open, docs/security.md "Output files"). */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "ts_output.h"

/* The "other user" of the ownership cases; the tests run as root in CI. */
#define OTHER_UID 12345
#define OTHER_GID 12345

static size_t
entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
put_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static int
file_is(const char *path, const char *text)
{
	char buf[256];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return strcmp(buf, text) == 0;
}

static void
remove_all(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1024];

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* A fresh folder (dir, a mkdtemp template) holding path = dir/summary.csv
 * with "old\n" in it. */
static void
old_summary(char *dir, char *path, size_t size)
{
	assert_non_null(mkdtemp(dir));
	snprintf(path, size, "%s/summary.csv", dir);
	put_file(path, "old\n");
}

/* Forks a child that opens path (flags as ts_output_open_flags), writes
 * 4 MiB of a report, tells the parent through a pipe (one byte: 'u' when
 * its temporary file is unnamed, 'n' when named) and waits to be killed.
 * Returns its pid; *unnamed says which kind it made. */
static pid_t
writer_child(const char *path, int flags, int *unnamed)
{
	int p[2];
	pid_t pid;
	char c;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ts_output out;
		struct ts_error err;
		size_t i;

		/* A failed assertion in the parent must not leave us behind. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(p[0]);
		memset(&err, 0, sizeof err);
		if (ts_output_open_flags(&out, path, flags, &err) != 0)
			_exit(99);
		for (i = 0; i < 4u << 20; i += 16)
			fputs("2014,A,1,1000\n\n", out.fp);
		fflush(out.fp);
		c = out.unnamed ? 'u' : 'n';
		if (write(p[1], &c, 1) != 1)
			_exit(98);
		for (;;)
			pause();
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	*unnamed = c == 'u';
	return pid;
}

/* Every signal that ends a process, sent mid-write: the process dies of
 * that signal, the old file is whole and no temporary file remains, with
 * the unnamed temporary file and with the named one. */
static void
test_output_signals(void **state)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1,
	    SIGUSR2, SIGALRM, SIGXFSZ, SIGPIPE, SIGVTALRM };
	char dir[] = "/tmp/ts-output-XXXXXX", path[64];
	size_t i;
	int flags, unnamed, status;
	pid_t pid;

	(void)state;
	old_summary(dir, path, sizeof path);
	for (flags = 0; flags <= TS_OUTPUT_NAMED; flags++) {
		for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
			pid = writer_child(path, flags, &unnamed);
			/* The named temporary file is there while it writes. */
			assert_int_equal(entries(dir), unnamed ? 1 : 2);
			assert_int_equal(kill(pid, sigs[i]), 0);
			assert_int_equal(waitpid(pid, &status, 0), pid);
			assert_true(WIFSIGNALED(status));
			assert_int_equal(WTERMSIG(status), sigs[i]);
			assert_int_equal(entries(dir), 1);
			assert_true(file_is(path, "old\n"));
		}
	}
	remove_all(dir);
}

/* SIGKILL cannot be caught: the unnamed temporary file leaves nothing;
 * the named one stays, and the next run on the same -o removes it. */
static void
test_output_sigkill(void **state)
{
	char dir[] = "/tmp/ts-output-XXXXXX", path[64];
	struct ts_output out;
	struct ts_error err;
	int flags, unnamed, status;
	pid_t pid;

	(void)state;
	old_summary(dir, path, sizeof path);
	for (flags = 0; flags <= TS_OUTPUT_NAMED; flags++) {
		pid = writer_child(path, flags, &unnamed);
		assert_int_equal(kill(pid, SIGKILL), 0);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(entries(dir), unnamed ? 1 : 2);
		assert_true(file_is(path, "old\n"));
		memset(&err, 0, sizeof err);
		assert_int_equal(ts_output_open_flags(&out, path, flags, &err), 0);
		fputs("new\n", out.fp);
		assert_int_equal(ts_output_commit(&out, &err), 0);
		assert_int_equal(entries(dir), 1);
		assert_true(file_is(path, "new\n"));
		put_file(path, "old\n");
	}
	remove_all(dir);
}

/* The clean-up removes only its own stale files: the pattern of this
 * output, regular, one link, ours, unlocked. */
static void
test_output_stale_only_ours(void **state)
{
	static const char *const kept[] = {
		".summary.csv.AbC123",                  /* rsync's pattern */
		".other.csv.tracestat-AbC123",          /* another output */
		".summary.csv.tracestat-AbC12",         /* not the pattern */
		".summary.csv.tracestat-AbC1234",
		".summary.csv.tracestat-AbC-12",
		"summary.csv.tracestat-AbC123",
	};
	char dir[] = "/tmp/ts-output-XXXXXX", path[64], name[128], target[128];
	struct ts_output out;
	struct ts_error err;
	size_t i;
	int p[2], fd;
	pid_t holder;
	char c;

	(void)state;
	old_summary(dir, path, sizeof path);
	for (i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		snprintf(name, sizeof name, "%s/%s", dir, kept[i]);
		put_file(name, "keep\n");
	}
	snprintf(name, sizeof name, "%s/.summary.csv.tracestat-Stale1", dir);
	put_file(name, "stale\n");
	/* A symbolic link of the pattern: neither it nor its target goes. */
	snprintf(target, sizeof target, "%s/target", dir);
	put_file(target, "target\n");
	snprintf(name, sizeof name, "%s/.summary.csv.tracestat-Link01", dir);
	assert_int_equal(symlink(target, name), 0);
	/* Two links to one file: not a temporary file of ours. */
	snprintf(name, sizeof name, "%s/.summary.csv.tracestat-Hard01", dir);
	assert_int_equal(link(target, name), 0);
	/* One another process still writes (it holds the lock). */
	snprintf(name, sizeof name, "%s/.summary.csv.tracestat-Live01", dir);
	put_file(name, "live\n");
	assert_int_equal(pipe(p), 0);
	holder = fork();
	assert_true(holder >= 0);
	if (holder == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		fd = open(name, O_RDONLY);
		if (fd < 0 || flock(fd, LOCK_EX) != 0 || write(p[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	assert_int_equal(read(p[0], &c, 1), 1);
	/* Another user's file of the pattern (we run as root in CI). */
	snprintf(name, sizeof name, "%s/.summary.csv.tracestat-Other1", dir);
	put_file(name, "other\n");
	if (geteuid() == 0)
		assert_int_equal(chown(name, OTHER_UID, OTHER_GID), 0);
	else
		unlink(name);
	i = entries(dir);

	memset(&err, 0, sizeof err);
	assert_int_equal(ts_output_open_flags(&out, path, TS_OUTPUT_NAMED, &err), 0);
	fputs("new\n", out.fp);
	assert_int_equal(ts_output_commit(&out, &err), 0);
	/* Only the stale one went. */
	assert_int_equal(entries(dir), i - 1);
	snprintf(name, sizeof name, "%s/.summary.csv.tracestat-Stale1", dir);
	assert_int_equal(access(name, F_OK), -1);
	snprintf(name, sizeof name, "%s/.summary.csv.tracestat-Live01", dir);
	assert_true(file_is(name, "live\n"));
	assert_true(file_is(target, "target\n"));
	assert_true(file_is(path, "new\n"));
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	close(p[0]);
	close(p[1]);
	remove_all(dir);
}

/* A file of another user and group keeps them, and its mode, when root
 * replaces it; a user who could not give the new file that owner leaves
 * the file as it was. */
static void
test_output_keeps_owner(void **state)
{
	char dir[] = "/tmp/ts-output-XXXXXX", path[64];
	struct ts_output out;
	struct ts_error err;
	struct stat sb;
	int status;
	pid_t pid;

	(void)state;
	old_summary(dir, path, sizeof path);
	assert_int_equal(chmod(path, 0600), 0);
	if (geteuid() == 0)
		assert_int_equal(chown(path, OTHER_UID, OTHER_GID), 0);
	assert_int_equal(stat(path, &sb), 0);
	memset(&err, 0, sizeof err);
	assert_int_equal(ts_output_open(&out, path, &err), 0);
	fputs("new\n", out.fp);
	assert_int_equal(ts_output_commit(&out, &err), 0);
	assert_true(file_is(path, "new\n"));
	{
		struct stat now;
		assert_int_equal(stat(path, &now), 0);
		assert_int_equal(now.st_uid, sb.st_uid);
		assert_int_equal(now.st_gid, sb.st_gid);
		assert_int_equal(now.st_mode & 07777, 0600);
	}
	if (geteuid() != 0) {
		remove_all(dir);
		return;
	}
	/* The other user, in a folder open to all, replacing root's file. */
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(chown(path, 0, 0), 0);
	assert_int_equal(chmod(path, 0666), 0);
	put_file(path, "root's\n");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		memset(&err, 0, sizeof err);
		if (setgid(OTHER_GID) != 0 || setuid(OTHER_UID) != 0)
			_exit(90);
		if (ts_output_open(&out, path, &err) != 3)
			_exit(91);
		if (strstr(err.message, "keeping its owner") == NULL)
			_exit(92);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(file_is(path, "root's\n"));
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_uid, 0);
	assert_int_equal(entries(dir), 1);
	remove_all(dir);
}

/* In a sticky folder open to all, a symbolic link of another user is not
 * followed; our own link is (its target is replaced, the link kept). */
static void
test_output_planted_link(void **state)
{
	char dir[] = "/tmp/ts-output-XXXXXX", link_path[64], target[64];
	struct ts_output out;
	struct ts_error err;
	struct stat sb;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 01777), 0);
	snprintf(target, sizeof target, "%s/victim", dir);
	snprintf(link_path, sizeof link_path, "%s/summary.csv", dir);
	put_file(target, "victim\n");
	assert_int_equal(symlink(target, link_path), 0);
	if (geteuid() == 0) {
		assert_int_equal(lchown(link_path, OTHER_UID, OTHER_GID), 0);
		memset(&err, 0, sizeof err);
		assert_int_equal(ts_output_open(&out, link_path, &err), 3);
		assert_non_null(strstr(err.message, "symbolic link"));
		assert_true(file_is(target, "victim\n"));
		assert_int_equal(entries(dir), 2);
		assert_int_equal(lchown(link_path, 0, 0), 0);
	}
	memset(&err, 0, sizeof err);
	assert_int_equal(ts_output_open(&out, link_path, &err), 0);
	fputs("new\n", out.fp);
	assert_int_equal(ts_output_commit(&out, &err), 0);
	assert_true(file_is(target, "new\n"));
	assert_int_equal(lstat(link_path, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	remove_all(dir);
}

/* Names of 248 to 255 bytes: the temporary name stays within NAME_MAX. */
static void
test_output_long_names(void **state)
{
	char dir[] = "/tmp/ts-output-XXXXXX", path[512];
	struct ts_output out;
	struct ts_error err;
	size_t len, o;
	int flags;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (flags = 0; flags <= TS_OUTPUT_NAMED; flags++) {
		for (len = 248; len <= 255; len++) {
			o = (size_t)snprintf(path, sizeof path, "%s/", dir);
			memset(path + o, 'n', len);
			path[o + len] = '\0';
			put_file(path, "old\n");
			memset(&err, 0, sizeof err);
			assert_int_equal(ts_output_open_flags(&out, path, flags, &err), 0);
			fputs("new\n", out.fp);
			assert_int_equal(ts_output_commit(&out, &err), 0);
			assert_true(file_is(path, "new\n"));
			assert_int_equal(entries(dir), 1);
			unlink(path);
		}
	}
	remove_all(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output_signals),
		cmocka_unit_test(test_output_sigkill),
		cmocka_unit_test(test_output_stale_only_ours),
		cmocka_unit_test(test_output_keeps_owner),
		cmocka_unit_test(test_output_planted_link),
		cmocka_unit_test(test_output_long_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
