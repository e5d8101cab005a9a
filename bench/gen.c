/* gen.c — deterministic synthetic inputs for the benchmark.
 *
 *   gen cases ROWS > FILE    a case list, one investigation per row:
 *       case_id,opened,jurisdiction,agency,exploitation,victims,outcome,closed
 *   gen counts ROWS > FILE   a counts table:
 *       month,jurisdiction,agency,exploitation,investigations,prosecutions,convictions
 *   gen cases-json ROWS > FILE, gen cases-ndjson ROWS > FILE
 *       the same records as a JSON array or as NDJSON, a flat object a
 *       record (the agency unquoted, victims a number, no closing date
 *       null), byte for byte what `json.dumps(rec, ensure_ascii=False)`
 *       writes (bench/formats.py makes the same copies of a smaller file)
 *   gen keys ROWS > FILE     a case list keyed by a column with one value a
 *       row (a court file number, in no order; up to 10,000,000 rows):
 *       court_file,outcome   (1M rows: about 19 MB)
 *
 * The same ROWS always gives the same bytes (a fixed-seed xorshift
 * generator, no floating point, no locale).  Opening dates run 2010..2023;
 * the 32 Mexican federal entities carry their accents; about a quarter of
 * the agencies hold a comma and so are quoted; about 8 % of the cases end
 * convicted.  Rows of the case list average about 96 bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x5DEECE66DULL * 2654435761ULL + 20261127;

/* xorshift64*: small, fast and the same everywhere. */
static uint32_t
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

/* A number in [0, n). */
static uint32_t
below(uint32_t n)
{
	return (uint32_t)(((uint64_t)rnd() * n) >> 32);
}

struct choice {
	const char *text;       /* as written in the CSV (quoted when needed) */
	unsigned weight;
};

static const struct choice entities[] = {
	{ "Aguascalientes", 3 }, { "Baja California", 7 }, { "Baja California Sur", 2 },
	{ "Campeche", 2 }, { "Coahuila", 6 }, { "Colima", 2 }, { "Chiapas", 10 },
	{ "Chihuahua", 7 }, { "Ciudad de México", 18 }, { "Durango", 4 },
	{ "Guanajuato", 12 }, { "Guerrero", 7 }, { "Hidalgo", 6 }, { "Jalisco", 16 },
	{ "Estado de México", 33 }, { "Michoacán", 9 }, { "Morelos", 4 },
	{ "Nayarit", 2 }, { "Nuevo León", 11 }, { "Oaxaca", 8 }, { "Puebla", 13 },
	{ "Querétaro", 5 }, { "Quintana Roo", 4 }, { "San Luis Potosí", 6 },
	{ "Sinaloa", 6 }, { "Sonora", 6 }, { "Tabasco", 5 }, { "Tamaulipas", 7 },
	{ "Tlaxcala", 3 }, { "Veracruz", 16 }, { "Yucatán", 5 }, { "Zacatecas", 3 },
};

static const struct choice agencies[] = {
	{ "Fiscalía General de Justicia", 28 },
	{ "\"Fiscalía de Trata, Unidad Especializada\"", 15 },
	{ "FEVIMTRA", 13 },
	{ "Policía de Investigación", 14 },
	{ "\"Ministerio Público, Agencia Central\"", 10 },
	{ "Procuraduría Estatal", 20 },
};

static const struct choice kinds[] = {
	{ "sexual", 58 }, { "labour", 21 }, { "begging", 7 },
	{ "criminal_activity", 9 }, { "other", 5 },
};

/* Weights out of 100: convicted is 8 %. */
static const struct choice outcomes[] = {
	{ "open", 29 }, { "charged", 26 }, { "convicted", 8 },
	{ "acquitted", 6 }, { "dismissed", 31 },
};

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static const char *
pick(const struct choice *c, size_t n)
{
	unsigned total = 0, r;
	size_t i;

	for (i = 0; i < n; i++)
		total += c[i].weight;
	r = below(total);
	for (i = 0; i + 1 < n && r >= c[i].weight; i++)
		r -= c[i].weight;
	return c[i].text;
}

static const int month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

static int
days_in(int y, int m)
{
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return month_days[m - 1] + (m == 2 && leap);
}

/* Adds n days to y-m-d. */
static void
add_days(int *y, int *m, int *d, int n)
{
	*d += n;
	while (*d > days_in(*y, *m)) {
		*d -= days_in(*y, *m);
		if (++*m > 12) {
			*m = 1;
			++*y;
		}
	}
}

enum shape { CSV, JSON_ARRAY, NDJSON };

/* An agency as JSON wants it: the CSV quotes taken off. */
static void
put_unquoted(const char *text)
{
	size_t n = strlen(text);

	if (text[0] == '"')
		fwrite(text + 1, 1, n - 2, stdout);
	else
		fputs(text, stdout);
}

