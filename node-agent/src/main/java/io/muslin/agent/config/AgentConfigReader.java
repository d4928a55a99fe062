package io.muslin.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.muslin.agent.address.AddressMethod;
import io.muslin.agent.config.AgentConfig.Bgp;
import io.muslin.agent.config.AgentConfig.Datastore;
import io.muslin.agent.config.AgentConfig.Http;
import io.muslin.agent.config.AgentConfig.IptablesBackend;
import io.muslin.agent.config.AgentConfig.LogLevel;
import io.muslin.agent.config.AgentConfig.NodeAddress;
import io.muslin.config.ConfigException;
import io.muslin.config.ConfigNode;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.model.Durations;
import io.muslin.net.IpAddress;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads the agent's YAML file, applies the {@code MUSLIN_*} environment variables over it, and
 * validates every field: the first bad value ends the read with a {@link ConfigException} naming
 * its field path. Unknown fields are errors. Files the configuration names (TLS, password) must be
 * readable.
 */
public final class AgentConfigReader {
    public static final int DEFAULT_HTTP_PORT = 9099;
    public static final int DEFAULT_HOLD_TIME = 90;
    public static final int DEFAULT_RESTART_TIME = 120;
    public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(90);
    public static final Duration DEFAULT_GC_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_GC_GRACE = Duration.ofMinutes(15);
    public static final String DEFAULT_STATE_DIR = "/var/lib/muslin";
    public static final String DEFAULT_CNI_SERVER_FILE = "/var/run/muslin/cni-server";
    public static final String DEFAULT_SECRET_NAMESPACE = "kube-system";

    private static final Set<String> TOP = Set.of("nodeName", "datastore", "nodeAddress", "bgp", "http", "routes", "ipam",
            "policy", "logLevel", "stateDir", "mtu", "cniServerFile", "exabgp");
    private static final Set<String> EXABGP = Set.of("defaultSpeaker", "peers", "linkState", "executable", "runDirectory");
    private static final Set<String> DATASTORE = Set.of("type", "etcd", "file");
    private static final Set<String> ETCD = Set.of("endpoints", "caFile", "certFile", "keyFile", "username", "passwordFile");
    private static final Set<String> FILE = Set.of("directory");
    private static final Set<String> NODE_ADDRESS = Set.of("ipv4", "ipv6");
    private static final Set<String> BGP = Set.of("asNumber", "listenPort", "holdTime", "gracefulRestartTime", "routerId",
            "secretNamespace");
    private static final Set<String> HTTP = Set.of("address", "port");
    private static final Set<String> ROUTES = Set.of("resyncInterval");
    private static final Set<String> IPAM = Set.of("gcInterval", "gcGrace");
    private static final Set<String> POLICY = Set.of("enabled", "iptablesBackend", "hostProtection");
    private static final Set<String> HOST_PROTECTION = Set.of("enabled", "failsafeInbound", "failsafeOutbound",
            "dropForeignEncapsulation");
    /** A Kubernetes node name: a DNS-1123 subdomain. */
    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final Map<String, String> env;
    private final Supplier<String> hostname;

    /**
     * @param env      the environment ({@code System.getenv()} in the agent)
     * @param hostname the host's name, asked only when no node name is configured
     */
    public AgentConfigReader(Map<String, String> env, Supplier<String> hostname) {
        this.env = Map.copyOf(env);
        this.hostname = hostname;
    }

    /** The reader of the running process: its environment and the kernel's host name. */
    public static AgentConfigReader ofProcess() {
        return new AgentConfigReader(System.getenv(), AgentConfigReader::kernelHostname);
    }

