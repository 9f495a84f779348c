#!/usr/bin/env bash
# Builds Compute's base image from Debian packages (mmdebstrap) and imports it into Podman as
# eddcloud/base:<recipe hash>, also tagged eddcloud/base:latest. Does nothing when the image for the
# current recipe already exists. The Debian mirror is read from this machine's apt sources at run time.
#   scripts/build-base-image.sh            build if the recipe changed
#   scripts/build-base-image.sh --print-tag print the tag for the current recipe and exit
set -euo pipefail
cd "$(dirname "$0")"

# --- recipe begin: everything from here to "recipe end" is hashed; a change rebuilds the image ---
suite=bookworm
variant=apt
packages=(openssh-server ca-certificates sudo bash procps iproute2)
# Documentation, manuals and translations are not needed in a container and make up a good part of its size.
dpkg_options=(--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*'
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*')
import_changes=(--change 'CMD ["/bin/bash"]')
# Installing openssh-server generates host keys; an image must never carry them, or every container would
# share one host key. Each container makes its own on first start.
customize_hooks=(--customize-hook='rm -f "$1"/etc/ssh/ssh_host_*')
# --- recipe end ---

repository=eddcloud/base
recipe_hash=$(sed -n '/^# --- recipe begin/,/^# --- recipe end/p' "$(basename "$0")" | sha256sum | cut -c1-16)
tag="$repository:$recipe_hash"
if [ "${1:-}" = --print-tag ]; then
  echo "$tag"
  exit 0
fi

command -v podman >/dev/null 2>&1 || { echo "error: podman is not installed; run scripts/install-deps.sh run" >&2; exit 1; }
command -v mmdebstrap >/dev/null 2>&1 || { echo "error: mmdebstrap is not installed; run scripts/install-deps.sh run" >&2; exit 1; }

if podman image exists "$tag"; then
  podman tag "$tag" "$repository:latest"
  echo "Base image $tag already exists (recipe unchanged); nothing to build."
  exit 0
fi

# The first Debian mirror this machine's apt sources use for $suite (one-line .list or deb822 .sources files).
debian_mirror() {
  local file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    awk -v suite="$suite" '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
      if ($(i + 1) == suite) { print $i; exit } }' "$file"
  done
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    awk -v suite="$suite" 'BEGIN { RS = ""; FS = "\n" }
      { types = ""; uris = ""; suites = ""; enabled = "yes"
        for (n = 1; n <= NF; n++) {
          if ($n ~ /^Types:/) types = $n; else if ($n ~ /^URIs:/) uris = $n
          else if ($n ~ /^Suites:/) suites = $n; else if ($n ~ /^Enabled:/) enabled = $n }
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled !~ /no/ && (suites " ") ~ ("[ \t]" suite "[ \t]")) {
          sub(/^URIs:[ \t]*/, "", uris); split(uris, u, /[ \t]+/); print u[1]; exit } }' "$file"
  done
}
mirror=$(debian_mirror | head -n 1)
if [ -z "$mirror" ]; then
  echo "error: no Debian mirror for '$suite' found in /etc/apt/sources.list or /etc/apt/sources.list.d/; add one (deb <mirror> $suite main)" >&2
  exit 1
fi

sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
work=$(mktemp -d /var/tmp/eddcloud-base.XXXXXX)
trap '$sudo_cmd rm -rf "$work"' EXIT
started=$SECONDS
echo "Building base image $tag from Debian $suite ($mirror): ${packages[*]}..."
include=$(IFS=,; echo "${packages[*]}")
$sudo_cmd mmdebstrap --quiet --variant="$variant" --include="$include" "${dpkg_options[@]}" "${customize_hooks[@]}" \
  "$suite" "$work/base.tar" "$mirror"
podman import --quiet "${import_changes[@]}" "$work/base.tar" "$tag" >/dev/null
podman tag "$tag" "$repository:latest"
echo "Built base image $tag ($(du -h "$work/base.tar" | cut -f1) tar) in $((SECONDS - started)) s; tagged $repository:latest."
