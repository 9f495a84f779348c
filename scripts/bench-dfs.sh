#!/usr/bin/env bash
# DFS benchmark: three silo nodes on loopback (cluster mode on a throw-away PostgreSQL and
# nats-server, each node with its own chunk directory on this machine's one disk), replication 3.
# Prints the file system's write and read MB/s beside this machine's limits measured in the same
# run: sequential fsync'd disk write, sequential read (page cache dropped), loopback TCP.
#   scripts/bench-dfs.sh [size-in-MiB, default 2048]
# Everything runs on 127.0.0.1 and in a temp directory that is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib="${1:-2048}"
work=$(mktemp -d /var/tmp/edd-bench.XXXXXX)
chmod 755 "$work"   # the postgres user must reach its directory inside
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # A silo's graceful stop can hang once its peers are gone; a leftover would skew the next run.
  for _ in $(seq 1 20); do
    alive=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break; sleep 0.5
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$work/pg" stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
# CPU seconds (user+system) used so far by the three silos, and by the whole machine.
silo_cpu() { for p in "${pids[@]:1}"; do awk '{s+=$14+$15} END{printf "%d ", s}' "/proc/$p/stat"; done | awk -v hz="$(getconf CLK_TCK)" '{print ($1+$2+$3)/hz}'; }
machine_cpu() { awk -v hz="$(getconf CLK_TCK)" '/^cpu /{print ($2+$3+$4+$7+$8)/hz}' /proc/stat; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
mbps() { python3 -c "print(f'{$1/1048576/$2:.0f}')"; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || echo "(could not drop caches: reads may come from memory)" >&2; }

echo "== machine limits (same run)"
start=$(date +%s.%N); dd if=/dev/urandom of="$work/src" bs=1M count="$size_mib" status=none; echo "source file of $size_mib MiB ready"
start=$(date +%s.%N); dd if="$work/src" of="$work/disk-test" bs=1M conv=fdatasync status=none; end=$(date +%s.%N)
disk_write=$(mbps $((size_mib*1048576)) "$(echo "$end - $start" | bc)")
drop_caches
start=$(date +%s.%N); dd if="$work/disk-test" of=/dev/null bs=1M status=none; end=$(date +%s.%N)
disk_read=$(mbps $((size_mib*1048576)) "$(echo "$end - $start" | bc)")
rm -f "$work/disk-test"
tcp=$(python3 - <<'PY'
import socket, threading, time
n = 1 << 30
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
def sink():
    c, _ = srv.accept(); got = 0
    while got < n:
        b = c.recv(1 << 20)
        if not b: break
        got += len(b)
    c.close()
t = threading.Thread(target=sink); t.start()
s = socket.create_connection(srv.getsockname()); buf = b"\0" * (1 << 20)
t0 = time.time()
for _ in range(n >> 20): s.sendall(buf)
s.close(); t.join()
print(f"{n/1048576/(time.time()-t0):.0f}")
PY
)
echo "disk write (fdatasync): $disk_write MiB/s; disk read (cold): $disk_read MiB/s; loopback TCP (one stream, python): $tcp MiB/s"

echo "== starting PostgreSQL, nats-server and three silo nodes"
dotnet build Silo/EddCloud.Silo.csproj -c Release -nologo -v q -o "$work/silo" >/dev/null
mkdir -p "$work/pg" && chown postgres "$work/pg" && chmod 700 "$work/pg"
pg_port=$(free_port)
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$work/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$work/pg" -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1" -l "$work/pg/server.log" start >/dev/null
nats_port=$(free_port)
nats-server -a 127.0.0.1 -p "$nats_port" -js -sd "$work/nats" > "$work/nats.log" 2>&1 & pids+=($!)
password="bench-password-$RANDOM$RANDOM"
ports=()
for i in 1 2 3; do
  port=$(free_port); ports+=("$port")
  ( cd "$work/silo" && EDD_DATA_DIRECTORY="$work/node$i" EDD_NODE_NAME="node$i" EDD_ADMIN_PASSWORD="$password" \
    EDD_CLUSTER__MODE=cluster EDD_CLUSTER__POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres" \
    EDD_CLUSTER__ADVERTISED_ADDRESS=127.0.0.1 EDD_CLUSTER__SILO_PORT=$(free_port) EDD_CLUSTER__GATEWAY_PORT=$(free_port) \
    EDD_NATS__URL="nats://127.0.0.1:$nats_port" EDD_DFS__RESERVE_BYTES=0 Logging__LogLevel__Default=Warning \
    exec dotnet EddCloud.Silo.dll --urls "http://127.0.0.1:$port" > "$work/node$i.log" 2>&1 ) & pids+=($!)
  [ "$i" = 1 ] && sleep 8
done
for port in "${ports[@]}"; do
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.5; done
done
base="http://127.0.0.1:${ports[0]}"
token=$(curl -sf -X POST "$base/api/auth/token" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
for _ in $(seq 1 60); do
  [ "$(curl -sf -H "Authorization: Bearer $token" "$base/api/dfs/status" | grep -o '"alive":true' | wc -l)" = 3 ] && break; sleep 1
done

# Fresh silos spend their first seconds compiling hot code to tier 1; one chunk written and read first
# keeps that start-up cost out of the throughput figures.
echo "== warm-up: one 64 MiB file written and read"
head -c $((64*1048576)) "$work/src" | curl -sf -X PUT -T - -H "Authorization: Bearer $token" -H 'content-type: application/octet-stream' "$base/api/dfs/files/bench/warm-up.bin" >/dev/null
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:${ports[1]}/api/dfs/files/bench/warm-up.bin" -o /dev/null
sleep 5

echo "== DFS: write $size_mib MiB with replication 3, then read it back (load average before: $(cut -d' ' -f1 /proc/loadavg))"
drop_caches
silo0=$(silo_cpu); machine0=$(machine_cpu)
start=$(date +%s.%N)
curl -sf -X PUT -T "$work/src" -H "Authorization: Bearer $token" -H 'content-type: application/octet-stream' "$base/api/dfs/files/bench/big.bin" > "$work/put.json"
end=$(date +%s.%N)
silo1=$(silo_cpu); machine1=$(machine_cpu)
dfs_write=$(mbps $((size_mib*1048576)) "$(echo "$end - $start" | bc)")
replicas=$(python3 -c "import json;print(json.load(open('$work/put.json'))['replicas'])")
drop_caches
start=$(date +%s.%N)
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:${ports[1]}/api/dfs/files/bench/big.bin" -o "$work/back"
end=$(date +%s.%N)
silo2=$(silo_cpu); machine2=$(machine_cpu)
dfs_read=$(mbps $((size_mib*1048576)) "$(echo "$end - $start" | bc)")
cmp -s "$work/src" "$work/back" && same=identical || same=DIFFERENT
python3 - "$disk_write" "$disk_read" "$tcp" "$dfs_write" "$dfs_read" "$replicas" "$same" "$size_mib" \
  "$silo0" "$silo1" "$silo2" "$machine0" "$machine1" "$machine2" <<'PY'
import sys
dw, dr, tcp, fw, fr = map(float, sys.argv[1:6]); replicas, same, size = sys.argv[6], sys.argv[7], sys.argv[8]
s0, s1, s2, m0, m1, m2 = map(float, sys.argv[9:15]); gib = int(size) / 1024
print(f"file of {size} MiB, {replicas} replicas per chunk, read back {same}")
print(f"DFS write {fw:.0f} MiB/s = {fw/(dw/3)*100:.0f}% of disk write/3 ({dw/3:.0f}); target >= 70%")
print(f"DFS read  {fr:.0f} MiB/s = {fr/dr*100:.0f}% of cold disk read ({dr:.0f}); target >= 70%")
# CPU seconds per GiB: a figure that other load on the machine disturbs far less than MB/s does.
print(f"CPU per GiB written: silos {(s1-s0)/gib:.1f} s, whole machine {(m1-m0)/gib:.1f} s; "
      f"read: silos {(s2-s1)/gib:.1f} s, whole machine {(m2-m1)/gib:.1f} s (2 cores)")
PY
