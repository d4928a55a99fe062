package io.muslin.cni.server;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The plugin server on its own ({@code java io.muslin.cni.server.ServerMain [SOCKET]}), for a
 * node without the agent and for the benchmark; the agent embeds {@link CniServer} instead.
 * Runs until SIGTERM or SIGINT.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.log.io.etcd", "error");
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", "error");
        Path socket = args.length > 0 ? Path.of(args[0]) : CniServer.DEFAULT_SOCKET;
        CniServer server = CniServer.start(socket);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            done.countDown();
        }));
        System.out.println("listening on " + server.socket());
        done.await();
    }
}
