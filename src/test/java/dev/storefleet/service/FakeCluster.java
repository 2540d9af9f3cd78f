package dev.storefleet.service;

import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreType;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.RevisionValues;
import dev.storefleet.service.port.StoreCluster;
import dev.storefleet.service.port.StoreInspector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test implementation of the cluster ports, for service tests that are not about the
 * cluster (the real adapters are tested against a real HTTP API server). It keeps releases
 * with Helm's revision semantics, fails chosen steps a chosen number of times, can slow
 * calls down, and records whether two calls for one store ever overlapped.
 */
public final class FakeCluster implements HelmReleases, StoreCluster, StoreInspector {

    public enum Step { ENSURE_NAMESPACE, INSTALL, AWAIT_READY, ROLLBACK, HISTORY, VALUES, UNINSTALL, DELETE_NAMESPACE, EVENTS,
        SCALE_TO_ZERO, SCALE_BACK }

    private final Map<Step, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, List<ReleaseInfo>> releases = new ConcurrentHashMap<>();
    /** The user values of each revision, by release: what Helm keeps in its release records. */
    private final Map<String, Map<Integer, Map<String, Object>>> values = new ConcurrentHashMap<>();
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
    /** Namespaces whose workloads are at zero replicas. */
    private final Set<String> scaledDown = ConcurrentHashMap.newKeySet();
    private final OverlapDetector overlapDetector = new OverlapDetector();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile Duration callDelay = Duration.ZERO;

    /** The next {@code times} calls of {@code step} throw a ClusterException. */
    public FakeCluster failNext(Step step, int times) {
        failuresLeft.computeIfAbsent(step, s -> new AtomicInteger()).set(times);
        return this;
    }

    public FakeCluster slowDown(Duration delay) {
        this.callDelay = delay;
        return this;
    }

    /** Times two calls for the same store were inside this fake at once (must stay 0). */
    public int overlaps() {
        return overlapDetector.overlaps();
    }

    /** The most stores that had a call inside this fake at the same moment. */
    public int maxParallelStores() {
        return overlapDetector.maxKeysInside();
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    public boolean hasNamespace(String name) {
        return namespaces.contains(name);
    }

    public List<ReleaseInfo> revisionsOf(String release) {
        return List.copyOf(releases.getOrDefault(release, List.of()));
    }

    @Override
    public void ensureNamespace(Store store) {
        call(store, Step.ENSURE_NAMESPACE, () -> namespaces.add(store.namespace()));
    }

    @Override
    public ReleaseInfo upgradeInstall(Store store, Map<String, Object> values) {
        return call(store, Step.INSTALL, () -> {
            if (!namespaces.contains(store.namespace())) {
                throw new ClusterException("installing release " + store.releaseName() + ": namespace "
                        + store.namespace() + " not found");
            }
            return addRevision(store, "deployed", store.type().chartName() + "-0.1.0", "Upgrade complete", values);
        }, () -> addRevision(store, "failed", store.type().chartName() + "-0.1.0", "Upgrade failed", values));
    }

    @Override
    public ReleaseInfo rollback(Store store, int revision) {
        return call(store, Step.ROLLBACK, () -> {
            ReleaseInfo target = revisionsOf(store.releaseName()).stream().filter(r -> r.revision() == revision)
                    .findFirst().orElseThrow(() -> new ClusterException("release has no revision " + revision));
            return addRevision(store, "deployed", target.chart(), "Rollback to " + revision,
                    valuesOf(store.releaseName(), revision));
        }, null);
    }

    @Override
    public List<ReleaseInfo> history(Store store) {
        return call(store, Step.HISTORY, () -> revisionsOf(store.releaseName()), null);
    }

    @Override
    public Optional<RevisionValues> values(Store store, int revision) {
        return call(store, Step.VALUES, () -> revisionsOf(store.releaseName()).stream()
                .filter(r -> r.revision() == revision)
                .map(r -> new RevisionValues(revision, r.chart(), valuesOf(store.releaseName(), revision)))
                .findFirst(), null);
    }

    /** The values a revision was made with (empty for a revision this fake never made). */
    public Map<String, Object> valuesOf(String release, int revision) {
        return values.getOrDefault(release, Map.of()).getOrDefault(revision, Map.of());
    }

    @Override
    public Optional<ReleaseInfo> status(Store store) {
        List<ReleaseInfo> revisions = revisionsOf(store.releaseName());
        return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions.get(revisions.size() - 1));
    }

    @Override
    public ChartVersion bundledChart(StoreType type) {
        return new ChartVersion(type.chartName(), "0.1.0", "1.0");
    }

    @Override
    public Optional<String> manifest(Store store, int revision) {
        return revisionsOf(store.releaseName()).stream().filter(r -> r.revision() == revision).findFirst()
                .map(r -> rendered(store, valuesOf(store.releaseName(), revision)));
    }

    @Override
    public String renderUpgrade(Store store, Map<String, Object> values) {
        return rendered(store, values);
    }

