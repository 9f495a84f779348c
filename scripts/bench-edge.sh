#!/usr/bin/env bash
# Edge benchmark in two parts, both against a silo and an edge started here (Release builds, free ports on 127.0.0.1,
# temp data directory):
#
# HTTP: requests/s and latency (p50, p99) with wrk through the edge and, in the same run, through nginx proxying the
# same backend, both terminating TLS with the same kind of certificate (ECDSA P-256) and both writing an access log to
# a file. The backend is nginx answering a 64-byte body; wrk runs -t2 -c64 for each. Rounds alternate edge and nginx
# (R rounds, default 3) and the medians are reported with their ratio.
#
# SSH: one container (2 cores, podman) that allows a fresh ed25519 key. (i) Throughput: 500 MiB down
# (`head -c 500M /dev/zero` to ssh's stdout) and up (into `cat > /dev/null`) with the stock ssh client and its default
# algorithms, through the gateway (`ssh -p <gateway> <container>@127.0.0.1`) and straight to the container's sshd on its
# published port 22 as root, R rounds alternating; medians in MB/s (login included in each transfer's time) and their
# ratio. (ii) Added connection latency: the median time of `ssh ... true` through the gateway minus straight, over
# N runs each (default 20), alternating; once with stock defaults and once with both forced to curve25519-sha256 (the
# gateway's key exchange; stock OpenSSH 9 to sshd picks a costlier post-quantum one).
#   scripts/bench-edge.sh [all|http|ssh] [rounds, default 3] [seconds per HTTP run, default 10] [ssh latency runs, default 20]
# (`scripts/bench-edge.sh 3 10` is `all 3 10`.) HTTP needs wrk and nginx (scripts/install-deps.sh test); SSH needs
# podman and the base image (scripts/build-base-image.sh), run as the user the silo's engine runs as (root here).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=all
case "${1:-}" in all|http|ssh) mode=$1; shift;; esac
rounds="${1:-3}"
seconds="${2:-10}"
ssh_runs="${3:-20}"
for value in "$rounds" "$seconds" "$ssh_runs"; do
  case "$value" in ''|*[!0-9]*|0) echo "rounds, seconds and runs must be positive numbers" >&2; exit 2;; esac
done
want() { [ "$mode" = all ] || [ "$mode" = "$1" ]; }
tools=(openssl curl python3)
want http && tools+=(wrk nginx)
want ssh && tools+=(podman ssh ssh-keygen)
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/install-deps.sh test)" >&2; exit 1; }; done
if want ssh; then
  podman image exists eddcloud/base:latest || { echo "eddcloud/base:latest is missing (scripts/build-base-image.sh)" >&2; exit 1; }
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

