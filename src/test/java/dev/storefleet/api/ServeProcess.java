package dev.storefleet.api;

import dev.storefleet.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * {@code storefleet serve} in a JVM of its own, as an operator runs it, on a data directory and a
 * kubeconfig that outlive it: started, spoken to over HTTP with a valid token, and stopped with
 * SIGTERM or killed with SIGKILL.
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    /** One HTTP answer: status and body. */
    record Answer(int status, String body) {
    }

    private final Process process;
    private final Path output;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;
    private final int port;

    private ServeProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
        this.token = new JwtTokens(ApiFixture.SECRET, Clock.systemUTC()).mint("killer", Role.ADMIN, Duration.ofHours(1));
    }

    /** Starts serve over {@code dataDir} and {@code kubeconfig}; returns once it listens. */
    static ServeProcess start(Path dataDir, Path kubeconfig, Path workDir) throws IOException, InterruptedException {
        return start(System.getProperty("java.class.path"), dataDir, kubeconfig, workDir, Map.of());
    }

    /** The same, with more environment (a DATABASE_URL, a lease time). */
    static ServeProcess start(Path dataDir, Path kubeconfig, Path workDir, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        return start(System.getProperty("java.class.path"), dataDir, kubeconfig, workDir, extraEnv);
    }

    /** The same, with the classes of another build of Storefleet ({@code classPath}). */
    static ServeProcess start(String classPath, Path dataDir, Path kubeconfig, Path workDir)
            throws IOException, InterruptedException {
        return start(classPath, dataDir, kubeconfig, workDir, Map.of());
    }

    private static ServeProcess start(String classPath, Path dataDir, Path kubeconfig, Path workDir,
            Map<String, String> extraEnv) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classPath, "dev.storefleet.app.Main", "serve"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("STOREFLEET_") || name.equals("HOST") || name.equals("PORT"));
        env.putAll(Map.of("JWT_SECRET", ApiFixture.SECRET, "PORT", "0", "HOST", "127.0.0.1",
                "KUBECONFIG", kubeconfig.toString(), "STOREFLEET_HOME", dataDir.toString(),
                "STOREFLEET_READY_TIMEOUT", "60", "HOME", Files.createDirectories(workDir.resolve("home")).toString()));
        env.remove("DATABASE_URL");
        env.remove("DATABASE_PASSWORD");
        env.putAll(extraEnv);
        Path output = Files.createTempFile(workDir, "serve-", ".out");
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        Process process = builder.start();
        String printed = Eventually.until(() -> printed(output),
                text -> LISTENING.matcher(text).find() || !process.isAlive(), Duration.ofSeconds(90));
        Matcher m = LISTENING.matcher(printed);
        if (m.find()) {
            return new ServeProcess(process, output, Integer.parseInt(m.group(1)));
        }
        process.destroyForcibly();
        throw new AssertionError("serve did not start listening: " + Files.readString(output));
    }

    private static String printed(Path output) {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token);
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** SIGKILL: no shutdown hook runs, nothing is closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("serve did not die on SIGKILL");
        }
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
