#!/usr/bin/env bash
# tests/cli/lib/plot-check.sh SVG JSON — checks a chart of `tracestat plot`
# against `tracestat report --format json` of the same input and --by:
# every point's figures (data-*) equal the report's doubles exactly, and
# every circle and whisker sits where the chart's y scale puts those
# figures.  Prints one line per point and a summary; exits 1 on a mismatch.
set -u
svg=$1 json=$2
x() { xmllint --xpath "$1" "$svg" 2>/dev/null; }
rate=$(x 'string(/*/@data-rate)')
n=$(x 'count(//*[local-name()="g"][@class="point"])')
by=$(jq -r '.by | join(",")' "$json")
echo "rate $rate, $n points"
bad=0
for ((i = 1; i <= n; i++)); do
	p="(//*[local-name()='g'][@class='point'])[$i]"
	period=$(x "string($p/@data-period)")
	series=$(x "string($p/@data-series)")
	# The group of the JSON report with this key.
	sel=".groups[] | select((.key | to_entries[0].value | tostring) == \"$period\")"
	if [ "${by#*,}" != "$by" ]; then
		sel="$sel | select((.key | to_entries[1].value) == \$s)"
	fi
	g=$(jq -c --arg s "$series" "[$sel]" "$json")
	if [ "$(jq length <<<"$g")" != 1 ]; then
		echo "point $period $series: no single group in the report"; bad=1; continue
	fi
	line="$period${series:+ $series}:"
	for f in value low high; do
		want=$(jq -r ".[0].$rate.$f // \"none\"" <<<"$g")
		got=$(x "string($p/@data-$f)")
		[ -z "$got" ] && got=none
		if [ "$want" = none ] || [ "$got" = none ]; then
			ok=$([ "$want" = "$got" ] && echo 1 || echo 0)
		else
			ok=$(awk -v a="$want" -v b="$got" 'BEGIN { print (a + 0 == b + 0) ? 1 : 0 }')
		fi
		[ "$ok" = 1 ] || { echo "point $line data-$f $got, report $want"; bad=1; }
	done
	# Where the figures are drawn: y = zero - (v - ymin) / (ymax - ymin) *
	# (zero - top), to the 0.01 px the chart writes, on the scale of the
	# nearest element that has one (the chart, or its panel).
	sc="($p/ancestor-or-self::*[@data-y-zero])[last()]"
	zero=$(x "string($sc/@data-y-zero)")
	top=$(x "string($sc/@data-y-top)")
	ymin=$(x "string($sc/@data-y-min)")
	ymax=$(x "string($sc/@data-y-max)")
	drawn() { awk -v z="$zero" -v t="$top" -v b="${ymin:-0}" -v m="$ymax" -v v="$1" -v y="$2" \
		'BEGIN { e = z - (v - b) / (m - b) * (z - t) - y; print (e < 0.0051 && e > -0.0051) ? 1 : 0 }'; }
	v=$(x "string($p/@data-value)")
	cy=$(x "string($p/*[local-name()='circle']/@cy)")
	[ "$(drawn "$v" "$cy")" = 1 ] || { echo "point $line circle at y $cy for $v"; bad=1; }
	lo=$(x "string($p/@data-low)")
	if [ -n "$lo" ]; then
		hi=$(x "string($p/@data-high)")
		y1=$(x "string($p/*[@class='whisker']/@y1)")
		y2=$(x "string($p/*[@class='whisker']/@y2)")
		[ "$(drawn "$lo" "$y1")" = 1 ] && [ "$(drawn "$hi" "$y2")" = 1 ] ||
			{ echo "point $line whisker $y1..$y2 for $lo..$hi"; bad=1; }
	fi
	printf '%s %s %s/%s\n' "$line" "$(awk -v v="$v" 'BEGIN { printf "%.2f%%", v * 100 }')" \
		"$(x "string($p/@data-k)")" "$(x "string($p/@data-n)")"
done
[ "$bad" = 0 ] && echo "all points match the report" || exit 1
