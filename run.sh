#!/usr/bin/env bash
# Starts the single-node EddCloud on this machine: installs what is missing, builds the
# dashboard and the silo, and runs it in the foreground (Ctrl+C stops it gracefully).
# Settings: EDD_* environment variables (see docs/configuration.md), e.g.
#   EDD_ADMIN_PASSWORD=...  EDD_DATA_DIRECTORY=./data  EDD_URLS=http://0.0.0.0:8080
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-deps.sh run
# Compute's containers start from the base image (built once per recipe).
scripts/build-base-image.sh
echo "Building the dashboard..."
scripts/build-web.sh
echo "Building the silo..."
dotnet build Silo/EddCloud.Silo.csproj -c Release -nologo -v q -o artifacts/silo >/dev/null

export EDD_WEB_ROOT="${EDD_WEB_ROOT:-$PWD/Client/web/dist}"
export EDD_DATA_DIRECTORY="${EDD_DATA_DIRECTORY:-$PWD/data}"
export EDD_URLS="${EDD_URLS:-http://localhost:8080}"
export Logging__Console__FormatterName="${Logging__Console__FormatterName:-simple}"
export Logging__Console__FormatterOptions__TimestampFormat="${Logging__Console__FormatterOptions__TimestampFormat:-HH:mm:ss }"
echo "Starting EddCloud (data in $EDD_DATA_DIRECTORY)..."
cd artifacts/silo
exec dotnet EddCloud.Silo.dll
