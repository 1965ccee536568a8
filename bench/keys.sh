#!/usr/bin/env bash
# rstate keys --pattern against redis-cli --scan --pattern over 1,000,000 keys, 10% matching,
# in one hyperfine run; then rstate's peak memory.
source "$(dirname "$0")/common.sh"
total=${KEYS_TOTAL:-1000000}
{ resp_sets "match:" $((total / 10)); resp_sets "other:" $((total - total / 10)); } \
  | redis-cli -p "$port" --pipe >/dev/null
echo "keys: $(redis-cli -p "$port" dbsize) in the db, $((total / 10)) matching 'match:*'"
hyperfine -N --warmup 1 --runs "${RUNS:-10}" --export-json keys.json \
  -n redis-cli "redis-cli -p $port --scan --pattern match:*" \
  -n rstate "$rstate keys -p $port --pattern match:*" >/dev/null
compare keys.json redis-cli "redis-cli --scan --pattern" "rstate keys --pattern"
[ "$("$rstate" keys -p "$port" --pattern 'match:*' | wc -l)" -eq $((total / 10)) ] || { echo "wrong key count" >&2; exit 1; }
echo "  peak memory: rstate keys $(peak_kib "$rstate" keys -p "$port" --pattern 'match:*') KiB," \
  "rstate keys --long $(peak_kib "$rstate" keys -p "$port" --pattern 'match:*' --long) KiB," \
  "redis-cli --scan $(peak_kib redis-cli -p "$port" --scan --pattern 'match:*') KiB"
