package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.StoreType;
import dev.storefleet.domain.ValidationException;
import dev.storefleet.service.BackupCommands.Command;
import dev.storefleet.service.BackupCommands.StoreCommands;
import dev.storefleet.testing.TestMariaDb;
import dev.storefleet.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact argv of {@link BackupCommands} run as local processes against real servers (Debian's
 * MariaDB and PostgreSQL), standing in for the store's database container: the process gets only
 * the environment the chart gives that container, plus the client's own variables that point it at
 * the test server instead of the container's socket. A dump of a WooCommerce- or Medusa-shaped
 * database restored into a new database must match table for table, row for row.
 */
class BackupCommandsOnRealDatabasesTest {
    private static final int ORDERS = 300;
    private static final AtomicInteger ROLES = new AtomicInteger();

    @TempDir
    Path dir;

    // ---- WooCommerce on MariaDB ----------------------------------------------------------------

    @Test
    void aWooCommerceDumpRestoresIntoANewDatabaseTableForTable() throws IOException {
        TestMariaDb db = TestMariaDb.server();
        String source = wooCommerceShop(db);
        StoreCommands woo = BackupCommands.of(StoreType.WOOCOMMERCE);
        Path dump = dumped(woo, db, source);
        String target = db.freshDatabase();
        assertSucceeded(container(woo.databaseRestore(), mariadbEnv(db, target), dump, dir.resolve("out")));

        Map<String, String> before = mariadbTables(db, source);
        assertEquals(List.of("wp_options", "wp_postmeta", "wp_posts", "wp_storefleet_files", "wp_users", "wp_wc_orders",
                "wp_woocommerce_order_items"), List.copyOf(before.keySet()));
        assertEquals(before, mariadbTables(db, target));
        assertEquals(String.valueOf(ORDERS), db.query(target, "SELECT COUNT(*) FROM wp_wc_orders").trim());
        // utf8mb4 beyond the BMP and every byte value of the blob survive as they were.
        assertEquals(WooCommerceShape.SHOP_NAME, db.query(target, "SELECT option_value FROM wp_options WHERE option_name = 'blogname'").trim());
        assertEquals(db.query(source, "SELECT HEX(data) FROM wp_storefleet_files"), db.query(target, "SELECT HEX(data) FROM wp_storefleet_files"));
        // --routines and --triggers: the store's procedure and trigger come along.
        assertEquals("wp_storefleet_order_total", db.query(target,
                "SELECT routine_name FROM information_schema.routines WHERE routine_schema = '" + target + "'").trim());
        assertEquals("wp_wc_orders_touch", db.query(target,
                "SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = '" + target + "'").trim());
    }

    @Test
    void theSiteUrlRewriteChangesHomeAndSiteurlAndNothingElse() throws IOException {
        TestMariaDb db = TestMariaDb.server();
        String clone = db.freshDatabase();
        db.query(clone, WooCommerceShape.SCHEMA + WooCommerceShape.rows(20));
        String otherOptions = "SELECT option_id, option_name, option_value, autoload FROM wp_options"
                + " WHERE option_name NOT IN ('home', 'siteurl') ORDER BY option_id";
        String optionsBefore = db.query(clone, otherOptions);
        Map<String, String> before = mariadbTables(db, clone);

        String newUrl = "https://store-b.shop.example:8443/shop";
        assertSucceeded(container(BackupCommands.wooCommerceSiteUrl(newUrl), mariadbEnv(db, clone), null, dir.resolve("out")));

        assertEquals("home\t" + newUrl + "\nsiteurl\t" + newUrl + "\n", db.query(clone,
                "SELECT option_name, option_value FROM wp_options WHERE option_name IN ('home', 'siteurl') ORDER BY option_name"));
        assertEquals(optionsBefore, db.query(clone, otherOptions));
        Map<String, String> after = mariadbTables(db, clone);
        assertNotEquals(before.get("wp_options"), after.get("wp_options"));
        before.remove("wp_options");
        after.remove("wp_options");
        assertEquals(before, after);
    }

