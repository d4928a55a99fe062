# Shared set-up for Muslin's scripts: find JDK 25, install the Debian packages the tests and
# the lab use, build. Sourced by scripts/test and scripts/demo; sets JAVA_HOME.
set -euo pipefail

MUSLIN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian packages: real BGP peers, etcd, the iptables/ipset/conntrack tools, iproute2, tcpdump.
MUSLIN_APT_PACKAGES=(maven iproute2 bird2 frr gobgpd exabgp etcd-server etcd-client
  iptables ipset conntrack tcpdump procps psmisc iputils-ping socat)
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
  # No daemon may start on its own: the tests start their own, in namespaces.
  local own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; own_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/tmp/muslin-apt.log 2>&1 || {
    DEBIAN_FRONTEND=noninteractive apt-get update -q >>/tmp/muslin-apt.log 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >>/tmp/muslin-apt.log 2>&1 || {
      tail -30 /tmp/muslin-apt.log >&2; echo "muslin: apt-get install failed" >&2; exit 1; }
  }
  [ "$own_policy" -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  return 0
}

mvn_build() {
  (cd "$MUSLIN_ROOT" && mvn -B -ntp "$@")
}
