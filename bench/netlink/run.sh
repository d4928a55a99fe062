#!/usr/bin/env bash
# Muslin netlink vs `ip -batch`: add/replace/delete 100k and 1M /32 routes in several rounds that
# alternate which side goes first (medians), each side's process start / parsing / kernel time
# reported apart; then a 100k resync. The last line printed is one JSON object (docs/bench-netlink.md).
# Usage (as root): bench/netlink/run.sh [sizes, default 100000,1000000] [resync size, default 100000] [rounds, default 5]
# Everything happens in a scratch namespace mnl-bench-<pid>, removed at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/scripts/lib.sh"
require_jdk25
[ "$(id -u)" -eq 0 ] || { echo "bench/netlink: needs root (network namespaces)" >&2; exit 1; }
source "$ROOT/bench/netlink/classpath.sh"
exec java --enable-native-access=ALL-UNNAMED -Xms2g -Xmx6g -XX:+UseParallelGC -cp "$CP" \
  "$ROOT/bench/netlink/NetlinkBench.java" "${1:-100000,1000000}" "${2:-100000}" "${3:-5}"
