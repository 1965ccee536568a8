#!/usr/bin/env bash
# 10,000 commands piped through `rstate` and through `redis-cli`, in one hyperfine run.
source "$(dirname "$0")/common.sh"
awk 'BEGIN { for (i = 1; i <= 10000; i++) { if (i % 2) print "SET key:" i " \"value " i "\""; else print "GET key:" (i - 1) } }' > commands.txt
hyperfine --warmup 1 --runs "${RUNS:-10}" --export-json repl.json \
  -n redis-cli "redis-cli -p $port < commands.txt > /dev/null" \
  -n rstate "$rstate -p $port < commands.txt > /dev/null" >/dev/null
echo "10,000 piped commands:"
compare repl.json redis-cli "redis-cli" "rstate"
