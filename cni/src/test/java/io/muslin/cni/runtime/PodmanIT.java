package io.muslin.cni.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Resources;
import io.muslin.testing.Commands;
import io.muslin.testing.EtcdProcess;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real container runtime calls the plugin: rootful podman with its CNI backend, run inside a
 * node namespace made for the test (storage, configuration and plugin directory in a temporary
 * directory), containers from a local busybox rootfs. The network's conflist is ours chained with
 * the standard {@code portmap}; the plugin is {@code bin/muslin-cni} (the launcher) talking to a
 * plugin server in the node namespace, and to etcd there. Checked with podman, busybox, curl,
 * {@code ip} and {@code etcdctl}.
 */
class PodmanIT {
    private static final String NETWORK = "muslintest";
    private static final String ETCD_URL = "http://127.0.0.1:23790";
    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path work;
    private Netns node;
    private final List<Process> started = new ArrayList<>();
    private Path containersConf;
    private Process server;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.requireAll(Netns.unavailableReason(), EtcdProcess.missingReason(),
                Prerequisites.executableReason("podman", "/usr/bin/podman"),
                Prerequisites.executableReason("runc", "/usr/bin/runc", "/usr/sbin/runc"),
                Prerequisites.executableReason("containernetworking-plugins", "/usr/lib/cni/portmap"),
                Prerequisites.executableReason("busybox-static", "/bin/busybox"),
                Prerequisites.executableReason("curl", "/usr/bin/curl"),
                Files.isRegularFile(REPO.resolve("cni/target/muslin-cni.jar")) ? null : "cni/target/muslin-cni.jar is not built");
        node = Netns.create("mcni-pn-" + ProcessHandle.current().pid());
        node.exec("ip", "addr", "add", "10.255.0.1/32", "dev", "lo");

        Path etcdData = Files.createDirectories(work.resolve("etcd"));
        started.add(node.start(work.resolve("etcd.log"), "etcd", "--data-dir", etcdData.toString(), "--listen-client-urls", ETCD_URL,
                "--advertise-client-urls", ETCD_URL, "--listen-peer-urls", "http://127.0.0.1:23800", "--log-level", "warn"));
        await(() -> node.tryExec("etcdctl", "--endpoints", ETCD_URL, "endpoint", "health").exit() == 0, "etcd in the node namespace");
        IPPool pool = IPPool.of("podman-pool", "10.93.0.0/16", 26);
        try (FileDatastore scratch = FileDatastore.inMemory()) {
            etcdctl("put", new ResourceStore(scratch).key(pool), Resources.toJsonString(pool));
        }

        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.createSymbolicLink(plugins.resolve("muslin"), REPO.resolve("bin/muslin-cni"));
        Path netd = Files.createDirectories(work.resolve("net.d"));
        Files.writeString(netd.resolve(NETWORK + ".conflist"), """
                {"cniVersion":"1.0.0","name":"%s","plugins":[
                  {"type":"muslin","nodeName":"node-1","mtu":1400,"logLevel":"info",
                   "datastore":{"type":"etcd","etcd":{"endpoints":["%s"]}}},
                  {"type":"portmap","snat":true,"capabilities":{"portMappings":true}}]}
                """.formatted(NETWORK, ETCD_URL));
        containersConf = work.resolve("containers.conf");
        Files.writeString(containersConf, """
                [containers]
                default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
                [engine]
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                runtime = "runc"
                [network]
                network_backend = "cni"
                cni_plugin_dirs = ["%s", "/usr/lib/cni"]
                network_config_dir = "%s"
                """.formatted(plugins, netd));
        Path rootfs = work.resolve("rootfs");
        for (String d : List.of("bin", "etc", "proc", "sys", "dev", "tmp", "www")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        Files.writeString(rootfs.resolve("www/index.html"), "hello from muslin\n");
        startServer();
    }

    private void startServer() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = node.start(work.resolve("server.log"), java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp",
                REPO.resolve("cni/target/muslin-cni.jar") + ":" + REPO.resolve("cni/target/lib") + "/*",
                "io.muslin.cni.server.ServerMain", work.resolve("cni.sock").toString());
        started.add(server);
        await(() -> Files.exists(work.resolve("cni.sock")), "the plugin server's socket");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (node == null) {
            return;
        }
        podman("rm", "-af", "-t", "0");
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        try (Stream<Path> s = Files.list(Path.of("/var/lib/cni/results"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(NETWORK + "-")).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // no results directory: nothing cached
        }
        node.close();
    }

