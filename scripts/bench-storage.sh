#!/usr/bin/env bash
# Storage benchmark: uploads and downloads through the Storage REST API (namespaces: quota reservation,
# progress reporting, access checks) against the file system's own API (/api/dfs/files) in the same run,
# on one single-node silo, for 1 MiB files (sequential, many) and one 1 GiB file. Medians of N runs.
#   scripts/bench-storage.sh [runs, default 3] [small-file count, default 64]
# Everything runs on 127.0.0.1 and in a temp directory that is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; small_count="${2:-64}"
work=$(mktemp -d /var/tmp/edd-bench-storage.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null; sleep 3; kill -9 "$pid" 2>/dev/null; } ; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

echo "== building and starting one silo (single mode)"
dotnet build Silo/EddCloud.Silo.csproj -c Release -nologo -v q -o "$work/silo" >/dev/null
port=$(free_port); password="bench-password-$RANDOM$RANDOM"
( cd "$work/silo" && EDD_DATA_DIRECTORY="$work/data" EDD_ADMIN_PASSWORD="$password" EDD_NATS__PORT=$(free_port) \
  EDD_CLUSTER__SILO_PORT=$(free_port) EDD_CLUSTER__GATEWAY_PORT=$(free_port) EDD_DFS__RESERVE_BYTES=0 \
  EDD_STORAGE__DEFAULT_QUOTA_BYTES=$((64*1024*1024*1024)) Logging__LogLevel__Default=Warning \
  exec dotnet EddCloud.Silo.dll --urls "http://127.0.0.1:$port" > "$work/silo.log" 2>&1 ) & pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.5; done
token=$(curl -sf -X POST "$base/api/auth/token" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
auth=(-H "Authorization: Bearer $token")
ns=$(curl -sf -X POST "$base/api/namespaces" "${auth[@]}" -H 'content-type: application/json' -d '{"name":"bench","visibility":"private"}' \
  | python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
head -c $((1024*1048576)) /dev/urandom > "$work/big"; head -c 1048576 /dev/urandom > "$work/small"
# This machine's limit in the same run: a 1 GiB sequential write with fdatasync on the same disk.
start=$(date +%s.%N); dd if="$work/big" of="$work/disk-test" bs=1M conv=fdatasync status=none; end=$(date +%s.%N)
disk_write=$(echo "1024 / ($end - $start)" | bc -l); rm -f "$work/disk-test"

# seconds for: put|get  rest|dfs  file  name
transfer() {
  local op=$1 api=$2 file=$3 name=$4 url
  [ "$api" = rest ] && url="$base/api/namespaces/$ns/files/$name" || url="$base/api/dfs/files/bench/$name"
  if [ "$op" = put ]; then
    curl -sf -o /dev/null -w '%{time_total}\n' -X PUT -T "$file" "${auth[@]}" -H 'content-type: application/octet-stream' "$url"
  else
    curl -sf -o /dev/null -w '%{time_total}\n' "${auth[@]}" "$url"
  fi
}
warm() { for api in rest dfs; do transfer put "$api" "$work/small" warm >/dev/null; transfer get "$api" "$work/small" warm >/dev/null; done; }
echo "== warm-up"; for _ in 1 2 3; do warm; done

results="$work/results"; : > "$results"
for run in $(seq 1 "$runs"); do
  for api in rest dfs; do
    for op in put get; do
      total=0
      for i in $(seq 1 "$small_count"); do total=$(echo "$total + $(transfer $op $api "$work/small" "small-$i")" | bc -l); done
      echo "small $api $op $(echo "$small_count / $total" | bc -l)" >> "$results"
      t=$(transfer $op $api "$work/big" big); echo "big $api $op $(echo "1024 / $t" | bc -l)" >> "$results"
    done
  done
  echo "run $run done"
done
python3 - "$results" "$runs" "$small_count" "$disk_write" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
print(f"disk write (fdatasync, 1 GiB, same run): {float(sys.argv[4]):.0f} MiB/s; load average at the end: {sys.argv[5]}")
def med(size, api, op): return statistics.median(float(r[3]) for r in rows if r[:3] == [size, api, op])
print(f"medians of {sys.argv[2]} runs; 1 MiB files: {sys.argv[3]} sequential transfers per run; MiB/s (one client, curl)")
print(f"{'':24}{'REST (storage)':>16}{'file system':>14}{'ratio':>8}   target >= 80%")
for size, label in (("small", "1 MiB files"), ("big", "1 GiB file")):
    for op, verb in (("put", "upload"), ("get", "download")):
        r, d = med(size, "rest", op), med(size, "dfs", op)
        runs = sorted(float(x[3]) for x in rows if x[:3] == [size, "rest", op])
        print(f"{label + ' ' + verb:24}{r:16.1f}{d:14.1f}{r/d*100:7.0f}%   (REST runs {runs[0]:.0f}-{runs[-1]:.0f})")
PY
