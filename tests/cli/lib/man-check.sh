#!/usr/bin/env bash
# tests/cli/lib/man-check.sh MANPAGE — checks tracestat.1 against the
# --help texts of the binary $TS, both ways, and that it renders cleanly:
#   - every command of `tracestat --help` is in the SYNOPSIS and has its own
#     subsection (.Ss) under COMMANDS;
#   - every option of `tracestat CMD --help` is listed (.It Fl) under CMD or,
#     for the commands INPUT OPTIONS names, under INPUT OPTIONS;
#   - GENERAL OPTIONS are the options of `tracestat --help`;
#   - what the page lists and the binary lacks (a command, an option under
#     CMD that `tracestat CMD --help` does not show, an INPUT OPTION missing
#     from a command it names) is printed, so that the recorded output of
#     the test says what the page documents ahead of the code;
#   - `man --warnings -l` and `groff -mdoc -ww -z` print no warning.
# Prints each disagreement and a summary; exits 1 when there is any.
set -u
man=$1
bad=0
problem() { echo "$*"; bad=1; }

# The options of a --help text: the leading option words of its option
# lines ("  -o, --output FILE   write ..." gives -o and --output), before
# the examples.
help_options() {
	sed -n '/^Examples/q; s/^  *\(-[^ ].*\)$/\1/p' | sed 's/   .*//' |
		tr ', ' '\n\n' | grep -- '^--\?[A-Za-z]' | sed 's/[^A-Za-z0-9-].*//' | sort -u
}
# The commands of the top-level help: "  report [OPTIONS] ..." under "Commands:".
commands=$("$TS" --help | awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }')

# The man page's option lists: "KEY<TAB>-opt" with KEY the command of the
# .Ss under COMMANDS, or the .Sh title elsewhere.
man_options=$(awk '
	/^\.Sh / { sh = substr($0, 5); key = sh; next }
	/^\.Ss / { if (sh == "COMMANDS") key = substr($0, 5); next }
	/^\.It Fl / {
		n = split($0, w, " ")
		for (i = 1; i < n; i++) if (w[i] == "Fl") print key "\t-" w[i + 1]
	}' "$man" | sort -u)
man_opts_of() { awk -F '\t' -v k="$1" '$1 == k { print $2 }' <<<"$man_options"; }
synopsis_cmds=$(awk '/^\.Sh SYNOPSIS/ { on = 1; next } /^\.Sh / { on = 0 } on && /^\.Cm / { print $2 }' "$man" | sort -u)
subsections=$(awk '/^\.Sh COMMANDS/ { on = 1; next } /^\.Sh / { on = 0 } on && /^\.Ss / { print $2 }' "$man" | sort -u)
# The commands that INPUT OPTIONS says take them (.Cm lines before its list).
input_cmds=$(awk '/^\.Sh INPUT OPTIONS/ { on = 1; next } /^\.Bl/ { on = 0 } on && /^\.Cm / { print $2 }' "$man" | sort -u)
input_opts=$(man_opts_of "INPUT OPTIONS")

# What the man page documents and this binary lacks: listed, not failed, so
# that the page can describe the whole product while parts of it are still
# on their way; the expected output of the test names each such item, so
# any change to the list shows up as a difference.
ahead=
for c in $synopsis_cmds; do
	grep -qx -- "$c" <<<"$commands" || ahead="$ahead
  command $c"
done
for c in $commands; do
	grep -qx -- "$c" <<<"$synopsis_cmds" || problem "tracestat --help: command $c is not in the SYNOPSIS"
	grep -qx -- "$c" <<<"$subsections" || problem "tracestat --help: command $c has no subsection under COMMANDS"
done

top=$("$TS" --help | help_options)
for o in $top; do
	man_opts_of "GENERAL OPTIONS" | grep -qx -- "$o" || problem "tracestat --help: $o is not under GENERAL OPTIONS"
done
for o in $(man_opts_of "GENERAL OPTIONS"); do
	grep -qx -- "$o" <<<"$top" || problem "man page GENERAL OPTIONS: $o is not in tracestat --help"
done

nopts=0
for c in $commands; do
	if ! h=$("$TS" "$c" --help 2>&1); then
		problem "tracestat $c --help fails"; continue
	fi
	opts=$(help_options <<<"$h")
	own=$(man_opts_of "$c")
	where=$c
	takes_input=0
	if grep -qx -- "$c" <<<"$input_cmds"; then
		takes_input=1
		where="$c or INPUT OPTIONS"
	fi
	for o in $opts; do
		nopts=$((nopts + 1))
		grep -qx -- "$o" <<<"$own" && continue
		[ $takes_input = 1 ] && grep -qx -- "$o" <<<"$input_opts" && continue
		problem "tracestat $c --help: $o is not in the man page under $where"
	done
	missing=
	for o in $own; do
		grep -qx -- "$o" <<<"$opts" || missing="$missing $o"
	done
	if [ $takes_input = 1 ]; then
		for o in $input_opts; do
			grep -qx -- "$o" <<<"$opts" || missing="$missing $o"
		done
	fi
	[ -n "$missing" ] && ahead="$ahead
  $c:$missing"
done

w=$(MANWIDTH=80 man --warnings -l "$man" 2>&1 >/dev/null)
[ -z "$w" ] || problem "man --warnings -l: $w"
w=$(groff -mdoc -ww -z -Tutf8 "$man" 2>&1)
[ -z "$w" ] || problem "groff -ww: $w"
if command -v mandoc >/dev/null; then
	w=$(mandoc -T lint -W warning "$man" 2>&1)
	[ -z "$w" ] || problem "mandoc -T lint: $w"
fi
if [ $bad = 0 ]; then
	echo "$(wc -w <<<"$commands") commands, $nopts options: every one of them is in the man page; it renders without warnings"
	[ -n "$ahead" ] && echo "in the man page, not in tracestat --help:$ahead"
fi
exit $bad
