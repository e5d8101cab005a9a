#!/bin/sh
# Writes NDJSON of about 10 MB to stdout, large enough for report to split
# it between two threads: bad lines (malformed, not an object, a count that
# is not one, text after the object) in both halves, blank lines, CRLF line
# ends, escaped strings (read through cJSON), a count above its
# investigations.  With "cases", a case list whose ids repeat within the
# second half (split) and, with "cases-across", across the halves (one
# thread reads on).  With "cp1252", jurisdictions in Windows-1252.
awk -v mode="$1" 'BEGIN {
	acute = mode == "cp1252" ? "\341" : "\303\241"
	for (i = 0; i < 140000; i++) {
		if (mode == "cases" || mode == "cases-across") {
			id = "C" i
			if (i >= 100000 && i % 5 == 0)
				id = "D" (i % 1000)
			if (mode == "cases-across" && i == 120000)
				id = "C17"
			printf "{\"case_id\":\"%s\",\"opened\":\"20%02d-%02d-10\",\"jurisdiction\":\"J%d\",\"outcome\":\"%s\"}\n",
			    id, 10 + i % 14, 1 + i % 12, i % 32, i % 3 ? "open" : "convicted"
			continue
		}
		if (i % 20011 == 7) { print "{\"year\":2015,\"jurisdiction\":"; continue }
		if (i % 30011 == 9) { print "[" i "]"; continue }
		if (i % 25013 == 3) { print ""; continue }
		if (i % 40009 == 11) { print "{\"year\":2016} tail"; continue }
		conv = i % 9
		if (i % 50001 == 5)
			conv = "\"x" i "\""
		j = "J" (i % 32)
		if (i % 7 == 0)
			j = "Michoac" acute "n " (i % 3)
		if (i % 997 == 0)
			j = "J\\n" (i % 5)
		inv = 1 + i % 40
		if (i % 60013 == 1)
			conv = 99
		eol = i % 13 == 0 ? "\r" : ""
		printf "{\"year\":%d,\"jurisdiction\":\"%s\",\"investigations\":%d,\"convictions\":%s}%s\n",
		    2010 + i % 14, j, inv, conv, eol
	}
}'
