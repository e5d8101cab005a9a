/* replay.c — runs every saved fuzz input through its target, as part of
 * `make test`.
 *
 * Built with the normal compiler (and under `make asan` with the
 * sanitizers), so the corpus in fuzz/corpus/TARGET/ — the seeds and every
 * input that once broke something — is a regression suite that needs no
 * clang.  One cmocka test per file; a target with no files fails.
 * Usage: fuzz_replay [CORPUS_DIR]   (default fuzz/corpus)
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fuzz.h"

struct target {
	const char *name;
	int (*run)(const uint8_t *, size_t);
};

static const struct target targets[] = {
	{ "csv", ts_fuzz_csv },
	{ "count", ts_fuzz_count },
	{ "period", ts_fuzz_period },
	{ "fields", ts_fuzz_fields },
	{ "json", ts_fuzz_json },
	{ "encoding", ts_fuzz_encoding },
	{ "claim", ts_fuzz_claim },
	{ "csvscan", ts_fuzz_csvscan },
	{ "jsonscan", ts_fuzz_jsonscan },
};

struct replay {
	const struct target *target;
	char *path;             /* NULL: the target has no corpus */
};

static int failures;

void
ts_fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	failures++;
}

static void
run_one(void **state)
{
	struct replay *r = *state;
	FILE *fp;
	uint8_t *buf;
	long len;

	assert_non_null(r->path);
	fp = fopen(r->path, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	assert_true(len >= 0);
	rewind(fp);
	/* Exactly len bytes, so that ASan (make asan) sees a read one byte
	 * past the input; one byte for an empty file. */
	buf = malloc(len ? (size_t)len : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	failures = 0;
	assert_int_equal(r->target->run(buf, (size_t)len), 0);
	free(buf);
	if (failures)
		fail_msg("%s: %d invariant(s) broken", r->path, failures);
}

static int
not_hidden(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

int
main(int argc, char **argv)
{
	const char *top = argc > 1 ? argv[1] : "fuzz/corpus";
	struct CMUnitTest *tests = NULL;
	struct replay *replays = NULL;
	size_t ntests = 0, cap = 0, t, k;
	struct dirent **names;
	char dir[4096];
	int n, i, rc;

	for (t = 0; t < sizeof targets / sizeof targets[0]; t++) {
		snprintf(dir, sizeof dir, "%s/%s", top, targets[t].name);
		n = scandir(dir, &names, not_hidden, alphasort);
		for (i = 0; i < (n > 0 ? n : 1); i++) {
			if (ntests == cap) {
				cap = cap ? cap * 2 : 256;
				tests = realloc(tests, cap * sizeof *tests);
				replays = realloc(replays, cap * sizeof *replays);
				if (tests == NULL || replays == NULL)
					return 1;
			}
			replays[ntests].target = &targets[t];
			replays[ntests].path = NULL;
			if (n > 0) {
				size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
				replays[ntests].path = malloc(len);
				if (replays[ntests].path == NULL)
					return 1;
				snprintf(replays[ntests].path, len, "%s/%s", dir, names[i]->d_name);
				free(names[i]);
			}
			memset(&tests[ntests], 0, sizeof tests[ntests]);
			tests[ntests].name = replays[ntests].path ? replays[ntests].path : targets[t].name;
			tests[ntests].test_func = run_one;
			ntests++;
		}
		if (n > 0)
			free(names);
	}
	/* The states point into replays, which no longer moves. */
	for (k = 0; k < ntests; k++)
		tests[k].initial_state = &replays[k];
	rc = _cmocka_run_group_tests("fuzz_replay", tests, ntests, NULL, NULL);
	for (k = 0; k < ntests; k++)
		free(replays[k].path);
	free(tests);
	free(replays);
	return rc;
}
