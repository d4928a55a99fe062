#!/usr/bin/env bash
# The route programmer's incremental path (learned-route changes as the BGP speaker hands them,
# into the kernel) vs `ip -batch` of the same routes: 100k and 1M /32s added, then withdrawn.
# Usage (as root): bench/netlink/programmer.sh [sizes, default 100000,1000000]
# Prints a table, then one JSON object as the last line. Scratch namespace mnl-bench-<pid>.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/scripts/lib.sh"
require_jdk25
[ "$(id -u)" -eq 0 ] || { echo "bench/netlink: needs root (network namespaces)" >&2; exit 1; }
source "$ROOT/bench/netlink/classpath.sh"
# Generational ZGC: a million long-lived routes are copied concurrently, not in a pause on the
# programmer's path (with Parallel GC one young pause of ~0.3-0.5 s lands inside the 1M load).
exec java --enable-native-access=ALL-UNNAMED -Xms2g -Xmx4g -XX:+UseZGC -cp "$CP" \
  "$ROOT/bench/netlink/ProgrammerBench.java" "${1:-100000,1000000}"
