#!/bin/sh
# monthly-summary.sh INPUT_DIR [OUTPUT_DIR]
#
# Files last month's summary for cron: reads every *.csv in INPUT_DIR and
# writes OUTPUT_DIR/YYYY-MM.json and OUTPUT_DIR/YYYY-MM.txt (OUTPUT_DIR
# defaults to "summaries") for the month before today, in one run.  Each
# file is replaced only when its report is complete.  Prints nothing and
# exits 0 when all is well; exits non-zero when anything went wrong, with
# one line per problem on standard error, so that cron mails the owner:
# a rejected row, a warning (a case_id seen twice, a total that does not
# add up, a date in the future...), a month with no records, a file that
# cannot be read.
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

# --today: relative dates and the future-date check count from the same
# day as the month chosen above.
exec "$ts" report --by "$by" --period "$period" --today "$today" \
    ${SUPPRESS:+--suppress "$SUPPRESS"} --fail-on warnings,rejects,empty \
    -o "$out/$period.json" -o "$out/$period.txt" "$@"
