#!/usr/bin/python3
"""tests/cli/lib/chart-check.py SVG JSON [FORBIDDEN...] — checks a chart of
`tracestat plot` against `tracestat report --format json` of the same
input and --by, as a graphics editor and a script would:

- the SVG parses as XML; no text is smaller than 11 px; no text says
  "hover" or "click"; none of the FORBIDDEN strings (local paths) appears;
- every point's figures (data-k, data-n, data-value, data-low, data-high)
  equal the report's for its group, as doubles;
- every point sits where the chart's scale puts it (to 0.01 px), its
  whisker after its circle (drawn above it);
- a forest plot's rows are in the order --sort asks for (rate: highest
  first); a funnel plot's alert and alarm flags are the report's outliers.

Prints a summary line per check and exits 1 on any mismatch.
"""
import json
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def key_text(key):
    return ",".join(str(v) for v in key.values())


def main():
    svg_path, json_path = sys.argv[1], sys.argv[2]
    forbidden = sys.argv[3:]
    raw = open(svg_path, encoding="utf-8").read()
    root = ET.fromstring(raw)
    report = json.load(open(json_path, encoding="utf-8"))
    rate = root.get("data-rate")
    chart = root.get("data-chart", "time")
    for s in forbidden:
        if s in raw:
            fail("the chart contains %r" % s)
    small = [e.get("font-size") for e in root.iter()
             if e.get("font-size") and float(e.get("font-size")) < 11]
    if small:
        fail("text smaller than 11 px: %s" % sorted(set(small)))
    words = " ".join(t.text or "" for t in root.iter(NS + "text")).lower()
    for w in ("hover", "click"):
        if w in words:
            fail("the chart says %r" % w)
    print("legible: no text under 11 px, no interaction hint, no local path")

    groups = {key_text(g["key"]): g for g in report["groups"]}
    points = [g for g in root.iter(NS + "g") if g.get("class") == "point"]
    if not points:
        fail("no point")
    for p in points:
        if chart == "time":
            k = p.get("data-period")
            if p.get("data-series"):
                k += "," + p.get("data-series")
        else:
            k = p.get("data-key")
        g = groups.get(k)
        if g is None:
            fail("point %s: no group in the report" % k)
        fig = g[rate]
        for f in ("value", "low", "high"):
            got = p.get("data-" + f)
            want = fig.get(f) if fig else None
            if (got is None) != (want is None) or (got is not None and float(got) != want):
                fail("point %s: data-%s %s, report %s" % (k, f, got, want))
        kids = [c.tag.replace(NS, "") + ":" + (c.get("class") or "") for c in p]
        if "line:whisker" in kids and kids.index("line:whisker") < kids.index("circle:"):
            fail("point %s: whisker drawn under its circle" % k)
    print("%d points: figures equal the report's, whiskers above circles" % len(points))

    if chart == "forest":
        x0, x1 = float(root.get("data-x-zero")), float(root.get("data-x-top"))
        lo, hi = float(root.get("data-x-min")), float(root.get("data-x-max"))
        values = []
        for p in points:
            c = p.find(NS + "circle")
            v = float(p.get("data-value"))
            want = x0 + (v - lo) / (hi - lo) * (x1 - x0)
            if abs(float(c.get("cx")) - want) > 0.0051:
                fail("point %s at x %s, want %.2f" % (p.get("data-key"), c.get("cx"), want))
            values.append(v)
        if values != sorted(values, reverse=True):
            fail("forest rows are not sorted by rate")
        print("forest: %d rows in place, highest rate first" % len(values))
    else:
        for p in points:
            scale = p
            # The nearest element with a scale: the chart, or its panel.
            for e in root.iter():
                if e.get("data-y-zero") is not None and p in list(e.iter()):
                    scale = e
            z, t = float(scale.get("data-y-zero")), float(scale.get("data-y-top"))
            lo, hi = float(scale.get("data-y-min", 0)), float(scale.get("data-y-max"))
            c = p.find(NS + "circle")
            v = float(p.get("data-value"))
            want = z - (min(v, hi) - lo) / (hi - lo) * (z - t)
            if abs(float(c.get("cy")) - want) > 0.0051:
                fail("point at y %s, want %.2f" % (c.get("cy"), want))
        print("%d points at their rate on the y scale" % len(points))

    if chart == "funnel":
        flags = {}
        for c in report.get("comparisons", []):
            if c.get("kind") == "outlier":
                flags[key_text(c["key"])] = "alarm" if c["limit"] > 0.99 else "alert"
        for p in points:
            if p.get("data-flag", "") != flags.get(p.get("data-key"), ""):
                fail("point %s flagged %r, report %r" % (
                    p.get("data-key"), p.get("data-flag"), flags.get(p.get("data-key"))))
        print("funnel: %d alert, %d alarm, as the report's outliers" % (
            sum(1 for v in flags.values() if v == "alert"),
            sum(1 for v in flags.values() if v == "alarm")))


if __name__ == "__main__":
    main()
