package dev.storefleet.app;

import dev.storefleet.persistence.Database;
import dev.storefleet.service.AuditService;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.MetricsService;
import dev.storefleet.service.ProvisioningExecutor;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.service.StoreService;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.StoreCluster;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The composition root: opens the database, builds the services over it and the cluster
 * adapters, and closes everything in order. The desktop UI and the headless server both
 * start from here, so they share one code path.
 */
public final class Storefleet implements AutoCloseable {
    private final Database database;
    private final ProvisioningExecutor executor;
    private final StoreEvents events = new StoreEvents();
    private final StoreService stores;
    private final AuditService audit;
    private final MetricsService metrics;

    private Storefleet(Database database, HelmReleases helm, StoreCluster cluster, EngineSettings settings,
            Clock clock) {
        this.database = database;
        this.executor = new ProvisioningExecutor(settings.maxInFlight());
        this.audit = new AuditService(database.auditLog(), events);
        this.metrics = new MetricsService(database.auditLog());
        this.stores = new StoreService(database.stores(), audit, helm, cluster, executor, settings, events, clock);
    }

    public static Storefleet start(Path dataDirectory, HelmReleases helm, StoreCluster cluster,
            EngineSettings settings, Clock clock) {
        return new Storefleet(Database.open(dataDirectory), helm, cluster, settings, clock);
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

    public ProvisioningExecutor executor() {
        return executor;
    }

    @Override
    public void close() {
        try {
            executor.close();
        } finally {
            database.close();
        }
    }
}
