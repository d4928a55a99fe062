package io.muslin.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.Stored;
import io.muslin.datastore.cache.Informer;
import io.muslin.datastore.cache.InformerListener;
import io.muslin.datastore.model.Namespace;
import io.muslin.datastore.model.NetworkPolicy;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.ipam.Ipam;
import io.muslin.ipam.IpamOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors the Kubernetes API into the datastore, as Calico's kube-controllers do in etcd mode:
 * Nodes, Namespaces, NetworkPolicies and the labels of Pods (see {@link Mirrors} for what each
 * becomes), and collects what belongs to pods and nodes that are gone ({@link Collector}).
 *
 * <p>Kubernetes is read through fabric8 SharedIndexInformers (list, then watch from the list's
 * resourceVersion; a watch that breaks resumes from the last resourceVersion seen, and one answered
 * {@code 410 Gone} re-lists; every {@code resync} the cache is handed to the handlers again). The
 * datastore's WorkloadEndpoints are followed through the datastore's own {@link Informer}, so that
 * an endpoint the CNI plugin writes gets the pod's labels at once.
 *
 * <p>All work runs on one thread, level-triggered: an event only names a key; the key's Kubernetes
 * object is read from the informer's cache and compared with the stored resource, and a write
 * happens only when they differ. So an event seen twice (a re-list) writes nothing twice, and a
 * missed event is repaired by the next resync. A failed write is tried again after
 * {@link KubeSyncOptions#retry()}.
 */
public final class KubeSync implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KubeSync.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);
    private final KubeSyncOptions options;
    private final ResourceStore resources;
    private final StoreWriter writer;
    private final ScheduledExecutorService loop;
    private final SharedIndexInformer<io.fabric8.kubernetes.api.model.Node> nodes;
    private final SharedIndexInformer<io.fabric8.kubernetes.api.model.Namespace> namespaces;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy> policies;
    private final Collector collector;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong fullResyncs = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile Informer<WorkloadEndpoint> endpoints;
    private volatile boolean closed;

    private KubeSync(KubernetesClient kube, Datastore store, KubeSyncOptions options, Clock clock) {
        this.options = options;
        this.resources = new ResourceStore(store);
        this.writer = new StoreWriter(resources);
        this.loop = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("kube-sync").daemon().factory());
        long resync = options.resync().toMillis();
        this.nodes = kube.nodes().runnableInformer(resync);
        this.namespaces = kube.namespaces().runnableInformer(resync);
        this.pods = kube.pods().inAnyNamespace().runnableInformer(resync);
        this.policies = kube.network().v1().networkPolicies().inAnyNamespace().runnableInformer(resync);
        KubeView view = new KubeView(nodes.getStore(), pods.getStore());
        this.collector = new Collector(resources, new Ipam(store, IpamOptions.defaults()), writer, view, options.grace(), clock);
    }

    /**
     * Starts the informers, waits until each has its first list, then mirrors everything once and
     * schedules the resync and the garbage collection.
     *
     * @throws IllegalStateException when Kubernetes cannot be listed within two minutes (the message says which kind)
     */
    public static KubeSync start(KubernetesClient kube, Datastore store, KubeSyncOptions options) {
        return start(kube, store, options, Clock.systemUTC());
    }

    static KubeSync start(KubernetesClient kube, Datastore store, KubeSyncOptions options, Clock clock) {
        KubeSync sync = new KubeSync(kube, store, options, clock);
        try {
            sync.run();
        } catch (RuntimeException e) {
            sync.close();
            throw e;
        }
        return sync;
    }

    private void run() {
        endpoints = Informer.start(resources, WorkloadEndpoint.class, new InformerListener<>() {
            @Override
            public void onAdded(String key, Stored<WorkloadEndpoint> current) {
                WorkloadEndpoint w = current.resource();
                if (w.spec() != null && w.spec().pod() != null) {
                    submit("endpoint " + key, () -> mirrorPod(w.metadata().namespace(), w.spec().pod(), false));
                }
            }

            @Override
            public void onModified(String key, Stored<WorkloadEndpoint> previous, Stored<WorkloadEndpoint> current) {
                onAdded(key, current);
            }

            @Override
            public void onConnectionChange(boolean connected, String reason) {
                if (connected) {
                    log.info("datastore reachable again");
                } else {
                    log.warn("datastore unreachable: {}", reason);
                }
            }
        });
        try {
            if (!endpoints.awaitSynced(SYNC_TIMEOUT)) {
                throw new IllegalStateException("the datastore's WorkloadEndpoints were not listed within " + SYNC_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the datastore's WorkloadEndpoints", e);
        }
        nodes.addEventHandler(handler(o -> submit("node " + o.getMetadata().getName(), () -> mirrorNode(o.getMetadata().getName()))));
        namespaces.addEventHandler(handler(o -> submit("namespace " + o.getMetadata().getName(),
                () -> mirrorNamespace(o.getMetadata().getName()))));
        policies.addEventHandler(handler(o -> submit("network policy " + key(o), () -> mirrorPolicy(o.getMetadata().getNamespace(),
                o.getMetadata().getName()))));
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                submit("pod " + key(pod), () -> mirrorPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), false));
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                onAdd(after);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                submit("pod " + key(pod), () -> mirrorPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), true));
            }
        });
        awaitSynced(List.of(nodes.start().toCompletableFuture(), namespaces.start().toCompletableFuture(),
                pods.start().toCompletableFuture(), policies.start().toCompletableFuture()));
        // The first mirror of everything is done before start returns (a failure is logged and
        // retried by the periodic resync, as any resync's is).
        call(() -> {
            guarded("full resync", this::fullResync);
            return null;
        });
        long resync = options.resync().toMillis();
        loop.scheduleWithFixedDelay(() -> guarded("full resync", this::fullResync), resync, resync, TimeUnit.MILLISECONDS);
        long gc = options.gcInterval().toMillis();
        loop.scheduleWithFixedDelay(() -> guarded("garbage collection", collector::collect), gc, gc, TimeUnit.MILLISECONDS);
        log.info("Kubernetes sync started: {} nodes, {} namespaces, {} pods, {} network policies", nodes.getStore().list().size(),
                namespaces.getStore().list().size(), pods.getStore().list().size(), policies.getStore().list().size());
    }

    private void awaitSynced(List<CompletableFuture<Void>> starts) {
        String[] kinds = {"nodes", "namespaces", "pods", "networkpolicies"};
        for (int i = 0; i < starts.size(); i++) {
            try {
                starts.get(i).get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kubernetes " + kinds[i] + " were not listed within " + SYNC_TIMEOUT.toSeconds() + " s", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot list Kubernetes " + kinds[i] + ": " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing Kubernetes " + kinds[i], e);
            }
        }
    }

    /** Mirrors everything again now and waits for it (what the periodic resync does). */
    public void resyncNow() {
        call(() -> {
            fullResync();
            return null;
        });
    }

    /** Runs the garbage collection now and waits for it (what the periodic collection does). */
    public Collector.Result collectNow() {
        return call(collector::collect);
    }

    /** Waits until every change queued so far has been handled. */
    public void drain() {
        call(() -> null);
    }

    public KubeSyncStats stats() {
        return new KubeSyncStats(writer.writes(), writer.deletes(), errors.get(), fullResyncs.get(), collector.lastResult(),
                lastError.get());
    }

    private void fullResync() {
        Set<String> nodeNames = nodes.getStore().list().stream().map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
        nodeNames.forEach(this::mirrorNode);
        Set<String> nsNames = namespaces.getStore().list().stream().map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
        nsNames.forEach(this::mirrorNamespace);
        for (Stored<Namespace> s : resources.list(Namespace.class).items()) {
            if (mirrored(s.resource().metadata().annotations()) && !nsNames.contains(s.resource().metadata().name())) {
                mirrorNamespace(s.resource().metadata().name());
            }
        }
        Set<String> policyKeys = policies.getStore().list().stream().map(KubeSync::key).collect(Collectors.toSet());
        policies.getStore().list().forEach(p -> mirrorPolicy(p.getMetadata().getNamespace(), p.getMetadata().getName()));
        for (Stored<NetworkPolicy> s : resources.list(NetworkPolicy.class).items()) {
            var m = s.resource().metadata();
            if (mirrored(m.annotations()) && !policyKeys.contains(m.namespace() + "/" + m.name())) {
                mirrorPolicy(m.namespace(), m.name());
            }
        }
        Map<String, List<Stored<WorkloadEndpoint>>> byPod = endpoints.snapshot().items().values().stream()
                .filter(s -> s.resource().spec() != null && s.resource().spec().pod() != null)
                .collect(Collectors.groupingBy(s -> s.resource().metadata().namespace() + "/" + s.resource().spec().pod()));
        for (Pod p : pods.getStore().list()) {
            List<Stored<WorkloadEndpoint>> weps = byPod.get(key(p));
            if (weps != null) {
                mirrorPod(p, weps);
            }
        }
        fullResyncs.incrementAndGet();
    }

    private void mirrorNode(String name) {
        io.fabric8.kubernetes.api.model.Node kube = nodes.getStore().getByKey(name);
        if (kube != null && writer.upsert(Node.class, null, name, existing -> Mirrors.node(kube, existing))) {
            log.debug("node {} mirrored", name);
        }
        // A node missing from Kubernetes is the collector's: released after the grace period.
    }

    private void mirrorNamespace(String name) {
        io.fabric8.kubernetes.api.model.Namespace kube = namespaces.getStore().getByKey(name);
        if (kube != null) {
            writer.upsert(Namespace.class, null, name, existing -> Mirrors.namespace(kube));
            return;
        }
        resources.get(Namespace.class, name).filter(s -> mirrored(s.resource().metadata().annotations()))
                .ifPresent(s -> writer.delete(Namespace.class, null, name, s.revision()));
    }

    private void mirrorPolicy(String namespace, String name) {
        var kube = policies.getStore().getByKey(namespace + "/" + name);
        if (kube != null) {
            NetworkPolicy want;
            try {
                want = Mirrors.networkPolicy(kube);
            } catch (RuntimeException e) {
                // Bad input: say which policy and why, keep what the datastore has, go on with the rest.
                String message = "network policy " + namespace + "/" + name + " not mirrored: " + e.getMessage().replace('\n', ' ');
                if (!message.equals(lastError.getAndSet(message))) {
                    log.warn(message);
                }
                errors.incrementAndGet();
                return;
            }
            writer.upsert(NetworkPolicy.class, namespace, name, existing -> want);
            return;
        }
        resources.get(NetworkPolicy.class, namespace, name).filter(s -> mirrored(s.resource().metadata().annotations()))
                .ifPresent(s -> writer.delete(NetworkPolicy.class, namespace, name, s.revision()));
    }

    /**
     * The pod's endpoints get its labels and named ports. When the pod was deleted (and no pod of the
     * same name exists again) its endpoints are deleted (the CNI plugin's DEL does the same;
     * whichever comes second finds nothing); its addresses are released by the collector after the
     * grace period.
     */
    private void mirrorPod(String namespace, String name, boolean deleted) {
        List<Stored<WorkloadEndpoint>> weps = endpointsOf(namespace, name);
        // A pod recreated under the same name (a StatefulSet) before this deletion is handled: its
        // endpoint is the new pod's, so only the labels are brought up to date.
        if (deleted && pods.getStore().getByKey(namespace + "/" + name) == null) {
            for (Stored<WorkloadEndpoint> s : weps) {
                writer.delete(WorkloadEndpoint.class, namespace, s.resource().metadata().name(), s.revision());
            }
            return;
        }
        Pod pod = pods.getStore().getByKey(namespace + "/" + name);
        if (pod != null) {
            mirrorPod(pod, weps);
        }
    }

    /** Labels and ports onto the pod's endpoints on its node; an endpoint deleted meanwhile stays deleted. */
    private void mirrorPod(Pod pod, List<Stored<WorkloadEndpoint>> weps) {
        for (Stored<WorkloadEndpoint> s : weps) {
            WorkloadEndpoint w = s.resource();
            if (KubeView.nodeOf(pod).map(n -> n.equals(w.spec().node())).orElse(false)) {
                writer.updateIfPresent(WorkloadEndpoint.class, w.metadata().namespace(), w.metadata().name(),
                        existing -> Mirrors.workloadEndpoint(pod, existing));
            }
        }
    }

    List<Stored<WorkloadEndpoint>> endpointsOf(String namespace, String pod) {
        return endpoints.snapshot().items().values().stream()
                .filter(s -> namespace.equals(s.resource().metadata().namespace()) && s.resource().spec() != null
                        && pod.equals(s.resource().spec().pod()))
                .toList();
    }

    private static boolean mirrored(java.util.Map<String, String> annotations) {
        return annotations != null && Mirrors.FROM_KUBERNETES.equals(annotations.get(Mirrors.MIRRORED));
    }

    private static String key(HasMetadata o) {
        return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(java.util.function.Consumer<T> onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T before, T after) {
                onChange.accept(after);
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                onChange.accept(obj);
            }
        };
    }

    private void submit(String what, Runnable work) {
        if (closed) {
            return;
        }
        try {
            loop.execute(() -> {
                if (!guarded(what, work)) {
                    retryLater(what, work);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void retryLater(String what, Runnable work) {
        if (closed) {
            return;
        }
        try {
            loop.schedule(() -> {
                if (!guarded(what, work)) {
                    retryLater(what, work);
                }
            }, options.retry().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** Runs one piece of work; a failure is counted and logged once per distinct message, never thrown into the loop. */
    private boolean guarded(String what, Runnable work) {
        try {
            work.run();
            return true;
        } catch (RuntimeException e) {
            if (closed) {
                return true;   // interrupted by close(): nothing to report, nothing to retry
            }
            errors.incrementAndGet();
            String message = what + " failed: " + e.getMessage();
            if (!message.equals(lastError.getAndSet(message))) {
                log.warn("{} (tried again in {} ms)", message, options.retry().toMillis());
            }
            return false;
        }
    }

    private <T> T call(java.util.concurrent.Callable<T> work) {
        try {
            return loop.submit(work).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the informers and the loop; what was written stays. */
    @Override
    public void close() {
        closed = true;
        nodes.close();
        namespaces.close();
        pods.close();
        policies.close();
        if (endpoints != null) {
            endpoints.close();
        }
        loop.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
