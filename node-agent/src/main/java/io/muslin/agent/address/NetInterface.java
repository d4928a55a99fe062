package io.muslin.agent.address;

import io.muslin.net.InterfaceAddress;
import java.util.List;
import java.util.Objects;

/**
 * One network interface as address autodetection sees it: what {@code ip -d addr} shows.
 *
 * @param name      the interface name ({@code eth0})
 * @param index     the kernel's interface index; autodetection tries higher indexes first, as Calico does
 * @param kind      the link kind ({@code bridge}, {@code veth}, {@code vxlan}, ...); empty for a plain device
 * @param up        administratively up ({@code IFF_UP})
 * @param carrier   the link has carrier ({@code IFF_LOWER_UP}; a bridge with no port up has none)
 * @param addresses the addresses on it, in the kernel's order
 */
public record NetInterface(String name, int index, String kind, boolean up, boolean carrier, List<Address> addresses) {

    /** An address with its subnet length and its rtnetlink scope. */
    public record Address(InterfaceAddress address, Scope scope) {
        public Address {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(scope, "scope");
        }

        /** An address of global scope, written as {@code 10.0.0.5/24}. */
        public static Address global(String text) {
            return new Address(InterfaceAddress.parse(text), Scope.UNIVERSE);
        }
    }

    /** rtnetlink address scopes ({@code ip addr}'s "scope global/site/link/host"). */
    public enum Scope {
        UNIVERSE, SITE, LINK, HOST, NOWHERE
    }

    public NetInterface {
        Objects.requireNonNull(name, "name");
        kind = kind == null ? "" : kind;
        addresses = List.copyOf(addresses);
    }

    /** An up interface with carrier and global addresses, e.g. {@code of("eth0", 2, "", "10.0.0.5/24")}. */
    public static NetInterface of(String name, int index, String kind, String... addresses) {
        return new NetInterface(name, index, kind, true, true,
                java.util.Arrays.stream(addresses).map(Address::global).toList());
    }

    public boolean isBridge() {
        return "bridge".equals(kind);
    }
}
