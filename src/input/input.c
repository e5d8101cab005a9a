/* input.c — which reader reads an input.
 *
 * --input-format wins; auto looks at the file extension (.csv .tsv, .json,
 * .ndjson .jsonl), then at the content: a first non-space byte '[' or '{'
 * means JSON, and a first line that is a whole object followed by a line
 * starting with '{' means NDJSON.  Files are streamed by their readers
 * (JSON and NDJSON told apart by the first MiB), and so is CSV from a pipe;
 * JSON and NDJSON from a pipe are read into memory whole, as only the
 * content can tell them apart, and so is a file whose first object does
 * not end in its first MiB.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE             /* tee(2): peek into a pipe */
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ts_i18n.h"
#include "ts_input.h"

/* How many bytes of a regular file the content check looks at. */
#define SNIFF_SIZE 4096
#define READ_BLOCK (1u << 20)

int
ts_input_parse_format(const char *name, enum ts_input_format *out)
{
	static const struct { const char *name; enum ts_input_format f; } names[] = {
		{ "auto", TS_FORMAT_AUTO }, { "csv", TS_FORMAT_CSV },
		{ "json", TS_FORMAT_JSON }, { "ndjson", TS_FORMAT_NDJSON },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(name, names[i].name) == 0) {
			*out = names[i].f;
			return 0;
		}
	}
	return -1;
}

static enum ts_input_format
by_extension(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');

	if (dot == NULL)
		return TS_FORMAT_AUTO;
	if (strcasecmp(dot, ".csv") == 0 || strcasecmp(dot, ".tsv") == 0)
		return TS_FORMAT_CSV;
	if (strcasecmp(dot, ".json") == 0)
		return TS_FORMAT_JSON;
	if (strcasecmp(dot, ".ndjson") == 0 || strcasecmp(dot, ".jsonl") == 0)
		return TS_FORMAT_NDJSON;
	return TS_FORMAT_AUTO;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The offset of the first byte after a byte order mark and white space;
 * NUL bytes are skipped too, so UTF-16 text shows its first character. */
static size_t
first_byte(const char *s, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	else if (len >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0))
		i = 2;
	while (i < len && (is_space(s[i]) || s[i] == '\0'))
		i++;
	return i;
}

/* 1 when the object starting at s[i] ('{') closes on its own line and
 * another line starting with '{' follows (never valid JSON), or, when
 * single is set, nothing follows and it has no "records" member (one NDJSON
 * record).  A bracket count, not a parse: the reader checks the JSON. */
static int
looks_ndjson(const char *s, size_t len, size_t i, int single)
{
	long depth = 0;
	int in_string = 0, records = 0;
	size_t str_start = 0;

	for (; i < len && s[i] != '\n'; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\') {
				/* Skip the escaped character, not only the NUL
				 * byte of a UTF-16 backslash. */
				for (i++; i + 1 < len && s[i] == '\0'; i++)
					;
			} else if (c == '"') {
				in_string = 0;
				if (depth == 1 && i - str_start == 8 &&
				    memcmp(s + str_start, "\"records", 8) == 0)
					records = 1;
			}
		} else if (c == '"') {
			in_string = 1;
			str_start = i;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (--depth == 0)
				break;
		}
	}
	if (i >= len || s[i] != '}')
		return 0;
	/* NUL bytes count as space, so that UTF-16 is seen through. */
	for (i++; i < len && s[i] != '\n'; i++)
		if (!is_space(s[i]) && s[i] != '\0')
			return 0;
	while (i < len && (is_space(s[i]) || s[i] == '\0'))
		i++;
	if (i == len)
		return single && !records;
	return s[i] == '{';
}

enum ts_input_format
ts_input_detect(const char *name, const void *data, size_t len)
{
	enum ts_input_format ext = by_extension(name);
	const char *s = data;
	size_t i;

	if (ext == TS_FORMAT_CSV || ext == TS_FORMAT_NDJSON)
		return ext;
	i = first_byte(s, len);
	/* A .json file holding one object is JSON: it needs "records". */
	if (i < len && s[i] == '{' && looks_ndjson(s, len, i, ext != TS_FORMAT_JSON))
		return TS_FORMAT_NDJSON;
	if (ext == TS_FORMAT_JSON || (i < len && (s[i] == '[' || s[i] == '{')))
		return TS_FORMAT_JSON;
	return TS_FORMAT_CSV;
}

static int
load_mem(struct ts_store *st, const char *name, const void *data, size_t len,
    enum ts_input_format f, const struct ts_load_options *opt,
    struct ts_diags *diags, struct ts_error *err)
{
	if (f == TS_FORMAT_AUTO)
		f = opt->records && by_extension(name) == TS_FORMAT_AUTO ? TS_FORMAT_JSON :
		    ts_input_detect(name, data, len);
	if (f == TS_FORMAT_CSV)
		return ts_csv_load_mem(st, name, data, len, opt, diags, err);
	return ts_json_load_mem(st, name, data, len, f == TS_FORMAT_NDJSON, opt,
	    diags, err);
}

int
ts_input_load_mem(struct ts_store *st, const char *name, const void *data,
    size_t len, const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	return load_mem(st, name, data, len, opt->format, opt, diags, err);
}

/* Reads all of fd into *buf (owned by the caller, freed on error too). */
static int
read_all(int fd, const char *path, char **buf, size_t *len, struct ts_error *err)
{
	size_t cap = 0;
	ssize_t got;

	*buf = NULL;
	*len = 0;
	for (;;) {
		if (ts_grow(buf, &cap, *len + READ_BLOCK, 1) != 0)
			return ts_error_set(err, TS_EIO, path, 0, 0,
			    "out of memory after reading %zu bytes", *len);
		got = read(fd, *buf + *len, READ_BLOCK);
		if (got == 0)
			return 0;
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return ts_error_set(err, TS_EIO, path, 0, 0, "cannot read: %s",
			    strerror(errno));
		}
		*len += (size_t)got;
	}
}

