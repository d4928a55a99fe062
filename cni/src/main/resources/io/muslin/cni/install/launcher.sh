#!/bin/sh
# Muslin's CNI plugin, written by `muslin cni install` (@VERSION@); the next install replaces it.
# With the node agent's plugin server at $SOCKET, a thin client forwards the call (quick); without
# it the whole plugin runs here, started from a JDK AOT cache made on its first run.
JAVA='@JAVA@'
LIB='@LIB@'
SOCKET="${MUSLIN_CNI_SOCKET:-@SOCKET@}"
if [ -S "$SOCKET" ]; then
  "$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -cp "$LIB/@CLIENT_JAR@" io.muslin.cni.client.ThinClient "$SOCKET"
  rc=$?
  [ "$rc" -ne 75 ] && exit "$rc"
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
