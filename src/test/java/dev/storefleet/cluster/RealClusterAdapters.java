package dev.storefleet.cluster;

import dev.storefleet.app.Storefleet;
import dev.storefleet.persistence.DatabaseTarget;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.port.FleetWatch;
import dev.storefleet.service.TeamSettings;
import dev.storefleet.service.port.BackupArchives;
import dev.storefleet.service.port.StoreExec;
import dev.storefleet.service.port.StoreOrders;
import dev.storefleet.testcluster.TestKubernetesApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The console's real cluster adapters (fabric8, embedded Helm, the charts of a directory) wired to
 * a {@link TestKubernetesApi}, the way {@code ClusterAdapters.connect} wires them to a user's
 * kubeconfig. One place for the engine, API, UI and order test fixtures.
 */
public record RealClusterAdapters(ClusterConnection connection, HelmJavaReleases helm, Fabric8StoreCluster cluster,
        Fabric8StoreInspector inspector, Fabric8StorePods pods) {

    /** The repository's charts, as the console installs them. */
    public static final Path REPO_CHARTS = Path.of("charts").toAbsolutePath();
    static final Duration POLL = Duration.ofMillis(100);

    /** A connection to {@code api}; its kubeconfig and Helm's copy of it go under {@code dir}. */
    public static ClusterConnection connect(TestKubernetesApi api, Path dir) throws Exception {
        Path kubeconfig = api.kubeconfigFile(Files.createDirectories(dir.resolve("kube")));
        return new ClusterConnection(() -> Kubeconfig.fromFiles(List.of(kubeconfig)), TestKubernetesApi.CONTEXT,
                dir.resolve("work"));
    }

    public static RealClusterAdapters against(TestKubernetesApi api, Path dir, Path charts, Duration hookTimeout)
            throws Exception {
        return against(api, dir, charts, hookTimeout, DiagnosisRules.DEFAULTS);
    }

    /** The same, judging stuck releases by {@code rules} (tests shorten the grace periods). */
    public static RealClusterAdapters against(TestKubernetesApi api, Path dir, Path charts, Duration hookTimeout,
            DiagnosisRules rules) throws Exception {
        ClusterConnection connection = connect(api, dir);
        return new RealClusterAdapters(connection,
                new HelmJavaReleases(connection, BundledCharts.inDirectory(charts), dir.resolve("work"), hookTimeout),
                new Fabric8StoreCluster(connection, POLL, rules), new Fabric8StoreInspector(connection),
                new Fabric8StorePods(connection));
    }

    /** The fleet watch on {@code connection}, as {@code ClusterAdapters.connect} makes it (for tests outside this package). */
    public static FleetWatch fleetWatch(ClusterConnection connection) {
        return new Fabric8FleetWatch(connection);
    }

    /**
     * The console's services over these adapters, on an H2 file in {@code dataDir}, with a fleet
     * watch on the same connection (started by {@code startWatching()}, as the console does after
     * reconciliation).
     */
    public Storefleet start(Path dataDir, EngineSettings settings) {
        return start(dataDir, settings, Storefleet.NO_STORE_API);
    }

    /** The same, with the stores' own APIs played by {@code storeOrders}. */
    public Storefleet start(Path dataDir, EngineSettings settings, StoreOrders storeOrders) {
        return start(DatabaseTarget.h2(dataDir), settings, storeOrders);
    }

    /** The same on {@code database}: the H2 file of a directory, or a PostgreSQL database. */
    public Storefleet start(DatabaseTarget database, EngineSettings settings, StoreOrders storeOrders) {
        return start(database, settings, storeOrders, Storefleet.NO_EXEC, Storefleet.NO_BACKUPS);
    }

    /** The same, with the stores' containers reached through {@code exec} and backups kept in {@code archives}. */
    public Storefleet start(DatabaseTarget database, EngineSettings settings, StoreOrders storeOrders, StoreExec exec,
            BackupArchives archives) {
        return Storefleet.start(database, helm, cluster, connection, inspector, pods, storeOrders,
                new Fabric8FleetWatch(connection), settings, TeamSettings.DEFAULTS, exec, archives, Clock.systemUTC());
    }
}
