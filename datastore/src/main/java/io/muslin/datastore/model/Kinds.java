package io.muslin.datastore.model;

import java.util.List;

/** The kinds, their plural (used in store keys) and whether they live in a namespace. */
public final class Kinds {
    /** One kind of resource. */
    public record Kind(String name, String plural, boolean namespaced, Class<? extends Resource> type) {}

    public static final List<Kind> ALL = List.of(
            new Kind("Node", "nodes", false, Node.class),
            new Kind("IPPool", "ippools", false, IPPool.class),
            new Kind("IPAMBlock", "ipamblocks", false, IPAMBlock.class),
            new Kind("BlockAffinity", "blockaffinities", false, BlockAffinity.class),
            new Kind("IPAMHandle", "ipamhandles", false, IPAMHandle.class),
            new Kind("IPAMConfig", "ipamconfigs", false, IPAMConfig.class),
            new Kind("IPReservation", "ipreservations", false, IPReservation.class),
            new Kind("BGPConfiguration", "bgpconfigurations", false, BGPConfiguration.class),
            new Kind("BGPPeer", "bgppeers", false, BGPPeer.class),
            new Kind("BGPFilter", "bgpfilters", false, BGPFilter.class),
            new Kind("NetworkPolicy", "networkpolicies", true, NetworkPolicy.class),
            new Kind("WorkloadEndpoint", "workloadendpoints", true, WorkloadEndpoint.class));

    private Kinds() {}

    public static Kind of(Class<?> type) {
        for (Kind k : ALL) {
            if (k.type().equals(type)) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a resource type: " + type.getName());
    }

    public static Kind named(String name) {
        for (Kind k : ALL) {
            if (k.name().equalsIgnoreCase(name) || k.plural().equalsIgnoreCase(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + name + "'");
    }
}
