/* load_csv.c — CSV input through libcsv: header mapping, rows to records.
 *
 * The only file that includes <csv.h>.  libcsv counts no lines, so the
 * parser runs with CSV_REPALL_NL: every line end outside a record is
 * reported as an empty row, and the newlines inside quoted fields are
 * counted from the field text.  Together they give the physical line where
 * each record starts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "ts_fields.h"
#include "ts_input.h"

#define BLOCK_SIZE (1u << 20)

/* What a column means, fixed when the header is read. */
struct column {
	enum ts_field field;
	int dim;                /* store dimension, or -1 */
	char *header;           /* as written (owned) */
};

struct loader {
	struct ts_store *st;
	const char *path;
	uint32_t input;
	struct ts_input_info *info;
	const struct ts_load_options *opt;
	struct ts_diags *diags;
	struct ts_error *err;

	long line;              /* physical line where the next record starts */
	int prev_term;          /* the last row terminator seen */
	int header_done;
	int oom;

	struct column *cols;
	size_t ncols, cols_cap;
	int has_count;

	/* The row being read. */
	size_t nfields;
	long row_newlines;
	int rejected;
	struct ts_row row;
	struct ts_period periods[4];   /* date, month, period, year */
	uint32_t *dims;
	size_t ndims;
};

/* Newlines inside a field: CRLF counts once, a lone CR once. */
static long
count_newlines(const char *s, size_t len)
{
	long n = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			n++;
		else if (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))
			n++;
	}
	return n;
}

static void
reject(struct loader *ld, const char *fmt, const char *field, const char *value,
    size_t len)
{
	char q[128];

	if (ld->rejected)
		return;
	ld->rejected = 1;
	ts_quote(value, len, q, sizeof q);
	if (ts_diags_add(ld->diags, TS_DIAG_REJECT, ld->input, ld->line, fmt,
	    field, q) != 0)
		ld->oom = 1;
}

static void
header_field(struct loader *ld, const char *s, size_t len)
{
	struct column *c;

	if (ts_grow(&ld->cols, &ld->cols_cap, ld->ncols + 1, sizeof *ld->cols) != 0) {
		ld->oom = 1;
		return;
	}
	c = &ld->cols[ld->ncols++];
	c->field = TS_F_NONE;
	c->dim = -1;
	c->header = malloc(len + 1);
	if (c->header == NULL) {
		ld->oom = 1;
		return;
	}
	memcpy(c->header, s, len);
	c->header[len] = '\0';
}

/* Maps the header to fields; a fault here stops the file. */
static void
header_done(struct loader *ld)
{
	size_t i, j;
	struct column *c;
	char q[128];

	for (i = 0; i < ld->ncols; i++) {
		c = &ld->cols[i];
		c->field = ts_fields_match(c->header, strlen(c->header));
		for (j = 0; j < i && c->field != TS_F_NONE; j++) {
			if (ld->cols[j].field == c->field) {
				ts_error_set(ld->err, TS_EIO, ld->path, ld->line, 0,
				    "columns %zu and %zu both give field '%s'",
				    j + 1, i + 1, ts_field_name(c->field));
				return;
			}
		}
		switch (c->field) {
		case TS_F_INVESTIGATIONS: case TS_F_PROSECUTIONS:
		case TS_F_CONVICTIONS: case TS_F_ACQUITTALS: case TS_F_VICTIMS:
			ld->has_count = 1;
			break;
		case TS_F_JURISDICTION: case TS_F_AGENCY: case TS_F_EXPLOITATION:
			c->dim = ts_store_dim(ld->st, ts_field_name(c->field));
			break;
		case TS_F_NONE:
			if (c->header[0] == '\0') {
				snprintf(q, sizeof q, "column %zu", i + 1);
				c->dim = ts_store_dim(ld->st, q);
			} else {
				c->dim = ts_store_dim(ld->st, c->header);
			}
			break;
		default:
			break;
		}
		if ((c->field == TS_F_NONE || c->field == TS_F_JURISDICTION ||
		    c->field == TS_F_AGENCY || c->field == TS_F_EXPLOITATION) &&
		    c->dim < 0) {
			ld->oom = 1;
			return;
		}
	}
	if (!ld->has_count) {
		ts_error_set(ld->err, TS_EIO, ld->path, ld->line, 0,
		    "no count column in the header (expected investigations, "
		    "prosecutions or convictions; see 'tracestat fields')");
		return;
	}
	ld->ndims = ts_store_ndims(ld->st);
	ld->dims = calloc(ld->ndims ? ld->ndims : 1, sizeof *ld->dims);
	if (ld->dims == NULL)
		ld->oom = 1;
	ld->info->shape = TS_SHAPE_COUNTS;
	ld->header_done = 1;
}

