#!/bin/bash
# Muslin's CNI plugin, written by `muslin cni install` (@VERSION@); the next install replaces it.
# When the node agent's plugin server runs (its endpoint file holds "PORT TOKEN"), the call goes
# to it over loopback with bash builtins alone: no process start. Otherwise the whole plugin runs
# here, started from a JDK AOT cache made on its first run.
JAVA='@JAVA@'
LIB='@LIB@'
SERVER_FILE="${MUSLIN_CNI_SERVER:-@SERVER_FILE@}"
if [ -r "$SERVER_FILE" ] && read -r port token < "$SERVER_FILE" && { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
  IFS= read -r -d '' input || true
  lc=${LC_ALL-}; LC_ALL=C; len=${#input}; LC_ALL=$lc
  printf 'MUSLIN-CNI/1 %s\nCNI_COMMAND=%s\nCNI_CONTAINERID=%s\nCNI_NETNS=%s\nCNI_IFNAME=%s\nCNI_ARGS=%s\nCNI_PATH=%s\n\n%d\n%s' \
    "$token" "${CNI_COMMAND-}" "${CNI_CONTAINERID-}" "${CNI_NETNS-}" "${CNI_IFNAME-}" "${CNI_ARGS-}" "${CNI_PATH-}" "$len" "$input" >&3
  rc=
  IFS= read -r rc <&3
  IFS= read -r -d '' out <&3
  exec 3<&-
  if [ -n "$rc" ]; then
    printf '%s' "$out"
    exit "$rc"
  fi
  exec 0<<<"$input"   # the server went away mid-call: the whole plugin, on the same input
fi
OPTS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss2m -XX:-UsePerfData"
AOT="$LIB/muslin-cni.aot"
if [ "${MUSLIN_AOT:-1}" != 0 ] && [ ! -s "$AOT" ]; then
  ( flock 9 && if [ ! -s "$AOT" ]; then
      "$JAVA" $OPTS -XX:AOTCacheOutput="$AOT.$$.tmp" -Xlog:aot=off -Xlog:cds=off -cp "$LIB/*" io.muslin.cni.Train \
        </dev/null >/dev/null 2>&1 && mv -f "$AOT.$$.tmp" "$AOT"
      rm -f "$AOT.$$.tmp"
    fi ) 9>"$LIB/.aot.lock" 2>/dev/null
fi
if [ "${MUSLIN_AOT:-1}" != 0 ] && [ -s "$AOT" ]; then
  OPTS="$OPTS -XX:AOTCache=$AOT -Xlog:aot=off -Xlog:cds=off"
fi
exec "$JAVA" $OPTS -cp "$LIB/*" io.muslin.cni.Main
