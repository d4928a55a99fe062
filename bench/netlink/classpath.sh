# Sourced by the netlink benchmarks: builds netlink and route-programmer and sets CP to their
# classes and runtime dependencies. MVN may name another Maven command (default: mvn).
(cd "$ROOT" && ${MVN:-mvn} -B -q -ntp -pl netlink,route-programmer -am package dependency:build-classpath \
  -DskipTests -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime)
CP="$ROOT/net-types/target/classes:$ROOT/netlink/target/classes:$ROOT/route-programmer/target/classes:$(cat "$ROOT/route-programmer/target/bench-classpath.txt")"
