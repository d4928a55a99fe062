package io.muslin.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.agent.metrics.AgentMetrics;
import io.muslin.agent.status.AgentStatusService;
import io.muslin.agent.status.Check;
import io.muslin.exabgp.LinkStateTopology;
import io.muslin.net.IpAddress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP API on vert.x core: {@code /healthz}, {@code /readyz}, {@code /status},
 * {@code /routes}, {@code /topology} (BGP-LS, through the ExaBGP bridge) and {@code /metrics}. Answers are assembled on a worker thread (providers may
 * take a lock or a moment) and never on the event loop.
 */
public final class AgentHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentHttpServer.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String ENDPOINTS = "/healthz /readyz /status /routes /topology /metrics";

    private final AgentStatusService status;
    private final AgentMetrics metrics;
    private final ObjectMapper json = StatusJson.mapper();
    private final Vertx vertx;
    private HttpServer server;
    /** The BGP-LS topology heard through ExaBGP (nodes, links, prefixes); an empty one until set. */
    private volatile Supplier<Object> topology = () -> LinkStateTopology.Snapshot.EMPTY;

    public AgentHttpServer(AgentStatusService status, AgentMetrics metrics) {
        this.status = status;
        this.metrics = metrics;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setInternalBlockingPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
    }

    /** Where {@code /topology} reads the BGP-LS topology from (the ExaBGP bridge's). */
    public void topology(Supplier<Object> source) {
        this.topology = source;
    }

    /** Listens on {@code address:port} (0: any free port) and returns the port. */
    public int start(IpAddress address, int port) throws Exception {
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(port, address.toString())
                    .toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot listen on " + address + ":" + port + ": " + c.getMessage(), c);
        }
        log.info("HTTP API on http://{}:{} ({})", address.v6() ? "[" + address + "]" : address, server.actualPort(), ENDPOINTS);
        return server.actualPort();
    }

    private void handle(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            req.response().setStatusCode(405).putHeader("allow", "GET, HEAD").end("only GET and HEAD\n");
            return;
        }
        switch (req.path()) {
            case "/healthz" -> check(req, status::liveness, "not live: ");
            case "/readyz" -> check(req, status::readiness, "not ready: ");
            case "/status" -> answer(req, "application/json", () -> json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(status.status()) + "\n");
            case "/routes" -> answer(req, "application/json", () -> json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(status.routes()) + "\n");
            case "/topology" -> answer(req, "application/json", () -> json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(topology.get()) + "\n");
            case "/metrics" -> answer(req, PROMETHEUS_TEXT, () -> metrics.scrape(status.status()));
            default -> req.response().setStatusCode(404).putHeader("content-type", "text/plain")
                    .end("not found: " + req.path() + " (try " + ENDPOINTS + ")\n");
        }
    }

    private void check(HttpServerRequest req, Callable<Check> c, String failedPrefix) {
        blocking(req, c).onSuccess(r -> req.response().setStatusCode(r.ok() ? 200 : 503).putHeader("content-type", "text/plain")
                .end(r.ok() ? r.reason() + "\n" : failedPrefix + r.reason() + "\n"));
    }

    private void answer(HttpServerRequest req, String type, Callable<String> body) {
        blocking(req, body).onSuccess(text -> req.response().putHeader("content-type", type).end(text));
    }

    private <T> Future<T> blocking(HttpServerRequest req, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(e -> {
            log.warn("{} failed: {}", req.path(), e.toString());
            String why = e instanceof JsonProcessingException ? "cannot write JSON" : String.valueOf(e.getMessage());
            req.response().setStatusCode(500).putHeader("content-type", "text/plain").end("error: " + why + "\n");
        });
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
