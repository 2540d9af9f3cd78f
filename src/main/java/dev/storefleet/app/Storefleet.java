package dev.storefleet.app;

import dev.storefleet.cluster.ClusterAdapters;
import dev.storefleet.persistence.Database;
import dev.storefleet.persistence.ZipBackupArchives;
import dev.storefleet.persistence.DatabaseTarget;
import dev.storefleet.service.AuditService;
import dev.storefleet.service.BackupService;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.FleetHealth;
import dev.storefleet.service.InspectionService;
import dev.storefleet.service.MetricsService;
import dev.storefleet.service.OrderService;
import dev.storefleet.service.RolloutService;
import dev.storefleet.service.PodService;
import dev.storefleet.service.StoreWorkQueue;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.service.StoreService;
import dev.storefleet.service.StoreLeasing;
import dev.storefleet.service.OtherConsoles;
import dev.storefleet.service.TeamSettings;
import dev.storefleet.service.port.BackupArchives;
import dev.storefleet.service.port.ClusterAccess;
import dev.storefleet.service.port.FleetWatch;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.StoreCluster;
import dev.storefleet.service.port.StoreExec;
import dev.storefleet.service.port.StoreInspector;
import dev.storefleet.service.port.StoreOrders;
import dev.storefleet.service.port.StorePods;
import dev.storefleet.store.StoreApiClient;
import dev.storefleet.store.StoreApiTimeouts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The composition root: opens the database, builds the services over it and the cluster
 * adapters, and closes everything in order. The desktop UI and the headless server both
 * start from here, so they share one code path.
 */
public final class Storefleet implements AutoCloseable {
    private final Database database;
    private final StoreWorkQueue executor;
    private final StoreEvents events = new StoreEvents();
    private final StoreService stores;
    private final AuditService audit;
    private final MetricsService metrics;
    private final ClusterAccess clusterAccess;
    private final InspectionService inspection;
    private final OrderService orders;
    private final RolloutService rollouts;
    private final PodService pods;
    private final BackupService backups;
    private final FleetHealth health;
    private final StoreLeasing leasing;
    private final TeamSettings team;
    private final OtherConsoles otherConsoles;
    private final AutoCloseable clusterCloser;

    private Storefleet(Database database, HelmReleases helm, StoreCluster cluster, ClusterAccess access,
            StoreInspector inspector, StorePods storePods, StoreOrders storeOrders, FleetWatch fleetWatch,
            AutoCloseable clusterCloser, EngineSettings settings, TeamSettings team, StoreExec exec,
            BackupArchives archives, Clock clock) {
        this.database = database;
        this.clusterAccess = access;
        this.clusterCloser = clusterCloser;
        this.team = team;
        this.executor = new StoreWorkQueue(settings.maxInFlight());
        this.audit = new AuditService(database.auditLog(), events);
        this.metrics = new MetricsService(database.auditLog(), database.stores());
        this.health = new FleetHealth(database.stores(), fleetWatch, audit, events, clock);
        this.leasing = new StoreLeasing(database.leases(processName(), team.leaseTtl()), executor, team.leaseTtl());
        if (database.shared()) {
            health.auditOnlyWhile(leasing::isReconciler);
        }
        this.stores = new StoreService(database.stores(), audit, helm, cluster, executor, settings, events, health,
                leasing, clock);
        this.otherConsoles = stores.followOtherConsoles(database.auditLog());
        this.inspection = new InspectionService(stores, inspector, audit, clock);
        this.orders = new OrderService(database.stores(), storeOrders, audit, executor, events, clock);
        boolean shared = database.shared();
        this.rollouts = new RolloutService(database.rollouts(), stores, orders, health, audit, events,
                () -> !shared || leasing.isReconciler(), clock);
        this.pods = new PodService(stores, storePods);
        this.backups = new BackupService(stores, orders, audit, exec, archives, executor, events, clock);
    }

