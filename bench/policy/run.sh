#!/usr/bin/env bash
# Policy benchmark: a full apply of 1,000 NetworkPolicies (~10,000 iptables rules) and a
# one-policy incremental change, on the legacy and the nft backend. The anchor is a simple
# implementation that rewrites everything atomically: one `ipset restore` and one
# `iptables-restore` of the whole ruleset, for the full apply and again for a one-policy change,
# alternated with Muslin round by round (medians). The same rules written one `iptables` call at a
# time follow as a second line. The last line printed is one JSON object with the figures and the
# ratios (docs/bench-policy.md). Everything happens inside
# network namespaces named mpol-bench-*, created here and always removed.
#
#   bench/policy/run.sh [policies] [localPods] [repeats] [baselineCalls]
#
# baselineCalls caps the one-call-at-a-time full apply (the rest is then extrapolated linearly and
# said so); by default every call is made, which takes a few minutes on the legacy backend.
source "$(dirname "$0")/../../scripts/lib.sh"
require_jdk25
[ "$(id -u)" -eq 0 ] || { echo "bench/policy: needs root (network namespaces)" >&2; exit 1; }
for t in iptables-legacy-restore iptables-nft-restore ipset conntrack; do
  command -v "$t" >/dev/null || { echo "bench/policy: $t missing (scripts/lib.sh installs iptables, ipset, conntrack)" >&2; exit 1; }
done
cd "$MUSLIN_ROOT"
${MVN:-mvn} -B -q -ntp -pl policy -am package -DskipTests
NS=()
out=$(mktemp)
cleanup() { for n in "${NS[@]}"; do ip netns del "$n" 2>/dev/null || true; done; rm -f "$out"; }
trap cleanup EXIT INT TERM
for backend in legacy nft; do
  ns="mpol-bench-$backend-$$"
  ip netns add "$ns"; NS+=("$ns")
  ip -n "$ns" link set lo up
  ip netns exec "$ns" "$JAVA_HOME/bin/java" -XX:+UseSerialGC -cp policy/target/classes:net-types/target/classes \
    bench/policy/PolicyBench.java "$backend" "$@" | tee -a "$out"
  ip netns del "$ns"
done
# The last line: one JSON object with both backends' figures and ratios.
printf '{"bench":"policy","anchor":"one ipset restore + one iptables-restore of the whole ruleset","backends":[%s]}\n' \
  "$(sed -n 's/^JSON //p' "$out" | paste -sd, -)"