static void
start_row(struct loader *ld)
{
	size_t i;

	ld->rejected = 0;
	ld->nfields = 0;
	ld->row_newlines = 0;
	for (i = 0; i < TS_NCOUNTS; i++)
		ld->row.counts[i] = TS_MISSING;
	for (i = 0; i < 4; i++)
		ld->periods[i].precision = TS_PREC_NONE;
	for (i = 0; i < ld->ndims; i++)
		ld->dims[i] = 0;
	ld->row.source = 0;
}

static void
data_field(struct loader *ld, const char *s, size_t len, size_t idx)
{
	const struct column *c;
	int64_t v;
	uint32_t id;
	int slot = -1;

	if (idx >= ld->ncols || ld->rejected)
		return;
	c = &ld->cols[idx];
	switch (c->field) {
	case TS_F_INVESTIGATIONS: case TS_F_PROSECUTIONS:
	case TS_F_CONVICTIONS: case TS_F_ACQUITTALS: case TS_F_VICTIMS: {
		enum ts_count which = (enum ts_count)(c->field - TS_F_INVESTIGATIONS);
		switch (ts_parse_count(s, len, &v)) {
		case TS_COUNT_OK:
			ld->row.counts[which] = v;
			break;
		case TS_COUNT_MISSING:
			break;
		case TS_COUNT_BAD:
			reject(ld, "field '%s': %s is not a count", ts_field_name(c->field), s, len);
			break;
		case TS_COUNT_TOO_BIG:
			reject(ld, "field '%s': %s is too large for a count", ts_field_name(c->field), s, len);
			break;
		}
		return;
	}
	case TS_F_DATE: slot = 0; break;
	case TS_F_MONTH: slot = 1; break;
	case TS_F_PERIOD: slot = 2; break;
	case TS_F_YEAR: slot = 3; break;
	default:
		break;
	}
	if (slot >= 0) {
		struct ts_period p;
		int ok;

		while (len && s[len - 1] == ' ')
			len--;
		while (len && s[0] == ' ') {
			s++;
			len--;
		}
		if (len == 0)
			return;
		ok = ts_period_parse(s, len, ld->opt->day_first, &p) == 0;
		if (ok && c->field == TS_F_YEAR && p.precision != TS_PREC_YEAR)
			ok = 0;
		if (ok && c->field == TS_F_MONTH && p.precision != TS_PREC_MONTH)
			ok = 0;
		if (ok && c->field == TS_F_DATE && p.precision != TS_PREC_DAY)
			ok = 0;
		if (!ok)
			reject(ld, "field '%s': %s is not a valid period", ts_field_name(c->field), s, len);
		else
			ld->periods[slot] = p;
		return;
	}
	if (c->field == TS_F_SOURCE || c->dim >= 0) {
		id = ts_store_intern(ld->st, s, len);
		if (id == TS_NO_ID) {
			ld->oom = 1;
			return;
		}
		if (c->field == TS_F_SOURCE)
			ld->row.source = id;
		else
			ld->dims[c->dim] = id;
	}
}

static void
on_field(void *s, size_t len, void *data)
{
	struct loader *ld = data;

	if (ld->err->code || ld->oom)
		return;
	if (memchr(s, '\n', len) || memchr(s, '\r', len))
		ld->row_newlines += count_newlines(s, len);
	if (!ld->header_done)
		header_field(ld, s, len);
	else
		data_field(ld, s, len, ld->nfields);
	ld->nfields++;
}

static void
end_row(struct loader *ld)
{
	size_t i;
	char a[32], b[32];

	if (!ld->header_done) {
		header_done(ld);
		return;
	}
	ld->info->rows++;
	if (ld->nfields != ld->ncols && !ld->rejected) {
		snprintf(a, sizeof a, "%zu", ld->nfields);
		snprintf(b, sizeof b, "%zu", ld->ncols);
		ld->rejected = 1;
		if (ts_diags_add(ld->diags, TS_DIAG_REJECT, ld->input, ld->line,
		    "row has %s fields, the header has %s", a, b) != 0)
			ld->oom = 1;
	}
	if (ld->rejected) {
		ld->info->rejected++;
		return;
	}
	ld->row.period.precision = TS_PREC_NONE;
	ld->row.period.lo = ld->row.period.hi = 0;
	for (i = 0; i < 4; i++) {
		if (ld->periods[i].precision != TS_PREC_NONE) {
			ld->row.period = ld->periods[i];
			break;
		}
	}
	ld->row.input = ld->input;
	ld->row.line = ld->line > (long)UINT32_MAX ? UINT32_MAX : (uint32_t)ld->line;
	ld->row.dims = ld->dims;
	if (ts_store_add(ld->st, &ld->row) != 0)
		ld->oom = 1;
}

