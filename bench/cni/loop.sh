#!/usr/bin/env bash
# Runs inside the node namespace (bench/cni/run.sh starts it with nsenter): times each plugin's ADD
# into a fresh pod namespace, interleaved, and prints one line per call: "<plugin> <ms>".
set -euo pipefail
W=$1 N=$2 PREFIX=$3 ROUND=$4
add() {   # plugin-type conf pod-ns container
  local s e
  s=$(date +%s%N)
  CNI_COMMAND=ADD CNI_CONTAINERID=$4 CNI_NETNS=/run/netns/$3 CNI_IFNAME=eth0 CNI_PATH="$W/plugins:/usr/lib/cni" \
    CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAME=$4" "$W/plugins/$1" < "$2" > "$W/out.$4" 2>>"$W/plugin-stderr.log" \
    || { echo "ADD $1 $4 failed: $(cat "$W/out.$4")" >&2; exit 1; }
  e=$(date +%s%N)
  echo "$1 $(( (e - s) / 1000 ))"
}
for i in $(seq 1 "$N"); do
  add muslin "$W/muslin.json" "$PREFIX-m$ROUND-$i" "m$ROUND-$i"
  add bridge "$W/bridge.json" "$PREFIX-b$ROUND-$i" "b$ROUND-$i"
done
