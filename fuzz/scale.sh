#!/usr/bin/env bash
# fuzz/scale.sh — is any input shape super-linear?  Times tracestat on
# hostile shapes and on an ordinary file of about the same size, and prints
# the ratio of seconds per megabyte (hostile / ordinary).  A ratio within a
# few times 1 is linear; a quadratic path shows as a ratio that grows with
# the size.  Not a test (timings vary); run by hand:
#   bash fuzz/scale.sh [TRACESTAT] [SCALE]
# SCALE is a percentage of the sizes of issue 7 (default 100: 1,000,000
# names, 1,000,000 groups, 200,000 columns, 20 MB fields).
set -eu
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
