package io.muslin.policy.model;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
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

    /**
     * A CIDR with holes; each {@code except} entry must lie inside {@code cidr}. An IPv6 block is
     * allowed (Kubernetes allows it) and matches no IPv4 address, so the IPv4 dataplane renders it
     * as nothing: a rule whose only peers are IPv6 blocks allows nothing here.
     */
    record IpBlock(IpPrefix cidr, List<IpPrefix> except) implements Peer {
        public IpBlock {
            except = List.copyOf(except);
            for (IpPrefix e : except) {
                if (!cidr.contains(e)) {
                    throw new IllegalArgumentException("except " + e + " is not inside " + cidr);
                }
            }
        }

        public boolean contains(IpAddress ip) {
            if (!cidr.contains(ip)) {
                return false;
            }
            for (IpPrefix e : except) {
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

    /** An ipBlock from CIDR text ({@code 10.0.0.0/8}; host bits must be zero). */
    static IpBlock ipBlock(String cidr, String... except) {
        return new IpBlock(IpPrefix.parse(cidr), java.util.Arrays.stream(except).map(IpPrefix::parse).toList());
    }
}
