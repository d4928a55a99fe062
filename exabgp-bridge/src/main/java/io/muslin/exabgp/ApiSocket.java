package io.muslin.exabgp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Unix socket ExaBGP's API relay connects to: lines from it (ExaBGP's events) go to a
 * consumer, lines to it (our commands) go to ExaBGP. One connection at a time; a new one
 * replaces the old (a restarted ExaBGP's relay).
 */
final class ApiSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiSocket.class);

    interface Handler {
        void connected();

        void line(String line);

        void disconnected();
    }

    private final Path path;
    private final Handler handler;
    private final ServerSocketChannel server;
    private volatile SocketChannel current;
    private volatile boolean closed;

    ApiSocket(Path path, Handler handler) throws IOException {
        this.path = path;
        this.handler = handler;
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread t = new Thread(this::acceptLoop, "exabgp-api-accept");
        t.setDaemon(true);
        t.start();
    }

    Path path() {
        return path;
    }

    boolean connected() {
        return current != null;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel c = server.accept();
                SocketChannel old = current;
                current = c;
                if (old != null) {
                    old.close();
                }
                Thread reader = new Thread(() -> read(c), "exabgp-api-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("ExaBGP API socket {}: accept failed: {}", path, e.getMessage());
                }
                return;
            }
        }
    }

    private void read(SocketChannel c) {
        handler.connected();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    handler.line(line);
                }
            }
        } catch (IOException e) {
            if (!closed && c == current) {
                log.info("ExaBGP API connection lost: {}", e.getMessage());
            }
        } finally {
            boolean wasCurrent = false;
            synchronized (this) {
                if (current == c) {
                    current = null;
                    wasCurrent = true;
                }
            }
            if (wasCurrent && !closed) {
                handler.disconnected();
            }
        }
    }

    /** Sends one command line; false when no relay is connected (the command is dropped). */
    boolean send(String command) {
        SocketChannel c = current;
        if (c == null) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
        synchronized (c) {
            try {
                while (b.hasRemaining()) {
                    c.write(b);
                }
                return true;
            } catch (IOException e) {
                log.info("ExaBGP API: cannot send ({})", e.getMessage());
                return false;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
            SocketChannel c = current;
            if (c != null) {
                c.close();
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("closing the ExaBGP API socket: {}", e.getMessage());
        }
    }
}
