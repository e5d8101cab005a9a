#!/usr/bin/env bash
# Golden CLI tests.  Each case is a folder tests/cli/cases/NAME with
#   cmd      a bash script run from the top of the tree; $TS is the binary,
#            $T a fresh empty folder for files the case makes
#   stdin    (optional) fed to the script's standard input
#   stdout, stderr, status   what the run must print and return
# Prints "ok NAME" or "FAIL NAME" with a diff.  UPDATE=1 rewrites the
# expected files from the actual run: read the diff before committing.
set -u
cd "$(dirname "$0")/../.." || exit 2
export LC_ALL=C
# The catalogues of the build tree (the i18n_* cases set a language).
export TRACESTAT_LOCALEDIR=${TRACESTAT_LOCALEDIR:-$PWD/${BUILD:-build}/locale}
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# The text report fits COLUMNS when it is set: the cases expect full width.
unset COLUMNS
TS=$(cd "$(dirname "${TRACESTAT:-./tracestat}")" && pwd)/$(basename "${TRACESTAT:-./tracestat}")
export TS
filter=${1:-}
rc=0
# Every case runs with a PATH of only the programs tests/tools.txt
# declares (mawk as awk), so a case that needs a tool a newcomer's machine
# lacks fails here too.  A program named by an absolute path must be
# declared as well.
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
bash tests/tool-path.sh "$tools" || exit 2
for f in tests/cli/cases/*/cmd tests/cli/lib/* tests/cli/check-schema; do
	for prog in $(grep -ohE '(^|[^A-Za-z0-9_.$/-])/(usr/)?(local/)?s?bin/[A-Za-z0-9_.+-]+' "$f" |
			sed 's|.*/||' | sort -u); do
		if [ ! -e "$tools/$prog" ]; then
			echo "FAIL tools: $f runs /…/bin/$prog, which tests/tools.txt does not declare"
			rc=1
		fi
	done
done
for dir in tests/cli/cases/*/; do
	name=$(basename "$dir")
	[ -n "$filter" ] && [ "$name" != "$filter" ] && continue
	T=$(mktemp -d)
	export T
	in=/dev/null
	[ -f "$dir/stdin" ] && in="$dir/stdin"
	# A case that outlives CASE_TIMEOUT seconds is run once more:
	# LeakSanitizer's stop-the-world step can hang at exit on a loaded
	# machine (google/sanitizers#777, #1330), which is not our bug; a
	# real hang times out twice and fails.
	for try in 1 2; do
		PATH=$tools timeout -k 5 "${CASE_TIMEOUT:-300}" bash "$dir/cmd" < "$in" > "$T/.out" 2> "$T/.err"
		status=$?
		[ $status = 124 ] || [ $status = 137 ] || break
		echo "# $name timed out (try $try)" >&2
	done
	# Sanitizer reports are failures whatever the expected output says.
	if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$T/.err"; then
		echo "FAIL $name: sanitizer report"; cat "$T/.err"; rc=1; rm -rf "$T"; continue
	fi
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$T/.out" "$dir/stdout"; cp "$T/.err" "$dir/stderr"
		echo "$status" > "$dir/status"
	fi
	ok=1
	diff -u "$dir/stdout" "$T/.out" > "$T/.d1" || ok=0
	diff -u "$dir/stderr" "$T/.err" > "$T/.d2" || ok=0
	[ "$(cat "$dir/status" 2>/dev/null)" = "$status" ] || ok=0
	if [ $ok = 1 ]; then
		echo "ok $name"
	else
		echo "FAIL $name (status $status, want $(cat "$dir/status" 2>/dev/null))"
		head -40 "$T/.d1" "$T/.d2"
		rc=1
	fi
	rm -rf "$T"
done
exit $rc
