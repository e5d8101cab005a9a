#!/usr/bin/python3
"""bench/formats.py — tracestat on the same case list in every input shape.

Writes copies of a case list CSV next to it (Windows-1252, UTF-16LE with a
byte order mark, a JSON array, NDJSON), once, and times
`tracestat report --by year,jurisdiction --format json` on each, RUNS times
alternating, after a warm-up run.  Prints the median wall time, the peak
resident memory (GNU time), the ratio to the UTF-8 CSV and whether the
answer (the groups' counts) is the same.  Exits 1 when an answer differs
or a run fails.  With --keys it also times grouping by a column with one
value a record (the case ids renamed court_file: a million groups).

    /usr/bin/python3 bench/formats.py [--runs N] [--tracestat BIN] FILE.csv
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time

GNU_TIME = "/usr/bin/time"


def make_copies(path):
    base = path[:-4] if path.endswith(".csv") else path
    out = {
        "UTF-8 CSV": path,
        "Windows-1252 CSV": base + "_cp1252.csv",
        "UTF-16LE CSV": base + "_utf16.csv",
        "JSON array": base + ".json",
        "NDJSON": base + ".ndjson",
    }
    if not os.path.exists(out["Windows-1252 CSV"]):
        with open(path, encoding="utf-8") as f, \
                open(out["Windows-1252 CSV"], "w", encoding="cp1252", newline="") as g:
            for line in f:
                g.write(line)
    if not os.path.exists(out["UTF-16LE CSV"]):
        with open(path, encoding="utf-8") as f, \
                open(out["UTF-16LE CSV"], "wb") as g:
            g.write(b"\xff\xfe")
            for line in f:
                g.write(line.encode("utf-16-le"))
    if not os.path.exists(out["JSON array"]) or not os.path.exists(out["NDJSON"]):
        with open(path, encoding="utf-8", newline="") as f, \
                open(out["JSON array"], "w", encoding="utf-8") as ja, \
                open(out["NDJSON"], "w", encoding="utf-8") as nd:
            ja.write("[\n")
            first = True
            for row in csv.DictReader(f):
                rec = {k: (v if v != "" else None) for k, v in row.items()}
                if rec.get("victims") is not None:
                    rec["victims"] = int(rec["victims"])
                text = json.dumps(rec, ensure_ascii=False)
                ja.write(("" if first else ",\n") + text)
                nd.write(text + "\n")
                first = False
            ja.write("\n]\n")
    return out


def run_once(argv):
    stats = "/tmp/tsbench-formats.time"
    t0 = time.monotonic()
    p = subprocess.run([GNU_TIME, "-f", "%M", "-o", stats] + argv,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    with open(stats) as f:
        rss = int(f.read().split()[-1]) / 1024.0
    return wall, rss, p.returncode, p.stdout


def answer(out):
    doc = json.loads(out)
    return sorted((json.dumps(g["key"], sort_keys=True), g["investigations"],
                   g["convictions"]) for g in doc["groups"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tracestat", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "tracestat"))
    ap.add_argument("--keys", action="store_true",
                    help="also group by case_id (one group a record)")
    ap.add_argument("file")
    a = ap.parse_args()
    files = make_copies(a.file)
    jobs = [(name, [a.tracestat, "report", "--by", "year,jurisdiction",
                    "--format", "json", "--no-progress", path])
            for name, path in files.items()]
    if a.keys:
        # The case ids as a plain column: one group a record.
        keys = (a.file[:-4] if a.file.endswith(".csv") else a.file) + "_keys.csv"
        if not os.path.exists(keys):
            with open(a.file, encoding="utf-8") as f, \
                    open(keys, "w", encoding="utf-8") as g:
                g.write(f.readline().replace("case_id", "court_file", 1))
                for line in f:
                    g.write(line)
        jobs.append(("distinct keys (--by court_file)",
                     [a.tracestat, "report", "--by", "court_file", "--format",
                      "json", "--no-progress", keys]))
    times = {name: [] for name, _ in jobs}
    peak = {name: 0.0 for name, _ in jobs}
    answers, status = {}, 0
    for name, argv in jobs:
        _, rss, rc, out = run_once(argv)
        if rc not in (0, 1):
            print("%s: exit %d" % (name, rc))
            status = 1
            continue
        answers[name] = answer(out)
    for _ in range(a.runs):
        for name, argv in jobs:
            wall, rss, rc, _ = run_once(argv)
            times[name].append(wall)
            peak[name] = max(peak[name], rss)
    ref = statistics.median(times["UTF-8 CSV"])
    print("%-34s %9s %9s %6s %s" % ("input", "median s", "peak MiB", "ratio",
                                     "answer"))
    for name, _ in jobs:
        med = statistics.median(times[name])
        same = "-" if "court_file" in name else (
            "same" if answers.get(name) == answers.get("UTF-8 CSV") else "DIFFERENT")
        if same == "DIFFERENT":
            status = 1
        print("%-34s %9.3f %9.1f %6.2f %s" % (name, med, peak[name], med / ref, same))
    with open("/proc/loadavg") as f:
        print("load average: " + " ".join(f.read().split()[:3]))
    return status


if __name__ == "__main__":
    sys.exit(main())
