#!/bin/bash

__rstate_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__rstate_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__rstate_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__rstate_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_rstate() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -? --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __rstate_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    ping|info|exec|keys|ns|ttl|flush|health|migrate|repl|help)
        # Offer subcommand argument completions
        "_rstate_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'ping info exec keys ns ttl flush health migrate repl help' -- "${cur}"))
        ;;
    esac
}

_rstate_ping() {
    repeating_flags=()
    non_repeating_flags=(--askpass --no-auth-warning --no-env-file --verbose -c --cluster --tls --insecure --quiet -q --json --all-nodes --version -? --help)
    repeating_options=(--sentinel)
    non_repeating_options=(-u --url --connection --config --host -h --port -p --socket -s --user -a --pass -t --connect-timeout --socket-timeout --env-file --master --sentinel-user --sentinel-pass --cacert --cacertdir --cert --key --sni --tls-ciphers --tls-ciphersuites -n --db --wait --count --interval)
    __rstate_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-u'|'--url')
        return
        ;;
    '--connection')
        return
        ;;
    '--config')
        return
        ;;
    '--host'|'-h')
        return
        ;;
    '--port'|'-p')
        return
        ;;
    '--socket'|'-s')
        return
        ;;
    '--user')
        return
        ;;
    '-a'|'--pass')
        return
        ;;
    '-t'|'--connect-timeout')
        return
        ;;
    '--socket-timeout')
        return
        ;;
    '--env-file')
        return
        ;;
    '--sentinel')
        return
        ;;
    '--master')
        return
        ;;
    '--sentinel-user')
        return
        ;;
    '--sentinel-pass')
        return
        ;;
    '--cacert')
        return
        ;;
    '--cacertdir')
        return
        ;;
    '--cert')
        return
        ;;
    '--key')
        return
        ;;
    '--sni')
        return
        ;;
    '--tls-ciphers')
        return
        ;;
    '--tls-ciphersuites')
        return
        ;;
    '-n'|'--db')
        return
        ;;
    '--wait')
        return
        ;;
    '--count')
        return
        ;;
    '--interval')
        return
        ;;
    esac
}

_rstate_info() {
    repeating_flags=()
    non_repeating_flags=(--askpass --no-auth-warning --no-env-file --verbose -c --cluster --tls --insecure --raw --json --version -? --help)
    repeating_options=(--sentinel)
    non_repeating_options=(-u --url --connection --config --host -h --port -p --socket -s --user -a --pass -t --connect-timeout --socket-timeout --env-file --master --sentinel-user --sentinel-pass --cacert --cacertdir --cert --key --sni --tls-ciphers --tls-ciphersuites -n --db)
    __rstate_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-u'|'--url')
        return
        ;;
    '--connection')
        return
        ;;
    '--config')
        return
        ;;
    '--host'|'-h')
        return
        ;;
    '--port'|'-p')
        return
        ;;
    '--socket'|'-s')
        return
        ;;
    '--user')
        return
        ;;
    '-a'|'--pass')
        return
        ;;
    '-t'|'--connect-timeout')
        return
        ;;
    '--socket-timeout')
        return
        ;;
    '--env-file')
        return
        ;;
    '--sentinel')
        return
        ;;
    '--master')
        return
        ;;
    '--sentinel-user')
        return
        ;;
    '--sentinel-pass')
        return
        ;;
    '--cacert')
        return
        ;;
    '--cacertdir')
        return
        ;;
    '--cert')
        return
        ;;
    '--key')
        return
        ;;
    '--sni')
        return
        ;;
    '--tls-ciphers')
        return
        ;;
    '--tls-ciphersuites')
        return
        ;;
    '-n'|'--db')
        return
        ;;
    esac
}

