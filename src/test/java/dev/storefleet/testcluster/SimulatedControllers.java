package dev.storefleet.testcluster;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.storefleet.testcluster.ObjectStore.Event;
import dev.storefleet.testcluster.ObjectStore.EventType;
import dev.storefleet.testcluster.Resources.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays a cluster's controllers from the store's change events, as informers and work queues
 * do: a change of a workload, or of a pod it owns, queues the workload; the queue is worked
 * through on the controllers' thread, one object at a time under the store's lock, and nothing
 * is written when nothing changed. Pieces: {@link DeploymentController},
 * {@link ReplicaSetController}, {@link StatefulSetController}, {@link JobController},
 * {@link VolumeBinder} (after {@link #readyAfter}), and the {@link Kubelet} for pods.
 * Workloads matched by {@link #neverReady} are left alone: no pods, no status.
 */
final class SimulatedControllers implements Consumer<Event> {

    private record NeverReady(String kind, Pattern name) {
    }

    /** One object to reconcile. */
    private record Key(Resource resource, String namespace, String name) {
    }

    private static final Resource DEPLOYMENTS = Resources.require("apps/v1", "Deployment");
    private static final Resource REPLICA_SETS = Resources.require("apps/v1", "ReplicaSet");
    private static final Resource STATEFUL_SETS = Resources.require("apps/v1", "StatefulSet");
    private static final Resource JOBS = Resources.require("batch/v1", "Job");
    private static final Resource PVCS = Resources.require("v1", "PersistentVolumeClaim");
    private static final Resource SERVICES = Resources.require("v1", "Service");

    private final ObjectStore store;
    private final ScheduledExecutorService thread;
    private final Kubelet kubelet;
    private final DeploymentController deployments;
    private final ReplicaSetController replicaSets;
    private final StatefulSetController statefulSets;
    private final JobController jobs;
    private final VolumeBinder volumes;
    private final List<NeverReady> neverReady = new CopyOnWriteArrayList<>();
    private final Set<Key> queue = new LinkedHashSet<>();
    private boolean draining;
    private volatile Duration readyAfter = Duration.ZERO;
    private volatile Duration tick = Kubelet.DEFAULT_TICK;
    private volatile Duration retryEvery = Kubelet.DEFAULT_CRASH_RESTART_EVERY;

    SimulatedControllers(ObjectStore store, ScheduledExecutorService thread, PodFaults faults, ClusterEvents events,
                         ContainerLogs logs) {
        this.store = store;
        this.thread = thread;
        this.kubelet = new Kubelet(store, thread, faults, events, logs, () -> readyAfter);
        this.deployments = new DeploymentController(store);
        this.replicaSets = new ReplicaSetController(store, faults, events);
        this.statefulSets = new StatefulSetController(store, faults, events);
        this.jobs = new JobController(store, faults, events);
        this.volumes = new VolumeBinder(store, faults, events);
    }

    Kubelet kubelet() {
        return kubelet;
    }

    void readyAfter(Duration delay) {
        readyAfter = delay;
    }

    void neverReady(String kind, String nameRegex) {
        neverReady.add(new NeverReady(kind, Pattern.compile(nameRegex)));
    }

    void tick(Duration every) {
        tick = every;
        kubelet.tick(every);
    }

    void crashRestartEvery(Duration every) {
        retryEvery = every;
        kubelet.crashRestartEvery(every);
    }

    void reset() {
        neverReady.clear();
        readyAfter = Duration.ZERO;
        tick = Kubelet.DEFAULT_TICK;
        retryEvery = Kubelet.DEFAULT_CRASH_RESTART_EVERY;
        kubelet.resetTimings();
    }

    /** Faults were added or lifted: Jobs, claims and every pod get another look. */
    void faultsChanged() {
        kubelet.faultsChanged();
        thread.execute(() -> store.locked(() -> {
            store.list(JOBS, null).forEach(j -> enqueue(JOBS, j));
            store.list(REPLICA_SETS, null).forEach(rs -> enqueue(REPLICA_SETS, rs));
            store.list(STATEFUL_SETS, null).forEach(s -> enqueue(STATEFUL_SETS, s));
            store.list(PVCS, null).stream().filter(p -> !VolumeBinder.bound(p)).forEach(p -> enqueue(PVCS, p));
            return null;
        }));
    }

    // ---- routing change events to work ----------------------------------------------------------

    @Override
    public void accept(Event e) {
        ObjectNode o = e.object();
        String kind = e.resource().kind();
        if (kind.equals("Pod")) {
            kubelet.podChanged(e);
            JsonNode owner = Workloads.controllerRef(o);
            if (owner != null) {
                Resources.byKind(Json.text(owner, "apiVersion"), Json.text(owner, "kind"))
                        .ifPresent(r -> enqueue(new Key(r, ObjectStore.namespaceOf(o), Json.text(owner, "name"))));
            }
            return;
        }
        if (e.type() == EventType.DELETED) {
            return;
        }
        switch (kind) {
            case "Deployment", "StatefulSet", "Job" -> enqueue(e.resource(), o);
            case "ReplicaSet" -> {
                enqueue(e.resource(), o);
                JsonNode owner = Workloads.controllerRef(o);
                if (owner != null && "Deployment".equals(Json.text(owner, "kind"))) {
                    enqueue(new Key(DEPLOYMENTS, ObjectStore.namespaceOf(o), Json.text(owner, "name")));
                }
            }
            case "PersistentVolumeClaim" -> {
                if (VolumeBinder.bound(o)) {
                    kubelet.claimBound(ObjectStore.namespaceOf(o), ObjectStore.nameOf(o));
                } else if (e.type() == EventType.ADDED) {
                    later(new Key(PVCS, ObjectStore.namespaceOf(o), ObjectStore.nameOf(o)), readyAfter);
                }
            }
            case "Service" -> {
                if (VolumeBinder.needsLoadBalancer(o)) {
                    later(new Key(SERVICES, ObjectStore.namespaceOf(o), ObjectStore.nameOf(o)), readyAfter);
                }
            }
            default -> {
            }
        }
    }

    private void enqueue(Resource r, JsonNode o) {
        enqueue(new Key(r, ObjectStore.namespaceOf(o), ObjectStore.nameOf(o)));
    }

    private void later(Key key, Duration delay) {
        thread.schedule(() -> enqueue(key), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void enqueue(Key key) {
        synchronized (queue) {
            queue.add(key);
            if (draining) {
                return;
            }
            draining = true;
        }
        thread.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Key key;
            synchronized (queue) {
                Iterator<Key> it = queue.iterator();
                if (!it.hasNext()) {
                    draining = false;
                    return;
                }
                key = it.next();
                it.remove();
            }
            reconcile(key);
        }
    }

    // ---- reconciling one object -----------------------------------------------------------------

    private void reconcile(Key key) {
        try {
            Boolean again = store.locked(() -> {
                ObjectNode o = store.get(key.resource(), key.namespace(), key.name());
                if (o == null || isNeverReady(key.resource(), key.name()) || terminating(key.namespace())) {
                    return false;
                }
                return switch (key.resource().kind()) {
                    case "Deployment" -> {
                        deployments.reconcile(o);
                        yield false;
                    }
                    case "ReplicaSet" -> replicaSets.reconcile(o);
                    case "StatefulSet" -> statefulSets.reconcile(o);
                    case "Job" -> jobs.reconcile(o, tick.toNanos());
                    case "PersistentVolumeClaim" -> volumes.bind(o);
                    case "Service" -> {
                        volumes.loadBalancer(o);
                        yield false;
                    }
                    default -> false;
                };
            });
            if (again) {
                later(key, key.resource().equals(PVCS) ? retryEvery : tick);
            }
        } catch (RuntimeException e) {
            System.err.println("testcluster: reconciling " + key.resource().kind() + " " + key.namespace() + "/"
                    + key.name() + " failed: " + e);
        }
    }

    private boolean terminating(String namespace) {
        if (namespace == null) {
            return false;
        }
        ObjectNode ns = store.get(Resources.require("v1", "Namespace"), null, namespace);
        return ns == null || "Terminating".equals(Json.text(ns, "status", "phase"));
    }

    private boolean isNeverReady(Resource r, String name) {
        return neverReady.stream().anyMatch(n -> n.kind().equalsIgnoreCase(r.kind()) && n.name().matcher(name).matches());
    }
}
