package dev.storefleet.cluster;

import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreType;
import dev.storefleet.service.OverlapDetector;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.RevisionValues;
import dev.storefleet.service.port.StoreCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The real adapters, each call watched by an {@link OverlapDetector} keyed by the store's release. */
final class GuardedAdapters implements HelmReleases, StoreCluster {
    private final HelmReleases helm;
    private final StoreCluster cluster;
    final OverlapDetector detector = new OverlapDetector();

    GuardedAdapters(HelmReleases helm, StoreCluster cluster) {
        this.helm = helm;
        this.cluster = cluster;
    }

    private <T> T watched(Store store, Supplier<T> call) {
        AutoCloseable inside = detector.enter(store.releaseName());
        try {
            return call.get();
        } finally {
            try {
                inside.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void watched(Store store, Runnable call) {
        watched(store, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public ReleaseInfo upgradeInstall(Store store, Map<String, Object> values) {
        return watched(store, () -> helm.upgradeInstall(store, values));
    }

    @Override
    public ReleaseInfo rollback(Store store, int revision) {
        return watched(store, () -> helm.rollback(store, revision));
    }

    @Override
    public List<ReleaseInfo> history(Store store) {
        return helm.history(store); // a read, allowed beside a running operation
    }

    @Override
    public Optional<RevisionValues> values(Store store, int revision) {
        return helm.values(store, revision); // a read, like history
    }

    @Override
    public Optional<ReleaseInfo> status(Store store) {
        return helm.status(store);
    }

    @Override
    public ChartVersion bundledChart(StoreType type) {
        return helm.bundledChart(type);
    }

    @Override
    public Optional<String> manifest(Store store, int revision) {
        return helm.manifest(store, revision); // a read
    }

    @Override
    public String renderUpgrade(Store store, Map<String, Object> values) {
        return helm.renderUpgrade(store, values); // a dry run: changes nothing, allowed beside an operation
    }

    @Override
    public void uninstall(Store store) {
        watched(store, () -> helm.uninstall(store));
    }

    @Override
    public void ensureNamespace(Store store) {
        watched(store, () -> cluster.ensureNamespace(store));
    }

    @Override
    public <T> T superviseRollout(Store store, Consumer<String> progress, java.util.function.Supplier<T> rollout) {
        return cluster.superviseRollout(store, progress, rollout); // the Helm call inside is watched itself
    }

    @Override
    public void awaitReady(Store store, Duration timeout, Consumer<String> progress) {
        watched(store, () -> cluster.awaitReady(store, timeout, progress));
    }

    @Override
    public Optional<String> storeUrl(Store store) {
        return cluster.storeUrl(store);
    }

    @Override
    public void scaleToZero(Store store, Duration timeout, Consumer<String> progress) {
        watched(store, () -> cluster.scaleToZero(store, timeout, progress));
    }

    @Override
    public void scaleBack(Store store) {
        watched(store, () -> cluster.scaleBack(store));
    }

    @Override
    public void deleteNamespace(Store store, Duration timeout) {
        watched(store, () -> cluster.deleteNamespace(store, timeout));
    }

    @Override
    public boolean namespaceExists(Store store) {
        return cluster.namespaceExists(store);
    }

    @Override
    public Map<String, String> managedNamespaces() {
        return cluster.managedNamespaces();
    }
}