    /** Reads and validates a file; a missing file is an error naming it. */
    public AgentConfig read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read: " + firstLine(e));
        }
        return parse(text);
    }

    /** Validates YAML text (an empty text is a file with every default). */
    public AgentConfig parse(String yaml) throws ConfigException {
        JsonNode root;
        try {
            root = yaml.isBlank() ? JsonNodeFactory.instance.objectNode() : new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException("(file)", "not valid YAML: " + firstLine(e));
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        if (!(root instanceof ObjectNode obj)) {
            throw new ConfigException("(top level)", "must be a mapping of keys to values");
        }
        Map<String, String> fromEnv = EnvOverrides.apply(obj, env);
        return validate(ConfigNode.root(obj, fromEnv));
    }

    private AgentConfig validate(ConfigNode top) throws ConfigException {
        top.onlyKeys(TOP);
        String nodeName = top.text("nodeName", null);
        if (nodeName == null) {
            String h = hostname.get();
            if (h == null || h.isBlank()) {
                throw new ConfigException(top.field("nodeName"), "is not set and the host name is unknown");
            }
            nodeName = h.strip().toLowerCase(Locale.ROOT);
        }
        if (nodeName.length() > 253 || !NODE_NAME.matcher(nodeName).matches()) {
            throw new ConfigException(top.field("nodeName"), "'" + nodeName
                    + "' is not a valid node name (lower-case letters, digits, '-' and '.', at most 253 characters)");
        }
        Datastore datastore = datastore(top);
        NodeAddress address = nodeAddress(top);
        Bgp bgp = bgp(top, address);
        Http http = http(top);
        ConfigNode routes = section(top, "routes", ROUTES);
        Duration resync = duration(routes, "resyncInterval", Duration.ofSeconds(1), Duration.ofHours(24), DEFAULT_RESYNC);
        ConfigNode ipam = section(top, "ipam", IPAM);
        Duration gcInterval = duration(ipam, "gcInterval", Duration.ofSeconds(10), Duration.ofHours(24), DEFAULT_GC_INTERVAL);
        Duration gcGrace = duration(ipam, "gcGrace", Duration.ofMinutes(1), Duration.ofDays(7), DEFAULT_GC_GRACE);
        ConfigNode policy = section(top, "policy", POLICY);
        boolean policyOn = policy.bool("enabled", true);
        IptablesBackend backend = IptablesBackend.valueOf(policy.oneOf("iptablesBackend", List.of("auto", "legacy", "nft"),
                "auto").toUpperCase(Locale.ROOT));
        AgentConfig.HostProtection hostProtection = hostProtection(policy);
        LogLevel level = LogLevel.valueOf(top.oneOf("logLevel", List.of("error", "warn", "info", "debug", "trace"), "info")
                .toUpperCase(Locale.ROOT));
        String state = top.text("stateDir", DEFAULT_STATE_DIR).strip();
        if (!Path.of(state).isAbsolute()) {
            throw new ConfigException(top.field("stateDir"), "'" + state + "' is not an absolute path");
        }
        OptionalInt mtu = top.has("mtu") ? OptionalInt.of(top.intValue("mtu", 576, 65535, null)) : OptionalInt.empty();
        String cniServer = top.text("cniServerFile", DEFAULT_CNI_SERVER_FILE).strip();
        if (!cniServer.equals("none") && !Path.of(cniServer).isAbsolute()) {
            throw new ConfigException(top.field("cniServerFile"), "'" + cniServer + "' is neither an absolute path nor none");
        }
        Optional<Path> cniServerFile = cniServer.equals("none") ? Optional.empty() : Optional.of(Path.of(cniServer));
        return new AgentConfig(nodeName, datastore, address, bgp, http, resync, new AgentConfig.Ipam(gcInterval, gcGrace),
                new AgentConfig.Policy(policyOn, backend, hostProtection), level, Path.of(state), mtu, cniServerFile,
                exabgp(top, Path.of(state)));
    }

    private static AgentConfig.Exabgp exabgp(ConfigNode top, Path stateDir) throws ConfigException {
        ConfigNode x = section(top, "exabgp", EXABGP);
        boolean byDefault = x.oneOf("defaultSpeaker", List.of("embedded", "exabgp"), "embedded").equals("exabgp");
        List<IpAddress> peers = new ArrayList<>();
        List<String> texts = x.texts("peers");
        for (int i = 0; i < texts.size(); i++) {
            try {
                peers.add(IpAddress.parse(texts.get(i).strip()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(x.field("peers") + "[" + i + "]", "'" + texts.get(i) + "' is not an IP address");
            }
        }
        boolean linkState = x.bool("linkState", true);
        Path executable = absolute(x, "executable", "/usr/sbin/exabgp");
        Path run = absolute(x, "runDirectory", stateDir.resolve("exabgp").toString());
        return new AgentConfig.Exabgp(byDefault, peers, linkState, executable, run);
    }

    private static Path absolute(ConfigNode n, String key, String fallback) throws ConfigException {
        String text = n.text(key, fallback).strip();
        if (!Path.of(text).isAbsolute()) {
            throw new ConfigException(n.field(key), "'" + text + "' is not an absolute path");
        }
        return Path.of(text);
    }

    private static AgentConfig.HostProtection hostProtection(ConfigNode policy) throws ConfigException {
        ConfigNode hp = section(policy, "hostProtection", HOST_PROTECTION);
        AgentConfig.HostProtection d = AgentConfig.HostProtection.DEFAULT;
        return new AgentConfig.HostProtection(hp.bool("enabled", d.enabled()),
                failsafePorts(hp, "failsafeInbound", d.failsafeInbound()), failsafePorts(hp, "failsafeOutbound", d.failsafeOutbound()),
                hp.bool("dropForeignEncapsulation", d.dropForeignEncapsulation()));
    }

    /** {@code PROTOCOL:PORT} items (a bare port is tcp, as in Calico); {@code [none]} or an empty list for none. */
    private static List<String> failsafePorts(ConfigNode hp, String key, List<String> fallback) throws ConfigException {
        if (!hp.has(key)) {
            return fallback;
        }
        List<String> texts = hp.texts(key);
        if (texts.size() == 1 && texts.getFirst().strip().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                out.add(io.muslin.policy.render.HostProtection.Failsafe.parse(texts.get(i)).toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(hp.field(key) + "[" + i + "]", "'" + texts.get(i).strip()
                        + "' is not PROTOCOL:PORT with a protocol tcp, udp or sctp and a port 1..65535 (e.g. tcp:22)");
            }
        }
        return List.copyOf(out);
    }

    /** A Go-style duration ({@code 90s}, {@code 5m}, {@code 1h30m}) or whole seconds, within bounds. */
    private static Duration duration(ConfigNode n, String key, Duration min, Duration max, Duration fallback)
            throws ConfigException {
        if (!n.has(key)) {
            return fallback;
        }
        String t = n.text(key, null).strip();
        Duration d;
        try {
            d = t.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(t)) : Durations.parse(t);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ConfigException(n.field(key), "'" + t + "' is not a duration (e.g. 90s, 5m, 1h30m)");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(n.field(key), t + " is outside " + text(min) + ".." + text(max));
        }
        return d;
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() % 60 != 0 ? d.toSeconds() + "s"
                : d.toMinutes() % 60 != 0 ? d.toMinutes() + "m" : d.toHours() + "h";
    }

    /** A section that may be absent (then every field takes its default). */
    private static ConfigNode section(ConfigNode parent, String key, Set<String> known) throws ConfigException {
        ConfigNode n = parent.childOrEmpty(key);
        n.onlyKeys(known);
        return n;
    }

    private Datastore datastore(ConfigNode top) throws ConfigException {
        ConfigNode ds = section(top, "datastore", DATASTORE);
        String type = ds.oneOf("type", List.of("etcd", "file"), "etcd");
        if (type.equals("file")) {
            if (ds.has("etcd")) {
                throw new ConfigException(ds.field("etcd"), "is set but datastore.type is file");
            }
            ConfigNode file = section(ds, "file", FILE);
            String dir = file.text("directory", null);
            if (dir == null || dir.isBlank()) {
                throw new ConfigException(file.field("directory"), "is required with datastore.type file");
            }
            Path p = Path.of(dir);
            if (!p.isAbsolute()) {
                throw new ConfigException(file.field("directory"), "'" + dir + "' is not an absolute path");
            }
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new ConfigException(file.field("directory"), dir + " exists and is not a directory");
            }
            return new AgentConfig.FileStore(p);
        }
        if (ds.has("file")) {
            throw new ConfigException(ds.field("file"), "is set but datastore.type is etcd");
        }
        ConfigNode etcd = section(ds, "etcd", ETCD);
        List<String> texts = etcd.texts("endpoints");
        if (texts.isEmpty()) {
            throw new ConfigException(etcd.field("endpoints"), "is required with datastore.type etcd (e.g. [https://10.0.0.5:2379])");
        }
        List<URI> endpoints = new ArrayList<>();
        boolean https = false;
        for (int i = 0; i < texts.size(); i++) {
            String field = etcd.field("endpoints") + "[" + i + "]";
            URI u;
            try {
                u = new URI(texts.get(i).strip());
            } catch (URISyntaxException e) {
                u = null;
            }
            if (u == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null || u.getPort() <= 0
                    || (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/"))) {
                throw new ConfigException(field, "'" + texts.get(i) + "' is not of the form http(s)://host:port");
            }
            https |= "https".equals(u.getScheme());
            endpoints.add(u);
        }
        boolean anyHttp = endpoints.stream().anyMatch(u -> "http".equals(u.getScheme()));
        if (https && anyHttp) {
            throw new ConfigException(etcd.field("endpoints"), "mixes http and https endpoints");
        }
        Path ca = readableFile(etcd, "caFile");
        Path cert = readableFile(etcd, "certFile");
        Path key = readableFile(etcd, "keyFile");
        if ((cert == null) != (key == null)) {
            throw new ConfigException(etcd.field(cert == null ? "certFile" : "keyFile"),
                    "is required with " + (cert == null ? "keyFile" : "certFile") + " (client certificate and key go together)");
        }
        if (https && ca == null) {
            throw new ConfigException(etcd.field("caFile"), "is required with https endpoints");
        }
        if (!https && (ca != null || cert != null)) {
            throw new ConfigException(etcd.field(ca != null ? "caFile" : "certFile"), "is set but the endpoints are plain http");
        }
        EtcdConfig cfg = EtcdConfig.of(endpoints.stream().map(URI::toString).toArray(String[]::new));
        if (ca != null) {
            cfg = cfg.withTls(new EtcdConfig.Tls(ca, Optional.ofNullable(cert), Optional.ofNullable(key)));
        }
        String user = etcd.text("username", null);
        String password = password(etcd);
        if (user != null && user.isBlank()) {
            throw new ConfigException(etcd.field("username"), "is empty");
        }
        if (user != null && password == null) {
            throw new ConfigException(etcd.field("passwordFile"), "is required with username (or set " + EnvOverrides.ETCD_PASSWORD + ")");
        }
        if (user == null && password != null) {
            throw new ConfigException(etcd.field("username"), "is required with a password");
        }
        if (user != null) {
            cfg = cfg.withCredentials(user, password);
        }
        return new AgentConfig.EtcdStore(cfg);
    }

    private String password(ConfigNode etcd) throws ConfigException {
        String fromEnv = env.get(EnvOverrides.ETCD_PASSWORD);
        boolean envSet = fromEnv != null && !fromEnv.isEmpty();
        Path file = readableFile(etcd, "passwordFile");
        if (envSet && file != null) {
            throw new ConfigException(etcd.field("passwordFile"), "is set and so is " + EnvOverrides.ETCD_PASSWORD + "; give one");
        }
        if (envSet) {
            return fromEnv;
        }
        if (file == null) {
            return null;
        }
        try {
            String p = Files.readString(file).strip();
            if (p.isEmpty()) {
                throw new ConfigException(etcd.field("passwordFile"), file + " is empty");
            }
            return p;
        } catch (IOException e) {
            throw new ConfigException(etcd.field("passwordFile"), "cannot read " + file + ": " + firstLine(e));
        }
    }

    private static Path readableFile(ConfigNode n, String key) throws ConfigException {
        String t = n.text(key, null);
        if (t == null) {
            return null;
        }
        Path p = Path.of(t.strip());
        if (!Files.isRegularFile(p)) {
            throw new ConfigException(n.field(key), t + " does not exist or is not a file");
        }
        if (!Files.isReadable(p)) {
            throw new ConfigException(n.field(key), t + " is not readable");
        }
        return p;
    }

    private static NodeAddress nodeAddress(ConfigNode top) throws ConfigException {
        ConfigNode n = section(top, "nodeAddress", NODE_ADDRESS);
        AddressMethod v4 = method(n, "ipv4", "first-found", false);
        AddressMethod v6 = method(n, "ipv6", "none", true);
        if (v4 instanceof AddressMethod.None && v6 instanceof AddressMethod.None) {
            throw new ConfigException(n.field("ipv4"), "none, and so is nodeAddress.ipv6: the node needs an address of one family");
        }
        return new NodeAddress(v4, v6);
    }

    private static AddressMethod method(ConfigNode n, String key, String fallback, boolean v6) throws ConfigException {
        String t = n.text(key, fallback);
        try {
            return AddressMethod.parse(t, v6);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(n.field(key), e.getMessage());
        }
    }

    private static Bgp bgp(ConfigNode top, NodeAddress address) throws ConfigException {
        ConfigNode b = section(top, "bgp", BGP);
        OptionalLong as = b.has("asNumber") ? OptionalLong.of(b.longValue("asNumber", 1, 0xFFFFFFFFL, null)) : OptionalLong.empty();
        if (as.isPresent() && as.getAsLong() == 23456) {
            throw new ConfigException(b.field("asNumber"), "23456 is AS_TRANS (RFC 6793), not a real AS");
        }
        OptionalInt port = b.has("listenPort") ? OptionalInt.of(b.intValue("listenPort", 1, 65535, null)) : OptionalInt.empty();
        int hold = b.intValue("holdTime", 0, 65535, DEFAULT_HOLD_TIME);
        if (hold == 1 || hold == 2) {
            throw new ConfigException(b.field("holdTime"), hold + " is not allowed: 0 or at least 3 seconds (RFC 4271 4.2)");
        }
        int restart = b.intValue("gracefulRestartTime", 0, 4095, DEFAULT_RESTART_TIME);
        Optional<IpAddress> routerId = Optional.empty();
        String rid = b.text("routerId", null);
        if (rid != null) {
            IpAddress a;
            try {
                a = IpAddress.parse(rid.strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(b.field("routerId"), e.getMessage());
            }
            if (a.v6() || a.isUnspecified()) {
                throw new ConfigException(b.field("routerId"), "'" + rid + "' is not a non-zero IPv4 address (a BGP identifier is 4 octets)");
            }
            routerId = Optional.of(a);
        } else if (address.ipv4() instanceof AddressMethod.None) {
            throw new ConfigException(b.field("routerId"), "is required when nodeAddress.ipv4 is none (a BGP identifier is an IPv4 address)");
        }
        String secretNamespace = b.text("secretNamespace", DEFAULT_SECRET_NAMESPACE).strip();
        if (secretNamespace.isEmpty()) {
            throw new ConfigException(b.field("secretNamespace"), "is empty");
        }
        return new Bgp(as, port, hold, restart, routerId, secretNamespace);
    }

    private static Http http(ConfigNode top) throws ConfigException {
        ConfigNode h = section(top, "http", HTTP);
        String addr = h.text("address", "127.0.0.1");
        IpAddress a;
        try {
            a = IpAddress.parse(addr.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(h.field("address"), e.getMessage() + " (an address, not a name)");
        }
        return new Http(a, h.intValue("port", 0, 65535, DEFAULT_HTTP_PORT));
    }

    /** The kernel's host name ({@code /proc/sys/kernel/hostname}), else {@code $HOSTNAME}, else null. */
    public static String kernelHostname() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException e) {
            // not Linux, or no procfs
        }
        return System.getenv("HOSTNAME");
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
