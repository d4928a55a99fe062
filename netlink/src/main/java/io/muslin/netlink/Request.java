package io.muslin.netlink;

/** One change in a {@link Batch}: the iproute2 verb and the object it acts on. */
public sealed interface Request {

    /** The object, for error messages ("route 10.1.0.0/24 via 10.0.0.2 ..."). */
    Object target();

    /** {@code ip route add} (CREATE|EXCL). */
    record RouteAdd(Route target) implements Request {
    }

    /** {@code ip route replace} (CREATE|REPLACE). */
    record RouteReplace(Route target) implements Request {
    }

    /** {@code ip route del}. */
    record RouteDel(Route target) implements Request {
    }

    /** {@code ip neigh replace} / {@code bridge fdb replace}. */
    record NeighReplace(Neigh target) implements Request {
    }

    /** {@code bridge fdb append}. */
    record FdbAppend(Neigh target) implements Request {
    }

    /** {@code ip neigh del} / {@code bridge fdb del}. */
    record NeighDel(Neigh target) implements Request {
    }

    /** {@code ip addr add}. */
    record AddrAdd(Addr target) implements Request {
    }

    /** {@code ip addr del}. */
    record AddrDel(Addr target) implements Request {
    }

    default String verb() {
        return switch (this) {
            case RouteAdd r -> "route add";
            case RouteReplace r -> "route replace";
            case RouteDel r -> "route del";
            case NeighReplace n -> n.target().isFdb() ? "fdb replace" : "neigh replace";
            case FdbAppend n -> "fdb append";
            case NeighDel n -> n.target().isFdb() ? "fdb del" : "neigh del";
            case AddrAdd a -> "addr add";
            case AddrDel a -> "addr del";
        };
    }
}
