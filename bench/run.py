#!/usr/bin/python3
"""Side-by-side benchmark: tracestat against every installed peer.

usage: run.py [--runs N] [--tracestat BIN] [--only NAMES] [--save F] JOB FILE
  JOB   cases (a case list) or counts (a counts table), or keys (a case
        list grouped by a column with one value a row), see bench/gen.c;
        json, ndjson (the case list as a JSON array, as NDJSON: DuckDB's
        read_json); cp1252, utf16 (a Windows-1252 or UTF-16LE copy:
        DuckDB's read_csv with encoding=, and tracestat on the UTF-8 file
        given by --utf8); convert (`tracestat convert --to ndjson` against
        DuckDB's COPY TO and Miller, every record compared); scale
        (tracestat alone on FILE and on the smaller --ref file); cpu
        (tracestat's CPU time against the bare loop given by --bare)
  FILE  the input

Every tool does the same job: per (year, jurisdiction), the number of
investigations and of convictions (keys: per court_file, a million groups;
tracestat writes them as CSV with their rates and intervals, DuckDB with
COPY TO, the others as text).  Each tool runs once to warm the page
cache and to check its answer, then N rounds run every tool in turn
(alternating, so that a busy machine slows all of them alike).  Prints, per
tool, the median wall seconds (min-max), the peak resident memory of its
largest process, and its median over tracestat's.  All answers are compared,
normalised to sorted "year,jurisdiction,investigations,convictions" lines;
the exit status is 1 when any tool disagrees with tracestat.
"""
import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, "peers")
DUCK = os.environ.get("DUCKDB_DIR", "/tmp/tsbench/duck")
SYSPY = "/usr/bin/python3"
GNU_TIME = "/usr/bin/time"


CASE_LIKE = ("cases", "json", "ndjson", "cp1252", "utf16", "scale", "cpu")


def tools(ts, job, path, a):
    """(name, argv, available) for every tool, tracestat first."""
    def have(prog):
        return shutil.which(prog) is not None

    def have_pandas():
        return os.path.exists(SYSPY) and subprocess.run(
            [SYSPY, "-c", "import pandas"], capture_output=True).returncode == 0

    duck = have("node") and os.path.isdir(
        os.path.join(DUCK, "node_modules", "@duckdb", "node-api"))
    args = ["report", "--by", "year,jurisdiction", "--format", "json",
            "--no-progress"]
    if job == "keys":
        args = ["report", "--by", "court_file", "--format", "csv",
                "--no-progress"]
    if job == "convert":
        args = ["convert", "--to", "ndjson", "--no-progress"]

    def duckdb(threads):
        return ("duckdb t%d" % threads,
                ["node", os.path.join(PEERS, "duckdb_peer.js"), job, path,
                 str(threads)], duck)

    ts_default = ("tracestat", [ts] + args + [path], True)
    ts_t1 = ("tracestat t1", [ts] + args + ["--threads", "1", path], True)
    if job in ("json", "ndjson"):
        return [ts_default, ts_t1, duckdb(2), duckdb(1)]
    if job in ("cp1252", "utf16"):
        return [ts_default, ts_t1,
                ("tracestat UTF-8", [ts] + args + [a.utf8], bool(a.utf8)),
                duckdb(2), duckdb(1)]
    if job == "convert":
        return [ts_default, duckdb(2), duckdb(1),
                ("miller", ["mlr", "--icsv", "--ojsonl", "cat", path],
                 have("mlr"))]
    if job == "scale":
        return [ts_default,
                ("tracestat ref", [ts] + args + [a.ref], bool(a.ref))]
    if job == "cpu":
        return [ts_default, ts_t1,
                ("bare loop", [a.bare, path], bool(a.bare))]
    every = [
        ts_default, ts_t1, duckdb(2), duckdb(1),
        ("mawk", ["env", "AWK=mawk", "sh", os.path.join(PEERS, "awk.sh"),
                  job, path], have("mawk")),
        ("gawk (C locale)", ["env", "AWK=gawk", "LC_ALL=C", "sh",
                             os.path.join(PEERS, "awk.sh"), job, path],
         have("gawk")),
        ("datamash", ["sh", os.path.join(PEERS, "datamash.sh"), job, path],
         have("datamash") and have("mawk")),
        ("pandas", [SYSPY, os.path.join(PEERS, "pandas_peer.py"), job, path],
         have_pandas()),
        ("miller", ["sh", os.path.join(PEERS, "miller.sh"), job, path],
         have("mlr")),
    ]
    # datamash and Miller have no keys job.
    return [t for t in every
            if job != "keys" or t[0] not in ("datamash", "miller")]