/* 1 when the first bytes of a regular file say CSV, without moving its
 * offset (standard input may be a file the shell opened for us). */
static int
regular_file_is_csv(int fd)
{
	char buf[SNIFF_SIZE];
	off_t at = lseek(fd, 0, SEEK_CUR);
	ssize_t got;
	size_t i;

	if (at < 0)
		return 0;
	do
		got = pread(fd, buf, sizeof buf, at);
	while (got < 0 && errno == EINTR);
	if (got <= 0)
		return got == 0;
	i = first_byte(buf, (size_t)got);
	return i < (size_t)got && buf[i] != '[' && buf[i] != '{';
}

/* 1 when the first bytes waiting in a pipe say CSV, 0 when they say JSON
 * or cannot be seen, without taking them out of the pipe: tee(2) copies
 * them into a pipe of our own.  So CSV from a pipe streams like a file. */
static int
pipe_is_csv(int fd)
{
#ifdef __linux__
	char buf[SNIFF_SIZE];
	int p[2];
	ssize_t n, got;
	size_t i;

	if (pipe(p) != 0)
		return 0;
	do
		n = tee(fd, p[1], sizeof buf, 0);
	while (n < 0 && errno == EINTR);
	got = n > 0 ? read(p[0], buf, (size_t)n) : 0;
	close(p[0]);
	close(p[1]);
	if (got <= 0)
		return n == 0;  /* an empty pipe: the CSV reader says so */
	i = first_byte(buf, (size_t)got);
	return i < (size_t)got && buf[i] != '[' && buf[i] != '{';
#else
	(void)fd;
	return 0;
#endif
}

/* The reader that can stream a regular file of JSON, by its first MiB
 * (read without moving the file's offset): TS_FORMAT_JSON or
 * TS_FORMAT_NDJSON, or TS_FORMAT_AUTO when only the whole content can
 * tell (an object whose line does not end in that MiB). */
static enum ts_input_format
regular_file_json(int fd, const char *path, enum ts_input_format f)
{
	off_t at = lseek(fd, 0, SEEK_CUR);
	enum ts_input_format d = TS_FORMAT_AUTO;
	char *buf;
	ssize_t got;
	size_t i;

	if (f == TS_FORMAT_JSON)
		return TS_FORMAT_JSON;
	if (at < 0 || (buf = malloc(READ_BLOCK)) == NULL)
		return TS_FORMAT_AUTO;
	do
		got = pread(fd, buf, READ_BLOCK, at);
	while (got < 0 && errno == EINTR);
	if (got > 0) {
		i = first_byte(buf, (size_t)got);
		if (i < (size_t)got && (buf[i] == '[' ||
		    memchr(buf + i, '\n', (size_t)got - i) != NULL || got < READ_BLOCK))
			d = ts_input_detect(path, buf, (size_t)got);
		if (d == TS_FORMAT_CSV)
			d = TS_FORMAT_AUTO;
	}
	free(buf);
	return d;
}

int
ts_input_load(struct ts_store *st, const char *path,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	enum ts_input_format f = opt->format;
	struct stat sb;
	char *data = NULL;
	size_t len = 0;
	int fd, rc, is_stdin = strcmp(path, "-") == 0;

	/* .json is only a hint: one object per line is NDJSON all the same. */
	if (f == TS_FORMAT_AUTO && !is_stdin && by_extension(path) != TS_FORMAT_JSON)
		f = by_extension(path);
	/* --records names an array inside one object: JSON. */
	if (f == TS_FORMAT_AUTO && opt->records)
		f = TS_FORMAT_JSON;
	if (f == TS_FORMAT_CSV)
		return ts_csv_load(st, path, opt, diags, err);
	if (is_stdin) {
		fd = STDIN_FILENO;
	} else if ((fd = open(path, O_RDONLY)) < 0) {
		return ts_error_set(err, TS_EIO, path, 0, 0, N_("cannot open: %s"),
		    strerror(errno));
	}
	if (fstat(fd, &sb) != 0) {
		rc = ts_error_set(err, TS_EIO, path, 0, 0, "cannot read: %s",
		    strerror(errno));
	} else if (S_ISDIR(sb.st_mode)) {
		rc = ts_error_set(err, TS_EIO, path, 0, 0, "is a directory");
	} else if (f == TS_FORMAT_NDJSON) {
		rc = ts_ndjson_load_fd(st, path, fd, opt, diags, err);
	} else if (f == TS_FORMAT_AUTO && by_extension(path) == TS_FORMAT_AUTO &&
	    (S_ISREG(sb.st_mode) ? regular_file_is_csv(fd) :
	    is_stdin && S_ISFIFO(sb.st_mode) && pipe_is_csv(fd))) {
		/* Let the CSV reader stream it from the start (it opens the
		 * file again, or goes on reading standard input). */
		if (!is_stdin)
			close(fd);
		return ts_csv_load(st, path, opt, diags, err);
	} else if (S_ISREG(sb.st_mode) &&
	    (f = regular_file_json(fd, path, f)) != TS_FORMAT_AUTO) {
		/* A file of JSON streams too: memory for a record, not the file. */
		rc = f == TS_FORMAT_NDJSON ? ts_ndjson_load_fd(st, path, fd, opt, diags, err) :
		    ts_json_load_fd(st, path, fd, opt, diags, err);
	} else if ((rc = read_all(fd, path, &data, &len, err)) == 0) {
		rc = load_mem(st, path, data, len, f, opt, diags, err);
	}
	free(data);
	if (!is_stdin)
		close(fd);
	return rc;
}
