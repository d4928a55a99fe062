package io.muslin.agent.runtime;

import io.muslin.testing.Netns;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a service on this host's loopback (the test's etcd) reachable from inside a network
 * namespace: a listening socket made on a thread inside the namespace (127.0.0.1:port there),
 * each connection forwarded to the host's loopback port from a thread outside it.
 */
final class NamespaceForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    NamespaceForwarder(Netns ns, int port, int target) throws Exception {
        this(ns, InetAddress.getLoopbackAddress(), port, target);
    }

    /** Listening on {@code address} in the namespace (one of its interfaces' addresses). */
    NamespaceForwarder(Netns ns, InetAddress address, int port, int target) throws Exception {
        this.target = target;
        this.server = ns.executor().submit(() -> {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
            return s;
        }).get();
        Thread.ofPlatform().daemon().name("ns-forward-" + port).start(this::accept);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket in = server.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(in);
                open.add(out);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[16384];
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                int n;
                while ((n = i.read(buf)) >= 0) {
                    o.write(buf, 0, n);
                    o.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                quietly(from);
                quietly(to);
            }
        });
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        open.forEach(NamespaceForwarder::quietly);
    }
}
