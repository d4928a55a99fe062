package io.muslin.cni.server;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The plugin server on its own ({@code java io.muslin.cni.server.ServerMain [ENDPOINT-FILE]}), for a
 * node without the agent and for the benchmark; the agent embeds {@link CniServer} instead.
 * Runs until SIGTERM or SIGINT.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.log.io.etcd", "error");
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", "error");
        Path file = args.length > 0 ? Path.of(args[0]) : CniServer.DEFAULT_ENDPOINT_FILE;
        // The hook is in place before the endpoint file exists: a SIGTERM at any moment after the
        // file appears removes it again.
        AtomicReference<CniServer> running = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (running) {
                CniServer s = running.getAndSet(null);
                if (s != null) {
                    s.close();
                }
                done.countDown();
            }
        }));
        CniServer server;
        synchronized (running) {
            if (done.getCount() == 0) {
                return; // stopping already
            }
            server = CniServer.start(file);
            running.set(server);
        }
        System.out.println("listening on 127.0.0.1:" + server.port() + ", endpoint in " + server.endpointFile());
        done.await();
    }
}
