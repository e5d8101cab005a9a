#!/usr/bin/env bash
# fuzz/valgrind-cli.sh — runs every CLI case with tracestat under valgrind
# (memcheck, full leak check) and lists the cases where valgrind reported
# an error or a leak.  Slow; run by hand after `make`:
#   bash fuzz/valgrind-cli.sh [CASE]
# Ends with "valgrind: N cases, M with findings"; logs stay in the folder
# it prints when there are findings.
set -u
cd "$(dirname "$0")/.." || exit 2
command -v valgrind > /dev/null || { echo "valgrind: not installed (apt-get install valgrind)"; exit 2; }
logs=$(mktemp -d)
wrap=$logs/tracestat
# The cases call $TS; this wrapper puts valgrind in front of the real binary.
cat > "$wrap" <<WRAP
#!/bin/sh
exec valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
  --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
  --log-file="$logs/vg.%p" "$PWD/tracestat" "\$@"
WRAP
chmod +x "$wrap"
TRACESTAT=$wrap bash tests/cli/run.sh ${1:+"$1"} > "$logs/run.txt" 2>&1
n=$(grep -cE '^(ok|FAIL) ' "$logs/run.txt")
bad=0
for f in "$logs"/vg.*; do
	[ -s "$f" ] || continue
	bad=$((bad + 1))
	echo "== $f"; head -30 "$f"
done
# A case can also fail because valgrind is slow (timeouts) or changes
# nothing else; show those for a look.
grep '^FAIL' "$logs/run.txt" | sed 's/^/case: /'
if [ "$bad" -gt 0 ]; then
	echo "valgrind: $n cases, $bad runs with findings (logs in $logs)"
else
	echo "valgrind: $n cases, no findings"
fi
[ "$bad" -eq 0 ] && rm -rf "$logs"
[ "$bad" -eq 0 ]
