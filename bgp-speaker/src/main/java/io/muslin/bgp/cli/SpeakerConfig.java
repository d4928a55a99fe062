package io.muslin.bgp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.muslin.bgp.fsm.SessionSettings;
import io.muslin.bgp.rib.PeerPolicy;
import io.muslin.bgp.rib.RibConfig;
import io.muslin.bgp.transport.PeerConfig;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.IpPrefix;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The standalone speaker's configuration file (YAML), validated as it is read.
 *
 * @param listenAddress null with {@code listen: false}: no listening socket, outbound only
 * @param httpAddress   null: no HTTP status endpoint
 */
public record SpeakerConfig(long asNumber, Inet4Address routerId, InetAddress listenAddress, int listenPort,
                            InetAddress httpAddress, int httpPort, List<Peer> peers, List<IpPrefix> originate,
                            RibConfig rib) {

    /** One peer: its session and transport settings, and its routing policy. */
    public record Peer(PeerConfig session, PeerPolicy policy) {
        public InetAddress address() {
            return session.address();
        }
    }

    private static final Set<String> TOP = Set.of("asNumber", "routerId", "listen", "http", "peers", "originate",
            "holdTime", "connectRetry", "nextHopIPv4", "nextHopIPv6", "gracefulRestart", "clusterId", "ipPools",
            "alwaysCompareMed", "filters");
    private static final Set<String> ADDRESS_PORT = Set.of("address", "port");
    private static final Set<String> PEER = Set.of("address", "asNumber", "passive", "password", "holdTime", "port",
            "localAddress", "ttlSecurity", "connectRetry", "families", "routeReflectorClient", "meshPeer",
            "exportLearned", "nextHopMode", "importFilters", "exportFilters", "maxPrefix");
    private static final Set<String> GR = Set.of("restartTime", "staleRoutesTime", "restarting", "selectionDeferral");

    public static SpeakerConfig load(Path file) throws ConfigException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return parse(root);
    }

    public static SpeakerConfig parse(String yaml) throws ConfigException {
        try {
            return parse(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        } catch (IOException e) {
            throw new ConfigException("(file)", "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    static SpeakerConfig parse(JsonNode root) throws ConfigException {
        ConfigNode top = new ConfigNode(root, "");
        top.onlyKeys(TOP);
        long as = top.longValue("asNumber", 1, 0xFFFFFFFFL, null);
        Inet4Address routerId = top.ipv4("routerId");
        if (routerId.getHostAddress().equals("0.0.0.0")) {
            throw new ConfigException("routerId", "0.0.0.0 is not a valid BGP identifier");
        }
        InetAddress listenAddress = null;
        int listenPort = 179;
        if (!(root.has("listen") && root.get("listen").isBoolean() && !root.get("listen").asBoolean())) {
            ConfigNode listen = top.child("listen");
            listenAddress = IpPrefix.parseAddress("0.0.0.0");
            if (listen != null) {
                listen.onlyKeys(ADDRESS_PORT);
                listenAddress = listen.address("address", listenAddress, false);
                listenPort = listen.intValue("port", 1, 65535, 179);
            }
        }
        InetAddress httpAddress = null;
        int httpPort = 0;
        ConfigNode http = top.child("http");
        if (http != null) {
            http.onlyKeys(ADDRESS_PORT);
            httpAddress = http.address("address", IpPrefix.parseAddress("127.0.0.1"), false);
            httpPort = http.intValue("port", 1, 65535, null);
        }
        int holdTime = top.intValue("holdTime", 0, 65535, SessionSettings.DEFAULT_HOLD_TIME);
        checkHold(holdTime, "holdTime");
        int connectRetry = top.intValue("connectRetry", 1, 3600, 5);
        // Graceful restart is on by default (as in Calico's BIRD), with RFC 4724's suggested times.
        int restartTime = 120;
        int staleTime = 360;
        int deferral = 360;
        boolean restarting = false;
        ConfigNode gr = top.child("gracefulRestart");
        if (gr != null) {
            gr.onlyKeys(GR);
            restartTime = gr.intValue("restartTime", 0, 4095, 120);
            staleTime = gr.intValue("staleRoutesTime", 1, 86400, 360);
            deferral = gr.intValue("selectionDeferral", 1, 86400, 360);
            restarting = gr.bool("restarting", false);
        }
        int clusterId = 0;
        if (top.has("clusterId")) {
            clusterId = ByteBuffer.wrap(top.ipv4("clusterId").getAddress()).getInt();
        }
        List<IpPrefix> pools = new ArrayList<>();
        List<String> poolTexts = top.texts("ipPools");
        for (int i = 0; i < poolTexts.size(); i++) {
            try {
                pools.add(IpPrefix.parse(poolTexts.get(i)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("ipPools[" + i + "]", e.getMessage());
            }
        }
        java.util.Map<String, io.muslin.bgp.rib.Filter> filters = new java.util.LinkedHashMap<>();
        for (io.muslin.bgp.rib.Filter f : FilterConfig.filters(top)) {
            filters.put(f.name(), f);
        }
        InetAddress nh4 = top.address("nextHopIPv4", null, false);
        if (nh4 != null && !(nh4 instanceof Inet4Address)) {
            throw new ConfigException("nextHopIPv4", nh4.getHostAddress() + " is not an IPv4 address");
        }
        InetAddress nh6 = top.address("nextHopIPv6", null, false);
        if (nh6 != null && !(nh6 instanceof Inet6Address)) {
            throw new ConfigException("nextHopIPv6", nh6.getHostAddress() + " is not an IPv6 address");
        }
        int routerIdInt = ByteBuffer.wrap(routerId.getAddress()).getInt();
        List<Peer> peers = new ArrayList<>();
        Set<InetAddress> seen = new HashSet<>();
        for (ConfigNode p : top.children("peers")) {
            p.onlyKeys(PEER);
            InetAddress address = p.address("address", null, true);
            if (!seen.add(address)) {
                throw new ConfigException(p.field("address"), address.getHostAddress() + " is configured twice");
            }
            long peerAs = p.longValue("asNumber", 1, 0xFFFFFFFFL, null);
            int hold = p.intValue("holdTime", 0, 65535, holdTime);
            checkHold(hold, p.field("holdTime"));
            List<AfiSafi> families = families(p);
            SessionSettings s = SessionSettings.of(as, routerIdInt, peerAs)
                    .withPassive(p.bool("passive", false))
                    .withHoldTime(hold)
                    .withConnectRetry(Duration.ofSeconds(p.intValue("connectRetry", 1, 3600, connectRetry)))
                    .withFamilies(families)
                    .withGracefulRestart(restartTime, restarting, restarting);
            String password = p.text("password", null);
            if (password != null && (password.isEmpty() || password.length() > 80)) {
                throw new ConfigException(p.field("password"), "must be 1..80 characters (the kernel's TCP MD5 key limit)");
            }
            InetAddress local = p.address("localAddress", null, false);
            if (local != null && (local instanceof Inet6Address) != (address instanceof Inet6Address)) {
                throw new ConfigException(p.field("localAddress"), local.getHostAddress() + " is not of the same family as "
                        + address.getHostAddress());
            }
            PeerConfig session = new PeerConfig(address, p.intValue("port", 1, 65535, 179), local, password,
                    p.intValue("ttlSecurity", 0, 254, 0), s);
            peers.add(new Peer(session, FilterConfig.policy(p, filters)));
        }
        List<IpPrefix> originate = new ArrayList<>();
        List<String> texts = top.texts("originate");
        for (int i = 0; i < texts.size(); i++) {
            try {
                originate.add(IpPrefix.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("originate[" + i + "]", e.getMessage());
            }
        }
        RibConfig rib = new RibConfig(as, routerIdInt, clusterId, top.bool("alwaysCompareMed", false), pools, nh4, nh6,
                restarting, Duration.ofSeconds(deferral), Duration.ofSeconds(staleTime));
        return new SpeakerConfig(as, routerId, listenAddress, listenPort, httpAddress, httpPort, peers, originate, rib);
    }

    private static List<AfiSafi> families(ConfigNode p) throws ConfigException {
        List<String> names = p.texts("families");
        if (names.isEmpty()) {
            return List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);
        }
        List<AfiSafi> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(switch (names.get(i)) {
                case "ipv4-unicast", "ipv4" -> AfiSafi.IPV4_UNICAST;
                case "ipv6-unicast", "ipv6" -> AfiSafi.IPV6_UNICAST;
                default -> throw new ConfigException(p.field("families") + "[" + i + "]",
                        "'" + names.get(i) + "' is not ipv4-unicast or ipv6-unicast");
            });
        }
        return out;
    }

    private static void checkHold(int hold, String field) throws ConfigException {
        if (hold == 1 || hold == 2) {
            throw new ConfigException(field, hold + " s is not allowed: 0 (no keepalives) or 3..65535 (RFC 4271 §4.2)");
        }
    }
}
