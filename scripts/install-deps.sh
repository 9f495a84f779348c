#!/usr/bin/env bash
# Installs what EddCloud needs from Debian's packages, only what is missing.
#   scripts/install-deps.sh run    what the single-node cloud needs (nats-server)
#   scripts/install-deps.sh test   plus what the tests need (PostgreSQL, Chromium)
set -euo pipefail

purpose="${1:-run}"
packages=(nats-server)
if [ "$purpose" = test ]; then
  packages+=(postgresql chromium)
fi

need() { command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is required but not installed. $2" >&2; exit 1; }; }
need dotnet "Install the .NET 10 SDK (https://dot.net), then run this again."
need node "Install Node.js 20 or newer with npm, then run this again."
need npm "Install npm (it comes with Node.js), then run this again."
if ! dotnet --list-sdks | grep -q '^10\.'; then
  echo "error: the .NET 10 SDK is required; found: $(dotnet --list-sdks | tr '\n' ' ')" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts a cluster-wide PostgreSQL on install; the tests start their own, so it is not needed.
if [ "$purpose" = test ] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now postgresql >/dev/null 2>&1 || true
fi
