package io.muslin.datastore.etcd;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach etcd. The agent builds this from its own configuration; nothing here reads files
 * except the PEM files named in {@link Tls}.
 *
 * @param endpoints      client URLs, e.g. {@code https://10.0.0.5:2379}
 * @param tls            CA, and client certificate and key for mutual TLS; empty for plain http
 * @param username       etcd user (with {@code password}); empty when auth is off
 * @param connectTimeout how long one connection attempt may take
 * @param requestTimeout how long one operation may take in all, retries included
 * @param retryInitial   first back-off between retries, doubled up to {@code retryMax}
 * @param retryMax       longest back-off between retries (also for watch resumes)
 */
public record EtcdConfig(List<URI> endpoints, Optional<Tls> tls, Optional<String> username, Optional<String> password,
                         Duration connectTimeout, Duration requestTimeout, Duration retryInitial, Duration retryMax) {

    /** PEM files: the CA to trust and, for mutual TLS, the client certificate chain and its key (PKCS#8). */
    public record Tls(Path caCertificate, Optional<Path> clientCertificate, Optional<Path> clientKey) {}

    public EtcdConfig {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("etcd endpoints: at least one endpoint is required");
        }
        for (URI u : endpoints) {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null || u.getPort() <= 0) {
                throw new IllegalArgumentException("etcd endpoints: '" + u + "' is not of the form http(s)://host:port");
            }
        }
        Objects.requireNonNull(tls, "tls");

        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("etcd username/password: give both or neither");
        }
        for (Duration d : List.of(connectTimeout, requestTimeout, retryInitial, retryMax)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("etcd timeouts must be positive, got " + d);
            }
        }
    }

    /** Plain http endpoints with the default timeouts (connect 2 s, request 10 s, back-off 50 ms..2 s). */
    public static EtcdConfig of(String... endpoints) {
        return new EtcdConfig(java.util.Arrays.stream(endpoints).map(EtcdConfig::endpoint).toList(), Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofMillis(50), Duration.ofSeconds(2));
    }

    /** Checks that the endpoints' scheme and the TLS settings agree (done when connecting). */
    public void checkTls() {
        boolean https = endpoints.stream().anyMatch(u -> "https".equals(u.getScheme()));
        if (https && tls.isEmpty()) {
            throw new IllegalArgumentException("etcd tls: https endpoints need a CA certificate (tls.caCertificate)");
        }
        if (!https && tls.isPresent()) {
            throw new IllegalArgumentException("etcd tls: TLS is configured but the endpoints are plain http");
        }
    }

    private static URI endpoint(String text) {
        try {
            return new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("etcd endpoints: '" + text + "' is not of the form http(s)://host:port");
        }
    }

    public EtcdConfig withTls(Tls t) {
        return new EtcdConfig(endpoints, Optional.of(t), username, password, connectTimeout, requestTimeout, retryInitial, retryMax);
    }

    public EtcdConfig withCredentials(String user, String pass) {
        return new EtcdConfig(endpoints, tls, Optional.of(user), Optional.of(pass), connectTimeout, requestTimeout, retryInitial, retryMax);
    }

    public EtcdConfig withRequestTimeout(Duration d) {
        return new EtcdConfig(endpoints, tls, username, password, connectTimeout, d, retryInitial, retryMax);
    }

    public EtcdConfig withRetry(Duration initial, Duration max) {
        return new EtcdConfig(endpoints, tls, username, password, connectTimeout, requestTimeout, initial, max);
    }
}
