package io.muslin.lab.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.muslin.net.IpPrefix;
import io.muslin.lab.topology.Topology.Core;
import io.muslin.lab.topology.Topology.Etcd;
import io.muslin.lab.topology.Topology.Node;
import io.muslin.lab.topology.Topology.Peering;
import io.muslin.lab.topology.Topology.PodMode;
import io.muslin.lab.topology.Topology.Pool;
import io.muslin.lab.topology.Topology.Rack;
import io.muslin.lab.topology.Topology.Tor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a topology file (YAML, see docs/lab.md) into a {@link Topology}. Every field is checked;
 * the first problem is reported as {@code <file>: <field path>: <reason>}, unknown fields included.
 */
public final class TopologyReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?");
    private static final Set<String> MODES = Set.of("Never", "CrossSubnet", "Always");
    private static final int MAX_PODS_PER_NODE = 60;

    private final String source;

    private TopologyReader(String source) {
        this.source = source;
    }

    /** Reads {@code file}; the lab's name defaults to the file name without {@code .yaml}. */
    public static Topology read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new TopologyException(file + ": cannot read: " + e.getMessage());
        }
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return parse(text, file.toString(), base);
    }

    /** Parses topology YAML; {@code source} names it in errors, {@code defaultName} is used when the file has no {@code name}. */
    public static Topology parse(String yaml, String source, String defaultName) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new TopologyException(source + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TopologyException(source + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new TopologyException(source + ": the file must be a mapping (name, peering, racks, ...)");
        }
        return new TopologyReader(source).topology(root, defaultName);
    }

    private Topology topology(JsonNode root, String defaultName) {
        allowOnly(root, "", "name", "peering", "asNumber", "podMode", "core", "etcd", "pools", "racks");
        String name = root.has("name") ? name(root.get("name"), "name") : defaultName;
        Peering peering = Peering.of(text(root, "peering", "mesh", "peering")).orElseThrow(
                () -> fail("peering", "'" + root.get("peering").asText() + "' is not one of mesh, route-reflectors, tor"));
        long as = asNumber(root, "asNumber", 64512, "asNumber");
        PodMode podMode = PodMode.of(text(root, "podMode", "veth", "podMode")).orElseThrow(
                () -> fail("podMode", "'" + root.get("podMode").asText() + "' is not one of veth, cni"));
        Core core = core(root.path("core"));
        Etcd etcd = etcd(root.path("etcd"));
        List<Pool> pools = pools(root.path("pools"));
        List<Rack> racks = racks(root.path("racks"));
        Topology t = new Topology(name, peering, as, podMode, core, etcd, pools, racks);
        checkWhole(t);
        return t;
    }

    private Core core(JsonNode n) {
        if (n.isMissingNode()) {
            return new Core(65000, IpPrefix.parse("10.255.0.0/24"), IpPrefix.parse("10.255.255.0/24"));
        }
        requireObject(n, "core");
        allowOnly(n, "core.", "asNumber", "links", "services");
        IpPrefix links = prefix(n, "links", "10.255.0.0/24", "core.links", 16, 29);
        IpPrefix services = prefix(n, "services", "10.255.255.0/24", "core.services", 16, 28);
        if (links.overlaps(services)) {
            throw fail("core.services", services + " overlaps core.links " + links);
        }
        return new Core(asNumber(n, "asNumber", 65000, "core.asNumber"), links, services);
    }

    private Etcd etcd(JsonNode n) {
        if (n.isMissingNode()) {
            return new Etcd(1);
        }
        requireObject(n, "etcd");
        allowOnly(n, "etcd.", "members");
        int members = (int) whole(n, "members", 1, "etcd.members", 1, 3);
        if (members == 2) {
            throw fail("etcd.members", "2 members cannot lose one; use 1 or 3");
        }
        return new Etcd(members);
    }

    private List<Pool> pools(JsonNode n) {
        if (!n.isArray() || n.isEmpty()) {
            throw fail("pools", "at least one pool is required (name, cidr, blockSize, ipipMode, vxlanMode)");
        }
        List<Pool> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode p = n.get(i);
            String at = "pools[" + i + "]";
            requireObject(p, at);
            allowOnly(p, at + ".", "name", "cidr", "blockSize", "ipipMode", "vxlanMode");
            String name = name(required(p, "name", at + ".name"), at + ".name");
            if (!names.add(name)) {
                throw fail(at + ".name", "pool " + name + " is named twice");
            }
            IpPrefix cidr = prefix(p, "cidr", null, at + ".cidr", 8, 28);
            int blockSize = (int) whole(p, "blockSize", 26, at + ".blockSize", cidr.length(), 30);
            String ipip = mode(p, "ipipMode", at);
            String vxlan = mode(p, "vxlanMode", at);
            if (!ipip.equals("Never") && !vxlan.equals("Never")) {
                throw fail(at + ".vxlanMode", "ipipMode and vxlanMode cannot both be on (" + ipip + ", " + vxlan + "), as in Calico");
            }
            for (Pool other : out) {
                if (other.cidr().overlaps(cidr)) {
                    throw fail(at + ".cidr", cidr + " overlaps pool " + other.name() + " (" + other.cidr() + ")");
                }
            }
            out.add(new Pool(name, cidr, blockSize, ipip, vxlan));
        }
        return out;
    }

    private String mode(JsonNode p, String field, String at) {
        String m = text(p, field, "Never", at + "." + field);
        if (!MODES.contains(m)) {
            throw fail(at + "." + field, "'" + m + "' is not one of Never, CrossSubnet, Always");
        }
        return m;
    }

    private List<Rack> racks(JsonNode n) {
        if (!n.isArray() || n.isEmpty()) {
            throw fail("racks", "at least one rack is required (name, subnet, tor, nodes)");
        }
        List<Rack> out = new ArrayList<>();
        Set<String> rackNames = new HashSet<>();
        Set<String> nodeNames = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode r = n.get(i);
            String at = "racks[" + i + "]";
            requireObject(r, at);
            allowOnly(r, at + ".", "name", "subnet", "tor", "nodes");
            String name = name(required(r, "name", at + ".name"), at + ".name");
            if (!rackNames.add(name)) {
                throw fail(at + ".name", "rack " + name + " is named twice");
            }
            IpPrefix subnet = prefix(r, "subnet", null, at + ".subnet", 16, 27);
            JsonNode t = required(r, "tor", at + ".tor");
            requireObject(t, at + ".tor");
            allowOnly(t, at + ".tor.", "daemon", "asNumber");
            String daemon = text(t, "daemon", "bird", at + ".tor.daemon");
            if (!daemon.equals("bird") && !daemon.equals("frr")) {
                throw fail(at + ".tor.daemon", "'" + daemon + "' is not one of bird, frr");
            }
            Tor tor = new Tor(daemon, asNumber(t, "asNumber", 65001 + i, at + ".tor.asNumber"));
            JsonNode nodes = r.path("nodes");
            if (!nodes.isArray() || nodes.isEmpty()) {
                throw fail(at + ".nodes", "a rack needs at least one node");
            }
            long room = subnet.size().longValueExact() - 12;
            if (nodes.size() > room) {
                throw fail(at + ".nodes", nodes.size() + " nodes do not fit in " + subnet + " (room for " + room + ")");
            }
            List<Node> list = new ArrayList<>();
            for (int j = 0; j < nodes.size(); j++) {
                JsonNode nd = nodes.get(j);
                String nat = at + ".nodes[" + j + "]";
                requireObject(nd, nat);
                allowOnly(nd, nat + ".", "name", "pods", "routeReflector");
                String nodeName = name(required(nd, "name", nat + ".name"), nat + ".name");
                if (!nodeNames.add(nodeName)) {
                    throw fail(nat + ".name", "node " + nodeName + " is named twice");
                }
                int pods = (int) whole(nd, "pods", 1, nat + ".pods", 0, MAX_PODS_PER_NODE);
                list.add(new Node(nodeName, pods, bool(nd, "routeReflector", false, nat + ".routeReflector")));
            }
            out.add(new Rack(name, subnet, tor, list));
        }
        return out;
    }

    private void checkWhole(Topology t) {
        List<String[]> ranges = new ArrayList<>();
        ranges.add(new String[] {"core.links", t.core().links().toString()});
        ranges.add(new String[] {"core.services", t.core().services().toString()});
        for (int i = 0; i < t.pools().size(); i++) {
            ranges.add(new String[] {"pools[" + i + "].cidr", t.pools().get(i).cidr().toString()});
        }
        for (int i = 0; i < t.racks().size(); i++) {
            ranges.add(new String[] {"racks[" + i + "].subnet", t.racks().get(i).subnet().toString()});
        }
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = 0; j < i; j++) {
                IpPrefix a = IpPrefix.parse(ranges.get(i)[1]);
                IpPrefix b = IpPrefix.parse(ranges.get(j)[1]);
                if (a.overlaps(b) && !(ranges.get(i)[0].startsWith("pools") && ranges.get(j)[0].startsWith("pools"))) {
                    throw fail(ranges.get(i)[0], a + " overlaps " + ranges.get(j)[0] + " " + b);
                }
            }
        }
        long linksNeeded = 4L * t.racks().size();
        if (t.core().links().size().longValueExact() < linksNeeded) {
            throw fail("core.links", t.core().links() + " has no room for " + t.racks().size() + " /30 rack links");
        }
        if (t.peering() == Peering.ROUTE_REFLECTORS && t.nodes().stream().noneMatch(p -> p.node().routeReflector())) {
            throw fail("peering", "route-reflectors needs at least one node with routeReflector: true");
        }
        Set<Long> rackAs = new HashSet<>();
        for (int i = 0; i < t.racks().size(); i++) {
            long as = t.racks().get(i).tor().asNumber();
            if (!rackAs.add(as) || as == t.core().asNumber()) {
                throw fail("racks[" + i + "].tor.asNumber", as + " is used by another rack or the core: one AS per rack");
            }
        }
    }

    private void allowOnly(JsonNode n, String path, String... fields) {
        Set<String> allowed = Set.of(fields);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw fail(path + f, "unknown field (known here: " + String.join(", ", fields) + ")");
            }
        }
    }

    private void requireObject(JsonNode n, String path) {
        if (!n.isObject()) {
            throw fail(path, "must be a mapping");
        }
    }

    private JsonNode required(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw fail(path, "is required");
        }
        return v;
    }

    private String name(JsonNode v, String path) {
        String s = v.asText();
        if (!v.isTextual() || !NAME.matcher(s).matches()) {
            throw fail(path, "'" + s + "' is not a name (lower-case letters, digits and '-', 1 to 20 characters)");
        }
        return s;
    }

    private String text(JsonNode n, String field, String dflt, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw fail(path, "must be text, not " + v);
        }
        return v.asText();
    }

    private boolean bool(JsonNode n, String field, boolean dflt, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw fail(path, "must be true or false, not " + v);
        }
        return v.asBoolean();
    }

    private long whole(JsonNode n, String field, long dflt, String path, long min, long max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber()) {
            throw fail(path, "'" + v.asText() + "' is not a whole number");
        }
        long x = v.asLong();
        if (x < min || x > max) {
            throw fail(path, x + " is outside " + min + ".." + max);
        }
        return x;
    }

    private long asNumber(JsonNode n, String field, long dflt, String path) {
        long as = whole(n, field, dflt, path, 1, 4294967295L);
        if (as == 23456) {
            throw fail(path, "23456 is AS_TRANS (RFC 6793), not an AS of a speaker");
        }
        return as;
    }

    private IpPrefix prefix(JsonNode n, String field, String dflt, String path, int minLength, int maxLength) {
        JsonNode v = n.get(field);
        String s;
        if (v == null || v.isNull()) {
            if (dflt == null) {
                throw fail(path, "is required (an IPv4 CIDR such as 10.10.1.0/24)");
            }
            s = dflt;
        } else {
            s = v.asText();
        }
        IpPrefix p;
        try {
            p = IpPrefix.parse(s);
        } catch (IllegalArgumentException e) {
            throw fail(path, e.getMessage());
        }
        if (p.v6()) {
            throw fail(path, s + ": the lab is IPv4 only");
        }
        if (p.length() < minLength || p.length() > maxLength) {
            throw fail(path, s + ": the length must be /" + minLength + " to /" + maxLength);
        }
        return p;
    }

    private TopologyException fail(String path, String reason) {
        return new TopologyException(source + ": " + path + ": " + reason);
    }
}
