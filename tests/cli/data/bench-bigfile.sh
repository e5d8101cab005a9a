#!/bin/sh
# Writes a CSV of about 13 MB to stdout, large enough for report to split it
# between two threads: CRLF line ends, quoted agencies with commas, a quoted
# field with line ends every 997 rows, bad rows in both halves.  With
# "straddle", a 200 KB quoted field with line ends sits in the middle, so
# the split point falls inside quotes and one thread reads on alone.
awk -v mode="$1" 'BEGIN {
	ORS = "\r\n"
	print "year,jurisdiction,agency,investigations,convictions,source"
	for (i = 0; i < 380000; i++) {
		src = "s" (i % 13)
		if (i % 997 == 0)
			src = "\"multi\nline\r\nsource " (i % 5) "\""
		if (mode == "straddle" && i == 190000) {
			src = "\""
			for (k = 0; k < 4000; k++)
				src = src "a long quoted source, line " k "\n"
			src = src "\""
		}
		inv = 1 + i % 40
		conv = i % 9
		if (i % 50001 == 7)
			conv = "x" i
		if (i % 70001 == 3) {
			print 2010 + i % 14 ",J" (i % 32) ",short row"
			continue
		}
		print 2010 + i % 14 ",J" (i % 32) ",\"Agency, unit " (i % 6) "\"," inv "," conv "," src
	}
}'
