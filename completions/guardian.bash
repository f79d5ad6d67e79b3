# bash completion for guardian(1). Needs no bash-completion helpers; rule IDs,
# names, modules and formats come from the installed binary.

_guardian_rule_tokens()
{
    "${COMP_WORDS[0]}" rules 2>/dev/null | awk '
        /^[^ ].*:/ { sub(/:.*/, ""); print; next }
        /^  [A-Z]+[0-9]+ / { print $1; print $2 }'
}

_guardian_rule_ids()
{
    "${COMP_WORDS[0]}" rules 2>/dev/null | awk '/^  [A-Z]+[0-9]+ / { print $1 }'
}

# The formats `check --help` lists ("Output format: text|json|... (default text)").
_guardian_formats()
{
    "${COMP_WORDS[0]}" check --help 2>/dev/null |
        sed -n 's/.*Output format: \([a-z|]*\).*/\1/p' | tr '|' ' '
}

# Completes a comma-separated list of rule tokens.
_guardian_token_list()
{
    local prefix=
    [[ $cur == *,* ]] && prefix=${cur%,*},
    COMPREPLY=($(compgen -P "$prefix" -W "$(_guardian_rule_tokens) all fixable seed upstream host domcaps" \
        -- "${cur##*,}"))
}

_guardian()
{
    local cur prev cmd i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    # --opt=value: bash splits at '=' (COMP_WORDBREAKS) or not; handle both.
    if [[ $cur == --*=* ]]; then
        prev=${cur%%=*}; cur=${cur#*=}
    elif [[ $cur == = ]]; then
        prev=${COMP_WORDS[COMP_CWORD-1]}; cur=
    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi
    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            check|rules|explain) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done

    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W 'check rules explain --version --help' -- "$cur"))
        return
    fi

    case $cmd in
        rules)
            case $prev in
                -f|--format) COMPREPLY=($(compgen -W 'text json' -- "$cur")) ;;
                --select|--ignore) _guardian_token_list ;;
                *)
                    if [[ $cur == -* ]]; then
                        COMPREPLY=($(compgen -W '--format --select --ignore --help' -- "$cur"))
                    else
                        COMPREPLY=($(compgen -W "$(_guardian_rule_tokens)" -- "$cur"))
                    fi ;;
            esac
            return ;;
        explain)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W '--help' -- "$cur"))
            else
                COMPREPLY=($(compgen -W "$(_guardian_rule_ids)" -- "$cur"))
            fi
            return ;;
    esac

    # guardian check
    case $prev in
        -f|--format)
            COMPREPLY=($(compgen -W "$(_guardian_formats)" -- "$cur")); return ;;
        --fail-on)
            COMPREPLY=($(compgen -W 'error warning info never' -- "$cur")); return ;;
        --guest)
            COMPREPLY=($(compgen -W 'windows linux auto' -- "$cur")); return ;;
        --color)
            COMPREPLY=($(compgen -W 'auto always never' -- "$cur")); return ;;
        --select|--ignore)
            _guardian_token_list; return ;;
        -c|--connect)
            COMPREPLY=($(compgen -W 'qemu:///system qemu:///session test:///default' -- "$cur")); return ;;
        -d|--domain)
            local uri= j
            for ((j = 1; j < COMP_CWORD; j++)); do
                [[ ${COMP_WORDS[j]} == -c || ${COMP_WORDS[j]} == --connect ]] && uri=${COMP_WORDS[j+1]}
            done
            [[ -n $uri ]] && command -v virsh >/dev/null &&
                COMPREPLY=($(compgen -W "$(virsh -r -c "$uri" list --all --name 2>/dev/null)" -- "$cur"))
            return ;;
        --connect-timeout)
            COMPREPLY=($(compgen -W "5 10 30 60" -- "$cur")); return ;;
        -j|--jobs|--max-results)
            COMPREPLY=($(compgen -W "1 2 4 8 $(getconf _NPROCESSORS_ONLN 2>/dev/null)" -- "$cur")); return ;;
        --emit-xslt)
            COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --host-caps|--domain-caps|--image-info|--schema-file|--config|--baseline|--write-baseline|-o|--output|--stdin-filename)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac

    if [[ $cur == -* ]]; then
        # Every long option `check --help` lists.
        COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" check --help 2>/dev/null |
            grep -oE -- '--[a-z][a-z-]+' | sort -u)" -- "$cur"))
        return
    fi
    # Paths: directories and *.xml files.
    local IFS=$'\n'
    COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.xml' -- "$cur"))
    compopt -o filenames 2>/dev/null
}

complete -F _guardian guardian
