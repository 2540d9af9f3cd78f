package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.FakeCluster;
import dev.storefleet.service.ServiceFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartAndMigrationTest {
    @TempDir
    Path dir;

    @Test
    void closeAndReopenKeepsEveryStoreAndAuditRow() {
        List<Store> stores;
        List<AuditEvent> audit;
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            Store a = fx.create("Alpha", "alice");
            fx.settle();
            fx.cluster().failNext(FakeCluster.Step.INSTALL, 1);
            fx.create("Beta", "bob");
            fx.settle();
            fx.stores().upgrade(a.id(), Map.of("replicas", 2), "ops");
            fx.settle();
            stores = fx.stores().list();
            audit = fx.auditNewestFirst();
        }
        try (ServiceFixture reopened = new ServiceFixture(dir)) {
            assertEquals(stores, reopened.stores().list());
            assertEquals(audit, reopened.auditNewestFirst());
            assertEquals(StoreStatus.READY, reopened.stores().list().get(0).status());
            assertEquals(StoreStatus.FAILED, reopened.stores().list().get(1).status());
        }
    }

    /** A database made by the first release (schema version 1) opens in this one with every row. */
    @Test
    void aVersionOneDatabaseIsMigratedWithoutLosingARow() throws Exception {
        String url = Database.jdbcUrl(dir);
        Flyway.configure().dataSource(url, "storefleet", "").locations("classpath:db/migration/common", "classpath:db/migration/h2").target("1")
                .load().migrate();
        try (Connection c = DriverManager.getConnection(url, "storefleet", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO store_owner VALUES ('alice')");
            s.execute("INSERT INTO store (name, name_key, slug, store_type, owner, owner_key, status, k8s_namespace,"
                    + " release_name, helm_revision, created_at, updated_at) VALUES ('Old Shop', 'old shop', 'old-shop',"
                    + " 'WOOCOMMERCE', 'alice', 'alice', 'READY', 'store-old-shop', 'store-old-shop', 3,"
                    + " TIMESTAMP WITH TIME ZONE '2025-01-01 00:00:00Z', TIMESTAMP WITH TIME ZONE '2025-01-02 00:00:00Z')");
            s.execute("INSERT INTO audit_event (occurred_at, action, outcome, store_id, store_name, actor, detail)"
                    + " VALUES (TIMESTAMP WITH TIME ZONE '2025-01-01 00:00:00Z', 'CREATE', 'SUCCESS', 1, 'Old Shop',"
                    + " 'alice', 'made by release 1')");
        }
        try (Database db = Database.open(dir)) {
            Store old = db.stores().findAll().get(0);
            assertEquals("Old Shop", old.name());
            assertEquals(StoreStatus.READY, old.status());
            assertEquals(3, old.helmRevision());
            assertEquals("made by release 1", db.auditLog().page(
                    dev.storefleet.service.port.AuditLog.AuditQuery.latest(10)).get(0).detail());
            assertEquals(1, db.auditLog().summarize().activeStores(), "the counters were filled from the old rows");
        }
        try (Connection c = DriverManager.getConnection(url, "storefleet", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(\"version\") FROM \"flyway_schema_history\" WHERE \"success\"")) {
            rs.next();
            assertEquals(Integer.toString(Database.SCHEMA_VERSION), rs.getString(1), "migrated to the newest schema");
        }
    }

    /** Start-up skips Flyway when its history is complete, so that history must know every migration. */
    @Test
    void theSchemaVersionIsTheNewestMigrationFile() throws Exception {
        Path migrations = Path.of(getClass().getResource("/db/migration").toURI());
        List<String> names;
        try (var files = java.nio.file.Files.walk(migrations)) {
            names = files.filter(java.nio.file.Files::isRegularFile).map(f -> f.getFileName().toString())
                    .distinct().sorted().toList();
        }
        // Only V<whole number>__*.sql: a V5_1, a repeatable R__ or a Java migration would be one the
        // quick path cannot see, so it would never run on a database that already has 1..N.
        assertEquals(List.of(), names.stream().filter(n -> !n.matches("V\\d+__.+\\.sql")).toList(),
                "migrations the start-up check does not know how to count");
        List<Integer> versions = names.stream().map(n -> Integer.valueOf(n.substring(1, n.indexOf("__"))))
                .sorted().toList();
        assertEquals(java.util.stream.IntStream.rangeClosed(1, Database.SCHEMA_VERSION).boxed().toList(), versions);
    }

    /** A database a newer console migrated is refused in words, not written with an older schema in mind. */
    @Test
    void aDatabaseFromANewerConsoleIsRefused() throws Exception {
        Database.open(dir).close();
        String newer = Integer.toString(Database.SCHEMA_VERSION + 1);
        recordMigrationOfANewerConsole(newer);
        var refused = assertThrows(dev.storefleet.domain.StorageException.class, () -> Database.open(dir));
        assertTrue(refused.getMessage().contains("newer Storefleet (schema version " + newer), refused.getMessage());
    }

    /** A newer console's point release (N.1) is newer too. */
    @Test
    void aDatabaseWithANewerPointVersionIsRefused() throws Exception {
        Database.open(dir).close();
        String newer = Database.SCHEMA_VERSION + ".1";
        recordMigrationOfANewerConsole(newer);
        var refused = assertThrows(dev.storefleet.domain.StorageException.class, () -> Database.open(dir));
        assertTrue(refused.getMessage().contains("newer Storefleet (schema version " + newer), refused.getMessage());
    }

    private void recordMigrationOfANewerConsole(String version) throws SQLException {
        try (Connection c = DriverManager.getConnection(Database.jdbcUrl(dir), "storefleet", "");
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\","
                    + " \"type\", \"script\", \"installed_by\", \"execution_time\", \"success\")"
                    + " VALUES (99, '" + version + "', 'from a newer console', 'SQL', 'V" + version.replace('.', '_')
                    + "__newer.sql', 'storefleet', 1, TRUE)");
        }
    }

    /** A migration that failed half-way is left to Flyway, which refuses to go on over it. */
    @Test
    void aFailedMigrationInTheHistoryIsNotSkipped() throws Exception {
        Database.open(dir).close();
        try (Connection c = DriverManager.getConnection(Database.jdbcUrl(dir), "storefleet", "");
                Statement s = c.createStatement()) {
            s.execute("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '5'");
        }
        var refused = assertThrows(dev.storefleet.domain.StorageException.class, () -> Database.open(dir));
        assertTrue(refused.getMessage().toLowerCase(java.util.Locale.ROOT).contains("fail"), refused.getMessage());
    }

    @Test
    void auditRowsCannotBeUpdatedOrDeletedEvenWithSql() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            fx.create("Shop", "alice");
            fx.settle();
            long rows = fx.countRows("audit_event");
            try (Connection c = fx.jdbc(); Statement s = c.createStatement()) {
                SQLException update = assertThrows(SQLException.class,
                        () -> s.execute("UPDATE audit_event SET actor = 'mallory'"));
                assertTrue(update.getMessage().contains("append-only"), update.getMessage());
                assertThrows(SQLException.class, () -> s.execute("DELETE FROM audit_event"));
            }
            assertEquals(rows, fx.countRows("audit_event"));
            assertTrue(fx.auditNewestFirst().stream().noneMatch(e -> e.actor().equals("mallory")));
        }
    }

    /** The entities and the migrations describe the same schema (Hibernate validates it). */
    @Test
    void entitiesMatchTheMigratedSchema() {
        try (Database db = Database.open(dir)) {
            assertNotNull(db.stores());
        }
        org.h2.jdbcx.JdbcDataSource dataSource = new org.h2.jdbcx.JdbcDataSource();
        dataSource.setURL(Database.jdbcUrl(dir));
        dataSource.setUser("storefleet");
        try (var sessions = new org.hibernate.jpa.HibernatePersistenceConfiguration("validate")
                        .managedClasses(StoreEntity.class, OwnerEntity.class, AuditEventEntity.class)
                        .property("hibernate.connection.datasource", dataSource)
                        .property("hibernate.hbm2ddl.auto", "validate")
                        .createEntityManagerFactory()) {
            assertTrue(sessions.isOpen());
        }
    }
}
