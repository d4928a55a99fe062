package io.muslin.ipam;

import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.net.IpPrefix;

/**
 * A separate-JVM block claimer, as a CNI ADD in another process would claim: arguments are the etcd
 * endpoint, the key root, the node, then {@code claim <pool>} (prints the block) or
 * {@code release <cidr>} (prints true or false).
 */
public final class ClaimMain {
    private ClaimMain() {}

    public static void main(String[] args) {
        try (EtcdDatastore store = EtcdDatastore.connect(EtcdConfig.of(args[0]))) {
            Ipam ipam = new Ipam(store, IpamOptions.defaults().withRoot(args[1]));
            String node = args[2];
            switch (args[3]) {
                case "claim" -> System.out.println(ipam.claimBlock(node, args[4]).map(IpPrefix::toString).orElse("none"));
                case "release" -> System.out.println(ipam.releaseBlock(node, IpPrefix.parse(args[4])));
                default -> throw new IllegalArgumentException("claim or release, not " + args[3]);
            }
        }
    }
}
