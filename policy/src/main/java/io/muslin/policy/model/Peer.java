package io.muslin.policy.model;

import java.util.List;

/** One entry of a rule's {@code from} (ingress) or {@code to} (egress). */
public sealed interface Peer {

    /**
     * Pods chosen by selectors. {@code podSelector} alone: pods of the policy's own namespace;
     * {@code namespaceSelector} alone: every pod of the matching namespaces; both: the matching
     * pods of the matching namespaces. Null means the field is absent.
     */
    record Pods(LabelSelector podSelector, LabelSelector namespaceSelector) implements Peer {
        public Pods {
            if (podSelector == null && namespaceSelector == null) {
                throw new IllegalArgumentException("a peer needs a podSelector, a namespaceSelector or both");
            }
        }
    }

    /** A CIDR with holes; each {@code except} entry must lie inside {@code cidr}. */
    record IpBlock(Cidr cidr, List<Cidr> except) implements Peer {
        public IpBlock {
            except = List.copyOf(except);
            for (Cidr e : except) {
                if (!cidr.contains(e)) {
                    throw new IllegalArgumentException("except " + e + " is not inside " + cidr);
                }
            }
        }

        public boolean contains(Ipv4 ip) {
            if (!cidr.contains(ip)) {
                return false;
            }
            for (Cidr e : except) {
                if (e.contains(ip)) {
                    return false;
                }
            }
            return true;
        }
    }

    static Pods pods(LabelSelector podSelector) {
        return new Pods(podSelector, null);
    }

    static Pods namespaces(LabelSelector namespaceSelector) {
        return new Pods(null, namespaceSelector);
    }

    static IpBlock ipBlock(String cidr, String... except) {
        return new IpBlock(Cidr.parse(cidr), java.util.Arrays.stream(except).map(Cidr::parse).toList());
    }
}
