#!/usr/bin/env bash
# How fast `muslin status` answers, process start to exit, with and without the JDK AOT cache.
# Starts a `muslin agent` (file datastore in a temporary directory, HTTP on a free loopback port),
# then runs `bin/muslin status` N times per variant, interleaved, and prints median and 90th
# percentile in milliseconds and the ratio of the medians:
#   jvm        java ... Main status: no launcher script, no AOT cache, both JIT tiers (the plain start)
#   jvm+aot    the same with -XX:AOTCache
#   bin        bin/muslin status with MUSLIN_AOT=0 (script finds the JDK; C1 only for commands)
#   bin+aot    bin/muslin status as shipped: C1 only and the AOT cache (trained first if missing)
# Usage: bench/agent/cli-start.sh [N]   (default 20). Needs the build: mvn -pl node-agent -am package -DskipTests
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
source "$here/scripts/lib.sh"
require_jdk25
n=${1:-20}
jar="$here/node-agent/target/muslin-node-agent.jar"
[ -f "$jar" ] || { echo "build first: mvn -pl node-agent -am package -DskipTests" >&2; exit 1; }
cp="$jar:$here/node-agent/target/lib/*"
aot="$here/node-agent/target/muslin.aot"
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'nodeName: bench\ndatastore:\n  type: file\n  file:\n    directory: %s/store\nhttp:\n  port: %s\n' "$tmp" "$port" > "$tmp/agent.yaml"
MUSLIN_AOT=0 "$here/bin/muslin" agent --config "$tmp/agent.yaml" 2>"$tmp/agent.log" &
agent=$!
trap 'kill $agent 2>/dev/null; wait $agent 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
url="http://127.0.0.1:$port"
# Make sure the cache exists (bin/muslin trains it on first use after a build).
"$here/bin/muslin" version >/dev/null
base=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC -Xss2m)
run() {
  local base; read -r -a base <<< "${base_s:-}"; [ ${#base[@]} -gt 0 ] || base=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC -Xss2m)
  case $1 in
    jvm) "$JAVA_HOME/bin/java" "${base[@]}" -cp "$cp" io.muslin.agent.cli.Main status --agent "$url" ;;
    jvm+aot) "$JAVA_HOME/bin/java" "${base[@]}" -XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off -cp "$cp" io.muslin.agent.cli.Main status --agent "$url" ;;
    bin) MUSLIN_AOT=0 "$here/bin/muslin" status --agent "$url" ;;
    bin+aot) "$here/bin/muslin" status --agent "$url" ;;
  esac
}
variants=(jvm jvm+aot bin bin+aot)
export -f run; export JAVA_HOME cp aot url here; export base_s="${base[*]}"
for v in "${variants[@]}"; do : > "$tmp/$v.ms"; : > "$tmp/$v.cpu"; run "$v" >/dev/null; done   # one warm-up run each (page cache)
for _ in $(seq "$n"); do
  for v in "${variants[@]}"; do
    # wall time (what a person waits) and CPU time (user + system: what the start costs, less shaken by other load)
    /usr/bin/time -f '%e %U %S' -o "$tmp/t" bash -c 'read -r -a base <<< "$base_s"; run "$0"' "$v" >/dev/null
    read -r e u s < "$tmp/t"
    awk -v e="$e" 'BEGIN {printf "%d\n", e * 1000}' >> "$tmp/$v.ms"
    awk -v u="$u" -v s="$s" 'BEGIN {printf "%d\n", (u + s) * 1000}' >> "$tmp/$v.cpu"
  done
done
stat() { sort -n "$1" | awk '{a[NR]=$1} END {printf "%d %d", a[int((NR+1)/2)], a[int(NR*0.9+0.5)]}'; }
echo "muslin status, start to exit, $n runs each, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
printf '%-8s %11s %11s %11s\n' variant "wall med" "wall p90" "cpu med"
for v in "${variants[@]}"; do
  read -r med p90 <<< "$(stat "$tmp/$v.ms")"; read -r cmed _ <<< "$(stat "$tmp/$v.cpu")"
  printf '%-8s %8d ms %8d ms %8d ms\n' "$v" "$med" "$p90" "$cmed"; eval "med_${v//[+]/_}=$med"
done
awk -v a="$med_jvm" -v b="$med_jvm_aot" -v c="$med_bin" -v d="$med_bin_aot" 'BEGIN {printf "AOT cache: jvm %.2fx faster, bin/muslin %.2fx faster\n", a/b, c/d}'
