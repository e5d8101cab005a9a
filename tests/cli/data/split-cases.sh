#!/bin/sh
# Writes a case list of about 11 MB to stdout, large enough for report to
# split it between two threads, with case ids that repeat: within the first
# half, and within the second half only ("inside"), or also one of the first
# half's in the second half ("across": one thread reads on alone).  Quoted
# ids and agencies hold commas, quotes and line ends; some rows are bad.
awk -v mode="$1" 'BEGIN {
	print "case_id,opened,jurisdiction,agency,outcome,closed"
	split("open charged convicted acquitted dismissed", outcome, " ")
	for (i = 0; i < 200000; i++) {
		id = "MX-" i
		if (i < 90000 && i % 1000 == 999)
			id = "MX-" (i - 500)             # within the first half
		if (i >= 150000 && i % 100 == 0)
			id = "MX-" (i - 30000)           # within the second half
		if (i % 4999 == 17)
			id = "\"MX, \"\"" i "\"\"\nquoted\""
		if (i >= 160000 && i % 4999 == 1017)
			id = "\"MX, \"\"" (i - 1000) "\"\"\nquoted\""
		if (mode == "across" && i == 190000)
			id = "MX-4321"
		agency = i % 997 == 5 ? "\"Fiscalía,\nunidad " i % 5 "\"" : "Fiscalía " i % 7
		out = outcome[1 + i % 5]
		if (i % 50001 == 3)
			out = "lost"
		closed = i % 5 == 2 ? "201" (i % 4 + 5) "-0" (1 + i % 9) "-1" (i % 9) : ""
		print id ",201" (i % 10) "-0" (1 + i % 9) "-2" (i % 8) ",J" (i % 32) "," agency "," out "," closed
	}
}'
