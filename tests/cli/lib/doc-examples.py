#!/usr/bin/env python3
"""Runs the examples of a Markdown document and checks their output.

    doc-examples.py DOC.md            check; print each difference, exit 1
    UPDATE=1 doc-examples.py DOC.md   rewrite the outputs in DOC.md

An example is a fenced block of kind `console`: lines starting with "$ " are
commands, the lines up to the next command or the end of the block are what
they print (standard output and standard error together).  Commands run
with bash, one after another in one fresh folder that holds links to the
tree's data/ and tests/, with `tracestat` on PATH being $TS, LC_ALL=C and
NO_COLOR set.  A command's exit status is not checked: the output is.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```console\s*$")


def blocks(lines):
    """Yields (start, end) line indexes of the console blocks' bodies."""
    i = 0
    while i < len(lines):
        if FENCE.match(lines[i]):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            yield i + 1, j
            i = j
        i += 1


def main():
    doc = sys.argv[1]
    top = os.getcwd()
    ts = os.environ.get("TS", os.path.join(top, "tracestat"))
    bindir = tempfile.mkdtemp()
    os.symlink(ts, os.path.join(bindir, "tracestat"))
    env = dict(os.environ, LC_ALL="C", NO_COLOR="1",
               PATH=bindir + ":" + os.environ.get("PATH", ""))
    work = tempfile.mkdtemp()
    try:
        return check(doc, top, env, work)
    finally:
        shutil.rmtree(bindir)
        shutil.rmtree(work)


def check(doc, top, env, work):
    """Runs the examples of doc in work; see the module comment."""
    for d in ("data", "tests"):
        os.symlink(os.path.join(top, d), os.path.join(work, d))
    with open(doc, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out_lines = []
    pos = 0
    bad = 0
    ncmd = 0
    for start, end in blocks(lines):
        out_lines.extend(lines[pos:start])
        body = lines[start:end]
        k = 0
        while k < len(body):
            if not body[k].startswith("$ "):
                out_lines.append(body[k])
                k += 1
                continue
            cmd = body[k][2:]
            # A command may go on over lines that end in a backslash.
            cmd_lines = [body[k]]
            while cmd.endswith("\\") and k + 1 < len(body):
                k += 1
                cmd_lines.append(body[k])
                cmd = cmd[:-1] + "\n" + body[k]
            k += 1
            want = []
            while k < len(body) and not body[k].startswith("$ "):
                want.append(body[k])
                k += 1
            run = subprocess.run(["bash", "-c", cmd], cwd=work, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL)
            got = run.stdout.decode("utf-8", "replace").rstrip("\n")
            got = got.split("\n") if got else []
            ncmd += 1
            if got != want:
                bad += 1
                print(f"{doc}:{start + 1}: $ {cmd.splitlines()[0]}")
                for line in want:
                    if line not in got:
                        print(f"  - {line}")
                for line in got:
                    if line not in want:
                        print(f"  + {line}")
            out_lines.extend(cmd_lines)
            out_lines.extend(got if os.environ.get("UPDATE") == "1" else want)
        pos = end
    out_lines.extend(lines[pos:])
    if os.environ.get("UPDATE") == "1":
        with open(doc, "w", encoding="utf-8") as f:
            f.write("\n".join(out_lines))
    print(f"{doc}: {ncmd} commands, {ncmd - bad} print what the document says")
    return 1 if bad and os.environ.get("UPDATE") != "1" else 0


if __name__ == "__main__":
    sys.exit(main())
