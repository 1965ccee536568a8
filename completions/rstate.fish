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
            __rstate_parse_subcommand 0 'u/url=' 'h/host=' 'p/port=' 's/socket=' 'user=' 'a/pass=' 'askpass' 'no-auth-warning' 't/connect-timeout=' 'socket-timeout=' 'env-file=' 'no-env-file' 'verbose' 'n/db=' 'wait=' 'count=' 'interval=' 'q/quiet' 'json' 'version' '?/help'
        case 'info'
            __rstate_parse_subcommand -r 1 'u/url=' 'h/host=' 'p/port=' 's/socket=' 'user=' 'a/pass=' 'askpass' 'no-auth-warning' 't/connect-timeout=' 'socket-timeout=' 'env-file=' 'no-env-file' 'verbose' 'n/db=' 'raw' 'json' 'version' '?/help'
        case 'exec'
            __rstate_parse_subcommand -r 1 'u/url=' 'h/host=' 'p/port=' 's/socket=' 'user=' 'a/pass=' 'askpass' 'no-auth-warning' 't/connect-timeout=' 'socket-timeout=' 'env-file=' 'no-env-file' 'verbose' 'n/db=' 'raw' 'no-raw' 'x' 'version' '?/help'
        case 'keys'
            __rstate_parse_subcommand 0 'u/url=' 'h/host=' 'p/port=' 's/socket=' 'user=' 'a/pass=' 'askpass' 'no-auth-warning' 't/connect-timeout=' 'socket-timeout=' 'env-file=' 'no-env-file' 'verbose' 'n/db=' 'pattern=' 'type=' 'count=' 'limit=' 'l/long' 'count-only' 'unique' '0/null' 'json' 'version' '?/help'
        case 'ttl'
            __rstate_parse_subcommand -r 1 'u/url=' 'h/host=' 'p/port=' 's/socket=' 'user=' 'a/pass=' 'askpass' 'no-auth-warning' 't/connect-timeout=' 'socket-timeout=' 'env-file=' 'no-env-file' 'verbose' 'n/db=' 'pattern=' 'type=' 'count=' 'yes' 'dry-run' 'summary' 'set=' 'only-missing' 'json' 'version' '?/help'
        case 'flush'
            __rstate_parse_subcommand 0 'u/url=' 'h/host=' 'p/port=' 's/socket=' 'user=' 'a/pass=' 'askpass' 'no-auth-warning' 't/connect-timeout=' 'socket-timeout=' 'env-file=' 'no-env-file' 'verbose' 'n=' 'pattern=' 'type=' 'count=' 'yes' 'dry-run' 'db' 'all' 'backup=' 'json' 'version' '?/help'
        case 'health'
            __rstate_parse_subcommand 0 'u/url=' 'h/host=' 'p/port=' 's/socket=' 'user=' 'a/pass=' 'askpass' 'no-auth-warning' 't/connect-timeout=' 'socket-timeout=' 'env-file=' 'no-env-file' 'verbose' 'n/db=' 'format=' 'sample=' 'warn=+' 'crit=+' 'workload=' 'expect-replicas=' 'config-command=' 'exit=' 'timeout=' 'watch=' 'version' '?/help'
        case 'migrate'
            __rstate_parse_subcommand 0 'u/url=' 'h/host=' 'p/port=' 's/socket=' 'user=' 'a/pass=' 'askpass' 'no-auth-warning' 't/connect-timeout=' 'socket-timeout=' 'env-file=' 'no-env-file' 'verbose' 'n/db=' 'from=' 'to=' 'pattern=' 'type=' 'count=' 'from-db=' 'to-db=' 'namespace=' 'key-template=' 'id-field=' 'as=' 'strip-ext' 'ttl=' 'on-conflict=' 'rename=+' 'pipeline=' 'rate=' 'checkpoint=' 'resume' 'failed-keys=' 'max-errors=' 'verify' 'verify-only' 'both-ways' 'ttl-tolerance=' 'move' 'yes' 'dry-run' 'json' 'version' '?/help'
        case 'repl'
            __rstate_parse_subcommand 0 'u/url=' 'h/host=' 'p/port=' 's/socket=' 'user=' 'a/pass=' 'askpass' 'no-auth-warning' 't/connect-timeout=' 'socket-timeout=' 'env-file=' 'no-env-file' 'verbose' 'n/db=' 'raw' 'no-raw' 'version' '?/help'
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
complete -c 'rstate' -n '__rstate_should_offer_completions_for_positional "rstate" -eq 1' -fa 'keys' -d 'List keys matching a pattern, with SCAN (never KEYS), as they arrive.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_positional "rstate" -eq 1' -fa 'ttl' -d 'Show, summarise or set the time to live of keys.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_positional "rstate" -eq 1' -fa 'flush' -d 'Delete keys safely: by pattern, the current database, or every database.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_positional "rstate" -eq 1' -fa 'health' -d 'Check the server against the production checklist, with Nagios exit codes.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_positional "rstate" -eq 1' -fa 'migrate' -d 'Copy app state into, between and out of Redis: resumable, verified, lossless.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_positional "rstate" -eq 1' -fa 'repl' -d 'The interactive shell, as redis-cli\'s (also `rstate` with no subcommand).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_positional "rstate" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" u url' -s 'u' -l 'url' -d 'Server URL: redis://[user[:password]@]host[:port][/db], rediss://…, unix:///path?db=N.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" h host' -l 'host' -s 'h' -d 'Server hostname or IP address (default 127.0.0.1).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" p port' -l 'port' -s 'p' -d 'Server port (default 6379).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" s socket' -l 'socket' -s 's' -d 'Server unix socket; overrides host and port.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" user' -l 'user' -d 'ACL user name to authenticate as.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" a pass' -s 'a' -l 'pass' -d 'Password; prefer --askpass, REDIS_PASSWORD or REDISCLI_AUTH, which stay out of ps.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" askpass' -l 'askpass' -d 'Prompt for the password on the terminal, without echo.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" no-auth-warning' -l 'no-auth-warning' -d 'Do not warn about a password given on the command line.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" connect-timeout t' -s 't' -l 'connect-timeout' -d 'Seconds to wait for the connection (default 5; 0 waits as long as the system does).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" socket-timeout' -l 'socket-timeout' -d 'Seconds to wait for each reply (default: no limit).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" env-file' -l 'env-file' -d 'Read REDIS_* settings from this file instead of ./.env.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" no-env-file' -l 'no-env-file' -d 'Do not read ./.env.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" verbose' -l 'verbose' -d 'Say where each connection setting came from (passwords shown as ***).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ping" db n' -s 'n' -l 'db' -d 'Database number (default 0).' -rfka ''
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
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" user' -l 'user' -d 'ACL user name to authenticate as.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" a pass' -s 'a' -l 'pass' -d 'Password; prefer --askpass, REDIS_PASSWORD or REDISCLI_AUTH, which stay out of ps.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" askpass' -l 'askpass' -d 'Prompt for the password on the terminal, without echo.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" no-auth-warning' -l 'no-auth-warning' -d 'Do not warn about a password given on the command line.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" connect-timeout t' -s 't' -l 'connect-timeout' -d 'Seconds to wait for the connection (default 5; 0 waits as long as the system does).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" socket-timeout' -l 'socket-timeout' -d 'Seconds to wait for each reply (default: no limit).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" env-file' -l 'env-file' -d 'Read REDIS_* settings from this file instead of ./.env.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" no-env-file' -l 'no-env-file' -d 'Do not read ./.env.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" verbose' -l 'verbose' -d 'Say where each connection setting came from (passwords shown as ***).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" db n' -s 'n' -l 'db' -d 'Database number (default 0).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" raw' -l 'raw' -d 'Print the server\'s INFO text as it is.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" json' -l 'json' -d 'Print every section and field as JSON.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" version' -l 'version' -d 'Show the version.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate info" ? help' -s '?' -l 'help' -d 'Show help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" u url' -s 'u' -l 'url' -d 'Server URL: redis://[user[:password]@]host[:port][/db], rediss://…, unix:///path?db=N.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" h host' -l 'host' -s 'h' -d 'Server hostname or IP address (default 127.0.0.1).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" p port' -l 'port' -s 'p' -d 'Server port (default 6379).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" s socket' -l 'socket' -s 's' -d 'Server unix socket; overrides host and port.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" user' -l 'user' -d 'ACL user name to authenticate as.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" a pass' -s 'a' -l 'pass' -d 'Password; prefer --askpass, REDIS_PASSWORD or REDISCLI_AUTH, which stay out of ps.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" askpass' -l 'askpass' -d 'Prompt for the password on the terminal, without echo.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" no-auth-warning' -l 'no-auth-warning' -d 'Do not warn about a password given on the command line.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" connect-timeout t' -s 't' -l 'connect-timeout' -d 'Seconds to wait for the connection (default 5; 0 waits as long as the system does).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" socket-timeout' -l 'socket-timeout' -d 'Seconds to wait for each reply (default: no limit).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" env-file' -l 'env-file' -d 'Read REDIS_* settings from this file instead of ./.env.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" no-env-file' -l 'no-env-file' -d 'Do not read ./.env.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" verbose' -l 'verbose' -d 'Say where each connection setting came from (passwords shown as ***).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" db n' -s 'n' -l 'db' -d 'Database number (default 0).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" raw' -l 'raw' -d 'Print raw replies even on a terminal.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" no-raw' -l 'no-raw' -d 'Print replies as on a terminal even when piped.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" x' -s 'x' -d 'Read the last argument from standard input.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" version' -l 'version' -d 'Show the version.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate exec" ? help' -s '?' -l 'help' -d 'Show help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" u url' -s 'u' -l 'url' -d 'Server URL: redis://[user[:password]@]host[:port][/db], rediss://…, unix:///path?db=N.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" h host' -l 'host' -s 'h' -d 'Server hostname or IP address (default 127.0.0.1).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" p port' -l 'port' -s 'p' -d 'Server port (default 6379).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" s socket' -l 'socket' -s 's' -d 'Server unix socket; overrides host and port.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" user' -l 'user' -d 'ACL user name to authenticate as.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" a pass' -s 'a' -l 'pass' -d 'Password; prefer --askpass, REDIS_PASSWORD or REDISCLI_AUTH, which stay out of ps.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" askpass' -l 'askpass' -d 'Prompt for the password on the terminal, without echo.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" no-auth-warning' -l 'no-auth-warning' -d 'Do not warn about a password given on the command line.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" connect-timeout t' -s 't' -l 'connect-timeout' -d 'Seconds to wait for the connection (default 5; 0 waits as long as the system does).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" socket-timeout' -l 'socket-timeout' -d 'Seconds to wait for each reply (default: no limit).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" env-file' -l 'env-file' -d 'Read REDIS_* settings from this file instead of ./.env.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" no-env-file' -l 'no-env-file' -d 'Do not read ./.env.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" verbose' -l 'verbose' -d 'Say where each connection setting came from (passwords shown as ***).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" db n' -s 'n' -l 'db' -d 'Database number (default 0).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" pattern' -l 'pattern' -d 'Redis glob of the keys to match (default *).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" type' -l 'type' -d 'Only keys of this type (string, list, set, zset, hash, stream), filtered by the server.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" count' -l 'count' -d 'SCAN batch hint: keys the server looks at per call.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" limit' -l 'limit' -d 'Stop after this many keys.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" l long' -l 'long' -s 'l' -d 'Add type, time to live and memory usage columns.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" count-only' -l 'count-only' -d 'Print only the number of matching keys.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" unique' -l 'unique' -d 'Drop the repeats SCAN may return; remembers every key seen, so memory grows with the number of matches.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" 0 null' -s '0' -l 'null' -d 'Separate raw keys with NUL bytes.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" json' -l 'json' -d 'Print JSON lines.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" version' -l 'version' -d 'Show the version.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate keys" ? help' -s '?' -l 'help' -d 'Show help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" u url' -s 'u' -l 'url' -d 'Server URL: redis://[user[:password]@]host[:port][/db], rediss://…, unix:///path?db=N.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" h host' -l 'host' -s 'h' -d 'Server hostname or IP address (default 127.0.0.1).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" p port' -l 'port' -s 'p' -d 'Server port (default 6379).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" s socket' -l 'socket' -s 's' -d 'Server unix socket; overrides host and port.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" user' -l 'user' -d 'ACL user name to authenticate as.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" a pass' -s 'a' -l 'pass' -d 'Password; prefer --askpass, REDIS_PASSWORD or REDISCLI_AUTH, which stay out of ps.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" askpass' -l 'askpass' -d 'Prompt for the password on the terminal, without echo.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" no-auth-warning' -l 'no-auth-warning' -d 'Do not warn about a password given on the command line.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" connect-timeout t' -s 't' -l 'connect-timeout' -d 'Seconds to wait for the connection (default 5; 0 waits as long as the system does).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" socket-timeout' -l 'socket-timeout' -d 'Seconds to wait for each reply (default: no limit).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" env-file' -l 'env-file' -d 'Read REDIS_* settings from this file instead of ./.env.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" no-env-file' -l 'no-env-file' -d 'Do not read ./.env.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" verbose' -l 'verbose' -d 'Say where each connection setting came from (passwords shown as ***).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" db n' -s 'n' -l 'db' -d 'Database number (default 0).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" pattern' -l 'pattern' -d 'Redis glob of the keys to match (default *).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" type' -l 'type' -d 'Only keys of this type (string, list, set, zset, hash, stream), filtered by the server.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" count' -l 'count' -d 'SCAN batch hint: keys the server looks at per call.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" yes' -l 'yes' -d 'Go ahead without asking (required when standard input is not a terminal).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" dry-run' -l 'dry-run' -d 'Show what would change and change nothing.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" summary' -l 'summary' -d 'With --pattern: count matching keys by TTL bucket and prefix.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" set' -l 'set' -d 'With --pattern: set this expiry on the matching keys.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" only-missing' -l 'only-missing' -d 'With --set: only keys that have no expiry.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" json' -l 'json' -d 'Print JSON.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" version' -l 'version' -d 'Show the version.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate ttl" ? help' -s '?' -l 'help' -d 'Show help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" u url' -s 'u' -l 'url' -d 'Server URL: redis://[user[:password]@]host[:port][/db], rediss://…, unix:///path?db=N.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" h host' -l 'host' -s 'h' -d 'Server hostname or IP address (default 127.0.0.1).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" p port' -l 'port' -s 'p' -d 'Server port (default 6379).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" s socket' -l 'socket' -s 's' -d 'Server unix socket; overrides host and port.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" user' -l 'user' -d 'ACL user name to authenticate as.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" a pass' -s 'a' -l 'pass' -d 'Password; prefer --askpass, REDIS_PASSWORD or REDISCLI_AUTH, which stay out of ps.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" askpass' -l 'askpass' -d 'Prompt for the password on the terminal, without echo.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" no-auth-warning' -l 'no-auth-warning' -d 'Do not warn about a password given on the command line.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" connect-timeout t' -s 't' -l 'connect-timeout' -d 'Seconds to wait for the connection (default 5; 0 waits as long as the system does).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" socket-timeout' -l 'socket-timeout' -d 'Seconds to wait for each reply (default: no limit).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" env-file' -l 'env-file' -d 'Read REDIS_* settings from this file instead of ./.env.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" no-env-file' -l 'no-env-file' -d 'Do not read ./.env.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" verbose' -l 'verbose' -d 'Say where each connection setting came from (passwords shown as ***).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" n' -s 'n' -d 'Database number (default 0).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" pattern' -l 'pattern' -d 'Redis glob of the keys to match (default *).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" type' -l 'type' -d 'Only keys of this type (string, list, set, zset, hash, stream), filtered by the server.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" count' -l 'count' -d 'SCAN batch hint: keys the server looks at per call.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" yes' -l 'yes' -d 'Go ahead without asking (required when standard input is not a terminal).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" dry-run' -l 'dry-run' -d 'Show what would change and change nothing.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" db' -l 'db' -d 'Delete every key of the current database (FLUSHDB ASYNC).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" all' -l 'all' -d 'Delete every key of every database (FLUSHALL ASYNC).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" backup' -l 'backup' -d 'Write the keys to this record file before deleting.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" json' -l 'json' -d 'Print the result as JSON.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" version' -l 'version' -d 'Show the version.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate flush" ? help' -s '?' -l 'help' -d 'Show help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" u url' -s 'u' -l 'url' -d 'Server URL: redis://[user[:password]@]host[:port][/db], rediss://…, unix:///path?db=N.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" h host' -l 'host' -s 'h' -d 'Server hostname or IP address (default 127.0.0.1).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" p port' -l 'port' -s 'p' -d 'Server port (default 6379).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" s socket' -l 'socket' -s 's' -d 'Server unix socket; overrides host and port.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" user' -l 'user' -d 'ACL user name to authenticate as.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" a pass' -s 'a' -l 'pass' -d 'Password; prefer --askpass, REDIS_PASSWORD or REDISCLI_AUTH, which stay out of ps.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" askpass' -l 'askpass' -d 'Prompt for the password on the terminal, without echo.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" no-auth-warning' -l 'no-auth-warning' -d 'Do not warn about a password given on the command line.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" connect-timeout t' -s 't' -l 'connect-timeout' -d 'Seconds to wait for the connection (default 5; 0 waits as long as the system does).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" socket-timeout' -l 'socket-timeout' -d 'Seconds to wait for each reply (default: no limit).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" env-file' -l 'env-file' -d 'Read REDIS_* settings from this file instead of ./.env.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" no-env-file' -l 'no-env-file' -d 'Do not read ./.env.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" verbose' -l 'verbose' -d 'Say where each connection setting came from (passwords shown as ***).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" db n' -s 'n' -l 'db' -d 'Database number (default 0).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" format' -l 'format' -d 'Output: text, nagios (with perfdata), json or prometheus.' -rfka 'text nagios json prometheus'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" sample' -l 'sample' -d 'Seconds between the two INFO samples; 0 takes one.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health"' -l 'warn' -d 'Warning threshold, as in memory=85 (repeatable).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health"' -l 'crit' -d 'Critical threshold, as in memory=95 (repeatable).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" workload' -l 'workload' -d 'What the server is for: cache, queue or store (default store).' -rfka 'cache queue store'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" expect-replicas' -l 'expect-replicas' -d 'Fail (CRITICAL) when a primary has fewer replicas.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" config-command' -l 'config-command' -d 'CONFIG\'s name on servers that rename it.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" exit' -l 'exit' -d 'Exit codes: nagios (0-3) or binary (0 healthy, 1 not).' -rfka 'nagios binary'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" timeout' -l 'timeout' -d 'Seconds the whole run may take.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" watch' -l 'watch' -d 'Repeat every this many seconds until Ctrl-C.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" version' -l 'version' -d 'Show the version.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate health" ? help' -s '?' -l 'help' -d 'Show help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" u url' -s 'u' -l 'url' -d 'Server URL: redis://[user[:password]@]host[:port][/db], rediss://…, unix:///path?db=N.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" h host' -l 'host' -s 'h' -d 'Server hostname or IP address (default 127.0.0.1).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" p port' -l 'port' -s 'p' -d 'Server port (default 6379).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" s socket' -l 'socket' -s 's' -d 'Server unix socket; overrides host and port.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" user' -l 'user' -d 'ACL user name to authenticate as.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" a pass' -s 'a' -l 'pass' -d 'Password; prefer --askpass, REDIS_PASSWORD or REDISCLI_AUTH, which stay out of ps.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" askpass' -l 'askpass' -d 'Prompt for the password on the terminal, without echo.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" no-auth-warning' -l 'no-auth-warning' -d 'Do not warn about a password given on the command line.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" connect-timeout t' -s 't' -l 'connect-timeout' -d 'Seconds to wait for the connection (default 5; 0 waits as long as the system does).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" socket-timeout' -l 'socket-timeout' -d 'Seconds to wait for each reply (default: no limit).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" env-file' -l 'env-file' -d 'Read REDIS_* settings from this file instead of ./.env.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" no-env-file' -l 'no-env-file' -d 'Do not read ./.env.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" verbose' -l 'verbose' -d 'Say where each connection setting came from (passwords shown as ***).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" db n' -s 'n' -l 'db' -d 'Database number (default 0).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" from' -l 'from' -d 'Source: Redis URL, record file, JSON snapshot or directory.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" to' -l 'to' -d 'Target: Redis URL or a record file to create (default: the connection options).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" pattern' -l 'pattern' -d 'Redis glob of the keys to match (default *).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" type' -l 'type' -d 'Only keys of this type (string, list, set, zset, hash, stream), filtered by the server.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" count' -l 'count' -d 'SCAN batch hint: keys the server looks at per call.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" from-db' -l 'from-db' -d 'Source db of a Redis source (default: its URL\'s).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" to-db' -l 'to-db' -d 'Write every key into this target db.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" namespace' -l 'namespace' -d 'Key namespace: names keys NAME:{id} from files and snapshots; selects NAME:* on Redis.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" key-template' -l 'key-template' -d 'Key name for each id of a snapshot or directory, e.g. \'document_workflow:{id}\'.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" id-field' -l 'id-field' -d 'Id member of a snapshot\'s objects.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" as' -l 'as' -d 'Store each snapshot state as JSON text (string) or as a hash of its fields.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" strip-ext' -l 'strip-ext' -d 'Drop the file extension from a directory\'s file names to form ids.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" ttl' -l 'ttl' -d 'Expire keys that have no expiry after this many seconds.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" on-conflict' -l 'on-conflict' -d 'When a key exists on the target: fail (report, exit 1), skip, or replace.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate"' -l 'rename' -d 'Rewrite a key prefix: \'old_prefix:=new_prefix:\' (repeatable).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" pipeline' -l 'pipeline' -d 'Keys per pipelined batch.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" rate' -l 'rate' -d 'At most this many keys per second.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" checkpoint' -l 'checkpoint' -d 'State file for --resume (default: next to a file source, else ./rstate-migrate-ID.checkpoint).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" resume' -l 'resume' -d 'Continue an interrupted run from its checkpoint.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" failed-keys' -l 'failed-keys' -d 'Record file for keys that failed or conflicted (default rstate-failed-TIME.jsonl).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" max-errors' -l 'max-errors' -d 'Go on past this many failed keys.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" verify' -l 'verify' -d 'After the copy, compare every key: type, content (SHA-256) and expiry.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" verify-only' -l 'verify-only' -d 'Only compare source and target; copy nothing.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" both-ways' -l 'both-ways' -d 'With --verify: also report keys found only on the target.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" ttl-tolerance' -l 'ttl-tolerance' -d 'Expiry difference allowed by --verify, in milliseconds.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" move' -l 'move' -d 'Delete each source key once its copy on the target is verified (Redis sources).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" yes' -l 'yes' -d 'Go ahead without asking (required when standard input is not a terminal).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" dry-run' -l 'dry-run' -d 'Show what would change and change nothing.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" json' -l 'json' -d 'Print the summary as JSON.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" version' -l 'version' -d 'Show the version.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate migrate" ? help' -s '?' -l 'help' -d 'Show help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" u url' -s 'u' -l 'url' -d 'Server URL: redis://[user[:password]@]host[:port][/db], rediss://…, unix:///path?db=N.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" h host' -l 'host' -s 'h' -d 'Server hostname or IP address (default 127.0.0.1).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" p port' -l 'port' -s 'p' -d 'Server port (default 6379).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" s socket' -l 'socket' -s 's' -d 'Server unix socket; overrides host and port.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" user' -l 'user' -d 'ACL user name to authenticate as.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" a pass' -s 'a' -l 'pass' -d 'Password; prefer --askpass, REDIS_PASSWORD or REDISCLI_AUTH, which stay out of ps.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" askpass' -l 'askpass' -d 'Prompt for the password on the terminal, without echo.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" no-auth-warning' -l 'no-auth-warning' -d 'Do not warn about a password given on the command line.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" connect-timeout t' -s 't' -l 'connect-timeout' -d 'Seconds to wait for the connection (default 5; 0 waits as long as the system does).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" socket-timeout' -l 'socket-timeout' -d 'Seconds to wait for each reply (default: no limit).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" env-file' -l 'env-file' -d 'Read REDIS_* settings from this file instead of ./.env.' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" no-env-file' -l 'no-env-file' -d 'Do not read ./.env.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" verbose' -l 'verbose' -d 'Say where each connection setting came from (passwords shown as ***).'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" db n' -s 'n' -l 'db' -d 'Database number (default 0).' -rfka ''
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" raw' -l 'raw' -d 'Print raw replies even on a terminal.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" no-raw' -l 'no-raw' -d 'Print replies as on a terminal even when piped.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" version' -l 'version' -d 'Show the version.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate repl" ? help' -s '?' -l 'help' -d 'Show help information.'
complete -c 'rstate' -n '__rstate_should_offer_completions_for_flags_or_options "rstate help" version' -l 'version' -d 'Show the version.'
