/* vocab.c — the words an agency adds to the built-in tables. */
#include <string.h>

#include "ts_vocab.h"

static const char *
pool_copy(struct ts_vocab *v, const char *s, size_t len)
{
	char *p;

	if (len + 1 > TS_VOCAB_POOL - v->used)
		return NULL;
	p = v->pool + v->used;
	memcpy(p, s, len);
	p[len] = '\0';
	v->used += len + 1;
	return p;
}

int
ts_vocab_add(struct ts_vocab *v, enum ts_vocab_kind kind, int target,
    const char *word, size_t len, const char *origin)
{
	struct ts_vocab_word *w;
	size_t used = v->used;

	if (v->n == TS_VOCAB_MAX)
		return -1;
	w = &v->words[v->n];
	w->kind = kind;
	w->target = target;
	w->word = pool_copy(v, word, len);
	w->origin = pool_copy(v, origin, strlen(origin));
	if (w->word == NULL || w->origin == NULL) {
		v->used = used;
		return -1;
	}
	v->n++;
	return 0;
}

const struct ts_vocab_word *
ts_vocab_find(const struct ts_vocab *v, enum ts_vocab_kind kind, const char *s,
    size_t len)
{
	size_t i;

	int cli;

	if (v == NULL)
		return NULL;
	/* Words from the command line ("--outcome-word") over a file's. */
	for (cli = 1; cli >= 0; cli--)
		for (i = v->n; i-- > 0;)
			if (v->words[i].kind == kind && (v->words[i].origin[0] == '-') == cli &&
			    ts_fields_same(s, len, v->words[i].word, strlen(v->words[i].word)))
				return &v->words[i];
	return NULL;
}
