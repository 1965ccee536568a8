#!/usr/bin/env bash
# rstate health --sample 0 against a local server holding 100,000 keys: median wall time
# (the figure to reach is under 50 ms).
source "$(dirname "$0")/common.sh"
resp_sets "key:" 100000 | redis-cli -p "$port" --pipe >/dev/null
hyperfine -N --warmup 5 --runs "${RUNS:-100}" --export-json health.json -i \
  -n health "$rstate health -p $port --sample 0" \
  -n health-json "$rstate health -p $port --sample 0 --format json" >/dev/null
echo "health --sample 0 (100,000 keys, local TCP):"
echo "  text  median $(median_ms health.json health) ms"
echo "  json  median $(median_ms health.json health-json) ms"
echo "  peak memory: $(peak_kib "$rstate" health -p "$port" --sample 0) KiB"
