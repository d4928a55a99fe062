package io.muslin.datastore.model;

import java.util.List;

/** The kinds, their apiVersion, their plural (used in store keys) and whether they live in a namespace. */
public final class Kinds {
    public static final String CALICO = "projectcalico.org/v3";
    public static final String KUBERNETES_CORE = "v1";

    /** One kind of resource. */
    public record Kind(String name, String apiVersion, String plural, boolean namespaced, Class<? extends Resource> type) {}

    public static final List<Kind> ALL = List.of(
            new Kind("Node", CALICO, "nodes", false, Node.class),
            new Kind("IPPool", CALICO, "ippools", false, IPPool.class),
            new Kind("IPAMBlock", CALICO, "ipamblocks", false, IPAMBlock.class),
            new Kind("BlockAffinity", CALICO, "blockaffinities", false, BlockAffinity.class),
            new Kind("IPAMHandle", CALICO, "ipamhandles", false, IPAMHandle.class),
            new Kind("IPAMConfig", CALICO, "ipamconfigs", false, IPAMConfig.class),
            new Kind("IPReservation", CALICO, "ipreservations", false, IPReservation.class),
            new Kind("BGPConfiguration", CALICO, "bgpconfigurations", false, BGPConfiguration.class),
            new Kind("BGPPeer", CALICO, "bgppeers", false, BGPPeer.class),
            new Kind("BGPFilter", CALICO, "bgpfilters", false, BGPFilter.class),
            new Kind("WorkloadEndpoint", CALICO, "workloadendpoints", true, WorkloadEndpoint.class),
            new Kind("NetworkPolicy", NetworkPolicy.API_VERSION, "networkpolicies", true, NetworkPolicy.class),
            new Kind("Namespace", KUBERNETES_CORE, "namespaces", false, Namespace.class),
            new Kind("Secret", KUBERNETES_CORE, "secrets", true, Secret.class));

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
