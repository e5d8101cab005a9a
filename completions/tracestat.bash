# bash completion for tracestat                          -*- shell-script -*-
# Installed as share/bash-completion/completions/tracestat.
#
# The commands, the options and the values of the options come from the
# tracestat being completed (`tracestat --complete [COMMAND]`, printed
# from the same option tables as the parser and --help), so the
# completion always matches the binary.

# The options of COMMAND as "OPTION<TAB>ARG<TAB>VALUES<TAB>SUMMARY" lines.
_tracestat_options()
{
	"$1" --complete ${2:+"$2"} 2>/dev/null
}

# The words offered for the value of an option: its VALUES from the table
# ("@encoding" asks iconv, "@by" and "@field" add the headers of the files
# on the command line).
_tracestat_values()
{
	local values=$1
	case $values in
	@encoding)
		echo auto
		iconv -l 2>/dev/null | tr ',' '\n' | sed 's|//*$||; s/^ *//' | grep -v '^$'
		;;
	@by | @field)
		[ "$values" = @by ] && printf '%s\n' year quarter month period jurisdiction agency exploitation
		local w
		for w in "${COMP_WORDS[@]:1}"; do
			[[ $w != -* && -f $w && $w == *.csv ]] || continue
			head -n 1 -- "$w" 2>/dev/null | tr -d '\r' | tr ',;\t|' '\n\n\n\n' | sed 's/^"//; s/"$//'
		done
		;;
	@* | -) ;;
	*) local IFS=' '; printf '%s\n' $values ;;
	esac
}

# Files, folders with a trailing /.
_tracestat_files()
{
	local f
	compopt -o filenames 2>/dev/null
	while IFS= read -r f; do
		[ -d "$f" ] && f=$f/
		COMPREPLY+=("$f")
	done < <(compgen -f -- "$1")
	# A lone folder: go on into it rather than end the word.
	if [ ${#COMPREPLY[@]} = 1 ] && [[ ${COMPREPLY[0]} == */ ]]; then
		compopt -o nospace 2>/dev/null
	fi
}

_tracestat()
{
	local cur prev bin cmd i opt arg values summary takes= list
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	bin=${COMP_WORDS[0]}
	COMPREPLY=()

	# bash splits "--by=ye" into "--by" "=" "ye" (COMP_WORDBREAKS); one
	# word "--by=ye" comes from callers that do not split.
	if [ "$cur" = = ]; then
		cur=
	elif [ "$prev" = = ] && [ "$COMP_CWORD" -ge 2 ]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi

	# The command: the first word after the program that is not an option.
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-* | =) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ -z "$cmd" ] && [[ $cur != -* ]] && [ "$prev" = "${COMP_WORDS[COMP_CWORD - 1]}" ] &&
			[[ $prev != -* ]]; then
		local cmds
		cmds=$("$bin" --complete 2>/dev/null | cut -f1)
		COMPREPLY=($(compgen -W "$cmds help" -- "$cur"))
		# tracestat FILE... is tracestat report FILE...
		_tracestat_files "$cur"
		return
	fi
	list=$(_tracestat_options "$bin" "$cmd")

	while IFS=$'\t' read -r opt arg values summary; do
		if [ "$opt" = "$prev" ] && [ "$arg" != - ]; then
			takes=$values
			break
		fi
	done <<<"$list"
	if [ -n "$takes" ]; then
		case $takes in
		@file) _tracestat_files "$cur" ;;
		@dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -S / -- "$cur")) ;;
		@by)
			# A list: complete the field after the last comma, and
			# leave room for another comma.
			local before= IFS=$'\n'
			[[ $cur == *,* ]] && before=${cur%,*},
			COMPREPLY=($(compgen -P "$before" -W "$(_tracestat_values @by | sort -u)" -- "${cur##*,}"))
			compopt -o nospace 2>/dev/null
			;;
		*)
			local IFS=$'\n'
			COMPREPLY=($(compgen -W "$(_tracestat_values "$takes")" -- "$cur"))
			;;
		esac
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(cut -f1 <<<"$list")" -- "$cur"))
		return
	fi
	case $cmd in
	rate | fields) ;;
	help) COMPREPLY=($(compgen -W "$("$bin" --complete 2>/dev/null | cut -f1)" -- "$cur")) ;;
	*) _tracestat_files "$cur" ;;
	esac
}
complete -F _tracestat tracestat
