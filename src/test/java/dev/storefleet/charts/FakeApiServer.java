package dev.storefleet.charts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The smallest Kubernetes API Helm's {@code lookup} needs: core/v1 discovery and GET of Secrets.
 *
 * <p>helm-java 0.0.21 renders {@code template} with dry-run option "none", so a chart's
 * {@code lookup} calls go to a real API server, and {@code TemplateCommand} takes no kubeconfig:
 * Helm's client falls back to {@code http://localhost:8080} when no kubeconfig exists. This
 * server answers there, so the charts render offline exactly as Helm would render them against
 * an empty namespace, and a test can put a Secret in place to show what an upgrade keeps.
 */
final class FakeApiServer {

    static final int PORT = 8080;
    private static FakeApiServer instance;

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    private FakeApiServer() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    static synchronized FakeApiServer start() {
        if (instance == null) {
            // Surefire points KUBECONFIG at a file that does not exist and HOME at a scratch folder
            // (pom.xml), so the embedded Helm of this JVM can only fall back to this fake.
            String kubeconfig = System.getenv("KUBECONFIG");
            String home = System.getenv("HOME");
            if ((kubeconfig != null && java.nio.file.Files.exists(java.nio.file.Path.of(kubeconfig)))
                    || (kubeconfig == null && home != null
                            && java.nio.file.Files.exists(java.nio.file.Path.of(home, ".kube", "config")))) {
                throw new IllegalStateException("a kubeconfig is present: helm-java's template would send the charts' "
                        + "lookups to that cluster instead of this offline fake; run the tests through Maven, which"
                        + " hides it, or unset KUBECONFIG");
            }
            try {
                instance = new FakeApiServer();
            } catch (BindException e) {
                throw new IllegalStateException("port " + PORT + " is taken: the offline API for helm template "
                        + "(chart lookups) cannot start", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** Serves a Secret (JSON) at namespaces/{namespace}/secrets/{name} until removed. */
    void putSecret(String namespace, String name, String json) {
        secrets.put(namespace + "/" + name, json);
    }

    void removeSecret(String namespace, String name) {
        secrets.remove(namespace + "/" + name);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, status(405, "MethodNotAllowed", "read-only fake"));
                return;
            }
            if (path.equals("/api")) {
                send(exchange, 200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}");
            } else if (path.equals("/apis")) {
                send(exchange, 200, "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}");
            } else if (path.equals("/api/v1")) {
                send(exchange, 200, "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
                        + "{\"name\":\"secrets\",\"singularName\":\"secret\",\"namespaced\":true,\"kind\":\"Secret\","
                        + "\"verbs\":[\"get\",\"list\"]}]}");
            } else if (path.equals("/version")) {
                send(exchange, 200, "{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.0+k3s1\"}");
            } else if (path.startsWith("/api/v1/namespaces/") && path.contains("/secrets/")) {
                String[] parts = path.split("/");
                String json = parts.length == 7 ? secrets.get(parts[4] + "/" + parts[6]) : null;
                if (json != null) {
                    send(exchange, 200, json);
                } else {
                    send(exchange, 404, status(404, "NotFound", "secrets \"" + parts[parts.length - 1] + "\" not found"));
                }
            } else {
                send(exchange, 404, status(404, "NotFound", "not served by the fake: " + path));
            }
        } catch (RuntimeException e) {
            // an exception without an answer leaves client-go waiting
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    }

    private static void send(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
