package io.muslin.bgp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.muslin.bgp.settings.BfdSpec;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.Filter;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.settings.SettingException;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.config.ConfigException;
import io.muslin.config.ConfigNode;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The standalone speaker's configuration file (YAML), read into the speaker API's
 * {@link DesiredState}. The YAML's shape (keys, types, ranges) is checked here; the values by the
 * API, whose complaints come back under their YAML path ({@code peers[1].holdTime}).
 *
 * @param httpAddress null: no HTTP status endpoint
 */
public record SpeakerConfig(DesiredState desired, IpAddress httpAddress, int httpPort) {

    private static final Set<String> TOP = Set.of("asNumber", "routerId", "listen", "http", "peers", "originate",
            "holdTime", "connectRetry", "nextHopIPv4", "nextHopIPv6", "gracefulRestart", "clusterId", "ipPools",
            "alwaysCompareMed", "filters");
    private static final Set<String> ADDRESS_PORT = Set.of("address", "port");
    private static final Set<String> PEER = Set.of("address", "description", "asNumber", "passive", "password", "holdTime",
            "port", "localAddress", "ttlSecurity", "connectRetry", "families", "routeReflectorClient", "meshPeer",
            "exportLearned", "nextHopMode", "importFilters", "exportFilters", "maxPrefix", "bfd");
    private static final Set<String> BFD = Set.of("minRxMs", "minTxMs", "multiplier", "multihop");
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
        ConfigNode top = ConfigNode.root(root);
        top.onlyKeys(TOP);
        long as = top.longValue("asNumber", 1, 0xFFFFFFFFL, null);
        IpAddress routerId = top.ipv4("routerId");
        IpAddress listenAddress = null;
        int listenPort = 179;
        if (!(root.has("listen") && root.get("listen").isBoolean() && !root.get("listen").asBoolean())) {
            ConfigNode listen = top.child("listen");
            listenAddress = IpAddress.any(false);
            if (listen != null) {
                listen.onlyKeys(ADDRESS_PORT);
                listenAddress = listen.address("address", listenAddress, false);
                listenPort = listen.intValue("port", 1, 65535, 179);
            }
        }
        IpAddress httpAddress = null;
        int httpPort = 0;
        ConfigNode http = top.child("http");
        if (http != null) {
            http.onlyKeys(ADDRESS_PORT);
            httpAddress = http.address("address", IpAddress.parse("127.0.0.1"), false);
            httpPort = http.intValue("port", 1, 65535, null);
        }
        int holdTime = top.intValue("holdTime", 0, 65535, SessionSpec.DEFAULT_HOLD_TIME);
        int connectRetry = top.intValue("connectRetry", 1, 3600, 5);
        try {
            SessionSpec.of(as).withHoldTime(holdTime); // the peers' default: checked even when no peer uses it
        } catch (SettingException e) {
            throw settingError("", e);
        }
        // Graceful restart is on by default (as in Calico's BIRD), with RFC 4724's suggested times.
        int restartTime = SessionSpec.DEFAULT_RESTART_TIME;
        int staleTime = 360;
        int deferral = 360;
        boolean restarting = false;
        ConfigNode gr = top.child("gracefulRestart");
        if (gr != null) {
            gr.onlyKeys(GR);
            restartTime = gr.intValue("restartTime", 0, 4095, restartTime);
            staleTime = gr.intValue("staleRoutesTime", 1, 86400, staleTime);
            deferral = gr.intValue("selectionDeferral", 1, 86400, deferral);
            restarting = gr.bool("restarting", false);
        }
        SpeakerSettings speaker;
        try {
            // The standalone speaker keeps no forwarding state of its own: F follows R.
            speaker = new SpeakerSettings(as, routerId, listenAddress, listenPort,
                    new SpeakerSettings.GracefulRestart(restarting, restarting, Duration.ofSeconds(deferral)));
        } catch (SettingException e) {
            throw settingError("", e);
        }
        RoutingSettings routing = routing(top, staleTime);
        Map<String, Filter> filters = new LinkedHashMap<>();
        for (Filter f : FilterConfig.filters(top)) {
            filters.put(f.name(), f);
        }
        List<PeerSpec> peers = new ArrayList<>();
        for (ConfigNode p : top.children("peers")) {
            peers.add(peer(p, holdTime, connectRetry, restartTime, filters));
        }
        List<OriginatedRoute> originate = new ArrayList<>();
        List<String> texts = top.texts("originate");
        for (int i = 0; i < texts.size(); i++) {
            originate.add(OriginatedRoute.of(prefix(texts.get(i), "originate[" + i + "]")));
        }
        try {
            return new SpeakerConfig(new DesiredState(speaker, routing, peers, originate), httpAddress, httpPort);
        } catch (SettingException e) {
            throw new ConfigException(yamlPath(e.field()), e.reason());
        }
    }

    private static RoutingSettings routing(ConfigNode top, int staleTime) throws ConfigException {
        List<IpPrefix> pools = new ArrayList<>();
        List<String> poolTexts = top.texts("ipPools");
        for (int i = 0; i < poolTexts.size(); i++) {
            pools.add(prefix(poolTexts.get(i), "ipPools[" + i + "]"));
        }
        IpAddress clusterId = top.has("clusterId") ? top.ipv4("clusterId") : null;
        try {
            return new RoutingSettings(pools, clusterId, top.address("nextHopIPv4", null, false),
                    top.address("nextHopIPv6", null, false), top.bool("alwaysCompareMed", false),
                    Duration.ofSeconds(staleTime));
        } catch (SettingException e) {
            throw settingError("", e);
        }
    }

    private static PeerSpec peer(ConfigNode p, int holdTime, int connectRetry, int restartTime, Map<String, Filter> filters)
            throws ConfigException {
        p.onlyKeys(PEER);
        IpAddress address = p.address("address", null, true);
        List<AfiSafi> families = new ArrayList<>();
        List<String> names = p.texts("families");
        for (int i = 0; i < names.size(); i++) {
            try {
                families.add(SessionSpec.parseFamily(names.get(i), "families[" + i + "]"));
            } catch (SettingException e) {
                throw settingError(p.path(), e);
            }
        }
        PeerPolicy policy = FilterConfig.policy(p, filters);
        try {
            SessionSpec session = new SessionSpec(p.longValue("asNumber", 1, 0xFFFFFFFFL, null),
                    p.intValue("port", 1, 65535, 179), p.address("localAddress", null, false), p.text("password", null),
                    p.intValue("ttlSecurity", 0, 254, 0), p.bool("passive", false), p.intValue("holdTime", 0, 65535, holdTime),
                    Duration.ofSeconds(p.intValue("connectRetry", 1, 3600, connectRetry)),
                    families.isEmpty() ? List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST) : families, restartTime);
            return new PeerSpec(address, p.text("description", ""), session, policy, bfd(p));
        } catch (SettingException e) {
            throw settingError(p.path(), e);
        }
    }

    /** {@code bfd: {minRxMs, minTxMs, multiplier, multihop}}: present (even empty) means enabled. */
    private static BfdSpec bfd(ConfigNode p) throws ConfigException {
        if (!p.has("bfd")) {
            return null;
        }
        ConfigNode b = p.child("bfd");
        b.onlyKeys(BFD);
        try {
            return new BfdSpec(b.intValue("minRxMs", 1, 3_600_000, BfdSpec.DEFAULT_MIN_RX_MS),
                    b.intValue("minTxMs", 1, 3_600_000, BfdSpec.DEFAULT_MIN_TX_MS),
                    b.intValue("multiplier", 1, 255, BfdSpec.DEFAULT_MULTIPLIER), b.bool("multihop", false));
        } catch (SettingException e) {
            throw settingError(b.path(), e);
        }
    }

    private static IpPrefix prefix(String text, String field) throws ConfigException {
        try {
            return IpPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(field, e.getMessage());
        }
    }

    /**
     * Where a field of the speaker API's {@link DesiredState} is in this file: the file has no
     * {@code session} level in a peer, says {@code originate} and {@code listen}.
     */
    static String yamlPath(String apiField) {
        return apiField.replaceFirst("^(peers\\[\\d+\\])\\.session\\.", "$1.")
                .replaceFirst("^originated(\\[\\d+\\])\\.prefix", "originate$1")
                .replaceFirst("^listenPort$", "listen.port")
                .replaceFirst("^(peers\\[\\d+\\])\\.gracefulRestartTime$", "gracefulRestart.restartTime");
    }

    /** The speaker API's complaint about a value read at {@code path} of the file, as a configuration error. */
    static ConfigException settingError(String path, SettingException e) {
        SettingException placed = e.under(path);
        return new ConfigException(placed.field(), placed.reason());
    }
}