def run_once(argv, out_path, err_path=os.devnull):
    """Runs argv with stdout to out_path (stderr to err_path): (wall
    seconds, peak RSS MiB, CPU seconds user + system, rc).  GNU time
    reports the peak: the largest of the process and the children it
    waited for.  (Python's own getrusage would not do: a child forked
    from this interpreter starts with the interpreter's peak.)"""
    stats = out_path + ".time"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.monotonic()
        rc = subprocess.run([GNU_TIME, "-f", "%M %U %S", "-o", stats] + argv,
                            stdout=out, stderr=err).returncode
        wall = time.monotonic() - t0
    with open(stats) as f:
        fig = f.read().split()
    return wall, int(fig[-3]) / 1024.0, float(fig[-2]) + float(fig[-1]), rc


def normalise_convert(name, path):
    """A digest of every record's case fields in order (tracestat writes
    the date of the period and fields of its own beside them), and the
    number of records."""
    h = hashlib.md5()
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            opened = rec["date"] if name.startswith("tracestat") else rec["opened"]
            vals = (rec["case_id"], opened, rec["jurisdiction"], rec["agency"],
                    rec["exploitation"], rec["victims"], rec["outcome"],
                    rec["closed"])
            h.update(("\x1f".join("" if v is None else str(v) for v in vals)
                      + "\n").encode())
            n += 1
    return "%s %d records\n" % (h.hexdigest(), n)


def normalise(name, text, job="cases"):
    """Sorted year,jurisdiction,investigations,convictions lines (keys:
    court_file,investigations,convictions)."""
    rows = []
    if job == "keys":
        if name.startswith("tracestat"):
            for rec in csv.DictReader(io.StringIO(text)):
                if rec["court_file"] == "Total":
                    continue
                rows.append("%s,%d,%d" % (rec["court_file"],
                                          int(rec["investigations"] or 0),
                                          int(rec["convictions"] or 0)))
        else:
            for line in text.splitlines():
                f = line.split(",")
                if len(f) == 3 and f[1].isdigit():
                    rows.append("%s,%d,%d" % (f[0], int(f[1]), int(f[2] or 0)))
        rows.sort(key=lambda s: s.encode())
        return "\n".join(rows) + "\n"
    if name.startswith("tracestat"):
        doc = json.loads(text)
        for g in doc["groups"]:
            k = g["key"]
            rows.append("%s,%s,%d,%d" % (k["year"], k["jurisdiction"],
                                         g["investigations"] or 0,
                                         g["convictions"] or 0))
    else:
        for line in text.splitlines():
            f = line.split(",")
            if len(f) < 4 or not f[0][:1].isdigit():
                continue
            rows.append("%s,%s,%d,%d" % (f[0], f[1], int(float(f[2])),
                                         int(float(f[3]))))
    rows.sort(key=lambda s: s.encode())
    return "\n".join(rows) + "\n"


