#!/usr/bin/env bash
# Installs what EddCloud needs from Debian's packages, only what is missing.
#   scripts/install-deps.sh run    what the single-node cloud needs (nats-server; Podman, runc and
#                                  mmdebstrap for Compute, with /etc/containers/containers.conf)
#   scripts/install-deps.sh test   plus what the tests and benchmarks need (PostgreSQL, Chromium, OpenSSH's
#                                  server and client, tmux, curl, wrk, nginx)
set -euo pipefail

purpose="${1:-run}"
packages=(nats-server)
if [ "$purpose" = run ] || [ "$purpose" = test ]; then
  packages+=(podman runc mmdebstrap)
fi
if [ "$purpose" = test ]; then
  packages+=(postgresql chromium openssh-server openssh-client tmux curl wrk nginx)
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
# Debian starts PostgreSQL, sshd and nginx as services on install; the tests and benchmarks start their own on
# ports of their choosing, and the machine's port 22 and 80 are not theirs to open.
if [ "$purpose" = test ] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now postgresql ssh nginx >/dev/null 2>&1 || true
fi

# Podman on these machines needs runc (crun refuses the hybrid cgroup layout), the cgroupfs manager and
# explicit ulimits (its defaults are refused): see docs/compute.md. Adds only the settings that are missing
# and keeps everything else in the file.
configure_podman() {
  local conf=/etc/containers/containers.conf
  local sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd python3 - "$conf" <<'PY'
import os, re, sys
path = sys.argv[1]
wanted = {
    "containers": [("default_ulimits", '["nofile=1024:1024", "nproc=4096:4096"]')],
    "engine": [("runtime", '"runc"'), ("cgroup_manager", '"cgroupfs"')],
}
text = open(path).read() if os.path.exists(path) else ""
lines = text.splitlines()
changed = []
for section, settings in wanted.items():
    header = None
    for i, line in enumerate(lines):
        if re.fullmatch(r"\s*\[\s*" + section + r"\s*\]\s*(#.*)?", line):
            header = i
            break
    if header is None:
        lines += ([""] if lines and lines[-1].strip() else []) + ["[" + section + "]"]
        header = len(lines) - 1
    end = next((j for j in range(header + 1, len(lines)) if re.match(r"\s*\[", lines[j])), len(lines))
    for key, value in settings:
        found = [j for j in range(header + 1, end) if re.match(r"\s*" + key + r"\s*=", lines[j])]
        wanted_line = key + " = " + value
        if found:
            if re.sub(r"\s", "", lines[found[0]]) != re.sub(r"\s", "", wanted_line):
                lines[found[0]] = wanted_line
                changed.append("[%s] %s (replaced)" % (section, wanted_line))
        else:
            lines.insert(end, wanted_line)
            end += 1
            changed.append("[%s] %s" % (section, wanted_line))
if changed:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("Podman: wrote to %s: %s" % (path, "; ".join(changed)))
else:
    print("Podman: %s already has runtime runc, cgroup_manager cgroupfs and default_ulimits" % path)
PY
}
if [ "$purpose" = run ] || [ "$purpose" = test ]; then
  configure_podman
fi
