#!/usr/bin/env bash
# IPAM benchmark: address assignments per second against a real etcd (Debian etcd-server, started
# here on loopback with a temporary data directory), beside the raw single-key transaction rate of
# the same etcd through jetcd directly (and through our datastore layer), measured in the same run.
# Prints the ratios (target: >= 50%); the last line is one JSON object. See docs/bench-ipam.md.
# Usage: bench/ipam/run.sh [--clients 1,8] [--seconds 5] [--rounds 3] [--tmpfs]
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
require_jdk25
cd "$MUSLIN_ROOT"
${MVN:-mvn} -B -q -ntp -Dstyle.color=never -pl ipam -am -DskipTests install >/dev/null
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
${MVN:-mvn} -B -q -ntp -Dstyle.color=never -pl ipam dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
java ${BENCH_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp "ipam/target/test-classes:ipam/target/classes:$(cat "$cpfile")" io.muslin.ipam.bench.IpamBench "$@"