_rstate_exec() {
    repeating_flags=()
    non_repeating_flags=(--askpass --no-auth-warning --no-env-file --verbose -c --cluster --tls --insecure --raw --no-raw --csv --json --quoted-json -2 -3 -e -x --quoted-input --version -? --help)
    repeating_options=(--sentinel)
    non_repeating_options=(-u --url --connection --config --host -h --port -p --socket -s --user -a --pass -t --connect-timeout --socket-timeout --env-file --master --sentinel-user --sentinel-pass --cacert --cacertdir --cert --key --sni --tls-ciphers --tls-ciphersuites -n --db -d -D -r -i -X)
    __rstate_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-u'|'--url')
        return
        ;;
    '--connection')
        return
        ;;
    '--config')
        return
        ;;
    '--host'|'-h')
        return
        ;;
    '--port'|'-p')
        return
        ;;
    '--socket'|'-s')
        return
        ;;
    '--user')
        return
        ;;
    '-a'|'--pass')
        return
        ;;
    '-t'|'--connect-timeout')
        return
        ;;
    '--socket-timeout')
        return
        ;;
    '--env-file')
        return
        ;;
    '--sentinel')
        return
        ;;
    '--master')
        return
        ;;
    '--sentinel-user')
        return
        ;;
    '--sentinel-pass')
        return
        ;;
    '--cacert')
        return
        ;;
    '--cacertdir')
        return
        ;;
    '--cert')
        return
        ;;
    '--key')
        return
        ;;
    '--sni')
        return
        ;;
    '--tls-ciphers')
        return
        ;;
    '--tls-ciphersuites')
        return
        ;;
    '-n'|'--db')
        return
        ;;
    '-d')
        return
        ;;
    '-D')
        return
        ;;
    '-r')
        return
        ;;
    '-i')
        return
        ;;
    '-X')
        return
        ;;
    esac
}

_rstate_keys() {
    repeating_flags=()
    non_repeating_flags=(--askpass --no-auth-warning --no-env-file --verbose -c --cluster --tls --insecure --long -l --count-only --namespaces --unique -0 --null --json --version -? --help)
    repeating_options=(--sentinel)
    non_repeating_options=(-u --url --connection --config --host -h --port -p --socket -s --user -a --pass -t --connect-timeout --socket-timeout --env-file --master --sentinel-user --sentinel-pass --cacert --cacertdir --cert --key --sni --tls-ciphers --tls-ciphersuites -n --db --pattern --namespace --type --count --limit)
    __rstate_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-u'|'--url')
        return
        ;;
    '--connection')
        return
        ;;
    '--config')
        return
        ;;
    '--host'|'-h')
        return
        ;;
    '--port'|'-p')
        return
        ;;
    '--socket'|'-s')
        return
        ;;
    '--user')
        return
        ;;
    '-a'|'--pass')
        return
        ;;
    '-t'|'--connect-timeout')
        return
        ;;
    '--socket-timeout')
        return
        ;;
    '--env-file')
        return
        ;;
    '--sentinel')
        return
        ;;
    '--master')
        return
        ;;
    '--sentinel-user')
        return
        ;;
    '--sentinel-pass')
        return
        ;;
    '--cacert')
        return
        ;;
    '--cacertdir')
        return
        ;;
    '--cert')
        return
        ;;
    '--key')
        return
        ;;
    '--sni')
        return
        ;;
    '--tls-ciphers')
        return
        ;;
    '--tls-ciphersuites')
        return
        ;;
    '-n'|'--db')
        return
        ;;
    '--pattern')
        return
        ;;
    '--namespace')
        return
        ;;
    '--type')
        return
        ;;
    '--count')
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_rstate_ns() {
    repeating_flags=()
    non_repeating_flags=(--askpass --no-auth-warning --no-env-file --verbose -c --cluster --tls --insecure --json --version -? --help)
    repeating_options=(--sentinel)
    non_repeating_options=(-u --url --connection --config --host -h --port -p --socket -s --user -a --pass -t --connect-timeout --socket-timeout --env-file --master --sentinel-user --sentinel-pass --cacert --cacertdir --cert --key --sni --tls-ciphers --tls-ciphersuites -n --db --sample)
    __rstate_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-u'|'--url')
        return
        ;;
    '--connection')
        return
        ;;
    '--config')
        return
        ;;
    '--host'|'-h')
        return
        ;;
    '--port'|'-p')
        return
        ;;
    '--socket'|'-s')
        return
        ;;
    '--user')
        return
        ;;
    '-a'|'--pass')
        return
        ;;
    '-t'|'--connect-timeout')
        return
        ;;
    '--socket-timeout')
        return
        ;;
    '--env-file')
        return
        ;;
    '--sentinel')
        return
        ;;
    '--master')
        return
        ;;
    '--sentinel-user')
        return
        ;;
    '--sentinel-pass')
        return
        ;;
    '--cacert')
        return
        ;;
    '--cacertdir')
        return
        ;;
    '--cert')
        return
        ;;
    '--key')
        return
        ;;
    '--sni')
        return
        ;;
    '--tls-ciphers')
        return
        ;;
    '--tls-ciphersuites')
        return
        ;;
    '-n'|'--db')
        return
        ;;
    '--sample')
        return
        ;;
    esac
}

