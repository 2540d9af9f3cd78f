package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.testing.Eventually;
import dev.storefleet.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The real commands in their own JVM, as an operator or a CI job runs them: {@code token} mints
 * a token, {@code serve} refuses to start without a usable JWT_SECRET or PORT, and otherwise
 * serves the API (loading no JavaFX class) until SIGTERM.
 */
@Timeout(180)
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void serveRefusesToStartWithoutAUsableSecretOrPort() throws Exception {
        Result noSecret = run(Map.of(), "serve");
        assertEquals(2, noSecret.exit);
        assertTrue(noSecret.err.contains("JWT_SECRET is not set"), noSecret.err);

        Result shortSecret = run(Map.of("JWT_SECRET", "too-short"), "serve");
        assertEquals(2, shortSecret.exit);
        assertTrue(shortSecret.err.contains("HS256 needs at least 32"), shortSecret.err);

        Result badPort = run(Map.of("JWT_SECRET", ApiFixture.SECRET, "PORT", "http"), "serve");
        assertEquals(2, badPort.exit);
        assertTrue(badPort.err.contains("PORT must be a whole number"), badPort.err);
        assertFalse(Files.exists(dir.resolve("data").resolve("storefleet.mv.db")), "nothing was opened");
    }

    /**
     * A DATABASE_URL that cannot be used (the wrong form, a server that is not there, a wrong
     * password) stops serve with exit code 2 and the reason in one line on stderr: no stack trace,
     * and the password in neither the output nor the log.
     */
    @Test
    void serveWithAnUnusableDatabaseExitsTwoWithTheReasonAndNeverThePassword() throws Exception {
        String password = "s3cret-pw";
        Result badForm = runWithTheConsolesLog(Map.of("JWT_SECRET", ApiFixture.SECRET, "DATABASE_URL", "mysql://alice:" + password + "@db/fleet"),
                "serve");
        assertEquals(2, badForm.exit, badForm.err);
        assertTrue(badForm.err.startsWith("storefleet serve: DATABASE_URL must name a PostgreSQL database, as"
                + " postgresql://user:password@host:5432/storefleet"), badForm.err);

        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Result unreachable = runWithTheConsolesLog(Map.of("JWT_SECRET", ApiFixture.SECRET, "DATABASE_URL", "postgresql://alice@127.0.0.1:"
                + closedPort + "/fleet", "DATABASE_PASSWORD", password), "serve");
        assertEquals(2, unreachable.exit, unreachable.err);
        assertTrue(unreachable.err.startsWith("storefleet serve: Cannot reach the PostgreSQL database fleet on 127.0.0.1:"
                + closedPort + " as alice: connection refused. Check the host and port in DATABASE_URL"), unreachable.err);

        String database = TestPostgres.freshDatabaseOwnedBy("pw_serve", "the-right-one");
        Result wrongPassword = runWithTheConsolesLog(Map.of("JWT_SECRET", ApiFixture.SECRET, "DATABASE_URL", "postgresql://pw_serve:" + password
                + "@127.0.0.1:" + TestPostgres.serverPort() + "/" + database), "serve");
        assertEquals(2, wrongPassword.exit, wrongPassword.err);
        assertTrue(wrongPassword.err.contains("as pw_serve refused the login: password authentication failed"),
                wrongPassword.err);

        String log = readLogs(dir.resolve("data").resolve("logs"));
        assertTrue(log.contains("The database could not be opened") && log.contains("Caused by: java.net.ConnectException"),
                "the details are in the log: " + log);
        for (Result result : List.of(badForm, unreachable, wrongPassword)) {
            assertEquals(1, result.err.strip().lines().count(), "one line, no stack trace: " + result.err);
            assertFalse(result.out.contains("Exception") || result.out.contains("\tat ") || result.out.contains("hikari"),
                    "no stack trace on the console either (the pool's account is in the log): " + result.out);
            assertFalse((result.out + result.err).contains(password), result.out + result.err);
        }
        assertFalse(log.contains(password), "the password is not logged");
        assertFalse(Files.exists(dir.resolve("data").resolve("storefleet.mv.db")), "no local database was made instead");
    }

    private static String readLogs(Path logs) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path file : files.toList()) {
                text.append(Files.readString(file));
            }
        }
        return text.toString();
    }

    @Test
    void tokenPrintsATokenForTheUser() throws Exception {
        Result minted = run(Map.of("JWT_SECRET", ApiFixture.SECRET), "token", "ci-bot", "--ttl", "2h");
        assertEquals(0, minted.exit, minted.err);
        String token = minted.out.strip();
        assertEquals(new JwtTokens.Caller("ci-bot", Role.OPERATOR), new JwtTokens(ApiFixture.SECRET, Clock.systemUTC())
                .verify(token), "operator unless told");
        Result admin = run(Map.of("JWT_SECRET", ApiFixture.SECRET), "token", "ci-bot", "--role", "admin");
        assertEquals(0, admin.exit, admin.err);
        assertEquals(Role.ADMIN, new JwtTokens(ApiFixture.SECRET, Clock.systemUTC()).verify(admin.out.strip()).role());
        Result badRole = run(Map.of("JWT_SECRET", ApiFixture.SECRET), "token", "ci-bot", "--role=root");
        assertEquals(2, badRole.exit);
        assertTrue(badRole.err.contains("'root' is not a role") && badRole.err.contains("usage:"), badRole.err);
        assertEquals("", badRole.out, "no token for a wrong command line");

        assertEquals(2, run(Map.of("JWT_SECRET", ApiFixture.SECRET), "token").exit, "no user");
        Result badTtl = run(Map.of("JWT_SECRET", ApiFixture.SECRET), "token", "ci-bot", "--ttl", "forever");
        assertEquals(2, badTtl.exit);
        assertTrue(badTtl.err.contains("forever"), badTtl.err);
        assertEquals(2, run(Map.of(), "token", "ci-bot").exit, "no secret");
    }

    @Test
    void serveAnswersWithTheRealServicesAndStopsOnSigterm() throws Exception {
        try (TestKubernetesApi kube = new TestKubernetesApi()) {
            Path kubeconfig = kube.kubeconfigFile(Files.createDirectories(dir.resolve("kube")));
            Path classLog = dir.resolve("classes.log");
            ProcessBuilder builder = command(Map.of("JWT_SECRET", ApiFixture.SECRET, "PORT", "0", "HOST", "127.0.0.1",
                    "KUBECONFIG", kubeconfig.toString()), List.of("-Xlog:class+load=info:file=" + classLog), "serve");
            Path output = dir.resolve("serve.out");
            builder.redirectErrorStream(true).redirectOutput(output.toFile());
            Process serve = builder.start();
            try {
                int port = awaitListening(serve, output);
                String token = new JwtTokens(ApiFixture.SECRET, Clock.systemUTC()).mint("ci-bot", Role.OPERATOR,
                        Duration.ofMinutes(5));
                HttpClient http = HttpClient.newHttpClient();

                HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/stores"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"storeName\":\"My Store\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(201, created.statusCode(), created.body());
                JsonNode store = ApiFixture.JSON.readTree(created.body());
                assertEquals("created", store.path("status").asString());
                assertEquals("ci-bot", store.path("owner").asString());

                String status = Eventually.until(() -> status(http, port, token, store.path("id").asLong()),
                        s -> s.equals("ready") || s.equals("failed"), Duration.ofSeconds(60));
                assertEquals("ready", status, "provisioned on the test cluster by the served console");
                assertNotNull(kube.client().namespaces().withName("store-my-store").get());

                serve.destroy(); // SIGTERM
                // Also after Helm ran in the process: its Go runtime takes SIGTERM over (see StopSignals).
                assertTrue(serve.waitFor(30, TimeUnit.SECONDS), () -> "stopped on SIGTERM: " + read(output)
                        + "\nlog tail:\n" + logTail(dir.resolve("data").resolve("logs").resolve("storefleet.log")));
                assertEquals(143, serve.exitValue(), "ended by the signal, after the shutdown hook");
            } finally {
                serve.destroyForcibly();
            }
            List<String> javafx = Files.readAllLines(classLog).stream().filter(line -> line.contains("javafx.")).toList();
            assertEquals(List.of(), javafx, "serve loads no JavaFX class");
            assertTrue(Files.exists(dir.resolve("data").resolve("storefleet.mv.db")), "the data directory was used");
        }
    }

    /** The port the child prints once it listens; fails with its output if it ends first. */
    private static int awaitListening(Process serve, Path output) throws Exception {
        Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
        String printed = Eventually.until(() -> read(output),
                text -> listening.matcher(text).find() || !serve.isAlive(), Duration.ofSeconds(90));
        Matcher m = listening.matcher(printed);
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        throw new AssertionError("serve did not start listening: " + read(output));
    }

    /** The store's status as the served console answers it. */
    private static String status(HttpClient http, int port, String token, long id) {
        try {
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/stores/" + id)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            return ApiFixture.JSON.readTree(get.body()).path("status").asString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        return run(env, List.of(), args);
    }

    /** As run, with the console's own logging (logback.xml: the log file in the data directory, warnings on the console). */
    private Result runWithTheConsolesLog(Map<String, String> env, String... args) throws Exception {
        return run(env, List.of("-Dlogback.configurationFile=" + Path.of(getClass().getResource("/logback.xml").toURI())), args);
    }

    private Result run(Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
        ProcessBuilder builder = command(env, jvmOptions, args);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command ended");
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** {@code java -cp <this test's class path> dev.storefleet.app.Main args}, in a clean environment. */
    private static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private ProcessBuilder command(Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.storefleet.app.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.equals("JWT_SECRET") || name.equals("PORT") || name.equals("HOST")
                || name.startsWith("STOREFLEET_") || name.startsWith("DATABASE_"));
        environment.put("STOREFLEET_HOME", dir.resolve("data").toString());
        environment.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        environment.put("KUBECONFIG", dir.resolve("no-kubeconfig").toString());
        environment.putAll(env);
        return builder;
    }
}
