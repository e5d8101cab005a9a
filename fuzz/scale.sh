#!/usr/bin/env bash
# fuzz/scale.sh — is any input shape super-linear?
#
#   bash fuzz/scale.sh --growth [TRACESTAT]
#     The scaling harness (run by `make test` through the CLI case
#     scale_growth): each hostile shape below is written at a small size and
#     doubled four times; the run fails when the time grows faster than
#     GROWTH_MAX (2.5) times per doubling.  It compares growth, not speed:
#     each size takes the best of three runs (CPU time), times below GROWTH_FLOOR
#     seconds are not compared (process start-up and a loaded machine
#     dominate there), and a failing shape is measured once more before it
#     fails.  Prints "ok SHAPE" per shape, or the times of the one that grew.
#     A shape is a function shape_NAME UNITS FILE writing a file of about
#     UNITS units (rows, groups, bytes: its own choice, linear in the size),
#     listed in SHAPES with its start size and the tracestat arguments.
#
#   bash fuzz/scale.sh [TRACESTAT] [SCALE]
#     Times tracestat on
# hostile shapes and on an ordinary file of about the same size, and prints
# the ratio of seconds per megabyte (hostile / ordinary).  A ratio within a
# few times 1 is linear; a quadratic path shows as a ratio that grows with
# the size.  Not a test (timings vary); run by hand:
#   bash fuzz/scale.sh [TRACESTAT] [SCALE]
# SCALE is a percentage of the full sizes (default 100: 1,000,000
# names, 1,000,000 groups, 200,000 columns, 20 MB fields).
set -eu

# ---------------------------------------------------------------- growth

# Total rows that each leave a different set of the 12 text columns empty
# (one pattern per total row): more than the 64 shapes tracestat checks,
# so the pass stops at the 65th with a message; the cost is the read.
shape_totals_open_columns() {
	awk -v n="$1" 'BEGIN { printf "year,region"; for (c = 1; c <= 12; c++) printf ",c%d", c;
		print ",investigations,convictions";
		for (i = 0; i < n; i++) { printf "2014,Total";
			for (c = 1; c <= 12; c++) printf ",%s", (int(i / 2 ^ (c - 1)) % 2) ? "" : "v" c;
			print ",30,3";
			for (r = 0; r < 3; r++) { printf "2014,r%d", r; for (c = 1; c <= 12; c++) printf ",v%d", c;
				print ",10,1" } } }' > "$2"
}

# 64 total shapes (as many as are checked), each repeated over n rows.
shape_totals_64_shapes() {
	awk -v n="$1" 'BEGIN { printf "year,region"; for (c = 1; c <= 6; c++) printf ",c%d", c;
		print ",investigations,convictions";
		for (i = 0; i < n; i++) { printf "%d,Total", 2000 + i % 50;
			for (c = 1; c <= 6; c++) printf ",%s", (int(i / 2 ^ (c - 1)) % 2) ? "" : "v" c;
			print ",30,3";
			for (r = 0; r < 3; r++) { printf "%d,r%d", 2000 + i % 50, r;
				for (c = 1; c <= 6; c++) printf ",v%d", c; print ",10,1" } } }' > "$2"
}

# n years of a national row above 31 states (the arithmetic detection:
# one group per year and column).
shape_totals_arithmetic() {
	awk -v n="$1" 'BEGIN { print "year,state,municipio,investigations,convictions";
		for (i = 0; i < n; i++) { printf "%d,Nation,m%d,%d,%d\n", 2000 + i % 10, i, 31 * 10 + i, 31;
			for (s = 0; s < 31; s++) printf "%d,s%d,m%d,%d,%d\n", 2000 + i % 10, s, i, s ? 10 : 10 + i, 1 } }' > "$2"
}

# n distinct labels, each in two spellings (the label folding: one fold
# and one look-up per value).
shape_labels_spellings() {
	awk -v n="$1" 'BEGIN { print "year,state,investigations,convictions";
		for (i = 0; i < n; i++) printf "2014,State %d,10,1\n2015,STATE %d.,10,1\n", i, i }' > "$2"
}

