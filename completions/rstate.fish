function __rstate_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __rstate_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __rstate_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __rstate_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __rstate_parse_tokens -S
    set -l unparsed_tokens (__rstate_tokens -pc)
    switch $unparsed_tokens[1]
    case 'rstate'
        __rstate_parse_subcommand 0 'version' '?/help'
        switch $unparsed_tokens[1]
        case 'ping'
            __rstate_parse_subcommand 0 'u/url=' 'h/host=' 'p/port=' 's/socket=' 'n/db=' 'user=' 'a/pass=' 'askpass' 'no-auth-warning' 't/connect-timeout=' 'socket-timeout=' 'env-file=' 'no-env-file' 'verbose' 'wait=' 'count=' 'interval=' 'q/quiet' 'json' 'version' '?/help'
        case 'info'
            __rstate_parse_subcommand -r 1 'u/url=' 'h/host=' 'p/port=' 's/socket=' 'n/db=' 'user=' 'a/pass=' 'askpass' 'no-auth-warning' 't/connect-timeout=' 'socket-timeout=' 'env-file=' 'no-env-file' 'verbose' 'raw' 'json' 'version' '?/help'
        case 'exec'
            __rstate_parse_subcommand -r 1 'u/url=' 'h/host=' 'p/port=' 's/socket=' 'n/db=' 'user=' 'a/pass=' 'askpass' 'no-auth-warning' 't/connect-timeout=' 'socket-timeout=' 'env-file=' 'no-env-file' 'verbose' 'raw' 'no-raw' 'x' 'version' '?/help'
        case 'help'
            __rstate_parse_subcommand -r 1 'version'
        end
    end
end

