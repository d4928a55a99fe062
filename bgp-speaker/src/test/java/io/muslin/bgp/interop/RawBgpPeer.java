package io.muslin.bgp.interop;

import io.muslin.testing.Netns;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bare BGP listener for capturing what a daemon sends: plain Java sockets (made on a thread
 * inside the namespace), no FSM, no codec. Every message is kept exactly as received, framed by
 * the length in its header. What to send is up to the caller.
 */
final class RawBgpPeer implements AutoCloseable {
    static final int TYPE_OPEN = 1, TYPE_UPDATE = 2, TYPE_NOTIFICATION = 3, TYPE_KEEPALIVE = 4, TYPE_ROUTE_REFRESH = 5;
    static final byte[] KEEPALIVE = header(19, TYPE_KEEPALIVE);

    private final ServerSocket listener;

    private RawBgpPeer(ServerSocket listener) {
        this.listener = listener;
    }

    /** Listens on {@code address} port 179 inside {@code ns}. */
    static RawBgpPeer listen(Netns ns, String address) throws Exception {
        ServerSocket s = ns.executor().submit(() -> {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.ofLiteral(address), 179));
            return server;
        }).get();
        return new RawBgpPeer(s);
    }

    /** Waits for the daemon to connect. */
    Connection accept(Duration timeout) throws IOException {
        listener.setSoTimeout((int) timeout.toMillis());
        try {
            return new Connection(listener.accept());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no connection to " + listener.getLocalSocketAddress() + " within " + timeout.toSeconds() + " s");
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    static byte[] header(int length, int type) {
        byte[] h = new byte[19];
        Arrays.fill(h, 0, 16, (byte) 0xFF);
        h[16] = (byte) (length >>> 8);
        h[17] = (byte) length;
        h[18] = (byte) type;
        return h;
    }

    /** One message as received. */
    record Received(long atNanos, byte[] bytes) {
        int type() {
            return bytes[18] & 0xFF;
        }
    }

    /** One TCP connection: a reader thread records every message; writes are synchronous. */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final List<Received> received = new ArrayList<>();
        private final Thread reader;
        private final ScheduledExecutorService keepalives = Executors.newSingleThreadScheduledExecutor();
        private volatile boolean closed;
        private volatile String closeReason = "";

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            reader = Thread.ofPlatform().daemon().name("raw-bgp-" + socket.getInetAddress().getHostAddress()).start(() -> {
                try {
                    while (true) {
                        byte[] head = new byte[19];
                        in.readFully(head);
                        int length = ((head[16] & 0xFF) << 8) | (head[17] & 0xFF);
                        if (length < 19) {
                            throw new IOException("length " + length + " in a header");
                        }
                        byte[] message = Arrays.copyOf(head, length);
                        in.readFully(message, 19, length - 19);
                        synchronized (received) {
                            received.add(new Received(System.nanoTime(), message));
                            received.notifyAll();
                        }
                    }
                } catch (EOFException e) {
                    closeReason = "closed by the daemon";
                } catch (IOException e) {
                    closeReason = e.toString();
                } finally {
                    closed = true;
                    synchronized (received) {
                        received.notifyAll();
                    }
                }
            });
        }

        InetAddress remote() {
            return socket.getInetAddress();
        }

        synchronized void send(byte[] message) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
        }

        /** Sends a KEEPALIVE every {@code every} until closed. */
        void keepAlive(Duration every) {
            keepalives.scheduleAtFixedRate(() -> {
                try {
                    if (!closed) {
                        send(KEEPALIVE);
                    }
                } catch (IOException e) {
                    // the reader notices the closed connection
                }
            }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }

        List<Received> received() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }

        boolean isClosed() {
            return closed;
        }

        /** Waits for a message matching {@code what} (or fails when the connection closes first). */
        Received await(String description, Duration timeout, Predicate<Received> what) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (received) {
                while (true) {
                    for (Received r : received) {
                        if (what.test(r)) {
                            return r;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || closed) {
                        throw new AssertionError("no " + description + " from " + remote().getHostAddress() + " within "
                                + timeout.toSeconds() + " s" + (closed ? " (" + closeReason + ")" : "")
                                + "; received types " + received.stream().map(Received::type).toList());
                    }
                    received.wait(Math.max(1, left / 1_000_000));
                }
            }
        }

        Received awaitType(int type, Duration timeout) throws InterruptedException {
            return await("message of type " + type, timeout, r -> r.type() == type);
        }

        /** Waits until no message other than KEEPALIVE arrived for {@code quiet}, at most {@code max}. */
        void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < deadline && !closed) {
                long last = 0;
                for (Received r : received()) {
                    if (r.type() != TYPE_KEEPALIVE) {
                        last = Math.max(last, r.atNanos());
                    }
                }
                if (last != 0 && System.nanoTime() - last >= quiet.toNanos()) {
                    return;
                }
                Thread.sleep(100);
            }
        }

        /** Waits for the daemon to close the connection. */
        void awaitClose(Duration timeout) throws InterruptedException {
            reader.join(timeout.toMillis());
        }

        @Override
        public void close() throws IOException {
            keepalives.shutdownNow();
            socket.close();
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
