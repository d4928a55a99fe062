package io.muslin.cni.plugin;

import io.muslin.cni.spec.CniError;
import io.muslin.cni.spec.CniJson;
import io.muslin.cni.spec.CniRequest;
import io.muslin.cni.spec.CniResult;
import io.muslin.cni.spec.NetConf;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreUnavailableException;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.ValidationException;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.ipam.Allocation;
import io.muslin.ipam.AssignRequest;
import io.muslin.ipam.Assignment;
import io.muslin.ipam.Ipam;
import io.muslin.ipam.IpamException;
import io.muslin.ipam.IpamOptions;
import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.MacAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CNI operations on one network: ADD, DEL, CHECK, STATUS and GC. Addresses come from Muslin
 * IPAM under the handle {@code <network>.<container id>} with the attributes {@code pod},
 * {@code namespace} and {@code node}; the kernel side is {@link VethWiring}; the endpoint is
 * {@link Endpoints}. ADD undoes its own steps when a later one fails: no veth, no address and no
 * endpoint stay behind.
 */
public final class Plugin {
    private static final Logger LOG = LoggerFactory.getLogger(Plugin.class);

    private final NetConf conf;
    private final NodeFacts node;
    private final Ipam ipam;
    private final Endpoints endpoints;
    private final VethWiring wiring;

    public Plugin(NetConf conf, NodeFacts node, Datastore store, VethWiring wiring) {
        this.conf = conf;
        this.node = node;
        this.ipam = new Ipam(store, IpamOptions.defaults().withOutageDeadline(StoreAccess.OUTAGE_DEADLINE));
        this.endpoints = new Endpoints(new ResourceStore(store));
        this.wiring = wiring;
    }

    public String handle(CniRequest req) {
        return conf.name() + "." + req.containerId();
    }

    private String hostIf(CniRequest req) {
        return PodInterface.hostIfName(conf.name(), req.containerId(), req.ifname());
    }

    public CniResult add(CniRequest req) {
        String handle = handle(req);
        List<IpAddress> held = store(() -> ipam.addressesOf(handle));
        boolean assignedNow = held.isEmpty();
        List<IpAddress> addresses = assignedNow ? assign(req, handle) : held;
        List<InterfaceAddress> hostPrefixes = addresses.stream().map(a -> new InterfaceAddress(a, a.bitLength())).toList();
        PodInterface pod = new PodInterface(req.netns().orElseThrow(), req.ifname(), hostIf(req), hostPrefixes, node.mtu());
        boolean wired = false;
        try {
            MacAddress mac = wiring.add(pod);
            wired = true;
            store(() -> endpoints.register(conf.name(), handle, node.nodeName(), req, pod.hostIf(), mac.toString(), hostPrefixes));
            return result(pod, mac);
        } catch (RuntimeException e) {
            undoAdd(req, pod, wired, assignedNow, handle);
            throw e;
        }
    }

    private List<IpAddress> assign(CniRequest req, String handle) {
        Map<String, String> attrs = new HashMap<>();
        attrs.put("pod", req.podName().orElse(req.containerId()));
        attrs.put("namespace", Endpoints.namespace(req));
        attrs.put("node", node.nodeName());
        AssignRequest ar = new AssignRequest(handle, node.nodeName(), attrs, conf.ipam().assignIpv4() ? 1 : 0,
                conf.ipam().assignIpv6() ? 1 : 0, conf.ipam().pools());
        List<Assignment> got = store(() -> ipam.autoAssign(ar));
        return got.stream().map(Assignment::address).toList();
    }

    private void undoAdd(CniRequest req, PodInterface pod, boolean wired, boolean assignedNow, String handle) {
        quietly("removing the interface", () -> wiring.remove(pod.hostIf(), req.netns(), req.ifname()));
        if (wired) {
            quietly("removing the endpoint", () -> endpoints.remove(node.nodeName(), req));
        }
        if (assignedNow) {
            quietly("releasing " + handle, () -> ipam.releaseByHandle(handle));
        }
    }

