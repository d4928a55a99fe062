package io.muslin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.agent.config.AgentConfig;
import io.muslin.agent.config.AgentConfigReader;
import io.muslin.agent.config.EnvOverrides;
import io.muslin.agent.http.AgentHttpServer;
import io.muslin.agent.metrics.AgentMetrics;
import io.muslin.agent.status.AgentStatusService;
import io.muslin.agent.status.DatastoreStatus;
import io.muslin.agent.status.RecentErrors;
import io.muslin.agent.status.StatusSources;
import io.muslin.net.IpAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every manifest parses, and the fields that matter agree with the code: the agent's configuration
 * (read by the agent's own reader, with the environment the DaemonSet gives it), its HTTP port,
 * address and probe paths (asked of the agent's real HTTP server), its environment variable names,
 * and the host paths it and the CNI installer use.
 */
class ManifestsTest {
    final Manifests base = Manifests.ofBase();
    final JsonNode daemonSet = base.get("DaemonSet", "muslin-node");
    final JsonNode deployment = base.get("Deployment", "muslin-kube-sync");
    final JsonNode configMap = base.get("ConfigMap", "muslin-config");
    final JsonNode agent = Manifests.container(daemonSet, "muslin-node");

    @Test
    void everyYamlFileParsesAndTheKustomizationsListExistingFiles() {
        List<Path> files = Manifests.allYamlFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(9);
        for (Path f : files) {
            List<JsonNode> docs = Manifests.read(f);
            assertThat(docs).as(f.toString()).isNotEmpty();
            docs.forEach(d -> assertThat(d.path("kind").asText()).as(f + " kind").isNotEmpty());
            if (f.getFileName().toString().equals("kustomization.yaml")) {
                for (JsonNode r : docs.getFirst().path("resources")) {
                    assertThat(f.getParent().resolve(r.asText())).as(f + " lists " + r.asText()).exists();
                }
            }
        }
        // Every base document is in the kube-system namespace through the kustomization, and is listed.
        Set<String> kinds = base.all().stream().map(d -> d.path("kind").asText()).collect(Collectors.toSet());
        assertThat(kinds).contains("DaemonSet", "Deployment", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role",
                "RoleBinding", "ConfigMap", "Secret");
    }

    @Test
    void theAgentReadsTheConfigMapWithTheDaemonSetsEnvironment() throws Exception {
        Map<String, String> env = Manifests.environment(agent, configMap, Map.of("spec.nodeName", "worker-1"));
        AgentConfig cfg = new AgentConfigReader(env, () -> "ignored").parse(configMap.path("data").path("muslin.yaml").asText());
        assertThat(cfg.nodeName()).isEqualTo("worker-1");
        assertThat(cfg.datastore()).isInstanceOf(AgentConfig.EtcdStore.class);
        // The file the agent is told to read is the ConfigMap's muslin.yaml, as mounted.
        Path configFile = Path.of(env.get(EnvOverrides.CONFIG_FILE));
        String volume = Manifests.mounts(agent).get(configFile.getParent().toString());
        assertThat(volume).as("a volume mounted at " + configFile.getParent()).isNotNull();
        JsonNode v = Manifests.volume(daemonSet, volume);
        assertThat(v.path("configMap").path("name").asText()).isEqualTo("muslin-config");
        assertThat(v.path("configMap").path("items").findValuesAsText("path")).contains(configFile.getFileName().toString());
        // The same for kube-sync, which reads the same file for the datastore and the collection's grace.
        Map<String, String> syncEnv = Manifests.environment(Manifests.container(deployment, "kube-sync"), configMap,
                Map.of("metadata.name", "muslin-kube-sync-abc", "metadata.namespace", "kube-system"));
        AgentConfig syncCfg = new AgentConfigReader(syncEnv, () -> "ignored").parse(configMap.path("data").path("muslin.yaml").asText());
        assertThat(syncCfg.datastore()).isEqualTo(cfg.datastore());
        assertThat(syncEnv.get(EnvOverrides.CONFIG_FILE)).isEqualTo(env.get(EnvOverrides.CONFIG_FILE));
    }

    @Test
    void probesAskTheAgentsHttpServerWhereItListensAndPathsItAnswers() throws Exception {
        Map<String, String> env = Manifests.environment(agent, configMap, Map.of("spec.nodeName", "worker-1"));
        AgentConfig cfg = new AgentConfigReader(env, () -> "ignored").parse(configMap.path("data").path("muslin.yaml").asText());
        Clock clock = Clock.systemUTC();
        DatastoreStatus ds = new DatastoreStatus("etcd", true, Instant.now(), 1, 0, 0, null);
        AgentHttpServer server = new AgentHttpServer(new AgentStatusService("worker-1", "test", clock,
                StatusSources.withoutDataplane(true, "nft", () -> ds), new RecentErrors(5, clock)), new AgentMetrics("worker-1", "test", clock));
        int port = server.start(IpAddress.parse("127.0.0.1"), 0);
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String probe : List.of("livenessProbe", "readinessProbe")) {
                JsonNode get = agent.path(probe).path("httpGet");
                assertThat(get.path("port").asInt()).as(probe + " port").isEqualTo(cfg.http().port());
                assertThat(IpAddress.parse(get.path("host").asText())).as(probe + " host").isEqualTo(cfg.http().address());
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + get.path("path").asText()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                // 200 or 503 with a reason: a health answer. A path the server does not serve answers 404.
                assertThat(r.statusCode()).as(probe + " " + get.path("path").asText() + ": " + r.body()).isIn(200, 503);
            }
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
        } finally {
            server.close();
        }
        assertThat(cfg.http().port()).isEqualTo(AgentConfigReader.DEFAULT_HTTP_PORT);
        // The preStop hook asks the agent's HTTP API where the probes do.
        JsonNode preStop = agent.path("lifecycle").path("preStop").path("exec").path("command");
        assertThat(preStop.get(preStop.size() - 1).asText()).contains("muslin status --agent http://"
                + cfg.http().address() + ":" + cfg.http().port());
    }

    @Test
    void everyMuslinVariableIsOneTheAgentKnows() {
        Set<String> known = EnvOverrides.VARIABLES.stream().map(EnvOverrides.Variable::name).collect(Collectors.toCollection(HashSet::new));
        known.add(EnvOverrides.CONFIG_FILE);
        known.add(EnvOverrides.ETCD_PASSWORD);
        List<JsonNode> containers = new ArrayList<>();
        Manifests.podSpec(daemonSet).path("containers").forEach(containers::add);
        Manifests.podSpec(daemonSet).path("initContainers").forEach(containers::add);
        Manifests.podSpec(deployment).path("containers").forEach(containers::add);
        for (JsonNode c : containers) {
            for (JsonNode e : c.path("env")) {
                String name = e.path("name").asText();
                if (name.startsWith("MUSLIN_")) {
                    assertThat(known).as(c.path("name").asText() + " sets " + name).contains(name);
                }
            }
        }
    }

    @Test
    void theDaemonSetRunsOnEveryNodeOnTheHostNetworkWithTheHostPathsItUses() {
        JsonNode spec = Manifests.podSpec(daemonSet);
        assertThat(spec.path("hostNetwork").asBoolean()).isTrue();
        assertThat(spec.path("priorityClassName").asText()).isEqualTo("system-node-critical");
        assertThat(spec.path("tolerations")).anySatisfy(t -> {
            assertThat(t.path("operator").asText()).isEqualTo("Exists");
            assertThat(t.has("key")).isFalse();
            assertThat(t.has("effect")).isFalse();
        });
        assertThat(agent.path("securityContext").path("privileged").asBoolean()).isTrue();
        // Host paths: mounted at the same path as on the host.
        Map<String, String> mounts = Manifests.mounts(agent);
        String cniServerDir = java.nio.file.Path.of(AgentConfigReader.DEFAULT_CNI_SERVER_FILE).getParent().toString();
        for (String host : List.of("/lib/modules", "/run/xtables.lock", "/var/run/netns", "/opt/cni/bin", "/etc/cni/net.d",
                AgentConfigReader.DEFAULT_STATE_DIR, cniServerDir)) {
            String volume = mounts.get(host);
            assertThat(volume).as("the agent mounts " + host).isNotNull();
            assertThat(Manifests.volume(daemonSet, volume).path("hostPath").path("path").asText()).isEqualTo(host);
        }
        assertThat(Manifests.volume(daemonSet, mounts.get("/run/xtables.lock")).path("hostPath").path("type").asText())
                .isEqualTo("FileOrCreate");
        // The CNI installer writes into the host's CNI directories, at their default paths.
        JsonNode install = spec.path("initContainers").get(0);
        assertThat(install.path("command").toString()).isEqualTo("[\"muslin\",\"cni\",\"install\",\"--copy-runtime\"]");
        Map<String, String> installMounts = Manifests.mounts(install);
        assertThat(Manifests.volume(daemonSet, installMounts.get("/opt/cni/bin")).path("hostPath").path("path").asText())
                .isEqualTo("/opt/cni/bin");
        assertThat(Manifests.volume(daemonSet, installMounts.get("/etc/cni/net.d")).path("hostPath").path("path").asText())
                .isEqualTo("/etc/cni/net.d");
        // The etcd TLS files the overlay names are inside the Secret's mount.
        assertThat(mounts.get("/etc/muslin/etcd")).isEqualTo("etcd-certs");
        assertThat(Manifests.volume(daemonSet, "etcd-certs").path("secret").path("secretName").asText()).isEqualTo("muslin-etcd-certs");
    }

    @Test
    void theKubeSyncDeploymentRunsTwoReplicasUnderItsOwnAccount() {
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(Manifests.podSpec(deployment).path("serviceAccountName").asText()).isEqualTo("muslin-kube-sync");
        assertThat(Manifests.container(deployment, "kube-sync").path("command").toString()).isEqualTo("[\"muslin\",\"kube-sync\"]");
        // The node agent's account has no Kubernetes permissions and no token.
        assertThat(Manifests.podSpec(daemonSet).path("serviceAccountName").asText()).isEqualTo("muslin-node");
        assertThat(Manifests.podSpec(daemonSet).path("automountServiceAccountToken").asBoolean(true)).isFalse();
        for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
            for (JsonNode b : base.ofKind(kind)) {
                assertThat(b.path("subjects").findValuesAsText("name")).as(kind + " " + b.path("metadata").path("name"))
                        .doesNotContain("muslin-node");
            }
        }
    }

    @Test
    void theOverlaysRenderAndTheAgentAcceptsTheirDatastoreSettings() throws Exception {
        Path copy = Files.createTempDirectory("muslin-deploy");
        try {
            copyTree(Manifests.DEPLOY.resolve("base"), copy.resolve("base"));
            copyTree(Manifests.DEPLOY.resolve("overlays"), copy.resolve("overlays"));
            for (String f : List.of("ca.pem", "cert.pem", "key.pem")) {
                Files.writeString(copy.resolve("overlays/etcd-tls/certs/" + f), "test " + f + "\n");
            }
            for (String overlay : List.of("etcd-http", "etcd-tls")) {
                Manifests rendered = Manifests.ofText(kustomize(copy.resolve("overlays/" + overlay)));
                JsonNode cm = rendered.get("ConfigMap", "muslin-config");
                JsonNode ds = rendered.get("DaemonSet", "muslin-node");
                assertThat(ds.path("metadata").path("namespace").asText()).isEqualTo("kube-system");
                JsonNode c = Manifests.container(ds, "muslin-node");
                Map<String, String> env = new java.util.HashMap<>(Manifests.environment(c, cm, Map.of("spec.nodeName", "worker-1")));
                // The kubelet puts each key of the Secret as a file into the mount; so does this test, in a
                // directory of its own, and points the variables that name files in the mount there.
                String mount = Manifests.mounts(c).entrySet().stream().filter(m -> m.getValue().equals("etcd-certs"))
                        .map(Map.Entry::getKey).findFirst().orElseThrow();
                Path secretDir = Files.createDirectories(copy.resolve("mounted-" + overlay));
                JsonNode secret = rendered.get("Secret", "muslin-etcd-certs");
                secret.path("data").properties().forEach(e -> {
                    try {
                        Files.write(secretDir.resolve(e.getKey()), java.util.Base64.getDecoder().decode(e.getValue().asText()));
                    } catch (java.io.IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                });
                env.replaceAll((k, v) -> v.startsWith(mount + "/") ? secretDir + v.substring(mount.length()) : v);
                AgentConfig cfg = new AgentConfigReader(env, () -> "x").parse(cm.path("data").path("muslin.yaml").asText());
                var etcd = ((AgentConfig.EtcdStore) cfg.datastore()).etcd();
                assertThat(etcd.endpoints()).hasSize(3);
                if (overlay.equals("etcd-tls")) {
                    var tls = etcd.tls().orElseThrow();
                    assertThat(List.of(tls.caCertificate(), tls.clientCertificate().orElseThrow(), tls.clientKey().orElseThrow()))
                            .allSatisfy(p -> assertThat(p.getParent()).isEqualTo(secretDir));
                } else {
                    assertThat(etcd.tls()).isEmpty();
                }
            }
        } finally {
            try (var s = Files.walk(copy)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The overlay rendered by {@code kubectl kustomize} where kubectl is installed; else the base with
     * the overlay's JSON-patch replacements of ConfigMap data and its Secret files applied here (the
     * only two things the overlays change).
     */
    private static String kustomize(Path dir) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/kubectl"))) {
            return renderWithoutKubectl(dir);
        }
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("kubectl kustomize " + dir + ": " + out).isZero();
        return out;
    }

    private static String renderWithoutKubectl(Path overlay) throws Exception {
        JsonNode k = Manifests.read(overlay.resolve("kustomization.yaml")).getFirst();
        List<JsonNode> docs = new ArrayList<>();
        Path baseDir = overlay.resolve(k.path("resources").get(0).asText()).normalize();
        for (JsonNode r : Manifests.read(baseDir.resolve("kustomization.yaml")).getFirst().path("resources")) {
            docs.addAll(Manifests.read(baseDir.resolve(r.asText())));
        }
        for (JsonNode d : docs) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) d.path("metadata")).put("namespace", "kube-system");
            for (JsonNode patch : k.path("patches")) {
                if (patch.path("target").path("kind").asText().equals(d.path("kind").asText())
                        && patch.path("target").path("name").asText().equals(d.path("metadata").path("name").asText())) {
                    for (JsonNode op : Manifests.parse(patch.path("patch").asText()).getFirst()) {
                        assertThat(op.path("op").asText()).isEqualTo("replace");
                        String[] path = op.path("path").asText().substring(1).split("/");
                        ((com.fasterxml.jackson.databind.node.ObjectNode) d.path(path[0])).put(path[1], op.path("value").asText());
                    }
                }
            }
            for (JsonNode gen : k.path("secretGenerator")) {
                if (d.path("kind").asText().equals("Secret") && gen.path("name").asText().equals(d.path("metadata").path("name").asText())) {
                    var data = ((com.fasterxml.jackson.databind.node.ObjectNode) d).putObject("data");
                    for (JsonNode f : gen.path("files")) {
                        Path file = overlay.resolve(f.asText());
                        data.put(file.getFileName().toString(), java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode d : docs) {
            out.append(Manifests.YAML.writeValueAsString(d)).append("\n");
        }
        return out.toString();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
