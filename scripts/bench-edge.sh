#!/usr/bin/env bash
# Edge benchmark, HTTP part: requests/s and latency (p50, p99) with wrk through the edge and, in the same run, through
# nginx proxying the same backend, both terminating TLS with the same kind of certificate (ECDSA P-256) and both
# writing an access log to a file. The backend is nginx answering a 64-byte body; wrk runs -t2 -c64 for each.
# Rounds alternate edge and nginx (R rounds, default 3) and the medians are reported with their ratio.
#   scripts/bench-edge.sh [rounds] [seconds per run, default 10]
# One silo and one edge on 127.0.0.1 (free ports, temp data directory), Release builds. Needs wrk and nginx
# (scripts/install-deps.sh test).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
seconds="${2:-10}"
for tool in wrk nginx openssl curl python3; do command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/install-deps.sh test)" >&2; exit 1; }; done

work=$(mktemp -d /var/tmp/edd-bench-edge.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  sleep 1
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

echo "== building the silo and the edge (Release)"
timeout 900 dotnet build Silo/EddCloud.Silo.csproj -c Release -nologo -v q -o "$work/silo" >/dev/null
timeout 900 dotnet build Edge/EddCloud.Edge.csproj -c Release -nologo -v q -o "$work/edge" >/dev/null

backend=$(free_port); nginx_tls=$(free_port); edge_tls=$(free_port)
mkdir -p "$work/nginx/logs" "$work/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=bench.test" \
  -addext "subjectAltName=DNS:bench.test,IP:127.0.0.1" -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" 2>/dev/null
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log $work/nginx/logs/access.log;
  keepalive_requests 100000;
  upstream backend { server 127.0.0.1:$backend; keepalive 64; }
  server { listen 127.0.0.1:$backend; access_log off; location / { default_type text/plain; return 200 "0123456789012345678901234567890123456789012345678901234567890123"; } }
  server {
    listen 127.0.0.1:$nginx_tls ssl http2;
    ssl_certificate $work/tls/cert.pem; ssl_certificate_key $work/tls/key.pem;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$remote_addr; proxy_set_header X-Forwarded-Proto https; }
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -e "$work/nginx/logs/error.log"

echo "== starting a silo and an edge (route bench.test -> the backend)"
cat > "$work/routes.yaml" <<YAML
routes:
  - host: bench.test
    backend: http://127.0.0.1:$backend
YAML
gateway=$(free_port); silo_http=$(free_port)
( cd "$work/silo" && EDD_DATA_DIRECTORY="$work/data" EDD_ADMIN_PASSWORD="bench-password-$RANDOM$RANDOM" EDD_NATS__PORT=$(free_port) \
  EDD_CLUSTER__SILO_PORT=$(free_port) EDD_CLUSTER__GATEWAY_PORT=$gateway EDD_NODE_NAME="bench-edge-$$" Logging__LogLevel__Default=Warning \
  exec dotnet EddCloud.Silo.dll --urls "http://127.0.0.1:$silo_http" > "$work/silo.log" 2>&1 ) & pids+=($!)
( cd "$work/edge" && EDD_DATA_DIRECTORY="$work/data" EDD_CLUSTER__GATEWAY_PORT=$gateway EDD_EDGE__LISTEN_ADDRESS=127.0.0.1 \
  EDD_EDGE__HTTPS_PORT=$edge_tls EDD_EDGE__HTTP_PORT=0 EDD_EDGE__SSH_PORT=$(free_port) EDD_EDGE__ROUTES_FILE="$work/routes.yaml" \
  EDD_EDGE__CERTIFICATE_PATH="$work/tls/cert.pem" EDD_EDGE__CERTIFICATE_KEY_PATH="$work/tls/key.pem" EDD_EDGE__REQUESTS_PER_SECOND_PER_IP=0 \
  Logging__Console__FormatterName=simple \
  exec dotnet EddCloud.Edge.dll > "$work/edge-access.log" 2>&1 ) & pids+=($!)
for _ in $(seq 1 240); do
  [ "$(curl -sk -o /dev/null -w '%{http_code}' --resolve "bench.test:$edge_tls:127.0.0.1" "https://bench.test:$edge_tls/")" = 200 ] && break
  sleep 0.5
done
[ "$(curl -sk -o /dev/null -w '%{http_code}' --resolve "bench.test:$edge_tls:127.0.0.1" "https://bench.test:$edge_tls/")" = 200 ] \
  || { echo "the edge did not route bench.test; its log:" >&2; tail -30 "$work/edge-access.log" >&2; exit 1; }

run() { # name port -> "rps p50ms p99ms"
  wrk -t2 -c64 -d"${seconds}s" --latency -H "Host: bench.test" "https://127.0.0.1:$2/" 2>&1 | python3 -c '
import re,sys
text=sys.stdin.read()
rps=float(re.search(r"Requests/sec:\s+([\d.]+)",text).group(1))
def ms(label):
    m=re.search(r"\s"+label+r"%\s+([\d.]+)(us|ms|s)\b",text)
    v=float(m.group(1)); return v/1000 if m.group(2)=="us" else v*1000 if m.group(2)=="s" else v
errors=re.search(r"Non-2xx or 3xx responses: (\d+)",text)
print(rps, ms("50"), ms("99"), errors.group(1) if errors else 0)'
}
echo "== warming up"
wrk -t2 -c64 -d3s -H "Host: bench.test" "https://127.0.0.1:$edge_tls/" >/dev/null
wrk -t2 -c64 -d3s -H "Host: bench.test" "https://127.0.0.1:$nginx_tls/" >/dev/null
: > "$work/edge.txt"; : > "$work/nginx.txt"
for round in $(seq 1 "$rounds"); do
  e=$(run edge "$edge_tls"); n=$(run nginx "$nginx_tls")
  echo "round $round: edge $e | nginx $n   (requests/s p50-ms p99-ms non-2xx)"
  echo "$e" >> "$work/edge.txt"; echo "$n" >> "$work/nginx.txt"
done
python3 - "$work/edge.txt" "$work/nginx.txt" "$seconds" <<'PY'
import statistics, sys
def load(path): return [list(map(float, line.split())) for line in open(path) if line.strip()]
edge, nginx = load(sys.argv[1]), load(sys.argv[2])
med = lambda rows, i: statistics.median(row[i] for row in rows)
e_rps, n_rps, e_p99, n_p99 = med(edge,0), med(nginx,0), med(edge,2), med(nginx,2)
print()
print(f"HTTP through the edge vs nginx (wrk -t2 -c64, {sys.argv[3]} s x {len(edge)} rounds, TLS, medians):")
print(f"  edge : {e_rps:9.0f} requests/s   p50 {med(edge,1):6.2f} ms   p99 {e_p99:6.2f} ms")
print(f"  nginx: {n_rps:9.0f} requests/s   p50 {med(nginx,1):6.2f} ms   p99 {n_p99:6.2f} ms")
print(f"  ratio: {e_rps/n_rps:.2f} of nginx's requests/s (target >= 0.70); p99 {e_p99/n_p99:.2f}x nginx's (target <= 2)")
bad = sum(row[3] for row in edge + nginx)
if bad: print(f"  warning: {bad:.0f} non-2xx responses")
PY
