package io.muslin.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pure packages (model, render, apply) name no process, foreign-memory or file API in their
 * compiled classes: side effects stay behind the interfaces of {@code dataplane}. Read from the
 * class files' constant pools with the JDK's ClassFile API.
 */
class ArchitectureTest {

    private static final List<String> FORBIDDEN = List.of("java/lang/ProcessBuilder", "java/lang/Process",
            "java/lang/Runtime", "java/lang/foreign/", "java/nio/file/Files", "java/io/File");

    @Test
    void purePackagesStartNoProcesses() throws IOException {
        Path classes = Path.of("target/classes/io/muslin/policy");
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (String pkg : List.of("model", "render", "apply")) {
            try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    ClassModel cm = ClassFile.of().parse(f);
                    checked++;
                    for (PoolEntry e : cm.constantPool()) {
                        if (e instanceof ClassEntry ce) {
                            String name = ce.asInternalName();
                            for (String bad : FORBIDDEN) {
                                if (name.equals(bad) || bad.endsWith("/") && name.startsWith(bad)) {
                                    violations.add(cm.thisClass().asInternalName() + " uses " + name);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(20);
        assertThat(violations).isEmpty();
    }

    @Test
    void policyDependsOnNoOtherMuslinModule() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom.replace("<artifactId>muslin-parent</artifactId>", "").replace("<artifactId>muslin-policy</artifactId>", ""))
                .doesNotContain("<artifactId>muslin-");
    }
}