    @Test
    void theSiteUrlRewriteFailsOnADatabaseWithoutHomeAndSiteurl() throws IOException {
        TestMariaDb db = TestMariaDb.server();
        String notWordPress = db.freshDatabase();
        db.query(notWordPress, WooCommerceShape.SCHEMA + "INSERT INTO wp_options (option_name, option_value) VALUES ('home', 'http://a.example');");
        Result rewrite = container(BackupCommands.wooCommerceSiteUrl("https://b.example"), mariadbEnv(db, notWordPress), null, dir.resolve("out"));
        assertNotEquals(0, rewrite.exit());
        assertTrue(rewrite.stderr().contains("holds no home and siteurl"), rewrite.stderr());
        assertEquals("http://a.example", db.query(notWordPress, "SELECT option_value FROM wp_options").trim());
    }

    @Test
    void aHostileSiteUrlIsRefusedBeforeAnyCommandIsBuilt() {
        for (String hostile : List.of("https://x.example'; DROP TABLE wp_users; --", "https://x.example/\"; rm -rf /",
                "https://x.example/$(touch /tmp/pwned)", "https://x.example/`id`", "https://x.example\\", "https://x.example/a b",
                "https://x.example/?p=1", "https://x.example/", "javascript:alert(1)", "https://X.example", "https://x.example/\n",
                "https://x.example:99999999", "")) {
            ValidationException refused = assertThrows(ValidationException.class, () -> BackupCommands.wooCommerceSiteUrl(hostile), hostile);
            assertEquals("url", refused.errors().get(0).field());
        }
    }

    @Test
    void aDumpCutAnywhereMakesTheMariaDbRestoreFail() throws IOException {
        TestMariaDb db = TestMariaDb.server();
        String source = wooCommerceShop(db);
        StoreCommands woo = BackupCommands.of(StoreType.WOOCOMMERCE);
        Path dump = dumped(woo, db, source);
        String text = Files.readString(dump, StandardCharsets.UTF_8);

        // Cut after a whole statement: what the client alone would apply without a word.
        int afterOrders = text.indexOf(";\n", text.indexOf("INSERT INTO `wp_wc_orders`")) + 2;
        // Cut in the middle of a statement, and just before the end.
        int middle = text.length() / 2;
        int nearEnd = text.lastIndexOf(BackupCommands.MARIADB_DUMP_COMPLETED);
        for (int cut : List.of(afterOrders, middle, nearEnd)) {
            Path truncated = dir.resolve("cut-" + cut + ".sql");
            Files.writeString(truncated, text.substring(0, cut), StandardCharsets.UTF_8);
            Result restore = container(woo.databaseRestore(), mariadbEnv(db, db.freshDatabase()), truncated, dir.resolve("out"));
            assertNotEquals(0, restore.exit(), "a dump cut at " + cut + " of " + text.length() + " was restored: " + restore.stderr());
        }
        Path cutAtStatement = dir.resolve("cut-" + afterOrders + ".sql");
        Result refused = container(woo.databaseRestore(), mariadbEnv(db, db.freshDatabase()), cutAtStatement, dir.resolve("out"));
        assertTrue(refused.stderr().contains("the dump is incomplete"), refused.stderr());
        // Why the restore checks the dump's last line: the client alone takes that cut dump as a whole one.
        Command clientAlone = new Command(BackupCommands.MARIADB,
                List.of("sh", "-c", "MYSQL_PWD=\"$MARIADB_ROOT_PASSWORD\" exec mariadb -uroot \"$MARIADB_DATABASE\""));
        assertSucceeded(container(clientAlone, mariadbEnv(db, db.freshDatabase()), cutAtStatement, dir.resolve("out")));
    }

    /** A new database holding the WooCommerce-shaped schema and {@value #ORDERS} orders. */
    private static String wooCommerceShop(TestMariaDb db) {
        String source = db.freshDatabase();
        db.query(source, WooCommerceShape.SCHEMA + WooCommerceShape.rows(ORDERS));
        return source;
    }

