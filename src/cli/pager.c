/* pager.c — a long text report on a terminal goes through $PAGER, as git
 * does (README, "On a terminal"). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ts_cli.h"

/* The rows of the terminal: LINES when set, else the terminal's, else 24. */
static long
screen_rows(void)
{
	const char *s = getenv("LINES");
	struct winsize ws;
	char *end;
	long n;

	if (s != NULL && *s) {
		n = strtol(s, &end, 10);
		if (*end == '\0' && n > 0)
			return n;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0)
		return ws.ws_row;
	return 24;
}

static int
write_all(int fd, const char *s, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, s, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Runs cmd with text on its standard input.  Returns the pager's exit
 * status, or -1 when it could not be started. */
static int
run_pager(const char *cmd, const char *text, size_t len)
{
	void (*old)(int);
	int fd[2], status;
	pid_t pid;

	if (pipe(fd) != 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		if (dup2(fd[0], STDIN_FILENO) < 0)
			_exit(127);
		close(fd[0]);
		close(fd[1]);
		/* less without LESS set: quit when the text fits, keep the
		 * colours, leave the text on the screen (git's default). */
		setenv("LESS", getenv("LESS") ? getenv("LESS") : "FRX", 0);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fd[0]);
	/* 'q' closes the pipe before the end: that is not an error. */
	old = signal(SIGPIPE, SIG_IGN);
	(void)write_all(fd[1], text, len);
	close(fd[1]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			signal(SIGPIPE, old);
			return -1;
		}
	signal(SIGPIPE, old);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 0;
}

int
ts_cli_page(const char *text, size_t len, int use_pager)
{
	const char *cmd = getenv("PAGER");
	long rows = 0;
	size_t i;
	int st;

	if (cmd == NULL)
		cmd = "less -FRX";
	if (use_pager && *cmd && strcmp(cmd, "cat") != 0 && isatty(STDOUT_FILENO)) {
		for (i = 0; i < len; i++)
			rows += text[i] == '\n';
		if (rows >= screen_rows()) {
			st = run_pager(cmd, text, len);
			/* 126, 127: the shell found no such pager, or could not
			 * run it; the text was not shown, so print it here. */
			if (st >= 0 && st != 126 && st != 127)
				return 0;
			fputs(_("tracestat: the pager did not start ($PAGER); printing "
			    "directly\n"), stderr);
		}
	}
	fwrite(text, 1, len, stdout);
	return ferror(stdout) ? -1 : 0;
}
