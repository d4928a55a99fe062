package io.muslin.agent.config;

import io.muslin.agent.address.AddressMethod;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.net.IpAddress;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The agent's validated configuration ({@code docs/node-agent.md} lists every field, its default
 * and its environment variable). Built only by {@link AgentConfigReader}.
 *
 * @param nodeName            this node's name in the datastore (default: the host name, lower case)
 * @param routeResyncInterval how often the kernel's routes are compared with the wanted ones
 * @param logLevel            the agent's log level
 * @param stateDir            where the agent writes {@code nodename} and {@code mtu} for the CNI plugin
 * @param mtu                 the pod MTU; empty: the uplink's MTU less the encapsulation overhead of the pools
 * @param cniServerFile       where the agent's CNI plugin server writes its port and token for the plugin's
 *                            launcher; empty: no server (every plugin call starts its own JVM)
 * @param exabgp              the ExaBGP bridge, for peers whose sessions ExaBGP runs
 */
public record AgentConfig(String nodeName, Datastore datastore, NodeAddress nodeAddress, Bgp bgp, Http http,
                          Duration routeResyncInterval, Ipam ipam, Policy policy, LogLevel logLevel, Path stateDir,
                          OptionalInt mtu, Optional<Path> cniServerFile, Exabgp exabgp) {

    /**
     * The ExaBGP bridge ({@code docs/exabgp-bridge.md}).
     *
     * @param exabgpByDefault peers whose BGPPeer sets no {@code speaker} (and the node-to-node mesh) run in
     *                        ExaBGP ({@code defaultSpeaker: exabgp}) instead of the embedded speaker
     * @param peers           addresses of peers ExaBGP runs on this node, unless their BGPPeer says otherwise
     * @param linkState       ExaBGP's sessions carry BGP-LS too, for {@code /topology}
     * @param executable      the {@code exabgp} program
     * @param runDirectory    where its configuration and API socket are written
     */
    public record Exabgp(boolean exabgpByDefault, List<IpAddress> peers, boolean linkState, Path executable,
                         Path runDirectory) {
        public Exabgp {
            peers = List.copyOf(peers);
        }
    }

    /** Where cluster state lives. */
    public sealed interface Datastore {
        String describe();
    }

    /** etcd v3, with the TLS and credentials the datastore module needs. */
    public record EtcdStore(EtcdConfig etcd) implements Datastore {
        @Override
        public String describe() {
            return "etcd " + etcd.endpoints();
        }
    }

    /** The embedded file store in a directory (a one-node trial). */
    public record FileStore(Path directory) implements Datastore {
        @Override
        public String describe() {
            return "file store " + directory;
        }
    }

    /** How the node's IPv4 and IPv6 addresses are chosen, each independently. */
    public record NodeAddress(AddressMethod ipv4, AddressMethod ipv6) {}

    /**
     * BGP settings of this node.
     *
     * @param asNumber            this node's AS, written to its Node resource; empty: the cluster's AS
     * @param listenPort          empty: the port the BGPConfiguration resources give, else 179
     * @param holdTime            proposed hold time in seconds (0, or 3..65535)
     * @param gracefulRestartTime restart time announced to peers in seconds (0..4095; 0 turns graceful restart off)
     * @param routerId            the BGP identifier; empty: the node's IPv4 address
     * @param secretNamespace     the namespace of the Secrets BGPPeer passwords name (the agent's own, as in Calico)
     */
    public record Bgp(OptionalLong asNumber, OptionalInt listenPort, int holdTime, int gracefulRestartTime,
                      Optional<IpAddress> routerId, String secretNamespace) {}

    /** Where the HTTP API listens (port 0: any free port). */
    public record Http(IpAddress address, int port) {}

    /** IPAM garbage collection: how often, and how long an address whose owner is gone is kept. */
    public record Ipam(Duration gcInterval, Duration gcGrace) {}

    /** Network policy enforcement, the iptables flavour to use and the host's own protection. */
    public record Policy(boolean enabled, IptablesBackend iptablesBackend, HostProtection hostProtection) {
        public Policy(boolean enabled, IptablesBackend iptablesBackend) {
            this(enabled, iptablesBackend, HostProtection.DEFAULT);
        }
    }

    /**
     * The node's own traffic kept working whatever the policies and the host firewall say (with
     * {@code policy.enabled}): BGP with nodes and peers, etcd, encapsulation between nodes, and the
     * failsafe ports, each {@code PROTOCOL:PORT}.
     */
    public record HostProtection(boolean enabled, List<String> failsafeInbound, List<String> failsafeOutbound,
                                 boolean dropForeignEncapsulation) {
        /** Calico's FailsafeInboundHostPorts: SSH, DHCP, BGP, etcd, Typha, the Kubernetes API, etcd (self-hosted). */
        public static final List<String> CALICO_INBOUND = List.of("tcp:22", "udp:68", "tcp:179", "tcp:2379", "tcp:2380",
                "tcp:5473", "tcp:6443", "tcp:6666", "tcp:6667");
        /** Calico's FailsafeOutboundHostPorts: DNS, DHCP, BGP, etcd, Typha, the Kubernetes API, etcd (self-hosted). */
        public static final List<String> CALICO_OUTBOUND = List.of("udp:53", "udp:67", "tcp:179", "tcp:2379", "tcp:2380",
                "tcp:5473", "tcp:6443", "tcp:6666", "tcp:6667");
        public static final HostProtection DEFAULT = new HostProtection(true, CALICO_INBOUND, CALICO_OUTBOUND, true);

        public HostProtection {
            failsafeInbound = List.copyOf(failsafeInbound);
            failsafeOutbound = List.copyOf(failsafeOutbound);
        }
    }

    /** iptables backend: detect, or force the legacy or the nf_tables one. */
    public enum IptablesBackend {
        AUTO, LEGACY, NFT;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The agent's log level. */
    public enum LogLevel {
        ERROR, WARN, INFO, DEBUG, TRACE;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
