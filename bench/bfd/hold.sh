#!/usr/bin/env bash
# BFD cost: N sessions (default 500) at 300 ms x 3 held for S seconds (default 60) between Muslin
# (bgp-speaker's BfdEndpoint in a JVM, bench BfdHold) and BIRD's protocol bfd, in the same run: two
# network namespaces joined by one veth, N addresses on each side, one session per address pair.
# Both ends hold the same N sessions and send and receive the same packets, so the CPU seconds of
# the two processes over the hold window compare like with like. The peers' addresses are pinned as
# permanent neighbour entries (no ARP for 500 neighbours). Prints both, the flaps seen, the
# load average, and as its last line one JSON object with the ratio muslin/bird.
# BFD_BENCH_KEEP=1 keeps the scratch directory (BIRD's configuration and its trace of session events).
# Usage (as root): bench/bfd/hold.sh [--sessions N] [--seconds S] [--java-opts="..."] [--bird-rmem BYTES]
# The JVM runs with bin/muslin-bgp's options (-XX:+UseSerialGC) unless --java-opts says otherwise;
# the node agent's are G1 with both compiler tiers: --java-opts=--enable-native-access=ALL-UNNAMED.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/scripts/lib.sh"
require_jdk25
[ "$(id -u)" -eq 0 ] || { echo "bench/bfd/hold.sh: needs root (network namespaces)" >&2; exit 1; }
command -v /usr/sbin/bird >/dev/null || { echo "bench/bfd/hold.sh: /usr/sbin/bird is missing (package bird2)" >&2; exit 1; }
mvn_build -q -pl bgp-speaker -am install -DskipTests
cp_file=$(mktemp)
mvn_build -q -pl bgp-speaker dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
cp="$ROOT/bgp-speaker/target/test-classes:$ROOT/bgp-speaker/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
exec python3 "$ROOT/bench/bfd/hold.py" --java "$JAVA_HOME/bin/java" --classpath "$cp" "$@"