function __rstate_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __rstate_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __rstate_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __rstate_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__rstate_tokens -p)
    if test -z "$(__rstate_tokens -t)"
        set -l index (count (__rstate_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'rstate' -f
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate" version' -l 'version' -d 'Show the version.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate" ? help' -s '?' -l 'help' -d 'Show help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_positional "rstate" -eq 1' -fa 'ping' -d 'Check that the server answers: prints PONG and exits 0, or exits 1.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_positional "rstate" -eq 1' -fa 'info' -d 'Show what the server says about itself (INFO), readably.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_positional "rstate" -eq 1' -fa 'exec' -d 'Run one Redis command and print the reply exactly as redis-cli does.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_positional "rstate" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" u url' -s 'u' -l 'url' -d 'Server URL: redis://[user[:password]@]host[:port][/db], rediss://…, unix:///path?db=N.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" h host' -l 'host' -s 'h' -d 'Server hostname or IP address (default 127.0.0.1).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" p port' -l 'port' -s 'p' -d 'Server port (default 6379).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" s socket' -l 'socket' -s 's' -d 'Server unix socket; overrides host and port.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" db n' -s 'n' -l 'db' -d 'Database number (default 0).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" user' -l 'user' -d 'ACL user name to authenticate as.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" a pass' -s 'a' -l 'pass' -d 'Password; prefer --askpass, REDIS_PASSWORD or REDISCLI_AUTH, which stay out of ps.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" askpass' -l 'askpass' -d 'Prompt for the password on the terminal, without echo.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" no-auth-warning' -l 'no-auth-warning' -d 'Do not warn about a password given on the command line.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" connect-timeout t' -s 't' -l 'connect-timeout' -d 'Seconds to wait for the connection (default 5; 0 waits as long as the system does).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" socket-timeout' -l 'socket-timeout' -d 'Seconds to wait for each reply (default: no limit).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" env-file' -l 'env-file' -d 'Read REDIS_* settings from this file instead of ./.env.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" no-env-file' -l 'no-env-file' -d 'Do not read ./.env.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" verbose' -l 'verbose' -d 'Say where each connection setting came from (passwords shown as ***).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" wait' -l 'wait' -d 'Keep trying until the server answers or this many seconds pass.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" count' -l 'count' -d 'Send this many pings and print each latency and min/avg/p50/p99/max.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" interval' -l 'interval' -d 'Seconds between pings with --count.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" q quiet' -l 'quiet' -s 'q' -d 'Print nothing; only the exit status tells.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" json' -l 'json' -d 'With --count, print the latencies as one JSON document.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" version' -l 'version' -d 'Show the version.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" ? help' -s '?' -l 'help' -d 'Show help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" u url' -s 'u' -l 'url' -d 'Server URL: redis://[user[:password]@]host[:port][/db], rediss://…, unix:///path?db=N.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" h host' -l 'host' -s 'h' -d 'Server hostname or IP address (default 127.0.0.1).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" p port' -l 'port' -s 'p' -d 'Server port (default 6379).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" s socket' -l 'socket' -s 's' -d 'Server unix socket; overrides host and port.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" db n' -s 'n' -l 'db' -d 'Database number (default 0).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" user' -l 'user' -d 'ACL user name to authenticate as.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" a pass' -s 'a' -l 'pass' -d 'Password; prefer --askpass, REDIS_PASSWORD or REDISCLI_AUTH, which stay out of ps.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" askpass' -l 'askpass' -d 'Prompt for the password on the terminal, without echo.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" no-auth-warning' -l 'no-auth-warning' -d 'Do not warn about a password given on the command line.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" connect-timeout t' -s 't' -l 'connect-timeout' -d 'Seconds to wait for the connection (default 5; 0 waits as long as the system does).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" socket-timeout' -l 'socket-timeout' -d 'Seconds to wait for each reply (default: no limit).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" env-file' -l 'env-file' -d 'Read REDIS_* settings from this file instead of ./.env.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" no-env-file' -l 'no-env-file' -d 'Do not read ./.env.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" verbose' -l 'verbose' -d 'Say where each connection setting came from (passwords shown as ***).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" raw' -l 'raw' -d 'Print the server\'s INFO text as it is.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" json' -l 'json' -d 'Print every section and field as JSON.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" version' -l 'version' -d 'Show the version.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" ? help' -s '?' -l 'help' -d 'Show help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" u url' -s 'u' -l 'url' -d 'Server URL: redis://[user[:password]@]host[:port][/db], rediss://…, unix:///path?db=N.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" h host' -l 'host' -s 'h' -d 'Server hostname or IP address (default 127.0.0.1).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" p port' -l 'port' -s 'p' -d 'Server port (default 6379).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" s socket' -l 'socket' -s 's' -d 'Server unix socket; overrides host and port.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" db n' -s 'n' -l 'db' -d 'Database number (default 0).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" user' -l 'user' -d 'ACL user name to authenticate as.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" a pass' -s 'a' -l 'pass' -d 'Password; prefer --askpass, REDIS_PASSWORD or REDISCLI_AUTH, which stay out of ps.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" askpass' -l 'askpass' -d 'Prompt for the password on the terminal, without echo.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" no-auth-warning' -l 'no-auth-warning' -d 'Do not warn about a password given on the command line.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" connect-timeout t' -s 't' -l 'connect-timeout' -d 'Seconds to wait for the connection (default 5; 0 waits as long as the system does).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" socket-timeout' -l 'socket-timeout' -d 'Seconds to wait for each reply (default: no limit).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" env-file' -l 'env-file' -d 'Read REDIS_* settings from this file instead of ./.env.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" no-env-file' -l 'no-env-file' -d 'Do not read ./.env.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" verbose' -l 'verbose' -d 'Say where each connection setting came from (passwords shown as ***).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" raw' -l 'raw' -d 'Print raw replies even on a terminal.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" no-raw' -l 'no-raw' -d 'Print replies as on a terminal even when piped.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" x' -s 'x' -d 'Read the last argument from standard input.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" version' -l 'version' -d 'Show the version.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" ? help' -s '?' -l 'help' -d 'Show help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate help" version' -l 'version' -d 'Show the version.'
