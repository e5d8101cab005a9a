#!/usr/bin/env bash
# Runs the whole suite: the cmocka unit tests, then every CLI case against
# the real binary.  Ends with one line "N passed, M failed".
#   TRACESTAT   the binary to test (default ./tracestat)
#   UNIT_BINS   the unit test binaries (default build/tests/test_*)
#   BUILD       the build folder whose objects tests/deps.sh reads (build)
#   UPDATE=1    rewrite the expected output of the CLI cases
set -u
cd "$(dirname "$0")/.." || exit 2
export LC_ALL=C
# Leaks of libraries we do not own, each with its reason (tests/lsan.supp);
# without a sanitizer the variable is unused.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
TRACESTAT=${TRACESTAT:-./tracestat}
UNIT_BINS=${UNIT_BINS:-$(ls build/tests/test_* 2>/dev/null)}
passed=0
failed=0

for bin in $UNIT_BINS; do
	# Run once more on a timeout: see CASE_TIMEOUT in tests/cli/run.sh.
	for try in 1 2; do
		out=$(timeout -k 5 "${CASE_TIMEOUT:-300}" "$bin" 2>&1)
		rc=$?
		[ $rc = 124 ] || [ $rc = 137 ] || break
		echo "# $bin timed out (try $try)"
	done
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ] || [ -n "$f" ] || [ -z "$p" ]; then
		printf '%s\n' "$out" | grep -E 'FAILED|ERROR|Failure|error|fail' | head -20
		echo "FAIL unit: $bin (exit $rc)"
		[ -z "$f" ] && failed=$((failed + 1))
	fi
done

# The dependency rules (docs/architecture.md), one test, with a PATH of
# only the programs tests/tools.txt declares.
tools=$(mktemp -d)
if bash tests/tool-path.sh "$tools" && out=$(PATH=$tools bash tests/deps.sh "${BUILD:-build}" 2>&1); then
	echo "ok deps"
	passed=$((passed + 1))
else
	printf '%s\n' "$out"
	echo "FAIL deps"
	failed=$((failed + 1))
fi
rm -rf "$tools"

log=$(mktemp)
TRACESTAT=$TRACESTAT bash tests/cli/run.sh > "$log" 2>&1
cli_rc=$?
cat "$log" | grep -v '^ok ' || true
p=$(grep -c '^ok ' "$log")
f=$(grep -c '^FAIL ' "$log")
passed=$((passed + p))
failed=$((failed + f))
if [ "$cli_rc" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi

rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
