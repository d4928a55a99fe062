#!/usr/bin/env bash
# Side-by-side BGP ingest benchmark on several table shapes: a feeder sends pre-built UPDATEs into
# Muslin (the node agent's speaker with a route-programmer-like consumer, bench/bgp/MuslinReceiver.java),
# BIRD, FRR bgpd and GoBGP, one at a time and started cold, each in its own pair of network
# namespaces (mbench-<pid>-f / -r). Prints per shape and receiver the seconds from the first UPDATE to
# the full table, from process start to Established, CPU, peak RSS and Muslin's ratios; every
# receiver's table is verified (count and sampled routes with attributes). Last line: one JSON object.
#
# Usage (as root): bench/bgp/ingest.sh [options]
#   --shapes a,b,...         which shapes (default a,b,c,d,e,f; see bench/bgp/Feeder.java)
#   --count N                routes per shape (default 1000000; shape f: 100 peers of N/100)
#   --repeat R               rounds, receivers alternating (default 3), medians printed
#   --receivers a,b          subset of muslin,bird,frr,gobgp (default all four)
#   --others-shapes a,b      shapes FRR and GoBGP run (default a,b)
#   --poll-ms MS             poll interval (default 20; GoBGP: --gobgp-poll-ms, default 100)
#   --variant NAME=OPTS      also run Muslin with other JVM options, as receiver muslin-NAME
#   --profile                record Muslin with JFR (settings=profile, 1 ms samples) and keep the recording
#   --json FILE              every run as JSON
#   --rev REV                benchmark Muslin as committed at git revision REV (clean build of
#                            `git archive REV` in the scratch directory) instead of the tree's build
#   --tree DIR               benchmark the speaker built in another checkout (DIR/bgp-cli/target)
#   --no-aot                 Muslin without bin/muslin-bgp's ahead-of-time cache
# Environment: MUSLIN_JAVA_OPTS (JVM options instead of bin/muslin-bgp's own), MBENCH_KEEP=1 keeps the logs.
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
  (cd "$src" && mvn -B -q -ntp -pl bgp-cli -am package -DskipTests >&2)
fi
jar="$src/bgp-cli/target/muslin-bgp-cli.jar"
if [ ! -f "$jar" ] || [ ! -d "$src/bgp-cli/target/lib" ]; then
  echo "ingest: building the speaker" >&2
  (cd "$src" && mvn -B -q -ntp -pl bgp-cli -am package -DskipTests >&2)
fi
if [ -z "$rev" ] && [ -n "$(find "$src/bgp-speaker/src/main" "$src/bgp-cli/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "ingest: WARNING: $jar is older than the sources in $src; rebuild it or use --rev HEAD" >&2
fi

# Snapshot of the jars, so a rebuild of the tree during the run does not change them under the JVM.
# Times kept (-p): the launcher uses an ahead-of-time cache only when it is newer than the jars.
mkdir -p "$work/muslin"
cp -rp "$jar" "$src/bgp-cli/target/lib" "$work/muslin/"
[ -f "$src/bgp-cli/target/muslin-bgp.aot" ] && cp -p "$src/bgp-cli/target/muslin-bgp.aot" "$work/muslin/"
echo "ingest: Muslin jar built $(date -r "$jar" '+%F %T')${rev:+ from $rev}; tree at $(git -C "$ROOT" rev-parse --short HEAD)" >&2
# Muslin starts as bin/muslin-bgp starts it, with its AOT cache, recorded here by the launcher (on
# its own generic training session) when the build has none or an older one; --no-aot: without.
case " ${args[*]:-} " in *" --no-aot "*) ;; *)
  MUSLIN_BGP_HOME="$work/muslin" "$ROOT/bin/muslin-bgp" --print-java-command >/dev/null ;;
esac

"$JAVA_HOME/bin/javac" -d "$work/feeder" "$ROOT/bench/bgp/Feeder.java"
"$JAVA_HOME/bin/javac" -d "$work/feeder" -cp "$work/muslin/muslin-bgp-cli.jar:$work/muslin/lib/*" \
  "$ROOT/bench/bgp/MuslinReceiver.java"

python3 "$ROOT/bench/bgp/ingest.py" --work "$work" --java "$JAVA_HOME" \
  --launcher "$ROOT/bin/muslin-bgp" --muslin-home "$work/muslin" --feeder "$work/feeder" ${args[@]+"${args[@]}"} &
py=$!
wait "$py"
rc=$?
py=
exit $rc
