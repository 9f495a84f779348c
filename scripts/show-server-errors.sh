#!/usr/bin/env bash
# Prints the errors the silos and edges of a test run logged (their "fail:" and "crit:" entries with the
# exception under each), so that a test that saw only a 500 can be read next to its cause.
# Usage: scripts/show-server-errors.sh LOG_FOLDER [MAX_LINES]
set -uo pipefail
folder=${1:?usage: show-server-errors.sh LOG_FOLDER [MAX_LINES]}
[ -d "$folder" ] || exit 0
python3 - "$folder" "${2:-600}" <<'PY'
import glob, os, re, sys
folder, budget = sys.argv[1], int(sys.argv[2])
seen, blocks = set(), []
for path in sorted(glob.glob(os.path.join(folder, "*.log")), key=os.path.getmtime):
    lines = open(path, errors="replace").read().splitlines()
    for i, line in enumerate(lines):
        # The console formatter puts the timestamp right before the level: "2026-12-08T02:04:40.93+00:00fail: ...".
        if not re.match(r"^\S*?(fail|crit): ", line):
            continue
        block = [line]
        for follow in lines[i + 1:i + 40]:
            if not follow.startswith(" "):
                break
            block.append(follow)
        block = [b if len(b) <= 1500 else b[:1500] + " ..." for b in block]
        key = re.sub(r"^\S*?(fail|crit): ", "", "\n".join(block[:3]))
        if key not in seen:
            seen.add(key)
            blocks.append((os.path.basename(path), block))
if not blocks:
    sys.exit(0)
print(f"== server-side errors logged during the run ({len(blocks)} distinct, newest log last)")
for name, block in blocks:
    if budget <= 0:
        print("... (more in the logs)")
        break
    shown = block[:min(len(block), budget)]
    print(f"-- {name}")
    print("\n".join(shown))
    budget -= len(shown) + 1
PY
