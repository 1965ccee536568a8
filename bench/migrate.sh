#!/usr/bin/env bash
# rstate migrate throughput and memory:
#  1. a record file of 1,000,000 small keys into Redis, against redis-cli --pipe loading the
#     same SETs;
#  2. Redis to Redis, 1,000,000 keys of mixed types, against a pipelined redis-py
#     DUMP/RESTORE script (bench/redis_py_copy.py);
#  3. peak memory for both, and for one 200 MB hash.
source "$(dirname "$0")/common.sh"
repo=$OLDPWD
"$repo/scripts/install-deps.sh" python3-redis
count=${MIGRATE_KEYS:-1000000}
target_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p target
redis-server --port "$target_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$workdir/target" \
  --logfile "$workdir/target.log" --daemonize no &
target_pid=$!
trap 'kill $server_pid $target_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$workdir"' EXIT
"$rstate" ping -p "$target_port" --wait 10 --quiet
source_url=redis://127.0.0.1:$port/0
target_url=redis://127.0.0.1:$target_port/0
empty_target="redis-cli -p $target_port flushall > /dev/null"

# 1. Record file -> Redis. The baseline sends what rstate sends by default (--on-conflict
# fail): SET key value NX.
resp_sets "session:" "$count" > sets.resp
redis-cli -p "$port" --pipe < sets.resp > /dev/null
awk -v count="$count" 'BEGIN { for (i = 1; i <= count; i++) { key = "session:" i
  printf "*4\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$1\r\nv\r\n$2\r\nNX\r\n", length(key), key } }' > setnx.resp
"$rstate" migrate --from "$source_url" --to records.jsonl > /dev/null
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json load.json --prepare "$empty_target" \
  -n pipe "redis-cli -p $target_port --pipe < setnx.resp > /dev/null" \
  -n rstate "$rstate migrate --from records.jsonl --to $target_url > /dev/null" > /dev/null
[ "$(redis-cli -p "$target_port" dbsize)" -eq "$count" ] || { echo "load lost keys" >&2; exit 1; }
echo "record file -> Redis, $count keys:"
compare load.json pipe "redis-cli --pipe (the same SET … NX)" "rstate migrate --from FILE"
python3 -c "import json; r={x['command']:x['median'] for x in json.load(open('load.json'))['results']}; print('  throughput: rstate %.0f keys/s, --pipe %.0f keys/s, %.0f%% of --pipe' % ($count/r['rstate'], $count/r['pipe'], 100*r['pipe']/r['rstate']))"
redis-cli -p "$target_port" flushall > /dev/null
echo "  peak RSS: $(peak_kib "$rstate" migrate --from records.jsonl --to "$target_url" --on-conflict replace --yes) KiB"

# 2. Redis -> Redis, mixed types: strings, hashes, lists, sets, zsets with some expiries.
redis-cli -p "$port" flushall > /dev/null
awk -v count="$count" 'function cmd(n, a,   i, s) { s = "*" n "\r\n"; for (i = 1; i <= n; i++) s = s "$" length(a[i]) "\r\n" a[i] "\r\n"; printf "%s", s }
BEGIN { for (i = 1; i <= count; i++) { k = i % 5
  if (k == 0) { split("SET str:" i " value-" i, a, " "); cmd(3, a) }
  else if (k == 1) { split("HSET hash:" i " step review owner u" i " n " i, a, " "); cmd(8, a) }
  else if (k == 2) { split("RPUSH list:" i " a b c", a, " "); cmd(5, a) }
  else if (k == 3) { split("SADD set:" i " x y z", a, " "); cmd(5, a) }
  else { split("ZADD zset:" i " 1 a 2 b", a, " "); cmd(6, a) }
  if (i % 10 == 0) { split("PEXPIRE " (k == 0 ? "str:" : k == 1 ? "hash:" : k == 2 ? "list:" : k == 3 ? "set:" : "zset:") i " 86400000", a, " "); cmd(3, a) } } }' \
  | redis-cli -p "$port" --pipe > /dev/null
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json copy.json --prepare "$empty_target" \
  -n redis-py "/usr/bin/python3 $repo/bench/redis_py_copy.py $source_url $target_url > /dev/null" \
  -n rstate "$rstate migrate --from $source_url --to $target_url --checkpoint $workdir/copy.checkpoint > /dev/null" > /dev/null
[ "$(redis-cli -p "$target_port" dbsize)" -eq "$count" ] || { echo "copy lost keys" >&2; exit 1; }
echo "Redis -> Redis, $count keys of mixed types:"
compare copy.json redis-py "redis-py DUMP/RESTORE pipelines" "rstate migrate --from URL --to URL"
python3 -c "import json; r={x['command']:x['median'] for x in json.load(open('copy.json'))['results']}; print('  throughput: rstate %.0f keys/s, redis-py %.0f keys/s' % ($count/r['rstate'], $count/r['redis-py']))"
redis-cli -p "$target_port" flushall > /dev/null
echo "  peak RSS: $(peak_kib "$rstate" migrate --from "$source_url" --to "$target_url" --on-conflict replace --yes --checkpoint "$workdir/copy.checkpoint") KiB"

# 3. One 200 MB hash.
redis-cli -p "$port" flushall > /dev/null
awk 'BEGIN { v = sprintf("%0500d", 0); for (b = 0; b < 400; b++) { printf "*2002\r\n$4\r\nHSET\r\n$3\r\nbig\r\n"; for (i = 0; i < 1000; i++) { f = "field:" b ":" i; printf "$%d\r\n%s\r\n$500\r\n%s\r\n", length(f), f, v } } }' \
  | redis-cli -p "$port" --pipe > /dev/null
echo "one hash of $(redis-cli -p "$port" memory usage big) bytes (400,000 fields):"
echo "  peak RSS: $(peak_kib "$rstate" migrate --from "$source_url" --to "$target_url" --on-conflict replace --yes --checkpoint "$workdir/big.checkpoint") KiB"
[ "$(redis-cli -p "$target_port" hlen big)" -eq 400000 ] || { echo "big hash incomplete" >&2; exit 1; }
