#!/usr/bin/env bash
# DFS small-file benchmark: one single-node silo (SQLite grain storage in WAL mode with
# synchronous=FULL, one chunk directory, replication 1) on loopback, and N files of 4 KiB written
# concurrently through PUT /api/dfs/files/{path}. Prints creates/s (the median of several runs,
# each on a fresh data directory) beside this machine's limits measured in the same run:
# 4 KiB append+fsync per second (one thread, and many in parallel) and SQLite commits per second.
#   scripts/bench-dfs-small.sh [count, default 5000] [concurrency, default 64] [runs, default 3]
# Environment: EDD_BENCH_FILES_PER_FOLDER (default 100); EDD_BENCH_STRACE=1 counts fsyncs per create
# with strace in one extra run; EDD_BENCH_LOG_DIR keeps the silo logs. Each run also prints the
# silo's CPU time per create. Everything runs on 127.0.0.1 in a temp directory removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-5000}"
concurrency="${2:-64}"
runs="${3:-3}"
per_folder="${EDD_BENCH_FILES_PER_FOLDER:-100}"
work=$(mktemp -d /var/tmp/edd-bench-small.XXXXXX)
silo_pid=""
stop_silo() {
  [ -n "$silo_pid" ] || return 0
  # Under strace the silo is strace's child: stop it, and strace ends with it.
  for child in $(pgrep -P "$silo_pid" 2>/dev/null || true); do kill "$child" 2>/dev/null || true; done
  kill "$silo_pid" 2>/dev/null || true
  wait "$silo_pid" 2>/dev/null || true
  silo_pid=""
}
cleanup() {
  stop_silo
  # EDD_BENCH_LOG_DIR keeps the silos' logs (e.g. for a profiling build that logs timings).
  [ -z "${EDD_BENCH_LOG_DIR:-}" ] || { mkdir -p "$EDD_BENCH_LOG_DIR"; cp "$work"/*.log "$EDD_BENCH_LOG_DIR"/ 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

echo "== building the silo and the load generator"
dotnet build Silo/EddCloud.Silo.csproj -c Release -nologo -v q -o "$work/silo" >/dev/null
dotnet build bench/SmallFiles/EddCloud.Bench.SmallFiles.csproj -c Release -nologo -v q -o "$work/tool" >/dev/null
tool() { dotnet "$work/tool/edd-bench-small.dll" "$@"; }

echo "== machine limits (same run, same disk as the data directory)"
mkdir -p "$work/limits"
fsync_one=$(tool fsync "$work/limits" 5 1 | cut -d= -f2)
fsync_many=$(tool fsync "$work/limits" 5 "$concurrency" | cut -d= -f2)
sqlite_one=$(tool sqlite "$work/limits" 5 1 | cut -d= -f2)
rm -rf "$work/limits"
echo "4 KiB append+fsync: $fsync_one/s (1 thread), $fsync_many/s ($concurrency threads); SQLite WAL synchronous=FULL commits: $sqlite_one/s"

password="bench-password-$RANDOM$RANDOM"
# Starts a silo on a fresh data directory ($1: a prefix command such as strace) and signs in.
start_silo() {
  local data="$work/data-$1" port
  port=$(free_port)
  shift
  ( cd "$work/silo" && EDD_DATA_DIRECTORY="$data" EDD_NODE_NAME=bench EDD_ADMIN_PASSWORD="$password" \
    EDD_CLUSTER__SILO_PORT=$(free_port) EDD_CLUSTER__GATEWAY_PORT=$(free_port) EDD_NATS__PORT=$(free_port) \
    EDD_DFS__RESERVE_BYTES=0 EDD_DFS__REPLICATION_FACTOR=1 Logging__LogLevel__Default=Warning \
    exec "$@" dotnet EddCloud.Silo.dll --urls "http://127.0.0.1:$port" > "$data.log" 2>&1 ) &
  silo_pid=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 240); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.5; done
  token=$(curl -sf -X POST "$base/api/auth/token" -H 'content-type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$password\"}" | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
  for _ in $(seq 1 60); do
    curl -sf -H "Authorization: Bearer $token" "$base/api/dfs/status" | grep -q '"alive":true' && break; sleep 0.5
  done
}
put() { EDD_BENCH_TOKEN="$token" tool put "$base" "$1" "$concurrency" 4096 "$per_folder"; }
# CPU seconds (user + system) the silo process has used so far.
silo_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$silo_pid/stat"; }

echo "== $runs runs: $count files of 4 KiB, $concurrency at a time, $per_folder per folder, each run on a fresh silo"
results=()
for run in $(seq 1 "$runs"); do
  start_silo "run$run"
  put 500 > /dev/null   # warm-up: JIT, connection pools, grain activations of the cluster grain
  cpu_before=$(silo_cpu)
  line=$(put "$count")
  cpu_ms=$(python3 -c "print(f'{($(silo_cpu) - $cpu_before) * 1000 / $count:.2f}')")
  echo "run $run: $line silo_cpu_ms_per_create=$cpu_ms"
  results+=("$(echo "$line" | sed -E 's/.*creates_per_s=([0-9]+).*/\1/')")
  stop_silo
done
median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")

if [ "${EDD_BENCH_STRACE:-0}" = 1 ]; then
  echo "== one more run under strace (slower): fsyncs of the silo per create, by what they flush"
  start_silo strace strace -f --seccomp-bpf -y -e trace=fsync,fdatasync -o "$work/strace.txt"
  put 500 > /dev/null
  skip=$(wc -l < "$work/strace.txt")   # count only the measured files, not start-up and warm-up
  put "$count" > /dev/null
  stop_silo
  python3 - "$work/strace.txt" "$count" "$skip" <<'PY'
import re, sys, collections
kinds = collections.Counter()
for line in open(sys.argv[1], errors="replace").readlines()[int(sys.argv[3]):]:
    m = re.search(r'(fsync|fdatasync)\(\d+<([^>]*)>', line)
    if not m: continue
    path = m.group(2)
    kind = ('SQLite WAL' if path.endswith('-wal') else 'SQLite db file' if path.endswith('.db') else
            'chunk file (stage)' if '/staging/' in path else 'staging directory' if path.endswith('/staging') else
            'chunk shard directory' if re.search(r'/chunks/[0-9a-f]{2}$', path) else
            'chunks directory' if path.endswith('/chunks') else 'NATS' if '/nats/' in path else path)
    kinds[kind] += 1
n = int(sys.argv[2])
for kind, c in kinds.most_common():
    print(f"{kind}: {c} ({c/n:.2f} per create)")
print(f"total: {sum(kinds.values())} ({sum(kinds.values())/n:.2f} per create)")
PY
fi

python3 - "$median" "$fsync_one" "$fsync_many" "$sqlite_one" "$concurrency" "${results[*]}" <<'PY'
import sys
median, f1, fn, s1 = map(float, sys.argv[1:5]); c = sys.argv[5]; runs = sys.argv[6]
print(f"creates/s per run: {runs}; median {median:.0f}/s (target >= 2000/s)")
print(f"= {median/f1:.2f} x 4 KiB fsyncs/s of one thread ({f1:.0f}), {median/fn:.2f} x of {c} threads ({fn:.0f}), {median/s1:.2f} x SQLite commits/s ({s1:.0f})")
PY