_rstate_ttl() {
    repeating_flags=()
    non_repeating_flags=(--askpass --no-auth-warning --no-env-file --verbose -c --cluster --tls --insecure --yes --dry-run --summary --only-missing --json --version -? --help)
    repeating_options=(--sentinel)
    non_repeating_options=(-u --url --connection --config --host -h --port -p --socket -s --user -a --pass -t --connect-timeout --socket-timeout --env-file --master --sentinel-user --sentinel-pass --cacert --cacertdir --cert --key --sni --tls-ciphers --tls-ciphersuites -n --db --pattern --namespace --type --count --set)
    __rstate_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-u'|'--url')
        return
        ;;
    '--connection')
        return
        ;;
    '--config')
        return
        ;;
    '--host'|'-h')
        return
        ;;
    '--port'|'-p')
        return
        ;;
    '--socket'|'-s')
        return
        ;;
    '--user')
        return
        ;;
    '-a'|'--pass')
        return
        ;;
    '-t'|'--connect-timeout')
        return
        ;;
    '--socket-timeout')
        return
        ;;
    '--env-file')
        return
        ;;
    '--sentinel')
        return
        ;;
    '--master')
        return
        ;;
    '--sentinel-user')
        return
        ;;
    '--sentinel-pass')
        return
        ;;
    '--cacert')
        return
        ;;
    '--cacertdir')
        return
        ;;
    '--cert')
        return
        ;;
    '--key')
        return
        ;;
    '--sni')
        return
        ;;
    '--tls-ciphers')
        return
        ;;
    '--tls-ciphersuites')
        return
        ;;
    '-n'|'--db')
        return
        ;;
    '--pattern')
        return
        ;;
    '--namespace')
        return
        ;;
    '--type')
        return
        ;;
    '--count')
        return
        ;;
    '--set')
        return
        ;;
    esac
}

