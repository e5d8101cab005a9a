/* input.c — which reader reads an input.
 *
 * --input-format wins; auto looks at the file extension (.csv .tsv, .json,
 * .ndjson .jsonl), then at the content: a first non-space byte '[' or '{'
 * means JSON, and a first line that is a whole object followed by a line
 * starting with '{' means NDJSON.  Every format is streamed by its
 * reader, from files (the first MiB settles JSON against NDJSON), pipes
 * and FIFOs (the first 64 KiB, peeked without taking them out) and
 * devices (the first 64 KiB, handed on to the CSV reader).  Read into
 * memory whole are only an input whose first object does not end in that
 * first block (only the whole content tells JSON from NDJSON), and JSON
 * or NDJSON from a device.  A stream that is not text (/dev/zero, random
 * bytes) goes to the CSV reader, which stops at its first block.
 * docs/security.md ("Inputs that are not files", "Inputs that change")
 * has the contract.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE             /* tee(2): peek into a pipe */
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "input_impl.h"
#include "ts_i18n.h"
#include "ts_input.h"

/* How many bytes of a regular file the content check looks at. */
#define SNIFF_SIZE 4096
/* How many bytes of a stream (a pipe, a device) settle its format: a
 * pipe's whole default capacity. */
#define HEAD_SIZE 65536
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

/* Reads all of fd into *buf (owned by the caller, freed on error too),
 * after the head[0..head_len) already read from it. */
static int
read_all(int fd, const char *path, const char *head, size_t head_len,
    char **buf, size_t *len, struct ts_error *err)
{
	size_t cap = 0;
	ssize_t got;

	*buf = NULL;
	*len = 0;
	if (head_len > 0) {
		if (ts_grow(buf, &cap, head_len + READ_BLOCK, 1) != 0)
			return ts_error_set(err, TS_EIO, path, 0, 0, N_("out of memory"));
		memcpy(*buf, head, head_len);
		*len = head_len;
	}
	for (;;) {
		if (ts_grow(buf, &cap, *len + READ_BLOCK, 1) != 0)
			return ts_error_set(err, TS_EIO, path, 0, 0,
			    N_("out of memory after reading %zu bytes"), *len);
		got = read(fd, *buf + *len, READ_BLOCK);
		if (got == 0)
			return 0;
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return ts_error_set(err, TS_EIO, path, 0, 0, N_("cannot read: %s"),
			    strerror(errno));
		}
		*len += (size_t)got;
	}
}

int
ts_input_changed(const struct stat *before, const struct stat *after)
{
	return before->st_size != after->st_size ||
	    before->st_mtim.tv_sec != after->st_mtim.tv_sec ||
	    before->st_mtim.tv_nsec != after->st_mtim.tv_nsec;
}

int
ts_input_changed_error(const char *path, const struct stat *before,
    const struct stat *after, struct ts_error *err)
{
	return ts_error_set(err, TS_EIO, path, 0, 0, N_("the file changed while it "
	    "was read (%lld bytes when opened, %lld after): it may still be being "
	    "written; read it again once it is complete"), (long long)before->st_size,
	    (long long)after->st_size);
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

/* 1 when s[0..len) cannot be the start of text: it holds a NUL byte and
 * is not UTF-16 or UTF-32 (a byte order mark, or NUL bytes on one side of
 * every pair only).  /dev/zero and random bytes are caught here. */
static int
not_text(const char *s, size_t len)
{
	size_t i, nul[2] = { 0, 0 }, other[2] = { 0, 0 };

	if (len >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0))
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '\0')
			nul[i & 1]++;
		else
			other[i & 1]++;
	}
	if (nul[0] + nul[1] == 0)
		return 0;
	/* UTF-16 text of one script: its NUL bytes on one side only. */
	return !((nul[0] == 0 && other[0] > 0) || (nul[1] == 0 && other[1] > 0));
}

/* What the first bytes of an input say, once they say it. */
enum head_says {
	HEAD_MORE,      /* only space so far, or a first line not ended yet */
	HEAD_CSV,       /* CSV, or not text (the CSV reader says why) */
	HEAD_JSON,      /* '[' or '{' and not NDJSON by its first line */
	HEAD_NDJSON,
	HEAD_WHOLE,     /* only the whole input can tell JSON from NDJSON */
};

