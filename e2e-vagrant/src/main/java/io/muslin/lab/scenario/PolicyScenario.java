package io.muslin.lab.scenario;

import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.model.LabelSelector;
import io.muslin.datastore.model.Namespace;
import io.muslin.datastore.model.NetworkPolicy;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.Resources;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.driver.Pods.Pod;
import io.muslin.lab.driver.Shell;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed article's pod-a/pod-b across nodes: a NetworkPolicy admitting no ingress to pod-b
 * (the lab's last pod, in the other rack) — pod-a cannot open a connection to pod-b, while pod-b's
 * own connection to pod-a works, replies included (conntrack RELATED,ESTABLISHED before the policy
 * rules). Checked with real TCP connections; the policy is removed at the end and a to b works again.
 */
public final class PolicyScenario implements Scenario {
    private static final int PORT = 8080;

    @Override
    public String name() {
        return "policy";
    }

    @Override
    public void run(NetnsLab lab, Report report) {
        List<Pod> pods = lab.pods();
        Pod b = pods.get(pods.size() - 1);
        Pod a = pods.stream().filter(p -> !p.node().equals(b.node())).findFirst().orElseThrow();
        label(lab, a, "pod-a");
        label(lab, b, "pod-b");
        lab.etcd().apply(List.of(Namespace.of("default", Map.of())));
        Process serverA = echoServer(a);
        Process serverB = echoServer(b);
        NetworkPolicy policy = new NetworkPolicy(ObjectMeta.namespaced("default", "pod-b-no-ingress"),
                new NetworkPolicy.Spec(LabelSelector.matching("app", "pod-b"), List.of("Ingress"), List.of(), null));
        try {
            report.check(RestartScenario.waitQuietly(Duration.ofSeconds(10), "a to reach b before the policy", () -> talks(a, b), report),
                    "before the policy: " + a.name() + " opens a connection to " + b.name() + " and gets its reply");
            lab.etcd().apply(List.of(policy));
            boolean blocked = RestartScenario.waitQuietly(Duration.ofSeconds(30), "the policy to block a to b", () -> !talks(a, b), report);
            report.check(blocked && !talks(a, b), "with the policy: " + a.name() + " (" + a.node() + ") cannot open a connection to "
                    + b.name() + " (" + b.node() + ")");
            report.check(talks(b, a), "with the policy: " + b.name() + " opens a connection to " + a.name() + " and gets the reply");
            lab.etcd().delete(policy);
            report.check(RestartScenario.waitQuietly(Duration.ofSeconds(30), "a to reach b again", () -> talks(a, b), report),
                    "policy removed: " + a.name() + " reaches " + b.name() + " again");
        } finally {
            serverA.destroyForcibly();
            serverB.destroyForcibly();
        }
    }

    /** One TCP connection from {@code from} to {@code to}'s echo server: true when the line came back. */
    static boolean talks(Pod from, Pod to) {
        Shell.Result r = Shell.run(Shell.in(from.namespace(), "socat", "-t", "2", "-T", "3", "-",
                "TCP:" + to.address() + ":" + PORT + ",connect-timeout=2"), "hello " + from.name() + "\n", Duration.ofSeconds(10));
        return r.ok() && r.output().contains("hello " + from.name());
    }

    private static Process echoServer(Pod pod) {
        try {
            return new ProcessBuilder(Shell.in(pod.namespace(), "socat", "TCP-LISTEN:" + PORT + ",reuseaddr,fork", "EXEC:cat"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            throw new io.muslin.lab.driver.LabException("cannot start an echo server in " + pod.namespace() + ": " + e.getMessage());
        }
    }

    /**
     * Gives the pod's WorkloadEndpoint the label {@code app=<value>}, as Kubernetes sync copies a
     * pod's labels: the CNI plugin's endpoint when there is one (its annotations kept), else one
     * made here for a lab-made pod.
     */
    static void label(NetnsLab lab, Pod pod, String app) {
        String name = (pod.node().replace("-", "--") + "-k8s-" + pod.name().replace("-", "--") + "-eth0");
        WorkloadEndpoint existing = null;
        String key = new ResourceStore(null).key(WorkloadEndpoint.class, "default", name);
        List<String> got = lab.etcd().getPrefix(key);
        if (got.size() >= 2 && got.get(0).equals(key)) {
            existing = Resources.fromJson(got.get(1).getBytes(StandardCharsets.UTF_8), WorkloadEndpoint.class);
        }
        Map<String, String> labels = new HashMap<>();
        labels.put("app", app);
        WorkloadEndpoint wep;
        if (existing != null) {
            ObjectMeta m = existing.metadata();
            if (m.labels() != null) {
                m.labels().forEach(labels::putIfAbsent);
            }
            wep = new WorkloadEndpoint(new ObjectMeta(m.name(), m.namespace(), labels, m.annotations(), null), existing.spec());
        } else {
            wep = new WorkloadEndpoint(new ObjectMeta(name, "default", labels, null, null), new WorkloadEndpoint.Spec("k8s", pod.node(),
                    pod.name(), "eth0", null, List.of(pod.address() + "/32"), pod.hostDevice(), null, null, null));
        }
        lab.etcd().apply(List.of(wep));
    }
}
