package io.muslin.lab.driver;

import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.model.Resource;
import io.muslin.datastore.model.Resources;
import io.muslin.lab.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lab's etcd: one or three members, each in its namespace on the core's services subnet, data
 * on the lab's tmpfs. Resources are written with {@code etcdctl} from a member's namespace (this
 * JVM has no route into the lab), validated and encoded by the datastore's own model.
 */
public final class EtcdCluster {
    private final Topology topology;
    private final LabState state;

    public EtcdCluster(Topology topology, LabState state) {
        this.topology = topology;
        this.state = state;
    }

    public void startAll() {
        for (int m = 1; m <= topology.etcd().members(); m++) {
            start(m, true);
        }
        Wait.until(Duration.ofSeconds(30), "etcd to answer", this::healthy);
    }

    /** Starts member {@code m} (again, after {@link #stop}: with its data kept, {@code fresh} false). */
    public void start(int m, boolean fresh) {
        String role = "etcd" + m;
        var dir = state.roleDir(role);
        List<String> cluster = new ArrayList<>();
        for (int i = 1; i <= topology.etcd().members(); i++) {
            cluster.add("e" + i + "=http://" + topology.etcdAddress(i) + ":2380");
        }
        String ip = topology.etcdAddress(m).toString();
        Process p = Shell.startIn(Names.etcd(m), dir.resolve("etcd.log"), List.of("etcd", "--name", "e" + m,
                "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", "http://" + ip + ":2379", "--advertise-client-urls", "http://" + ip + ":2379",
                "--listen-peer-urls", "http://" + ip + ":2380", "--initial-advertise-peer-urls", "http://" + ip + ":2380",
                "--initial-cluster", String.join(",", cluster), "--initial-cluster-token", "muslin-lab",
                "--initial-cluster-state", "new", "--heartbeat-interval", "100", "--election-timeout", "1000"),
                Map.of("ETCD_UNSUPPORTED_ARCH", ""));
        state.recordProcess(role, p);
    }

    /** SIGTERM to member {@code m}. */
    public void stop(int m) {
        state.process("etcd" + m).ifPresent(s -> LabState.stop(s, Duration.ofSeconds(10)));
        state.forgetProcess("etcd" + m);
    }

    /** SIGKILL to member {@code m} (a crash). */
    public void kill(int m) {
        state.process("etcd" + m).flatMap(LabState.Started::handle).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
        state.forgetProcess("etcd" + m);
    }

    public boolean healthy() {
        return etcdctl(null, "endpoint", "health").ok();
    }

    /** The member number of the current leader, or 0 when there is none. */
    public int leader() {
        for (int m = 1; m <= topology.etcd().members(); m++) {
            Shell.Result r = Shell.runIn(Names.etcd(m), "etcdctl", "--endpoints", "http://" + topology.etcdAddress(m) + ":2379",
                    "--command-timeout=2s", "endpoint", "status", "-w", "fields");
            if (r.ok() && r.output().contains("\"Leader\"")) {
                String member = field(r.output(), "\"MemberID\"");
                String leader = field(r.output(), "\"Leader\"");
                if (member != null && member.equals(leader)) {
                    return m;
                }
            }
        }
        return 0;
    }

    private static String field(String fields, String name) {
        for (String line : fields.split("\n")) {
            if (line.startsWith(name)) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return null;
    }

    /** Writes resources (created or overwritten), each validated by the datastore's model first. */
    public void apply(List<? extends Resource> resources) {
        ResourceStore keys = new ResourceStore(null);
        for (Resource r : resources) {
            r.requireValid();
            Shell.Result res = etcdctl(Resources.toJsonString(r), "put", keys.key(r));
            if (!res.ok()) {
                throw new LabException("cannot write " + keys.key(r) + " to etcd: " + res.output().strip());
            }
        }
    }

    public void delete(Resource r) {
        ResourceStore keys = new ResourceStore(null);
        Shell.Result res = etcdctl(null, "del", keys.key(r));
        if (!res.ok()) {
            throw new LabException("cannot delete " + keys.key(r) + ": " + res.output().strip());
        }
    }

    /** Every value under a key prefix, as {@code etcdctl get --prefix} prints it (key, value, key, value, ...). */
    public List<String> getPrefix(String prefix) {
        Shell.Result r = etcdctl(null, "get", "--prefix", prefix);
        if (!r.ok()) {
            throw new LabException("etcdctl get " + prefix + ": " + r.output().strip());
        }
        return List.of(r.output().split("\n"));
    }

    /** Runs etcdctl against every member from a member's namespace that is up. */
    public Shell.Result etcdctl(String stdin, String... args) {
        Shell.Result last = new Shell.Result(-1, "no etcd member is running");
        for (int m = 1; m <= topology.etcd().members(); m++) {
            if (state.process("etcd" + m).flatMap(LabState.Started::handle).isEmpty()) {
                continue;
            }
            List<String> cmd = new ArrayList<>(Shell.in(Names.etcd(m), "etcdctl", "--endpoints",
                    String.join(",", topology.etcdEndpoints()), "--command-timeout=3s"));
            cmd.addAll(List.of(args));
            last = Shell.run(cmd, stdin, Duration.ofSeconds(10));
            if (last.ok()) {
                return last;
            }
        }
        return last;
    }
}
