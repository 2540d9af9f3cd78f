package dev.storefleet.service;

import dev.storefleet.domain.StoreNames;
import dev.storefleet.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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

/**
 * A Medusa-shaped database ({@link MedusaShape}) on the test PostgreSQL server, owned by a login
 * that must give its password, and the store's database container that reaches it
 * ({@link #standIn}): what backup tests of any package need to back up and restore a Medusa store.
 */
public record MedusaDatabase(String user, String password, String database) {

    /** A fresh database with {@code orders} orders (two items each) and its own login. */
    public static MedusaDatabase seeded(int orders) {
        String user = "medusa_b" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
        String password = "pw-" + HexFormat.of().formatHex(sha(user)).substring(0, 12);
        MedusaDatabase db = new MedusaDatabase(user, password, TestPostgres.freshDatabaseOwnedBy(user, password));
        db.execute(MedusaShape.SCHEMA + MedusaShape.rows(orders));
        return db;
    }

    /** Plays the database container of the store named {@code storeName}, with the chart's environment. */
    public MedusaDatabase standIn(LocalContainers containers, String storeName) {
        Map<String, String> env = new HashMap<>();
        env.put("POSTGRES_DB", database);
        env.put("POSTGRES_USER", user);
        env.put("POSTGRES_PASSWORD", password);
        env.put("PGHOST", "127.0.0.1");
        env.put("PGPORT", String.valueOf(TestPostgres.serverPort()));
        env.put("PATH", TestPostgres.bin("pg_dump").getParent() + ":/usr/local/bin:/usr/bin:/bin");
        containers.add(StoreNames.namespaceOf(StoreNames.slugOf(storeName)), BackupCommands.POSTGRESQL.container(),
                env, null);
        return this;
    }

    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Each table's row count and the md5 of its rows in key order. */
    public Map<String, String> tables() throws SQLException {
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

    public Connection connect() throws SQLException {
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
