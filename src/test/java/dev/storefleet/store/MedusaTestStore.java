package dev.storefleet.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Medusa v2 server (npm, pinned by src/test/medusa/package-lock.json) on PostgreSQL from
 * Debian, both on loopback, for the order tests. Prepared with the chart's own setup script
 * (charts/medusa/files/setup.js) and the chart's medusa-config.js.
 *
 * <p>Caches, keyed by the lockfile's hash: node_modules as {@link NodeTestProject} keeps them,
 * and a PostgreSQL cluster holding a migrated template database under {@code /var/tmp/storefleet-test} (the postgres user must reach it). Each run copies the
 * template into a fresh database (about a second). Missing Node or PostgreSQL: installed with
 * apt-get when running as root, otherwise the test fails saying what to install. Never skipped.
 */
final class MedusaTestStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MedusaTestStore.class);
    private static final String TEMPLATE_DB = "medusa_template";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    static final String ADMIN_EMAIL = "admin@medusa-test.storefleet.invalid";
    static final String ADMIN_PASSWORD = "medusa-test-password-1";

    private final List<Process> processes = new ArrayList<>();
    private final Path project;
    private final Path pgData;
    private final int pgPort;
    private final String database;
    private Process medusa;
    private int medusaPort;
    final Map<String, Long> timings = new java.util.LinkedHashMap<>();

    MedusaTestStore() throws Exception {
        NodeTestProject node = new NodeTestProject("medusa");
        project = node.dir;
        pgData = Path.of("/var/tmp/storefleet-test/pg-" + node.hash);
        NodeTestProject.requireTools(Files.isExecutable(pgBin("initdb")) && NodeTestProject.onPath("psql") ? List.of()
                : List.of("postgresql"));
        timed("npm ci (skipped when cached)", () -> node.install("@medusajs/medusa", Duration.ofMinutes(10)));
        Files.copy(Path.of("charts/medusa/image/medusa-config.js"), project.resolve("medusa-config.js"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        pgPort = freePort();
        timed("postgres start", this::startPostgres);
        timed("template database (migrations when not cached)", this::ensureTemplate);
        database = "medusa_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        timed("database from template", () -> psql("CREATE DATABASE " + database + " TEMPLATE " + TEMPLATE_DB));
    }

    /** {@code http://127.0.0.1:<port>} once {@link #startMedusa()} returned. */
    URI url() {
        return URI.create("http://127.0.0.1:" + medusaPort);
    }

    void startMedusa() throws Exception {
        timed("medusa start until healthy", () -> {
            medusaPort = freePort();
            ProcessBuilder pb = new ProcessBuilder(project.resolve("node_modules/.bin/medusa").toString(), "start",
                    "-H", "127.0.0.1", "-p", Integer.toString(medusaPort)).directory(project.toFile());
            medusaEnv(pb.environment());
            pb.redirectErrorStream(true).redirectOutput(Path.of("target/medusa-server.log").toFile());
            medusa = start(pb);
            waitFor("Medusa /health", Duration.ofSeconds(120), () -> httpOk(url().resolve("/health")));
        });
    }

    /** Runs the chart's setup script against this server, writing the store API Secret to {@code kubernetesUrl}. */
    void runChartSetup(URI kubernetesUrl, String namespace, String storeUrl, Path workDir) throws Exception {
        timed("chart setup script", () -> {
            Path sa = Files.createDirectories(workDir.resolve("serviceaccount"));
            Files.writeString(sa.resolve("namespace"), namespace);
            Files.writeString(sa.resolve("token"), "test-token");
            Files.writeString(sa.resolve("ca.crt"), "");
            Files.copy(Path.of("charts/medusa/files/setup.js"), project.resolve("setup.js"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            ProcessBuilder pb = new ProcessBuilder("node", "--require", Path.of("src/test/medusa/k8s-shim.js").toAbsolutePath()
                    .toString(), "setup.js").directory(project.toFile());
            Map<String, String> env = pb.environment();
            medusaEnv(env);
            env.put("SHIM_SA_DIR", sa.toAbsolutePath().toString());
            env.put("KUBERNETES_SERVICE_HOST", kubernetesUrl.getHost());
            env.put("KUBERNETES_SERVICE_PORT", Integer.toString(kubernetesUrl.getPort()));
            env.put("MEDUSA_INTERNAL_URL", url().toString());
            env.put("STORE_URL", storeUrl);
            env.put("STORE_NAME", "Medusa order test");
            env.put("ADMIN_EMAIL", ADMIN_EMAIL);
            env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
            // The chart's defaults (charts/medusa/values.yaml, commerce.*)
            env.put("STORE_CURRENCY", "usd");
            env.put("STORE_COUNTRY", "us");
            env.put("SHIPPING_PRICE", "5");
            env.put("SAMPLE_PRODUCTS", "[{\"handle\":\"storefleet-t-shirt\",\"title\":\"Storefleet T-Shirt\","
                    + "\"sku\":\"SF-TSHIRT\",\"price\":19},{\"handle\":\"storefleet-mug\",\"title\":\"Storefleet Mug\","
                    + "\"sku\":\"SF-MUG\",\"price\":9.5}]");
            env.put("API_SECRET_NAME", StoreNetwork.STORE_API_SECRET);
            env.put("API_SECRET_LABELS", "{\"storefleet.dev/role\":\"store-api\"}");
            pb.redirectErrorStream(true).redirectOutput(workDir.resolve("setup.log").toAbsolutePath().toFile());
            Process setup = start(pb);
            if (!setup.waitFor(180, TimeUnit.SECONDS)) {
                setup.destroyForcibly();
                throw new AssertionError("the chart's setup script did not finish in 180 s; see " + workDir.resolve("setup.log"));
            }
            if (setup.exitValue() != 0) {
                throw new AssertionError("the chart's setup script failed:\n" + Files.readString(workDir.resolve("setup.log")));
            }
        });
    }

    /** Runs SQL in this test's database (to set stock, for instance). */
    /** The rows a query answers, one a line, columns separated by '|'. */
    String query(String select) throws Exception {
        return capture(List.of("psql", "-h", "127.0.0.1", "-p", Integer.toString(pgPort), "-U", "postgres", "-d",
                database, "-qtAc", select)).strip();
    }

    void sql(String statement) throws Exception {
        run(List.of("psql", "-h", "127.0.0.1", "-p", Integer.toString(pgPort), "-U", "postgres", "-d", database,
                "-v", "ON_ERROR_STOP=1", "-c", statement), Duration.ofSeconds(30));
    }

    private void medusaEnv(Map<String, String> env) {
        env.put("DATABASE_URL", "postgres://postgres@127.0.0.1:" + pgPort + "/" + (database == null ? TEMPLATE_DB : database));
        env.put("JWT_SECRET", "storefleet-test-jwt-secret-0123456789abcdef");
        env.put("COOKIE_SECRET", "storefleet-test-cookie-secret-0123456789abcdef");
        env.put("NODE_ENV", "production");
        env.put("STORE_CORS", "http://127.0.0.1");
        env.put("ADMIN_CORS", "http://127.0.0.1");
        env.put("AUTH_CORS", "http://127.0.0.1");
        env.put("MEDUSA_DISABLE_TELEMETRY", "true");
        env.put("HOME", project.toString()); // npx and medusa keep their caches beside node_modules
    }

    // ---- set-up steps -----------------------------------------------------------------------

    /** Debian's PostgreSQL binaries (not on PATH by default): the newest major under /usr/lib/postgresql. */
    private static Path pgBin(String tool) {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted(java.util.Comparator.reverseOrder()).map(v -> v.resolve("bin").resolve(tool))
                    .filter(Files::isExecutable).findFirst().orElse(Path.of("/nonexistent", tool));
        } catch (IOException e) {
            return Path.of("/nonexistent", tool);
        }
    }

    private void startPostgres() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!Files.exists(pgData.resolve("PG_VERSION"))) {
            Files.createDirectories(pgData.getParent());
            Path fresh = Files.createTempDirectory(pgData.getParent(), "initdb-");
            if (root) {
                run(List.of("chown", "postgres:postgres", pgData.getParent().toString(), fresh.toString()), Duration.ofSeconds(10));
            }
            run(asPostgres(root, pgBin("initdb").toString(), "-D", fresh.toString(), "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--no-sync"), Duration.ofMinutes(2));
            Files.move(fresh, pgData, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        Path log = Path.of("target/medusa-postgres.log").toAbsolutePath();
        Files.deleteIfExists(log);
        Files.createFile(log);
        if (root) {
            run(List.of("chown", "postgres", log.toString()), Duration.ofSeconds(10));
        }
        // -k: the socket goes to the data dir, not /var/run/postgresql (may not exist, may be taken)
        run(asPostgres(root, pgBin("pg_ctl").toString(), "-D", pgData.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", "-p " + pgPort + " -c listen_addresses=127.0.0.1 -k " + pgData + " -c fsync=off", "start"),
                Duration.ofSeconds(90));
    }

    private List<String> asPostgres(boolean root, String... command) {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        return cmd;
    }

    private void ensureTemplate() throws Exception {
        String exists = capture(List.of("psql", "-h", "127.0.0.1", "-p", Integer.toString(pgPort), "-U", "postgres",
                "-d", "postgres", "-tAc", "SELECT 1 FROM pg_database WHERE datname = '" + TEMPLATE_DB + "_ready'"));
        if (exists.strip().equals("1")) {
            return;
        }
        psql("DROP DATABASE IF EXISTS " + TEMPLATE_DB);
        psql("CREATE DATABASE " + TEMPLATE_DB);
        ProcessBuilder pb = new ProcessBuilder(project.resolve("node_modules/.bin/medusa").toString(), "db:migrate")
                .directory(project.toFile());
        medusaEnv(pb.environment());
        pb.redirectErrorStream(true).redirectOutput(Path.of("target/medusa-migrate.log").toFile());
        Process migrate = start(pb);
        if (!migrate.waitFor(5, TimeUnit.MINUTES) || migrate.exitValue() != 0) {
            migrate.destroyForcibly();
            throw new AssertionError("medusa db:migrate failed; see target/medusa-migrate.log");
        }
        processes.remove(migrate);
        // An empty marker database says the template is complete (a crash mid-migration leaves none).
        psql("CREATE DATABASE " + TEMPLATE_DB + "_ready");
    }

    private void psql(String sql) throws Exception {
        run(List.of("psql", "-h", "127.0.0.1", "-p", Integer.toString(pgPort), "-U", "postgres", "-d", "postgres",
                "-v", "ON_ERROR_STOP=1", "-c", sql), Duration.ofSeconds(60));
    }

    // ---- processes --------------------------------------------------------------------------

    private Process start(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static void run(List<String> command, Duration timeout) throws Exception {
        NodeTestProject.run(command, timeout, null);
    }

    private static String capture(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + out);
        }
        return out;
    }

    private static boolean httpOk(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private void waitFor(String what, Duration timeout, java.util.function.BooleanSupplier ready) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (medusa != null && !medusa.isAlive()) {
                throw new AssertionError("Medusa exited (" + medusa.exitValue() + "); see target/medusa-server.log");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not ready within " + timeout + "; see target/medusa-server.log");
            }
            Thread.sleep(250);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void timed(String what, Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        timings.put(what, ms);
        LOG.info("Medusa test store: {} took {} ms", what, ms);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (database != null) {
                psql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        } catch (Exception | AssertionError e) {
            LOG.warn("Could not drop test database {}: {}", database, e.getMessage());
        }
        try {
            run(asPostgres("root".equals(System.getProperty("user.name")), pgBin("pg_ctl").toString(), "-D",
                    pgData.toString(), "-m", "fast", "-w", "stop"), Duration.ofSeconds(60));
        } catch (Exception | AssertionError e) {
            LOG.warn("Could not stop the test PostgreSQL: {}", e.getMessage());
        }
    }
}
