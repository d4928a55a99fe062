package io.muslin.policy.model;

/** An IPv4 block; host bits below the prefix are cleared on construction. */
public record Cidr(Ipv4 network, int prefix) implements Comparable<Cidr> {

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + prefix);
        }
        network = new Ipv4(network.bits() & mask(prefix));
    }

    /** Parses {@code 10.0.0.0/8}, or a bare address as a /32. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Cidr(Ipv4.parse(text), 32);
        }
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a CIDR: " + text);
        }
        return new Cidr(Ipv4.parse(text.substring(0, slash)), Integer.parseInt(len));
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public boolean contains(Ipv4 address) {
        return (address.bits() & mask(prefix)) == network.bits();
    }

    /** True when {@code other} lies wholly inside this block. */
    public boolean contains(Cidr other) {
        return other.prefix >= prefix && contains(other.network);
    }

    @Override
    public int compareTo(Cidr other) {
        int c = network.compareTo(other.network);
        return c != 0 ? c : Integer.compare(prefix, other.prefix);
    }

    @Override
    public String toString() {
        return network + "/" + prefix;
    }
}
