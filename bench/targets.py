#!/usr/bin/python3
"""The speed and memory targets (bench/README.md), judged from the files
run.py --save wrote.

usage: targets.py [--keys] DIR   (DIR holds cases_1m.json and
cases_10m.json, and keys_1m.json for the million groups; --keys judges
only those)

Prints one line per target, "met" or "NOT met", with the figures it used;
the exit status is 1 when a target is not met or its figures are missing.
"""
import json
import os
import sys


def load(d, name):
    try:
        with open(os.path.join(d, name + ".json"), encoding="utf-8") as f:
            return json.load(f)["tools"]
    except (OSError, ValueError, KeyError):
        return None


def main():
    only_keys = sys.argv[1] == "--keys"
    d = sys.argv[-1]
    small, big = load(d, "cases_1m"), load(d, "cases_10m")
    keys = load(d, "keys_1m")
    lines, ok = [], True

    def judge(name, good, detail):
        nonlocal ok
        ok &= bool(good)
        lines.append("%-44s %-8s %s" % (name, "met" if good else "NOT met", detail))

    def have(run, *tools):
        return run is not None and all(t in run for t in tools)

    def against_duckdb(run, what, duck_label, limit_mb):
        """tracestat's median at or below DuckDB's 2-thread median, its
        peak under limit_mb, every peer agreeing."""
        if have(run, "tracestat", "duckdb t2"):
            t, dk = run["tracestat"]["median"], run["duckdb t2"]["median"]
            judge("%s: tracestat <= %s" % (what, duck_label), t <= dk,
                  "%.3f s vs %.3f s, ratio %.2f" % (t, dk, t / dk))
        else:
            judge("%s: tracestat <= %s" % (what, duck_label), False,
                  "no DuckDB figure (bench/README.md says how to install it)")
        if have(run, "tracestat"):
            peak = run["tracestat"]["peak_mib"]
            judge("%s: peak RSS < %d MB" % (what, limit_mb),
                  peak * 1048576 < limit_mb * 1e6, "%.1f MiB" % peak)
            judge("%s: every peer agrees" % what,
                  all(v["same"] for v in run.values()),
                  ", ".join(n for n, v in run.items() if not v["same"]) or "yes")

    if only_keys or keys is not None:
        against_duckdb(keys, "1M distinct keys", "DuckDB 2 thr.", 200)
        if keys is None:
            judge("1M distinct keys: figures", False, "no keys_1m.json")
    if only_keys:
        print("\n".join(lines))
        return 0 if ok else 1
    against_duckdb(big, "10M case list", "DuckDB 2 threads", 300)
    if have(small, "tracestat", "mawk"):
        t, mk = small["tracestat"]["median"], small["mawk"]["median"]
        judge("1M case list: >= 2x faster than mawk", 2 * t <= mk,
              "%.3f s vs %.3f s, %.2fx" % (t, mk, mk / t))
    else:
        judge("1M case list: >= 2x faster than mawk", False, "no mawk figure")
    if have(small, "tracestat") and have(big, "tracestat"):
        r = big["tracestat"]["median"] / small["tracestat"]["median"]
        judge("linear: 10M time <= 11x the 1M time", r <= 11, "%.1fx" % r)
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
