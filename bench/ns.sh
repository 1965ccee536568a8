#!/usr/bin/env bash
# rstate ns over 1,000,000 keys of app state (Celery results, RQ jobs and queues, Flask
# sessions, rate-limit counters, the app's own JSON workflow keys) with the default sample,
# beside redis-cli --bigkeys (the nearest redis-cli has: it reads every key's type and size);
# then rstate's peak memory. The figure to reach: under 2 s and under 64 MiB.
source "$(dirname "$0")/common.sh"
total=${KEYS_TOTAL:-1000000}
LC_ALL=C awk -v total="$total" 'function cmd(n, a,   i, out) {
    out = "*" n "\r\n"
    for (i = 1; i <= n; i++) out = out "$" length(a[i]) "\r\n" a[i] "\r\n"
    printf "%s", out
  }
  BEGIN {
    for (i = 1; i <= total; i++) {
      kind = i % 5
      uuid = sprintf("%08x-0000-4000-8000-%012x", i, i)
      if (kind == 0) {
        a[1] = "SET"; a[2] = "celery-task-meta-" uuid
        a[3] = "{\"status\": \"SUCCESS\", \"result\": " i ", \"task_id\": \"" uuid "\"}"
        a[4] = "EX"; a[5] = "86400"; cmd(5, a)
      } else if (kind == 1) {
        a[1] = "HSET"; a[2] = "rq:job:" uuid; a[3] = "status"; a[4] = "finished"
        a[5] = "data"; a[6] = "x\234 (the start of a zlib stream; awk strings stop at NUL)"; a[7] = "created_at"
        a[8] = "2026-12-01T10:00:00Z"; cmd(8, a)
      } else if (kind == 2) {
        a[1] = "SET"; a[2] = sprintf("session:%043d", i); a[3] = "\203\252_permanent\303\247user_id\001"
        a[4] = "EX"; a[5] = "2678400"; cmd(5, a)
      } else if (kind == 3) {
        a[1] = "SET"; a[2] = "LIMITS:LIMITER/10.0." (i % 250) "." (i % 199) "/api" i "/10/1/minute"
        a[3] = "3"; a[4] = "EX"; a[5] = "3600"; cmd(5, a)
      } else {
        a[1] = "SET"; a[2] = "document_workflow:" i
        a[3] = "{\"state\": \"review\", \"step\": " i "}"; cmd(3, a)
      }
    }
    a[1] = "SADD"; a[2] = "rq:queues"; a[3] = "rq:queue:default"; cmd(3, a)
  }' | redis-cli -p "$port" --pipe >/dev/null
echo "keys: $(redis-cli -p "$port" dbsize) in the db"
hyperfine -N --warmup 1 --runs "${RUNS:-10}" --export-json ns.json \
  -n redis-cli "redis-cli -p $port --bigkeys" \
  -n rstate "$rstate ns -p $port" >/dev/null
compare ns.json redis-cli "redis-cli --bigkeys (reads every key)" "rstate ns (samples 10,000)"
"$rstate" ns -p "$port" | head -12
echo "  peak memory: rstate ns $(peak_kib "$rstate" ns -p "$port") KiB," \
  "redis-cli --bigkeys $(peak_kib redis-cli -p "$port" --bigkeys) KiB"
