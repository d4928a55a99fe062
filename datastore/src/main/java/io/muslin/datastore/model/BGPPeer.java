package io.muslin.datastore.model;

import java.util.List;
import java.util.Set;

/** A BGP peering (Calico's BGPPeer): with a ToR router by {@code peerIP}, or with selected nodes. */
public record BGPPeer(ObjectMeta metadata, Spec spec) implements Resource {
    public static final Set<String> NEXT_HOP_MODES = Set.of("Auto", "Self", "Keep");
    /** Who runs the session: the agent's embedded speaker (the default) or the ExaBGP bridge. */
    public static final Set<String> SPEAKERS = Set.of("embedded", "exabgp");

    /**
     * Calico's BGPPeerSpec (the fields Muslin uses), plus two of Muslin's own: {@code bfd} (present
     * means BFD with the peer; Calico has no BFD) and {@code speaker}: {@code embedded} (default when
     * absent) or {@code exabgp}.
     */
    public record Spec(String node, String peerIP, Long asNumber, String nodeSelector, String peerSelector,
                       Password password, Boolean keepOriginalNextHop, String nextHopMode, String maxRestartTime,
                       Integer ttlSecurity, List<String> filters, String sourceAddress, Bfd bfd, String speaker) {
        /** Without {@code speaker} (the agent's default decides). */
        public Spec(String node, String peerIP, Long asNumber, String nodeSelector, String peerSelector,
                    Password password, Boolean keepOriginalNextHop, String nextHopMode, String maxRestartTime,
                    Integer ttlSecurity, List<String> filters, String sourceAddress, Bfd bfd) {
            this(node, peerIP, asNumber, nodeSelector, peerSelector, password, keepOriginalNextHop, nextHopMode,
                    maxRestartTime, ttlSecurity, filters, sourceAddress, bfd, null);
        }

        /** Without BFD and {@code speaker}. */
        public Spec(String node, String peerIP, Long asNumber, String nodeSelector, String peerSelector,
                    Password password, Boolean keepOriginalNextHop, String nextHopMode, String maxRestartTime,
                    Integer ttlSecurity, List<String> filters, String sourceAddress) {
            this(node, peerIP, asNumber, nodeSelector, peerSelector, password, keepOriginalNextHop, nextHopMode,
                    maxRestartTime, ttlSecurity, filters, sourceAddress, null, null);
        }
    }

    /**
     * BFD (RFC 5880) with the peer: {@code bfd: {}} turns it on with the defaults, 300 ms each way
     * and multiplier 3; {@code multihop: true} for a peer more than one hop away (RFC 5883).
     */
    public record Bfd(Integer minRxMs, Integer minTxMs, Integer multiplier, Boolean multihop) {
        public static final int MAX_INTERVAL_MS = 3_600_000;

        /** Range checks of a BFD block at {@code path} (nothing to check when absent). */
        static void check(Check c, String path, Bfd bfd) {
            if (bfd != null) {
                c.range(path + ".minRxMs", bfd.minRxMs(), 1, MAX_INTERVAL_MS);
                c.range(path + ".minTxMs", bfd.minTxMs(), 1, MAX_INTERVAL_MS);
                c.range(path + ".multiplier", bfd.multiplier(), 1, 255);
            }
        }
    }

    /** As in Calico: the password is a reference to a Kubernetes secret key. */
    public record Password(SecretKeyRef secretKeyRef) {}

    public record SecretKeyRef(String name, String key) {}

    @Override
    public List<FieldError> validate() {
        Check c = Resource.meta(metadata, false);
        if (spec == null) {
            return c.fail("spec", "is required").errors();
        }
        if (spec.peerIP() != null) {
            String ip = spec.peerIP();
            // Calico allows "ip:port" and "[v6]:port".
            String host = ip.startsWith("[") ? ip.substring(1, Math.max(1, ip.indexOf(']')))
                    : ip.chars().filter(ch -> ch == ':').count() == 1 ? ip.substring(0, ip.indexOf(':')) : ip;
            c.ip("spec.peerIP", host);
        }
        if ((spec.peerIP() == null) == (spec.peerSelector() == null)) {
            c.fail("spec.peerIP", "give exactly one of peerIP and peerSelector");
        }
        if (spec.peerIP() != null && spec.asNumber() == null) {
            c.fail("spec.asNumber", "is required with peerIP");
        }
        c.asNumber("spec.asNumber", spec.asNumber());
        if (spec.node() != null && spec.nodeSelector() != null) {
            c.fail("spec.nodeSelector", "cannot be combined with spec.node");
        }
        selector(c, "spec.nodeSelector", spec.nodeSelector());
        selector(c, "spec.peerSelector", spec.peerSelector());
        if (spec.password() != null) {
            SecretKeyRef ref = spec.password().secretKeyRef();
            if (ref == null || ref.name() == null || ref.key() == null) {
                c.fail("spec.password.secretKeyRef", "needs name and key");
            }
        }
        c.oneOf("spec.nextHopMode", spec.nextHopMode(), NEXT_HOP_MODES);
        c.oneOf("spec.speaker", spec.speaker(), SPEAKERS);
        if (Boolean.TRUE.equals(spec.keepOriginalNextHop()) && spec.nextHopMode() != null && !"Keep".equals(spec.nextHopMode())) {
            c.fail("spec.keepOriginalNextHop", "contradicts nextHopMode " + spec.nextHopMode());
        }
        Durations.check(c, "spec.maxRestartTime", spec.maxRestartTime());
        c.range("spec.ttlSecurity", spec.ttlSecurity(), 0, 255);
        c.ip("spec.sourceAddress", spec.sourceAddress() == null || "UseNodeIP".equals(spec.sourceAddress())
                || "None".equals(spec.sourceAddress()) ? null : spec.sourceAddress());
        Bfd.check(c, "spec.bfd", spec.bfd());
        if (spec.filters() != null) {
            for (int i = 0; i < spec.filters().size(); i++) {
                c.name("spec.filters[" + i + "]", spec.filters().get(i));
            }
        }
        return c.errors();
    }

    private static void selector(Check c, String field, String s) {
        if (s != null) {
            try {
                Selector.parse(s);
            } catch (IllegalArgumentException e) {
                c.fail(field, e.getMessage());
            }
        }
    }

    @Override
    public BGPPeer withMetadata(ObjectMeta m) {
        return new BGPPeer(m, spec);
    }
}
