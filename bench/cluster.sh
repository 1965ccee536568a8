#!/usr/bin/env bash
# `rstate keys` on a Redis Cluster of three primaries holding 1,000,000 keys, against three
# parallel `redis-cli --scan` (one per primary, the fastest scripting redis-cli allows), in one
# hyperfine run; then the TLS figure (bench/tls.sh).
source "$(dirname "$0")/common.sh"
repo=$OLDPWD
count=${CLUSTER_KEYS:-1000000}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ports=() pids=()
for node in 1 2 3; do
  p=$(free_port) bus=$(free_port)
  mkdir -p "node$node"
  redis-server --port "$p" --cluster-port "$bus" --bind 127.0.0.1 --cluster-enabled yes \
    --cluster-config-file "$workdir/node$node/nodes.conf" --save '' --appendonly no \
    --dir "$workdir/node$node" --logfile "$workdir/node$node/log" --daemonize no &
  pids+=($!) ports+=("$p")
done
trap 'kill $server_pid "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$workdir"' EXIT
for p in "${ports[@]}"; do "$rstate" ping -p "$p" --wait 10 --quiet; done
redis-cli --cluster create "${ports[@]/#/127.0.0.1:}" --cluster-yes > create.log
until [ "$(redis-cli -p "${ports[0]}" cluster info | tr -d '\r' | grep cluster_state)" = cluster_state:ok ]; do sleep 0.1; done
# Each key's SET goes straight to the primary that owns its slot (CRC16, as the cluster does).
python3 - "$count" "${ports[@]}" <<'PY'
import subprocess, sys
count, ports = int(sys.argv[1]), sys.argv[2:]
def crc16(data):
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
        crc &= 0xFFFF
    return crc
owners = {}
for port in ports:
    out = subprocess.run(["redis-cli", "-p", port, "cluster", "myid"], capture_output=True, text=True).stdout.strip()
    owners[out] = port
slots = [None] * 16384
for line in subprocess.run(["redis-cli", "-p", ports[0], "cluster", "nodes"], capture_output=True, text=True).stdout.splitlines():
    fields = line.split()
    for part in fields[8:]:
        start, _, end = part.partition("-")
        for slot in range(int(start), int(end or start) + 1):
            slots[slot] = owners[fields[0]]
files = {port: open(f"load-{port}.resp", "wb") for port in ports}
for i in range(count):
    key = b"key:%d" % i
    files[slots[crc16(key) % 16384]].write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$1\r\nv\r\n" % (len(key), key))
for f in files.values():
    f.close()
PY
for p in "${ports[@]}"; do redis-cli -p "$p" --pipe < "load-$p.resp" > /dev/null; done
total=0; for p in "${ports[@]}"; do total=$((total + $(redis-cli -p "$p" dbsize))); done
[ "$total" -eq "$count" ] || { echo "loaded $total keys, not $count" >&2; exit 1; }
[ "$("$rstate" keys -p "${ports[0]}" | wc -l)" -eq "$count" ] || { echo "rstate keys missed keys" >&2; exit 1; }
parallel="bash -c 'for p in ${ports[*]}; do redis-cli -p \$p --scan & done; wait' > /dev/null"
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json keys.json \
  -n redis-cli "$parallel" -n rstate "$rstate keys -p ${ports[0]} > /dev/null" > /dev/null
echo "keys on a 3-primary cluster, $count keys:"
compare keys.json redis-cli "3 parallel redis-cli --scan" "rstate keys"
echo "  peak RSS: $(peak_kib "$rstate" keys -p "${ports[0]}") KiB"
RSTATE=$rstate bash "$repo/bench/tls.sh"
