package io.muslin.cni.server;

import io.muslin.cni.PluginCall;
import io.muslin.cni.client.ThinClient;
import io.muslin.cni.plugin.StoreAccess;
import io.muslin.cni.spec.NetConf;
import io.muslin.datastore.Datastore;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin server: the node's agent runs it so that each CNI call costs a small client process
 * ({@link ThinClient}) and no JVM warm-up or datastore connection. Listens on a unix socket
 * (mode 0600, in a directory it creates), runs every call as the plugin process would
 * ({@link PluginCall}), concurrently, with the stores kept open between calls.
 */
public final class CniServer implements AutoCloseable {
    /** Where the agent listens and the installed launcher looks by default. */
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/muslin/cni.sock");
    private static final Logger LOG = LoggerFactory.getLogger(CniServer.class);

    private final Path socket;
    private final ServerSocketChannel server;
    private final PluginCall call;
    private final CachedStores cached;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread acceptor;

    private CniServer(Path socket, ServerSocketChannel server, PluginCall call, CachedStores cached) {
        this.socket = socket;
        this.server = server;
        this.call = call;
        this.cached = cached;
        this.acceptor = Thread.ofPlatform().name("muslin-cni-server").daemon().unstarted(this::acceptLoop);
    }

    /** A server opening each configuration's store itself (once) and wiring pods in this process's namespace. */
    public static CniServer start(Path socket) {
        CachedStores cached = new CachedStores();
        return start(socket, cached, cached, null);
    }

    /** A server using the agent's own store for every call, whatever the configuration names. */
    public static CniServer start(Path socket, Datastore agentStore) {
        return start(socket, c -> StoreAccess.shared(agentStore), null, null);
    }

    /** For tests: pods wired with the node end in the named namespace. */
    public static CniServer start(Path socket, String hostNamespace) {
        CachedStores cached = new CachedStores();
        return start(socket, cached, cached, hostNamespace);
    }

    private static CniServer start(Path socket, Function<NetConf.Datastore, StoreAccess> stores, CachedStores cached,
                                   String hostNamespace) {
        try {
            Files.createDirectories(socket.toAbsolutePath().getParent());
            Files.deleteIfExists(socket);
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            CniServer s = new CniServer(socket, ch, new PluginCall(stores, hostNamespace), cached);
            s.acceptor.start();
            LOG.info("CNI plugin server listening on {}", socket);
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
    }

    public Path socket() {
        return socket;
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
            DataInputStream in = new DataInputStream(Channels.newInputStream(c));
            Map<String, String> env = ThinClient.readRequestEnv(in);
            byte[] input = ThinClient.readRequestInput(in);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int rc;
            try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                rc = call.run(env, input, ps);
            }
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(c));
            out.writeInt(rc);
            out.writeInt(buf.size());
            buf.writeTo(out);
            out.flush();
            LOG.debug("{} {} {} -> {}", env.get("CNI_COMMAND"), env.get("CNI_CONTAINERID"), env.get("CNI_IFNAME"), rc);
        } catch (IOException e) {
            LOG.warn("CNI plugin server: a call broke off: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", socket, e.getMessage());
        }
        calls.close();
        if (cached != null) {
            cached.close();
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("removing {}: {}", socket, e.getMessage());
        }
    }
}
