/* cmd_convert.c — tracestat convert: the normalised records out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ts_cli.h"
#include "ts_convert.h"
#include "ts_input.h"

static const char usage_convert[] =
"Usage: tracestat convert [OPTIONS] [FILE...]\n"
"\n"
"Reads records (CSV, JSON or NDJSON) and writes them normalised: canonical\n"
"field names, UTF-8, one record per accepted input row, with the year, month\n"
"and date derived from the period.  Rejected rows are reported and left out.\n"
"No FILE, or -, reads standard input; several files are pooled.\n"
"\n"
"Options:\n"
"  --to csv|json|ndjson     output format (default: csv)\n"
"  -o, --output FILE        write to FILE (atomically: all or nothing)\n"
"  --input-format csv|json|ndjson|auto\n"
"                           input format (default auto: the file extension,\n"
"                           then the content)\n"
"  --day-first              read dates as DD/MM/YYYY\n"
"  -h, --help               show this help\n"
"\n"
"CSV output quotes per RFC 4180 and puts a ' before a text cell that a\n"
"spreadsheet would run as a formula (one starting with = + - @).\n"
"\n"
"Examples:\n"
"  tracestat convert --to json data/2014.csv\n"
"  tracestat convert -o all.csv export.ndjson data/*.csv\n"
"\n"
"Exit status: 0 success, 1 rows rejected (the output is still written),\n"
"2 usage error, 3 input/output error (nothing is written).\n";

struct options {
	enum ts_convert_format to;
	const char *output;
	struct ts_load_options load;
	const char **files;
	size_t nfiles;
};

/* Returns 0, -1 after printing help, or an exit status. */
static int
parse_options(int argc, char **argv, struct options *o)
{
	int i, only_args = 0, rc;
	const char *v;

	o->files = calloc((size_t)argc + 1, sizeof *o->files);
	if (o->files == NULL)
		return TS_EIO;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
			o->files[o->nfiles++] = a;
		} else if (strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_convert, stdout);
			return -1;
		} else if (ts_cli_is_opt(a, "--to")) {
			if ((v = ts_cli_opt_value(argc, argv, &i, "--to")) == NULL)
				return ts_cli_usage_error("%s needs a value", "--to");
			if (ts_convert_parse_format(v, &o->to) != 0)
				return ts_cli_usage_error("--to: unknown format '%s' "
				    "(csv, json, ndjson)", v);
		} else if (strcmp(a, "-o") == 0 || ts_cli_is_opt(a, "--output")) {
			v = ts_cli_opt_value(argc, argv, &i, a[1] == 'o' ? "-o" : "--output");
			if (v == NULL || *v == '\0')
				return ts_cli_usage_error("%s needs a file name", a);
			o->output = v;
		} else if ((rc = ts_cli_load_option(argc, argv, &i, &o->load)) != 0) {
			if (rc != 1)
				return rc;
		} else {
			return ts_cli_usage_error("unknown option '%s'", a);
		}
	}
	return 0;
}

/* Writes the records to path through a temporary file in the same folder
 * and a rename, so an existing file is replaced whole or not at all. */
static int
write_file(const char *path, const struct ts_store *st, enum ts_convert_format to)
{
	size_t len = strlen(path);
	char *tmp = malloc(len + 16);
	FILE *fp = NULL;
	mode_t mask;
	int fd, saved;

	if (tmp == NULL) {
		ts_cli_diag(path, 0, 0, "out of memory");
		return TS_EIO;
	}
	snprintf(tmp, len + 16, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		free(tmp);
		errno = saved;
		goto fail;
	}
	/* mkstemp makes the file private; give it the mode a new file gets. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || (fp = fdopen(fd, "w")) == NULL) {
		saved = errno;
		close(fd);
		goto fail_tmp;
	}
	if (ts_convert_write(fp, st, to, 0) != 0 || fflush(fp) != 0 || fsync(fd) != 0) {
		saved = errno;
		fclose(fp);
		goto fail_tmp;
	}
	if (fclose(fp) != 0 || rename(tmp, path) != 0) {
		saved = errno;
		goto fail_tmp;
	}
	free(tmp);
	return 0;
fail_tmp:
	unlink(tmp);
	free(tmp);
	errno = saved;
fail:
	{
		char msg[300];
		snprintf(msg, sizeof msg, "cannot write: %s", strerror(errno));
		ts_cli_diag(path, 0, 0, msg);
	}
	return TS_EIO;
}

int
ts_cmd_convert(int argc, char **argv)
{
	struct options o;
	struct ts_error err;
	struct ts_diags diags = { 0 };
	struct ts_store *st = NULL;
	uint64_t rejected;
	int rc;

	memset(&o, 0, sizeof o);
	memset(&err, 0, sizeof err);
	rc = parse_options(argc, argv, &o);
	if (rc != 0) {
		free(o.files);
		return rc < 0 ? ts_cli_finish(0) : rc;
	}
	st = ts_store_new();
	if (st == NULL) {
		free(o.files);
		fputs("tracestat: out of memory\n", stderr);
		return TS_EIO;
	}
	rc = ts_cli_read_inputs(o.files, o.nfiles, &o.load, st, &diags, &err);
	if (rc != 0) {
		ts_cli_fail(&err);
		goto out;
	}
	rejected = ts_cli_rejected(st);
	if (o.output) {
		rc = write_file(o.output, st, o.to);
		if (rc == 0)
			rc = rejected ? TS_EDATA : TS_OK;
	} else {
		ts_convert_write(stdout, st, o.to, isatty(STDOUT_FILENO));
		rc = ts_cli_finish(rejected ? TS_EDATA : TS_OK);
	}
out:
	ts_store_free(st);
	ts_diags_free(&diags);
	free(o.files);
	return rc;
}