def raw_digest(out, err):
    """The bytes of stdout and stderr, for --threads 1 against 2."""
    h = hashlib.md5()
    for p in (out, err):
        with open(p, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0")
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tracestat", default=os.path.join(HERE, "..", "tracestat"))
    ap.add_argument("--slow", type=float, default=15.0,
                    help="a tool whose warm-up run takes longer than this "
                    "many seconds is timed on that run alone")
    ap.add_argument("--only", default="",
                    help="comma-separated tool names to run (default: all)")
    ap.add_argument("--save", default="",
                    help="also write the medians and peaks to this JSON file "
                    "(read by bench/targets.py)")
    ap.add_argument("--utf8", default="",
                    help="cp1252, utf16: the UTF-8 file the copy was made from")
    ap.add_argument("--ref", default="",
                    help="scale: the smaller file of the same generator")
    ap.add_argument("--bare", default="",
                    help="cpu: the bare single-pass loop (fast_count)")
    ap.add_argument("job", choices=["cases", "counts", "keys", "json", "ndjson",
                                    "cp1252", "utf16", "convert", "scale",
                                    "cpu"])
    ap.add_argument("file")
    a = ap.parse_args()
    ts = os.path.abspath(a.tracestat)
    if not os.path.exists(a.file):
        print("file %s: skipped: no space (or not generated)" % a.file)
        if a.save:
            with open(a.save, "w", encoding="utf-8") as f:
                json.dump({"file": a.file, "job": a.job,
                           "skipped": "no space"}, f, indent=1)
        return 0
    only = set(x.strip() for x in a.only.split(",") if x.strip())
    todo, missing = [], []
    for name, argv, ok in tools(ts, a.job, a.file, a):
        if only and name not in only and name.split()[0] not in only:
            continue
        (todo if ok else missing).append((name, argv))
    size = os.path.getsize(a.file)
    print("file %s: %.1f MB, job %s, %d runs each, tools alternating"
          % (a.file, size / 1e6, a.job, a.runs))
    if missing:
        print("not installed (see bench/README.md): "
              + ", ".join(n for n, _ in missing))
    tmp = tempfile.mkdtemp(prefix="tsbench-", dir=os.path.dirname(
        os.path.abspath(a.file)))
    answers, times, peaks, cpus, failed, slow = {}, {}, {}, {}, [], set()
    raw = {}
    # Warm-up and answer check.
    for name, argv in todo:
        out, err = os.path.join(tmp, "out"), os.path.join(tmp, "err")
        wall, peak, cpu, rc = run_once(argv, out, err)
        # tracestat exits 1 when it rejected rows: still an answer.
        if rc not in (0, 1) or os.path.getsize(out) == 0:
            failed.append(name)
            continue
        try:
            if a.job == "convert":
                answers[name] = normalise_convert(name, out)
            else:
                with open(out, encoding="utf-8") as f:
                    answers[name] = normalise(name, f.read(),
                                              "cases" if a.job in CASE_LIKE
                                              else a.job)
        except (ValueError, KeyError) as e:
            print("%s: cannot read its output: %s" % (name, e))
            failed.append(name)
            continue
        if name in ("tracestat", "tracestat t1"):
            raw[name] = raw_digest(out, err)
        times[name], peaks[name], cpus[name] = [], [peak], []
        if wall > a.slow:
            times[name].append(wall)
            cpus[name].append(cpu)
            slow.add(name)
    todo = [(n, v) for n, v in todo if n not in failed]
    for r in range(a.runs):
        for name, argv in todo:
            if name in slow:
                continue
            wall, peak, cpu, rc = run_once(argv, os.path.join(tmp, "out"))
            times[name].append(wall)
            cpus[name].append(cpu)
            peaks[name].append(peak)
    shutil.rmtree(tmp)
    ref = answers.get("tracestat")
    # The scale job's reference run reads another file: its answer differs.
    other = {"tracestat ref"}
    base = statistics.median(times["tracestat"]) if "tracestat" in times else None
    print("%-16s %9s %17s %3s %8s %9s %8s  %s" % (
        "tool", "median s", "(min-max)", "n", "cpu s", "peak MiB", "ratio",
        "answer"))
    bad = 0
    for name, _ in todo:
        t = times[name]
        med = statistics.median(t)
        same = answers[name] == ref
        bad += not same and name not in other
        digest = hashlib.md5(answers[name].encode()).hexdigest()[:12]
        print("%-16s %9.3f %17s %3d %8.3f %9.1f %8s  %s %s" % (
            name, med, "(%.3f-%.3f)" % (min(t), max(t)), len(t),
            statistics.median(cpus[name]), max(peaks[name]),
            "%.2f" % (med / base) if base else "-", digest,
            "other file" if name in other else "same" if same else "DIFFERENT"))
    for name in failed:
        print("%-16s failed to run" % name)
    rows = 0
    if ref and a.job == "convert":
        print("tracestat's answer: " + ref.strip())
    elif ref:
        groups = ref.count("\n")
        col = 1 if a.job == "keys" else 2
        inv = sum(int(l.split(",")[col]) for l in ref.splitlines())
        conv = sum(int(l.split(",")[col + 1]) for l in ref.splitlines())
        rows = inv
        print("tracestat's answer: %d groups, %d investigations, %d convictions"
              % (groups, inv, conv))
    if len(raw) == 2:
        print("--threads 1 and the default: stdout and stderr %s"
              % ("byte-identical" if raw["tracestat"] == raw["tracestat t1"]
                 else "DIFFERENT"))
    if a.save:
        with open(a.save, "w", encoding="utf-8") as f:
            json.dump({"file": a.file, "job": a.job, "bytes": size,
                       "rows": rows, "load": os.getloadavg(),
                       "threads_identical": (raw["tracestat"] == raw["tracestat t1"]
                                             if len(raw) == 2 else None),
                       "tools": {n: {"median": statistics.median(times[n]),
                                     "cpu": statistics.median(cpus[n]),
                                     "peak_mib": max(peaks[n]),
                                     "n": len(times[n]),
                                     "same": answers[n] == ref or n in other}
                                 for n, _ in todo}}, f, indent=1)
    print("ratio = median / tracestat's median; cpu = median user + system;")
    print("peak = largest process's max RSS;")
    print("n = timed runs (1: slower than %g s, timed on its warm-up run)" % a.slow)
    return 1 if bad or failed else 0


if __name__ == "__main__":
    sys.exit(main())
