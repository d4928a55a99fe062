#!/usr/bin/env bash
# The CNI plugin's ADD, including process start, beside the standard bridge + host-local plugins
# doing the same ADD (a veth pair into a fresh pod namespace, an address, routes) in the same run.
# Muslin's plugin runs as a runtime would call it: bin/muslin-cni, which forwards the call to the
# plugin server (what the agent runs) over loopback; its addresses come from IPAM in a real
# etcd. Also measured, with fewer calls: the whole plugin in its own process (no server).
#
# Usage (as root, after `mvn -pl cni -am package -DskipTests`):
#   bench/cni/run.sh [calls per plugin, default 40] [calls without the server, default 8]
# Everything happens in a node namespace mcni-bench-<pid> and pod namespaces made for the run,
# all removed at the end. The last line is one JSON object with the figures and the ratio.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/scripts/lib.sh"
require_jdk25
[ "$(id -u)" -eq 0 ] || { echo "bench/cni: needs root (network namespaces)" >&2; exit 1; }
[ -x /usr/lib/cni/bridge ] || { echo "bench/cni: /usr/lib/cni/bridge missing (Debian containernetworking-plugins)" >&2; exit 1; }
[ -f "$ROOT/cni/target/muslin-cni.jar" ] || { echo "bench/cni: build first: mvn -pl cni -am package -DskipTests" >&2; exit 1; }
N=${1:-40}
N_DIRECT=${2:-8}
WARM=10
NS=mcni-bench-$$
PREFIX=mcnib$$
W=$(mktemp -d /tmp/muslin-cni-bench.XXXXXX)
ETCD_DIR=$(mktemp -d /dev/shm/muslin-cni-bench-etcd.XXXXXX)
ETCD_URL=http://127.0.0.1:23795
CP="$ROOT/cni/target/muslin-cni.jar:$ROOT/cni/target/lib/*"
pids=()

cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for _ in $(seq 50); do alive=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done; [ $alive = 0 ] && break; sleep 0.2; done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  for n in $(ip netns list | awk '{print $1}' | grep "^$PREFIX-"); do ip netns del "$n"; done
  ip netns del "$NS" 2>/dev/null
  rm -rf "$W" "$ETCD_DIR"
}
trap cleanup EXIT

ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" addr add 10.255.0.1/32 dev lo
in_ns() { nsenter --net=/run/netns/"$NS" "$@"; }
# (background processes are started with nsenter itself, not through in_ns: $! must be their pid)

nsenter --net=/run/netns/"$NS" etcd --data-dir "$ETCD_DIR" --listen-client-urls $ETCD_URL --advertise-client-urls $ETCD_URL \
  --listen-peer-urls http://127.0.0.1:23805 --log-level warn >"$W/etcd.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do in_ns etcdctl --endpoints $ETCD_URL endpoint health >/dev/null 2>&1 && break; sleep 0.1; done
mapfile -t pool < <(java -cp "$CP" "$ROOT/bench/cni/PoolJson.java" bench-pool 10.96.0.0/16 26)
in_ns etcdctl --endpoints $ETCD_URL put "${pool[0]}" "${pool[1]}" >/dev/null

nsenter --net=/run/netns/"$NS" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp "$CP" \
  io.muslin.cni.server.ServerMain "$W/cni-server" >"$W/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$W/cni-server" ] && break; sleep 0.1; done
export MUSLIN_CNI_SERVER=$W/cni-server

mkdir -p "$W/plugins"
ln -s "$ROOT/bin/muslin-cni" "$W/plugins/muslin"
ln -s /usr/lib/cni/bridge "$W/plugins/bridge"
cat > "$W/muslin.json" <<JSON
{"cniVersion":"1.0.0","name":"benchmu","type":"muslin","nodeName":"bench-node","mtu":1400,
 "datastore":{"type":"etcd","etcd":{"endpoints":["$ETCD_URL"]}},"ipam":{"pools":["bench-pool"]}}
JSON
cat > "$W/bridge.json" <<JSON
{"cniVersion":"1.0.0","name":"benchbr","type":"bridge","bridge":"mcnibr0","isGateway":true,"ipMasq":false,
 "ipam":{"type":"host-local","dataDir":"$W/ipam","ranges":[[{"subnet":"10.97.0.0/16"}]],"routes":[{"dst":"0.0.0.0/0"}]}}
JSON
# the AOT cache of the whole plugin, made once (as on its first run)
CNI_COMMAND=VERSION MUSLIN_CNI_SERVER=/nonexistent "$ROOT/bin/muslin-cni" </dev/null >/dev/null

pods() {  # round count
  for i in $(seq 1 "$2"); do ip netns add "$PREFIX-m$1-$i"; ip netns add "$PREFIX-b$1-$i"; done
}
pods w "$WARM"
in_ns bash "$ROOT/bench/cni/loop.sh" "$W" "$WARM" "$PREFIX" w >/dev/null
pods r "$N"
in_ns bash "$ROOT/bench/cni/loop.sh" "$W" "$N" "$PREFIX" r > "$W/times"

# without the server: the whole plugin in its own process
for i in $(seq 1 "$N_DIRECT"); do ip netns add "$PREFIX-d-$i"; done
: > "$W/direct"
for i in $(seq 1 "$N_DIRECT"); do
  s=$(date +%s%N)
  in_ns env CNI_COMMAND=ADD CNI_CONTAINERID=d-$i CNI_NETNS=/run/netns/$PREFIX-d-$i CNI_IFNAME=eth0 MUSLIN_CNI_SERVER=/nonexistent \
    "$ROOT/bin/muslin-cni" < "$W/muslin.json" > "$W/out.d-$i"
  e=$(date +%s%N)
  echo "$(( (e - s) / 1000 ))" >> "$W/direct"
done

summary() {  # file -> "median p90 min max" in ms
  sort -n "$1" | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; p=a[int(NR*0.9+0.999)];
    printf "%.1f %.1f %.1f %.1f\n", m/1000, p/1000, a[1]/1000, a[NR]/1000}'
}
grep '^muslin ' "$W/times" | awk '{print $2}' > "$W/m"
grep '^bridge ' "$W/times" | awk '{print $2}' > "$W/b"
read -r mm mp mmin mmax < <(summary "$W/m")
read -r bm bp bmin bmax < <(summary "$W/b")
read -r dm dp dmin dmax < <(summary "$W/direct")
ratio=$(awk -v a="$mm" -v b="$bm" 'BEGIN {printf "%.2f", a/b}')
load=$(cut -d' ' -f1 /proc/loadavg)
echo "ADD incl. process start, $N calls each, interleaved (load average $load, $(nproc) CPUs):"
echo "  muslin (launcher -> plugin server, IPAM in etcd)  : median $mm ms, p90 $mp ms, min $mmin, max $mmax"
echo "  bridge + host-local:                                 median $bm ms, p90 $bp ms, min $bmin, max $bmax"
echo "  muslin without the server ($N_DIRECT calls, AOT cache): median $dm ms, p90 $dp ms, min $dmin, max $dmax"
printf '{"calls":%d,"muslin_add_median_ms":%s,"muslin_add_p90_ms":%s,"bridge_host_local_add_median_ms":%s,"bridge_host_local_add_p90_ms":%s,"ratio_median":%s,"muslin_without_server_add_median_ms":%s,"load_average":%s,"cpus":%d}\n' \
  "$N" "$mm" "$mp" "$bm" "$bp" "$ratio" "$dm" "$load" "$(nproc)"
