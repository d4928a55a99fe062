package io.muslin.agent.cli;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.agent.config.AgentConfig;
import io.muslin.agent.http.StatusJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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

    private String fetch(String path) {
        URI u = base.resolve(path);
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(u).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw CliException.failed("cannot reach the agent at " + u + ": connection refused (is muslin agent running?)");
        } catch (HttpTimeoutException e) {
            throw CliException.failed("cannot reach the agent at " + u + ": no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw CliException.failed("cannot reach the agent at " + u + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted while asking the agent at " + u);
        }
        if (r.statusCode() != 200) {
            throw CliException.failed("the agent at " + u + " answered " + r.statusCode() + ": " + r.body().strip());
        }
        return r.body();
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
