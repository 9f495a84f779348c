#!/usr/bin/env bash
# Builds the dashboard into Client/web/dist (npm ci only when the lock file changed).
set -euo pipefail
cd "$(dirname "$0")/../Client/web"
stamp=node_modules/.package-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
npm run build --silent