    /** The real thing: the user's data directory and kubeconfig. */
    public static Storefleet start(Settings settings) {
        // The two slow parts of a start are independent: build the cluster client (fabric8)
        // while Flyway and Hibernate open the database.
        CompletableFuture<ClusterAdapters> connecting = CompletableFuture
                .supplyAsync(() -> ClusterAdapters.connect(System.getenv(), Path.of(System.getProperty("user.home")),
                        settings.context(), settings.dataDirectory(), settings.engine().readyTimeout(),
                        Duration.ofSeconds(2)));
        Database database;
        try {
            database = Database.open(settings.database());
        } catch (RuntimeException e) {
            connecting.thenAccept(ClusterAdapters::close);
            throw e;
        }
        ClusterAdapters adapters;
        try {
            adapters = connecting.join();
        } catch (CompletionException e) {
            database.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        try {
            return new Storefleet(database, adapters.helm(), adapters.cluster(),
                    adapters.access(), adapters.inspector(), adapters.pods(),
                    new StoreApiClient(adapters.network(), StoreApiTimeouts.DEFAULTS, Clock.systemUTC()),
                    adapters.fleetWatch(), adapters,
                    settings.engine(), Settings.team(System.getenv()), adapters.exec(),
                    new ZipBackupArchives(settings.backupDirectory()), Clock.systemUTC());
        } catch (RuntimeException e) {
            adapters.close();
            database.close();
            throw e;
        }
    }

    /**
     * With adapters of the caller's choosing (tests, benchmarks), on the H2 file of
     * {@code dataDirectory}; orders fail until a store API is given.
     */
    public static Storefleet start(Path dataDirectory, HelmReleases helm, StoreCluster cluster, ClusterAccess access,
            StoreInspector inspector, EngineSettings settings, Clock clock) {
        return start(DatabaseTarget.h2(dataDirectory), helm, cluster, access, inspector, settings, clock);
    }

    /** With adapters of the caller's choosing, including the stores' own APIs; pods cannot be read. */
    public static Storefleet start(Path dataDirectory, HelmReleases helm, StoreCluster cluster, ClusterAccess access,
            StoreInspector inspector, StoreOrders storeOrders, EngineSettings settings, Clock clock) {
        return start(DatabaseTarget.h2(dataDirectory), helm, cluster, access, inspector, storeOrders, settings, clock);
    }

    /** With adapters of the caller's choosing, the pods' and the stores' own APIs included. */
    public static Storefleet start(Path dataDirectory, HelmReleases helm, StoreCluster cluster, ClusterAccess access,
            StoreInspector inspector, StorePods storePods, StoreOrders storeOrders, EngineSettings settings,
            Clock clock) {
        return start(DatabaseTarget.h2(dataDirectory), helm, cluster, access, inspector, storePods, storeOrders,
                settings, clock);
    }

    /** With adapters of the caller's choosing, the fleet watch included. */
    public static Storefleet start(Path dataDirectory, HelmReleases helm, StoreCluster cluster, ClusterAccess access,
            StoreInspector inspector, StorePods storePods, StoreOrders storeOrders, FleetWatch fleetWatch,
            EngineSettings settings, Clock clock) {
        return start(DatabaseTarget.h2(dataDirectory), helm, cluster, access, inspector, storePods, storeOrders,
                fleetWatch, settings, clock);
    }

    /** As {@link #start(Path, HelmReleases, StoreCluster, ClusterAccess, StoreInspector, EngineSettings, Clock)}, on {@code database}. */
    public static Storefleet start(DatabaseTarget database, HelmReleases helm, StoreCluster cluster, ClusterAccess access,
            StoreInspector inspector, EngineSettings settings, Clock clock) {
        return start(database, helm, cluster, access, inspector, NO_STORE_API, settings, clock);
    }

    /** The stores' own APIs included, on {@code database}; pods cannot be read. */
    public static Storefleet start(DatabaseTarget database, HelmReleases helm, StoreCluster cluster, ClusterAccess access,
            StoreInspector inspector, StoreOrders storeOrders, EngineSettings settings, Clock clock) {
        return start(database, helm, cluster, access, inspector, NO_POD_ACCESS, storeOrders, settings, clock);
    }

    /** The pods' and the stores' own APIs included, on {@code database}. */
    public static Storefleet start(DatabaseTarget database, HelmReleases helm, StoreCluster cluster, ClusterAccess access,
            StoreInspector inspector, StorePods storePods, StoreOrders storeOrders, EngineSettings settings,
            Clock clock) {
        return start(database, helm, cluster, access, inspector, storePods, storeOrders, FleetWatch.NONE, settings, clock);
    }

    /** The fleet watch included, on {@code database}, with the default lease figures. */
    public static Storefleet start(DatabaseTarget database, HelmReleases helm, StoreCluster cluster, ClusterAccess access,
            StoreInspector inspector, StorePods storePods, StoreOrders storeOrders, FleetWatch fleetWatch,
            EngineSettings settings, Clock clock) {
        return start(database, helm, cluster, access, inspector, storePods, storeOrders, fleetWatch, settings,
                TeamSettings.DEFAULTS, clock);
    }

    /** On the database of the caller's choosing (H2 or PostgreSQL), with adapters of its choosing. */
    public static Storefleet start(DatabaseTarget database, HelmReleases helm, StoreCluster cluster, ClusterAccess access,
            StoreInspector inspector, StorePods storePods, StoreOrders storeOrders, FleetWatch fleetWatch,
            EngineSettings settings, TeamSettings team, Clock clock) {
        return start(database, helm, cluster, access, inspector, storePods, storeOrders, fleetWatch, settings, team,
                NO_EXEC, NO_BACKUPS, clock);
    }

    /** Backups included: the exec into the stores' containers and where the archives go. */
    public static Storefleet start(DatabaseTarget database, HelmReleases helm, StoreCluster cluster, ClusterAccess access,
            StoreInspector inspector, StorePods storePods, StoreOrders storeOrders, FleetWatch fleetWatch,
            EngineSettings settings, TeamSettings team, StoreExec exec, BackupArchives archives, Clock clock) {
        return new Storefleet(Database.open(database), helm, cluster, access, inspector, storePods, storeOrders,
                fleetWatch, () -> { }, settings, team, exec, archives, clock);
    }

    /** Exec when a console is started without it: every backup and restore fails in words. */
    public static final StoreExec NO_EXEC = (store, target, argv, stdin, stdout, progress, cancelled) -> {
        throw new dev.storefleet.domain.ClusterException("Store '" + store.name()
                + "': this console was started without access to the stores' containers (exec).");
    };

    /** Backups when a console is started without a folder for them. */
    public static final BackupArchives NO_BACKUPS = new UnavailableBackups();

    /** Who this process is to the other consoles on a shared database: its OS user and host. */
    static String processName() {
        return System.getProperty("user.name", "storefleet") + "@" + HostName.local();
    }

    /** Pods when a console is started without access to them: every call fails in words. */
    public static final StorePods NO_POD_ACCESS = new StorePods() {
        private dev.storefleet.domain.ClusterException none(dev.storefleet.domain.Store store) {
            return new dev.storefleet.domain.ClusterException("Store '" + store.name()
                    + "': this console was started without access to pods.");
        }

        @Override
        public java.util.List<dev.storefleet.service.port.PodSummary> pods(dev.storefleet.domain.Store store) {
            throw none(store);
        }

        @Override
        public java.util.List<String> tail(dev.storefleet.domain.Store store, LogRequest request) {
            throw none(store);
        }

        @Override
        public LogFollow follow(dev.storefleet.domain.Store store, LogRequest request, LogSink sink) {
            throw none(store);
        }
    };

    /** The stores' own APIs when a console is started without them: every call fails in words. */
    public static final StoreOrders NO_STORE_API = new StoreOrders() {
        private dev.storefleet.domain.StoreApiException none(dev.storefleet.domain.Store store) {
            return new dev.storefleet.domain.StoreApiException(dev.storefleet.domain.StoreApiException.Step.UNREACHABLE,
                    "Store '" + store.name() + "': this console was started without access to store APIs.");
        }

        @Override
        public dev.storefleet.domain.Order placeTestOrder(dev.storefleet.domain.Store store, int quantity) {
            throw none(store);
        }

        @Override
        public java.util.List<dev.storefleet.domain.Order> listOrders(dev.storefleet.domain.Store store, int limit) {
            throw none(store);
        }

        @Override
        public dev.storefleet.domain.Order getOrder(dev.storefleet.domain.Store store, String orderId) {
            throw none(store);
        }
    };

    public BackupService backups() {
        return backups;
    }

    public StoreService stores() {
        return stores;
    }

    public AuditService audit() {
        return audit;
    }

    public MetricsService metrics() {
        return metrics;
    }

    public StoreEvents events() {
        return events;
    }

    public InspectionService inspection() {
        return inspection;
    }

    public RolloutService rollouts() {
        return rollouts;
    }

    public OrderService orders() {
        return orders;
    }

    public PodService pods() {
        return pods;
    }

    /** The READY stores' health from the fleet watch; started by {@link #startWatching()}. */
    public FleetHealth health() {
        return health;
    }

    /**
     * Starts the fleet watch (after reconciliation, so the stores it judges are settled), the
     * rollouts' drivers (running rollouts resume, paused ones stay paused), the
     * renewal of this console's leases and, on a shared database, the sweep for stores a stopped
     * console left (when this console is the fleet's reconciler) and following what the other
     * consoles do.
     */
    public void startWatching() {
        health.start();
        rollouts.startDriving();
        boolean shared = database.shared();
        leasing.start(shared ? stores::sweepAbandoned : null, team.sweepEvery());
        if (shared) {
            otherConsoles.start(team.followEvery());
        }
    }

    /** True when other consoles may share this console's database (PostgreSQL). */
    public boolean sharedDatabase() {
        return database.shared();
    }

    public ClusterAccess cluster() {
        return clusterAccess;
    }

    public StoreWorkQueue executor() {
        return executor;
    }

    /** Stops the workers (running operations are interrupted after a grace period), then the database. */
    @Override
    public void close() {
        rollouts.close();
        health.close();
        otherConsoles.close();
        try {
            executor.close();
            // After the workers stopped: what they left in a running state goes to the other consoles at once.
            leasing.close();
        } finally {
            try {
                database.close();
            } finally {
                try {
                    clusterCloser.close();
                } catch (Exception ignored) {
                    // nothing more to release
                }
            }
        }
    }
}
