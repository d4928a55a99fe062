#!/usr/bin/env bash
# BGP failover to a real BIRD when the link dies silently: milliseconds from the cut (iptables DROP
# of everything in BIRD's namespace) until BIRD's routes leave Muslin's Loc-RIB — what the node
# agent programs the kernel from — with BFD at 300 ms x 3 and without BFD (the hold time, default
# 9 s here; 90 s is the product's default). Fresh namespaces, BIRD and speaker per run, the two
# modes alternating; medians printed; the last line is one JSON object.
# Usage (as root): bench/bfd/failover.sh [runs, default 5] [hold seconds, default 9]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/scripts/lib.sh"
require_jdk25
[ "$(id -u)" -eq 0 ] || { echo "bench/bfd/failover.sh: needs root (network namespaces)" >&2; exit 1; }
mvn_build -q -pl bgp-speaker -am install -DskipTests
cp_file=$(mktemp)
mvn_build -q -pl bgp-speaker dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
cp="$ROOT/bgp-speaker/target/test-classes:$ROOT/bgp-speaker/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
exec "$JAVA_HOME/bin/java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.muslin.bgp.interop.BfdFailoverBench "$@"
