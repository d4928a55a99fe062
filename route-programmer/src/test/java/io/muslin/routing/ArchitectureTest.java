package io.muslin.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The planner and the reconciler are pure (no FFM, no processes, no Linux netlink classes); the
 * module depends on no Muslin module but netlink (the agent adapts BGP and datastore types).
 */
class ArchitectureTest {

    private static List<String> offenders(Path dir, boolean recurse, List<String> forbidden) throws IOException {
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
    void plannerAndReconcilerArePure() throws IOException {
        Path base = Path.of("src/main/java/io/muslin/routing");
        List<String> impure = List.of("import java.lang.foreign", "ProcessBuilder", "Runtime.getRuntime().exec", "import io.muslin.netlink.linux");
        assertThat(offenders(base, false, impure)).isEmpty();
        assertThat(offenders(base.resolve("reconcile"), true, impure)).isEmpty();
    }

    @Test
    void dependsOnNoOtherMuslinModuleThanNetlink() throws IOException {
        assertThat(offenders(Path.of("src/main/java"), true,
                List.of("import io.muslin.bgp", "import io.muslin.datastore", "import io.muslin.ipam", "import io.muslin.policy", "import io.muslin.agent"))).isEmpty();
    }
}
