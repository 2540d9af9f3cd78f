package dev.storefleet.cluster;

import dev.storefleet.service.port.FleetWatch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet watch on fabric8 informers: four for the whole cluster, whatever the number of
 * stores (namespaces labelled as Storefleet's; pods, Deployments and StatefulSets labelled
 * {@code app.kubernetes.io/part-of=storefleet}, as both charts label them). Each informer lists
 * once, then follows one watch; fabric8 resumes a broken watch from its resourceVersion and
 * lists again when that version expired (410 Gone). The informers keep slim copies
 * ({@link WatchedObjects}).
 *
 * <p>Events only mark their namespace; one thread folds the marked namespaces
 * {@link #COALESCE} later, so a burst of pod events makes one judgement per namespace, and tells
 * the observer only what changed. The same thread looks at the informers every second: not
 * watching for {@link #LOST_AFTER} (API server restarting, network gone) is said as such, and
 * once they watch again every namespace is folded anew before the watch says it sees the cluster.
 * A context switch starts the informers again on the new client.
 */
final class Fabric8FleetWatch implements FleetWatch {
    private static final Logger LOG = LoggerFactory.getLogger(Fabric8FleetWatch.class);
    static final Duration COALESCE = Duration.ofMillis(100);
    static final Duration LOST_AFTER = Duration.ofSeconds(3);
    private static final String PART_OF = "app.kubernetes.io/part-of";
    static final long LIST_PAGE = 500;

    private final ClusterConnection connection;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-watch");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> dirty = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicBoolean foldQueued = new AtomicBoolean();

    // Owned by the fleet-watch thread:
    private Observer observer;
    private Informers informers;
    private final Map<String, NamespaceHealth> sent = new HashMap<>();
    private boolean watching;
    private long notWatchingSince = -1;
    private volatile String lastError = "";
    private WatchStatus said;
    private boolean everWatched;
    private Runnable unsubscribeSwitch = () -> { };

    Fabric8FleetWatch(ClusterConnection connection) {
        this.connection = connection;
    }

    /** The four informers of one client. */
    private record Informers(SharedIndexInformer<Namespace> namespaces, SharedIndexInformer<Pod> pods,
            SharedIndexInformer<Deployment> deployments, SharedIndexInformer<StatefulSet> statefulSets) {
        List<SharedIndexInformer<?>> all() {
            return List.of(namespaces, pods, deployments, statefulSets);
        }

        boolean watching() {
            return all().stream().allMatch(i -> i.hasSynced() && i.isWatching());
        }

        void stop() {
            all().forEach(SharedIndexInformer::stop);
        }
    }

    @Override
    public void start(Observer newObserver) {
        thread.execute(() -> {
            observer = newObserver;
            say(false, "listing the fleet's namespaces, pods and workloads");
            informers = open(connection.client());
        });
        unsubscribeSwitch = connection.onSwitch(() -> thread.execute(this::restart));
        thread.scheduleWithFixedDelay(this::lookAtInformers, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        unsubscribeSwitch.run();
        thread.execute(() -> {
            if (informers != null) {
                informers.stop();
            }
        });
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How many objects each informer caches now (namespaces, pods, deployments, statefulsets),
     * read on the watch's thread; empty before the watch started. For benchmarks and tests.
     */
    Map<String, Integer> cachedCounts() {
        try {
            return thread.submit(() -> informers == null ? Map.<String, Integer>of() : Map.of(
                    "namespaces", informers.namespaces().getStore().list().size(),
                    "pods", informers.pods().getStore().list().size(),
                    "deployments", informers.deployments().getStore().list().size(),
                    "statefulsets", informers.statefulSets().getStore().list().size()))
                    .get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the fleet watch's thread did not answer", e);
        }
    }

    private void restart() {
        if (informers != null) {
            informers.stop();
        }
        watching = false;
        notWatchingSince = System.nanoTime();
        everWatched = false;
        lastError = "";
        say(false, "listing the fleet again on context " + connection.currentContext());
        informers = open(connection.client());
    }

    private Informers open(KubernetesClient client) {
        // Lists come in pages of LIST_PAGE (as Kubernetes' own clients page): the HTTP client keeps
        // the last body of an idle connection, and one page is far less than 3,000 pods at once.
        var namespaces = client.namespaces().withLabel(StoreLabels.MANAGED_BY, StoreLabels.MANAGER)
                .withLimit(LIST_PAGE).runnableInformer(0);
        var pods = client.pods().inAnyNamespace().withLabel(PART_OF, StoreLabels.MANAGER).withLimit(LIST_PAGE)
                .runnableInformer(0);
        var deployments = client.apps().deployments().inAnyNamespace().withLabel(PART_OF, StoreLabels.MANAGER)
                .withLimit(LIST_PAGE).runnableInformer(0);
        var statefulSets = client.apps().statefulSets().inAnyNamespace().withLabel(PART_OF, StoreLabels.MANAGER)
                .withLimit(LIST_PAGE).runnableInformer(0);
        Informers opened = new Informers(
                prepared(namespaces, WatchedObjects::namespace, n -> n.getMetadata().getName()),
                prepared(pods, WatchedObjects::pod, p -> p.getMetadata().getNamespace()),
                prepared(deployments, WatchedObjects::deployment, d -> d.getMetadata().getNamespace()),
                prepared(statefulSets, WatchedObjects::statefulSet, s -> s.getMetadata().getNamespace()));
        opened.all().forEach(i -> i.start().whenComplete((ok, failure) -> {
            if (failure != null) {
                lastError = ClusterErrors.reason(failure);
            }
        }));
        return opened;
    }

    private <T extends HasMetadata> SharedIndexInformer<T> prepared(SharedIndexInformer<T> informer,
            UnaryOperator<T> slim, java.util.function.Function<T, String> namespaceOf) {
        informer.itemStore(new SlimItemStore<>(slim));
        informer.exceptionHandler((started, failure) -> {
            lastError = ClusterErrors.reason(failure);
            LOG.debug("Fleet watch of {}: {}", informer.getApiTypeClass().getSimpleName(), lastError);
            return true; // keep trying: the cluster may come back
        });
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                mark(namespaceOf.apply(object));
            }

            @Override
            public void onUpdate(T before, T after) {
                mark(namespaceOf.apply(after));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                mark(namespaceOf.apply(object));
            }
        });
        return informer;
    }

    private void mark(String namespace) {
        if (namespace == null || thread.isShutdown()) {
            return; // an informer's last event while the watch closes
        }
        dirty.add(namespace);
        if (foldQueued.compareAndSet(false, true)) {
            thread.schedule(this::foldMarked, COALESCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void foldMarked() {
        foldQueued.set(false);
        if (!watching || informers == null) {
            return; // folded all at once when the watch sees the cluster (again)
        }
        Set<String> marked = new HashSet<>(dirty);
        dirty.removeAll(marked);
        marked.forEach(this::fold);
    }

    private void lookAtInformers() {
        if (informers == null) {
            return;
        }
        try {
            boolean now = informers.watching();
            if (now && !watching) {
                watching = true;
                notWatchingSince = -1;
                dirty.clear();
                Set<String> all = new HashSet<>(sent.keySet());
                informers.namespaces().getStore().list().forEach(n -> all.add(n.getMetadata().getName()));
                all.forEach(this::fold);
                say(true, (everWatched ? "watching again, listed anew after the watch broke: " : "watching ")
                        + managedCount() + " namespaces");
                everWatched = true;
                lastError = "";
            } else if (now) {
                notWatchingSince = -1;
            } else if (watching) {
                if (notWatchingSince < 0) {
                    notWatchingSince = System.nanoTime();
                } else if (System.nanoTime() - notWatchingSince >= LOST_AFTER.toNanos()) {
                    watching = false;
                }
            }
            if (!watching && (everWatched || !lastError.isEmpty())) {
                say(false, (everWatched ? "the watch broke and has not resumed" : "cannot list the fleet")
                        + (lastError.isEmpty() ? "" : " (" + lastError + ")")
                        + "; health is unknown until the cluster answers again");
            }
        } catch (RuntimeException e) {
            LOG.warn("The fleet watch could not look at its informers", e);
        }
    }

    /** Tells the observer the watch's state when its words change. */
    private void say(boolean nowWatching, String words) {
        WatchStatus status = new WatchStatus(nowWatching, words);
        if (!status.equals(said)) {
            said = status;
            observer.connection(status);
        }
    }

    private int managedCount() {
        return informers.namespaces().getStore().list().size();
    }

    private void fold(String namespace) {
        NamespaceHealth health = judge(namespace);
        if (!health.equals(sent.get(namespace))) {
            if (health.exists()) {
                sent.put(namespace, health);
            } else if (sent.remove(namespace) == null) {
                return; // never told: nothing to take back
            }
            observer.namespace(health);
        }
    }

    private NamespaceHealth judge(String namespace) {
        Namespace ns = informers.namespaces().getStore().getByKey(namespace);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null
                || ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase())) {
            return NamespaceHealth.removed(namespace);
        }
        return WorkloadHealth.of(namespace,
                informers.deployments().getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace),
                informers.statefulSets().getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace),
                informers.pods().getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace));
    }
}
