package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreNames;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores of a {@link ServiceFixture} whose containers are {@link LocalContainers} stand-ins: a
 * Medusa store's database container runs its commands against a fresh, seeded database of the test
 * PostgreSQL server, so its backups are real dumps. Shared by the backup and back-up-first tests.
 */
final class StandInStores {
    /** Orders each seeded store holds. */
    static final int ORDERS = 120;

    private final ServiceFixture fx;
    private final LocalContainers containers;

    StandInStores(ServiceFixture fx, LocalContainers containers) {
        this.fx = fx;
        this.containers = containers;
    }

    /** Creates the store and waits until it is provisioned: READY, or the test fails with its error. */
    Store ready(String name, String type) {
        Store store = fx.stores().create(new NewStoreRequest(name, "alice", "alice@example.com", type), "alice");
        fx.settle();
        Store ready = fx.stores().get(store.id());
        assertEquals(StoreStatus.READY, ready.status(), ready.lastError());
        return ready;
    }

    /** The database container of the Medusa store {@code name} (create it after): a seeded database of its own. */
    PgLogin medusaStore(String name) {
        PgLogin login = PgLogin.seeded();
        Map<String, String> env = new HashMap<>();
        env.put("POSTGRES_DB", login.database);
        env.put("POSTGRES_USER", login.user);
        env.put("POSTGRES_PASSWORD", login.password);
        env.put("PGHOST", "127.0.0.1");
        env.put("PGPORT", String.valueOf(TestPostgres.serverPort()));
        env.put("PATH", TestPostgres.bin("pg_dump").getParent() + ":/usr/local/bin:/usr/bin:/bin");
        containers.add(namespace(name), BackupCommands.POSTGRESQL.container(), env, null);
        return login;
    }

    static String namespace(String name) {
        return StoreNames.namespaceOf(StoreNames.slugOf(name));
    }

    /** A Medusa-shaped database owned by a login that must give its password. */
    record PgLogin(String user, String password, String database) {
        static PgLogin seeded() {
            String user = "medusa_b" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
            String password = "pw-" + HexFormat.of().formatHex(sha(user)).substring(0, 12);
            PgLogin login = new PgLogin(user, password, TestPostgres.freshDatabaseOwnedBy(user, password));
            login.execute(MedusaShape.SCHEMA + MedusaShape.rows(ORDERS));
            return login;
        }

        void execute(String sql) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        }

        /** Each table's row count and the md5 of its rows in key order. */
        Map<String, String> tables() throws java.sql.SQLException {
            Map<String, String> tables = new LinkedHashMap<>();
            try (Connection c = connect(); Statement s = c.createStatement()) {
                for (String table : List.of("customer", "product", "\"order\"", "order_item")) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id),"
                            + " '')) FROM " + table + " t")) {
                        rs.next();
                        tables.put(table, rs.getLong(1) + " rows, md5 " + rs.getString(2));
                    }
                }
            }
            return tables;
        }

        Connection connect() throws java.sql.SQLException {
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + TestPostgres.serverPort() + "/" + database,
                    user, password);
        }

        private static byte[] sha(String text) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
    }
}
