#!/usr/bin/env bash
# tests/deps.sh [BUILD] — the dependency rules of docs/architecture.md,
# checked on the `#include` lines of src/ and include/ and on the symbols
# (nm) of the objects in BUILD (default build/, as `make` leaves it):
#
#   1. No stage uses a later one.  The stages, in the order data flows:
#      core store input passes stats report write cli; stats uses core only.
#      A file of src/S/ or include/S/ may include headers of those stages
#      and call functions defined in them, nothing else.
#   2. No cycle between modules.  A module is a public header with the .c
#      files of its own stage that define what it declares (one header, a
#      family of files, as include/cli/ts_cli.h and src/cli/*.c), or a .c
#      file alone; a cycle is a loop of includes and calls through files of
#      two modules or more.
#   3. The libraries stay in their reader: <csv.h> and csv_* only in the
#      CSV reader (src/input/load_csv.c, csv_*.c), <cJSON.h> and cJSON_* only in
#      src/input/load_json.c, <iconv.h> and iconv* only in
#      src/input/encoding.c, <Rmath.h> only in src/stats/.
#   4. Every file of src/ is named in docs/architecture.md (as `name.c` or
#      `src/stage/name.c`), so that the map of the tree stays whole.
#
# Prints "deps: ok" or every broken rule with the files and symbols, one a
# line; exits 1 when a rule is broken, 2 when the objects are missing.
set -u -o pipefail
cd "$(dirname "$0")/.." || exit 2
build=${1:-build}
# The objects of the sources there are (one whose source was removed or
# renamed is left over, and not linked: not read either).
objs=
for o in "$build"/*/*.o; do
	s=${o#"$build"/}
	[ -f "src/${s%.o}.c" ] && objs="$objs $o"
done
if [ -z "$objs" ]; then
	echo "deps: no objects in $build/: run make first" >&2
	exit 2
fi

{
	for f in src/*/*.c src/*/*.h include/*/*.h; do
		[ -f "$f" ] || continue
		echo "F $f"
		# Include lines, and in headers the names declared at the left
		# margin (a function's name before its "(", an extern's before
		# "[" or ";").
		awk -v f="$f" '
			/^[ \t]*#[ \t]*include[ \t]*"/ { split($0, p, "\""); print "I", f, p[2] }
			/^[ \t]*#[ \t]*include[ \t]*</ { s = $0; sub(/^[^<]*</, "", s); sub(/>.*/, "", s); print "A", f, s }
			f ~ /\.h$/ && /^[A-Za-z_]/ && !/^(typedef|struct [A-Za-z0-9_]+ *\{|enum|union|#)/ {
				s = $0; sub(/[(\[;].*/, "", s)
				n = split(s, w, /[^A-Za-z0-9_]+/)
				while (n > 0 && w[n] == "") n--
				if (n > 0 && w[n] ~ /^[A-Za-z_]/) print "D", f, w[n]
			}' "$f"
	done
	for o in $objs; do
		s=${o#"$build"/}
		nm "$o" | awk -v f="src/${s%.o}.c" '
			NF == 2 && $1 == "U" { print "U", f, $2 }
			NF == 3 && $2 ~ /^[TDBRCV]$/ { print "T", f, $3 }'
	done
} | awk -v order="core store input passes stats report write cli" '
function stage(f,   p) { split(f, p, "/"); return p[2] }
function csv_reader(f) { return f == "src/input/load_csv.c" || f ~ /^src\/input\/csv_[a-z_]*\.[ch]$/ }
function rank(f) { return rk[stage(f)] }
# May a file of stage a use one of stage b?
function may(a, b) {
	if (a == "stats") return b == "stats" || b == "core"
	return rk[b] <= rk[a]
}
function edge(a, b, why) {
	if (a == b) return
	if (!((a, b) in E)) { E[a, b] = why; nout[a]++; out[a, nout[a]] = b }
	else if (index(" " E[a, b] " ", " " why " ") == 0) E[a, b] = E[a, b] " " why
}
BEGIN { n = split(order, o, " "); for (i = 1; i <= n; i++) rk[o[i]] = i }
$1 == "F" { nf++; file[nf] = $2; isfile[$2] = 1; base = $2; sub(/.*\//, "", base); bybase[stage($2), base] = $2; if ($2 ~ /^include\//) hdr[base] = $2 }
$1 == "I" { ni++; inc_from[ni] = $2; inc_name[ni] = $3 }
$1 == "A" { na++; lib_from[na] = $2; lib_name[na] = $3 }
$1 == "D" { decl[$3] = decl[$3] (decl[$3] == "" ? "" : " ") $2 }
$1 == "T" { def[$3] = $2; ndefs[$2]++; defsym[$2, ndefs[$2]] = $3 }
$1 == "U" { nu++; u_from[nu] = $2; u_sym[nu] = $3 }
END {
	bad = 0
	# Quoted includes: a header beside the file, else one of include/.
	for (i = 1; i <= ni; i++) {
		f = inc_from[i]; h = inc_name[i]
		t = ((stage(f), h) in bybase) ? bybase[stage(f), h] : hdr[h]
		if (t == "") { print "deps: " f " includes \"" h "\", which is neither beside it nor in include/"; bad = 1; continue }
		edge(f, t, "#include")
	}
	for (i = 1; i <= nu; i++) {
		f = u_from[i]; s = u_sym[i]
		if (s in def) edge(f, def[s], s)
		else if (s ~ /^csv_/ && !csv_reader(f) || s ~ /^cJSON_/ && f != "src/input/load_json.c" || s ~ /^iconv/ && f != "src/input/encoding.c") {
			print "deps: " f " calls " s ": only its reader may use that library"; bad = 1
		}
	}
	for (i = 1; i <= na; i++) {
		f = lib_from[i]; h = lib_name[i]
		if (h == "csv.h" && !csv_reader(f) || h == "cJSON.h" && f != "src/input/load_json.c" || h == "iconv.h" && f != "src/input/encoding.c" || h == "Rmath.h" && stage(f) != "stats") {
			print "deps: " f " includes <" h ">: only its reader may use that library"; bad = 1
		}
	}
	# Rule 1, on every edge.
	for (k in E) {
		split(k, ab, SUBSEP)
		if (!may(stage(ab[1]), stage(ab[2]))) {
			print "deps: " ab[1] " (" stage(ab[1]) ") uses " ab[2] " (" stage(ab[2]) "), a later stage: " E[k]; bad = 1
		}
	}
	# The module of each file: a header is its own; a .c file belongs to
	# the header of its stage that declares the most of its symbols.
	for (i = 1; i <= nf; i++) {
		f = file[i]; mod[f] = f
		if (f !~ /\.c$/) continue
		best = 0
		split("", cnt)
		for (j = 1; j <= ndefs[f]; j++) {
			m = split(decl[defsym[f, j]], hs, " ")
			for (q = 1; q <= m; q++) if (stage(hs[q]) == stage(f)) cnt[hs[q]]++
		}
		for (h in cnt) if (cnt[h] > best || cnt[h] == best && h < mod[f]) { best = cnt[h]; mod[f] = h }
	}
	# Rule 2: files that reach each other (transitive closure over the
	# files with an edge; a few dozen, so plain Warshall is quick).
	for (k in E) { split(k, ab, SUBSEP); R[ab[1], ab[2]] = 1; node[ab[1]] = 1; node[ab[2]] = 1 }
	for (m in node) for (a in node) if ((a, m) in R) for (b in node) if ((m, b) in R) R[a, b] = 1
	for (k in E) {
		split(k, ab, SUBSEP); a = ab[1]; b = ab[2]
		if (mod[a] != mod[b] && ((b, a) in R)) {
			print "deps: cycle: " a " -> " b " (" E[k] ") and " b " reaches back to " a; bad = 1
		}
	}
	exit bad
}' | sort
rc=$?
for f in src/*/*.c src/*/*.h; do
	[ -f "$f" ] || continue
	grep -qE "[\`/]${f##*/}\`" docs/architecture.md && continue
	echo "deps: $f is not named in docs/architecture.md"
	rc=1
done
[ $rc = 0 ] && echo "deps: ok"
exit $rc
