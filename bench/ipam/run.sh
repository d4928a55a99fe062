#!/usr/bin/env bash
# IPAM benchmark: address assignments per second against a real etcd (Debian etcd-server, started
# here on loopback with a temporary data directory), beside the raw single-key transaction rate of
# the same etcd measured in the same run. Prints the ratio (target: >= 50%).
# Usage: bench/ipam/run.sh [--clients 1,8] [--seconds 5] [--rounds 3] [--tmpfs]
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
require_jdk25
cd "$MUSLIN_ROOT"
mvn -B -q -ntp -pl ipam -am -DskipTests install >/dev/null
cp=$(mvn -B -q -ntp -pl ipam dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
exec java -cp "ipam/target/test-classes:ipam/target/classes:$cp" io.muslin.ipam.bench.IpamBench "$@"