# One row repeated n times, then n distinct rows (the repeats pass: one
# hash per record, one look-up per row).
shape_repeats_rows() {
	awk -v n="$1" 'BEGIN { print "year,state,investigations,convictions";
		for (i = 0; i < n; i++) print "2014,Chiapas,10,1";
		for (i = 0; i < n; i++) printf "2015,s%d,%d,1\n", i, 10 + i }' > "$2"
}

# n keys, each with three years and the range over them (the ranges
# pass: one sort per key, one window per range row).
shape_ranges_keys() {
	awk -v n="$1" 'BEGIN { print "period,state,investigations,convictions";
		for (i = 0; i < n; i++) printf "2012,s%d,1,0\n2013,s%d,2,0\n2014,s%d,3,1\n2012..2014,s%d,6,1\n", i, i, i, i }' > "$2"
}

# One key: 2n years and n overlapping ranges (refused past the budget).
shape_ranges_overlap() {
	awk -v n="$1" 'BEGIN { print "period,state,investigations,convictions";
		for (i = 0; i < 2 * n; i++) printf "%d-%02d,s,1,0\n", 1000 + int(i / 12), 1 + i % 12;
		for (i = 0; i < n; i++) printf "1000-01..%d-12,s,5,1\n", 1000 + int(2 * n / 12) }' > "$2"
}

# n states whose investigations and convictions are in two rows each,
# and a blank label under each (the counts-never-meet and blank-label
# warnings: one look-up per row).
shape_split_counts() {
	awk -v n="$1" 'BEGIN { print "year,state,investigations,convictions";
		for (i = 0; i < n; i++) printf "2014,s%d,10,\n2014,s%d,,1\n2014,,5,1\n", i, i }' > "$2"
}

# NAME START ARGS...: the shapes, their first size, their arguments.
SHAPES=(
	"totals_open_columns 4000 report"
	"totals_64_shapes 500 report"
	"totals_arithmetic 300 report"
	"labels_spellings 2000 report"
	"repeats_rows 4000 report"
	"ranges_keys 2000 report"
	"ranges_overlap 2000 report"
	"split_counts 4000 report"
)

GROWTH_MAX=${GROWTH_MAX:-2.5}
GROWTH_FLOOR=${GROWTH_FLOOR:-0.01}
GROWTH_LIMIT=${GROWTH_LIMIT:-5}     # seconds: a shape this slow stops doubling

best_of_three() {   # best_of_three FILE ARGS...: CPU seconds, best of three
	local f=$1 best="" t k TIMEFORMAT='%3U %3S'
	shift
	for k in 1 2 3; do
		# CPU time (user + system), not wall time: other jobs on a
		# loaded machine lengthen the one, hardly the other.
		t=$( { time "$TS" "$@" "$f" > /dev/null 2>&1; } 2>&1 )
		best=$(awk -v t="$t" -v c="${best:-999999}" \
		    'BEGIN { split(t, a, " "); d = a[1] + a[2]; print (d < c) ? d : c }')
	done
	echo "$best"
}

# growth_of NAME START ARGS...: prints the per-doubling factor over the
# longest span of sizes timed above the floor ("-" when none is), then the
# sizes and times.
growth_of() {
	local name=$1 start=$2 k units t times=""
	shift 2
	for k in 0 1 2 3 4; do
		units=$((start << k))
		"shape_$name" "$units" "$D/$name.in"
		t=$(best_of_three "$D/$name.in" "$@")
		times="$times $t"
		# A quadratic shape would take minutes at the top sizes.
		[ "$(awk -v t="$t" -v l="$GROWTH_LIMIT" 'BEGIN { print (t > l) }')" = 0 ] || break
	done
	awk -v t="$times" -v floor="$GROWTH_FLOOR" -v s="$start" 'BEGIN {
		n = split(t, v, " "); f = "-";
		for (k = 1; k < n; k++) if (v[k] >= floor) { f = (v[n] / v[k]) ^ (1 / (n - k)); break }
		printf "%s", f; for (k = 1; k <= n; k++) printf " %d:%.3fs", s * 2 ^ (k - 1), v[k]; print "" }'
}

