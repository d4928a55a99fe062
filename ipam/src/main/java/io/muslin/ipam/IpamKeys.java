package io.muslin.ipam;

import io.muslin.net.IpPrefix;

/**
 * Where IPAM keeps its objects: {@code <root>ipam/blocks/<cidr>},
 * {@code <root>ipam/affinities/<node>/<cidr>} and {@code <root>ipam/handles/<handle>}, with the
 * CIDR in key form ({@code 10.0.0.64-26}).
 */
public record IpamKeys(String root) {
    public IpamKeys {
        root = root.endsWith("/") ? root : root + "/";
    }

    public String blocks() {
        return root + "ipam/blocks/";
    }

    public String block(IpPrefix cidr) {
        return blocks() + cidr.keyForm();
    }

    public String affinities() {
        return root + "ipam/affinities/";
    }

    public String affinities(String node) {
        return affinities() + node + "/";
    }

    public String affinity(String node, IpPrefix cidr) {
        return affinities(node) + cidr.keyForm();
    }

    public String handles() {
        return root + "ipam/handles/";
    }

    public String handle(String handleId) {
        return handles() + handleId;
    }

    /** The node of an affinity key. */
    public String nodeOfAffinityKey(String key) {
        String rest = key.substring(affinities().length());
        return rest.substring(0, rest.indexOf('/'));
    }

    public String affinityName(String node, IpPrefix cidr) {
        return node + "-" + cidr.keyForm();
    }
}
