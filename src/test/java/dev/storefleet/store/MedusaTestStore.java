package dev.storefleet.store;

import dev.storefleet.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.storefleet.testing.TestPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Medusa v2 store run by the Medusa chart's own commands, on PostgreSQL from Debian, all on
 * loopback, for the order tests. The chart is rendered by the real Helm library and its server pod
 * is played container by container ({@link LocalContainer}): {@code install} (the chart's
 * files/install.sh, npm ci of the chart's lockfile), {@code migrate}, {@code admin}, then the
 * server, and the setup Job's container (the chart's setup.js). Every file comes from
 * charts/medusa/files; what differs from a pod is the database address, no Redis (Medusa's
 * in-memory modules instead), the listen address and port, and the Kubernetes API the setup Job
 * writes to (k8s-shim.js, preloaded).
 *
 * <p>Caches, keyed by the lockfile's hash: the node_modules volume is a directory of
 * {@code $STOREFLEET_TEST_CACHE} (default {@code ~/.cache/storefleet-test}), where the install
 * script's own "already installed for this lockfile" check makes a second run skip npm; npm's
 * cache lives beside it; a PostgreSQL cluster holding a database the chart's migrate container
 * migrated once is under {@code /var/tmp/storefleet-test} (the postgres user must reach it). Each
 * run copies that template into a fresh database (about a second). Missing Node or PostgreSQL:
 * installed with apt-get when running as root, otherwise the test fails saying what to install.
 * Never skipped.
 */
