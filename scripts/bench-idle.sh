#!/usr/bin/env bash
# Idle CPU: what a single-node silo and an edge cost when nobody uses them, the number that matters most on a
# Raspberry Pi. Both are started (Release builds, free ports on 127.0.0.1, temp data directory), left 45 s to settle,
# then their CPU time (user + system, from /proc) is read over S seconds. Each round measures them as built and once
# with the thread pool's spin-before-sleep put back to .NET's default (DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70),
# so the setting's effect is measured on this machine in the same run. Medians over R rounds.
#   scripts/bench-idle.sh [rounds, default 2] [seconds measured, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-2}"; seconds="${2:-30}"
for value in "$rounds" "$seconds"; do
  case "$value" in ''|*[!0-9]*|0) echo "rounds and seconds must be positive numbers" >&2; exit 2;; esac
done
work=$(mktemp -d /var/tmp/edd-bench-idle.XXXXXX)
pids=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # The silo stops its NATS server on the way out: give it time before forcing.
  for p in "${pids[@]}"; do for _ in $(seq 1 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done; kill -9 "$p" 2>/dev/null || true; done
  pids=()
}
trap 'stop; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
# A process that died would otherwise surface as an awk error about /proc: say which, and show why.
running() { kill -0 "$1" 2>/dev/null || { echo "the $2 exited during the measurement; the end of its log:" >&2; tail -20 "$work/$2.log" >&2; exit 1; }; }

echo "== building the silo and the edge (Release)"
timeout 900 dotnet build Silo/EddCloud.Silo.csproj -c Release -nologo -v q -o "$work/silo" >/dev/null
timeout 900 dotnet build Edge/EddCloud.Edge.csproj -c Release -nologo -v q -o "$work/edge" >/dev/null
hz=$(getconf CLK_TCK)

measure() { # label [VAR=value ...] -> "label silo-percent edge-percent" (percent of one core)
  local label=$1; shift
  local data="$work/data-$label-$RANDOM" gateway silo_http
  gateway=$(free_port); silo_http=$(free_port)
  ( cd "$work/silo" && exec env "$@" EDD_DATA_DIRECTORY="$data" EDD_ADMIN_PASSWORD="idle-password-$RANDOM$RANDOM" \
    EDD_NATS__PORT="$(free_port)" EDD_CLUSTER__SILO_PORT="$(free_port)" EDD_CLUSTER__GATEWAY_PORT="$gateway" \
    EDD_NODE_NAME="bench-idle-$$" dotnet EddCloud.Silo.dll --urls "http://127.0.0.1:$silo_http" > "$work/silo.log" 2>&1 ) & pids+=($!)
  local silo=$!
  ( cd "$work/edge" && exec env "$@" EDD_DATA_DIRECTORY="$data" EDD_CLUSTER__GATEWAY_PORT="$gateway" EDD_EDGE__LISTEN_ADDRESS=127.0.0.1 \
    EDD_EDGE__HTTPS_PORT="$(free_port)" EDD_EDGE__HTTP_PORT=0 EDD_EDGE__SSH_PORT="$(free_port)" \
    dotnet EddCloud.Edge.dll > "$work/edge.log" 2>&1 ) & pids+=($!)
  local edge=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$silo_http/readyz" >/dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$silo_http/readyz" >/dev/null || { echo "the silo did not start; its log:" >&2; tail -20 "$work/silo.log" >&2; exit 1; }
  sleep 45
  local s0 e0 s1 e1
  running "$silo" silo && running "$edge" edge
  s0=$(ticks "$silo"); e0=$(ticks "$edge")
  sleep "$seconds"
  running "$silo" silo && running "$edge" edge
  s1=$(ticks "$silo"); e1=$(ticks "$edge")
  stop
  python3 -c "import sys; hz,s=float(sys.argv[1]),float(sys.argv[2]); print(sys.argv[3], round(int(sys.argv[4])/hz/s*100,2), round(int(sys.argv[5])/hz/s*100,2))" \
    "$hz" "$seconds" "$label" "$((s1 - s0))" "$((e1 - e0))"
}

: > "$work/results.txt"
for round in $(seq 1 "$rounds"); do
  # Not in $(...): a subshell would not stop what it started if the run failed half-way.
  measure built >> "$work/results.txt"; echo "round $round: $(tail -1 "$work/results.txt")"
  measure spinning DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70 >> "$work/results.txt"; echo "round $round: $(tail -1 "$work/results.txt")"
done
python3 - "$work/results.txt" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
def med(label, i): return statistics.median(float(r[i]) for r in rows if r[0] == label)
print()
print("Idle CPU, % of one core (medians; user + system):")
for label, what in (("built", "as built (spin limit 0)"), ("spinning", ".NET default spin (70)")):
    print(f"  {what:26} silo {med(label, 1):5.2f}%   edge {med(label, 2):5.2f}%")
print(f"  ratio built/default: silo {med('built', 1) / med('spinning', 1):.2f}, edge {med('built', 2) / med('spinning', 2):.2f}")
PY
