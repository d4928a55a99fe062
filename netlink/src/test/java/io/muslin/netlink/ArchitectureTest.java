package io.muslin.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Only {@code io.muslin.netlink.linux} may touch FFM or processes; the values, wire and fake are pure. */
class ArchitectureTest {

    static List<String> offenders(Path dir, boolean recurse, List<String> forbidden) throws IOException {
        try (Stream<Path> files = recurse ? Files.walk(dir) : Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    String src = Files.readString(p);
                    return forbidden.stream().filter(src::contains).map(f -> p.getFileName() + " uses " + f);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    @Test
    void pureParts() throws IOException {
        Path base = Path.of("src/main/java/io/muslin/netlink");
        List<String> forbidden = List.of("import java.lang.foreign", "ProcessBuilder", "Runtime.getRuntime().exec", "import io.muslin.netlink.linux");
        assertThat(offenders(base, false, forbidden)).isEmpty();
        assertThat(offenders(base.resolve("wire"), true, forbidden)).isEmpty();
        assertThat(offenders(base.resolve("fake"), true, forbidden)).isEmpty();
        assertThat(offenders(base.resolve("linux"), true, List.of("ProcessBuilder", "Runtime.getRuntime().exec")))
                .as("the library never forks ip").isEmpty();
    }
}
