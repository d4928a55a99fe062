package io.muslin.datastore.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.datastore.DatastoreException;
import io.muslin.testing.EtcdProcess;
import io.muslin.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutual TLS and username/password against a real etcd. */
class EtcdSecurityTest {
    @TempDir
    Path dir;

    @Test
    void mutualTls() throws Exception {
        Prerequisites.require(Prerequisites.executableReason("openssl", "/usr/bin/openssl"));
        makeCertificates(dir);
        try (EtcdProcess etcd = EtcdProcess.start(true, dir)) {
            assertThat(etcd.endpoint()).startsWith("https://");
            EtcdConfig.Tls tls = new EtcdConfig.Tls(dir.resolve("ca.crt"), Optional.of(dir.resolve("client.crt")),
                    Optional.of(dir.resolve("client.key")));
            try (EtcdDatastore store = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()).withTls(tls))) {
                store.put("/tls/a", "secret".getBytes(StandardCharsets.UTF_8));
                assertThat(store.get("/tls/a").orElseThrow().valueAsString()).isEqualTo("secret");
            }
            EtcdConfig.Tls noClientCert = new EtcdConfig.Tls(dir.resolve("ca.crt"), Optional.empty(), Optional.empty());
            try (EtcdDatastore store = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()).withTls(noClientCert)
                    .withRequestTimeout(Duration.ofSeconds(2)))) {
                assertThatThrownBy(() -> store.get("/tls/a")).isInstanceOf(DatastoreException.class)
                        .hasMessageContaining(etcd.endpoint());
            }
        }
        assertThatThrownBy(() -> EtcdDatastore.connect(EtcdConfig.of("https://127.0.0.1:1")
                .withTls(new EtcdConfig.Tls(dir.resolve("missing.crt"), Optional.empty(), Optional.empty()))))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("etcd TLS");
    }

    @Test
    void usernameAndPassword() {
        try (EtcdProcess etcd = EtcdProcess.start(true)) {
            etcd.etcdctl("user", "add", "root:rootpw");
            etcd.etcdctl("auth", "enable");
            try (EtcdDatastore store = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()).withCredentials("root", "rootpw"))) {
                store.put("/auth/a", new byte[] {1});
                assertThat(store.get("/auth/a")).isPresent();
            }
            try (EtcdDatastore store = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()).withCredentials("root", "wrong")
                    .withRequestTimeout(Duration.ofSeconds(2)))) {
                assertThatThrownBy(() -> store.get("/auth/a")).isInstanceOf(DatastoreException.class)
                        .hasMessageContaining("get /auth/a").hasMessageContaining("authentication failed");
            }
        }
    }

    @Test
    void configRejectsBadValuesWithTheField() {
        assertThatThrownBy(() -> EtcdConfig.of("127.0.0.1:2379")).hasMessageContaining("etcd endpoints");
        assertThatThrownBy(() -> EtcdConfig.of()).hasMessageContaining("at least one endpoint");
        assertThatThrownBy(() -> EtcdDatastore.connect(EtcdConfig.of("https://127.0.0.1:2379")))
                .hasMessageContaining("etcd tls: https endpoints need a CA certificate");
        assertThatThrownBy(() -> EtcdConfig.of("http://127.0.0.1:2379").withRequestTimeout(Duration.ZERO))
                .hasMessageContaining("positive");
    }

    private static void makeCertificates(Path d) throws IOException, InterruptedException {
        Files.writeString(d.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
        run(d, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=muslin-test-ca");
        for (String who : List.of("server", "client")) {
            run(d, "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", who + ".key");
            run(d, "openssl", "req", "-new", "-key", who + ".key", "-out", who + ".csr", "-subj", "/CN=" + who);
            run(d, "openssl", "x509", "-req", "-in", who + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", who + ".crt", "-days", "2", "-extfile", "san.cnf");
        }
    }

    private static void run(Path d, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(d.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
