# stats-open-cohorts.awk — a synthetic case list for the follow-up tests
# (docs/methods.md, "Open cases"): awk -f stats-open-cohorts.awk > cases.csv
# Cases opened 2013-2017, 240 a year; each ends in conviction with the same
# chance (0.4) whatever its year, after 60 to 959 days; those that would end
# after 2017-12-31 are still open.
function civil(z,   era, doe, yoe, doy, mp, d, m, y) {
	z += 719468; era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9; y += m <= 2
	return sprintf("%04d-%02d-%02d", y, m, d)
}
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
BEGIN {
	seed = 17; cut = 17531   # 2017-12-31
	print "case_id,opened,outcome,closed"
	for (y = 0; y < 5; y++) for (i = 0; i < 240; i++) {
		o = 15706 + y * 365 + int(rnd() * 365)   # 2013-01-01 + ...
		u = rnd(); d = 60 + int(rnd() * 900)
		out = u < 0.4 ? "convicted" : u < 0.7 ? "acquitted" : "dismissed"
		if (o + d > cut) print "C" y "-" i "," civil(o) ",open,"
		else print "C" y "-" i "," civil(o) "," out "," civil(o + d)
	}
}
