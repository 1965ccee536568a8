# Shared by the bench scripts: a private redis-server on a free port, stopped on exit, and
# a fast loader that writes RESP through redis-cli --pipe.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh hyperfine redis-server redis-tools python3 time
rstate=${RSTATE:-$PWD/.build/release/rstate}
[ -n "${RSTATE:-}" ] || make -s build >/dev/null
workdir=$(mktemp -d -t rstate-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$workdir" \
  --logfile "$workdir/redis.log" --daemonize no &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null; rm -rf "$workdir"' EXIT
"$rstate" ping -p "$port" --wait 10 --quiet
cd "$workdir"  # no .env from the repository

# resp_sets PREFIX COUNT: SET PREFIX<i> v for i in 1..COUNT, as RESP on stdout.
resp_sets() {
  awk -v prefix="$1" -v count="$2" 'BEGIN {
    for (i = 1; i <= count; i++) {
      key = prefix i
      printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$1\r\nv\r\n", length(key), key
    }
  }'
}

# peak_kib COMMAND...: the highest max RSS of 5 runs, from GNU time.
peak_kib() { for _ in 1 2 3 4 5; do /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; done | sort -n | tail -1; }

# median_ms JSON NAME: a hyperfine result's median in milliseconds.
median_ms() { python3 -c 'import json,sys; r={x["command"]:x for x in json.load(open(sys.argv[1]))["results"]}; print("%.1f" % (r[sys.argv[2]]["median"]*1000))' "$1" "$2"; }

# compare JSON BASELINE BASELINE_LABEL RSTATE_LABEL: both medians of a hyperfine run that
# named its commands BASELINE and rstate, and rstate's time as a ratio of the baseline's.
compare() {
  local baseline ours
  baseline=$(median_ms "$1" "$2")
  ours=$(median_ms "$1" rstate)
  printf '  %-42s median %s ms\n' "$3" "$baseline" "$4" "$ours"
  python3 -c "print('  ratio rstate/$2 (median): %.3f, speed-up %.1fx' % ($ours / $baseline, $baseline / $ours))"
}
