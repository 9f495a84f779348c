#!/usr/bin/env bash
# Compute benchmark: create->running and create->sshd-accepting latency through the REST API, p50 and p95 over N
# containers created one after another, and the silo's memory (RSS) per running container. Beside them, in the same
# run, what the engine alone costs: plain `podman run -d --rm eddcloud/base:latest sleep 60` -> running, and a
# podman run of the same sshd start (port 22 published on 127.0.0.1) -> SSH banner.
#   scripts/bench-compute.sh [count, default 20]
# One single-node silo on 127.0.0.1 (free ports, temp data directory, its own podman service on the host's storage,
# a unique EDD_NODE_NAME). All containers are deleted at the end and the script checks that none is left.
# Needs podman and the base image (scripts/build-base-image.sh); run as the user the silo's engine runs as (root here).
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-20}"
case "$count" in ''|*[!0-9]*) echo "count must be a positive number" >&2; exit 2;; esac
[ "$count" -ge 1 ] || { echo "count must be at least 1" >&2; exit 2; }
image="eddcloud/base:latest"
command -v podman >/dev/null || { echo "podman is missing (scripts/install-deps.sh)" >&2; exit 1; }
podman image exists "$image" || { echo "$image is missing (scripts/build-base-image.sh)" >&2; exit 1; }

work=$(mktemp -d /var/tmp/edd-bench-compute.XXXXXX)
node="bench-compute-$$-$RANDOM"
pid=""
cleanup() {
  # Safety net only: the run deletes its containers through the API and checks that none is left.
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done; kill -9 "$pid" 2>/dev/null || true; fi
  local left
  left=$(timeout 60 podman ps -aq --filter "label=eddcloud.node=$node" 2>/dev/null || true)
  [ -n "$left" ] && { echo "cleanup: removing ${left//$'\n'/ } left by the silo" >&2; timeout 120 podman rm -f -t 0 $left >/dev/null 2>&1 || true; }
  left=$(timeout 60 podman ps -aq --filter "label=eddcloud.bench=$node" 2>/dev/null || true)
  [ -n "$left" ] && { timeout 120 podman rm -f -t 0 $left >/dev/null 2>&1 || true; }
  left=$(timeout 60 podman volume ls -q --filter "label=eddcloud.node=$node" 2>/dev/null || true)
  [ -n "$left" ] && { timeout 120 podman volume rm -f $left >/dev/null 2>&1 || true; }
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

echo "== building and starting one silo (single mode, node $node)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
timeout 900 dotnet build Silo/EddCloud.Silo.csproj -c Release -nologo -v q -o "$work/silo" >/dev/null
port=$(free_port); password="bench-password-$RANDOM$RANDOM"
( cd "$work/silo" && EDD_DATA_DIRECTORY="$work/data" EDD_ADMIN_PASSWORD="$password" EDD_NATS__PORT=$(free_port) \
  EDD_CLUSTER__SILO_PORT=$(free_port) EDD_CLUSTER__GATEWAY_PORT=$(free_port) EDD_NODE_NAME="$node" \
  EDD_COMPUTE__WATCH_INTERVAL=00:00:01 Logging__LogLevel__Default=Warning \
  exec dotnet EddCloud.Silo.dll --urls "http://127.0.0.1:$port" > "$work/silo.log" 2>&1 ) & pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 240); do curl -sf --noproxy '*' "$base/readyz" >/dev/null && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