static void
on_row(int c, void *data)
{
	struct loader *ld = data;

	if (ld->err->code || ld->oom)
		return;
	if (ld->nfields == 0) {
		/* A line end outside any record: a blank line, or the LF of a
		 * CRLF whose CR already ended the record. */
		if (!(c == '\n' && ld->prev_term == '\r'))
			ld->line++;
		ld->prev_term = c;
		return;
	}
	end_row(ld);
	ld->line += 1 + ld->row_newlines;
	ld->prev_term = c;
	start_row(ld);
}

static int
open_input(const char *path, int *fd, struct ts_error *err)
{
	struct stat sb;

	if (strcmp(path, "-") == 0) {
		*fd = STDIN_FILENO;
		return TS_OK;
	}
	*fd = open(path, O_RDONLY);
	if (*fd < 0)
		return ts_error_set(err, TS_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
	if (fstat(*fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		close(*fd);
		return ts_error_set(err, TS_EIO, path, 0, 0, "is a directory");
	}
	return TS_OK;
}

static void
parse_fault(struct loader *ld, struct csv_parser *p)
{
	if (csv_error(p) == CSV_EPARSE)
		ts_error_set(ld->err, TS_EIO, ld->path, ld->line + ld->row_newlines, 0,
		    "malformed CSV: a quote in an unquoted field, text after a "
		    "closing quote, or a quoted field that is never closed");
	else
		ts_error_set(ld->err, TS_EIO, ld->path, ld->line, 0, "%s",
		    csv_strerror(csv_error(p)));
}

int
ts_input_load(struct ts_store *st, const char *path,
    const struct ts_load_options *opt, struct ts_diags *diags,
    struct ts_error *err)
{
	struct loader ld;
	struct csv_parser p;
	char *buf;
	ssize_t got;
	size_t i, skip;
	int fd, idx, first = 1;

	memset(&ld, 0, sizeof ld);
	if (open_input(path, &fd, err) != TS_OK)
		return err->code;
	idx = ts_store_add_input(st, path);
	buf = malloc(BLOCK_SIZE);
	if (idx < 0 || buf == NULL || csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0) {
		free(buf);
		if (fd != STDIN_FILENO)
			close(fd);
		return ts_error_set(err, TS_EIO, path, 0, 0, "out of memory");
	}
	ld.st = st;
	ld.path = path;
	ld.input = (uint32_t)idx;
	ld.info = ts_store_input_info(st, (size_t)idx);
	ld.info->encoding = strdup("UTF-8");
	ld.info->delimiter = ',';
	ld.opt = opt;
	ld.diags = diags;
	ld.err = err;
	ld.line = 1;
	start_row(&ld);

	for (;;) {
		got = read(fd, buf, BLOCK_SIZE);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			ts_error_set(err, TS_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
			break;
		}
		if (got == 0)
			break;
		skip = 0;
		if (first && got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
			skip = 3;     /* a UTF-8 byte order mark */
		first = 0;
		if (csv_parse(&p, buf + skip, (size_t)got - skip, on_field, on_row, &ld) !=
		    (size_t)got - skip) {
			parse_fault(&ld, &p);
			break;
		}
		if (err->code || ld.oom)
			break;
	}
	if (!err->code && !ld.oom && csv_fini(&p, on_field, on_row, &ld) != 0)
		parse_fault(&ld, &p);
	if (!err->code && !ld.oom && !ld.header_done)
		ts_error_set(err, TS_EIO, path, 0, 0, "no header row: the file is empty");
	if (ld.oom)
		ts_error_set(err, TS_EIO, path, ld.line, 0, "out of memory");
	csv_free(&p);
	free(buf);
	for (i = 0; i < ld.ncols; i++)
		free(ld.cols[i].header);
	free(ld.cols);
	free(ld.dims);
	if (fd != STDIN_FILENO)
		close(fd);
	return err->code;
}
