package dev.storefleet.ui;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.StoreNames;
import dev.storefleet.persistence.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Fills a data directory for the start-up benchmark (bench/ui-startup): the schema comes from
 * the console's own migrations ({@link Database#open}), the rows from JDBC batches into it.
 * Stores are READY or FAILED only, so start-up reconciliation has nothing to resume and the
 * figures are the console's start alone.
 * Usage: {@code BenchmarkData <data-dir> <stores> <audit-rows>}.
 */
public final class BenchmarkData {
    private BenchmarkData() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int stores = Integer.parseInt(args[1]);
        int auditRows = Integer.parseInt(args[2]);
        long started = System.nanoTime();
        Database.open(dir).close(); // creates and migrates the schema exactly as the console does
        try (Connection c = DriverManager.getConnection(dev.storefleet.persistence.Database.jdbcUrl(dir), "storefleet", "")) {
            c.setAutoCommit(false);
            seedStores(c, stores);
            seedAudit(c, stores, auditRows);
            c.commit();
        }
        System.out.printf("Seeded %s with %d stores and %d audit rows in %d ms%n", dir, stores, auditRows,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static void seedStores(Connection c, int count) throws Exception {
        OffsetDateTime base = OffsetDateTime.now(ZoneOffset.UTC).minusDays(30);
        try (PreparedStatement owner = c.prepareStatement("INSERT INTO store_owner (owner_key) VALUES (?)");
                PreparedStatement store = c.prepareStatement("INSERT INTO store (name, name_key, slug, store_type,"
                        + " owner, owner_key, email, status, k8s_namespace, release_name, helm_revision, url,"
                        + " last_error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int o = 0; o < (count + 2) / 3; o++) {
                owner.setString(1, "owner" + o);
                owner.addBatch();
            }
            owner.executeBatch();
            for (int i = 0; i < count; i++) {
                String name = String.format(Locale.ROOT, "Bench Store %04d", i);
                String slug = StoreNames.slugOf(name);
                boolean failed = i % 25 == 7;
                OffsetDateTime created = base.plusMinutes(i * 40L);
                store.setString(1, name);
                store.setString(2, StoreNames.nameKey(name));
                store.setString(3, slug);
                store.setString(4, i % 3 == 0 ? "MEDUSA" : "WOOCOMMERCE");
                store.setString(5, "owner" + i / 3);
                store.setString(6, "owner" + i / 3);
                store.setString(7, "owner" + i / 3 + "@example.com");
                store.setString(8, failed ? "FAILED" : "READY");
                store.setString(9, StoreNames.namespaceOf(slug));
                store.setString(10, StoreNames.releaseOf(slug));
                store.setInt(11, 1 + i % 4);
                store.setString(12, failed ? null : "http://" + slug + ".localhost");
                store.setString(13, failed ? "waiting for deployment wordpress in namespace "
                        + StoreNames.namespaceOf(slug) + ": not ready within 600 s" : null);
                store.setObject(14, created);
                store.setObject(15, created.plusMinutes(3));
                store.addBatch();
                if (i % 500 == 499) {
                    store.executeBatch();
                }
            }
            store.executeBatch();
        }
    }

    private static void seedAudit(Connection c, int stores, int rows) throws Exception {
        ActionType[] cycle = {ActionType.CREATE, ActionType.PROVISION_STARTED, ActionType.PROVISION_SUCCEEDED,
            ActionType.UPGRADE, ActionType.UPGRADE_SUCCEEDED, ActionType.CREDENTIALS_READ};
        OffsetDateTime base = OffsetDateTime.now(ZoneOffset.UTC).minusDays(30);
        try (PreparedStatement audit = c.prepareStatement("INSERT INTO audit_event (occurred_at, action, outcome,"
                + " store_id, store_name, actor, detail, duration_ms) VALUES (?, ?, 'SUCCESS', ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                int store = i % stores;
                ActionType action = cycle[(i / stores) % cycle.length];
                audit.setObject(1, base.plusSeconds(i * 25L));
                audit.setString(2, action.name());
                audit.setLong(3, store + 1L);
                audit.setString(4, String.format(Locale.ROOT, "Bench Store %04d", store));
                audit.setString(5, "owner" + store / 3);
                audit.setString(6, action.name().toLowerCase(Locale.ROOT).replace('_', ' '));
                if (action == ActionType.PROVISION_SUCCEEDED) {
                    audit.setLong(7, 40_000 + i % 20_000);
                } else {
                    audit.setNull(7, java.sql.Types.BIGINT);
                }
                audit.addBatch();
                if (i % 2000 == 1999) {
                    audit.executeBatch();
                }
            }
            audit.executeBatch();
        }
    }
}
