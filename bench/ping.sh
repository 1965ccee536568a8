#!/usr/bin/env bash
# `rstate ping` against `redis-cli ping` on a private local server, in one hyperfine run:
# median wall time of each and their ratio, then rstate's binary size and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh hyperfine redis-server redis-tools python3
rstate=${RSTATE:-.build/release/rstate}
[ -x "$rstate" ] || make build
runs=${RUNS:-500}
workdir=$(mktemp -d -t rstate-bench.XXXXXX)
socket="$workdir/redis.sock"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --unixsocket "$socket" --save '' --appendonly no \
  --dir "$workdir" --logfile "$workdir/redis.log" --daemonize no &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null; rm -rf "$workdir"' EXIT
"$rstate" ping -p "$port" --wait 10 --quiet

# No .env lookups from the repository for either tool: run in the empty work directory.
cd "$workdir"
hyperfine -N --warmup 50 --runs "$runs" --export-json "$workdir/ping.json" \
  -n redis-cli "redis-cli -p $port ping" \
  -n rstate "$OLDPWD/$rstate ping -p $port" >/dev/null
python3 - "$workdir/ping.json" "$OLDPWD/$rstate" "$port" <<'PY'
import json, os, resource, subprocess, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
cli, ours = results["redis-cli"], results["rstate"]
ms = lambda seconds: seconds * 1000
print(f"ping, {len(ours['times'])} runs each (hyperfine -N, local TCP):")
print(f"  redis-cli ping  median {ms(cli['median']):.3f} ms  mean {ms(cli['mean']):.3f} ms")
print(f"  rstate ping     median {ms(ours['median']):.3f} ms  mean {ms(ours['mean']):.3f} ms")
print(f"  ratio rstate/redis-cli (median): {ours['median'] / cli['median']:.3f}")

def peak_rss_kib(argv):
    peak = 0
    for _ in range(20):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return peak

binary, port = sys.argv[2], sys.argv[3]
print(f"  rstate binary size: {os.path.getsize(binary) / 1024 / 1024:.2f} MiB (stripped: see `make build`)")
print(f"  peak memory (max RSS): rstate ping {peak_rss_kib([binary, 'ping', '-p', port]) / 1024:.1f} MiB")
PY
# redis-cli's peak memory is measured separately, since ru_maxrss of children is a running maximum.
python3 - "$port" <<'PY'
import resource, subprocess, sys
for _ in range(20):
    subprocess.run(["redis-cli", "-p", sys.argv[1], "ping"], stdout=subprocess.DEVNULL, check=True)
print(f"  peak memory (max RSS): redis-cli ping {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.1f} MiB")
PY
