#!/usr/bin/env bash
# Scale run of the network-namespace lab (a benchmark, not a test): builds a lab of RACKS racks
# with NODES nodes each and PODS pods per node, and measures the time from `lab up` to a full
# connectivity matrix (every pod pinging every other; paths from the kernel routes). Prints the
# figures as one JSON line last. Needs root and a build (mvn -pl e2e-vagrant -am package -DskipTests).
#
#   bench/lab/scale.sh [RACKS [NODES [PODS]]]     default 2 3 2
#
# The agents run with MUSLIN_LAB_AGENT_JAVA_OPTS (default "-Xmx160m -XX:TieredStopAtLevel=1":
# a smaller heap and the quick compiler, so more of them fit on a small machine).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
racks=${1:-2} nodes=${2:-3} pods=${3:-2}
export MUSLIN_LAB_AGENT_JAVA_OPTS=${MUSLIN_LAB_AGENT_JAVA_OPTS:--Xmx160m -XX:TieredStopAtLevel=1}
work=$(mktemp -d "${TMPDIR:-/tmp}/muslin-lab-scale.XXXXXX")
trap '"$root/e2e-vagrant/lab" down >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
topo="$work/scale-${racks}x${nodes}x${pods}.yaml"
{
  echo "name: scale-${racks}x${nodes}x${pods}"
  echo "peering: mesh"
  echo "etcd: {members: 1}"
  echo "pools: [{name: default-ipv4, cidr: 10.244.0.0/16, blockSize: 26, vxlanMode: CrossSubnet}]"
  echo "racks:"
  for r in $(seq 1 "$racks"); do
    echo "  - name: rack$r"
    echo "    subnet: 10.10.$r.0/24"
    echo "    tor: {daemon: bird, asNumber: $((65000 + r))}"
    echo "    nodes:"
    for n in $(seq 1 "$nodes"); do echo "      - {name: r${r}n${n}, pods: $pods}"; done
  done
} > "$topo"
load_before=$(cut -d' ' -f1 /proc/loadavg)
t0=$(date +%s.%N)
"$root/e2e-vagrant/lab" up "$topo" | tee "$work/up.out"
t1=$(date +%s.%N)
"$root/e2e-vagrant/lab" test --quick > "$work/matrix.out" || true
t2=$(date +%s.%N)
tail -1 "$work/matrix.out"
summary=$(tail -1 "$work/matrix.out")
reached=${summary%% of *}
rest=${summary#* of }; total=${rest%% *}
rss=$(ps -eo rss,args | awk '/io.muslin.agent.cli.Main agent/ && !/awk/ {s+=$1; n++} END {printf "%d", (n ? s/n/1024 : 0)}')
printf '{"racks":%d,"nodes":%d,"pods":%d,"pairs":%d,"reached":%d,"upSeconds":%.1f,"matrixSeconds":%.1f,"upToFullMatrixSeconds":%.1f,"agentRssMbAvg":%d,"loadBefore":%s}\n' \
  "$racks" "$((racks * nodes))" "$((racks * nodes * pods))" "$total" "$reached" \
  "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t2 - $t0" | bc)" "$rss" "$load_before"
