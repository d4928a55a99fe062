package io.muslin.cni.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.cni.spec.NetConf;
import io.muslin.cni.spec.NetConfParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniInstallerTest {
    @TempDir
    Path tmp;

    private InstallSpec spec(List<Path> jars) {
        return new InstallSpec(tmp.resolve("bin"), Path.of("/opt/cni/bin"), tmp.resolve("net.d"), "muslin", "10-muslin.conflist",
                "k8s-pod-network", jars, Path.of(System.getProperty("java.home")), false,
                new NetConf.Etcd(List.of("https://10.0.0.5:2379"), Optional.of(Path.of("/etc/muslin/ca.pem")), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.of("node-1"), OptionalInt.of(1440), Optional.empty(), Path.of("/var/run/muslin/cni.sock"), false);
    }

    private List<Path> jars(String version) throws Exception {
        Path d = Files.createDirectories(tmp.resolve("jars-" + version));
        return List.of(Files.writeString(d.resolve("muslin-cni-" + version + ".jar"), "cni " + version),
                Files.writeString(d.resolve("dep-1.0.jar"), "dep"));
    }

    @Test
    void writesLauncherJarsAndConflistAndLeavesOtherFilesAlone() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path conf = Files.createDirectories(tmp.resolve("net.d"));
        Files.writeString(bin.resolve("portmap"), "someone else's");
        Files.writeString(conf.resolve("99-other.conflist"), "{}");

        CniInstaller.Report r = CniInstaller.install(spec(jars("1")));

        assertThat(Files.readString(bin.resolve("portmap"))).isEqualTo("someone else's");
        assertThat(Files.readString(conf.resolve("99-other.conflist"))).isEqualTo("{}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(r.launcher()))).isEqualTo("rwxr-xr-x");
        String launcher = Files.readString(r.launcher());
        // paths as the node sees them
        assertThat(launcher).contains("LIB='/opt/cni/bin/muslin.d/" + r.libDir().getFileName() + "'")
                .contains("muslin-cni-1.jar").contains("/var/run/muslin/cni.sock").doesNotContain("@");
        assertThat(Files.readString(r.libDir().resolve("dep-1.0.jar"))).isEqualTo("dep");
        try (Stream<Path> s = Stream.concat(Files.list(bin), Files.list(conf))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
        }

        JsonNode list = new ObjectMapper().readTree(Files.readString(r.conflist()));
        assertThat(list.get("name").asText()).isEqualTo("k8s-pod-network");
        assertThat(list.get("plugins")).hasSize(2);
        assertThat(list.at("/plugins/1/type").asText()).isEqualTo("portmap");
        assertThat(list.at("/plugins/1/capabilities/portMappings").asBoolean()).isTrue();
        // the plugin's entry, as a runtime passes it (name and cniVersion added), reads back
        var entry = (com.fasterxml.jackson.databind.node.ObjectNode) list.at("/plugins/0").deepCopy();
        entry.put("name", list.get("name").asText()).put("cniVersion", list.get("cniVersion").asText());
        NetConf parsed = NetConfParser.parse(entry);
        assertThat(parsed.type()).isEqualTo("muslin");
        assertThat(parsed.mtu()).hasValue(1440);
        assertThat(parsed.nodeName()).hasValue("node-1");
        assertThat(parsed.datastore()).isEqualTo(spec(List.of()).datastore());
    }

    @Test
    void sameJarsKeepTheirDirectoryNewJarsGetANewOneAndTheOneBeforeIsKeptOnce() throws Exception {
        CniInstaller.Report a = CniInstaller.install(spec(jars("1")));
        CniInstaller.Report again = CniInstaller.install(spec(jars("1")));
        assertThat(again.libDir()).isEqualTo(a.libDir());
        assertThat(again.removed()).isEmpty();

        CniInstaller.Report b = CniInstaller.install(spec(jars("2")));
        assertThat(b.libDir()).isNotEqualTo(a.libDir());
        assertThat(a.libDir()).as("the version the old launcher named stays one more round").isDirectory();

        CniInstaller.Report c = CniInstaller.install(spec(jars("3")));
        assertThat(c.removed()).containsExactly(a.libDir());
        assertThat(b.libDir()).isDirectory();
        assertThat(Files.readString(c.launcher())).contains(c.libDir().getFileName().toString());
    }

    @Test
    void refusesWithoutThePluginJar() throws Exception {
        Path dep = Files.writeString(tmp.resolve("dep.jar"), "x");
        assertThatThrownBy(() -> CniInstaller.install(spec(List.of(dep)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no muslin-cni jar");
    }

    @Test
    void picksThePluginJarsFromALargerClassPath() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("cp"));
        Path cni = Files.writeString(d.resolve("muslin-cni-0.1.0-SNAPSHOT.jar"), "c");
        Path netlink = Files.writeString(d.resolve("muslin-netlink-0.1.0-SNAPSHOT.jar"), "n");
        Path picocli = Files.writeString(d.resolve("picocli-4.7.7.jar"), "p");
        assertThat(CniInstaller.pluginJars(List.of(cni, netlink, picocli))).containsExactly(cni, netlink);
    }
}
