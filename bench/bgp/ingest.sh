#!/usr/bin/env bash
# Side-by-side BGP ingest benchmark: a feeder sends N pre-built IPv4 /32 UPDATEs into Muslin,
# BIRD, FRR bgpd and GoBGP, one at a time, each in its own pair of network namespaces
# (mbench-<pid>-f / mbench-<pid>-r), and prints for each the seconds from the first UPDATE to full
# Loc-RIB, CPU seconds, peak RSS, Muslin's ratios, and Muslin's retained heap per route.
#
# Usage (as root): bench/bgp/ingest.sh [options] [N ...]      (default: 100000 1000000)
#   --repeat R               run every receiver R times (interleaved), print medians
#   --receivers a,b          subset/order of muslin,bird,frr,gobgp
#   --poll-ms MS             route-count poll interval (default 20; GoBGP: --gobgp-poll-ms, default 100)
#   --variant NAME=OPTS      also run Muslin with other JVM options, as receiver muslin-NAME
#   --warmup                 diagnostic: one unmeasured feed first (warm JIT and memory), then the measured one
#   --profile                record Muslin with JFR (settings=profile, 1 ms samples) and keep the recording
#   --json FILE              all results as JSON
#   --rev REV                benchmark Muslin as committed at git revision REV (clean build of
#                            `git archive REV` in the scratch directory) instead of the tree's build
#   --tree DIR               benchmark the speaker built in another checkout (DIR/bgp-cli/target, or
#                            DIR/bgp-speaker/target for a build from before bgp-cli)
# Environment: MUSLIN_JAVA_OPTS (default "-Xmx2g -XX:+UseSerialGC"), MBENCH_KEEP=1 keeps the logs.
# Muslin runs from a snapshot of bgp-cli/target (built first if missing), so a rebuild of the
# tree during the run does not change the jar under the running JVM.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/scripts/lib.sh"
require_jdk25
[ "$(id -u)" -eq 0 ] || { echo "bench/bgp/ingest.sh: needs root (network namespaces)" >&2; exit 1; }
for tool in /usr/sbin/bird /usr/lib/frr/bgpd /usr/bin/gobgpd /usr/bin/gobgp python3; do
  command -v "$tool" >/dev/null || { echo "bench/bgp/ingest.sh: $tool is missing (scripts/lib.sh installs bird2 frr gobgpd)" >&2; exit 1; }
done

rev=
tree=
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rev) rev=$2; shift 2 ;;
    --rev=*) rev=${1#--rev=}; shift ;;
    --tree) tree=$(cd "$2" && pwd); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

work=$(mktemp -d /tmp/mbench-ingest-XXXXXX)
keep=${MBENCH_KEEP:-0}
case " ${args[*]:-} " in *" --profile "*) keep=1 ;; esac
py=
finish() {
  rc=$?
  [ -n "$py" ] && kill -TERM "$py" 2>/dev/null && wait "$py" 2>/dev/null
  if [ "$keep" = 1 ] || [ "$rc" -ne 0 ]; then echo "ingest: logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap finish EXIT
trap 'exit 130' INT TERM HUP

src=${tree:-$ROOT}
if [ -n "$rev" ]; then
  src=$work/src
  mkdir -p "$src"
  git -C "$ROOT" archive "$rev" | tar -x -C "$src"
  echo "ingest: building the speaker at $(git -C "$ROOT" rev-parse --short "$rev") in $src" >&2
  if [ -d "$src/bgp-cli" ]; then built=bgp-cli; else built=bgp-speaker; fi
  (cd "$src" && mvn -B -q -ntp -pl "$built" -am package -DskipTests >&2)
fi
# The launcher's module: bgp-cli; before muslin-bgp had a module of its own (--rev/--tree of an
# older build), bgp-speaker.
module=bgp-cli
jar="$src/bgp-cli/target/muslin-bgp-cli.jar"
if [ ! -d "$src/bgp-cli" ]; then
  module=bgp-speaker
  jar="$src/bgp-speaker/target/muslin-bgp-speaker.jar"
fi
if [ ! -f "$jar" ] || [ ! -d "$src/$module/target/lib" ]; then
  echo "ingest: building the speaker" >&2
  (cd "$src" && mvn -B -q -ntp -pl "$module" -am package -DskipTests >&2)
fi
if [ -z "$rev" ] && [ -n "$(find "$src/bgp-speaker/src/main" "$src/$module/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "ingest: WARNING: $jar is older than the sources in $src; rebuild it or use --rev HEAD" >&2
fi

# Snapshot of the launcher and the jars it uses.
mkdir -p "$work/muslin/bin" "$work/muslin/scripts" "$work/muslin/$module/target"
cp "$src/bin/muslin-bgp" "$work/muslin/bin/"
cp "$src/scripts/lib.sh" "$work/muslin/scripts/"
cp -r "$jar" "$src/$module/target/lib" "$work/muslin/$module/target/"
echo "ingest: Muslin jar built $(date -r "$jar" '+%F %T')${rev:+ from $rev}; tree at $(git -C "$ROOT" rev-parse --short HEAD)" >&2

"$JAVA_HOME/bin/javac" -d "$work/feeder" "$ROOT/bench/bgp/Feeder.java"

python3 "$ROOT/bench/bgp/ingest.py" --work "$work" --java "$JAVA_HOME" --muslin "$work/muslin/bin/muslin-bgp" \
  --feeder "$work/feeder" ${args[@]+"${args[@]}"} &
py=$!
wait "$py"
rc=$?
py=
exit $rc
