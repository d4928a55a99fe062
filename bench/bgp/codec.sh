#!/usr/bin/env bash
# JMH: UPDATE decode/encode throughput of Muslin's codec. Prints ops/s per 4096-octet UPDATE and
# the resulting prefixes per second. Usage: bench/bgp/codec.sh [extra JMH args, e.g. -f 1 -wi 2 -i 3]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
source "$here/scripts/lib.sh"
require_jdk25
mvn_build -q -pl bgp-speaker -am test-compile -DskipTests
cp_file=$(mktemp)
mvn_build -q -pl bgp-speaker dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
cp="$here/bgp-speaker/target/test-classes:$here/bgp-speaker/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
out=$(mktemp); log=$(mktemp)
"$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main UpdateCodecBenchmark -rf json -rff "$out" "$@" | tee "$log"
echo
python3 - "$out" "$log" <<'PY'
import json, re, sys
# The benchmark's setup prints how many prefixes one UPDATE carries: "[ipv4] 813 prefixes per 4096-octet UPDATE".
per = {m.group(1): int(m.group(2)) for m in re.finditer(r"\[(ipv4|ipv6)\] (\d+) prefixes per", open(sys.argv[2]).read())}
for r in json.load(open(sys.argv[1])):
    fam = r["params"]["family"]
    ops, err = r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"]
    bench = r["benchmark"].rsplit(".", 1)[1]
    n = per[fam]
    print(f"{bench:7s} {fam}: {ops:12,.0f} UPDATEs/s ± {err:,.0f} = {ops*n/1e6:6.2f} M prefixes/s ({n} per UPDATE)")
PY
rm -f "$out" "$log"
