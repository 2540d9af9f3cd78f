package dev.storefleet.service;

import dev.storefleet.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Medusa store's database on the test PostgreSQL ({@link MedusaShape}, owned by a login that must
 * give its password), and the environment the Medusa chart gives its {@code postgresql} container,
 * for {@link LocalContainers} to play that container.
 */
public final class MedusaStandIn {
    private static final AtomicInteger LOGINS = new AtomicInteger();

    public final String user;
    public final String password;
    public final String database;

    private MedusaStandIn(String user, String password, String database) {
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /** A new database with {@code orders} orders (two items each). */
    public static MedusaStandIn seeded(int orders) {
        String user = "medusa_s" + ProcessHandle.current().pid() + "_" + LOGINS.incrementAndGet();
        String password = "pw-" + HexFormat.of().formatHex(sha256(user + System.nanoTime())).substring(0, 16);
        MedusaStandIn db = new MedusaStandIn(user, password, TestPostgres.freshDatabaseOwnedBy(user, password));
        db.execute(MedusaShape.SCHEMA + MedusaShape.rows(orders));
        return db;
    }

    /** Plays the {@code postgresql} container of the store in {@code namespace} with this database. */
    public MedusaStandIn playedIn(LocalContainers containers, String namespace) {
        containers.add(namespace, BackupCommands.POSTGRESQL.container(), containerEnvironment(), null);
        return this;
    }

    /** Plays the {@code postgresql} container of the store named {@code storeName} (its namespace from the name). */
    public MedusaStandIn standIn(LocalContainers containers, String storeName) {
        return playedIn(containers, dev.storefleet.domain.StoreNames.namespaceOf(
                dev.storefleet.domain.StoreNames.slugOf(storeName)));
    }

    /**
     * The environment of the Medusa chart's {@code postgresql} container, pointed at this database
     * on the test server instead of the container's socket.
     */
    public Map<String, String> containerEnvironment() {
        Map<String, String> env = new HashMap<>();
        // As templates/postgresql.yaml sets them; the test server instead of the container's socket.
        env.put("POSTGRES_DB", database);
        env.put("POSTGRES_USER", user);
        env.put("POSTGRES_PASSWORD", password);
        env.put("PGHOST", "127.0.0.1");
        env.put("PGPORT", String.valueOf(TestPostgres.serverPort()));
        env.put("PATH", TestPostgres.bin("pg_dump").getParent() + ":/usr/local/bin:/usr/bin:/bin");
        return env;
    }

    /** The database's size as PostgreSQL counts it, in bytes. */
    public long sizeBytes() {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Each table's row count and the md5 of its rows in key order. */
    public Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String table : List.of("customer", "product", "\"order\"", "order_item")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id),"
                        + " '')) FROM " + table + " t")) {
                    rs.next();
                    tables.put(table, rs.getLong(1) + " rows, md5 " + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return tables;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + TestPostgres.serverPort() + "/" + database,
                user, password);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
