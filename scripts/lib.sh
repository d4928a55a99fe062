# Shared set-up for Muslin's scripts: find JDK 25, install the Debian packages the tests and
# the lab use, build. Sourced by scripts/test and scripts/demo; sets JAVA_HOME.
set -euo pipefail

MUSLIN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian packages: real BGP peers, etcd, the iptables/ipset/conntrack tools, iproute2, tcpdump,
# openssl (the datastore's TLS test makes its own certificates); podman with the standard CNI plugins,
# runc and busybox (the CNI plugin's tests run containers from a local rootfs), curl (the lab asks
# the agents' API), vagrant (the lab's Vagrantfile is checked with `vagrant validate`).
MUSLIN_APT_PACKAGES=(maven iproute2 bird2 frr gobgpd exabgp etcd-server etcd-client
  iptables ipset conntrack tcpdump procps psmisc iputils-ping socat openssl
  podman containernetworking-plugins runc busybox-static curl vagrant)
# Opt-in (about 1.5 min of apt): a Debian kernel with ipip under QEMU for route-programmer's
# IpipQemuTest (this machine's own kernel has no ipip; without these the test is skipped).
if [ "${MUSLIN_QEMU:-0}" = 1 ]; then
  MUSLIN_APT_PACKAGES+=(qemu-system-x86 linux-image-amd64 busybox-static)
fi

find_jdk25() {
  local candidates=("${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk
    /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/jdk-25)
  local c
  for c in "${candidates[@]}"; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    if "$c/bin/java" -version 2>&1 | grep -qE 'version "25'; then
      echo "$c"; return 0
    fi
  done
  return 1
}

require_jdk25() {
  if ! JAVA_HOME=$(find_jdk25); then
    echo "muslin: no JDK 25 found (looked at \$JAVA_HOME and /usr/lib/jvm/temurin-25-jdk-amd64)." >&2
    echo "muslin: install Temurin 25 and set JAVA_HOME to it." >&2
    exit 1
  fi
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
}

install_packages() {
  local missing=() p
  for p in "${MUSLIN_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "muslin: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
    return 0
  fi
  echo "muslin: installing ${missing[*]}" >&2
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/muslin-apt.XXXXXX")
  if ! (apt_install_without_services "$log" "${missing[@]}"); then
    tail -30 "$log" >&2
    echo "muslin: apt-get install failed (full log: $log)" >&2
    exit 1
  fi
  rm -f "$log"
}

# apt-get install with a policy-rc.d that forbids starting services: no daemon may start on its
# own, the tests start their own in namespaces. Runs in a subshell (see install_packages) so its
# EXIT trap removes the policy file on every path: success, failure, Ctrl-C, SIGTERM. A policy
# file that was there before is left alone. MUSLIN_POLICY_RC_D moves the file (for the script's
# own test only; invoke-rc.d reads /usr/sbin/policy-rc.d).
apt_install_without_services() {
  local log=$1; shift
  local policy=${MUSLIN_POLICY_RC_D:-/usr/sbin/policy-rc.d}
  if [ ! -e "$policy" ]; then
    # Expanded now: the trap runs after this function's locals are gone. Bash runs an EXIT trap
    # also when a signal (HUP, INT, TERM) ends the shell.
    trap "rm -f $(printf %q "$policy")" EXIT
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" || return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "$@" >"$log" 2>&1 && return 0
  # The package lists may be stale or absent (a fresh machine): refresh them once and retry.
  apt-get update -q >>"$log" 2>&1 || true
  apt-get install -y -q "$@" >>"$log" 2>&1
}

mvn_build() {
  (cd "$MUSLIN_ROOT" && mvn -B -ntp "$@")
}
