package io.muslin.cni.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.cni.install.CniInstaller;
import io.muslin.cni.install.InstallSpec;
import io.muslin.cni.spec.NetConf;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Resources;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pods started by a real container runtime on two nodes reach each other. Two node namespaces on
 * one subnet, etcd in the first; each node runs the agent ({@code bin/muslin agent}: block claim,
 * BGP mesh, route programming, the plugin server on the node's own endpoint file, forwarding) and
 * rootful podman with its CNI backend, on a network whose conflist (ours chained with
 * {@code portmap}) and launcher the installer wrote for that node. Checked with podman, busybox,
 * {@code ip} and {@code etcdctl}: each container's address comes from the pool; each node's kernel
 * routes the other node's block via the other node with the agents' protocol (77), learned over
 * BGP; the containers fetch a page from each other both ways; {@code podman rm} on both nodes
 * releases both addresses and leaves no handle, endpoint, veth, pod route or namespace alias.
 */
class PodmanCrossNodeIT {
    private static final String NETWORK = "muslinx";
    private static final String SUBNET_A = "10.94.0.1";
    private static final String SUBNET_B = "10.94.0.2";
    private static final String ETCD_URL = "http://" + SUBNET_A + ":23791";
    private static final int BLOCK_SIZE = 26;
    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path work;
    private final List<Process> started = new ArrayList<>();
    private final List<Netns> namespaces = new ArrayList<>();
    private Node nodeA;
    private Node nodeB;

    /** One node: its namespace, its address on the shared subnet, and its own podman and agent files. */
    private record Node(String name, Netns ns, String address, Path dir) {
        Path containersConf() {
            return dir.resolve("containers.conf");
        }

        Path serverFile() {
            return dir.resolve("cni-server");
        }

        Path stateDir() {
            return dir.resolve("state");
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.requireAll(Netns.unavailableReason(), EtcdProcess.missingReason(),
                Prerequisites.executableReason("podman", "/usr/bin/podman"),
                Prerequisites.executableReason("runc", "/usr/bin/runc", "/usr/sbin/runc"),
                Prerequisites.executableReason("containernetworking-plugins", "/usr/lib/cni/portmap"),
                Prerequisites.executableReason("busybox-static", "/bin/busybox"),
                Files.isRegularFile(REPO.resolve("cni/target/muslin-cni.jar")) ? null : "cni/target/muslin-cni.jar is not built",
                Files.isRegularFile(REPO.resolve("node-agent/target/muslin-node-agent.jar")) ? null
                        : "node-agent/target/muslin-node-agent.jar is not built (mvn -pl node-agent -am package -DskipTests)");
        long pid = ProcessHandle.current().pid();
        Netns a = Netns.create("mcni-xa-" + pid);
        namespaces.add(a);
        Netns b = Netns.create("mcni-xb-" + pid);
        namespaces.add(b);
        Netns.link(a, "eth0", List.of(SUBNET_A + "/24"), b, "eth0", List.of(SUBNET_B + "/24"));
        nodeA = new Node("node-a", a, SUBNET_A, Files.createDirectories(work.resolve("node-a")));
        nodeB = new Node("node-b", b, SUBNET_B, Files.createDirectories(work.resolve("node-b")));

        Path etcdData = Files.createDirectories(work.resolve("etcd"));
        started.add(a.start(work.resolve("etcd.log"), "etcd", "--data-dir", etcdData.toString(), "--listen-client-urls", ETCD_URL,
                "--advertise-client-urls", ETCD_URL, "--listen-peer-urls", "http://127.0.0.1:23801", "--log-level", "warn"));
        await(() -> a.tryExec("etcdctl", "--endpoints", ETCD_URL, "endpoint", "health").exit() == 0, "etcd in node-a's namespace", 30);
        IPPool pool = IPPool.of("podman-cross-pool", "10.95.0.0/16", BLOCK_SIZE);
        try (FileDatastore scratch = FileDatastore.inMemory()) {
            etcdctl("put", new ResourceStore(scratch).key(pool), Resources.toJsonString(pool));
        }

        Path rootfs = work.resolve("rootfs");
        for (String d : List.of("bin", "etc", "proc", "sys", "dev", "tmp", "www")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        Files.writeString(rootfs.resolve("www/index.html"), "hello from muslin\n");

        startAgent(nodeA, 19101);
        startAgent(nodeB, 19102);
        install(nodeA);
        install(nodeB);
        for (Node n : List.of(nodeA, nodeB)) {
            await(() -> Files.isRegularFile(n.stateDir().resolve("nodename")) && Files.isRegularFile(n.serverFile()),
                    n.name() + "'s agent (its nodename file and plugin server endpoint)", 90);
        }
    }

    /** {@code bin/muslin agent} in the node's namespace with a configuration of its own. */
    private void startAgent(Node n, int httpPort) throws IOException {
        Path config = n.dir().resolve("agent.yaml");
        Files.writeString(config, """
                nodeName: %s
                datastore:
                  type: etcd
                  etcd:
                    endpoints: [%s]
                nodeAddress:
                  ipv4: interface=eth0
                stateDir: %s
                cniServerFile: %s
                http:
                  port: %d
                policy:
                  enabled: false
                """.formatted(n.name(), ETCD_URL, n.stateDir(), n.serverFile(), httpPort));
        started.add(n.ns().start(n.dir().resolve("agent.log"), "env", "-u", "MUSLIN_CONFIG", "MUSLIN_AOT=0",
                REPO.resolve("bin/muslin").toString(), "agent", "--config", config.toString()));
    }

    /** The plugin, its launcher (pointing at this node's plugin server) and the conflist, as {@code muslin cni install} writes them. */
    private void install(Node n) throws IOException {
        Path plugins = Files.createDirectories(n.dir().resolve("plugins"));
        Path netd = Files.createDirectories(n.dir().resolve("net.d"));
        List<Path> jars = new ArrayList<>(List.of(REPO.resolve("cni/target/muslin-cni.jar")));
        try (Stream<Path> s = Files.list(REPO.resolve("cni/target/lib"))) {
            jars.addAll(s.toList());
        }
        CniInstaller.install(new InstallSpec(plugins, plugins, netd, "muslin", NETWORK + ".conflist", NETWORK, jars,
                Path.of(System.getProperty("java.home")), false,
                new NetConf.Etcd(List.of(ETCD_URL), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.empty(), OptionalInt.empty(), Optional.of(n.stateDir()), n.serverFile(), false));
        Files.writeString(n.containersConf(), """
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
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Node n : Stream.of(nodeA, nodeB).filter(n -> n != null).toList()) {
            podman(n, "rm", "-af", "-t", "0");
        }
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
        for (Netns ns : namespaces) {
            ns.close();
        }
    }

    @Test
    void containersOnTwoNodesReachEachOtherOverRoutesLearnedByBgpAndLeaveNothingBehind() throws Exception {
        String rootfs = work.resolve("rootfs").toString();
        String httpd = "/bin/busybox httpd -f -p 8080 -h /www";
        run(nodeA, "web-a", rootfs, httpd);
        run(nodeB, "web-b", rootfs, httpd);
        String ipA = ipOf(nodeA, "web-a");
        String ipB = ipOf(nodeB, "web-b");
        IpPrefix poolPrefix = IpPrefix.parse("10.95.0.0/16");
        assertThat(poolPrefix.contains(IpAddress.parse(ipA))).as("web-a's address %s from the pool", ipA).isTrue();
        assertThat(poolPrefix.contains(IpAddress.parse(ipB))).as("web-b's address %s from the pool", ipB).isTrue();
        IpPrefix blockA = IpPrefix.of(IpAddress.parse(ipA), BLOCK_SIZE);
        IpPrefix blockB = IpPrefix.of(IpAddress.parse(ipB), BLOCK_SIZE);
        assertThat(blockA).as("each node claims a block of its own").isNotEqualTo(blockB);
        String idA = idOf(nodeA, "web-a");
        String idB = idOf(nodeB, "web-b");
        assertThat(handles()).contains(NETWORK + "." + idA).contains(NETWORK + "." + idB);

        // each node's kernel routes the other node's block via the other node, put there by its agent (protocol 77)
        String learnedOnA = blockB + " via " + SUBNET_B + " dev eth0";
        String learnedOnB = blockA + " via " + SUBNET_A + " dev eth0";
        await(() -> agentRoutes(nodeA).contains(learnedOnA) && agentRoutes(nodeB).contains(learnedOnB),
                "the blocks learned over BGP in both kernels", 60);
        assertThat(agentRoutes(nodeA)).contains(learnedOnA);
        assertThat(agentRoutes(nodeB)).contains(learnedOnB);
        assertThat(nodeA.ns().exec("ip", "route", "get", ipB)).contains("via " + SUBNET_B);
        assertThat(nodeB.ns().exec("ip", "route", "get", ipA)).contains("via " + SUBNET_A);

        // the agents turned forwarding on: traffic towards a pod from the other node passes the node
        for (Node n : List.of(nodeA, nodeB)) {
            assertThat(n.ns().exec("cat", "/proc/sys/net/ipv4/ip_forward").strip()).as("%s forwards", n.name()).isEqualTo("1");
        }

        // container to container across the nodes, both ways (busybox's timeout applet, not wget's -T:
        // that option crashes busybox-static)
        assertThat(podmanOk(nodeA, "exec", "web-a", "/bin/busybox", "timeout", "20", "/bin/busybox", "wget", "-q", "-O", "-", "http://" + ipB + ":8080/"))
                .isEqualTo("hello from muslin");
        assertThat(podmanOk(nodeB, "exec", "web-b", "/bin/busybox", "timeout", "20", "/bin/busybox", "wget", "-q", "-O", "-", "http://" + ipA + ":8080/"))
                .isEqualTo("hello from muslin");

        // rm on both nodes releases both addresses
        podmanOk(nodeA, "rm", "-f", "-t", "0", "web-a");
        assertThat(handles()).doesNotContain(idA).contains(NETWORK + "." + idB);
        podmanOk(nodeB, "rm", "-f", "-t", "0", "web-b");
        assertThat(handles()).isBlank();

        // nothing of ours after the last container on either node
        assertThat(etcdctl("get", "--prefix", "--keys-only", "/muslin/v1/workloadendpoints/")).isBlank();
        for (Node n : List.of(nodeA, nodeB)) {
            assertThat(n.ns().exec("ip", "-o", "link", "show", "type", "veth").lines())
                    .as("%s keeps only its uplink", n.name()).allMatch(l -> l.contains(" eth0@"));
            assertThat(n.ns().exec("ip", "route", "show")).as("%s's routes", n.name())
                    .doesNotContain(ipA + " ").doesNotContain(ipB + " ");
        }
        try (Stream<Path> s = Files.list(Path.of("/var/run/netns"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("muslin-cni-"));
        }
    }

    private String agentRoutes(Node n) {
        return n.ns().exec("ip", "-4", "route", "show", "proto", "77");
    }

    private void run(Node n, String name, String rootfs, String command) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", NETWORK, "--rootfs", rootfs));
        args.addAll(List.of(command.split(" ")));
        podmanOk(n, args.toArray(String[]::new));
    }

    private String ipOf(Node n, String container) {
        return podmanOk(n, "inspect", container, "--format", "{{(index .NetworkSettings.Networks \"" + NETWORK + "\").IPAddress}}");
    }

    private String idOf(Node n, String container) {
        return podmanOk(n, "inspect", container, "--format", "{{.Id}}");
    }

    private String handles() {
        return etcdctl("get", "--prefix", "--keys-only", "/muslin/v1/ipam/handles/" + NETWORK + ".");
    }

    private String etcdctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("etcdctl", "--endpoints", ETCD_URL));
        cmd.addAll(List.of(args));
        return nodeA.ns().exec(cmd.toArray(String[]::new));
    }

    /** Podman in the node's namespace with that node's storage and configuration (no environment override of the plugin server). */
    private Commands.Result podman(Node n, String... args) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + n.ns().name(), "podman",
                "--root", n.dir().resolve("root").toString(), "--runroot", n.dir().resolve("run").toString(),
                "--tmpdir", n.dir().resolve("tmp").toString(), "--storage-driver", "overlay"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CONTAINERS_CONF", n.containersConf().toString());
        pb.environment().remove("MUSLIN_CNI_SERVER");
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(120, TimeUnit.SECONDS);
            return new Commands.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String podmanOk(Node n, String... args) {
        Commands.Result r = podman(n, args);
        assertThat(r.exit()).as("podman on " + n.name() + " " + String.join(" ", args) + ":\n" + r.output()).isZero();
        return r.output().strip();
    }

    private void await(BooleanSupplier ok, String what, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + "\n" + logs());
            }
            Thread.sleep(200);
        }
    }

    private String logs() {
        StringBuilder b = new StringBuilder();
        for (Path log : List.of(work.resolve("etcd.log"), work.resolve("node-a/agent.log"), work.resolve("node-b/agent.log"))) {
            try {
                List<String> lines = Files.readAllLines(log);
                b.append("---- ").append(log.getFileName()).append(" of ").append(log.getParent().getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("---- ").append(log).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return b.toString();
    }
}
