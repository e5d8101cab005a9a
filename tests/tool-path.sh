#!/usr/bin/env bash
# tests/tool-path.sh DIR — fills DIR with a symbolic link to each program
# that tests/tools.txt declares, resolved through the package's own file
# list (dpkg -L), so `awk` is mawk even where the alternatives point at
# gawk.  Exits 1, naming the package, when a declared program is missing:
# run `make deps`.
set -u
dir=$1
list=$(dirname "$0")/tools.txt
mkdir -p "$dir" || exit 2
st=0
while read -r pkg names; do
	case $pkg in '' | '#'*) continue ;; esac
	[ "$names" = - ] && continue
	files=$(dpkg -L "$pkg" 2>/dev/null | grep -E '^/(usr/)?s?bin/[^/]+$')
	if [ -z "$files" ]; then
		echo "tool-path: package $pkg is not installed: run make deps" >&2
		st=1; continue
	fi
	if [ -z "$names" ]; then
		names=$(printf '%s\n' "$files" | sed 's|.*/||')
	fi
	for n in $names; do
		name=${n%%=*} file=${n#*=}
		path=$(printf '%s\n' "$files" | awk -v f="$file" '{ n = split($0, p, "/") } p[n] == f { print; exit }')
		if [ -z "$path" ] || [ ! -x "$path" ]; then
			echo "tool-path: $pkg has no program $file" >&2
			st=1; continue
		fi
		ln -sf "$path" "$dir/$name"
	done
done < "$list"
exit $st
