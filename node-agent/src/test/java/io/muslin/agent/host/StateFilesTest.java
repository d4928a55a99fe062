package io.muslin.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFilesTest {
    @Test
    void nodenameAndMtuAreOneLineEachAndTheMtuIsRewrittenOnlyWhenItChanges(@TempDir Path dir) throws Exception {
        StateFiles f = new StateFiles(dir.resolve("var/lib/muslin"));
        f.writeNodeName("worker-1");
        assertThat(Files.readString(dir.resolve("var/lib/muslin/nodename"))).isEqualTo("worker-1\n");
        assertThat(f.writeMtu(1450)).isTrue();
        assertThat(f.writeMtu(1450)).isFalse();
        assertThat(Files.readString(dir.resolve("var/lib/muslin/mtu"))).isEqualTo("1450\n");
        assertThat(f.writeMtu(1480)).isTrue();
        assertThat(Files.readString(dir.resolve("var/lib/muslin/mtu"))).isEqualTo("1480\n");
        try (var files = Files.list(dir.resolve("var/lib/muslin"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactlyInAnyOrder("nodename", "mtu");
        }
    }
}
