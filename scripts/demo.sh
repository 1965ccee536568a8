#!/usr/bin/env bash
# Starts a private, throwaway redis-server (temporary directory, free loopback port, no
# persistence), loads the kinds of state our users' apps keep, runs rstate against it, and
# stops the server by its pid when done.
set -euo pipefail
rstate=${1:-.build/release/rstate}
workdir=$(mktemp -d -t rstate-demo.XXXXXX)

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "no free port found" >&2
  exit 1
}

port=$(free_port)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$workdir" \
  --logfile "$workdir/redis.log" --daemonize no &
server_pid=$!
cleanup() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

"$rstate" ping -p "$port" --wait 10 --quiet

# Sample app state, written as RESP so values with spaces and quotes go through untouched.
awk -v seed=42 'function uuid(   s, i) {
    s = ""
    for (i = 0; i < 32; i++) { s = s sprintf("%x", int(rand() * 16)); if (i == 7 || i == 11 || i == 15 || i == 19) s = s "-" }
    return s
  }
  function cmd(n, a,   i, out) {
    out = "*" n "\r\n"
    for (i = 1; i <= n; i++) out = out "$" length(a[i]) "\r\n" a[i] "\r\n"
    printf "%s", out
  }
  BEGIN {
    srand(seed)
    split("extract classify review approve archive", steps, " ")
    split("pending running waiting_for_review done failed", states, " ")
    for (i = 1; i <= 1200; i++) {
      id = uuid()
      a[1] = "SET"; a[2] = "document_workflow:" id
      a[3] = sprintf("{\"thread_id\": \"%s\", \"status\": \"%s\", \"step\": \"%s\", \"document\": \"invoice-%05d.pdf\", \"attempts\": %d}", id, states[1 + i % 5], steps[1 + i % 5], i, i % 3)
      a[4] = "EX"; a[5] = 86400
      cmd(5, a)
    }
    for (i = 1; i <= 400; i++) {
      a[1] = "HSET"; a[2] = sprintf("conversation:thread-%04d", i)
      a[3] = "checkpoint_id"; a[4] = sprintf("cp-%d", i * 7)
      a[5] = "messages"; a[6] = sprintf("[{\"role\": \"user\", \"content\": \"question %d\"}, {\"role\": \"assistant\", \"content\": \"answer %d\"}]", i, i)
      a[7] = "updated_at"; a[8] = 1795000000 + i
      cmd(8, a)
    }
    for (i = 1; i <= 800; i++) {
      a[1] = "SET"; a[2] = "session:" uuid()
      a[3] = sprintf("{\"user_id\": %d, \"csrf\": \"%s\", \"cart\": [%d, %d]}", 1000 + i, uuid(), i, i + 1)
      a[4] = "EX"; a[5] = 1800
      cmd(5, a)
    }
    split("customers orders products invoices embeddings", datasets, " ")
    for (i = 1; i <= 60; i++) {
      a[1] = "SET"; a[2] = sprintf("cache:dataset:%s-%02d", datasets[1 + i % 5], i)
      a[3] = sprintf("{\"rows\": %d, \"generated_at\": %d}", i * 100, 1795000000 + i)
      a[4] = "EX"; a[5] = 300
      cmd(5, a)
    }
    split("api login upload", scopes, " ")
    for (i = 1; i <= 600; i++) {
      a[1] = "SET"; a[2] = sprintf("ratelimit:%s:10.%d.%d.%d", scopes[1 + i % 3], i % 7, int(i / 256) % 256, i % 256)
      a[3] = 1 + i % 50; a[4] = "EX"; a[5] = 60
      cmd(5, a)
    }
  }' | redis-cli -p "$port" --pipe >/dev/null

# A few frameworks' state beside it: Celery results and a queued message, RQ jobs whose data
# is zlib-compressed pickle, Flask-Session sessions (msgpack), limits counters.
LC_ALL=C awk 'function cmd(n, a,   i, out) {
    out = "*" n "\r\n"
    for (i = 1; i <= n; i++) out = out "$" length(a[i]) "\r\n" a[i] "\r\n"
    printf "%s", out
  }
  BEGIN {
    for (i = 1; i <= 150; i++) {
      id = sprintf("%08x-5b6f-4c1d-9a8e-%012x", i * 7919, i)
      a[1] = "SET"; a[2] = "celery-task-meta-" id
      a[3] = sprintf("{\"status\": \"SUCCESS\", \"result\": %d, \"traceback\": null, \"children\": [], \"date_done\": \"2026-12-01T10:00:00\", \"task_id\": \"%s\"}", i * 2, id)
      if (i % 10 != 0) { a[4] = "EX"; a[5] = 86400; cmd(5, a) } else cmd(3, a)
      a[1] = "HSET"; a[2] = "rq:job:" sprintf("%08x-4b5a-4c6d-8e7f-%012x", i * 104729, i)
      a[3] = "status"; a[4] = "finished"; a[5] = "origin"; a[6] = "default"
      a[7] = "description"; a[8] = "jobs.add(2, 3)"
      a[9] = "ended_at"; a[10] = "2026-12-01T10:00:02Z"
      cmd(10, a)
      a[1] = "SET"; a[2] = sprintf("session:%043d", i)
      a[3] = "\202\252_permanent\303\247user_id\314" sprintf("%c", i); a[4] = "EX"; a[5] = 2678400
      cmd(5, a)
    }
    a[1] = "SADD"; a[2] = "_kombu.binding.celery"; a[3] = "celery\006\026\006\026celery"; cmd(3, a)
    a[1] = "SADD"; a[2] = "rq:queues"; a[3] = "rq:queue:default"; cmd(3, a)
  }' | redis-cli -p "$port" --pipe >/dev/null
