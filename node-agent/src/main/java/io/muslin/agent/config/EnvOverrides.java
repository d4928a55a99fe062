package io.muslin.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code MUSLIN_*} environment variables, each replacing one field of the file. An empty value
 * counts as unset (as Kubernetes manifests often leave them). {@link #VARIABLES} is the documented list.
 */
public final class EnvOverrides {

    /** One variable: its name, the field it sets, whether it is a comma-separated list, and what it is for. */
    public record Variable(String name, String path, boolean list, String description) {}

    /** The environment variable that gives the etcd password itself (there is no file field for it). */
    public static final String ETCD_PASSWORD = "MUSLIN_ETCD_PASSWORD";

    /** The configuration file the command line reads when {@code --config} is not given. */
    public static final String CONFIG_FILE = "MUSLIN_CONFIG";

    public static final List<Variable> VARIABLES = List.of(
            new Variable("MUSLIN_NODE_NAME", "nodeName", false, "this node's name"),
            new Variable("MUSLIN_DATASTORE_TYPE", "datastore.type", false, "etcd or file"),
            new Variable("MUSLIN_ETCD_ENDPOINTS", "datastore.etcd.endpoints", true, "etcd client URLs, comma-separated"),
            new Variable("MUSLIN_ETCD_CA_FILE", "datastore.etcd.caFile", false, "CA certificate (PEM) for https endpoints"),
            new Variable("MUSLIN_ETCD_CERT_FILE", "datastore.etcd.certFile", false, "client certificate (PEM)"),
            new Variable("MUSLIN_ETCD_KEY_FILE", "datastore.etcd.keyFile", false, "client key (PKCS#8 PEM)"),
            new Variable("MUSLIN_ETCD_USERNAME", "datastore.etcd.username", false, "etcd user"),
            new Variable("MUSLIN_ETCD_PASSWORD_FILE", "datastore.etcd.passwordFile", false, "file holding the etcd password"),
            new Variable("MUSLIN_DATASTORE_DIRECTORY", "datastore.file.directory", false, "file store directory"),
            new Variable("MUSLIN_IPV4", "nodeAddress.ipv4", false, "IPv4 autodetection method or address"),
            new Variable("MUSLIN_IPV6", "nodeAddress.ipv6", false, "IPv6 autodetection method or address"),
            new Variable("MUSLIN_AS", "bgp.asNumber", false, "this node's AS number"),
            new Variable("MUSLIN_BGP_LISTEN_PORT", "bgp.listenPort", false, "BGP port"),
            new Variable("MUSLIN_BGP_HOLD_TIME", "bgp.holdTime", false, "BGP hold time, seconds"),
            new Variable("MUSLIN_BGP_GRACEFUL_RESTART_TIME", "bgp.gracefulRestartTime", false, "graceful restart time, seconds"),
            new Variable("MUSLIN_BGP_ROUTER_ID", "bgp.routerId", false, "BGP identifier"),
            new Variable("MUSLIN_HTTP_ADDRESS", "http.address", false, "HTTP API address"),
            new Variable("MUSLIN_HTTP_PORT", "http.port", false, "HTTP API port"),
            new Variable("MUSLIN_ROUTE_RESYNC_INTERVAL", "routes.resyncInterval", false, "kernel route resync interval"),
            new Variable("MUSLIN_IPAM_GC_INTERVAL", "ipam.gcInterval", false, "IPAM garbage collection interval"),
            new Variable("MUSLIN_IPAM_GC_GRACE", "ipam.gcGrace", false, "IPAM garbage collection grace"),
            new Variable("MUSLIN_POLICY_ENABLED", "policy.enabled", false, "network policy on or off"),
            new Variable("MUSLIN_IPTABLES_BACKEND", "policy.iptablesBackend", false, "auto, legacy or nft"),
            new Variable("MUSLIN_HOST_PROTECTION_ENABLED", "policy.hostProtection.enabled", false,
                    "host protection rules on or off"),
            new Variable("MUSLIN_FAILSAFE_INBOUND_HOST_PORTS", "policy.hostProtection.failsafeInbound", true,
                    "inbound failsafe ports, PROTOCOL:PORT comma-separated, or none"),
            new Variable("MUSLIN_FAILSAFE_OUTBOUND_HOST_PORTS", "policy.hostProtection.failsafeOutbound", true,
                    "outbound failsafe ports, PROTOCOL:PORT comma-separated, or none"),
            new Variable("MUSLIN_HOST_DROP_FOREIGN_ENCAPSULATION", "policy.hostProtection.dropForeignEncapsulation", false,
                    "drop ipip and vxlan from hosts that are not nodes"),
            new Variable("MUSLIN_LOG_LEVEL", "logLevel", false, "error, warn, info, debug or trace"),
            new Variable("MUSLIN_STATE_DIR", "stateDir", false, "where nodename and mtu are written for the CNI plugin"),
            new Variable("MUSLIN_MTU", "mtu", false, "pod MTU (default: uplink MTU less encapsulation overhead)"),
            new Variable("MUSLIN_CNI_SERVER_FILE", "cniServerFile", false, "the CNI plugin server's port file, or none"),
            new Variable("MUSLIN_BGP_SECRET_NAMESPACE", "bgp.secretNamespace", false, "namespace of BGP password secrets"),
            new Variable("MUSLIN_EXABGP_DEFAULT_SPEAKER", "exabgp.defaultSpeaker", false, "embedded or exabgp"),
            new Variable("MUSLIN_EXABGP_PEERS", "exabgp.peers", true, "peer addresses ExaBGP runs, comma-separated"));

    private EnvOverrides() {
    }

    /**
     * Writes the variables set in {@code env} into {@code root} (a copy is not made) and returns,
     * per field path, the variable that set it.
     */
    static Map<String, String> apply(ObjectNode root, Map<String, String> env) {
        Map<String, String> set = new HashMap<>();
        for (Variable v : VARIABLES) {
            String value = env.get(v.name());
            if (value == null || value.isEmpty()) {
                continue;
            }
            String[] parts = v.path().split("\\.");
            ObjectNode parent = root;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = parent.get(parts[i]);
                parent = child instanceof ObjectNode o ? o : parent.putObject(parts[i]);
            }
            String leaf = parts[parts.length - 1];
            if (v.list()) {
                ArrayNode a = JsonNodeFactory.instance.arrayNode();
                for (String item : value.split(",")) {
                    a.add(item.strip());
                }
                parent.set(leaf, a);
            } else {
                parent.put(leaf, value.strip());
            }
            set.put(v.path(), v.name());
        }
        return set;
    }
}