_rstate_flush() {
    repeating_flags=()
    non_repeating_flags=(--askpass --no-auth-warning --no-env-file --verbose -c --cluster --tls --insecure --yes --dry-run --db --all --json --version -? --help)
    repeating_options=(--sentinel)
    non_repeating_options=(-u --url --connection --config --host -h --port -p --socket -s --user -a --pass -t --connect-timeout --socket-timeout --env-file --master --sentinel-user --sentinel-pass --cacert --cacertdir --cert --key --sni --tls-ciphers --tls-ciphersuites -n --pattern --namespace --type --count --backup)
    __rstate_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-u'|'--url')
        return
        ;;
    '--connection')
        return
        ;;
    '--config')
        return
        ;;
    '--host'|'-h')
        return
        ;;
    '--port'|'-p')
        return
        ;;
    '--socket'|'-s')
        return
        ;;
    '--user')
        return
        ;;
    '-a'|'--pass')
        return
        ;;
    '-t'|'--connect-timeout')
        return
        ;;
    '--socket-timeout')
        return
        ;;
    '--env-file')
        return
        ;;
    '--sentinel')
        return
        ;;
    '--master')
        return
        ;;
    '--sentinel-user')
        return
        ;;
    '--sentinel-pass')
        return
        ;;
    '--cacert')
        return
        ;;
    '--cacertdir')
        return
        ;;
    '--cert')
        return
        ;;
    '--key')
        return
        ;;
    '--sni')
        return
        ;;
    '--tls-ciphers')
        return
        ;;
    '--tls-ciphersuites')
        return
        ;;
    '-n')
        return
        ;;
    '--pattern')
        return
        ;;
    '--namespace')
        return
        ;;
    '--type')
        return
        ;;
    '--count')
        return
        ;;
    '--backup')
        return
        ;;
    esac
}

_rstate_health() {
    repeating_flags=()
    non_repeating_flags=(--askpass --no-auth-warning --no-env-file --verbose -c --cluster --tls --insecure --version -? --help)
    repeating_options=(--sentinel --warn --crit)
    non_repeating_options=(-u --url --connection --config --host -h --port -p --socket -s --user -a --pass -t --connect-timeout --socket-timeout --env-file --master --sentinel-user --sentinel-pass --cacert --cacertdir --cert --key --sni --tls-ciphers --tls-ciphersuites -n --db --format --sample --workload --expect-replicas --config-command --exit --timeout --watch)
    __rstate_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-u'|'--url')
        return
        ;;
    '--connection')
        return
        ;;
    '--config')
        return
        ;;
    '--host'|'-h')
        return
        ;;
    '--port'|'-p')
        return
        ;;
    '--socket'|'-s')
        return
        ;;
    '--user')
        return
        ;;
    '-a'|'--pass')
        return
        ;;
    '-t'|'--connect-timeout')
        return
        ;;
    '--socket-timeout')
        return
        ;;
    '--env-file')
        return
        ;;
    '--sentinel')
        return
        ;;
    '--master')
        return
        ;;
    '--sentinel-user')
        return
        ;;
    '--sentinel-pass')
        return
        ;;
    '--cacert')
        return
        ;;
    '--cacertdir')
        return
        ;;
    '--cert')
        return
        ;;
    '--key')
        return
        ;;
    '--sni')
        return
        ;;
    '--tls-ciphers')
        return
        ;;
    '--tls-ciphersuites')
        return
        ;;
    '-n'|'--db')
        return
        ;;
    '--format')
        __rstate_add_completions -W 'text'$'\n''nagios'$'\n''json'$'\n''prometheus'
        return
        ;;
    '--sample')
        return
        ;;
    '--warn')
        return
        ;;
    '--crit')
        return
        ;;
    '--workload')
        __rstate_add_completions -W 'cache'$'\n''queue'$'\n''store'
        return
        ;;
    '--expect-replicas')
        return
        ;;
    '--config-command')
        return
        ;;
    '--exit')
        __rstate_add_completions -W 'nagios'$'\n''binary'
        return
        ;;
    '--timeout')
        return
        ;;
    '--watch')
        return
        ;;
    esac
}

