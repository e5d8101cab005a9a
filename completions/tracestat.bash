# bash completion for tracestat                          -*- shell-script -*-
# Installed as share/bash-completion/completions/tracestat.
#
# The commands and options come from the --help texts of the tracestat that
# is being completed, so the completion always matches the binary; only the
# values of a few options are listed here.

# Prints the option lines of `tracestat [CMD] --help` as "OPTION VALUE", one
# option a line; VALUE is the placeholder or value list ("-" when the
# option takes none).
_tracestat_options()
{
	"$1" ${2:+"$2"} --help 2>/dev/null | sed -n '/^Examples/q; s/^  *\(-[^ ].*\)$/\1/p' |
		sed 's/   .*//; s/, / /g' | awk '{
			arg = "-"
			for (i = 1; i <= NF; i++) if ($i !~ /^-/) { arg = $i; break }
			for (i = 1; i <= NF; i++) if ($i ~ /^-/) print $i, arg
		}'
}

_tracestat_values()
{
	local opt=$1 arg=$2
	case $opt in
	--ci) echo wilson wilson-cc exact jeffreys agresti-coull ;;
	--basis) echo cohort period ;;
	--dispersion) echo multiplicative additive none ;;
	--input-format) echo auto csv json ndjson ;;
	--to) echo csv json ndjson ;;
	--delimiter) echo "auto , ; tab |" ;;
	--period) echo last-month last-quarter last-year this-month this-quarter this-year ;;
	--by) echo year quarter month period jurisdiction agency exploitation ;;
	--encoding)
		echo auto
		iconv -l 2>/dev/null | tr ',' '\n' | sed 's|//*$||; s/^ *//' | grep -v '^$'
		;;
	*)
		# A value list in the help itself: "--format text|json".
		case $arg in
		*'|'*) echo "${arg//|/ }" ;;
		*) [ "$opt" = --format ] && echo text json csv tsv markdown ;;
		esac
		;;
	esac
}

_tracestat()
{
	local cur prev bin cmd i line opt arg takes
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	bin=${COMP_WORDS[0]}
	COMPREPLY=()

	# The command: the first word after the program that is not an option.
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ -z "$cmd" ] && [[ $cur != -* ]]; then
		local cmds
		cmds=$("$bin" --help 2>/dev/null | awk '/^Commands:/ { on = 1; next }
			/^$/ { on = 0 } on && /^  [a-z]/ { print $1 }')
		COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
		# tracestat FILE... is tracestat report FILE...
		COMPREPLY+=($(compgen -f -- "$cur"))
		return
	fi
	# A bare file list is the report command.
	if [ -n "$cmd" ] && ! "$bin" --help 2>/dev/null | grep -q "^  $cmd "; then
		cmd=report
	fi

	# "--opt=value" in one word.
	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi
	takes=
	while read -r opt arg; do
		if [ "$opt" = "$prev" ] && [ "$arg" != - ]; then
			takes=$arg
			break
		fi
	done < <(_tracestat_options "$bin" "$cmd")
	if [ -n "$takes" ]; then
		case $prev in
		-o | --output) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
		--by)
			# A list: complete the field after the last comma.
			local before=
			[[ $cur == *,* ]] && before=${cur%,*},
			COMPREPLY=($(compgen -P "$before" -W "$(_tracestat_values --by)" -- "${cur##*,}"))
			;;
		*)
			local IFS=$'\n'
			COMPREPLY=($(compgen -W "$(_tracestat_values "$prev" "$takes" | tr ' ' '\n')" -- "$cur"))
			;;
		esac
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_tracestat_options "$bin" "$cmd" | cut -d' ' -f1)" -- "$cur"))
		return
	fi
	case $cmd in
	rate | fields) ;;
	*) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -F _tracestat tracestat
