package dev.storefleet.service;

import dev.storefleet.app.Storefleet;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.persistence.DatabaseTarget;
import dev.storefleet.persistence.ZipBackupArchives;
import dev.storefleet.service.port.AuditLog;
import dev.storefleet.service.port.FleetWatch;
import dev.storefleet.testing.TestPostgres;
import dev.storefleet.service.port.StoreExec;
import dev.storefleet.service.port.StoreOrders;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The real services over a real database (an H2 file in a temporary directory, or PostgreSQL), with a
 * {@link FakeCluster} behind the cluster ports and, when given, a {@link StoreOrders} (such as
 * {@link FakeStoreOrders}) behind the stores' own APIs. Reopenable, to test restarts.
 */
public final class ServiceFixture implements AutoCloseable {
    public static final String ACTOR = "tester";

    private final Path dataDir;
    private final DatabaseTarget database;
    private final FakeCluster cluster;
    private final EngineSettings settings;
    private final StoreOrders storeOrders;
    private final StoreExec exec;
    private Storefleet app;

    public ServiceFixture(Path dataDir) {
        this(dataDir, new FakeCluster(), EngineSettings.DEFAULTS);
    }

    public ServiceFixture(Path dataDir, FakeCluster cluster, EngineSettings settings) {
        this(dataDir, cluster, settings, null);
    }

    /** With the stores' APIs played by {@code storeOrders}. */
    public ServiceFixture(Path dataDir, StoreOrders storeOrders) {
        this(dataDir, new FakeCluster(), EngineSettings.DEFAULTS, storeOrders);
    }

    /** @param storeOrders the stores' APIs; null for none (orders fail as unreachable) */
    public ServiceFixture(Path dataDir, FakeCluster cluster, EngineSettings settings, StoreOrders storeOrders) {
        this(DatabaseTarget.h2(dataDir), cluster, settings, storeOrders);
    }

    /** On {@code database}: the H2 file of a directory, or a PostgreSQL database. */
    public ServiceFixture(DatabaseTarget database, FakeCluster cluster, EngineSettings settings, StoreOrders storeOrders) {
        this(database, cluster, settings, storeOrders, Storefleet.NO_EXEC);
    }

    /** With the stores' containers played by {@code exec}, and backups under {@code <dataDir>/backups}. */
    public ServiceFixture(Path dataDir, StoreOrders storeOrders, StoreExec exec) {
        this(DatabaseTarget.h2(dataDir), new FakeCluster(), EngineSettings.DEFAULTS, storeOrders, exec);
    }

    private ServiceFixture(DatabaseTarget database, FakeCluster cluster, EngineSettings settings, StoreOrders storeOrders,
            StoreExec exec) {
        this.exec = exec;
        this.database = database;
        this.dataDir = database.dataDirectory();
        this.cluster = cluster;
        this.settings = settings;
        this.storeOrders = storeOrders;
        open();
    }

    public void open() {
        app = Storefleet.start(database, cluster, cluster, null, cluster, Storefleet.NO_POD_ACCESS,
                storeOrders == null ? Storefleet.NO_STORE_API : storeOrders, FleetWatch.NONE, settings, TeamSettings.DEFAULTS,
                exec, dataDir == null ? Storefleet.NO_BACKUPS : new ZipBackupArchives(backupDirectory()), Clock.systemUTC());
    }

    /** Where this fixture's backups go. */
    public Path backupDirectory() {
        return dataDir.resolve("backups");
    }

    public Storefleet app() {
        return app;
    }

    public StoreService stores() {
        return app.stores();
    }

    public FakeCluster cluster() {
        return cluster;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The database the services run on. */
    public DatabaseTarget database() {
        return database;
    }

    public Store create(String name, String owner) {
        return stores().create(new NewStoreRequest(name, owner, null, null), ACTOR);
    }

    /** Waits for all background work to finish. */
    public void settle() {
        try {
            if (!app.executor().awaitIdle(Duration.ofSeconds(30))) {
                throw new AssertionError("background work did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public List<AuditEvent> auditNewestFirst() {
        return app.audit().page(AuditLog.AuditQuery.latest(10_000));
    }

    /** A plain JDBC connection to the same database, to look at rows directly. */
    public Connection jdbc() throws SQLException {
        return database.shared() ? TestPostgres.connect(database)
                : DriverManager.getConnection(dev.storefleet.persistence.Database.jdbcUrl(dataDir), "storefleet", "");
    }

    public long countRows(String table) {
        try (Connection c = jdbc(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
            app = null;
        }
    }
}
