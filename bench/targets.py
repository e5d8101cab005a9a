#!/usr/bin/python3
"""The speed and memory targets (bench/README.md, docs/performance.md),
judged from the figures run.py --save wrote.

usage: targets.py [--job JOB] DIR   (DIR holds JOB.json for each job of
`make bench`: cases, cases10m, keys, json, ndjson, cp1252, utf16, convert,
scale, cpu; --job judges only the targets of that job)

Prints one line per target, "met" or "NOT met", with the figures it used
("skipped" when the job was skipped for want of disk space); the exit
status is 1 when a target is not met or its figures are missing.
"""
import json
import os
import sys


def load(d, name):
    try:
        with open(os.path.join(d, name + ".json"), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def main():
    args = sys.argv[1:]
    job = None
    if len(args) == 3 and args[0] == "--job":
        job = args[1]
    elif len(args) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    d = args[-1]
    lines, ok = [], True

    def judge(name, good, detail):
        nonlocal ok
        ok &= bool(good)
        lines.append("%-56s %-8s %s" % (name, "met" if good else "NOT met", detail))

    def figures(name, what):
        """The tools' figures of a job, or None (and a NOT met line)."""
        run = load(d, name)
        if run is not None and "skipped" in run:
            lines.append("%-56s %-8s %s" % (what, "skipped", run["skipped"]))
            return None
        if run is None or "tools" not in run:
            judge(what, False, "no figures (make bench-%s)" % name)
            return None
        return run

    def have(run, *tools):
        return run is not None and all(t in run["tools"] for t in tools)

    def med(run, tool):
        return run["tools"][tool]["median"]

    def against(run, what, peer, label, factor=1.0):
        """tracestat's median at or below factor times peer's median."""
        name = "%s: tracestat <= %s%s" % (
            what, "%gx " % factor if factor != 1 else "", label)
        if have(run, "tracestat", peer):
            t, p = med(run, "tracestat"), med(run, peer)
            judge(name, t <= factor * p, "%.3f s vs %.3f s, ratio %.2f"
                  % (t, p, t / p))
        elif run is not None:
            judge(name, False, "no %s figure (bench/README.md says how to "
                  "install it)" % peer)

    def peak(run, what, limit_mb):
        if have(run, "tracestat"):
            mib = run["tools"]["tracestat"]["peak_mib"]
            judge("%s: peak RSS < %d MB" % (what, limit_mb),
                  mib * 1048576 < limit_mb * 1e6, "%.1f MiB" % mib)

    def agree(run, what):
        if run is None:
            return
        judge("%s: every peer agrees" % what,
              all(v["same"] for v in run["tools"].values()),
              ", ".join(n for n, v in run["tools"].items() if not v["same"])
              or "yes (%d tools)" % len(run["tools"]))
        if run.get("threads_identical") is not None:
            judge("%s: --threads 1 = default, byte for byte" % what,
                  run["threads_identical"], "stdout and stderr")

    def jobs(*names):
        return job is None or job in names

    if jobs("counts"):
        agree(figures("counts", "1M counts table"), "1M counts table")
    if jobs("cases"):
        run = figures("cases", "1M case list")
        if have(run, "tracestat", "mawk"):
            t, mk = med(run, "tracestat"), med(run, "mawk")
            judge("1M case list: >= 2x faster than mawk", 2 * t <= mk,
                  "%.3f s vs %.3f s, %.2fx" % (t, mk, mk / t))
        elif run is not None:
            judge("1M case list: >= 2x faster than mawk", False, "no mawk figure")
        agree(run, "1M case list")
    if jobs("cases10m"):
        run = figures("cases10m", "10M case list")
        against(run, "10M case list", "duckdb t2", "DuckDB 2 threads", 0.75)
        peak(run, "10M case list", 300)
        agree(run, "10M case list")
    if jobs("cases", "cases10m"):
        small, big = load(d, "cases"), load(d, "cases10m")
        if have(small, "tracestat") and have(big, "tracestat"):
            r = med(big, "tracestat") / med(small, "tracestat")
            judge("linear: 10M time <= 11x the 1M time", r <= 11, "%.1fx" % r)
    if jobs("keys"):
        run = figures("keys", "1M distinct keys")
        against(run, "1M distinct keys", "duckdb t2", "DuckDB 2 thr.")
        peak(run, "1M distinct keys", 200)
        agree(run, "1M distinct keys")
    if jobs("json"):
        run = figures("json", "10M JSON array")
        against(run, "10M JSON array", "duckdb t2", "DuckDB 2 threads")
        peak(run, "10M JSON array", 300)
        agree(run, "10M JSON array")
    if jobs("ndjson"):
        run = figures("ndjson", "10M NDJSON")
        against(run, "10M NDJSON", "duckdb t2", "DuckDB 2 threads")
        agree(run, "10M NDJSON")
    for enc, label in (("cp1252", "Windows-1252"), ("utf16", "UTF-16")):
        if not jobs(enc):
            continue
        run = figures(enc, "1M %s" % label)
        against(run, "1M %s" % label, "tracestat UTF-8", "its UTF-8 time", 1.3)
        agree(run, "1M %s" % label)
    if jobs("convert"):
        run = figures("convert", "convert --to ndjson, 10M")
        against(run, "convert --to ndjson, 10M", "duckdb t2", "DuckDB COPY TO")
        agree(run, "convert --to ndjson, 10M")
    if jobs("scale"):
        run = figures("scale", "30M rows")
        if have(run, "tracestat", "tracestat ref"):
            r = med(run, "tracestat") / med(run, "tracestat ref")
            judge("30M rows: <= 3.3x the 10M time", r <= 3.3,
                  "%.3f s vs %.3f s, %.2fx" % (med(run, "tracestat"),
                                               med(run, "tracestat ref"), r))
        elif run is not None:
            judge("30M rows: <= 3.3x the 10M time", False, "no 10M figure")
    if jobs("cpu"):
        run = figures("cpu", "CPU per row, 1M case list")
        if have(run, "tracestat", "bare loop") and run.get("rows"):
            rows = run["rows"]
            ns = {t: run["tools"][t]["cpu"] * 1e9 / rows for t in run["tools"]}
            t, b = ns["tracestat"], ns["bare loop"]
            detail = "%.0f ns vs %.0f ns a row, %.2fx" % (t, b, t / b)
            if "tracestat t1" in ns:
                detail += " (--threads 1: %.0f ns, %.2fx)" % (
                    ns["tracestat t1"], ns["tracestat t1"] / b)
            judge("CPU per row: tracestat <= 1.5x the bare loop", t <= 1.5 * b,
                  detail)
        elif run is not None:
            judge("CPU per row: tracestat <= 1.5x the bare loop", False,
                  "no bare-loop figure (FAST_COUNT: fast_count.c not found)")
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