if [ "${1:-}" = --growth ]; then
	TS=${2:-./tracestat}
	D=$(mktemp -d)
	trap 'rm -rf "$D"' EXIT
	export LC_ALL=C
	rc=0
	for spec in "${SHAPES[@]}"; do
		read -r -a a <<< "$spec"
		for try in 1 2; do
			read -r f detail <<< "$(growth_of "${a[@]}")"
			bad=$(awk -v f="$f" -v m="$GROWTH_MAX" 'BEGIN { print (f != "-" && f > m) }')
			[ "$bad" = 0 ] && break
		done
		if [ "$bad" = 0 ]; then
			echo "ok ${a[0]}"; [ -z "${GROWTH_VERBOSE:-}" ] || echo "  $f $detail" >&2
		else
			echo "FAIL ${a[0]}: time grows ${f}x per doubling (over $GROWTH_MAX):$detail"
			rc=1
		fi
	done
	exit $rc
fi

# ---------------------------------------------------------------- ratios
TS=${1:-./tracestat}
SCALE=${2:-100}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
export LC_ALL=C

n=$((1000000 * SCALE / 100))
cols=$((200000 * SCALE / 100))
field=$((20000000 * SCALE / 100))

secs() {   # secs FILE ARGS...: "SECONDS RSS_MB", best of two runs
	local f=$1 best="" rss=0
	shift
	for _ in 1 2; do
		local t0 t1
		t0=$(date +%s.%N)
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -f %M -o "$D/rss" "$TS" report "$@" "$f" > /dev/null 2>&1 || true
			rss=$(tail -1 "$D/rss")
		else
			"$TS" report "$@" "$f" > /dev/null 2>&1 || true
		fi
		t1=$(date +%s.%N)
		best=$(echo "$t0 $t1 ${best:-999999}" | awk '{d=$2-$1; print (d<$3)?d:$3}')
	done
	echo "$best $((rss / 1024))"
}

mb() { stat -c %s "$1" | awk '{ print $1 / 1048576 }'; }

# Ordinary: few names, few groups, short lines.
awk -v n="$n" 'BEGIN { print "year,jurisdiction,agency,investigations,convictions";
	for (i = 0; i < n; i++) printf "%d,state%02d,agency%d,%d,%d\n", 2000 + i % 20, i % 32, i % 4, 100 + i % 900, i % 100 }' > "$D/plain.csv"
# 1,000,000 distinct jurisdiction names.
awk -v n="$n" 'BEGIN { print "year,jurisdiction,agency,investigations,convictions";
	for (i = 0; i < n; i++) printf "%d,juris%07d,agency%d,%d,%d\n", 2000 + i % 20, i, i % 4, 100 + i % 900, i % 100 }' > "$D/names.csv"
# 1,000,000 groups from two columns of 1,000 values each.
awk -v n="$n" 'BEGIN { print "year,jurisdiction,agency,investigations,convictions";
	for (i = 0; i < n; i++) printf "%d,j%04d,a%04d,%d,%d\n", 2000 + i % 20, i % 1000, int(i / 1000) % 1000, 100 + i % 900, i % 100 }' > "$D/groups.csv"
# 200,000 columns: a header and 20 rows.
awk -v c="$cols" 'BEGIN { printf "investigations,convictions"; for (i = 3; i <= c; i++) printf ",c%d", i; print "";
	for (r = 0; r < 20; r++) { printf "%d,%d", 10 + r, r; for (i = 3; i <= c; i++) printf ",v%d", (i + r) % 7; print "" } }' > "$D/wide.csv"
# A 20 MB field in a dimension, and one in a count.
{ echo "jurisdiction,investigations,convictions"; head -c "$field" /dev/zero | tr '\0' x; echo ",10,2";
  printf 'b,'; head -c "$field" /dev/zero | tr '\0' 7; echo ",1"; } > "$D/long.csv"
# A case list of 1,000,000 court files, each once: a million groups of
# one case, with cohort tallies (make bench-keys's job).
awk -v n="$n" 'BEGIN { print "court_file,outcome";
	for (i = 0; i < n; i++) printf "CF-%07d,%s\n", (i * 7919) % n, (i % 12 == 0) ? "convicted" : "dismissed" }' > "$D/keys.csv"
# Many short rows after a wide header (each rejected).
awk -v c="$cols" -v n="$n" 'BEGIN { printf "investigations,convictions"; for (i = 3; i <= c; i++) printf ",c%d", i; print "";
	for (r = 0; r < n / 10; r++) print "1,1" }' > "$D/wide-short.csv"

