#!/usr/bin/env python3
"""po/man-options.py TRACESTAT LANG PAGE — writes into PAGE (tracestat.LANG.1)
the option sections of the translated manual, made from the translated
--help of every command (the catalogue is the one source of the option
texts; tracestat.1 has the long explanations).  The sections replace the
lines between the marks '.\\" options:' and '.\\" options end'.
Run after changing an option or its translation (docs/i18n.md); the test
i18n_man_options fails when a page is not what this script makes."""
import os, subprocess, sys

TABLE_BLOCKS = ["Reading options", "Words of an agency's tables",
                "Long and wide tables", "Total rows and revised figures"]
COMMANDS = ["report", "rate", "check", "convert", "plot", "fields"]
TITLES = {
    "es": ("OPCIONES DE LOS COMANDOS", "OPCIONES DE ENTRADA", "OPCIONES GENERALES",
           "Las opciones propias de cada comando; las de lectura están en",
           "leen su entrada con estas opciones:", "y"),
    "fr": ("OPTIONS DES COMMANDES", "OPTIONS D'ENTRÉE", "OPTIONS GÉNÉRALES",
           "Les options propres à chaque commande ; celles de la lecture sont dans",
           "lisent leur entrée avec ces options :", "et"),
}

def help_text(ts, lang, args):
    env = dict(os.environ)
    for v in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        env.pop(v, None)
    if lang == "C":
        env["LC_ALL"] = "C"
    else:
        env["LC_ALL"] = "C.UTF-8"
        env["LANGUAGE"] = lang
    return subprocess.run([ts] + args + ["--help"], env=env, check=True,
                          stdout=subprocess.PIPE).stdout.decode("utf-8")

def blocks(text):
    """[(title, [(left, description)])] of a --help text."""
    out, opts, opt = [], None, None
    for line in text.split("\n")[1:]:
        if line.startswith("  -"):
            s = line[2:]
            i = s.find("  ")
            opt = [s[:i] if i >= 0 else s, s[i:].strip() if i >= 0 else ""]
            opts.append(opt)
        elif line.startswith(" " * 27) and opt is not None:
            opt[1] = (opt[1] + " " + line.strip()).strip()
        else:
            opt = None
            if line and not line.startswith(" ") and line.rstrip().endswith(":"):
                opts = []
                out.append((line.rstrip().rstrip(":").rstrip("\u00a0 "), opts))
    return [b for b in out if b[1]]

def esc(s):
    return s.replace("\\", "\\e")

def item(left, desc):
    parts = []
    for p in left.split(", "):
        w = p.split(" ", 1)
        name = w[0]
        parts.append("Fl " + esc(name[1:]) + (" Ar \\&" + esc(w[1]) if len(w) > 1 else ""))
    return ".It " + " , ".join(parts) + "\n\\&" + esc(desc)

def main():
    ts, lang, page = sys.argv[1:4]
    t_cmds, t_input, t_general, intro, reads, conj = TITLES[lang]
    out = [".Sh " + t_cmds, intro, ".Sx " + t_input + " ."]
    input_block, input_cmds = None, []
    for c in COMMANDS:
        en, tr = blocks(help_text(ts, "C", [c])), blocks(help_text(ts, lang, [c]))
        assert [len(b[1]) for b in en] == [len(b[1]) for b in tr], c
        out += [".Ss " + c, ".Bl -tag -width Ds"]
        # A command that reads tables takes every reading block: those are
        # listed once, under the input options.
        takes_tables = all(t in [title for title, _ in en] for t in TABLE_BLOCKS)
        if takes_tables:
            input_cmds.append(c)
        for (title, _), (_, opts) in zip(en, tr):
            if not (takes_tables and title in TABLE_BLOCKS):
                out += [item(l, d) for l, d in opts]
        out.append(".El")
        if c == "report":
            input_block = [o for (title, _), (_, opts) in zip(en, tr)
                           if title in TABLE_BLOCKS for o in opts]
    out += [".Sh " + t_input]
    for i, c in enumerate(input_cmds):
        sep = " ," if i < len(input_cmds) - 2 else ""
        out.append(".Cm " + c + sep)
        if i == len(input_cmds) - 2:
            out.append(conj)
    out += [reads, ".Bl -tag -width Ds"] + [item(l, d) for l, d in input_block] + [".El"]
    general = blocks(help_text(ts, lang, []))
    out += [".Sh " + t_general, ".Bl -tag -width Ds"]
    out += [item(l, d) for l, d in general[0][1]] + [".El"]
    lines = open(page, encoding="utf-8").read().split("\n")
    a = lines.index('.\\" options:')
    b = lines.index('.\\" options end')
    text = "\n".join(lines[:a + 1] + out + lines[b:])
    open(page, "w", encoding="utf-8").write(text)

main()
