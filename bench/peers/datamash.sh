#!/bin/sh
# GNU datamash peer: usage datamash.sh cases|counts FILE
# datamash knows no CSV quoting and cannot cut a year out of a date, so a
# mawk pass (timed with it) projects year,jurisdiction,investigations,
# convictions per row; datamash sorts and sums by the first two.
job=$1 file=$2
case $job in
cases) proj='NR > 1 { print substr($2, 1, 4), $3, 1, ($(NF-1) == "convicted") }' ;;
counts) proj='NR > 1 { print substr($1, 1, 4), $2, $(NF-2), $NF }' ;;
*) echo "usage: datamash.sh cases|counts FILE" >&2; exit 2 ;;
esac
mawk -F, -v OFS=, "$proj" "$file" | LC_ALL=C datamash -t, -s -g 1,2 sum 3 sum 4
