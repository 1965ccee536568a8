#!/usr/bin/env bash
# `rstate ping` against `redis-cli ping` on a private local server, in one hyperfine run:
# median wall time of each and their ratio, then rstate's binary size and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh hyperfine redis-server redis-tools python3 time
rstate=${RSTATE:-.build/release/rstate}
[ -n "${RSTATE:-}" ] || make -s build >/dev/null
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
import json, os, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
cli, ours = results["redis-cli"], results["rstate"]
ms = lambda seconds: seconds * 1000
print(f"ping, {len(ours['times'])} runs each (hyperfine -N, local TCP):")
print(f"  redis-cli ping  median {ms(cli['median']):.3f} ms  mean {ms(cli['mean']):.3f} ms")
print(f"  rstate ping     median {ms(ours['median']):.3f} ms  mean {ms(ours['mean']):.3f} ms")
print(f"  ratio rstate/redis-cli (median): {ours['median'] / cli['median']:.3f}")

binary = sys.argv[2]
print(f"  rstate binary size: {os.path.getsize(binary) / 1024 / 1024:.2f} MiB")
PY
# Peak memory from GNU time (%M, KiB); the highest of 20 runs of each.
peak() { for _ in $(seq 20); do /usr/bin/time -f %M "$@" 2>&1 >/dev/null; done | sort -n | tail -1; }
echo "  peak memory (max RSS): rstate ping $(peak "$OLDPWD/$rstate" ping -p "$port") KiB, redis-cli ping $(peak redis-cli -p "$port" ping) KiB"
