package io.muslin.policy.model;

/** The transport protocols a NetworkPolicy port can name, with their IP protocol numbers. */
public enum Protocol {
    TCP(6), UDP(17), SCTP(132);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /** IANA protocol number (the IP header's protocol field). */
    public int number() {
        return number;
    }

    /** The name iptables and ipset use: {@code tcp}, {@code udp}, {@code sctp}. */
    public String iptablesName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The protocol as a NetworkPolicy names it ({@code TCP}, {@code UDP}, {@code SCTP}); absent means TCP. */
    public static Protocol of(String kubernetesName) {
        if (kubernetesName == null) {
            return TCP;
        }
        for (Protocol p : values()) {
            if (p.name().equals(kubernetesName)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + kubernetesName + "' (expected TCP, UDP or SCTP)");
    }

    /** The protocol with this number, or null when a NetworkPolicy cannot name it (ICMP, ...). */
    public static Protocol ofNumber(int number) {
        for (Protocol p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        return null;
    }
}
