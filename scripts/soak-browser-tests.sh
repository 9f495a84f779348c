#!/usr/bin/env bash
# Runs the browser test classes RUNS times in a row while the compute tests (real Podman containers, which add and
# remove this host's network interfaces) run beside them in a loop: the proof that the browser tests do not depend
# on a quiet machine. Prints one line per run and ends with "browser: N of RUNS runs passed".
#   scripts/soak-browser-tests.sh [RUNS (20)] [FILTER (the browser tests)]
# Needs a Release build (dotnet build EddCloud.slnx -c Release) and the dashboard built (scripts/build-web.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
filter="${2:-FullyQualifiedName~EddCloud.Tests.Browser}"
dll=tests/EddCloud.Tests/bin/Release/net10.0/EddCloud.Tests.dll
[ -f "$dll" ] || { echo "error: $dll is missing; run: dotnet build EddCloud.slnx -c Release" >&2; exit 1; }
out=$(mktemp -d /tmp/edd-soak.XXXXXX)
echo "logs in $out"

summary() { grep -E '^(Passed|Failed)!' "$1" | tail -1 | sed -E 's/ - EddCloud.Tests.dll.*//'; }

touch "$out/running"
(
  for i in $(seq 1 200); do
    [ -e "$out/running" ] || break
    begin=$(date +%s)
    dotnet test "$dll" --filter "FullyQualifiedName~EddCloud.Tests.Compute" >"$out/compute-$i.log" 2>&1
    echo "  beside: compute run $i: $(summary "$out/compute-$i.log") in $(( $(date +%s) - begin )) s"
  done
) &
beside=$!

passed=0
for n in $(seq 1 "$runs"); do
  begin=$(date +%s)
  if dotnet test "$dll" --filter "$filter" >"$out/browser-$n.log" 2>&1; then
    passed=$((passed + 1)); result=passed
  else
    result="FAILED (see $out/browser-$n.log)"
  fi
  echo "browser run $n: $result: $(summary "$out/browser-$n.log") in $(( $(date +%s) - begin )) s"
done
rm -f "$out/running"
echo "waiting for the compute run in progress to end"
wait "$beside"
echo "browser: $passed of $runs runs passed"
[ "$passed" -eq "$runs" ]