static void
cases(unsigned long rows, enum shape shape)
{
	unsigned long i;
	int y, m, d, cy, cm, cd;
	const char *outcome, *entity, *agency, *kind;
	unsigned victims;

	if (shape == CSV)
		fputs("case_id,opened,jurisdiction,agency,exploitation,victims,outcome,closed\n", stdout);
	else if (shape == JSON_ARRAY)
		fputs("[\n", stdout);
	for (i = 0; i < rows; i++) {
		y = 2010 + (int)below(14);
		m = 1 + (int)below(12);
		d = 1 + (int)below((uint32_t)days_in(y, m));
		outcome = pick(outcomes, NELEM(outcomes));
		/* In the order gcc evaluated them as printf's arguments when
		 * the files were first made, so that the bytes stay the same. */
		/* victims: mostly one or two, a long thin tail */
		victims = 1 + (below(4) ? below(2) : below(12));
		kind = pick(kinds, NELEM(kinds));
		agency = pick(agencies, NELEM(agencies));
		entity = pick(entities, NELEM(entities));
		cy = y;
		cm = m;
		cd = d;
		if (strcmp(outcome, "open") != 0)
			add_days(&cy, &cm, &cd, 20 + (int)below(900));
		if (shape == CSV) {
			printf("MX-%d-%08lu,%d-%02d-%02d,%s,%s,%s,%u,%s,", y, i + 1, y, m, d,
			    entity, agency, kind, victims, outcome);
			if (strcmp(outcome, "open") != 0)
				printf("%d-%02d-%02d", cy, cm, cd);
			putchar('\n');
			continue;
		}
		if (shape == JSON_ARRAY && i > 0)
			fputs(",\n", stdout);
		printf("{\"case_id\": \"MX-%d-%08lu\", \"opened\": \"%d-%02d-%02d\", "
		    "\"jurisdiction\": \"%s\", \"agency\": \"", y, i + 1, y, m, d, entity);
		put_unquoted(agency);
		printf("\", \"exploitation\": \"%s\", \"victims\": %u, \"outcome\": \"%s\", "
		    "\"closed\": ", kind, victims, outcome);
		if (strcmp(outcome, "open") != 0)
			printf("\"%d-%02d-%02d\"}", cy, cm, cd);
		else
			fputs("null}", stdout);
		if (shape == NDJSON)
			putchar('\n');
	}
	if (shape == JSON_ARRAY)
		fputs(rows > 0 ? "\n]\n" : "]\n", stdout);
}

static void
counts(unsigned long rows)
{
	unsigned long i;
	unsigned inv, pros, conv;

	fputs("month,jurisdiction,agency,exploitation,investigations,prosecutions,convictions\n", stdout);
	for (i = 0; i < rows; i++) {
		inv = 1 + below(40);
		pros = below(inv + 1);
		conv = below(pros + 1) / 2;
		printf("%d-%02d,%s,%s,%s,%u,%u,%u\n", 2010 + (int)below(14),
		    1 + (int)below(12), pick(entities, NELEM(entities)),
		    pick(agencies, NELEM(agencies)), pick(kinds, NELEM(kinds)),
		    inv, pros, conv);
	}
}

static void
keys(unsigned long rows)
{
	unsigned long i;

	fputs("court_file,outcome\n", stdout);
	/* 7919 is prime to 10^7: i -> 7919 i + 13 mod 10^7 never repeats. */
	for (i = 0; i < rows; i++)
		printf("CF-%07lu,%s\n", (i * 7919 + 13) % 10000000,
		    pick(outcomes, NELEM(outcomes)));
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	char *end;
	unsigned long rows;

	if (argc != 3 || (strcmp(argv[1], "cases") != 0 && strcmp(argv[1], "counts") != 0 &&
	    strcmp(argv[1], "keys") != 0 && strcmp(argv[1], "cases-json") != 0 &&
	    strcmp(argv[1], "cases-ndjson") != 0)) {
		fputs("usage: gen cases|cases-json|cases-ndjson|counts|keys ROWS > FILE\n", stderr);
		return 2;
	}
	rows = strtoul(argv[2], &end, 10);
	if (*end != '\0' || (argv[1][0] == 'k' && rows > 10000000)) {
		fprintf(stderr, "gen: bad row count '%s'\n", argv[2]);
		return 2;
	}
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	if (argv[1][0] == 'k')
		keys(rows);
	else if (strcmp(argv[1], "cases") == 0)
		cases(rows, CSV);
	else if (strcmp(argv[1], "cases-json") == 0)
		cases(rows, JSON_ARRAY);
	else if (strcmp(argv[1], "cases-ndjson") == 0)
		cases(rows, NDJSON);
	else
		counts(rows);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen");
		return 1;
	}
	return 0;
}
