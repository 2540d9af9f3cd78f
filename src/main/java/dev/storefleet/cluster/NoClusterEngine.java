package dev.storefleet.cluster;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Store;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.StoreCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stands where the Helm and Kubernetes adapters go until the cluster engine lands: every call
 * fails in words, so a store is recorded and audited, then goes FAILED with the reason.
 * Reads (history, status) answer "nothing there" so the console can still list and delete.
 */
public final class NoClusterEngine implements HelmReleases, StoreCluster {
    private static final String MISSING = "This build has no cluster engine yet, so the store cannot be"
            + " provisioned. The store is recorded; delete it or retry with a build that has the engine.";

    @Override
    public ReleaseInfo upgradeInstall(Store store, Map<String, Object> values) {
        throw new ClusterException("installing release " + store.releaseName() + ": " + MISSING);
    }

    @Override
    public ReleaseInfo rollback(Store store, int revision) {
        throw new ClusterException("rolling back release " + store.releaseName() + ": " + MISSING);
    }

    @Override
    public List<ReleaseInfo> history(Store store) {
        return List.of();
    }

    @Override
    public Optional<ReleaseInfo> status(Store store) {
        return Optional.empty();
    }

    @Override
    public void uninstall(Store store) {
        // nothing was ever installed by this build
    }

    @Override
    public void ensureNamespace(Store store) {
        throw new ClusterException("creating namespace " + store.namespace() + ": " + MISSING);
    }

    @Override
    public void awaitReady(Store store, Duration timeout) {
        throw new ClusterException("waiting for " + store.releaseName() + ": " + MISSING);
    }

    @Override
    public Optional<String> storeUrl(Store store) {
        return Optional.empty();
    }

    @Override
    public void deleteNamespace(Store store, Duration timeout) {
        // nothing was ever created by this build
    }

    @Override
    public boolean namespaceExists(Store store) {
        return false;
    }
}
