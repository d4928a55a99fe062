package io.muslin.cni.plugin;

import io.muslin.cni.spec.CniError;
import io.muslin.cni.spec.NetConf;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreException;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.file.FileDatastore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * Opens the datastore the configuration names, with timeouts fit for a plugin the runtime waits
 * on. The file store admits one process at a time: concurrent plugin runs queue on a lock file
 * ({@code <directory>/cni.lock}) before opening it.
 */
public final class StoreAccess implements AutoCloseable {
    /** How long one request to etcd may take, retries included. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** How long one IPAM operation keeps trying while etcd is away before the plugin answers "try again later". */
    public static final Duration OUTAGE_DEADLINE = Duration.ofSeconds(10);

    private final Datastore store;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final boolean owned;

    private StoreAccess(Datastore store, FileChannel lockChannel, FileLock lock) {
        this(store, lockChannel, lock, true);
    }

    private StoreAccess(Datastore store, FileChannel lockChannel, FileLock lock, boolean owned) {
        this.store = store;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.owned = owned;
    }

    /** A store someone else opened and keeps (the plugin server's): {@link #close()} leaves it open. */
    public static StoreAccess shared(Datastore store) {
        return new StoreAccess(store, null, null, false);
    }

    public static StoreAccess open(NetConf.Datastore conf) {
        return switch (conf) {
            case NetConf.Etcd e -> new StoreAccess(etcd(e), null, null);
            case NetConf.FileStore f -> file(f);
        };
    }

    private static Datastore etcd(NetConf.Etcd e) {
        EtcdConfig cfg = EtcdConfig.of(e.endpoints().toArray(String[]::new))
                .withRequestTimeout(REQUEST_TIMEOUT).withRetry(Duration.ofMillis(50), Duration.ofMillis(500));
        if (e.caFile().isPresent()) {
            cfg = cfg.withTls(new EtcdConfig.Tls(e.caFile().get(), e.certFile(), e.keyFile()));
        }
        if (e.username().isPresent()) {
            Path pf = e.passwordFile().orElseThrow();
            try {
                cfg = cfg.withCredentials(e.username().get(), Files.readString(pf).strip());
            } catch (IOException x) {
                throw CniError.badConfig("datastore.etcd.passwordFile", "cannot read " + pf + ": " + x.getMessage());
            }
        }
        try {
            return EtcdDatastore.connect(cfg);
        } catch (IllegalArgumentException | IllegalStateException x) {
            throw CniError.badConfig("datastore.etcd", x.getMessage());
        } catch (DatastoreException x) {
            throw new CniError(CniError.TRY_AGAIN_LATER, "cannot connect to " + e.describe(), x.getMessage(), x);
        }
    }

    private static StoreAccess file(NetConf.FileStore f) {
        FileChannel ch = null;
        try {
            Files.createDirectories(f.directory());
            ch = FileChannel.open(f.directory().resolve("cni.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.lock();
            try {
                return new StoreAccess(FileDatastore.open(f.directory()), ch, l);
            } catch (DatastoreException e) {
                l.release();
                throw new CniError(CniError.TRY_AGAIN_LATER, "cannot open the " + f.describe()
                        + " (with datastore.type file, only one process at a time may hold it)", e.getMessage(), e);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            throw new CniError(CniError.IO_FAILURE, "cannot open the " + f.describe(), e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to save
            }
        }
    }

    public Datastore store() {
        return store;
    }

    Optional<FileLock> lock() {
        return Optional.ofNullable(lock);
    }

    @Override
    public void close() {
        if (!owned) {
            return;
        }
        try {
            store.close();
        } finally {
            closeQuietly(lockChannel);
        }
    }
}
