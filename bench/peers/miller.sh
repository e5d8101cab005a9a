#!/bin/sh
# Miller peer (a real CSV reader): usage miller.sh cases|counts FILE
job=$1 file=$2
case $job in
cases) exec mlr --icsv --ocsv --headerless-csv-output \
	put -q 'k = substr($opened, 0, 3) . "," . $jurisdiction;
	        @n[k] += 1; @c[k] += ($outcome == "convicted" ? 1 : 0);
	        end { for (k, v in @n) { print k . "," . v . "," . @c[k] } }' "$file" | LC_ALL=C sort ;;
counts) exec mlr --icsv --ocsv --headerless-csv-output \
	put -q 'k = substr($month, 0, 3) . "," . $jurisdiction;
	        @n[k] += $investigations; @c[k] += $convictions;
	        end { for (k, v in @n) { print k . "," . v . "," . @c[k] } }' "$file" | LC_ALL=C sort ;;
*) echo "usage: miller.sh cases|counts FILE" >&2; exit 2 ;;
esac
