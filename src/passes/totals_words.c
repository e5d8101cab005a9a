/* totals_words.c — what a cell's words say to the totals: a total word
 * (or a vocabulary's), a number as tables print them, and so which
 * columns hold labels (ts_totals.h, passes_impl.h). */
#include <string.h>
#include <stdlib.h>

#include "totals_impl.h"
#include "ts_fields.h"
#include "ts_totalword.h"
#include "ts_totals.h"

enum ts_total_kind
ts_totals_classify(const char *s, size_t len,
    const struct ts_totals_options *opt, size_t *label_off)
{
	enum ts_total_kind kind = ts_totalword_classify(s, len, opt ? opt->words : NULL,
	    opt ? opt->nwords : 0, label_off);
	const struct ts_vocab_word *w;

	/* A vocabulary's total words match the whole label, as written there. */
	if (kind == TS_TOTAL_NONE && opt && opt->vocab &&
	    (w = ts_vocab_find(opt->vocab, TS_VOCAB_TOTAL, s, len)) != NULL) {
		if (label_off)
			*label_off = len;
		kind = w->target == 2 ? TS_TOTAL_SUB : TS_TOTAL_GRAND;
	}
	return kind;
}

/* A number as published tables print them: digits with separators, a
 * sign, a decimal part or a percent sign; or a missing marker. */
static int
is_number(const char *s)
{
	int64_t v;
	size_t len = strlen(s), digits = 0;

	if (ts_parse_count(s, len, &v) != TS_COUNT_BAD)
		return 1;
	while (*s == ' ')
		s++;
	if (*s == '-' || *s == '+')
		s++;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s != '.' && *s != ',' && *s != ' ' &&
		    !(*s == '%' && s[1] == '\0'))
			return 0;
	}
	return digits > 0;
}

int
ts_passes_is_number(const char *s)
{
	return is_number(s);
}

int
ts_totals_key_dims(const struct ts_store *st, uint8_t *key)
{
	size_t d, i, n = ts_store_count(st), ns = ts_store_nstrings(st);
	uint8_t *num = calloc(ns ? ns : 1, 1);   /* 0 unknown, 1 number, 2 text */

	if (num == NULL)
		return -1;
	for (d = 0; d < ts_store_ndims(st); d++) {
		key[d] = 0;
		for (i = 0; i < n && !key[d]; i++) {
			uint32_t v = ts_store_dim_id(st, i, d);
			if (v >= ns)
				continue;
			if (num[v] == 0)
				num[v] = is_number(ts_store_string(st, v)) ? 1 : 2;
			key[d] = num[v] == 2;
		}
	}
	free(num);
	return 0;
}

enum ts_total_kind
ts_totals_class(struct pass *ps, uint32_t v)
{
	const char *s;
	size_t off;

	if (v == 0 || v >= ps->nstr)
		return TS_TOTAL_NONE;
	if (ps->cls[v] == 0) {
		s = ts_store_string(ps->st, v);
		ps->cls[v] = (uint8_t)(1 + ts_totals_classify(s, strlen(s), ps->opt, &off));
		ps->lab[v] = off > UINT32_MAX ? UINT32_MAX : (uint32_t)off;
	}
	return (enum ts_total_kind)(ps->cls[v] - 1);
}
