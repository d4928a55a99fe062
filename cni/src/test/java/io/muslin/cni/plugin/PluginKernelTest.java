package io.muslin.cni.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.cni.PluginCall;
import io.muslin.cni.spec.CniError;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.IPPool;
import io.muslin.ipam.Ipam;
import io.muslin.ipam.IpamOptions;
import io.muslin.testing.EtcdFixture;
import io.muslin.testing.EtcdProcess;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plugin against a real kernel and a real etcd: a node namespace and pod namespaces made per
 * test, the plugin called in this process with the node's namespace as its host side. What it did
 * is read back with {@code ip}, {@code /proc/sys} and {@code etcdctl}, not with the plugin's code.
 */
class PluginKernelTest {
    @RegisterExtension
    static final EtcdFixture ETCD = EtcdFixture.onTmpfs();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final List<Netns> namespaces = new ArrayList<>();
    private Netns node;
    private String network;

    @BeforeAll
    static void pools() {
        Prerequisites.requireAll(Netns.unavailableReason(), EtcdProcess.missingReason());
        try (Datastore store = EtcdDatastore.connect(EtcdConfig.of(ETCD.endpoint()))) {
            Ipam ipam = new Ipam(store, IpamOptions.defaults());
            ipam.createPool(IPPool.of("cni-test", "10.91.0.0/16", 26));
            ipam.createPool(IPPool.of("cni-tiny", "10.92.0.0/30", 30));
        }
    }

    @BeforeEach
    void nodeNamespace() {
        int n = SEQ.incrementAndGet();
        node = ns("mcni-node-" + ProcessHandle.current().pid() + "-" + n);
        node.exec("ip", "addr", "add", "10.255.0.1/32", "dev", "lo");   // a node has an address (its ARP requests come from it)
        network = "net" + n;
    }

    @AfterEach
    void removeNamespaces() {
        namespaces.forEach(Netns::close);
    }

    private Netns ns(String name) {
        Netns ns = Netns.create(name);
        namespaces.add(ns);
        return ns;
    }

    private Netns pod(String suffix) {
        return ns(node.name().replace("node", "pod") + "-" + suffix);
    }

