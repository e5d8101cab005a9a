#!/bin/sh
# monthly-summary.sh INPUT_DIR [OUTPUT_DIR]
#
# Files last month's summary for cron: reads every *.csv in INPUT_DIR and
# writes OUTPUT_DIR/YYYY-MM.json and OUTPUT_DIR/YYYY-MM.txt (OUTPUT_DIR
# defaults to "summaries") for the month before today.  Each file is
# replaced only when its report is complete.  Exits non-zero when anything
# went wrong, including a rejected row (exit 1, the rows listed on standard
# error), so that cron mails the owner.
#
# Environment: TRACESTAT (the binary, default "tracestat"), TODAY
# (YYYY-MM-DD, default the system date), BY (default "jurisdiction"),
# SUPPRESS (a --suppress threshold; empty for none).
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: monthly-summary.sh INPUT_DIR [OUTPUT_DIR]" >&2
	exit 2
fi
in=$1
out=${2:-summaries}
ts=${TRACESTAT:-tracestat}
today=${TODAY:-$(date +%Y-%m-%d)}
by=${BY:-jurisdiction}

# The month before today, in plain shell arithmetic (no GNU date needed).
year=${today%%-*}
month=${today#*-}
month=${month%%-*}
month=$(( $(expr "$month" : '0*\([0-9]*\)') - 1 ))
if [ "$month" -eq 0 ]; then
	month=12
	year=$((year - 1))
fi
period=$(printf '%04d-%02d' "$year" "$month")

set -- "$in"/*.csv
if [ ! -e "$1" ]; then
	echo "monthly-summary.sh: no .csv files in $in" >&2
	exit 3
fi
mkdir -p "$out" || exit 3

status=0
for format in json text; do
	ext=$format
	[ "$format" = text ] && ext=txt
	"$ts" report --by "$by" --period "$period" ${SUPPRESS:+--suppress "$SUPPRESS"} \
	    --format "$format" -o "$out/$period.$ext" "$@"
	rc=$?
	[ "$rc" -gt "$status" ] && status=$rc
done
exit "$status"
