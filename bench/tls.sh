#!/usr/bin/env bash
# `rstate ping` over TLS against `redis-cli --tls ping`, both verifying the server's
# certificate with a test CA made here, on a private TLS-only redis-server, in one hyperfine
# run: medians and their ratio (the figure to reach: at most 1.2).
source "$(dirname "$0")/common.sh"
repo=$OLDPWD
"$repo/scripts/install-deps.sh" openssl
key() { echo -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1" -days 2; }
openssl req -x509 $(key ca.key) -out ca.crt -subj "/CN=rstate bench CA" 2>/dev/null
openssl req $(key server.key) -out server.csr -subj "/CN=localhost" 2>/dev/null
echo "subjectAltName=DNS:localhost,IP:127.0.0.1" > server.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt \
  -days 2 -extfile server.ext 2>/dev/null
tls_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port 0 --tls-port "$tls_port" --bind 127.0.0.1 --tls-cert-file server.crt \
  --tls-key-file server.key --tls-ca-cert-file ca.crt --tls-auth-clients no --save '' \
  --appendonly no --dir "$workdir" --logfile "$workdir/tls.log" --daemonize no &
tls_pid=$!
trap 'kill $server_pid $tls_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$workdir"' EXIT
"$rstate" ping -h localhost -p "$tls_port" --tls --cacert ca.crt --wait 10 --quiet
hyperfine -N --warmup 50 --runs "${RUNS:-300}" --export-json tls.json \
  -n redis-cli "redis-cli -h localhost -p $tls_port --tls --cacert $workdir/ca.crt ping" \
  -n rstate "$rstate ping -h localhost -p $tls_port --tls --cacert $workdir/ca.crt" > /dev/null
echo "ping over TLS (certificate verified against a test CA):"
compare tls.json redis-cli "redis-cli --tls ping" "rstate ping --tls"
