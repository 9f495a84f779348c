#!/usr/bin/env bash
# The fast tests alone, in under a minute: the .NET unit and grain tests (Orleans TestingHost, in process),
# without the classes marked [IntegrationTest] (real silo/edge processes, PostgreSQL, NATS, Podman, OpenSSH,
# Chromium, kill -9 faults) and the one benchmark. Builds in Debug, beside the Release build ./test.sh and CI use.
# Ends with "N passed, N failed" and how long the test run took. See docs/testing.md, "Fast tests".
# Extra arguments go to dotnet test, e.g. scripts/test-fast.sh --logger "console;verbosity=normal".
set -euo pipefail
cd "$(dirname "$0")/.."

filter="Category!=Integration&Category!=Benchmark"
results=$(mktemp -d)

echo "== build (Debug)"
dotnet build tests/EddCloud.Tests -c Debug -nologo -v q

echo "== fast tests: --filter \"$filter\""
started=$(date +%s.%N)
status=0
dotnet test tests/EddCloud.Tests -c Debug --no-build -nologo --filter "$filter" \
  --logger "trx;LogFileName=fast.trx" --results-directory "$results" "$@" || status=$?
took=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.0f}')" "$started" "$(date +%s.%N)")

python3 - "$results/fast.trx" "$took" <<'PY' || status=1
import os, sys, xml.etree.ElementTree as ET
trx, took = sys.argv[1], sys.argv[2]
if not os.path.exists(trx):
    print(f"error: no test ran (no {os.path.basename(trx)}); the test run took {took} s", file=sys.stderr)
    sys.exit(1)
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
counters = ET.parse(trx).getroot().find("t:ResultSummary/t:Counters", ns)
passed = int(counters.get("passed", 0))
failed = sum(int(counters.get(k, 0)) for k in ("failed", "error", "timeout", "aborted", "notExecuted"))
print(f"{passed} passed, {failed} failed (fast tests; the test run took {took} s)")
sys.exit(1 if failed or passed == 0 else 0)
PY
if [ $status -eq 0 ]; then rm -rf "$results"; else echo "results (TRX): $results/fast.trx" >&2; fi
exit $status