/* What s[0..len), the first bytes of an input, say.  ended: nothing
 * follows them; full: no more can be seen (the block, or the pipe, is
 * full).  check_text: an encoding was not given, so NUL bytes cannot be
 * text. */
static enum head_says
head_says(const char *name, const char *s, size_t len, int ended, int full,
    int check_text)
{
	int whole = ended || full;
	size_t i;

	if (check_text && not_text(s, len))
		return HEAD_CSV;
	i = first_byte(s, len);
	if (i == len)
		return whole ? HEAD_CSV : HEAD_MORE;
	if (s[i] != '[' && s[i] != '{')
		return HEAD_CSV;
	/* A first object whose line has not ended cannot tell NDJSON from
	 * JSON: wait for the rest of the line, and when the block ends
	 * first, read the input whole. */
	if (s[i] == '{' && memchr(s + i, '\n', len - i) == NULL) {
		if (!whole)
			return HEAD_MORE;
		if (full)
			return HEAD_WHOLE;
	}
	return ts_input_detect(name, s, len) == TS_FORMAT_NDJSON ? HEAD_NDJSON :
	    HEAD_JSON;
}

/* Looks at the first bytes of the pipe fd without taking them out of it
 * (tee(2) copies them into a pipe of our own), until they say what the
 * input is.  The writer may be slow: while the pipe holds only space or a
 * first line not ended, is still open and not full, look again a
 * millisecond later.  Full is the smaller pipe's capacity (64 KiB, or
 * one page for a user past pipe-user-pages-soft), as no more can be seen
 * without taking bytes out. */