    /** The store's dump command run as its container would run it, into {@code woo.sql}. */
    private Path dumped(StoreCommands woo, TestMariaDb db, String source) throws IOException {
        Path dump = dir.resolve("woo.sql");
        assertSucceeded(container(woo.databaseDump(), mariadbEnv(db, source), null, dump));
        return dump;
    }

    @Test
    void aWrongRootPasswordInTheContainerFailsTheDump() throws IOException {
        TestMariaDb db = TestMariaDb.server();
        String source = db.freshDatabase();
        Map<String, String> env = mariadbEnv(db, source);
        env.put("MARIADB_ROOT_PASSWORD", "not-" + db.rootPassword());
        Result dump = container(BackupCommands.of(StoreType.WOOCOMMERCE).databaseDump(), env, null, dir.resolve("dump.sql"));
        assertNotEquals(0, dump.exit());
        assertTrue(dump.stderr().contains("Access denied"), dump.stderr());
    }

    @Test
    void noPasswordIsInAnyArgv() {
        List<Command> all = new ArrayList<>();
        for (StoreType type : StoreType.values()) {
            StoreCommands commands = BackupCommands.of(type);
            all.addAll(List.of(commands.databaseDump(), commands.databaseRestore()));
            commands.filesDump().ifPresent(all::add);
            commands.filesRestore().ifPresent(all::add);
        }
        all.add(BackupCommands.wooCommerceSiteUrl("https://store-b.shop.example"));
        for (Command command : all) {
            String argv = String.join(" ", command.argv());
            assertFalse(argv.matches("(?s).*(-p\\S|--password).*"), argv);
            assertEquals(List.of("sh", "-c"), command.argv().subList(0, 2), argv);
        }
    }

    private static Map<String, String> mariadbEnv(TestMariaDb db, String database) {
        Map<String, String> env = new HashMap<>(db.clientEnvironment());
        // As templates/mariadb.yaml sets them in the mariadb container.
        env.put("MARIADB_DATABASE", database);
        env.put("MARIADB_USER", "wordpress");
        env.put("MARIADB_PASSWORD", "wordpress-password");
        env.put("MARIADB_ROOT_PASSWORD", db.rootPassword());
        return env;
    }

