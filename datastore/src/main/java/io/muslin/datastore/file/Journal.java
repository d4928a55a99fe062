package io.muslin.datastore.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muslin.datastore.DatastoreException;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.WatchEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The embedded store's files: {@code snapshot.json} (whole state at a revision, replaced
 * atomically), {@code journal.log} (one line per committed revision after the snapshot:
 * {@code <crc32 hex> <json>}, fsync'd per append) and {@code lock}.
 */
final class Journal implements AutoCloseable {
    static final int SNAPSHOT_EVERY = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel journal;
    private int linesSinceSnapshot;

    record State(long revision, List<KeyValue> data) {}

    private Journal(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static Journal open(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw new DatastoreException("file store " + dir + " is in use by another process (lock file held)");
            }
            return new Journal(dir, ch, l);
        } catch (IOException e) {
            throw new DatastoreException("cannot open file store " + dir + ": " + e.getMessage(), e);
        }
    }

    State load() {
        try {
            long revision = 0;
            TreeMap<String, KeyValue> data = new TreeMap<>();
            Path snap = dir.resolve("snapshot.json");
            if (Files.exists(snap)) {
                JsonNode root = JSON.readTree(snap.toFile());
                revision = root.get("revision").asLong();
                for (JsonNode n : root.get("data")) {
                    KeyValue kv = new KeyValue(n.get("k").asText(), Base64.getDecoder().decode(n.get("v").asText()),
                            n.get("c").asLong(), n.get("m").asLong(), n.get("ver").asLong());
                    data.put(kv.key(), kv);
                }
            }
            Path log = dir.resolve("journal.log");
            long goodBytes = 0;
            if (Files.exists(log)) {
                byte[] all = Files.readAllBytes(log);
                int start = 0;
                for (int i = 0; i < all.length; i++) {
                    if (all[i] != '\n') {
                        continue;
                    }
                    String line = new String(all, start, i - start, StandardCharsets.UTF_8);
                    JsonNode entry = parse(line);
                    if (entry == null) {
                        break;
                    }
                    long rev = entry.get("rev").asLong();
                    if (rev > revision) {
                        apply(data, rev, entry.get("ops"));
                        revision = rev;
                    }
                    start = i + 1;
                    goodBytes = start;
                    linesSinceSnapshot++;
                }
            }
            journal = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            journal.truncate(goodBytes);
            journal.position(goodBytes);
            journal.force(true);
            return new State(revision, new ArrayList<>(data.values()));
        } catch (IOException e) {
            throw new DatastoreException("cannot read file store " + dir + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String line) {
        int sp = line.indexOf(' ');
        if (sp <= 0) {
            return null;
        }
        String json = line.substring(sp + 1);
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        if (!Long.toHexString(crc.getValue()).equals(line.substring(0, sp))) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    private static void apply(TreeMap<String, KeyValue> data, long rev, JsonNode ops) {
        for (JsonNode op : ops) {
            String key = op.get("k").asText();
            if (op.has("v")) {
                KeyValue old = data.get(key);
                byte[] v = Base64.getDecoder().decode(op.get("v").asText());
                data.put(key, old == null ? new KeyValue(key, v, rev, rev, 1)
                        : new KeyValue(key, v, old.createRevision(), rev, old.version() + 1));
            } else {
                data.remove(key);
            }
        }
    }

    void append(long revision, List<WatchEvent> events) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("rev", revision);
        ArrayNode ops = entry.putArray("ops");
        for (WatchEvent e : events) {
            ObjectNode op = ops.addObject();
            op.put("k", e.key());
            if (e.type() == WatchEvent.Type.PUT) {
                op.put("v", Base64.getEncoder().encodeToString(e.value()));
            }
        }
        String json = entry.toString();
        CRC32 crc = new CRC32();
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        crc.update(body);
        byte[] line = (Long.toHexString(crc.getValue()) + " " + json + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                journal.write(buf);
            }
            journal.force(false);
            linesSinceSnapshot++;
        } catch (IOException e) {
            throw new DatastoreException("cannot write file store journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    boolean wantsSnapshot() {
        return linesSinceSnapshot + 1 >= SNAPSHOT_EVERY;
    }

    /** Writes the whole state at {@code revision} atomically, then empties the journal. */
    void snapshot(long revision, Collection<KeyValue> state) {
        ObjectNode root = JSON.createObjectNode();
        root.put("revision", revision);
        ArrayNode arr = root.putArray("data");
        for (KeyValue kv : state) {
            ObjectNode n = arr.addObject();
            n.put("k", kv.key());
            n.put("v", Base64.getEncoder().encodeToString(kv.value()));
            n.put("c", kv.createRevision());
            n.put("m", kv.modRevision());
            n.put("ver", kv.version());
        }
        Path tmp = dir.resolve("snapshot.json.tmp");
        Path snap = dir.resolve("snapshot.json");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(JSON.writeValueAsBytes(root));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            throw new DatastoreException("cannot write snapshot in " + dir + ": " + e.getMessage(), e);
        }
        try {
            try {
                Files.move(tmp, snap, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new DatastoreException("file store " + dir + " is on a file system without atomic rename");
            }
            syncDirectory();
            journal.truncate(0);
            journal.position(0);
            journal.force(true);
            linesSinceSnapshot = 0;
        } catch (IOException e) {
            throw new DatastoreException("cannot install snapshot in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; the rename is still atomic.
        }
    }

    @Override
    public void close() {
        try {
            if (journal != null) {
                journal.close();
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new DatastoreException("cannot close file store " + dir + ": " + e.getMessage(), e);
        }
    }
}