    private static void quietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("undoing a failed ADD, {} failed too: {}", what, e.getMessage());
        }
    }

    private CniResult result(PodInterface pod, MacAddress mac) {
        List<CniResult.Interface> ifs = List.of(
                new CniResult.Interface(pod.hostIf(), VethWiring.HOST_MAC.toString(), Optional.empty()),
                new CniResult.Interface(pod.ifname(), mac.toString(), Optional.of(pod.netns())));
        List<CniResult.Ip> ips = new ArrayList<>();
        List<CniResult.Route> routes = new ArrayList<>();
        for (InterfaceAddress a : pod.addresses()) {
            IpAddress gw = a.v6() ? VethWiring.GATEWAY_V6 : VethWiring.GATEWAY_V4;
            ips.add(new CniResult.Ip(a, Optional.of(gw), 1));
            routes.add(new CniResult.Route(IpPrefix.parse(a.v6() ? "::/0" : "0.0.0.0/0"), Optional.of(gw)));
        }
        return new CniResult(ifs, ips, routes.stream().distinct().toList(), CniResult.Dns.none());
    }

    /** DEL: idempotent; a namespace already gone or a container never seen is success. */
    public void del(CniRequest req) {
        wiring.remove(hostIf(req), req.netns(), req.ifname());
        store(() -> endpoints.remove(node.nodeName(), req));
        store(() -> ipam.releaseByHandle(handle(req)));
    }

    /** CHECK: the addresses IPAM holds for the container are on its interface, with the routes. */
    public void check(CniRequest req) {
        List<IpAddress> held = store(() -> ipam.addressesOf(handle(req)));
        if (held.isEmpty()) {
            throw new CniError(CniError.UNKNOWN_CONTAINER, "CHECK failed: IPAM holds no address for " + handle(req), "");
        }
        List<InterfaceAddress> prefixes = held.stream().map(a -> new InterfaceAddress(a, a.bitLength())).toList();
        conf.prevResult().ifPresent(prev -> {
            Set<InterfaceAddress> inPrev = CniJson.readResult(prev).ips().stream().map(CniResult.Ip::address).collect(Collectors.toSet());
            if (!inPrev.containsAll(prefixes)) {
                throw new CniError(CniError.UNKNOWN_CONTAINER, "CHECK failed: prevResult lists " + inPrev + " but IPAM holds "
                        + prefixes + " for " + handle(req), "");
            }
        });
        wiring.check(new PodInterface(req.netns().orElseThrow(), req.ifname(), hostIf(req), prefixes, node.mtu()));
    }

    /** STATUS (1.1.0): ready when the datastore answers and a pool is enabled. */
    public void status() {
        List<IPPool> pools;
        try {
            pools = ipam.pools();
        } catch (RuntimeException e) {
            throw new CniError(CniError.PLUGIN_NOT_AVAILABLE, "the datastore " + conf.datastore().describe() + " does not answer",
                    e.getMessage(), e);
        }
        if (pools.stream().allMatch(IPPool::disabled)) {
            throw new CniError(CniError.PLUGIN_NOT_AVAILABLE, "no enabled IP pool: pods on network " + conf.name()
                    + " would get no address", "create one with muslin pools");
        }
    }

    /** GC (1.1.0): releases this node's addresses and endpoints of the network whose attachment is not in the valid list. */
    public int gc() {
        Set<String> valid = conf.validAttachments().stream().map(a -> conf.name() + "." + a.containerId()).collect(Collectors.toSet());
        Set<String> validEndpoints = conf.validAttachments().stream().map(a -> a.containerId() + "/" + a.ifname())
                .collect(Collectors.toSet());
        int removed = 0;
        for (WorkloadEndpoint w : store(() -> endpoints.ofNetwork(conf.name(), node.nodeName()))) {
            if (!validEndpoints.contains(w.spec().containerID() + "/" + w.spec().endpoint())) {
                wiring.remove(w.spec().interfaceName(), Optional.empty(), w.spec().endpoint());
                store(() -> endpoints.delete(w));
                removed++;
            }
        }
        String prefix = conf.name() + ".";
        Set<String> stale = new java.util.TreeSet<>();
        for (Allocation a : store(ipam::allocations)) {
            if (a.handleId() != null && a.handleId().startsWith(prefix) && !valid.contains(a.handleId())
                    && a.node().map(node.nodeName()::equals).orElse(false)) {
                stale.add(a.handleId());
            }
        }
        for (String h : stale) {
            store(() -> ipam.releaseByHandle(h));
        }
        LOG.info("GC of network {} on {}: {} endpoint(s) and {} handle(s) released", conf.name(), node.nodeName(), removed, stale.size());
        return removed + stale.size();
    }

    /** Runs a store or IPAM call and turns its failures into the specification's codes. */
    private <T> T store(Supplier<T> call) {
        try {
            return call.get();
        } catch (DatastoreUnavailableException e) {
            throw new CniError(CniError.TRY_AGAIN_LATER, "the datastore " + conf.datastore().describe() + " is unavailable",
                    e.getMessage(), e);
        } catch (IpamException e) {
            if (e.getCause() instanceof DatastoreUnavailableException u) {
                throw new CniError(CniError.TRY_AGAIN_LATER, "the datastore " + conf.datastore().describe() + " is unavailable",
                        u.getMessage(), e);
            }
            throw new CniError(CniError.IPAM_FAILURE, "cannot assign an address on network " + conf.name(), e.getMessage(), e);
        } catch (ValidationException e) {
            throw new CniError(CniError.INVALID_NETWORK_CONFIG, "the workload endpoint is invalid", e.getMessage(), e);
        }
    }
}
