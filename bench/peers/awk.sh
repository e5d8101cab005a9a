#!/bin/sh
# awk peer (mawk or gawk: AWK=...): usage awk.sh cases|counts|keys FILE
# Splits on every comma, so it is not a CSV parser: it stays right only
# because the columns it reads sit before the quoted agency (year,
# jurisdiction) or are counted from the end of the row (outcome, counts).
# Prints year,jurisdiction,investigations,convictions sorted (keys:
# court_file,investigations,convictions).
job=$1 file=$2
case $job in
cases) prog='NR > 1 { k = substr($2, 1, 4) "," $3; n[k]++; if ($(NF-1) == "convicted") c[k]++ }' ;;
counts) prog='NR > 1 { k = substr($1, 1, 4) "," $2; n[k] += $(NF-2); c[k] += $NF }' ;;
keys) prog='NR > 1 { n[$1]++; if ($2 == "convicted") c[$1]++ }' ;;
*) echo "usage: awk.sh cases|counts|keys FILE" >&2; exit 2 ;;
esac
${AWK:-mawk} -F, "$prog"'
END { for (k in n) printf "%s,%d,%d\n", k, n[k], c[k] + 0 }' "$file" | LC_ALL=C sort
