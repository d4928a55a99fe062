package io.muslin.cni;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.cni.plugin.Endpoints;
import io.muslin.cni.plugin.PodInterface;
import io.muslin.cni.plugin.StoreAccess;
import io.muslin.cni.spec.CniError;
import io.muslin.cni.spec.CniJson;
import io.muslin.cni.spec.CniRequest;
import io.muslin.cni.spec.CniResult;
import io.muslin.cni.spec.NetConf;
import io.muslin.cni.spec.NetConfParser;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.IPPool;
import io.muslin.ipam.AssignRequest;
import io.muslin.ipam.Assignment;
import io.muslin.ipam.Ipam;
import io.muslin.ipam.IpamOptions;
import io.muslin.net.InterfaceAddress;
import io.muslin.netlink.linux.LinuxNetlink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training run for the plugin's JDK ahead-of-time cache: a generic ADD and DEL without side
 * effects — configurations parsed, an address assigned and released and an endpoint written in an
 * in-memory store, results and errors written, rtnetlink dumps read in this namespace, and an
 * etcd client started against an endpoint nobody listens on (it loads the gRPC and Netty classes
 * a real call uses). The launcher runs it once, with {@code -XX:AOTCacheOutput}.
 */
public final class Train {
    private Train() {
    }

    public static void main(String[] args) {
        String conf = """
                {"cniVersion":"1.0.0","name":"train","type":"muslin","mtu":1440,
                 "datastore":{"type":"etcd","etcd":{"endpoints":["http://127.0.0.1:1"]}},
                 "ipam":{"assignIpv4":true},"prevResult":{"cniVersion":"1.0.0","interfaces":[],"ips":[]}}""";
        Map<String, String> env = Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "0123456789abcdef", "CNI_NETNS",
                "/var/run/netns/muslin-train-none", "CNI_IFNAME", "eth0", "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=train");
        for (int round = 0; round < 3; round++) {
            JsonNode json = NetConfParser.readJson(conf.getBytes(StandardCharsets.UTF_8));
            NetConf nc = NetConfParser.parse(json);
            CniRequest req = CniRequest.fromEnvironment(env);
            try (FileDatastore store = FileDatastore.inMemory()) {
                Ipam ipam = new Ipam(store, IpamOptions.defaults());
                ipam.createPool(IPPool.of("train", "10.255.0.0/16", 26));
                String handle = nc.name() + "." + req.containerId();
                List<Assignment> a = ipam.autoAssign(AssignRequest.ipv4(handle, "train-node", Map.of("pod", "train")));
                InterfaceAddress ip = new InterfaceAddress(a.get(0).address(), 32);
                new Endpoints(new ResourceStore(store)).register(nc.name(), handle, "train-node", req,
                        PodInterface.hostIfName(nc.name(), req.containerId(), req.ifname()), "02:00:00:00:00:01", List.of(ip));
                CniResult r = new CniResult(List.of(new CniResult.Interface("eth0", "02:00:00:00:00:01", Optional.of("/x"))),
                        List.of(new CniResult.Ip(ip, Optional.empty(), 0)), List.of(), CniResult.Dns.none());
                CniJson.readResult(CniJson.parse(CniJson.result(r, "1.0.0")));
                CniJson.result(r, "0.4.0");
                ipam.addressesOf(handle);
                ipam.releaseByHandle(handle);
                new Endpoints(new ResourceStore(store)).remove("train-node", req);
            }
            try (LinuxNetlink nl = LinuxNetlink.open()) {
                nl.linkList();
                nl.addrList(0);
                nl.routeList(0);
            } catch (RuntimeException e) {
                // no netlink here: the cache just lacks those classes
            }
            CniJson.error(new CniError(CniError.TRY_AGAIN_LATER, "train", "train"), "1.0.0");
            PluginCall.direct(null).run(Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream()));
            addIntoAMissingNamespace(conf, env);
        }
        EtcdConfig unreachable = EtcdConfig.of("http://127.0.0.1:1").withRequestTimeout(Duration.ofMillis(300))
                .withRetry(Duration.ofMillis(50), Duration.ofMillis(100));
        try (EtcdDatastore etcd = EtcdDatastore.connect(unreachable)) {
            etcd.get("/muslin/v1/train");
        } catch (RuntimeException e) {
            // expected: nobody listens there
        }
        System.exit(0);
    }

    /** A whole ADD through {@link PluginCall} that fails at the namespace (it does not exist) and undoes its address. */
    private static void addIntoAMissingNamespace(String conf, Map<String, String> env) {
        try (FileDatastore store = FileDatastore.inMemory()) {
            new Ipam(store, IpamOptions.defaults()).createPool(IPPool.of("train", "10.255.0.0/16", 26));
            String withNode = conf.replace("\"mtu\":1440", "\"mtu\":1440,\"nodeName\":\"train-node\"");
            new PluginCall(c -> StoreAccess.shared(store), null).run(env, withNode.getBytes(StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream()));
        }
    }
}
