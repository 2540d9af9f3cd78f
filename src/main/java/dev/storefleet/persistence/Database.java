package dev.storefleet.persistence;

import dev.storefleet.domain.StorageException;
import dev.storefleet.service.port.AuditLog;
import dev.storefleet.service.port.RolloutRepository;
import dev.storefleet.service.port.StoreLeases;
import dev.storefleet.service.port.StoreRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's database, reached through Hibernate and migrated to the newest schema on open
 * (older users' databases keep every row): the local H2 file, one per data directory and locked
 * against a second console, or a PostgreSQL database that several consoles and serve instances
 * share (DATABASE_URL).
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** H2 names the file {@code storefleet.mv.db}. */
    static final String FILE_STEM = "storefleet";

    /** The newest migration under {@code db/migration} (a test holds it to the files there). */
    static final int SCHEMA_VERSION = 10;

    /** Stands for a migration Flyway's history records as failed. */
    private static final String FAILED = "failed";

    /** The single-console file lock of the H2 file; null on PostgreSQL, which several consoles share. */
    private final InstanceLock lock;
    private final Runnable closePool;
    private final SessionFactory sessions;
    private final JpaStoreRepository stores;
    private final JpaAuditLog auditLog;
    private final JpaRolloutRepository rollouts;
    private final Transactions tx;
    private final boolean shared;

    private Database(InstanceLock lock, Runnable closePool, SessionFactory sessions, boolean shared) {
        this.lock = lock;
        this.closePool = closePool;
        this.sessions = sessions;
        this.shared = shared;
        this.tx = new Transactions(sessions, UUID.randomUUID().toString(), shared ? "The team database" : "The local database");
        this.stores = new JpaStoreRepository(tx);
        this.auditLog = new JpaAuditLog(tx);
        this.rollouts = new JpaRolloutRepository(tx);
        if (!shared) {
            // Under the file lock no other process has this database open: a lease left in it is a
            // killed console's, and must not hold its stores until it expires.
            JpaStoreLeases.forgetAll(tx);
        }
    }

    /** Opens (creating if needed) the H2 file database under {@code dataDirectory}. */
    public static Database open(Path dataDirectory) {
        return open(DatabaseTarget.h2(dataDirectory));
    }

    /** Opens the database {@code target} names, migrated to the newest schema. */
    public static Database open(DatabaseTarget target) {
        return target.shared() ? openShared(target) : openFile(target.dataDirectory());
    }

    private static Database openFile(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("Cannot create the data directory " + dir + ": " + e.getMessage()
                    + ". Set STOREFLEET_HOME to a writable directory.", e);
        }
        InstanceLock lock = InstanceLock.acquire(dir);
        JdbcConnectionPool pool = null;
        try {
            long started = System.nanoTime();
            pool = JdbcConnectionPool.create(jdbcUrl(dir), "storefleet", "");
            pool.setMaxConnections(16);
            // Hibernate boots without touching the database (no JDBC metadata, no schema tool),
            // so the migrations run beside its boot instead of before it.
            CompletableFuture<Void> migrated = migrateInBackground(pool, Dialect.H2);
            SessionFactory sessions = bootHibernate(pool, Dialect.H2, migrated);
            LOG.info("Opened database {} in {} ms", dir.resolve(FILE_STEM + ".mv.db"),
                    (System.nanoTime() - started) / 1_000_000);
            return new Database(lock, pool::dispose, sessions, false);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.dispose();
            }
            lock.close();
            if (e instanceof StorageException) {
                throw e;
            }
            throw new StorageException("Cannot open the local database in " + dir + ": "
                    + Transactions.rootMessage(e) + ". If another program has it open, close that program;"
                    + " otherwise see the log for details.", e);
        }
    }

    /**
     * PostgreSQL through a small pool: the first connection is made at once, so an unreachable
     * server, a wrong password or a missing database is told now, in the server's words.
     */
    private static Database openShared(DatabaseTarget target) {
        HikariDataSource pool = null;
        try {
            long started = System.nanoTime();
            pool = PostgresPool.open(target);
            CompletableFuture<Void> migrated = migrateInBackground(pool, Dialect.POSTGRESQL);
            SessionFactory sessions = bootHibernate(pool, Dialect.POSTGRESQL, migrated);
            LOG.info("Opened {} in {} ms", target.describe(), (System.nanoTime() - started) / 1_000_000);
            return new Database(null, pool::close, sessions, true);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            if (e instanceof StorageException) {
                throw e;
            }
            throw PostgresOpenFailure.of(target, e); // the caller logs it, cause and all
        }
    }

    /** The session factory, once the migrations beside it are done; closed again if they failed. */
    private static SessionFactory bootHibernate(DataSource pool, Dialect dialect, CompletableFuture<Void> migrated) {
        SessionFactory sessions;
        try {
            HibernatePersistenceConfiguration config = new HibernatePersistenceConfiguration("storefleet")
                    .managedClasses(StoreEntity.class, OwnerEntity.class, AuditEventEntity.class, RolloutEntity.class,
                            RolloutStoreEntity.class)
                    .property("hibernate.connection.datasource", pool)
                    .property("hibernate.boot.allow_jdbc_metadata_access", false)
                    .property("hibernate.hbm2ddl.auto", "none")
                    .property("hibernate.jdbc.time_zone", "UTC");
            dialect.hibernateProperties().forEach(config::property);
            sessions = config.createEntityManagerFactory();
        } catch (RuntimeException e) {
            migrated.handle((ok, failure) -> null).join(); // never leave them running on a pool about to be disposed
            throw e;
        }
        try {
            migrated.join();
            return sessions;
        } catch (CompletionException e) {
            sessions.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException e) {
            sessions.close();
            throw e;
        }
    }

    private static CompletableFuture<Void> migrateInBackground(DataSource pool, Dialect dialect) {
        CompletableFuture<Void> migrated = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                migrate(pool, dialect);
                migrated.complete(null);
            } catch (RuntimeException | Error e) {
                migrated.completeExceptionally(e);
            }
        }, "storefleet-migrations");
        thread.setDaemon(true);
        thread.start();
        return migrated;
    }

    /**
     * The database's JDBC URL; anything else that opens the same file in this JVM must use it too
     * (H2 shares one open database per URL path).
     */
    public static String jdbcUrl(Path dir) {
        SyncedFilePath.register();
        // retry:synced: the file is written with DSYNC (SyncedFilePath), and H2's "retry" file
        // system reopens the file when a thread's interrupt closed its channel (a FileChannel
        // closes itself for everyone when a thread that was interrupted uses it).
        // WRITE_DELAY=0: a commit is written before it returns, not up to 500 ms later.
        // LOCK_TIMEOUT: concurrent creates queue on the owner row rather than failing at once.
        // CACHE_SIZE (KB): H2's page cache lives in the console's heap; 2 MB holds the working
        // set (stores, the newest audit pages) and took 7 MB off the resident start-up figure.
        return "jdbc:h2:retry:" + SyncedFilePath.SCHEME + ":" + dir.toAbsolutePath().resolve(FILE_STEM)
                + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=2048";
    }

    /**
     * Brings the schema to {@link #SCHEMA_VERSION}. When Flyway's history already records every
     * migration, applied successfully, there is nothing to do and Flyway is not started: its
     * classpath scan and validation took ~0.6 s of CPU on each start of a two-core laptop. A
     * database a newer console migrated is refused (Flyway would ignore its newer migrations and
     * let this console write to a schema it does not know). Any other history (a new database, an
     * older one, a failed migration) goes to Flyway, which migrates or refuses with its own message.
     */
    private static void migrate(DataSource pool, Dialect dialect) {
        Set<String> applied = appliedMigrations(pool);
        MigrationVersion known = MigrationVersion.fromVersion(Integer.toString(SCHEMA_VERSION));
        Optional<MigrationVersion> newer = applied.stream().filter(v -> !v.equals(FAILED))
                .map(MigrationVersion::fromVersion).filter(v -> v.isNewerThan(known)).max(Comparator.naturalOrder());
        if (newer.isPresent()) {
            throw new StorageException("The database was written by a newer Storefleet (schema version "
                    + newer.get() + "; this console knows up to " + SCHEMA_VERSION + "). Start the newer Storefleet,"
                    + " or " + dialect.anotherDatabase() + " for this one.");
        }
        if (applied.equals(allMigrations())) {
            return;
        }
        dialect.checkMayMigrate(pool);
        Flyway.configure()
                .dataSource(pool)
                .locations(dialect.migrationLocations())
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    /** The versions Flyway's history records as applied; a failed one is returned as {@link #FAILED}. */
    static Set<String> appliedMigrations(DataSource dataSource) {
        Set<String> applied = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
            while (rows.next()) {
                applied.add(rows.getBoolean(2) ? rows.getString(1) : FAILED);
            }
        } catch (SQLException noHistoryYet) {
            return Set.of();
        }
        return applied;
    }

    private static Set<String> allMigrations() {
        Set<String> all = new HashSet<>();
        for (int version = 1; version <= SCHEMA_VERSION; version++) {
            all.add(Integer.toString(version));
        }
        return all;
    }

    public StoreRepository stores() {
        return stores;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    /** Fleet rollouts and their stores (issue 16). */
    public RolloutRepository rollouts() {
        return rollouts;
    }

    /** True when other processes may use this database at the same time (PostgreSQL); never for the H2 file. */
    public boolean shared() {
        return shared;
    }

    /**
     * The leases of this process, named {@code holderName} to the others, expiring {@code ttl} after
     * each take or renewal unless renewed.
     */
    public StoreLeases leases(String holderName, Duration ttl) {
        return leasesFor(new StoreLeases.Holder(tx.processId(), holderName), ttl);
    }

    /** Leases in the name of any holder: tests play two processes on one database with it. */
    StoreLeases leasesFor(StoreLeases.Holder holder, Duration ttl) {
        return new JpaStoreLeases(tx, holder, ttl);
    }

    @Override
    public void close() {
        try {
            sessions.close();
        } finally {
            try {
                closePool.run();
            } finally {
                if (lock != null) {
                    lock.close();
                }
            }
        }
    }
}
