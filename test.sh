#!/usr/bin/env bash
# Runs every test: the dashboard's (Vitest) and the .NET suite (unit, grain, integration
# against real PostgreSQL, NATS and silo processes, and Chromium browser tests).
# Ends with one line: "N passed, N failed" (skipped tests count as failed).
set -uo pipefail
cd "$(dirname "$0")"

scripts/install-deps.sh test || exit 1
# Compute's tests run containers from the base image.
scripts/build-base-image.sh || exit 1
results=$(mktemp -d)
status=0
# The silos and edges the tests start write their logs here; a failed run shows their errors below.
export EDD_TEST_LOGS="$results/logs"

echo "== dashboard: build and Vitest"
if scripts/build-web.sh && (cd Client/web && npm test --silent -- --reporter=default --reporter=json --outputFile="$results/vitest.json"); then :; else status=1; fi

echo "== .NET: build and test"
if dotnet build EddCloud.slnx -c Release -nologo -v q; then
  dotnet test EddCloud.slnx -c Release --no-build -nologo --logger "trx;LogFilePrefix=edd" --results-directory "$results/trx" \
    -- RunConfiguration.TestSessionTimeout=3000000 || { status=1; scripts/show-server-errors.sh "$EDD_TEST_LOGS"; }
else
  echo "error: the build failed; no .NET test ran" >&2
  status=1
fi

python3 - "$results" <<'PY'
import glob, json, os, sys, xml.etree.ElementTree as ET
root = sys.argv[1]
passed = failed = 0
web = os.path.join(root, "vitest.json")
if os.path.exists(web):
    data = json.load(open(web))
    passed += data.get("numPassedTests", 0)
    failed += data.get("numFailedTests", 0) + data.get("numPendingTests", 0) + data.get("numTodoTests", 0)
else:
    failed += 1  # the web suite did not run at all
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
trx = glob.glob(os.path.join(root, "trx", "*.trx"))
if not trx:
    failed += 1  # the .NET suite did not run at all
for f in trx:
    counters = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) \
        + int(counters.get("aborted", 0)) + int(counters.get("notExecuted", 0))
# The 10 slowest tests, so that the suite's 45-minute budget is watched as it grows.
durations = []
if os.path.exists(web):
    for suite in data.get("testResults", []):
        for test in suite.get("assertionResults", []):
            durations.append(((test.get("duration") or 0) / 1000, "web: " + test.get("fullName", "?")))
def seconds(text):
    h, m, s = text.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)
for f in trx:
    for result in ET.parse(f).getroot().iter("{%s}UnitTestResult" % ns["t"]):
        if result.get("duration"):
            durations.append((seconds(result.get("duration")), result.get("testName")))
if durations:
    print("slowest tests:")
    for took, name in sorted(durations, reverse=True)[:10]:
        print(f"  {took:7.1f} s  {name}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
summary=$?
[ $summary -eq 0 ] || status=1
exit $status
