package dev.storefleet.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * {@code storefleet serve} as the chart runs it in a pod: a process of its own with no kubeconfig
 * (no {@code KUBECONFIG}, an empty home), {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} set, and the
 * service account's token and CA as files, against the test API over HTTPS. The chart's probes
 * answer without a token, and a store created through its REST API is provisioned: namespace and Helm release appear, and every request serve
 * made (fabric8's and the embedded Helm's) carried the service-account token.
 *
 * <p>By default the process runs on this JVM's Java and class path. With
 * {@code -Dstorefleet.serve.image=<dir>} it runs what the image's ENTRYPOINT runs, from a layout made
 * by {@code installer/image-layout <dir>}: the jlinked runtime's {@code bin/java} with the image's
 * {@code @app/jvm.args} (its jars, without JavaFX). That is how the image's runtime and jars are
 * tried in serve mode on a machine without a Docker engine.
 */
@Timeout(300)
class InClusterServeTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String JWT_SECRET = "in-cluster-test-secret-0123456789abcdef0123456789";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void serveWithThePodsServiceAccountProvisionsAStoreCreatedThroughItsApi() throws Exception {
        try (TestKubernetesApi api = TestKubernetesApi.withTls(dir.resolve("tls"))) {
            Map<String, String> pod = ControlPlaneRbacTest.inClusterEnvironment(api, dir.resolve("serviceaccount"));
            Process serve = start(List.of("serve"), pod, dir.resolve("serve.out"));
            try {
                String printed = Eventually.until(() -> read(dir.resolve("serve.out")),
                        text -> LISTENING.matcher(text).find() || !serve.isAlive(), Duration.ofSeconds(120));
                Matcher listening = LISTENING.matcher(printed);
                assertTrue(listening.find(), () -> "serve did not start: " + printed);
                assertFalse(printed.contains("No kubeconfig") || printed.contains("no kubeconfig"), printed);
                int port = Integer.parseInt(listening.group(1));
                // the chart's probes: no token, as the kubelet asks
                for (String probe : List.of("/healthz", "/readyz")) {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + probe))
                            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, answer.statusCode(), probe + ": " + answer.body());
                }
                String token = token("alice");

                HttpResponse<String> created = http.send(request(port, "/api/stores", token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"Cluster Shop\",\"owner\":\"alice\",\"email\":\"alice@example.com\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(201, created.statusCode(), created.body());
                Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
                assertTrue(id.find(), created.body());
                String store = Eventually.until(() -> get(port, "/api/stores/" + id.group(1), token),
                        body -> body.contains("\"status\":\"ready\"") || body.contains("\"status\":\"failed\""),
                        Duration.ofSeconds(120));
                assertTrue(store.contains("\"status\":\"ready\""), () -> store + "\n" + read(dir.resolve("serve.out")));

                assertNotNull(api.client().namespaces().withName("store-cluster-shop").get(), "namespace");
                assertNotNull(api.client().secrets().inNamespace("store-cluster-shop")
                        .withName("sh.helm.release.v1.store-cluster-shop.v1").get(), "Helm's release record");
                List<TestKubernetesApi.Request> fromServe = api.requests().stream()
                        .filter(r -> !r.token().equals(TestKubernetesApi.TOKEN)).toList();
                assertFalse(fromServe.isEmpty());
                assertEquals(List.of(), fromServe.stream()
                        .filter(r -> !r.token().equals(ControlPlaneRbacTest.SERVICE_ACCOUNT_TOKEN)).map(Object::toString)
                        .distinct().toList(), "requests serve made without the service account's token");
                assertTrue(fromServe.stream().anyMatch(r -> r.path().endsWith("/secrets") && r.method().equals("POST")),
                        "Helm (Go) wrote its release record with the token file's token");
            } finally {
                serve.destroy(); // SIGTERM, as the kubelet stops a pod
                boolean stopped = serve.waitFor(StorefleetChartTest.SERVE_SHUTDOWN_BOUND_SECONDS + 20L, TimeUnit.SECONDS);
                if (!stopped) {
                    serve.destroyForcibly();
                }
                assertTrue(stopped, "serve did not stop on SIGTERM");
            }
        }
    }

    /** serve (or token) in a process of its own with the pod's environment and nothing of this machine's. */
    private Process start(List<String> args, Map<String, String> podEnv, Path output) throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        String image = System.getProperty("storefleet.serve.image");
        List<String> command = new ArrayList<>();
        if (image == null || image.isBlank()) {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-Duser.home=" + home, "-Dcom.marcnuri.jkube-helm.skipRemoteJar=true",
                    "-cp", System.getProperty("java.class.path")));
        } else { // -Xmx: what the image's MaxRAMPercentage=50 gives a pod limited to 512 MiB
            command.addAll(List.of(Path.of(image, "runtime", "bin", "java").toString(), "-Xmx256m",
                    "-Duser.home=" + home, "@" + Path.of(image, "app", "jvm.args")));
        }
        command.add("dev.storefleet.app.Main");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("STOREFLEET_") || name.startsWith("KUBE") || name.equals("HOST")
                || name.equals("PORT") || name.equals("JAVA_TOOL_OPTIONS"));
        env.putAll(podEnv);
        env.putAll(Map.of("JWT_SECRET", JWT_SECRET, "PORT", "0", "HOST", "127.0.0.1", "HOME", home.toString(),
                "STOREFLEET_HOME", dir.resolve("data").toString(), "STOREFLEET_READY_TIMEOUT", "60",
                "STOREFLEET_BASE_DOMAIN", "stores.test"));
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        return builder.start();
    }

    /** {@code storefleet token <user>}, as an operator runs it (kubectl exec … storefleet token alice). */
    private String token(String user) throws Exception {
        Path out = dir.resolve("token.out");
        Process p = start(List.of("token", user), Map.of(), out);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "token did not finish");
        String printed = read(out);
        assertEquals(0, p.exitValue(), printed);
        return printed.lines().filter(l -> l.chars().filter(c -> c == '.').count() == 2).findFirst()
                .orElseThrow(() -> new AssertionError("no token printed: " + printed)).strip();
    }

    private HttpRequest.Builder request(int port, String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token);
    }

    private String get(int port, String path, String token) {
        try {
            return http.send(request(port, path, token).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
