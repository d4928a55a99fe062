package io.muslin.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.testing.EtcdProcess;
import io.muslin.ipam.Ipam;
import io.muslin.net.IpAddress;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real {@code bin/muslin} against a real etcd: pools, IPAM, BGP peers and node cleanup, checked
 * through the datastore library directly, and a clear failure once etcd is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliDatastoreIT {
    private static EtcdProcess etcd;
    private static Datastore store;
    private static ResourceStore resources;
    private static Path config;

    @BeforeAll
    static void start() throws Exception {
        MuslinProcess.requireBuilt();
        Prerequisites.require(Prerequisites.executableReason("etcd-server", "/usr/bin/etcd", "/usr/local/bin/etcd"));
        etcd = EtcdProcess.start(true);
        store = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()));
        resources = new ResourceStore(store);
        config = Files.createTempFile("muslin-cli", ".yaml");
        Files.writeString(config, "nodeName: node-a\ndatastore:\n  etcd:\n    endpoints: [" + etcd.endpoint() + "]\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        if (etcd != null) {
            etcd.close();
        }
        if (config != null) {
            Files.deleteIfExists(config);
        }
    }

    private static MuslinProcess.Result muslin(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return MuslinProcess.run(all);
    }

    private static MuslinProcess.Result ok(String... args) throws Exception {
        MuslinProcess.Result r = muslin(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        return r;
    }

    @Test
    @Order(1)
    void poolsAreCreatedListedAndRefusedWhenBad() throws Exception {
        assertThat(ok("pools", "list").out()).isEqualTo("No pools.\n");
        assertThat(ok("pools", "create", "default-ipv4", "--cidr", "192.168.0.0/16", "--block-size", "26", "--ipip-mode",
                "CrossSubnet").out()).isEqualTo("created pool default-ipv4 192.168.0.0/16\n");
        IPPool stored = resources.get(IPPool.class, "default-ipv4").orElseThrow().resource();
        assertThat(stored.spec().cidr()).isEqualTo("192.168.0.0/16");
        assertThat(stored.spec().ipipMode()).isEqualTo("CrossSubnet");

        assertThat(ok("pools", "list").out())
                .contains("| NAME         | CIDR           | BLOCK SIZE | IPIP        | VXLAN | NAT OUTGOING | DISABLED | NODE SELECTOR |")
                .contains("| default-ipv4 | 192.168.0.0/16 | /26        | CrossSubnet | Never | false        | false    | all()         |");
        JsonNode json = new ObjectMapper().readTree(ok("pools", "list", "-o", "json").out());
        assertThat(json.at("/0/kind").asText()).isEqualTo("IPPool");
        assertThat(json.at("/0/metadata/name").asText()).isEqualTo("default-ipv4");
        assertThat(json.at("/0/spec/blockSize").asInt()).isEqualTo(26);
        assertThat(ok("pools", "list", "-o", "yaml").out()).contains("cidr: 192.168.0.0/16");

        MuslinProcess.Result overlap = muslin("pools", "create", "other", "--cidr", "192.168.128.0/17");
        assertThat(overlap.exit()).isEqualTo(2);
        assertThat(overlap.err()).isEqualTo("muslin: IPPool other is invalid: spec.cidr: pool other (192.168.128.0/17) overlaps pool "
                + "default-ipv4 (192.168.0.0/16)\n");
        MuslinProcess.Result bad = muslin("pools", "create", "bad", "--cidr", "10.0.0.0/8", "--block-size", "33");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("muslin: IPPool bad is invalid: spec.blockSize: block size 33 is out of range");
        MuslinProcess.Result twice = muslin("pools", "create", "default-ipv4", "--cidr", "10.0.0.0/8");
        assertThat(twice.exit()).isEqualTo(1);
        assertThat(twice.err()).isEqualTo("muslin: pool default-ipv4 already exists\n");
    }

    @Test
    @Order(2)
    void ipamShowCheckAndRelease() throws Exception {
        Ipam ipam = new Ipam(store);
        var block = ipam.claimBlock("node-a", "default-ipv4").orElseThrow();
        IpAddress addr = block.addressAt(5);
        ipam.assignIp(addr, "pod-1", Map.of("pod", "web-1", "namespace", "default"), "node-a");

        String show = ok("ipam", "show").out();
        assertThat(show).contains("| default-ipv4 | 192.168.0.0/16 | /26        | false    | 1      | 1      | 65536    |")
                .contains("| " + block + " | node-a | 1      | 64   | default-ipv4 |")
                .contains("| node-a | 1      | 1      | 0        |");
        assertThat(new ObjectMapper().readTree(ok("ipam", "show", "-o", "json").out()).at("/blocks/0/owner").asText()).isEqualTo("node-a");

        assertThat(ok("ipam", "check").out()).startsWith("1 blocks, 1 allocations, 1 handles, 1 affinities: consistent");

        String ip = addr.toString();
        assertThat(ok("ipam", "release", "--ip", ip).out()).isEqualTo("released " + ip + "\n");
        assertThat(ipam.addressesOf("pod-1")).isEmpty();
        MuslinProcess.Result again = muslin("ipam", "release", "--ip", ip);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).isEqualTo(ip + " was not assigned\n");
        assertThat(again.err()).isEqualTo("muslin: some addresses were not assigned\n");
        MuslinProcess.Result neither = muslin("ipam", "release");
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).isEqualTo("muslin: give --ip ADDRESS (one or more) or --handle HANDLE\n");
    }

    @Test
    @Order(3)
    void disablingAndDeletingAPool() throws Exception {
        Ipam ipam = new Ipam(store);
        var block = ipam.advertisableBlocks("node-a").getFirst();
        ipam.assignIp(block.addressAt(9), "pod-2", Map.of(), "node-a");

        assertThat(ok("pools", "disable", "default-ipv4").out()).isEqualTo("disabled pool default-ipv4\n");
        assertThat(resources.get(IPPool.class, "default-ipv4").orElseThrow().resource().disabled()).isTrue();
        assertThat(ok("pools", "list").out()).contains("| Never | false        | true     |");
        MuslinProcess.Result inUse = muslin("pools", "delete", "default-ipv4");
        assertThat(inUse.exit()).isEqualTo(1);
        assertThat(inUse.err()).isEqualTo("muslin: pool default-ipv4 has 1 address(es) in use in 1 block(s); disable it, "
                + "let its pods go, or add --force\n");
        assertThat(resources.get(IPPool.class, "default-ipv4")).isPresent();
        assertThat(ok("pools", "enable", "default-ipv4").out()).isEqualTo("enabled pool default-ipv4\n");
        assertThat(resources.get(IPPool.class, "default-ipv4").orElseThrow().resource().disabled()).isFalse();

        ok("pools", "create", "spare", "--cidr", "10.200.0.0/24", "--disabled");
        assertThat(ok("pools", "delete", "spare").out()).isEqualTo("deleted pool spare\n");
        assertThat(resources.get(IPPool.class, "spare")).isEmpty();
        MuslinProcess.Result none = muslin("pools", "disable", "nope");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("muslin: no pool named nope\n");
    }

    @Test
    @Order(4)
    void bgpPeersAreCreatedListedAndDeleted() throws Exception {
        assertThat(ok("peers", "list").out()).isEqualTo("No BGP peers.\n");
        ok("peers", "create", "tor", "--peer-ip", "10.1.0.1", "--as-number", "65100", "--node-selector", "rack == 'r1'",
                "--password-secret", "bgp-secrets/tor");
        ok("peers", "create", "to-rr", "--peer-selector", "has(route-reflector)", "--bfd");
        ok("peers", "create", "tor-fast", "--peer-ip", "10.1.0.3", "--as-number", "65100", "--bfd-interval", "100");
        assertThat(resources.get(BGPPeer.class, "tor-fast").orElseThrow().resource().spec().bfd())
                .isEqualTo(new BGPPeer.Bfd(100, 100, null, null));
        assertThat(resources.get(BGPPeer.class, "to-rr").orElseThrow().resource().spec().bfd())
                .isEqualTo(new BGPPeer.Bfd(null, null, null, null));
        MuslinProcess.Result badBfd = muslin("peers", "create", "bad", "--peer-ip", "10.1.0.2", "--as-number", "65100",
                "--bfd-multiplier", "0");
        assertThat(badBfd.exit()).isEqualTo(2);
        assertThat(badBfd.err()).isEqualTo("muslin: BGPPeer bad is invalid: spec.bfd.multiplier: 0 is out of range 1..255\n");
        ok("peers", "delete", "tor-fast");
        BGPPeer tor = resources.get(BGPPeer.class, "tor").orElseThrow().resource();
        assertThat(tor.spec().peerIP()).isEqualTo("10.1.0.1");
        assertThat(tor.spec().asNumber()).isEqualTo(65100L);
        assertThat(tor.spec().nodeSelector()).isEqualTo("rack == 'r1'");
        assertThat(tor.spec().password().secretKeyRef()).isEqualTo(new BGPPeer.SecretKeyRef("bgp-secrets", "tor"));
        assertThat(tor.spec().bfd()).as("no BFD unless asked").isNull();
        assertThat(ok("peers", "list").out())
                .contains("| tor   | 10.1.0.1                   | 65100    | rack == 'r1' | secret bgp-secrets/tor |")
                .contains("| to-rr | nodes has(route-reflector) | (node's) | all (global) | -                      |");

        MuslinProcess.Result noAs = muslin("peers", "create", "bad", "--peer-ip", "10.1.0.2");
        assertThat(noAs.exit()).isEqualTo(2);
        assertThat(noAs.err()).isEqualTo("muslin: BGPPeer bad is invalid: spec.asNumber: is required with peerIP\n");
        MuslinProcess.Result both = muslin("peers", "create", "bad", "--peer-ip", "10.1.0.2", "--peer-selector", "all()");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");

        assertThat(ok("peers", "delete", "tor").out()).isEqualTo("deleted BGPPeer tor\n");
        assertThat(resources.get(BGPPeer.class, "tor")).isEmpty();
        MuslinProcess.Result gone = muslin("peers", "delete", "tor");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("muslin: no BGPPeer named tor\n");
    }

    @Test
    @Order(5)
    void nodeCleanupRemovesTheNodesAddressesBlocksAndResource() throws Exception {
        resources.create(new Node(ObjectMeta.named("node-a"), new Node.Spec(new Node.BGP(null, "10.0.0.1/24", null, null, null),
                null, null, null)));
        MuslinProcess.Result refused = muslin("node", "cleanup");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("muslin: this removes node node-a's addresses, blocks and Node resource from the datastore;"
                + " add --yes to go ahead\n");
        assertThat(resources.get(Node.class, "node-a")).isPresent();

        // This machine's kernel is not the node's: the kernel part runs in AgentWithBirdIT, in a namespace.
        String out = ok("node", "cleanup", "--yes", "--datastore-only").out();
        assertThat(out).isEqualTo("node node-a: released 1 address(es) and 1 block(s); Node resource deleted; "
                + "node.node-a BGPConfiguration not found; kernel not touched\n");
        assertThat(resources.get(Node.class, "node-a")).isEmpty();
        assertThat(new Ipam(store).advertisableBlocks("node-a")).isEmpty();
        assertThat(ok("ipam", "check").out()).contains("consistent");
    }

    @Test
    @Order(6)
    void withEtcdGoneEveryStoreCommandFailsInOneLine() throws Exception {
        etcd.stop();
        for (String[] cmd : new String[][] {{"pools", "list"}, {"ipam", "show"}, {"peers", "list"}}) {
            MuslinProcess.Result r = muslin(cmd);
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("muslin: cannot reach the datastore etcd [" + etcd.endpoint() + "]: ").endsWith("\n");
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        }
    }
}
