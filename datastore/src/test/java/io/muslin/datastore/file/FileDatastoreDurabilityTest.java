package io.muslin.datastore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.datastore.DatastoreContractTest.Recorder;
import io.muslin.datastore.DatastoreException;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.Watch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDatastoreDurabilityTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void survivesRestartWithRevisions() {
        long rev;
        KeyValue before;
        try (FileDatastore s = FileDatastore.open(dir)) {
            s.create("/a", b("1"));
            s.update("/a", b("2"), s.get("/a").orElseThrow().modRevision());
            s.create("/b", b("x"));
            s.delete("/b");
            rev = s.revision();
            before = s.get("/a").orElseThrow();
        }
        try (FileDatastore s = FileDatastore.open(dir)) {
            assertThat(s.revision()).isEqualTo(rev);
            assertThat(s.get("/a")).contains(before);
            assertThat(s.get("/b")).isEmpty();
            assertThat(s.create("/c", b("y"))).isEqualTo(rev + 1);
        }
    }

    @Test
    void tornLastJournalLineIsDropped() throws Exception {
        try (FileDatastore s = FileDatastore.open(dir)) {
            s.create("/a", b("1"));
            s.create("/b", b("2"));
        }
        Files.writeString(dir.resolve("journal.log"), "deadbeef {\"rev\":3,\"ops\":[{\"k\":\"/c\",\"v\":\"",
                StandardOpenOption.APPEND);
        try (FileDatastore s = FileDatastore.open(dir)) {
            assertThat(s.revision()).isEqualTo(2);
            assertThat(s.get("/c")).isEmpty();
            s.create("/c", b("3"));
        }
        try (FileDatastore s = FileDatastore.open(dir)) {
            assertThat(s.get("/c").orElseThrow().valueAsString()).isEqualTo("3");
        }
    }

    @Test
    void snapshotReplacesJournalAndKeepsState() throws Exception {
        int n = Journal.SNAPSHOT_EVERY + 10;
        try (FileDatastore s = FileDatastore.open(dir)) {
            for (int i = 0; i < n; i++) {
                s.put("/k/" + (i % 50), b(Integer.toString(i)));
            }
        }
        assertThat(Files.exists(dir.resolve("snapshot.json"))).isTrue();
        assertThat(Files.readAllLines(dir.resolve("journal.log")).size()).isLessThan(Journal.SNAPSHOT_EVERY);
        try (FileDatastore s = FileDatastore.open(dir)) {
            assertThat(s.revision()).isEqualTo(n);
            assertThat(s.list("/k/").items()).hasSize(50);
            assertThat(s.get("/k/9").orElseThrow().valueAsString()).isEqualTo(Integer.toString(n - 1 - ((n - 1) % 50 - 9 + 50) % 50));
        }
    }

    @Test
    void secondOpenOfSameDirectoryIsRefused() {
        try (FileDatastore s = FileDatastore.open(dir)) {
            assertThatThrownBy(() -> FileDatastore.open(dir)).isInstanceOf(DatastoreException.class)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void watchFromBeforeRestartIsCompacted() {
        long r;
        try (FileDatastore s = FileDatastore.open(dir)) {
            r = s.create("/a", b("1"));
            s.create("/b", b("1"));
        }
        try (FileDatastore s = FileDatastore.open(dir)) {
            Recorder rec = new Recorder();
            try (Watch w = s.watch("/", r, rec)) {
                assertThat(rec.compacted).contains(2L);
            }
        }
    }
}