read -r base base_rss <<< "$(secs "$D/plain.csv")"
read -r base_by by_rss <<< "$(secs "$D/plain.csv" --by jurisdiction,agency)"
pmb=$(mb "$D/plain.csv")
printf '%-34s %7s %8s %6s %7s\n' case MB seconds ratio "RSS MB"
printf '%-34s %7.1f %8.2f %6s %7s\n' "ordinary" "$pmb" "$base" 1 "$base_rss"
printf '%-34s %7.1f %8.2f %6s %7s\n' "ordinary --by jurisdiction,agency" "$pmb" "$base_by" 1 "$by_rss"
row() {   # row LABEL BASE FILE ARGS...
	local label=$1 b=$2 f=$3 s r m
	shift 3
	read -r s r <<< "$(secs "$f" "$@")"
	m=$(mb "$f")
	printf '%-34s %7.1f %8.2f %6.2f %7s\n' "$label" "$m" "$s" \
	    "$(awk -v s="$s" -v m="$m" -v b="$b" -v p="$pmb" 'BEGIN { print (s / m) / (b / p) }')" "$r"
}
row "1M names" "$base" "$D/names.csv"
row "1M names --by jurisdiction" "$base_by" "$D/names.csv" --by jurisdiction
row "1M groups --by jurisdiction,agency" "$base_by" "$D/groups.csv" --by jurisdiction,agency
row "1M case-list keys --by court_file" "$base_by" "$D/keys.csv" --by court_file --format csv
row "200k columns x 20 rows" "$base" "$D/wide.csv"
row "200k columns, 100k short rows" "$base" "$D/wide-short.csv"
row "20 MB fields" "$base" "$D/long.csv"
row "20 MB fields --by jurisdiction" "$base_by" "$D/long.csv" --by jurisdiction
# The ordinary file split into 1,000 inputs, JSON report (sources per input).
mkdir "$D/split"
awk -v d="$D/split" 'NR == 1 { h = $0; next } { f = sprintf("%s/f%04d.csv", d, (NR - 2) % 1000);
	if (!(f in seen)) { print h > f; seen[f] = 1 } print > f }' "$D/plain.csv"
read -r s r <<< "$(secs "$D/plain.csv" --format json)"
read -r s2 r2 <<< "$(secs "$D"/split/f0000.csv --format json "$D"/split/f0*.csv)"
printf '%-34s %7.1f %8.2f %6.2f %7s\n' "1,000 inputs (vs 1), --format json" "$pmb" "$s2" \
    "$(awk -v a="$s2" -v b="$s" 'BEGIN { print a / b }')" "$r2"

# One NDJSON line of N MiB, doubled four times: the reader must search
# the line for its end once, not again with every 1 MiB block (that was
# N^2/2 MiB of scanning).  Time per doubling must stay under 2.5x
# (ratios are judged from 0.1 s on: below that the start-up dominates).
long_ndjson_line() {   # long_ndjson_line FIRST_MIB
	local mib=$1 k prev="" s r ratio worst=0
	printf '%-34s %7s %8s %6s %7s\n' "NDJSON line, doubled" MB seconds "x prev" "RSS MB"
	for k in 0 1 2 3 4; do
		{ printf '{"year": 2014, "investigations": 1, "jurisdiction": "'
		  head -c $((mib * 1048576)) /dev/zero | tr '\0' x; printf '"}\n'; } > "$D/line.ndjson"
		read -r s r <<< "$(secs "$D/line.ndjson")"
		ratio=$(awk -v s="$s" -v p="${prev:-0}" 'BEGIN { print (p >= 0.1) ? s / p : 0 }')
		printf '%-34s %7d %8.2f %6.2f %7s\n' "one line of $mib MiB" "$mib" "$s" "$ratio" "$r"
		worst=$(awk -v a="$ratio" -v b="$worst" 'BEGIN { print (a > b) ? a : b }')
		prev=$s
		mib=$((mib * 2))
	done
	rm -f "$D/line.ndjson"
	if awk -v w="$worst" 'BEGIN { exit !(w > 2.5) }'; then
		echo "long NDJSON line: time grew ${worst}x in one doubling (over 2.5x)"
		return 1
	fi
}
long_ndjson_line $((SCALE > 100 ? SCALE * 4 / 100 : 4))