    private Commands.Result podman(String... args) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + node.name(), "podman",
                "--root", work.resolve("root").toString(), "--runroot", work.resolve("run").toString(),
                "--tmpdir", work.resolve("tmp").toString(), "--storage-driver", "overlay"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CONTAINERS_CONF", containersConf.toString());
        pb.environment().put("MUSLIN_CNI_SOCKET", work.resolve("cni.sock").toString());
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(120, TimeUnit.SECONDS);
            return new Commands.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String podmanOk(String... args) {
        Commands.Result r = podman(args);
        assertThat(r.exit()).as("podman " + String.join(" ", args) + ":\n" + r.output()).isZero();
        return r.output().strip();
    }

    private String etcdctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("etcdctl", "--endpoints", ETCD_URL));
        cmd.addAll(List.of(args));
        return node.exec(cmd.toArray(String[]::new));
    }

    private String ipOf(String container) {
        return podmanOk("inspect", container, "--format", "{{(index .NetworkSettings.Networks \"" + NETWORK + "\").IPAddress}}");
    }

    private String idOf(String container) {
        return podmanOk("inspect", container, "--format", "{{.Id}}");
    }

    private String run(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", NETWORK));
        args.addAll(List.of(extra));
        return podmanOk(args.toArray(String[]::new));
    }

    private String handles() {
        return etcdctl("get", "--prefix", "--keys-only", "/muslin/v1/ipam/handles/" + NETWORK + ".");
    }

    @Test
    void containersGetAddressesReachEachOtherPublishPortsAndLeaveNothingBehind() throws Exception {
        String rootfs = work.resolve("rootfs").toString();
        run("web", "-p", "18080:8080", "--rootfs", rootfs, "/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www");
        run("client", "--rootfs", rootfs, "/bin/busybox", "sleep", "3600");
        String webIp = ipOf("web");
        String clientIp = ipOf("client");
        assertThat(webIp).startsWith("10.93.");
        assertThat(clientIp).startsWith("10.93.").isNotEqualTo(webIp);
        assertThat(handles()).contains(NETWORK + "." + idOf("web")).contains(NETWORK + "." + idOf("client"));
        assertThat(podmanOk("exec", "web", "/bin/busybox", "ip", "-o", "-4", "addr", "show", "eth0")).contains(webIp + "/32");

        // container to container, and the published port through portmap
        assertThat(podmanOk("exec", "client", "/bin/busybox", "wget", "-q", "-O", "-", "http://" + webIp + ":8080/"))
                .isEqualTo("hello from muslin");
        assertThat(node.exec("curl", "-fsS", "-m", "5", "http://10.255.0.1:18080/").strip()).isEqualTo("hello from muslin");

        // restart: DEL then ADD, a working network again
        podmanOk("restart", "-t", "0", "web");
        String webIpAfter = ipOf("web");
        assertThat(podmanOk("exec", "client", "/bin/busybox", "wget", "-q", "-O", "-", "http://" + webIpAfter + ":8080/"))
                .isEqualTo("hello from muslin");
        assertThat(node.exec("curl", "-fsS", "-m", "5", "http://10.255.0.1:18080/").strip()).isEqualTo("hello from muslin");
        assertThat(node.exec("ip", "-o", "link", "show", "type", "veth").lines()).hasSize(2);

        // rm releases the address
        String clientId = idOf("client");
        podmanOk("rm", "-f", "-t", "0", "client");
        assertThat(handles()).doesNotContain(clientId).contains(idOf("web"));
        podmanOk("rm", "-f", "-t", "0", "web");

        // nothing of ours after the last container
        assertThat(handles()).isBlank();
        assertThat(etcdctl("get", "--prefix", "--keys-only", "/muslin/v1/workloadendpoints/")).isBlank();
        assertThat(node.exec("ip", "-o", "link", "show", "type", "veth")).isBlank();
        assertThat(node.exec("ip", "route", "show")).doesNotContain("10.93.");
        try (Stream<Path> s = Files.list(Path.of("/var/run/netns"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("muslin-cni-"));
        }
    }

    @Test
    void withoutTheServerTheWholePluginRunsInItsOwnProcess() throws Exception {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(work.resolve("cni.sock"));
        String rootfs = work.resolve("rootfs").toString();
        run("solo", "--rootfs", rootfs, "/bin/busybox", "sleep", "3600");
        assertThat(ipOf("solo")).startsWith("10.93.");
        assertThat(handles()).contains(idOf("solo"));
        podmanOk("rm", "-f", "-t", "0", "solo");
        assertThat(handles()).isBlank();
        assertThat(node.exec("ip", "-o", "link", "show", "type", "veth")).isBlank();
    }

    private static void await(java.util.function.BooleanSupplier ok, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
