package io.muslin.agent.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.BGPFilter;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.Resource;
import io.muslin.datastore.model.Resources;
import io.muslin.datastore.model.Secret;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <stateDir>/last-known-state.json}: the {@link LastKnownState}, one JSON document (each
 * resource in the datastore's own encoding), written atomically (a temporary file, flushed to disk,
 * renamed over the old one) with mode 0600 (it holds BGP passwords). A file that cannot be read —
 * missing fields, a resource that does not decode, another node's, half written by a crash of
 * something else — is ignored with one log line naming the reason: the agent then waits for the
 * datastore, as on a first start.
 */
public final class LastKnownStateFile {
    public static final String NAME = "last-known-state.json";
    static final int FORMAT = 1;
    private static final Logger log = LoggerFactory.getLogger(LastKnownStateFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public LastKnownStateFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** The saved state of {@code nodeName}; empty (logged once, with the reason) when there is none usable. */
    public Optional<LastKnownState> read(String nodeName) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("ignoring {}: cannot read it: {}", file, e.getMessage());
            return Optional.empty();
        }
        try {
            LastKnownState s = decode(bytes);
            if (!s.nodeName().equals(nodeName)) {
                throw new IllegalArgumentException("nodeName: it is node " + s.nodeName() + "'s, this node is " + nodeName);
            }
            return Optional.of(s);
        } catch (IllegalArgumentException e) {
            log.warn("ignoring {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes {@code state} atomically; throws {@link UncheckedIOException} naming the file when it cannot. */
    public void write(LastKnownState state) {
        byte[] bytes = encode(state);
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + NAME, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static byte[] encode(LastKnownState s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("savedAt", s.savedAt().toString());
        root.put("nodeName", s.nodeName());
        ArrayNode blocks = root.putArray("blocks");
        s.blocks().forEach(b -> blocks.add(b.toString()));
        if (s.tunnelAddress() != null) {
            root.put("tunnelAddress", s.tunnelAddress().toString());
        }
        resources(root, "nodes", s.nodes());
        resources(root, "bgpPeers", s.bgpPeers());
        resources(root, "bgpConfigurations", s.bgpConfigurations());
        resources(root, "pools", s.pools());
        resources(root, "bgpFilters", s.filters());
        resources(root, "secrets", s.secrets());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the last known state: " + e.getMessage(), e);
        }
    }

    private static void resources(ObjectNode root, String field, List<? extends Resource> list) {
        ArrayNode a = root.putArray(field);
        for (Resource r : list) {
            try {
                a.add(JSON.readTree(Resources.toJson(r)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode " + r.kind() + " " + r.metadata().name() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The state in {@code bytes}; {@link IllegalArgumentException} naming the field when it is not a whole, valid one. */
    static LastKnownState decode(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON (cut short?): " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object (empty?)");
        }
        if (root.path("format").asInt(-1) != FORMAT) {
            throw new IllegalArgumentException("format: " + root.path("format") + " is not " + FORMAT);
        }
        Instant savedAt;
        try {
            savedAt = Instant.parse(text(root, "savedAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("savedAt: not a time: " + root.path("savedAt").asText());
        }
        List<IpPrefix> blocks = new ArrayList<>();
        for (JsonNode b : array(root, "blocks")) {
            try {
                blocks.add(IpPrefix.parse(b.asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("blocks: " + e.getMessage());
            }
        }
        IpAddress tunnel = null;
        if (root.hasNonNull("tunnelAddress")) {
            try {
                tunnel = IpAddress.parse(root.get("tunnelAddress").asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tunnelAddress: " + e.getMessage());
            }
        }
        return new LastKnownState(savedAt, text(root, "nodeName"), decode(root, "nodes", Node.class),
                decode(root, "bgpPeers", BGPPeer.class), decode(root, "bgpConfigurations", BGPConfiguration.class),
                decode(root, "pools", IPPool.class), decode(root, "bgpFilters", BGPFilter.class),
                decode(root, "secrets", Secret.class), blocks, tunnel);
    }

    private static <R extends Resource> List<R> decode(JsonNode root, String field, Class<R> type) {
        List<R> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : array(root, field)) {
            try {
                out.add(Resources.fromJson(JSON.writeValueAsBytes(n), type));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(field + "[" + i + "]: " + firstLine(e.getMessage()));
            }
            i++;
        }
        return out;
    }

    private static JsonNode array(JsonNode root, String field) {
        JsonNode a = root.get(field);
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException(field + ": missing or not a list");
        }
        return a;
    }

    private static String text(JsonNode root, String field) {
        JsonNode t = root.get(field);
        if (t == null || !t.isTextual() || t.asText().isEmpty()) {
            throw new IllegalArgumentException(field + ": missing or not text");
        }
        return t.asText();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
