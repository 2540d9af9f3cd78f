package dev.storefleet.testing;

import dev.storefleet.persistence.DatabaseTarget;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server from Debian's packages for the tests that run on both databases: one
 * per test JVM, started on first use on a free port of 127.0.0.1 with a data directory of its own
 * (under /var/tmp, which the postgres user can reach when the tests run as root), trust
 * authentication, and stopped and removed when the JVM exits. Each caller gets a fresh, empty
 * database. Without the package the test fails saying what to install (CI installs it).
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /**
     * Tests run with fsync off (what they check does not depend on the server's own disk writes, and
     * it is faster); a benchmark sets {@code -Dtestpostgres.durable=true} to measure what a team gets.
     */
    private static final boolean DURABLE = Boolean.getBoolean("testpostgres.durable");
    private static TestPostgres server;

    private final int port;

    private TestPostgres(int port) {
        this.port = port;
    }

    /** A new empty database on the shared server, as Storefleet would be told of it. */
    public static DatabaseTarget freshDatabase() {
        return DatabaseTarget.of(freshDatabaseUrl(), null, null);
    }

    /** A new empty database on the shared server, as DATABASE_URL names it. */
    public static String freshDatabaseUrl() {
        TestPostgres pg = server();
        String name = "storefleet_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        pg.execute("CREATE DATABASE " + name);
        return "postgresql://postgres@127.0.0.1:" + pg.port + "/" + name;
    }

    /** A JDBC connection to {@code database} on the server, as the superuser. */
    public static Connection connect(DatabaseTarget database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), "postgres", "");
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("the test PostgreSQL refused " + sql + ": " + e.getMessage(), e);
        }
    }

    private static synchronized TestPostgres server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    private static TestPostgres start() {
        Path initdb = bin("initdb");
        if (!Files.isExecutable(initdb)) {
            throw new AssertionError("These tests need PostgreSQL's server: install Debian's package postgresql"
                    + " (apt-get install postgresql; .ci/run does).");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path parent = Files.createDirectories(Path.of("/var/tmp/storefleet-test"));
            Path data = parent.resolve("pg-tests-" + ProcessHandle.current().pid());
            deleteTree(data);
            Files.createDirectories(data);
            if (root) {
                run(List.of("chown", "postgres:postgres", parent.toString(), data.toString()));
            }
            run(asPostgres(root, initdb.toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--no-sync"));
            int port = freePort();
            Path log = data.resolve("server.log");
            // -k: the socket in the data directory (/var/run/postgresql may not exist, or be another server's).
            run(asPostgres(root, bin("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                    "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + data + (DURABLE ? "" : " -c fsync=off")
                            + " -c max_connections=200",
                    "start"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(asPostgres(root, bin("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
                    deleteTree(data);
                } catch (IOException | RuntimeException e) {
                    System.err.println("Could not stop the test PostgreSQL in " + data + ": " + e.getMessage());
                }
            }, "test-postgres-stop"));
            return new TestPostgres(port);
        } catch (IOException e) {
            throw new AssertionError("Could not start the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Debian's PostgreSQL binaries (not on PATH): the newest major under /usr/lib/postgresql. */
    public static Path bin(String tool) {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted(Comparator.reverseOrder()).map(v -> v.resolve("bin").resolve(tool))
                    .filter(Files::isExecutable).findFirst().orElse(Path.of("/nonexistent", tool));
        } catch (IOException e) {
            return Path.of("/nonexistent", tool);
        }
    }

    /** The command as the postgres user when the tests run as root (the server refuses to run as root). */
    public static List<String> asPostgres(boolean root, String... command) {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        return cmd;
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