_rstate_migrate() {
    repeating_flags=()
    non_repeating_flags=(--askpass --no-auth-warning --no-env-file --verbose -c --cluster --tls --insecure --from-askpass --to-askpass --strip-ext --resume --verify --verify-only --both-ways --move --yes --dry-run --json --version -? --help)
    repeating_options=(--sentinel --rename)
    non_repeating_options=(-u --url --connection --config --host -h --port -p --socket -s --user -a --pass -t --connect-timeout --socket-timeout --env-file --master --sentinel-user --sentinel-pass --cacert --cacertdir --cert --key --sni --tls-ciphers --tls-ciphersuites -n --db --from --to --pattern --namespace --type --count --from-db --to-db --key-template --id-field --as --ttl --on-conflict --pipeline --rate --checkpoint --failed-keys --max-errors --ttl-tolerance)
    __rstate_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-u'|'--url')
        return
        ;;
    '--connection')
        return
        ;;
    '--config')
        return
        ;;
    '--host'|'-h')
        return
        ;;
    '--port'|'-p')
        return
        ;;
    '--socket'|'-s')
        return
        ;;
    '--user')
        return
        ;;
    '-a'|'--pass')
        return
        ;;
    '-t'|'--connect-timeout')
        return
        ;;
    '--socket-timeout')
        return
        ;;
    '--env-file')
        return
        ;;
    '--sentinel')
        return
        ;;
    '--master')
        return
        ;;
    '--sentinel-user')
        return
        ;;
    '--sentinel-pass')
        return
        ;;
    '--cacert')
        return
        ;;
    '--cacertdir')
        return
        ;;
    '--cert')
        return
        ;;
    '--key')
        return
        ;;
    '--sni')
        return
        ;;
    '--tls-ciphers')
        return
        ;;
    '--tls-ciphersuites')
        return
        ;;
    '-n'|'--db')
        return
        ;;
    '--from')
        return
        ;;
    '--to')
        return
        ;;
    '--pattern')
        return
        ;;
    '--namespace')
        return
        ;;
    '--type')
        return
        ;;
    '--count')
        return
        ;;
    '--from-db')
        return
        ;;
    '--to-db')
        return
        ;;
    '--key-template')
        return
        ;;
    '--id-field')
        return
        ;;
    '--as')
        return
        ;;
    '--ttl')
        return
        ;;
    '--on-conflict')
        return
        ;;
    '--rename')
        return
        ;;
    '--pipeline')
        return
        ;;
    '--rate')
        return
        ;;
    '--checkpoint')
        return
        ;;
    '--failed-keys')
        return
        ;;
    '--max-errors')
        return
        ;;
    '--ttl-tolerance')
        return
        ;;
    esac
}

_rstate_repl() {
    repeating_flags=()
    non_repeating_flags=(--askpass --no-auth-warning --no-env-file --verbose -c --cluster --tls --insecure --raw --no-raw --csv --json --quoted-json -2 -3 --version -? --help)
    repeating_options=(--sentinel)
    non_repeating_options=(-u --url --connection --config --host -h --port -p --socket -s --user -a --pass -t --connect-timeout --socket-timeout --env-file --master --sentinel-user --sentinel-pass --cacert --cacertdir --cert --key --sni --tls-ciphers --tls-ciphersuites -n --db -d -D)
    __rstate_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-u'|'--url')
        return
        ;;
    '--connection')
        return
        ;;
    '--config')
        return
        ;;
    '--host'|'-h')
        return
        ;;
    '--port'|'-p')
        return
        ;;
    '--socket'|'-s')
        return
        ;;
    '--user')
        return
        ;;
    '-a'|'--pass')
        return
        ;;
    '-t'|'--connect-timeout')
        return
        ;;
    '--socket-timeout')
        return
        ;;
    '--env-file')
        return
        ;;
    '--sentinel')
        return
        ;;
    '--master')
        return
        ;;
    '--sentinel-user')
        return
        ;;
    '--sentinel-pass')
        return
        ;;
    '--cacert')
        return
        ;;
    '--cacertdir')
        return
        ;;
    '--cert')
        return
        ;;
    '--key')
        return
        ;;
    '--sni')
        return
        ;;
    '--tls-ciphers')
        return
        ;;
    '--tls-ciphersuites')
        return
        ;;
    '-n'|'--db')
        return
        ;;
    '-d')
        return
        ;;
    '-D')
        return
        ;;
    esac
}

_rstate_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __rstate_offer_flags_options -1
}

complete -o filenames -F _rstate rstate
