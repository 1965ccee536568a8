#!/usr/bin/env bash
# rstate flush --pattern --yes of 100,000 keys against the usual shell pipeline
# `redis-cli --scan --pattern P | xargs redis-cli unlink`, each run on a freshly loaded db.
source "$(dirname "$0")/common.sh"
count=${FLUSH_KEYS:-100000}
resp_sets "doomed:" "$count" > load.resp
resp_sets "kept:" 10000 | redis-cli -p "$port" --pipe >/dev/null
load="redis-cli -p $port --pipe < $workdir/load.resp > /dev/null"
hyperfine --warmup 1 --runs "${RUNS:-10}" --export-json flush.json --prepare "$load" \
  -n pipeline "redis-cli -p $port --scan --pattern 'doomed:*' | xargs redis-cli -p $port unlink > /dev/null" \
  -n rstate "$rstate flush -p $port --pattern 'doomed:*' --yes > /dev/null 2>&1" >/dev/null
[ "$(redis-cli -p "$port" dbsize)" -eq 10000 ] || { echo "flush deleted the wrong keys" >&2; exit 1; }
echo "flush of $count keys (10,000 others kept):"
compare flush.json pipeline "redis-cli --scan | xargs redis-cli unlink" "rstate flush --pattern --yes"
