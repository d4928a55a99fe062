package io.muslin.cni.server;

import io.muslin.cni.PluginCall;
import io.muslin.cni.plugin.StoreAccess;
import io.muslin.cni.spec.NetConf;
import io.muslin.datastore.Datastore;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin server: the node's agent runs it so that a CNI call costs the launcher's bash and
 * one loopback connection instead of a JVM start, and no datastore connection or warm-up.
 * Listens on {@code 127.0.0.1} at a free port and writes {@code PORT TOKEN} into its endpoint
 * file (mode 0600, root's: only root, as the runtime runs plugins, can call); each call is run as
 * the plugin process would run it ({@link PluginCall}), concurrently, with the stores kept open.
 * The wire format is {@link CallProtocol}.
 */
public final class CniServer implements AutoCloseable {
    /** Where the agent writes its endpoint and the installed launcher looks by default. */
    public static final Path DEFAULT_ENDPOINT_FILE = Path.of("/var/run/muslin/cni-server");
    private static final Logger LOG = LoggerFactory.getLogger(CniServer.class);

    private final Path endpointFile;
    private final ServerSocketChannel server;
    private final byte[] token;
    private final PluginCall call;
    private final CachedStores cached;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread acceptor;

    private CniServer(Path endpointFile, ServerSocketChannel server, byte[] token, PluginCall call, CachedStores cached) {
        this.endpointFile = endpointFile;
        this.server = server;
        this.token = token;
        this.call = call;
        this.cached = cached;
        this.acceptor = Thread.ofPlatform().name("muslin-cni-server").daemon().unstarted(this::acceptLoop);
    }

    /** A server opening each configuration's store itself (once) and wiring pods in this process's namespace. */
    public static CniServer start(Path endpointFile) {
        CachedStores cached = new CachedStores();
        return start(endpointFile, cached, cached, null);
    }

    /** A server using the agent's own store for every call, whatever the configuration names. */
    public static CniServer start(Path endpointFile, Datastore agentStore) {
        return start(endpointFile, c -> StoreAccess.shared(agentStore), null, null);
    }

    /** For tests: pods wired with the node end in the named namespace. */
    public static CniServer start(Path endpointFile, String hostNamespace) {
        CachedStores cached = new CachedStores();
        return start(endpointFile, cached, cached, hostNamespace);
    }

    private static CniServer start(Path endpointFile, Function<NetConf.Datastore, StoreAccess> stores, CachedStores cached,
                                   String hostNamespace) {
        try {
            ServerSocketChannel ch = ServerSocketChannel.open();
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            String token = HexFormat.of().formatHex(secret);
            int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            writeEndpoint(endpointFile, port + " " + token + "\n");
            CniServer s = new CniServer(endpointFile, ch, token.getBytes(StandardCharsets.UTF_8),
                    new PluginCall(stores, hostNamespace), cached);
            s.acceptor.start();
            LOG.info("CNI plugin server on 127.0.0.1:{} (endpoint file {})", port, endpointFile);
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the CNI plugin server (" + endpointFile + "): " + e.getMessage(), e);
        }
    }

    private static void writeEndpoint(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public Path endpointFile() {
        return endpointFile;
    }

    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                calls.execute(() -> serve(c));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("CNI plugin server: accept failed: {}", e.getMessage());
            }
        }
    }

    private void serve(SocketChannel c) {
        try (c) {
            CallProtocol.Request req = CallProtocol.read(new BufferedInputStream(Channels.newInputStream(c)), token);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int rc;
            try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                rc = call.run(req.env(), req.input(), ps);
            }
            OutputStream out = Channels.newOutputStream(c);
            out.write((rc + "\n").getBytes(StandardCharsets.UTF_8));
            buf.writeTo(out);
            out.flush();
            LOG.debug("{} {} {} -> {}", req.env().get("CNI_COMMAND"), req.env().get("CNI_CONTAINERID"), req.env().get("CNI_IFNAME"), rc);
        } catch (IOException e) {
            LOG.warn("CNI plugin server: a call was refused or broke off: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(endpointFile);
        } catch (IOException e) {
            LOG.debug("removing {}: {}", endpointFile, e.getMessage());
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the CNI plugin server: {}", e.getMessage());
        }
        calls.close();
        if (cached != null) {
            cached.close();
        }
    }
}