work=$(mktemp -d /var/tmp/edd-bench-edge.XXXXXX)
node="bench-edge-$$-$RANDOM"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  # The silo stops its engine service on the way out: give it time before forcing.
  for p in "${pids[@]}"; do for _ in $(seq 1 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done; kill -9 "$p" 2>/dev/null || true; done
  if want ssh; then
    # The run deletes its container through the API; this catches what a failed run left behind.
    local left
    left=$(timeout 60 podman ps -aq --filter "label=eddcloud.node=$node" 2>/dev/null || true)
    [ -n "$left" ] && { timeout 120 podman rm -f -t 0 $left >/dev/null 2>&1 || true; }
    left=$(timeout 60 podman volume ls -q --filter "label=eddcloud.node=$node" 2>/dev/null || true)
    [ -n "$left" ] && { timeout 120 podman volume rm -f $left >/dev/null 2>&1 || true; }
  fi
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
if want http; then
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
fi

echo "== starting a silo and an edge (route bench.test -> the backend, node $node)"
cat > "$work/routes.yaml" <<YAML
routes:
  - host: bench.test
    backend: http://127.0.0.1:$backend
YAML
gateway=$(free_port); silo_http=$(free_port); ssh_port=$(free_port); password="bench-password-$RANDOM$RANDOM"
( cd "$work/silo" && EDD_DATA_DIRECTORY="$work/data" EDD_ADMIN_PASSWORD="$password" EDD_NATS__PORT=$(free_port) \
  EDD_CLUSTER__SILO_PORT=$(free_port) EDD_CLUSTER__GATEWAY_PORT=$gateway EDD_NODE_NAME="$node" EDD_COMPUTE__WATCH_INTERVAL=00:00:01 \
  Logging__LogLevel__Default=Warning \
  exec dotnet EddCloud.Silo.dll --urls "http://127.0.0.1:$silo_http" > "$work/silo.log" 2>&1 ) & pids+=($!)
( cd "$work/edge" && EDD_DATA_DIRECTORY="$work/data" EDD_CLUSTER__GATEWAY_PORT=$gateway EDD_EDGE__LISTEN_ADDRESS=127.0.0.1 \
  EDD_EDGE__HTTPS_PORT=$edge_tls EDD_EDGE__HTTP_PORT=0 EDD_EDGE__SSH_PORT=$ssh_port EDD_EDGE__ROUTES_FILE="$work/routes.yaml" \
  EDD_EDGE__CERTIFICATE_PATH="$work/tls/cert.pem" EDD_EDGE__CERTIFICATE_KEY_PATH="$work/tls/key.pem" EDD_EDGE__REQUESTS_PER_SECOND_PER_IP=0 \
  Logging__Console__FormatterName=simple \
  exec dotnet EddCloud.Edge.dll > "$work/edge-access.log" 2>&1 ) & pids+=($!)
edge_pid=$!
routed() { [ "$(curl -sk -o /dev/null -w '%{http_code}' --resolve "bench.test:$edge_tls:127.0.0.1" "https://bench.test:$edge_tls/")" = 200 ]; }
edge_ready() { [ "$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$edge_tls/readyz")" = 200 ]; }
ready() { if want http; then routed; else edge_ready; fi; }
for _ in $(seq 1 240); do ready && break; sleep 0.5; done
ready || { echo "the edge did not become ready (or route bench.test); its log:" >&2; tail -30 "$work/edge-access.log" >&2; exit 1; }

http_bench() {
# CPU time (user + system) of processes, in clock ticks: what the proxy chain costs per request, beside wrk.
cpu_ticks() { local total=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo "$total"; }
run() { # name port pids... -> "rps p50ms p99ms non-2xx cpu-ms-per-1000-requests"
  local port=$2; shift 2
  local before; before=$(cpu_ticks "$@")
  wrk -t2 -c64 -d"${seconds}s" --latency -H "Host: bench.test" "https://127.0.0.1:$port/" > "$work/wrk.out" 2>&1
  local ticks=$(( $(cpu_ticks "$@") - before ))
  python3 - "$work/wrk.out" "$ticks" "$(getconf CLK_TCK)" <<'PY'
import re,sys
text=open(sys.argv[1]).read()
rps=float(re.search(r"Requests/sec:\s+([\d.]+)",text).group(1))
total=int(re.search(r"(\d+) requests in",text).group(1))
def ms(label):
    m=re.search(r"\s"+label+r"%\s+([\d.]+)(us|ms|s)\b",text)
    v=float(m.group(1)); return v/1000 if m.group(2)=="us" else v*1000 if m.group(2)=="s" else v
errors=re.search(r"Non-2xx or 3xx responses: (\d+)",text)
cpu_ms=int(sys.argv[2])/int(sys.argv[3])*1000
print(rps, ms("50"), ms("99"), errors.group(1) if errors else 0, round(cpu_ms/total*1000, 1))
PY
}
echo "== warming up"
wrk -t2 -c64 -d10s -H "Host: bench.test" "https://127.0.0.1:$edge_tls/" >/dev/null
wrk -t2 -c64 -d3s -H "Host: bench.test" "https://127.0.0.1:$nginx_tls/" >/dev/null
: > "$work/edge.txt"; : > "$work/nginx.txt"
for round in $(seq 1 "$rounds"); do
  workers=$(pgrep -P "$(cat "$work/nginx/nginx.pid")" | tr '\n' ' ')
  # The edge's chain is the edge and the backend (nginx's workers); nginx's chain is its workers, serving both.
  e=$(run edge "$edge_tls" "$edge_pid" $workers); n=$(run nginx "$nginx_tls" $workers)
  echo "round $round: edge $e | nginx $n   (requests/s p50-ms p99-ms non-2xx cpu-ms/1000-requests)"
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
print(f"  CPU per 1000 requests (proxy + backend, user + system): edge chain {med(edge,4):.0f} ms, nginx {med(nginx,4):.0f} ms ({med(edge,4)/med(nginx,4):.1f}x);")
print(f"  on {__import__('os').cpu_count()} CPUs shared with wrk, requests/s follow that cost")
bad = sum(row[3] for row in edge + nginx)
if bad: print(f"  warning: {bad:.0f} non-2xx responses")
PY
}

ssh_bench() {
  echo "== SSH: a container allowing a fresh key"
  ssh-keygen -q -t ed25519 -N "" -C bench -f "$work/bench_key"
  python3 - "http://127.0.0.1:$silo_http" "$password" "$work" "$ssh_port" "$rounds" "$ssh_runs" "$node" <<'PY'
import http.client, json, os, statistics, subprocess, sys, time, urllib.parse
base, password, work, gw_port, rounds, runs, node = sys.argv[1:8]
rounds, runs = int(rounds), int(runs)
u = urllib.parse.urlsplit(base)

def call(method, path, body=None, token=None):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    headers = {"content-type": "application/json"}
    if token: headers["authorization"] = "Bearer " + token
    c.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = c.getresponse(); data = r.read(); c.close()
    return r.status, (json.loads(data) if data else None)

st, t = call("POST", "/api/auth/token", {"username": "admin", "password": password})
if st != 200: raise SystemExit(f"sign-in: {st} {t}")
token = t["token"]
st, k = call("POST", "/api/me/ssh-keys", {"publicKey": open(f"{work}/bench_key.pub").read().strip()}, token)
if st != 201: raise SystemExit(f"add key: {st} {k}")
name = f"bench-{os.getpid()}"
st, c = call("POST", "/api/containers", {"name": name, "cpus": 2, "memoryBytes": 512 * 1024 * 1024, "allowedKeys": [k["id"]]}, token)
if st != 201: raise SystemExit(f"create container: {st} {c}")
cid = c["id"]
try:
    deadline = time.monotonic() + 180
    while True:
        st, c = call("GET", f"/api/containers/{cid}", token=token)
        hostkeys = (c.get("ssh") or {}).get("hostKeys") or []
        port22 = [a["hostPort"] for a in c.get("addresses") or [] if a["port"] == 22]
        if c.get("status") == "running" and hostkeys and port22: break
        if time.monotonic() > deadline: raise SystemExit(f"container not running with sshd after 180 s: {json.dumps(c)[:600]}")
        time.sleep(0.5)
    direct_port = port22[0]
    edge_key = open(f"{work}/data/edge/ssh/host_ed25519.pub").read().strip()
    with open(f"{work}/known_hosts", "w") as f:
        f.write(f"[127.0.0.1]:{gw_port} {edge_key}\n")
        for key in hostkeys: f.write(f"[127.0.0.1]:{direct_port} {key}\n")
    common = ["-i", f"{work}/bench_key", "-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
              "-o", "StrictHostKeyChecking=yes", "-o", f"UserKnownHostsFile={work}/known_hosts", "-o", "GlobalKnownHostsFile=/dev/null"]
    paths = {"gateway": ["ssh", "-p", gw_port, *common, f"{name}@127.0.0.1"],
             "direct": ["ssh", "-p", str(direct_port), *common, "root@127.0.0.1"]}

    def ssh(path, command, stdin=None, stdout=subprocess.DEVNULL, limit=300):
        return subprocess.run([*paths[path], command], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, timeout=limit)

    for path in paths:  # the container's sshd may still be applying the key right after it runs
        deadline = time.monotonic() + 60
        while (r := ssh(path, "true", limit=30)).returncode != 0:
            if time.monotonic() > deadline: raise SystemExit(f"{path}: ssh does not log in: {r.stderr.decode()[-400:]}")
            time.sleep(0.5)

    size = 500 * 1024 * 1024
    def transfer(path, direction):  # seconds for 500 MiB, login included
        t0 = time.monotonic()
        if direction == "down":  # counted by wc, as ssh's stdout would go to a file or a pipe
            counter = subprocess.Popen(["wc", "-c"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            r = ssh(path, "head -c 500M /dev/zero", stdout=counter.stdin)
            counter.stdin.close()
            counted = counter.stdout.read(); counter.wait(timeout=60)
            ok = r.returncode == 0 and counted.split()[0] == str(size).encode()
        else:
            with open("/dev/zero", "rb") as zero:
                feeder = subprocess.Popen(["head", "-c", "500M"], stdin=zero, stdout=subprocess.PIPE)
                r = ssh(path, "wc -c", stdin=feeder.stdout, stdout=subprocess.PIPE)
                feeder.stdout.close(); feeder.wait(timeout=60)
            ok = r.returncode == 0 and r.stdout.split()[0] == str(size).encode()
        if not ok: raise SystemExit(f"{path} {direction}: exit {r.returncode}: {r.stderr.decode()[-400:]}")
        return time.monotonic() - t0

    print("== SSH warm-up (one 500 MiB transfer each way on each path)")
    for path in paths:
        for direction in ("down", "up"): transfer(path, direction)
    mbps = {(p, d): [] for p in paths for d in ("down", "up")}
    for round in range(1, rounds + 1):
        line = []
        for direction in ("down", "up"):
            for path in ("gateway", "direct") if round % 2 else ("direct", "gateway"):
                seconds = transfer(path, direction)
                mbps[(path, direction)].append(size / 1e6 / seconds)
                line.append(f"{path} {direction} {size / 1e6 / seconds:6.1f}")
        print(f"round {round}: " + " | ".join(line) + "  (MB/s)")

    # Stock defaults, then both with the gateway's key exchange: OpenSSH 9 prefers the post-quantum sntrup761 hybrid,
    # which sshd offers and the gateway does not, so "direct" pays for a costlier exchange than the first hop does.
    latency = {(p, kex): [] for p in paths for kex in ("default", "curve25519")}
    for path in paths:
        r = subprocess.run([*paths[path][:-1], "-v", paths[path][-1], "true"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=30)
        kexes = [line.split("kex: algorithm:")[1].strip() for line in r.stderr.decode().splitlines() if "kex: algorithm:" in line]
        print(f"   {path}: the client's key exchange with stock defaults is {kexes[0] if kexes else 'unknown'}")
    for kex in ("default", "curve25519"):
        extra = [] if kex == "default" else ["-o", "KexAlgorithms=curve25519-sha256"]
        for i in range(runs):
            for path in ("gateway", "direct") if i % 2 else ("direct", "gateway"):
                t0 = time.monotonic()
                r = subprocess.run([*paths[path][:-1], *extra, paths[path][-1], "true"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=30)
                if r.returncode != 0: raise SystemExit(f"{path} ssh true: {r.stderr.decode()[-400:]}")
                latency[(path, kex)].append((time.monotonic() - t0) * 1000)

    med = statistics.median
    print()
    print(f"SSH through the gateway vs straight to the container's sshd (stock ssh defaults, 500 MiB, {rounds} rounds, medians):")
    for direction in ("down", "up"):
        g, d = mbps[("gateway", direction)], mbps[("direct", direction)]
        # Each round's pair ran back to back, so its ratio is less at the mercy of other load than the medians' ratio.
        paired = med(x / y for x, y in zip(g, d))
        print(f"  {direction:4}: gateway {med(g):6.1f} MB/s   direct {med(d):6.1f} MB/s   ratio {med(g) / med(d):.2f}"
              f" (median of per-round ratios {paired:.2f}; target >= 0.70)")
    spread = lambda xs: f"{statistics.quantiles(xs, n=10)[0]:.0f}-{statistics.quantiles(xs, n=10)[-1]:.0f}"
    for kex, label in (("default", "stock defaults"), ("curve25519", "both -o KexAlgorithms=curve25519-sha256")):
        g, d = latency[("gateway", kex)], latency[("direct", kex)]
        print(f"  ssh true, {label} ({runs} runs each): gateway {med(g):.0f} ms   direct {med(d):.0f} ms   added {med(g) - med(d):.0f} ms"
              f" (target < 50 ms)   [p10-p90 gateway {spread(g)} ms, direct {spread(d)} ms]")
finally:
    st, body = call("DELETE", f"/api/containers/{cid}", token=token)
    if st not in (200, 202, 204): print(f"warning: deleting the container: {st} {body}", file=sys.stderr)
PY
}

if want http; then http_bench; fi
if want ssh; then ssh_bench; fi
echo "load average before the run: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