    /** This fake's chart: one ConfigMap holding the values as text. */
    private static String rendered(Store store, Map<String, Object> values) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + store.releaseName() + "\n  namespace: "
                + store.namespace() + "\ndata:\n  values: \"" + new java.util.TreeMap<>(values) + "\"\n";
    }

    @Override
    public void uninstall(Store store) {
        call(store, Step.UNINSTALL, () -> {
            releases.remove(store.releaseName());
            values.remove(store.releaseName());
        });
    }

    @Override
    public void awaitReady(Store store, Duration timeout, java.util.function.Consumer<String> progress) {
        progress.accept("waiting for the workloads of " + store.releaseName());
        call(store, Step.AWAIT_READY, () -> { });
    }

    @Override
    public Optional<String> storeUrl(Store store) {
        return Optional.of("http://" + store.slug() + ".test");
    }

    /** Whether the store's workloads are at zero replicas (suspended). */
    public boolean isScaledDown(String namespace) {
        return scaledDown.contains(namespace);
    }

    @Override
    public void scaleToZero(Store store, Duration timeout, java.util.function.Consumer<String> progress) {
        call(store, Step.SCALE_TO_ZERO, () -> scaledDown.add(store.namespace()));
    }

    @Override
    public void scaleBack(Store store) {
        call(store, Step.SCALE_BACK, () -> scaledDown.remove(store.namespace()));
    }

    @Override
    public void deleteNamespace(Store store, Duration timeout) {
        call(store, Step.DELETE_NAMESPACE, () -> namespaces.remove(store.namespace()));
    }

    @Override
    public boolean namespaceExists(Store store) {
        return namespaces.contains(store.namespace());
    }

    @Override
    public Map<String, String> managedNamespaces() {
        Map<String, String> managed = new java.util.TreeMap<>();
        namespaces.forEach(ns -> managed.put(ns, "?"));
        return managed;
    }

    private synchronized ReleaseInfo addRevision(Store store, String status, String chart, String description,
            Map<String, Object> userValues) {
        List<ReleaseInfo> revisions = new ArrayList<>(revisionsOf(store.releaseName()));
        List<ReleaseInfo> updated = new ArrayList<>();
        for (ReleaseInfo r : revisions) {
            updated.add(r.isDeployed() && "deployed".equals(status)
                    ? new ReleaseInfo(r.revision(), "superseded", r.chart(), r.appVersion(), r.updated(), r.description())
                    : r);
        }
        ReleaseInfo next = new ReleaseInfo(revisions.size() + 1, status, chart, "1.0", Instant.now(), description);
        updated.add(next);
        values.computeIfAbsent(store.releaseName(), r -> new ConcurrentHashMap<>()).put(next.revision(),
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(userValues)));
        releases.put(store.releaseName(), updated);
        return next;
    }

    private void call(Store store, Step step, Runnable action) {
        call(store, step, () -> {
            action.run();
            return null;
        }, null);
    }

    private <T> T call(Store store, Step step, java.util.function.Supplier<T> action, Runnable onFailure) {
        calls.add(step + " " + store.releaseName());
        AutoCloseable inside = overlapDetector.enter(store.releaseName());
        try {
            pause();
            AtomicInteger left = failuresLeft.get(step);
            if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                if (onFailure != null) {
                    onFailure.run();
                }
                throw new ClusterException(describe(step, store) + ": injected failure");
            }
            return action.get();
        } finally {
            close(inside);
        }
    }

    private static void close(AutoCloseable handle) {
        try {
            handle.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(Step step, Store store) {
        return switch (step) {
            case ENSURE_NAMESPACE -> "creating namespace " + store.namespace();
            case INSTALL -> "installing release " + store.releaseName() + " in namespace " + store.namespace();
            case AWAIT_READY -> "waiting for release " + store.releaseName() + " to be ready";
            case ROLLBACK -> "rolling back release " + store.releaseName();
            case HISTORY -> "reading history of release " + store.releaseName();
            case VALUES -> "reading the values of release " + store.releaseName();
            case UNINSTALL -> "uninstalling release " + store.releaseName();
            case DELETE_NAMESPACE -> "deleting namespace " + store.namespace();
            case EVENTS -> "reading the events of namespace " + store.namespace();
            case SCALE_TO_ZERO -> "scaling the workloads of namespace " + store.namespace() + " to zero";
            case SCALE_BACK -> "scaling the workloads of namespace " + store.namespace() + " back";
        };
    }

    private void pause() {
        if (!callDelay.isZero()) {
            try {
                Thread.sleep(callDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted");
            }
        }
    }

    /** A namespace's admin login, as the chart would have generated it. */
    @Override
    public AdminCredentials adminCredentials(Store store) {
        if (!namespaces.contains(store.namespace())) {
            throw new ClusterException("reading the admin login of store '" + store.name() + "': namespace "
                    + store.namespace() + " not found");
        }
        return new AdminCredentials("http://" + store.slug() + ".test/wp-admin/", "admin", "pw-" + store.slug());
    }

    @Override
    public List<ClusterEvent> recentEvents(Store store, int limit) {
        AtomicInteger left = failuresLeft.get(Step.EVENTS);
        if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ClusterException(describe(Step.EVENTS, store) + ": injected failure");
        }
        return List.of(new ClusterEvent(Instant.now(), "Normal", "Scheduled", "pod/" + store.releaseName() + "-0",
                "assigned to node-1"));
    }
}
