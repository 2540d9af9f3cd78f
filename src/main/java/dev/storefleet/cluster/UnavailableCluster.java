package dev.storefleet.cluster;

import dev.storefleet.domain.KubeconfigException;
import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreType;
import dev.storefleet.service.port.ClusterAccess;
import dev.storefleet.service.port.FleetWatch;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.PodSummary;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.RevisionValues;
import dev.storefleet.service.port.StoreCluster;
import dev.storefleet.service.port.StoreExec;
import dev.storefleet.service.port.StoreInspector;
import dev.storefleet.service.port.StorePods;
import dev.storefleet.store.StoreNetwork;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cluster side when no cluster can be used (no kubeconfig, or an invalid one): the console
 * still opens, lists and audits, and every cluster call fails with the reason in words, so a
 * store that needs the cluster goes FAILED saying what to fix.
 */
public final class UnavailableCluster
        implements HelmReleases, StoreCluster, ClusterAccess, StoreInspector, StorePods, StoreNetwork, FleetWatch,
        StoreExec {
    private final KubeconfigException reason;
    private final BundledCharts charts;

    public UnavailableCluster(KubeconfigException reason, BundledCharts charts) {
        this.reason = reason;
        this.charts = charts;
    }

    private KubeconfigException fail(String operation) {
        return new KubeconfigException(operation + ": " + reason.getMessage(), reason);
    }

    @Override
    public ReleaseInfo upgradeInstall(Store store, Map<String, Object> values) {
        throw fail("installing release " + store.releaseName());
    }

    @Override
    public ReleaseInfo rollback(Store store, int revision) {
        throw fail("rolling back release " + store.releaseName());
    }

    @Override
    public List<ReleaseInfo> history(Store store) {
        throw fail("reading the history of release " + store.releaseName());
    }

    @Override
    public Optional<RevisionValues> values(Store store, int revision) {
        throw fail("reading the values of revision " + revision + " of release " + store.releaseName());
    }

    @Override
    public Optional<ReleaseInfo> status(Store store) {
        throw fail("reading the status of release " + store.releaseName());
    }

    @Override
    public void uninstall(Store store) {
        throw fail("uninstalling release " + store.releaseName());
    }

    /** The bundled charts are known without a cluster. */
    @Override
    public ChartVersion bundledChart(StoreType type) {
        return charts.version(type);
    }

    @Override
    public Optional<String> manifest(Store store, int revision) {
        throw fail("reading the manifest of revision " + revision + " of release " + store.releaseName());
    }

    @Override
    public String renderUpgrade(Store store, Map<String, Object> values) {
        throw fail("previewing the upgrade of release " + store.releaseName());
    }

    @Override
    public void ensureNamespace(Store store) {
        throw fail("creating namespace " + store.namespace());
    }

    @Override
    public void awaitReady(Store store, Duration timeout, Consumer<String> progress) {
        throw fail("waiting for release " + store.releaseName());
    }

    @Override
    public Optional<String> storeUrl(Store store) {
        return Optional.empty();
    }

    @Override
    public void scaleToZero(Store store, Duration timeout, Consumer<String> progress) {
        throw fail("suspending the workloads of release " + store.releaseName());
    }

    @Override
    public void scaleBack(Store store) {
        throw fail("resuming the workloads of release " + store.releaseName());
    }

    @Override
    public void deleteNamespace(Store store, Duration timeout) {
        throw fail("deleting namespace " + store.namespace());
    }

    @Override
    public boolean namespaceExists(Store store) {
        throw fail("reading namespace " + store.namespace());
    }

    @Override
    public Map<String, String> managedNamespaces() {
        throw fail("listing Storefleet's namespaces");
    }

    @Override
    public List<String> contexts() {
        throw reason;
    }

    @Override
    public String currentContext() {
        return "";
    }

    @Override
    public void switchTo(String context) {
        throw reason;
    }

    @Override
    public ClusterHealth check() {
        return new ClusterHealth(false, "", "", null, reason.getMessage());
    }

    @Override
    public AdminCredentials adminCredentials(Store store) {
        throw fail("reading the admin login of store '" + store.name() + "'");
    }

    @Override
    public List<ClusterEvent> recentEvents(Store store, int limit) {
        throw fail("reading the events of namespace " + store.namespace());
    }

    @Override
    public Map<String, String> readStoreApiSecret(Store store) {
        throw fail("reading the API Secret of store '" + store.name() + "'");
    }

    @Override
    public Tunnel portForward(Store store) {
        throw fail("port-forwarding to store '" + store.name() + "'");
    }

    @Override
    public List<PodSummary> pods(Store store) {
        throw fail("listing the pods of release " + store.releaseName());
    }

    @Override
    public List<String> tail(Store store, LogRequest request) {
        throw fail("reading the log of pod " + request.pod());
    }

    @Override
    public LogFollow follow(Store store, LogRequest request, LogSink sink) {
        throw fail("following the log of pod " + request.pod());
    }

    @Override
    public void start(Observer observer) {
        observer.connection(new WatchStatus(false, "no cluster to watch: " + reason.getMessage()));
    }

    @Override
    public void close() {
    }

    @Override
    public void run(Store store, ExecTarget target, List<String> argv, java.io.InputStream stdin,
            java.io.OutputStream stdout, ExecProgress progress, java.util.function.BooleanSupplier cancelled) {
        throw fail("running " + argv.get(0) + " in store " + store.name());
    }
}
