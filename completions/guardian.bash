# bash completion for guardian(1). Needs no bash-completion helpers; rule IDs,
# names and modules come from the installed binary (`guardian rules`).

_guardian_rule_tokens()
{
    "${COMP_WORDS[0]}" rules 2>/dev/null | awk '
        /^[^ ].*:/ { sub(/:.*/, ""); print; next }
        /^  [A-Z]+[0-9]+ / { print $1; print $2 }'
}

_guardian()
{
    local cur prev cmd i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
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
                --format) COMPREPLY=($(compgen -W 'text json' -- "$cur")) ;;
                *) COMPREPLY=($(compgen -W '--format' -- "$cur")) ;;
            esac
            return ;;
        explain)
            [[ $prev == explain ]] &&
                COMPREPLY=($(compgen -W "$(_guardian_rule_tokens | grep -E '^[A-Z]+[0-9]+$')" -- "$cur"))
            return ;;
    esac

    # guardian check
    case $prev in
        -f|--format)
            COMPREPLY=($(compgen -W 'text json sarif junit github markdown' -- "$cur")); return ;;
        --fail-on)
            COMPREPLY=($(compgen -W 'error warning info never' -- "$cur")); return ;;
        --guest)
            COMPREPLY=($(compgen -W 'windows linux auto' -- "$cur")); return ;;
        --color)
            COMPREPLY=($(compgen -W 'auto always never' -- "$cur")); return ;;
        --select|--ignore)
            local prefix=
            [[ $cur == *,* ]] && prefix=${cur%,*},
            COMPREPLY=($(compgen -P "$prefix" -W "$(_guardian_rule_tokens) all fixable seed upstream host domcaps" \
                -- "${cur##*,}"))
            return ;;
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
        -j|--jobs)
            COMPREPLY=($(compgen -W "1 2 4 8 $(getconf _NPROCESSORS_ONLN 2>/dev/null)" -- "$cur")); return ;;
        --emit-xslt)
            COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --host-caps|--domain-caps|--image-info|--schema-file|--config|--baseline|--write-baseline|-o|--output)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '--connect --connect-timeout --domain --host-caps --domain-caps --image-info --schema --schema-file --guest --format --output --pretty
            --select --ignore --fail-on --fix --unsafe-fixes --diff --emit-xslt --config
            --no-config --baseline --write-baseline --jobs --color --quiet --help' -- "$cur"))
        return
    fi
    # Paths: directories and *.xml files.
    local IFS=$'\n'
    COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.xml' -- "$cur"))
    compopt -o filenames 2>/dev/null
}

complete -F _guardian guardian