final class MedusaTestStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MedusaTestStore.class);
    private static final String CHART = "medusa";
    private static final String TEMPLATE_DB = "medusa_template";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    static final String STORE_NAME = "Medusa order test";
    static final String ADMIN_EMAIL = "admin@medusa-test.storefleet.invalid";
    static final String ADMIN_PASSWORD = "medusa-test-password-1";

    private final List<Process> processes = new ArrayList<>();
    private final RenderedPod server;
    private final RenderedPod setupJob;
    private final Map<String, Path> volumes = new LinkedHashMap<>();
    private final Path scratch;
    private final Path pgData;
    private TestPostgres postgres;
    private int pgPort;
    private final String database;
    private Process medusa;
    private int medusaPort;
    final Map<String, Long> timings = new LinkedHashMap<>();

    /** The chart rendered as release {@code release} (= its namespace), its install step run, the database ready. */
    MedusaTestStore(String release) throws Exception {
        NodeTestProject.requireTools(Files.isExecutable(TestPostgres.bin("initdb")) && NodeTestProject.onPath("psql") ? List.of()
                : List.of("postgresql"));
        Path chart = dev.storefleet.charts.ChartRendering.chartDir(CHART);
        long rendering = System.nanoTime();
        server = RenderedPod.of(CHART, release, chartValues(), "-server");
        timings.put("chart rendered by Helm", (System.nanoTime() - rendering) / 1_000_000);
        setupJob = server.workload("-setup");
        if (!server.initContainers().equals(List.of("install", "wait-for-database", "migrate", "admin"))) {
            throw new AssertionError("the chart's server pod runs " + server.initContainers()
                    + " before the server; this store plays install, migrate and admin");
        }
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(chart.resolve("files/store/package-lock.json")))).substring(0, 16);
        Path cache = NodeTestProject.cacheRoot();
        scratch = Files.createDirectories(Path.of("target/medusa-pod").toAbsolutePath());
        volumes.put("app", Files.createDirectories(cache.resolve("medusa-app-" + hash)));   // the PVC
        volumes.put("store", chart.resolve("files/store"));                                // the ConfigMap
        volumes.put("scripts", chart.resolve("files"));                                    // the setup Job's ConfigMap
        volumes.put("home", Files.createDirectories(cache.resolve("medusa-home")));        // emptyDir: npm's cache, kept
        volumes.put("tmp", Files.createDirectories(scratch.resolve("tmp")));               // emptyDir
        pgData = Path.of("/var/tmp/storefleet-test/pg-" + hash);

        timed("install container (npm ci, skipped by the script when this lockfile is installed)",
                () -> container(server, "install").runToCompletion(Duration.ofMinutes(10), scratch.resolve("install.log")));
        timed("postgres start", () -> {
            postgres = TestPostgres.startKept(pgData, Path.of("target/medusa-postgres.log").toAbsolutePath());
            pgPort = postgres.port();
        });
        timed("wait-for-database container", () -> container(server, "wait-for-database")
                .withEnv("DATABASE_HOST", "127.0.0.1").withEnv("DATABASE_PORT", Integer.toString(pgPort))
                .runToCompletion(Duration.ofMinutes(1), scratch.resolve("wait-for-database.log")));
        timed("template database (migrate container when not cached)", this::ensureTemplate);
        database = "medusa_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        timed("database from template", () -> psql("CREATE DATABASE " + database + " TEMPLATE " + TEMPLATE_DB));
    }

    /** What the console would pass, with the secrets fixed so the test knows them. */
    private static Map<String, Object> chartValues() {
        return Map.of(
                "store", Map.of("name", STORE_NAME, "adminEmail", ADMIN_EMAIL, "id", "medusa-orders"),
                "auth", Map.of("adminPassword", ADMIN_PASSWORD,
                        "jwtSecret", "storefleet-test-jwt-secret-0123456789abcdef",
                        "cookieSecret", "storefleet-test-cookie-secret-0123456789abcdef"),
                // the Job as a plain object, so helm template shows it
                "setup", Map.of("helmHook", false));
    }

    /** One of the chart's containers, with what must differ on this machine changed. */
    private LocalContainer container(RenderedPod pod, String name) {
        LocalContainer c = new LocalContainer(pod, name, volumes, scratch.resolve("home-" + name));
        if (c.env("DATABASE_URL") != null) {
            c.withEnv("DATABASE_URL", "postgres://postgres@127.0.0.1:" + pgPort + "/"
                    + (database == null ? TEMPLATE_DB : database));
        }
        // No Redis here: medusa-config.js falls back to Medusa's in-memory modules without REDIS_URL.
        return c.withEnv("REDIS_URL", null).withEnv("REDIS_PASSWORD", null);
    }

    /** {@code http://127.0.0.1:<port>} once {@link #startMedusa()} returned. */
    URI url() {
        return URI.create("http://127.0.0.1:" + medusaPort);
    }

    /** The admin init container, then the server container, until its readiness probe's path answers. */
    void startMedusa() throws Exception {
        timed("admin container (medusa exec ./create-admin.js)",
                () -> container(server, "admin").runToCompletion(Duration.ofMinutes(3), scratch.resolve("admin.log")));
        timed("medusa container until ready", () -> {
            medusaPort = freePort();
            LocalContainer c = container(server, "medusa").withArg("-H", "127.0.0.1")
                    .withArg("-p", Integer.toString(medusaPort));
            medusa = start(c, Path.of("target/medusa-server.log"));
            String probe = server.container("medusa").getReadinessProbe().getHttpGet().getPath();
            waitFor("Medusa " + probe, Duration.ofSeconds(120), () -> httpOk(url().resolve(probe)));
        });
    }

    /** Runs the setup Job's container against this server, writing the store API Secret to {@code kubernetesUrl}. */
    void runChartSetup(URI kubernetesUrl, String namespace, String storeUrl, Path workDir) throws Exception {
        timed("setup Job container (setup.js)", () -> {
            Path sa = Files.createDirectories(workDir.resolve("serviceaccount"));
            Files.writeString(sa.resolve("namespace"), namespace);
            Files.writeString(sa.resolve("token"), "test-token");
            Files.writeString(sa.resolve("ca.crt"), "");
            LocalContainer c = container(setupJob, "setup")
                    .withEnv("NODE_OPTIONS", "--require " + Path.of("src/test/medusa/k8s-shim.js").toAbsolutePath())
                    .withEnv("SHIM_SA_DIR", sa.toAbsolutePath().toString())
                    .withEnv("KUBERNETES_SERVICE_HOST", kubernetesUrl.getHost())
                    .withEnv("KUBERNETES_SERVICE_PORT", Integer.toString(kubernetesUrl.getPort()))
                    .withEnv("MEDUSA_INTERNAL_URL", url().toString())
                    .withEnv("STORE_URL", storeUrl);
            c.runToCompletion(Duration.ofSeconds(180), workDir.resolve("setup.log").toAbsolutePath());
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

    // ---- set-up steps -----------------------------------------------------------------------

    private void ensureTemplate() throws Exception {
        String exists = capture(List.of("psql", "-h", "127.0.0.1", "-p", Integer.toString(pgPort), "-U", "postgres",
                "-d", "postgres", "-tAc", "SELECT 1 FROM pg_database WHERE datname = '" + TEMPLATE_DB + "_ready'"));
        if (exists.strip().equals("1")) {
            return;
        }
        psql("DROP DATABASE IF EXISTS " + TEMPLATE_DB);
        psql("CREATE DATABASE " + TEMPLATE_DB);
        container(server, "migrate").runToCompletion(Duration.ofMinutes(5), scratch.resolve("migrate.log"));
        // An empty marker database says the template is complete (a crash mid-migration leaves none).
        psql("CREATE DATABASE " + TEMPLATE_DB + "_ready");
    }

    private void psql(String sql) throws Exception {
        run(List.of("psql", "-h", "127.0.0.1", "-p", Integer.toString(pgPort), "-U", "postgres", "-d", "postgres",
                "-v", "ON_ERROR_STOP=1", "-c", sql), Duration.ofSeconds(60));
    }

    // ---- processes --------------------------------------------------------------------------

    private Process start(LocalContainer container, Path log) throws IOException {
        Process p = container.start(log);
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
        Eventually.await(what + " ready", timeout, () -> {
            if (ready.getAsBoolean()) {
                return true;
            }
            if (medusa != null && !medusa.isAlive()) {
                throw new AssertionError("Medusa exited (" + medusa.exitValue() + "); see target/medusa-server.log");
            }
            return false;
        }, () -> "see target/medusa-server.log");
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
            if (postgres != null) {
                postgres.stop();
            }
        } catch (Exception | AssertionError e) {
            LOG.warn("Could not stop the test PostgreSQL: {}", e.getMessage());
        }
    }
}
