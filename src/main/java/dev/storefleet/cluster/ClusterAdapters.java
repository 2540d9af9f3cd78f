package dev.storefleet.cluster;

import dev.storefleet.domain.KubeconfigException;
import dev.storefleet.service.port.ClusterAccess;
import dev.storefleet.service.port.FleetWatch;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.StoreCluster;
import dev.storefleet.service.port.StoreExec;
import dev.storefleet.service.port.StoreInspector;
import dev.storefleet.service.port.StorePods;
import dev.storefleet.store.StoreNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cluster-side adapters, connected to the user's kubeconfig, or unavailable with the reason. */
public record ClusterAdapters(HelmReleases helm, StoreCluster cluster, ClusterAccess access, StoreInspector inspector,
        StorePods pods, StoreNetwork network, FleetWatch fleetWatch, StoreExec exec, AutoCloseable closer)
        implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterAdapters.class);

    /**
     * @param context   the kubeconfig context to use, or null for the kubeconfig's current one
     * @param dataDir   where bundled charts are unpacked and Helm's work files go
     */
    public static ClusterAdapters connect(Map<String, String> env, Path userHome, String context, Path dataDir,
            Duration hookTimeout, Duration pollInterval) {
        BundledCharts charts = new BundledCharts(dataDir.resolve("charts"));
        try {
            ClusterConnection connection = new ClusterConnection(() -> Kubeconfig.load(env, userHome), context, dataDir.resolve("work"));
            HelmJavaReleases helm = new HelmJavaReleases(connection, charts, dataDir.resolve("work"), hookTimeout);
            // Helm's Go runtime takes SIGTERM/SIGINT on its first call and never passes them on.
            StopSignals signals = StopSignals.keepJvmHandlers();
            return new ClusterAdapters(helm, new Fabric8StoreCluster(connection, pollInterval), connection,
                    new Fabric8StoreInspector(connection), new Fabric8StorePods(connection),
                    new Fabric8StoreNetwork(connection), new Fabric8FleetWatch(connection),
                    new Fabric8StoreExec(connection), () -> {
                        signals.close();
                        connection.close();
                    });
        } catch (KubeconfigException e) {
            LOG.warn("No usable kubeconfig: {}", e.getMessage());
            UnavailableCluster unavailable = new UnavailableCluster(e, charts);
            return new ClusterAdapters(unavailable, unavailable, unavailable, unavailable, unavailable, unavailable,
                    unavailable, unavailable, () -> { });
        }
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            LOG.debug("Closing the cluster connection failed", e);
        }
    }
}
