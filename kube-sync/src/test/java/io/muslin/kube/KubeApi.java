package io.muslin.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.muslin.testing.TcpProxy;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mock Kubernetes API server in CRUD mode (a real HTTP server on loopback that stores what
 * it is sent and streams watch events), reached by the code under test through a {@link TcpProxy}
 * that a test can cut, and by the test itself directly. The mock keeps no watch history, so a watch
 * resumed from an old resourceVersion is answered {@code 410 Gone} (as an ERROR event) once {@link #expireHistoryBelow}
 * says that version is gone — as a real API server answers once etcd compacted it.
 */
final class KubeApi implements AutoCloseable {
    private static final Pattern RESOURCE_VERSION = Pattern.compile("[?&]resourceVersion=(\\d+)");
    private final KubernetesMockServer server;
    private final TcpProxy proxy;
    private final KubernetesClient direct;
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong historyStartsAt = new AtomicLong();
    private final AtomicLong goneAnswers = new AtomicLong();
    private final AtomicLong lists = new AtomicLong();

    KubeApi() {
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                if (path.contains("watch=true")) {
                    Matcher m = RESOURCE_VERSION.matcher(path);
                    if (m.find() && Long.parseLong(m.group(1)) < historyStartsAt.get()) {
                        goneAnswers.incrementAndGet();
                        // As the API server answers a watch from a compacted resourceVersion: the watch opens, carries
                        // one ERROR event holding the 410 Status, and ends.
                        String event = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                                + "\"status\":\"Failure\",\"message\":\"too old resource version: " + m.group(1)
                                + "\",\"reason\":\"Expired\",\"code\":410}}";
                        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                            @Override
                            public void onOpen(WebSocket socket, Response response) {
                                socket.send(event);
                                socket.close(1000, "gone");
                            }
                        });
                    }
                } else if ("GET".equals(request.getMethod()) && !path.contains("/leases")) {
                    lists.incrementAndGet();
                }
                return crud.dispatch(request);
            }

            @Override
            public void shutdown() {
                crud.shutdown();
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        proxy = TcpProxy.toLoopbackPort(server.getPort());
        direct = client("http://127.0.0.1:" + server.getPort());
    }

    /** A client for the code under test, through the proxy. */
    KubernetesClient client() {
        return client(proxy.url("http"));
    }

    private KubernetesClient client(String url) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace("default")
                .withWatchReconnectInterval(100).withWatchReconnectLimit(-1)
                .withRequestRetryBackoffInterval(100).withRequestRetryBackoffLimit(3).build();
        KubernetesClient c = new KubernetesClientBuilder().withConfig(config).build();
        clients.add(c);
        return c;
    }

    /** The test's own client, straight to the server. */
    KubernetesClient direct() {
        return direct;
    }

    TcpProxy proxy() {
        return proxy;
    }

    /** Watches resuming from a resourceVersion below {@code version} are answered 410 Gone from now on. */
    void expireHistoryBelow(long version) {
        historyStartsAt.set(version);
    }

    long goneAnswers() {
        return goneAnswers.get();
    }

    long lists() {
        return lists.get();
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        proxy.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // The mock waits a fixed 10 s for its vert.x to stop, which a loaded machine can exceed; the
            // server is stopping anyway and is not what the tests examine.
        }
    }
}