    private String conf(String version, String pool, String extra) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"" + network + "\",\"type\":\"muslin\",\"nodeName\":\"node-1\",\"mtu\":1400,"
                + "\"datastore\":{\"type\":\"etcd\",\"etcd\":{\"endpoints\":[\"" + ETCD.endpoint() + "\"]}},"
                + "\"ipam\":{\"pools\":[\"" + pool + "\"]}" + extra + "}";
    }

    private String conf() {
        return conf("1.0.0", "cni-test", "");
    }

    record Call(int rc, String out) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }

        int code() {
            return json().path("code").asInt();
        }
    }

    private Call call(String command, String container, String netnsPath, String ifname, String conf) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", container);
        if (netnsPath != null) {
            env.put("CNI_NETNS", netnsPath);
        }
        env.put("CNI_IFNAME", ifname);
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=" + container);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = PluginCall.direct(node.name()).run(env, conf.getBytes(StandardCharsets.UTF_8), new PrintStream(buf, true, StandardCharsets.UTF_8));
        return new Call(rc, buf.toString(StandardCharsets.UTF_8));
    }

    private static String path(Netns ns) {
        return "/run/netns/" + ns.name();
    }

    private String etcdKeys(String prefix) {
        return ETCD.process().etcdctl("get", "--prefix", "--keys-only", prefix);
    }

    private String musLinks() {
        return node.exec("ip", "-o", "link", "show", "type", "veth");
    }

    @Test
    void addWiresThePodAndDelRemovesAllOfIt() {
        Netns pod = pod("a");
        Call add = call("ADD", "ctr-a", path(pod), "eth0", conf());
        assertThat(add.rc()).as(add.out()).isZero();
        JsonNode r = add.json();
        String ip = r.at("/ips/0/address").asText();
        String hostIf = r.at("/interfaces/0/name").asText();
        assertThat(ip).startsWith("10.91.").endsWith("/32");
        assertThat(r.at("/ips/0/interface").asInt()).isEqualTo(1);
        assertThat(r.at("/interfaces/1/sandbox").asText()).isEqualTo(path(pod));
        assertThat(hostIf).isEqualTo(PodInterface.hostIfName(network, "ctr-a", "eth0"));

        // in the pod: the address, MTU, MAC of the result, the onlink default route, the gateway's static entry
        String eth0 = pod.exec("ip", "-o", "addr", "show", "dev", "eth0");
        assertThat(eth0).contains("inet " + ip);
        assertThat(pod.exec("ip", "-o", "link", "show", "dev", "eth0")).contains("mtu 1400").contains(r.at("/interfaces/1/mac").asText());
        assertThat(pod.exec("ip", "route", "show", "default")).contains("default via 169.254.1.1 dev eth0 onlink");
        assertThat(pod.exec("ip", "neigh", "show", "169.254.1.1")).contains("lladdr ee:ee:ee:ee:ee:ee PERMANENT");
        // on the node: the host end up with its MAC, the /32 route, proxy ARP and forwarding
        assertThat(node.exec("ip", "-o", "link", "show", "dev", hostIf)).contains("ee:ee:ee:ee:ee:ee").contains("mtu 1400").contains("UP");
        assertThat(node.exec("ip", "route", "show", ip)).contains(ip.replace("/32", "") + " dev " + hostIf + " scope link");
        assertThat(node.exec("cat", "/proc/sys/net/ipv4/conf/" + hostIf + "/proxy_arp").strip()).isEqualTo("1");
        assertThat(node.exec("cat", "/proc/sys/net/ipv4/conf/" + hostIf + "/forwarding").strip()).isEqualTo("1");
        // in etcd: the handle and the endpoint
        assertThat(etcdKeys("/muslin/v1/ipam/handles/" + network + ".ctr-a")).isNotBlank();
        String wep = ETCD.process().etcdctl("get", "--prefix", "--print-value-only", "/muslin/v1/workloadendpoints/default/node--1-cni-ctr--a-eth0");
        assertThat(wep).contains("\"interfaceName\":\"" + hostIf + "\"").contains(ip).contains("\"containerID\":\"ctr-a\"");

        assertThat(call("CHECK", "ctr-a", path(pod), "eth0", conf("1.0.0", "cni-test", ",\"prevResult\":" + add.out())).rc()).isZero();

        Call del = call("DEL", "ctr-a", path(pod), "eth0", conf());
        assertThat(del.rc()).as(del.out()).isZero();
        assertThat(del.out()).isEmpty();
        assertThat(call("DEL", "ctr-a", path(pod), "eth0", conf()).rc()).as("DEL twice").isZero();
        assertThat(musLinks()).isBlank();
        assertThat(node.exec("ip", "route", "show")).doesNotContain(ip.replace("/32", ""));
        assertThat(pod.tryExec("ip", "link", "show", "dev", "eth0").exit()).isNotZero();
        assertThat(etcdKeys("/muslin/v1/ipam/handles/" + network + ".")).isBlank();
        assertThat(etcdKeys("/muslin/v1/workloadendpoints/default/node--1-cni-ctr--a-eth0")).isBlank();
    }

    @Test
    void podsOnTheNodeReachEachOther() {
        Netns a = pod("a");
        Netns b = pod("b");
        String ipA = call("ADD", "ctr-a", path(a), "eth0", conf()).json().at("/ips/0/address").asText().replace("/32", "");
        String ipB = call("ADD", "ctr-b", path(b), "eth0", conf()).json().at("/ips/0/address").asText().replace("/32", "");
        assertThat(a.tryExec("ping", "-c", "1", "-W", "3", ipB).exit()).as("a -> b").isZero();
        assertThat(b.tryExec("ping", "-c", "1", "-W", "3", ipA).exit()).as("b -> a").isZero();
        // and the node reaches both over their /32 routes
        assertThat(node.tryExec("ping", "-c", "1", "-W", "3", ipA).exit()).isZero();
    }

    @Test
    void delAfterTheNamespaceIsGoneSucceedsAndReleasesTheAddress() {
        Netns pod = pod("gone");
        assertThat(call("ADD", "ctr-g", path(pod), "eth0", conf()).rc()).isZero();
        String where = path(pod);
        pod.close();
        Call del = call("DEL", "ctr-g", where, "eth0", conf());
        assertThat(del.rc()).as(del.out()).isZero();
        assertThat(call("DEL", "ctr-g", null, "eth0", conf()).rc()).as("without CNI_NETNS").isZero();
        assertThat(musLinks()).isBlank();
        assertThat(etcdKeys("/muslin/v1/ipam/handles/" + network + ".")).isBlank();
        assertThat(call("DEL", "never-seen", null, "eth0", conf()).rc()).as("an unknown container").isZero();
    }

    @Test
    void addOfAnExistingContainerKeepsItsAddressAndOneInterface() {
        Netns pod = pod("again");
        Call first = call("ADD", "ctr-x", path(pod), "eth0", conf("0.4.0", "cni-test", ""));
        Call second = call("ADD", "ctr-x", path(pod), "eth0", conf("0.4.0", "cni-test", ""));
        assertThat(second.rc()).as(second.out()).isZero();
        assertThat(second.json().at("/ips/0/address").asText()).isEqualTo(first.json().at("/ips/0/address").asText());
        assertThat(second.json().at("/ips/0/version").asText()).as("a 0.4.0 result").isEqualTo("4");
        assertThat(second.json().get("cniVersion").asText()).isEqualTo("0.4.0");
        assertThat(musLinks().lines()).hasSize(1);
        assertThat(pod.exec("ip", "-o", "-4", "addr", "show").lines().filter(l -> l.contains("10.91."))).hasSize(1);
        assertThat(ETCD.process().etcdctl("get", "--print-value-only", "/muslin/v1/ipam/handles/" + network + ".ctr-x")).contains("1");
    }

    @Test
    void checkNamesWhatIsMissing() {
        Netns pod = pod("check");
        Call add = call("ADD", "ctr-c", path(pod), "eth0", conf());
        pod.exec("ip", "route", "del", "default");
        Call check = call("CHECK", "ctr-c", path(pod), "eth0", conf("1.0.0", "cni-test", ",\"prevResult\":" + add.out()));
        assertThat(check.rc()).isEqualTo(1);
        assertThat(check.json().get("msg").asText()).contains("default route via 169.254.1.1");
        Call unknown = call("CHECK", "ctr-none", path(pod), "eth1", conf());
        assertThat(unknown.code()).isEqualTo(CniError.UNKNOWN_CONTAINER);
    }

    @Test
    void badConfigurationAndAnExhaustedPoolGetTheirCodes() {
        Netns pod = pod("tiny");
        Call bad = call("ADD", "ctr-b", path(pod), "eth0", conf().replace("\"mtu\":1400", "\"mtu\":\"x\""));
        assertThat(bad.code()).isEqualTo(CniError.INVALID_NETWORK_CONFIG);
        assertThat(bad.json().get("msg").asText()).contains("mtu");
        for (int i = 0; i < 4; i++) {
            Call ok = call("ADD", "tiny-" + i, path(pod), "eth" + i, conf("1.0.0", "cni-tiny", ""));
            assertThat(ok.rc()).as(ok.out()).isZero();
        }
        Call full = call("ADD", "tiny-4", path(pod), "eth4", conf("1.0.0", "cni-tiny", ""));
        assertThat(full.rc()).isEqualTo(1);
        assertThat(full.code()).isEqualTo(CniError.IPAM_FAILURE);
        assertThat(full.json().get("msg").asText()).contains("cannot assign an address");
        assertThat(full.json().get("details").asText()).isNotBlank();
        assertThat(musLinks().lines()).as("the failed ADD made no interface").hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(call("DEL", "tiny-" + i, path(pod), "eth" + i, conf("1.0.0", "cni-tiny", "")).rc()).isZero();
        }
    }

    @Test
    void aFailureHalfwayLeavesNoInterfaceAndNoAddress() {
        Netns pod = pod("busy");
        pod.exec("ip", "link", "add", "eth0", "type", "bridge");   // a real obstacle: the pod's eth0 exists and is not ours
        Call add = call("ADD", "ctr-h", path(pod), "eth0", conf());
        assertThat(add.rc()).isEqualTo(1);
        assertThat(add.code()).isEqualTo(CniError.DATAPLANE_FAILURE);
        assertThat(musLinks()).isBlank();
        assertThat(etcdKeys("/muslin/v1/ipam/handles/" + network + ".")).as("the address was released").isBlank();
        assertThat(etcdKeys("/muslin/v1/workloadendpoints/")).doesNotContain("ctr--h");
        assertThat(pod.exec("ip", "-o", "link", "show", "dev", "eth0")).contains("eth0");   // theirs, untouched
    }

    @Test
    void aVanishedNamespaceIsUnknownContainer() {
        Call add = call("ADD", "ctr-v", "/run/netns/mcni-does-not-exist", "eth0", conf());
        assertThat(add.code()).isEqualTo(CniError.UNKNOWN_CONTAINER);
        assertThat(etcdKeys("/muslin/v1/ipam/handles/" + network + ".")).isBlank();
    }

    @Test
    void gcReleasesWhatTheRuntimeNoLongerHas() {
        Netns pod = pod("gc");
        assertThat(call("ADD", "keep", path(pod), "eth0", conf()).rc()).isZero();
        String gone = call("ADD", "gone", path(pod), "eth1", conf()).json().at("/interfaces/0/name").asText();
        Call gc = call("GC", "", null, "", conf("1.1.0", "cni-test", ",\"cni.dev/valid-attachments\":[{\"containerID\":\"keep\",\"ifname\":\"eth0\"}]")
                .replace("\"name\"", "\"name\""));
        assertThat(gc.rc()).as(gc.out()).isZero();
        assertThat(etcdKeys("/muslin/v1/ipam/handles/" + network + ".")).contains(network + ".keep").doesNotContain(network + ".gone");
        assertThat(musLinks()).doesNotContain(gone);
        assertThat(call("STATUS", "", null, "", conf("1.1.0", "cni-test", "")).rc()).isZero();
        assertThat(call("STATUS", "", null, "", conf("1.0.0", "cni-test", "")).code()).as("STATUS needs 1.1.0")
                .isEqualTo(CniError.INCOMPATIBLE_VERSION);
    }

    @Test
    void anEtcdThatIsAwayMeansTryAgainLaterAndLeavesNothing() {
        Netns pod = pod("outage");
        ETCD.process().stop();
        try {
            Call add = call("ADD", "ctr-o", path(pod), "eth0", conf());
            assertThat(add.code()).as(add.out()).isEqualTo(CniError.TRY_AGAIN_LATER);
            assertThat(musLinks()).isBlank();
            assertThat(pod.tryExec("ip", "link", "show", "dev", "eth0").exit()).isNotZero();
        } finally {
            ETCD.process().startAgain();
        }
        assertThat(etcdKeys("/muslin/v1/ipam/handles/" + network + ".")).isBlank();
    }
}
