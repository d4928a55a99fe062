package io.muslin.agent.cli;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.agent.config.AgentConfig;
import io.muslin.agent.http.StatusJson;
import java.io.IOException;
import java.net.ConnectException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Reads the running agent's HTTP API. Every failure becomes one line naming the URL and the reason. */
final class AgentClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final URI base;
    private final ObjectMapper json = StatusJson.mapper();

    AgentClient(URI base) {
        this.base = base;
    }

    /** The agent the configuration describes; an unspecified listen address is reached on loopback. */
    static AgentClient of(String override, AgentConfig config) {
        if (override != null) {
            try {
                URI u = URI.create(override.endsWith("/") ? override.substring(0, override.length() - 1) : override);
                if (u.getScheme() == null || u.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
                return new AgentClient(u);
            } catch (IllegalArgumentException e) {
                throw CliException.badInput("--agent: '" + override + "' is not a URL like http://127.0.0.1:9099");
            }
        }
        AgentConfig.Http h = config.http();
        String host = h.address().isUnspecified() ? (h.address().v6() ? "::1" : "127.0.0.1") : h.address().toString();
        return new AgentClient(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + h.port()));
    }

    <T> T get(String path, JavaType type) {
        return decode(path, fetch(path), type);
    }

    <T> T get(String path, Class<T> type) {
        return get(path, json.constructType(type));
    }

    ObjectMapper json() {
        return json;
    }

    /**
     * One GET with {@link HttpURLConnection}: for an {@code http} URL it never initialises TLS, which
     * {@code java.net.http.HttpClient} does on creation (a third of a command's start-up).
     */
    private String fetch(String path) {
        URI u = base.resolve(path);
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) u.toURL().openConnection();
            c.setConnectTimeout((int) TIMEOUT.toMillis());
            c.setReadTimeout((int) TIMEOUT.toMillis());
            int code = c.getResponseCode();
            InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (code != 200) {
                throw CliException.failed("the agent at " + u + " answered " + code + ": " + body.strip());
            }
            return body;
        } catch (ConnectException e) {
            throw CliException.failed("cannot reach the agent at " + u + ": connection refused (is muslin agent running?)");
        } catch (SocketTimeoutException e) {
            throw CliException.failed("cannot reach the agent at " + u + ": no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.failed("cannot reach the agent at " + u + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private <T> T decode(String path, String body, JavaType type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw CliException.failed("the agent at " + base.resolve(path) + " sent what is not its status JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
