#!/usr/bin/env bash
# Records real framework state as rstate record files for the namespace tests:
# installs the Python libraries from PyPI into virtualenvs (arq pins redis-py < 6, Celery
# needs >= 6.1, Flask-Session 0.5 needs Flask 2, LangGraph brings its own stack), runs each
# one briefly against a private redis-server (its own db), and exports each db with
# `rstate migrate` into Tests/IntegrationTests/Fixtures/namespaces/.
# Frameworks that cannot run here (BullMQ, Spring, Laravel, express-session) are written by
# hand from the reference's tables as redis-cli commands (scripts/namespace-fixtures/*.redis)
# and recorded the same way. `make test` replays the committed files and needs neither PyPI
# nor the libraries. --handwritten-only skips PyPI; fixture names as arguments record just
# those (scripts/record-namespace-fixtures.sh langgraph flask-session-0.5).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/Tests/IntegrationTests/Fixtures/namespaces"
work=$(mktemp -d)
trap 'if [ -f "$work/redis.pid" ]; then kill "$(cat "$work/redis.pid")" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

handwritten_only=false
[ "${1:-}" = --handwritten-only ] && { handwritten_only=true; shift; }
only=" $* "
wanted() { [ "$only" = "  " ] || [[ "$only" == *" $1 "* ]]; }
venvs=${FIXTURE_VENVS:-$work}
# The virtualenv each Python fixture runs in, made on first use with pinned packages.
venv_for() {
  case "$1" in
    arq) echo arq ;;
    flask-session-0.5) echo flask05 ;;
    langgraph) echo langgraph ;;
    *) echo main ;;
  esac
}
make_venv() {
  [ -x "$venvs/$1/bin/python" ] && return
  python3 -m venv "$venvs/$1"
  case "$1" in
    main)
      "$venvs/main/bin/pip" install -q 'celery[redis]==5.7.0' 'redis>=6.1' rq==3.0.0 \
        Flask-Session==0.8.0 flask 'Django==5.2.*' django-redis==7.0.0 django-redis-sessions==0.6.2 \
        limits==5.8.0 'dramatiq[redis]==2.2.1' huey==3.5.4 aiocache==0.12.3 cashews==7.6.0 ;;
    arq) "$venvs/arq/bin/pip" install -q arq==0.28.0 ;;
    flask05)
      "$venvs/flask05/bin/pip" install -q Flask-Session==0.5.0 flask==2.3.3 werkzeug==2.3.8 \
        redis==8.1.0 ;;
    langgraph)
      "$venvs/langgraph/bin/pip" install -q langgraph==1.2.24 langgraph-checkpoint==4.3.2 \
        redis==8.1.0 ;;
  esac
}

(cd "$root" && swift build -q)
rstate="$root/.build/debug/rstate"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --databases 32 \
  --dir "$work" --pidfile "$work/redis.pid" --daemonize yes --logfile "$work/redis.log"
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

mkdir -p "$out"
record() {
  rm -f "$out/$1.rstate"
  "$rstate" migrate --from "redis://127.0.0.1:$port/$2" --to "$out/$1.rstate" --yes >/dev/null
  echo "$1: $(redis-cli -p "$port" -n "$2" dbsize) keys"
}
db=1
for file in "$root"/scripts/namespace-fixtures/*.redis; do
  name=$(basename "$file" .redis)
  wanted "$name" || continue
  redis-cli -p "$port" -n "$db" < "$file" >/dev/null
  record "$name" "$db"
  db=$((db + 1))
done
$handwritten_only && exit 0
# Ruby frameworks from Debian's packages: a client pushes Sidekiq jobs, a real worker runs a few
# seconds (heartbeat, processed counters), and ActiveSupport writes Rails cache entries.
if wanted sidekiq || wanted rails; then
  scripts/install-deps.sh ruby-sidekiq ruby-activesupport ruby-redis
fi
if wanted sidekiq; then
  (cd "$root/scripts/namespace-fixtures" && ruby produce.rb sidekiq "$port" "$db")
  REDIS_URL="redis://127.0.0.1:$port/$db" sidekiq -r "$root/scripts/namespace-fixtures/produce.rb" \
    -q default -q mailers -c 1 -t 1 >/dev/null 2>&1 &
  worker=$!
  sleep 6
  kill -TERM "$worker"
  wait "$worker" || true
  (cd "$root/scripts/namespace-fixtures" && ruby produce.rb sidekiq-queued "$port" "$db")
  record sidekiq "$db"
  db=$((db + 1))
fi
if wanted rails; then
  (cd "$root/scripts/namespace-fixtures" && ruby produce.rb rails "$port" "$db")
  record rails "$db"
  db=$((db + 1))
fi
for framework in celery rq arq dramatiq huey flask-session django django-signed-sessions \
  limits aiocache cashews aiocache-default-keys django-redis flask-session-0.5 langgraph; do
  wanted "$framework" || continue
  venv=$(venv_for "$framework")
  make_venv "$venv"
  (cd "$root/scripts/namespace-fixtures" && "$venvs/$venv/bin/python" produce.py "$framework" "$port" "$db")
  record "$framework" "$db"
  db=$((db + 1))
done
