package io.muslin.datastore.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.muslin.datastore.AlreadyExistsException;
import io.muslin.datastore.Compare;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreException;
import io.muslin.datastore.DatastoreUnavailableException;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.ListResult;
import io.muslin.datastore.Op;
import io.muslin.datastore.RevisionConflictException;
import io.muslin.datastore.Txn;
import io.muslin.datastore.TxnResult;
import io.muslin.datastore.Watch;
import io.muslin.datastore.WatchListener;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * {@link Datastore} on etcd v3 through jetcd. Reads are retried with exponential back-off until
 * the request timeout; a write is retried only when it provably never reached etcd (connection
 * refused), otherwise its failure is reported with {@link DatastoreUnavailableException#mayHaveCommitted()}.
 */
public final class EtcdDatastore implements Datastore {
    private final EtcdConfig config;
    private final Client client;
    private final KV kv;
    private final ScheduledExecutorService scheduler;

    private EtcdDatastore(EtcdConfig config, Client client) {
        this.config = config;
        this.client = client;
        this.kv = client.getKVClient();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("etcd-watch-resume").factory());
    }

    /** Builds the client; no connection is made until the first operation. */
    public static EtcdDatastore connect(EtcdConfig config) {
        config.checkTls();
        ClientBuilder b = Client.builder()
                .endpoints(config.endpoints().toArray(URI[]::new))
                .connectTimeout(config.connectTimeout())
                .keepaliveTime(Duration.ofSeconds(10))
                .keepaliveTimeout(Duration.ofSeconds(5))
                .waitForReady(false)
                .retryMaxAttempts(0)
                .retryDelay(config.retryInitial().toMillis())
                .retryMaxDelay(config.retryMax().toMillis())
                .retryMaxDuration(config.requestTimeout());
        config.username().ifPresent(u -> b.user(bytes(u)));
        config.password().ifPresent(p -> b.password(bytes(p)));
        if (config.tls().isPresent()) {
            EtcdConfig.Tls tls = config.tls().get();
            try {
                b.sslContext(s -> {
                    s.trustManager(tls.caCertificate().toFile());
                    if (tls.clientCertificate().isPresent() && tls.clientKey().isPresent()) {
                        s.keyManager(tls.clientCertificate().get().toFile(), tls.clientKey().get().toFile());
                    }
                });
            } catch (SSLException | RuntimeException e) {
                throw new DatastoreException("etcd TLS: cannot load " + tls + ": " + e.getMessage(), e);
            }
        }
        return new EtcdDatastore(config, b.build());
    }

    EtcdConfig config() {
        return config;
    }

    Client client() {
        return client;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    static ByteSequence bytes(byte[] b) {
        return ByteSequence.from(b);
    }

    static KeyValue toKeyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes(),
                kv.getCreateRevision(), kv.getModRevision(), kv.getVersion());
    }

    @Override
    public Optional<KeyValue> get(String key) {
        GetResponse r = call("get " + key, false, () -> kv.get(bytes(key)));
        return r.getKvs().isEmpty() ? Optional.empty() : Optional.of(toKeyValue(r.getKvs().getFirst()));
    }

    @Override
    public ListResult list(String prefix) {
        GetResponse r = call("list " + prefix, false,
                () -> kv.get(bytes(prefix), GetOption.builder().isPrefix(true).build()));
        return new ListResult(r.getKvs().stream().map(EtcdDatastore::toKeyValue).toList(), r.getHeader().getRevision());
    }

    @Override
    public List<String> keys(String prefix) {
        GetResponse r = call("keys " + prefix, false,
                () -> kv.get(bytes(prefix), GetOption.builder().isPrefix(true).withKeysOnly(true).build()));
        return r.getKvs().stream().map(k -> k.getKey().toString(StandardCharsets.UTF_8)).toList();
    }

    @Override
    public long create(String key, byte[] value) {
        TxnResult r = commit(Txn.builder().when(Compare.absent(key)).then(Op.put(key, value)).build());
        if (!r.succeeded()) {
            throw new AlreadyExistsException(key);
        }
        return r.revision();
    }

    @Override
    public long update(String key, byte[] value, long expectedModRevision) {
        TxnResult r = commit(Txn.builder().when(Compare.modRevision(key, expectedModRevision)).then(Op.put(key, value)).build());
        if (!r.succeeded()) {
            throw new RevisionConflictException(key, expectedModRevision);
        }
        return r.revision();
    }

    @Override
    public long put(String key, byte[] value) {
        return call("put " + key, true, () -> kv.put(bytes(key), bytes(value))).getHeader().getRevision();
    }

    @Override
    public boolean delete(String key) {
        return call("delete " + key, true, () -> kv.delete(bytes(key))).getDeleted() > 0;
    }

    @Override
    public void delete(String key, long expectedModRevision) {
        TxnResult r = commit(Txn.builder().when(Compare.modRevision(key, expectedModRevision)).then(Op.delete(key)).build());
        if (!r.succeeded()) {
            throw new RevisionConflictException(key, expectedModRevision);
        }
    }

    @Override
    public TxnResult commit(Txn txn) {
        // Plain loops, not streams: this is every IPAM assignment's path.
        boolean writes = false;
        for (Op o : txn.onSuccess()) {
            writes |= !(o instanceof Op.Get);
        }
        for (Op o : txn.onFailure()) {
            writes |= !(o instanceof Op.Get);
        }
        Cmp[] cmps = new Cmp[txn.compares().size()];
        for (int i = 0; i < cmps.length; i++) {
            cmps[i] = toCmp(txn.compares().get(i));
        }
        io.etcd.jetcd.op.Op[] then = toOps(txn.onSuccess());
        io.etcd.jetcd.op.Op[] otherwise = toOps(txn.onFailure());
        // The description is built only when a message needs it: not on every transaction.
        Supplier<String> what = () -> "transaction on " + txn.compares().stream().map(Compare::key).toList()
                + txn.onSuccess().stream().map(Op::key).toList();
        TxnResponse r = call(what, writes, () -> kv.txn().If(cmps).Then(then).Else(otherwise).commit());
        List<GetResponse> gets = r.getGetResponses();
        List<Optional<KeyValue>> reads = gets.isEmpty() ? List.of() : new ArrayList<>(gets.size());
        for (GetResponse g : gets) {
            reads.add(g.getKvs().isEmpty() ? Optional.empty() : Optional.of(toKeyValue(g.getKvs().getFirst())));
        }
        return new TxnResult(r.isSucceeded(), r.getHeader().getRevision(), reads);
    }

    private static io.etcd.jetcd.op.Op[] toOps(List<Op> ops) {
        io.etcd.jetcd.op.Op[] out = new io.etcd.jetcd.op.Op[ops.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toOp(ops.get(i));
        }
        return out;
    }

    private static Cmp toCmp(Compare c) {
        ByteSequence k = bytes(c.key());
        return switch (c) {
            case Compare.Absent a -> new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0));
            case Compare.Present p -> new Cmp(k, Cmp.Op.GREATER, CmpTarget.createRevision(0));
            case Compare.ModRevision m -> new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(m.modRevision()));
        };
    }

    private static io.etcd.jetcd.op.Op toOp(Op op) {
        return switch (op) {
            case Op.Put p -> io.etcd.jetcd.op.Op.put(bytes(p.key()), bytes(p.value()), PutOption.DEFAULT);
            case Op.Delete d -> io.etcd.jetcd.op.Op.delete(bytes(d.key()), DeleteOption.DEFAULT);
            case Op.Get g -> io.etcd.jetcd.op.Op.get(bytes(g.key()), GetOption.DEFAULT);
        };
    }

    @Override
    public long revision() {
        return call("revision", false, () -> kv.get(bytes("\0"))).getHeader().getRevision();
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        long start = fromRevision <= 0 ? revision() + 1 : fromRevision;
        EtcdWatch w = new EtcdWatch(this, prefix, start, listener);
        w.start();
        return w;
    }

    @Override
    public String describe() {
        return "etcd " + config.endpoints();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        client.close();
    }

    /**
     * Runs one operation with retries. Reads and never-sent writes are retried with exponential
     * back-off until the request timeout; any other write failure is ambiguous and reported at once.
     */
    <T> T call(String what, boolean write, Supplier<CompletableFuture<T>> op) {
        return call(() -> what, write, op);
    }

    /** As {@link #call(String, boolean, Supplier)}, the description made only for a message. */
    <T> T call(Supplier<String> what, boolean write, Supplier<CompletableFuture<T>> op) {
        long deadline = System.nanoTime() + config.requestTimeout().toNanos();
        long backoff = config.retryInitial().toMillis();
        Throwable last = null;
        int attempts = 0;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw unavailable(what.get(), attempts, last, false);
            }
            attempts++;
            CompletableFuture<T> f = op.get();
            try {
                return f.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                throw unavailable(what.get(), attempts, e, write);
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new DatastoreException("interrupted during " + what.get() + " on " + describe(), e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (!EtcdErrors.transient_(cause)) {
                    throw new DatastoreException(what.get() + " on " + describe() + " failed: " + EtcdErrors.reason(cause), cause);
                }
                last = cause;
                if (write && !EtcdErrors.neverSent(cause)) {
                    throw unavailable(what.get(), attempts, cause, true);
                }
            }
            long sleep = Math.min(backoff, Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatastoreException("interrupted during " + what.get() + " on " + describe(), e);
            }
            backoff = Math.min(backoff * 2, config.retryMax().toMillis());
        }
    }

    private DatastoreUnavailableException unavailable(String what, int attempts, Throwable cause, boolean mayHaveCommitted) {
        return new DatastoreUnavailableException("etcd unavailable at " + config.endpoints() + ": " + what + " failed after "
                + attempts + " attempt(s) within " + config.requestTimeout().toMillis() + " ms: " + EtcdErrors.reason(cause)
                + (mayHaveCommitted ? " (the write may or may not have been applied)" : ""), mayHaveCommitted, cause);
    }
}
