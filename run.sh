#!/usr/bin/env bash
# Starts the single-node EddCloud on this machine: installs what is missing, builds the dashboard, the silo and
# the edge, and runs both in the foreground (Ctrl+C stops them gracefully). Users reach everything through the edge:
# the dashboard at https://localhost/ (https://localhost:8443/ when not run as root), apps at
# https://<name>.apps.localhost/, SSH on port 2222. The silo's own API stays on http://localhost:8080 for this machine.
# Settings: EDD_* environment variables (see docs/configuration.md), e.g.
#   EDD_ADMIN_PASSWORD=...  EDD_DATA_DIRECTORY=./data  EDD_EDGE__DOMAIN=cloud.example.org
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-deps.sh run
# Compute's containers start from the base image (built once per recipe).
scripts/build-base-image.sh
echo "Building the dashboard..."
scripts/build-web.sh
echo "Building the silo and the edge..."
dotnet build Silo/EddCloud.Silo.csproj -c Release -nologo -v q -o artifacts/silo >/dev/null
dotnet build Edge/EddCloud.Edge.csproj -c Release -nologo -v q -o artifacts/edge >/dev/null

export EDD_WEB_ROOT="${EDD_WEB_ROOT:-$PWD/Client/web/dist}"
export EDD_DATA_DIRECTORY="${EDD_DATA_DIRECTORY:-$PWD/data}"
silo_urls="${EDD_URLS:-http://localhost:8080}"
unset EDD_URLS
if [ "$(id -u)" -eq 0 ]; then
  export EDD_EDGE__HTTPS_PORT="${EDD_EDGE__HTTPS_PORT:-443}" EDD_EDGE__HTTP_PORT="${EDD_EDGE__HTTP_PORT:-80}"
else
  # Ports below 1024 need root.
  export EDD_EDGE__HTTPS_PORT="${EDD_EDGE__HTTPS_PORT:-8443}" EDD_EDGE__HTTP_PORT="${EDD_EDGE__HTTP_PORT:-8081}"
fi
export Logging__Console__FormatterName="${Logging__Console__FormatterName:-simple}"
export Logging__Console__FormatterOptions__TimestampFormat="${Logging__Console__FormatterOptions__TimestampFormat:-HH:mm:ss }"
echo "Starting EddCloud (data in $EDD_DATA_DIRECTORY)..."

silo=""
edge=""
stop() {
  trap - INT TERM
  [ -n "$edge" ] && kill -TERM "$edge" 2>/dev/null || true
  [ -n "$silo" ] && kill -TERM "$silo" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT
# The silo's own URL is for this machine; the edge listens on its own ports (given only to the silo, so the edge does not warn that it overrides them).
(cd artifacts/silo && EDD_URLS="$silo_urls" exec dotnet EddCloud.Silo.dll) &
silo=$!
# The edge waits for the silo by itself (it retries the cluster until it answers).
(cd artifacts/edge && exec dotnet EddCloud.Edge.dll) &
edge=$!
# When either ends, stop the other: a cloud without its front door or its silo is not running.
wait -n "$silo" "$edge" || true
