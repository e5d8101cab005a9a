/* cli_progress.c — --threads and the progress line of the reading commands. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_i18n.h"

int
ts_cli_parse_threads(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < 1 || v > 64)
		return ts_cli_usage_error(N_("--threads: '%s' is not a number of "
		    "threads from 1 to 64"), s);
	*out = (int)v;
	return 0;
}

int
ts_cli_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n >= 2 ? 2 : 1;
}

/* Whether the line is on screen. */
struct progress_state {
	int shown;
};

static struct progress_state progress_state;

/* Short human figures: 962 MB, 10.0M. */
static void
human(char *buf, size_t size, double v, const char *unit)
{
	if (v >= 1e9)
		snprintf(buf, size, "%.1fG%s", v / 1e9, unit);
	else if (v >= 1e6)
		snprintf(buf, size, "%.1fM%s", v / 1e6, unit);
	else if (v >= 1e3)
		snprintf(buf, size, "%.0fk%s", v / 1e3, unit);
	else
		snprintf(buf, size, "%.0f%s", v, unit);
}

static void
show_progress(void *arg, const struct ts_progress *p)
{
	struct progress_state *ps = arg;
	char bytes[32], total[32], rows[32], rate[32], left[32] = "";
	double secs;

	if (p->done) {
		if (ps->shown)
			fputs("\r\033[K", stderr);
		ps->shown = 0;
		return;
	}
	secs = p->seconds;
	if (secs < 1.0 || p->bytes == 0)
		return;
	human(bytes, sizeof bytes, (double)p->bytes, "B");
	human(rows, sizeof rows, (double)p->rows, "");
	human(rate, sizeof rate, (double)p->rows / secs, "");
	if (p->total_bytes) {
		human(total, sizeof total, (double)p->total_bytes, "B");
		snprintf(left, sizeof left, ", %.0f s left",
		    secs * (double)(p->total_bytes - (p->bytes < p->total_bytes ?
		    p->bytes : p->total_bytes)) / (double)p->bytes);
		fprintf(stderr, "\r\033[Kreading: %s of %s, %s rows, %s rows/s%s",
		    bytes, total, rows, rate, left);
	} else {
		fprintf(stderr, "\r\033[Kreading: %s, %s rows, %s rows/s", bytes, rows, rate);
	}
	fflush(stderr);
	ps->shown = 1;
}

void
ts_cli_progress_setup(struct ts_load_options *opt, int mode)
{
	if (mode < 0)
		mode = isatty(STDERR_FILENO);
	opt->progress = mode ? show_progress : NULL;
	opt->progress_arg = mode ? &progress_state : NULL;
}