# RQ keeps a job's function and arguments as zlib-compressed pickle (awk strings cannot hold
# its NUL bytes): zlib.compress(pickle.dumps(("jobs.add", None, (2, 3), {}), protocol=4)).
printf 'x\x9ck`\x99*\xc1\x00\x01\x1a=\x1cY\xf9I\xc5z\x89))S\xfc\xbc\x99\xbc\x99\xdb\xa6\xd4N)\x99\xa2\x07\x00\x8eY\x09\xd1' \
  > "$workdir/job-data"
for job in $(redis-cli -p "$port" --scan --pattern 'rq:job:*'); do
  redis-cli -p "$port" -x HSET "$job" data < "$workdir/job-data" >/dev/null
done
cat > "$workdir/rstate.toml" <<TOML
# The demo app's own namespaces, beside the frameworks rstate knows.
[[namespace]]
name = "document_workflow"
key = "document_workflow:{thread_id:uuid}"
codec = "json"
ttl = "24h"

[[namespace]]
name = "conversation"
key = "conversation:thread-{number:int}"
types = ["hash"]
TOML

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

say "rstate ping -p $port"
"$rstate" ping -p "$port"

say "rstate info -p $port"
"$rstate" info -p "$port"

say "rstate exec -p $port --no-raw GET document_workflow:<first id>"
first=$(set +o pipefail; redis-cli -p "$port" --scan --pattern 'document_workflow:*' | head -n 1)
"$rstate" exec -p "$port" --no-raw GET "$first"

say "rstate keys -p $port --pattern 'document_workflow:*' --limit 5"
"$rstate" keys -p "$port" --pattern 'document_workflow:*' --limit 5

say "rstate keys -p $port --pattern 'session:*' --long --limit 3"
"$rstate" keys -p "$port" --pattern 'session:*' --long --limit 3

say "rstate ttl -p $port --pattern '*' --summary"
"$rstate" ttl -p "$port" --pattern '*' --summary

say "rstate ns -p $port --config rstate.toml"
"$rstate" ns -p "$port" --config "$workdir/rstate.toml"

say "rstate keys -p $port --config rstate.toml --namespace document_workflow --limit 3"
"$rstate" keys -p "$port" --config "$workdir/rstate.toml" --namespace document_workflow --limit 3

say "printf ':use rq.jobs\\n:ls *<end of an id>\\n:peek <that id>\\n' | rstate -p $port"
job=$(set +o pipefail; redis-cli -p "$port" --scan --pattern 'rq:job:*' | head -n 1)
printf ':use rq.jobs\n:ls *%s\n:peek %s\n' "${job: -4}" "${job#rq:job:}" | "$rstate" -p "$port"

say "rstate flush -p $port --pattern 'cache:dataset:*' --dry-run"
"$rstate" flush -p "$port" --pattern 'cache:dataset:*' --dry-run

say "rstate migrate --from redis://127.0.0.1:$port/0 --pattern 'document_workflow:*' --to workflows.jsonl --verify"
"$rstate" migrate --from "redis://127.0.0.1:$port/0" --pattern 'document_workflow:*' \
  --to "$workdir/workflows.jsonl" --checkpoint "$workdir/export.checkpoint" --verify
head -c 300 "$workdir/workflows.jsonl"; echo " …"

say "rstate migrate --from workflows.jsonl -p $port -n 1 --rename 'document_workflow:=workflow_v2:' --verify"
"$rstate" migrate --from "$workdir/workflows.jsonl" -p "$port" -n 1 \
  --rename 'document_workflow:=workflow_v2:' --verify

say "rstate ping -p $port --count 5 --interval 0.05"
"$rstate" ping -p "$port" --count 5 --interval 0.05

cat <<TEXT

The demo server holds $(redis-cli -p "$port" dbsize) keys. Reach it by hand with:
  $rstate info -p $port
  $rstate exec -p $port --no-raw TTL $first
  redis-cli -p $port
TEXT

if [ -t 0 ]; then
  read -r -p "Press Enter to stop the demo server. " _
fi
echo "Stopping the demo server (pid $server_pid)."