    /** Each table's row count and CHECKSUM TABLE, by name. */
    private static Map<String, String> mariadbTables(TestMariaDb db, String database) {
        Map<String, String> tables = new LinkedHashMap<>();
        for (String table : db.query(database, "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                + database + "' ORDER BY table_name").lines().toList()) {
            String count = db.query(database, "SELECT COUNT(*) FROM `" + table + "`").trim();
            String checksum = db.query(database, "CHECKSUM TABLE `" + table + "`").trim().split("\t")[1];
            assertNotEquals("NULL", checksum, table);
            tables.put(table, count + " rows, checksum " + checksum);
        }
        return tables;
    }

    // ---- Medusa on PostgreSQL ------------------------------------------------------------------

    @Test
    void aMedusaDumpRestoresIntoANewDatabaseTableForTable() throws IOException, SQLException {
        PostgresLogin source = seededMedusaDatabase();
        StoreCommands medusa = BackupCommands.of(StoreType.MEDUSA);
        Path dump = dir.resolve("medusa.dump");
        assertSucceeded(container(medusa.databaseDump(), source.env(), null, dump));
        PostgresLogin target = newPostgresLogin();
        assertSucceeded(container(medusa.databaseRestore(), target.env(), dump, dir.resolve("out")));

        Map<String, String> before = postgresTables(source);
        assertEquals(List.of("customer", "order", "order_item", "product"), List.copyOf(before.keySet()));
        assertEquals(before, postgresTables(target));
        try (Connection c = target.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), max(display_id), nextval('order_display_id_seq') FROM \"order\"")) {
            rs.next();
            assertEquals(ORDERS, rs.getInt(1));
            // The sequence comes along too: the next order does not reuse a display id.
            assertEquals(ORDERS + 1, rs.getInt(3));
        }
        // A second restore over the restored database (--clean) gives the same again.
        assertSucceeded(container(medusa.databaseRestore(), target.env(), dump, dir.resolve("out")));
        assertEquals(before, postgresTables(target));
    }

    @Test
    void aCutMedusaDumpFailsTheRestoreAndLeavesTheDatabaseAsItWas() throws IOException, SQLException {
        PostgresLogin source = seededMedusaDatabase();
        StoreCommands medusa = BackupCommands.of(StoreType.MEDUSA);
        Path dump = dir.resolve("medusa.dump");
        assertSucceeded(container(medusa.databaseDump(), source.env(), null, dump));
        byte[] whole = Files.readAllBytes(dump);
        PostgresLogin target = newPostgresLogin();
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (id int PRIMARY KEY)");
            s.execute("INSERT INTO kept VALUES (1), (2)");
        }
        Map<String, String> targetBefore = postgresTables(target);

        for (int cut : List.of(whole.length / 2, whole.length - 16)) {
            Path truncated = dir.resolve("cut-" + cut + ".dump");
            Files.write(truncated, Arrays.copyOf(whole, cut));
            Result restore = container(medusa.databaseRestore(), target.env(), truncated, dir.resolve("out"));
            assertNotEquals(0, restore.exit(), "a dump cut at " + cut + " of " + whole.length + " was restored: " + restore.stderr());
            assertEquals(targetBefore, postgresTables(target), "one transaction: nothing of the cut dump stays");
        }
    }

    /** A new login that must give its password over TCP, owning a new empty database. */
    private record PostgresLogin(String user, String password, String database) {
        Map<String, String> env() {
            Map<String, String> env = new HashMap<>();
            // As templates/postgresql.yaml sets them in the postgresql container.
            env.put("POSTGRES_DB", database);
            env.put("POSTGRES_USER", user);
            env.put("POSTGRES_PASSWORD", password);
            // The test server instead of the container's socket; Debian's client binaries first.
            env.put("PGHOST", "127.0.0.1");
            env.put("PGPORT", String.valueOf(TestPostgres.serverPort()));
            env.put("PATH", TestPostgres.bin("pg_dump").getParent() + ":" + CONTAINER_PATH);
            return env;
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + TestPostgres.serverPort() + "/" + database, user, password);
        }
    }

    private static PostgresLogin newPostgresLogin() {
        String user = "medusa_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        String password = "pw-" + user;
        return new PostgresLogin(user, password, TestPostgres.freshDatabaseOwnedBy(user, password));
    }

    private static PostgresLogin seededMedusaDatabase() throws SQLException {
        PostgresLogin login = newPostgresLogin();
        try (Connection c = login.connect(); Statement s = c.createStatement()) {
            s.execute(MedusaShape.SCHEMA);
            s.execute(MedusaShape.rows(ORDERS));
        }
        return login;
    }

    /** Each table's row count and md5 of its rows in primary-key order, by name. */
    private static Map<String, String> postgresTables(PostgresLogin login) throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        try (Connection c = login.connect(); Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String table : names) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), ''))"
                        + " FROM \"" + table + "\" t")) {
                    rs.next();
                    tables.put(table, rs.getLong(1) + " rows, md5 " + rs.getString(2));
                }
            }
        }
        return tables;
    }

    // ---- the container stand-in ----------------------------------------------------------------

    private static final String CONTAINER_PATH = "/usr/local/bin:/usr/bin:/bin";

    private record Result(int exit, String stderr) {
    }

    /**
     * Runs {@code command}'s argv as the container would, with only {@code env} (and a PATH),
     * {@code stdin} (a file, or nothing) as its input and its output into {@code stdout}.
     */
    private static Result container(Command command, Map<String, String> env, Path stdin, Path stdout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.environment().clear();
        builder.environment().put("PATH", CONTAINER_PATH);
        builder.environment().putAll(env);
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        builder.redirectOutput(stdout.toFile());
        Path stderr = Files.createTempFile("container-", ".err");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command.argv() + " did not finish in 300 s");
            }
            return new Result(process.exitValue(), Files.readString(stderr));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static void assertSucceeded(Result result) {
        assertEquals(0, result.exit(), result.stderr());
    }
}