static enum head_says
peek_pipe(int fd, const char *name, int check_text, char *buf, size_t *seen)
{
#ifdef __linux__
	struct pollfd pf;
	struct timespec ms = { 0, 1000000 };
	enum head_says says = HEAD_WHOLE;
	int p[2], cap;
	ssize_t n, got, part;
	size_t room = HEAD_SIZE;

	*seen = 0;
	if (pipe(p) != 0)
		return HEAD_WHOLE;
	if ((cap = fcntl(fd, F_GETPIPE_SZ)) > 0 && (size_t)cap < room)
		room = (size_t)cap;
	if ((cap = fcntl(p[1], F_GETPIPE_SZ)) > 0 && (size_t)cap < room)
		room = (size_t)cap;
	for (;;) {
		do
			n = tee(fd, p[1], HEAD_SIZE, 0);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			break;          /* not a pipe after all: read it whole */
		for (got = 0; got < n; got += part)
			if ((part = read(p[0], buf + got, (size_t)(n - got))) <= 0)
				break;
		*seen = (size_t)got;
		pf.fd = fd;
		pf.events = POLLIN;
		pf.revents = 0;
		says = head_says(name, buf, (size_t)got, n == 0 ||
		    (poll(&pf, 1, 0) == 1 && (pf.revents & POLLHUP)),
		    (size_t)got >= room, check_text);
		if (says != HEAD_MORE)
			break;
		nanosleep(&ms, NULL);
	}
	close(p[0]);
	close(p[1]);
	return says;
#else
	(void)fd;
	(void)name;
	(void)check_text;
	(void)buf;
	*seen = 0;
	return HEAD_WHOLE;
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

/* Reads the first bytes of a stream that cannot be peeked into (a device,
 * a socket) into head[0..*len), until they say what the input is. */
static enum head_says
read_head(int fd, const char *name, int check_text, char *head, size_t *len,
    struct ts_error *err)
{
	enum head_says says = HEAD_MORE;
	ssize_t got;

	*len = 0;
	while (says == HEAD_MORE) {
		got = read(fd, head + *len, HEAD_SIZE - *len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			ts_error_set(err, TS_EIO, name, 0, 0, N_("cannot read: %s"),
			    strerror(errno));
			return HEAD_MORE;
		}
		*len += (size_t)got;
		says = head_says(name, head, *len, got == 0, *len == HEAD_SIZE,
		    check_text);
	}
	return says;
}

/* An input that is not a regular file, format f (auto or JSON): its
 * first block settles the format, and CSV, JSON and NDJSON are streamed
 * from there (JSON and NDJSON only when that block is still in the pipe:
 * their readers start from the first byte); a source that is not text
 * stops within that block (the CSV reader names the first byte that is
 * not text). */
static int
load_stream(struct ts_store *st, const char *path, int fd, int is_fifo,
    enum ts_input_format f, const struct ts_load_options *opt,
    struct ts_diags *diags, struct ts_error *err)
{
	enum head_says says;
	size_t len = 0, seen;
	char *head = malloc(HEAD_SIZE), *data = NULL;
	int rc, check_text = opt->encoding == NULL || strcmp(opt->encoding, "auto") == 0;

	if (head == NULL)
		return ts_error_set(err, TS_EIO, path, 0, 0, N_("out of memory"));
	if (is_fifo) {
		says = peek_pipe(fd, path, check_text, head, &seen);
	} else {
		says = read_head(fd, path, check_text, head, &len, err);
		seen = len;
	}
	if (says != HEAD_MORE && f == TS_FORMAT_JSON) {
		if (check_text && not_text(head, seen)) {
			free(head);
			return ts_error_set(err, TS_EIO, path, 0, 0, N_("not text: NUL "
			    "bytes in its first %zu bytes (for UTF-16 or UTF-32 give "
			    "--encoding)"), seen);
		}
		says = HEAD_JSON;
	}
	if (says == HEAD_MORE)
		rc = err->code;
	else if (says == HEAD_CSV)
		rc = ts_csv_load_fd(st, path, fd, head, len, opt, diags, err);
	else if (says == HEAD_NDJSON && len == 0)
		rc = ts_ndjson_load_fd(st, path, fd, opt, diags, err);
	else if (says == HEAD_JSON && len == 0)
		rc = ts_json_load_fd(st, path, fd, opt, diags, err);
	else if ((rc = read_all(fd, path, head, len, &data, &len, err)) == 0)
		rc = load_mem(st, path, data, len, f, opt, diags, err);
	free(head);
	free(data);
	return rc;
}

int
ts_input_load(struct ts_store *st, const char *path,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	enum ts_input_format f = opt->format;
	struct stat sb, after;
	char *data = NULL;
	size_t len = 0;
	int fd, rc, csv = 0, is_stdin = strcmp(path, "-") == 0;

	memset(&sb, 0, sizeof sb);
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
		rc = ts_error_set(err, TS_EIO, path, 0, 0, N_("cannot read: %s"),
		    strerror(errno));
	} else if (S_ISDIR(sb.st_mode)) {
		rc = ts_error_set(err, TS_EIO, path, 0, 0, N_("is a directory"));
	} else if (f == TS_FORMAT_NDJSON) {
		rc = ts_ndjson_load_fd(st, path, fd, opt, diags, err);
	} else if (!S_ISREG(sb.st_mode)) {
		rc = load_stream(st, path, fd, S_ISFIFO(sb.st_mode), f, opt, diags, err);
	} else if (f == TS_FORMAT_AUTO && by_extension(path) == TS_FORMAT_AUTO &&
	    regular_file_is_csv(fd)) {
		/* Let the CSV reader stream it from the start. */
		rc = ts_csv_load_fd(st, path, fd, NULL, 0, opt, diags, err);
		csv = 1;
	} else if ((f = regular_file_json(fd, path, f)) != TS_FORMAT_AUTO) {
		/* A file of JSON streams too: memory for a record, not the file. */
		rc = f == TS_FORMAT_NDJSON ? ts_ndjson_load_fd(st, path, fd, opt, diags, err) :
		    ts_json_load_fd(st, path, fd, opt, diags, err);
	} else if ((rc = read_all(fd, path, NULL, 0, &data, &len, err)) == 0) {
		rc = load_mem(st, path, data, len, f, opt, diags, err);
	}
	/* A file that grew or was rewritten while read may have given a cut
	 * last record (the CSV reader checks its own). */
	if (rc == 0 && S_ISREG(sb.st_mode) && !csv && fstat(fd, &after) == 0 &&
	    ts_input_changed(&sb, &after))
		rc = ts_input_changed_error(path, &sb, &after, err);
	free(data);
	if (!is_stdin)
		close(fd);
	return rc;
}
