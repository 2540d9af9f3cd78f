package dev.storefleet.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MariaDB server from Debian's packages ({@code /usr/sbin/mariadbd}, set up by
 * {@code mariadb-install-db}), on a free port of 127.0.0.1 and a socket in its own data directory
 * under /var/tmp/storefleet-test, as the mysql user when the tests run as root.
 *
 * <p>One server per test JVM, started on first use with a fresh data directory and stopped and
 * removed when the JVM exits (a server a killed JVM left behind is stopped by the next one). Its
 * root account logs in with {@link #rootPassword()}, as the official image's root does with
 * MARIADB_ROOT_PASSWORD. Each caller gets a new empty database ({@link #freshDatabase()}). The
 * tests talk to it through Debian's {@code mariadb} client ({@link #query}): no JDBC driver for
 * MariaDB is on the class path. Without the packages the tests fail saying what to install.
 */
public final class TestMariaDb {
    private static final Path ROOT = Path.of("/var/tmp/storefleet-test");
    private static final String PER_JVM_PREFIX = "mariadb-tests-";
    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    private static final Path CLIENT = Path.of("/usr/bin/mariadb");
    private static final Path DUMP = Path.of("/usr/bin/mariadb-dump");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestMariaDb perJvm;

    private final Path socket;
    private final int port;
    private final String rootPassword;
    private final Path clientHome;

    private TestMariaDb(Path socket, int port, String rootPassword, Path clientHome) {
        this.socket = socket;
        this.port = port;
        this.rootPassword = rootPassword;
        this.clientHome = clientHome;
    }

    /** The per-JVM server, started on first use. */
    public static synchronized TestMariaDb server() {
        if (perJvm == null) {
            perJvm = startPerJvm();
        }
        return perJvm;
    }

    /** The password of root@localhost. */
    public String rootPassword() {
        return rootPassword;
    }

    /** The server's socket. */
    public Path socket() {
        return socket;
    }

    /** The server's TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /**
     * The environment that points a MariaDB client, run with its usual option files, at this server's
     * socket: HOME of a ~/.my.cnf naming it. (MYSQL_UNIX_PORT would not do: Debian's /etc/mysql/mariadb.cnf
     * names the system socket, and option files win over the environment; ~/.my.cnf is read last.)
     */
    public Map<String, String> clientEnvironment() {
        return Map.of("HOME", clientHome.toString());
    }

    /** A new empty utf8mb4 database; its name. */
    public String freshDatabase() {
        String name = "storefleet_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        query("", "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return name;
    }

    /**
     * Runs {@code sql} (one or more statements) in {@code database} ("" for none) as root and returns
     * what it printed: rows as tab-separated lines, no headers, values unescaped.
     */
    public String query(String database, String sql) {
        List<String> command = new ArrayList<>(List.of(CLIENT.toString(), "--no-defaults", "-uroot",
                "--batch", "--skip-column-names", "--raw", "--default-character-set=utf8mb4"));
        if (!database.isEmpty()) {
            command.add(database);
        }
        try {
            return run(command, Map.of("MYSQL_UNIX_PORT", socket.toString(), "MYSQL_PWD", rootPassword), sql);
        } catch (IOException e) {
            throw new AssertionError("the test MariaDB refused " + abbreviated(sql) + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviated(String sql) {
        return sql.length() <= 200 ? sql : sql.substring(0, 200) + "…";
    }

    // ---- start and stop ------------------------------------------------------------------------

    /** Fails, saying what to install, when MariaDB's server or client is not on this machine. */
    public static void requireInstalled() {
        if (!Files.isExecutable(SERVER) || !Files.isExecutable(INSTALL_DB) || !Files.isExecutable(CLIENT)
                || !Files.isExecutable(DUMP)) {
            throw new AssertionError("These tests need MariaDB's server and client: install Debian's packages"
                    + " mariadb-server and mariadb-client (apt-get install mariadb-server mariadb-client; .ci/run does).");
        }
    }

    private static TestMariaDb startPerJvm() {
        requireInstalled();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            stopLeftovers();
            Path data = ROOT.resolve(PER_JVM_PREFIX + ProcessHandle.current().pid());
            LocalServers.deleteTree(data);
            Files.createDirectories(data);
            if (root) {
                run(List.of("chown", "mysql:mysql", data.toString()), Map.of(), null);
            }
            List<String> userOption = root ? List.of("--user=mysql") : List.of();
            List<String> install = new ArrayList<>(List.of(INSTALL_DB.toString(), "--no-defaults", "--datadir=" + data,
                    "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"));
            install.addAll(userOption);
            run(install, Map.of(), null);
            int port = LocalServers.freePort();
            Path socket = data.resolve("mysqld.sock");
            List<String> start = new ArrayList<>(List.of(SERVER.toString(), "--no-defaults", "--datadir=" + data,
                    "--socket=" + socket, "--port=" + port, "--bind-address=127.0.0.1", "--pid-file=" + data.resolve("mysqld.pid"),
                    "--log-error=" + data.resolve("error.log"), "--skip-name-resolve", "--skip-log-bin",
                    // The server is never crashed here; durability would only slow the tests.
                    "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--innodb-buffer-pool-size=64M"));
            start.addAll(userOption);
            Process server = new ProcessBuilder(start).redirectErrorStream(true)
                    .redirectOutput(data.resolve("stdout.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, data), "test-mariadb-stop"));
            Path clientHome = Files.createDirectories(data.resolve("client-home"));
            Files.writeString(clientHome.resolve(".my.cnf"), "[client]\nsocket = " + socket + "\n");
            TestMariaDb db = new TestMariaDb(socket, port, "", clientHome);
            awaitReady(db, server, data);
            String password = UUID.randomUUID().toString();
            db.query("", "ALTER USER root@localhost IDENTIFIED BY '" + password + "'");
            return new TestMariaDb(socket, port, password, clientHome);
        } catch (IOException e) {
            throw new AssertionError("Could not start the test MariaDB: " + e.getMessage(), e);
        }
    }

    private static void awaitReady(TestMariaDb db, Process server, Path data) throws IOException {
        boolean ready = Eventually.until(() -> !server.isAlive() || answers(db), done -> done, Duration.ofSeconds(60))
                && server.isAlive();
        if (!ready) {
            String log = Files.exists(data.resolve("error.log")) ? Files.readString(data.resolve("error.log")) : "(no log)";
            throw new IOException("mariadbd did not start; its log:\n" + log);
        }
    }

    private static boolean answers(TestMariaDb db) {
        try {
            db.query("", "SELECT 1");
            return true;
        } catch (AssertionError notYet) {
            return false;
        }
    }

    private static void stop(Process server, Path data) {
        server.destroy(); // SIGTERM: mariadbd shuts down cleanly
        try {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            LocalServers.deleteTree(data);
        } catch (IOException | InterruptedException e) {
            System.err.println("Could not stop the test MariaDB in " + data + ": " + e.getMessage());
        }
    }

    /** Servers of test JVMs that were killed before their shutdown hook ran: stopped, their data removed. */
    private static void stopLeftovers() throws IOException {
        if (!Files.isDirectory(ROOT)) {
            return;
        }
        try (var dirs = Files.list(ROOT)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches(PER_JVM_PREFIX + "\\d+")).toList()) {
                long owner = Long.parseLong(dir.getFileName().toString().substring(PER_JVM_PREFIX.length()));
                if (ProcessHandle.of(owner).isPresent()) {
                    continue;
                }
                Path pidFile = dir.resolve("mysqld.pid");
                if (Files.exists(pidFile)) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(left -> {
                        left.destroy();
                        left.onExit().join();
                    });
                }
                LocalServers.deleteTree(dir);
            }
        }
    }

    // ---- processes and files -------------------------------------------------------------------

    /** Runs {@code command} with {@code env} added, {@code stdin} as its input (null: none); its output. */
    private static String run(List<String> command, Map<String, String> env, String stdin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path err = Files.createTempFile("mariadb-", ".err");
        try {
            Process process = builder.redirectError(err.toFile()).start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException brokenPipe) {
                // The client stopped reading (an error in the SQL): its status and message say why.
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(command.get(0) + " failed (" + process.exitValue() + "): " + ending(Files.readString(err) + out));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** The end of a message: the client repeats the whole failed statement before its error. */
    private static String ending(String text) {
        return text.length() <= 2000 ? text : "…" + text.substring(text.length() - 2000);
    }
}