curl -sf --noproxy '*' "$base/readyz" >/dev/null || { echo "the silo did not become ready; its log:" >&2; tail -50 "$work/silo.log" >&2; exit 1; }
token=$(curl -sf --noproxy '*' --max-time 30 -X POST "$base/api/auth/token" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
auth=(-H "Authorization: Bearer $token")
me=$(curl -sf --noproxy '*' --max-time 30 "${auth[@]}" "$base/api/me" | python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
# The default quota (10 containers, 4 cores, 4 GiB) is below N containers: raise the admin's own.
curl -sf --noproxy '*' --max-time 30 -o /dev/null -X PUT "$base/api/admin/users/$me/compute" "${auth[@]}" -H 'content-type: application/json' \
  -d "{\"maxContainers\":$((count + 10)),\"maxCpus\":$((count + 10)),\"maxMemoryBytes\":$(( (count + 10) * 64 * 1024 * 1024 ))}"

set +e
python3 - "$base" "$token" "$count" "$pid" "$node" "$image" "$work" "$load_before" <<'PY'
import http.client, json, math, os, socket, statistics, subprocess, sys, threading, time
base, token, count, silo_pid, node, image, work, load_before = sys.argv[1:9]
count, silo_pid = int(count), int(silo_pid)
host, port = base.removeprefix("http://").split(":"); port = int(port)
POLL, TIMEOUT = 0.05, 180.0            # 50 ms between polls; no container gets more than 3 minutes to get anywhere
SPEC = {"cpus": 1, "memoryBytes": 64 * 1024 * 1024}   # small memory limit; 1 core so ssh-keygen -A is not throttled
SSHD = "mkdir -p /run/sshd && ssh-keygen -A >/dev/null && exec /usr/sbin/sshd -D -e"   # what the silo runs (NodeAgent)
created = []                            # ids to delete whatever happens

class Api:
    """One keep-alive HTTP connection to the silo (one per thread)."""
    def __init__(self): self.conn = None
    def call(self, method, path, body=None):
        for attempt in range(3):
            try:
                if self.conn is None: self.conn = http.client.HTTPConnection(host, port, timeout=30)
                headers = {"Authorization": "Bearer " + token}
                data = None
                if body is not None: data = json.dumps(body).encode(); headers["content-type"] = "application/json"
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse(); raw = r.read()
                return r.status, (json.loads(raw) if raw else None)
            except (OSError, http.client.HTTPException):
                if self.conn: self.conn.close()
                self.conn = None
                if attempt == 2: raise
                time.sleep(0.2)

def banner(hport, timeout=1.0):
    """True when 127.0.0.1:hport sends a line starting with SSH-2.0- within timeout."""
    try:
        with socket.create_connection(("127.0.0.1", hport), timeout=timeout) as s:
            s.settimeout(timeout); buf = b""
            while b"\n" not in buf and len(buf) < 256:
                chunk = s.recv(256)
                if not chunk: break
                buf += chunk
            return buf.startswith(b"SSH-2.0-")
    except OSError:
        return False

def rss_kib(p):
    for line in open(f"/proc/{p}/status"):
        if line.startswith("VmRSS:"): return int(line.split()[1])
    return 0

def podman(*args, timeout=120):
    return subprocess.run(["podman", *args], capture_output=True, text=True, timeout=timeout)

def measure(name):
    """POST one container; returns (t_running, t_hostkeys, t_sshd, id) in seconds from the POST."""
    api = Api()
    t0 = time.monotonic()
    status, c = api.call("POST", "/api/containers", {"name": name, **SPEC})
    if status != 201: raise SystemExit(f"POST /api/containers for {name}: {status} {c}")
    cid = c["id"]; created.append(cid)
    seen = {"running": None, "keys": None, "hport": None, "sshd": None, "last": c}
    stop = threading.Event(); errors = []

    def poll_api():
        statuses = [c["status"]]
        try:
            while not stop.is_set() and time.monotonic() - t0 < TIMEOUT:
                st, cur = api.call("GET", f"/api/containers/{cid}")
                now = time.monotonic()
                if st != 200: errors.append(f"GET {cid}: {st} {cur}"); return
                seen["last"] = cur
                if cur["status"] != statuses[-1]: statuses.append(cur["status"])
                if cur["status"] == "running" and seen["running"] is None: seen["running"] = now - t0
                if cur["status"] in ("failed", "exited", "lost"):
                    errors.append(f"{name}: status {cur['status']} ({cur.get('statusReason')}), went {' -> '.join(statuses)}"); return
                for a in cur.get("addresses") or []:
                    if a["port"] == 22 and seen["hport"] is None: seen["hport"] = a["hostPort"]
                if (cur.get("ssh") or {}).get("hostKeys") and seen["keys"] is None: seen["keys"] = now - t0
                if seen["running"] is not None and seen["keys"] is not None: return
                time.sleep(POLL)
            if seen["running"] is None: errors.append(f"{name}: not running after {TIMEOUT:.0f} s; went {' -> '.join(statuses)}; last: {json.dumps(seen['last'])[:600]}")
        except Exception as e:
            errors.append(f"{name}: {e!r}")

    def poll_ssh():
        while not stop.is_set() and time.monotonic() - t0 < TIMEOUT:
            if seen["hport"] is not None and banner(seen["hport"]):
                seen["sshd"] = time.monotonic() - t0; return
            time.sleep(POLL)

    threads = [threading.Thread(target=poll_api), threading.Thread(target=poll_ssh)]
    for t in threads: t.start()
    while any(t.is_alive() for t in threads):
        if errors: stop.set()
        time.sleep(0.02)
    if errors or seen["running"] is None or seen["sshd"] is None:
        raise SystemExit("\n".join(errors) or f"{name}: running {seen['running']}, sshd {seen['sshd']}, host port {seen['hport']}; last: {json.dumps(seen['last'])[:600]}")
    return seen["running"], seen["keys"], seen["sshd"], cid

def delete_all(api):
    for cid in list(created):
        st, body = api.call("DELETE", f"/api/containers/{cid}")
        if st not in (204, 404): print(f"DELETE {cid}: {st} {body}", file=sys.stderr)
        created.remove(cid)

def engine_left():
    r = podman("ps", "-a", "--filter", f"label=eddcloud.node={node}", "--format", "{{.Names}} {{.Status}}")
    v = podman("volume", "ls", "--filter", f"label=eddcloud.node={node}", "--format", "volume {{.Name}}")
    return [l for l in (r.stdout + v.stdout).splitlines() if l.strip()]

def wait_gone(deadline_s=120):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        left = engine_left()
        if not left: return []
        time.sleep(0.5)
    return engine_left()

def pct(xs, p):                          # nearest rank
    s = sorted(xs); return s[max(0, math.ceil(p / 100 * len(s)) - 1)]

def summary(label, xs):
    return f"{label:34} p50 {statistics.median(xs):6.2f} s   p95 {pct(xs, 95):6.2f} s   min {min(xs):6.2f}   max {max(xs):6.2f}   (n={len(xs)})"

api = Api()
rc = 0
try:
    print("== warm-up: one container created, reached by ssh, deleted")
    w = measure("bench-warmup")
    print(f"   warm-up: running {w[0]:.2f} s, sshd {w[2]:.2f} s (first use starts the silo's podman service)")
    delete_all(api)
    left = wait_gone()
    if left: raise SystemExit(f"warm-up container still in the engine after 120 s: {left}")

    print("== the engine alone (podman CLI, same run)")
    plain, plain_sshd = [], []
    for i in range(5):
        t0 = time.monotonic()
        r = podman("run", "-d", "--rm", "--label", f"eddcloud.bench={node}", image, "sleep", "60")
        if r.returncode != 0: raise SystemExit(f"podman run: {r.stderr.strip()}")
        t_returned, cid = time.monotonic() - t0, r.stdout.strip()
        for _ in range(int(TIMEOUT / POLL)):   # run -d returns once started: the first inspect normally confirms it
            if podman("inspect", "-f", "{{.State.Running}}", cid).stdout.strip() == "true": break
            t_returned = None; time.sleep(POLL)
        else: raise SystemExit(f"plain podman container {cid[:12]} not running")
        plain.append(t_returned if t_returned is not None else time.monotonic() - t0)
    for i in range(5):
        with socket.socket() as s: s.bind(("127.0.0.1", 0)); hport = s.getsockname()[1]
        t0 = time.monotonic()
        r = podman("run", "-d", "--rm", "--label", f"eddcloud.bench={node}", "-p", f"127.0.0.1:{hport}:22", "--memory", "64m",
                   "--cpus", "1", image, "sh", "-c", SSHD)
        if r.returncode != 0: raise SystemExit(f"podman run (sshd): {r.stderr.strip()}")
        cid = r.stdout.strip()
        while not banner(hport):
            if time.monotonic() - t0 > TIMEOUT: raise SystemExit(f"plain podman sshd {cid[:12]}: no banner")
            time.sleep(POLL)
        plain_sshd.append(time.monotonic() - t0)
    ids = podman("ps", "-aq", "--filter", f"label=eddcloud.bench={node}").stdout.split()
    if ids: podman("rm", "-f", "-t", "0", *ids)
    print("   " + summary("podman run sleep -> running", plain))
    print("   " + summary("podman run sshd -> SSH banner", plain_sshd))

    def engine_pid():
        try: return int(open(os.path.join(work, "data", "podman", "podman.pid")).read().split()[0])
        except (OSError, ValueError, IndexError): return None
    def engine_rss():
        p = engine_pid()
        try: return rss_kib(p) if p else None
        except OSError: return None
    time.sleep(3)
    rss_before, engine_before = rss_kib(silo_pid), engine_rss()
    print(f"== {count} containers, one after another (silo RSS before: {rss_before / 1024:.1f} MiB)")
    rows = []
    for i in range(1, count + 1):
        t_run, t_keys, t_sshd, cid = measure(f"bench-{i}")
        rows.append((t_run, t_keys, t_sshd))
        print(f"   bench-{i:<3} running {t_run:6.2f} s   host keys recorded {t_keys:6.2f} s   sshd banner {t_sshd:6.2f} s", flush=True)
    time.sleep(3)
    running = sum(1 for cid in created if (lambda r: r[0] == 200 and r[1]["status"] == "running")(api.call("GET", f"/api/containers/{cid}")))
    rss_after, engine_after = rss_kib(silo_pid), engine_rss()
    engine_running = len(podman("ps", "--filter", f"label=eddcloud.node={node}", "-q").stdout.split())

    print(f"== results ({count} containers, sequential; 50 ms polls; load average before the build {load_before}, now {open('/proc/loadavg').read().split()[0]}; "
          f"CPU pressure {next((l.split()[2] for l in open('/proc/pressure/cpu') if l.startswith('some')), 'n/a')})")
    runs, keys, sshd = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    print(summary("create -> running", runs))
    print(summary("create -> host keys recorded", keys))
    print(summary("create -> sshd accepting (banner)", sshd))
    print(summary("podman run sleep -> running", plain))
    print(summary("podman run sshd -> banner", plain_sshd))
    print(f"ratios of medians: running {statistics.median(runs) / statistics.median(plain):.1f}x plain podman run; "
          f"sshd {statistics.median(sshd) / statistics.median(plain_sshd):.1f}x podman run with the same sshd start")
    print(f"silo RSS: {rss_before / 1024:.1f} MiB before (after warm-up), {rss_after / 1024:.1f} MiB with {running} running "
          f"(API) / {engine_running} running (engine); {(rss_after - rss_before) / count:.0f} KiB per running container")
    if engine_before and engine_after:
        print(f"(for context, not the silo) the silo's podman service RSS: {engine_before / 1024:.1f} -> {engine_after / 1024:.1f} MiB; "
              f"each container also has its own conmon process outside both")
except SystemExit as e:
    print(f"FAILED: {e}", file=sys.stderr); rc = 1
except Exception as e:
    import traceback; traceback.print_exc(); rc = 1
finally:
    try:
        delete_all(api)
    except Exception as e:
        print(f"delete failed: {e!r}", file=sys.stderr); rc = 1
    left = wait_gone()
    if left:
        print(f"LEFT IN THE ENGINE after DELETE (120 s): {left}", file=sys.stderr); rc = 1
    else:
        print(f"all containers deleted: podman ps -a and podman volume ls --filter label=eddcloud.node={node} are empty")
sys.exit(rc)
PY
status=$?
set -e
if [ $status -ne 0 ]; then echo "== the run failed ($status); last silo log lines:" >&2; tail -40 "$work/silo.log" >&2; fi
exit $status
