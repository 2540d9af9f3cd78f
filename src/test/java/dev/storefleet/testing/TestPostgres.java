package dev.storefleet.testing;

import dev.storefleet.persistence.DatabaseTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * A real PostgreSQL server from Debian's packages (binaries under /usr/lib/postgresql/&lt;newest&gt;/bin,
 * not on PATH), on a free port of 127.0.0.1 with a data directory of its own under /var/tmp, which
 * the postgres user can reach when the tests run as root (the server refuses to run as root, so it
 * is then started through runuser).
 *
 * <p>The tests that run on both databases share one server per test JVM, started on first use with
 * a fresh data directory and stopped and removed when the JVM exits (a server a killed JVM left
 * behind is stopped by the next one); each caller gets a new empty database of it
 * ({@link #freshDatabase()}, a CREATE DATABASE: milliseconds). Everyone is trusted on it, except
 * the members of {@value #PASSWORD_LOGIN} ({@link #freshDatabaseOwnedBy}), who must give their
 * password. The Medusa tests keep a server of their own on a data directory kept between runs
 * ({@link #startKept}). Without the package the test fails saying what to install (CI installs it).
 */
public final class TestPostgres {
    /** Members of this role log in over TCP with a password (scram-sha-256); the rest are trusted. */
    public static final String PASSWORD_LOGIN = "password_login";

    private static final Path ROOT = Path.of("/var/tmp/storefleet-test");
    private static final String PER_JVM_PREFIX = "pg-tests-";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestPostgres perJvm;

    private final Path data;
    private final int port;
    private final boolean root;

    private TestPostgres(Path data, int port, boolean root) {
        this.data = data;
        this.port = port;
        this.root = root;
    }

    // ---- the per-JVM server of the database-variant tests --------------------------------------

    /** A new empty database on the per-JVM server, as Storefleet would be told of it. */
    public static DatabaseTarget freshDatabase() {
        return DatabaseTarget.of(freshDatabaseUrl(), null, null);
    }

    /** A new empty database on the per-JVM server, as DATABASE_URL names it (the superuser, no password). */
    public static String freshDatabaseUrl() {
        TestPostgres pg = perJvm();
        String name = newDatabaseName();
        pg.execute("CREATE DATABASE " + name);
        return "postgresql://postgres@127.0.0.1:" + pg.port + "/" + name;
    }

    /**
     * A new login role {@code user} with {@code password} (one that must give it) owning a new empty
     * database, whose name is returned.
     */
    public static String freshDatabaseOwnedBy(String user, String password) {
        TestPostgres pg = perJvm();
        String name = newDatabaseName();
        pg.execute("CREATE ROLE \"" + user + "\" LOGIN IN ROLE " + PASSWORD_LOGIN + " PASSWORD '"
                + password.replace("'", "''") + "'");
        pg.execute("CREATE DATABASE " + name + " OWNER \"" + user + "\"");
        return name;
    }

    /** The per-JVM server's port. */
    public static int serverPort() {
        return perJvm().port;
    }

    /** A JDBC connection to {@code database} on the per-JVM server, as the superuser. */
    public static Connection connect(DatabaseTarget database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), "postgres", "");
    }

    /** A JDBC connection to the per-JVM server's maintenance database, as the superuser. */
    public static Connection connectToServer() throws SQLException {
        return perJvm().connect("postgres");
    }

    /** The name of the database {@code target} names (on the per-JVM server). */
    public static String databaseName(DatabaseTarget target) {
        String url = target.jdbcUrl();
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String newDatabaseName() {
        return "storefleet_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    }

    private static synchronized TestPostgres perJvm() {
        if (perJvm == null) {
            perJvm = startPerJvm();
        }
        return perJvm;
    }

    private static TestPostgres startPerJvm() {
        requireInstalled();
        boolean root = isRoot();
        try {
            stopLeftovers(root);
            Path data = ROOT.resolve(PER_JVM_PREFIX + ProcessHandle.current().pid());
            LocalServers.deleteTree(data);
            initdb(data, root);
            // First match wins: the password group over TCP, then everyone trusted.
            Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all +" + PASSWORD_LOGIN + " 127.0.0.1/32 scram-sha-256",
                    "host all all 127.0.0.1/32 trust",
                    "host all all ::1/128 trust", ""), StandardCharsets.UTF_8);
            TestPostgres pg = start(data, data.resolve("server.log"), root, "-c max_connections=200");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.stop("immediate");
                    LocalServers.deleteTree(data);
                } catch (IOException | RuntimeException e) {
                    System.err.println("Could not stop the test PostgreSQL in " + data + ": " + e.getMessage());
                }
            }, "test-postgres-stop"));
            pg.execute("CREATE ROLE " + PASSWORD_LOGIN + " NOLOGIN");
            return pg;
        } catch (IOException e) {
            throw new AssertionError("Could not start the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Servers of test JVMs that were killed before their shutdown hook ran: stopped, their data removed. */
    private static void stopLeftovers(boolean root) throws IOException {
        if (!Files.isDirectory(ROOT)) {
            return;
        }
        try (var dirs = Files.list(ROOT)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches(PER_JVM_PREFIX + "\\d+")).toList()) {
                long pid = Long.parseLong(dir.getFileName().toString().substring(PER_JVM_PREFIX.length()));
                if (ProcessHandle.of(pid).isEmpty()) {
                    try {
                        run(asPostgres(root, bin("pg_ctl").toString(), "-D", dir.toString(), "-m", "immediate", "-w", "stop"));
                    } catch (IOException notRunning) {
                        // already stopped: only its files are left
                    }
                    LocalServers.deleteTree(dir);
                }
            }
        }
    }

    // ---- a server on a data directory kept between runs (the Medusa tests' cache) --------------

    /**
     * Starts a server on {@code data}, made by initdb first when it holds none (into a temporary
     * directory moved into place, so a crash never leaves half a cluster), logging to {@code log}.
     * The caller {@link #stop()}s it; the data directory stays.
     */
    public static TestPostgres startKept(Path data, Path log) throws IOException {
        requireInstalled();
        boolean root = isRoot();
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            Files.createDirectories(data.getParent());
            Path fresh = Files.createTempDirectory(data.getParent(), "initdb-");
            initdb(fresh, root);
            Files.move(fresh, data, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.deleteIfExists(log);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.createFile(log);
        if (root) {
            run(List.of("chown", "postgres", log.toString()));
        }
        return start(data, log, root, "");
    }

    /** This server's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Stops the server (fast shutdown: open sessions are ended). */
    public void stop() throws IOException {
        stop("fast");
    }

    /** Runs one statement in the maintenance database, as the superuser (CREATE DATABASE and the like). */
    public void execute(String sql) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("the test PostgreSQL refused " + sql + ": " + e.getMessage(), e);
        }
    }

    /** A JDBC connection to {@code database} on this server, as the superuser. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
    }

    // ---- Debian's binaries ----------------------------------------------------------------------

    /** Fails, saying what to install, when PostgreSQL's server is not on this machine. */
    public static void requireInstalled() {
        if (!Files.isExecutable(bin("initdb"))) {
            throw new AssertionError("These tests need PostgreSQL's server: install Debian's package postgresql"
                    + " (apt-get install postgresql; .ci/run does).");
        }
    }

    /** Debian's PostgreSQL binaries (not on PATH): the newest major under /usr/lib/postgresql. */
    public static Path bin(String tool) {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted(Comparator.comparing(TestPostgres::major).reversed())
                    .map(v -> v.resolve("bin").resolve(tool))
                    .filter(Files::isExecutable).findFirst().orElse(Path.of("/nonexistent", tool));
        } catch (IOException e) {
            return Path.of("/nonexistent", tool);
        }
    }

    private static int major(Path versionDir) {
        String name = versionDir.getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : -1;
    }

    private static void initdb(Path data, boolean root) throws IOException {
        Files.createDirectories(data);
        if (root) {
            run(List.of("chown", "postgres:postgres", data.getParent().toString(), data.toString()));
        }
        run(asPostgres(root, bin("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--no-sync"));
    }

    private static TestPostgres start(Path data, Path log, boolean root, String options) throws IOException {
        int port = LocalServers.freePort();
        // -k: the socket in the data directory (/var/run/postgresql may not exist, or be another server's).
        // fsync off: the server is never crashed here; the processes the tests kill are its clients. A
        // benchmark sets -Dtestpostgres.durable=true to measure what a team's server does.
        String fsync = Boolean.getBoolean("testpostgres.durable") ? "" : " -c fsync=off";
        run(asPostgres(root, bin("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + data + fsync + " " + options, "start"));
        return new TestPostgres(data, port, root);
    }

    private void stop(String mode) throws IOException {
        run(asPostgres(root, bin("pg_ctl").toString(), "-D", data.toString(), "-m", mode, "-w", "stop"));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command as the postgres user when the tests run as root. */
    private static List<String> asPostgres(boolean root, String... command) {
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
}
