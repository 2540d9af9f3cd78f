package dev.storefleet.testcluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.storefleet.testcluster.ObjectStore.Event;
import dev.storefleet.testcluster.Resources.ApiPath;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP front of the fixture (JDK HttpServer): logs each request, applies injected faults,
 * answers discovery, {@code /version} and OpenAPI, streams watches as chunked JSON events (what
 * client-go inside Helm expects, including the {@code sendInitialEvents} bookmark), and passes
 * everything else to the {@link ObjectStore}. Any exception becomes a 500 Status: without an
 * answer client-go would wait forever.
 */
final class ApiHttpHandler implements HttpHandler {

    private static final String JSON = "application/json";
    private static final Duration DEFAULT_WATCH_TIMEOUT = Duration.ofMinutes(5);

    private final ObjectStore store;
    private final Faults faults;
    private final List<TestKubernetesApi.Request> log = new CopyOnWriteArrayList<>();
    private volatile String serverAddress = "127.0.0.1:0";
    private volatile boolean closed;

    ApiHttpHandler(ObjectStore store, Faults faults) {
        this.store = store;
        this.faults = faults;
    }

    void serverAddress(String hostPort) {
        serverAddress = hostPort;
    }

    List<TestKubernetesApi.Request> requests() {
        return new ArrayList<>(log);
    }

    void clearRequests() {
        log.clear();
    }

    void close() {
        closed = true;
    }

    @Override
    public void handle(HttpExchange ex) {
        try {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            log.add(new TestKubernetesApi.Request(method, path, query));
            Duration delay = faults.delayFor(method, path);
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            Optional<Faults.Action> fault = faults.take(method, path);
            if (fault.isPresent() && fault.get() instanceof Faults.Drop) {
                return; // closing an exchange before sending headers closes the connection
            }
            if (fault.isPresent() && fault.get() instanceof Faults.Fail fail) {
                send(ex, fail.status(), JSON, Json.status(fail.status(), Json.reasonFor(fail.status()),
                        "injected fault: " + method + " " + path));
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            answer(ex, method, path, query, body);
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (!(t instanceof IOException)) { // an IOException is a client gone, e.g. a watch closed
                System.err.println("testcluster: " + ex.getRequestMethod() + " " + ex.getRequestURI() + " failed: " + t);
            }
            try {
                send(ex, 500, JSON, Json.status(500, "InternalError", "testcluster: " + t));
            } catch (IOException | RuntimeException ignored) {
                // headers were already sent (a watch): closing the exchange ends the stream
            }
        } finally {
            ex.close();
        }
    }

    private void answer(HttpExchange ex, String method, String path, String query, byte[] body) throws IOException {
        if (method.equals("GET")) {
            if (path.equals("/openapi/v2")) {
                send(ex, 200, "application/octet-stream", ""); // an empty protobuf document
                return;
            }
            if (path.startsWith("/openapi/")) {
                send(ex, 404, JSON, Json.status(404, "NotFound", "OpenAPI v3 is not served here"));
                return;
            }
            String discovery = Resources.discovery(path.replaceAll("/+$", ""), serverAddress);
            if (discovery != null) {
                send(ex, 200, JSON, discovery);
                return;
            }
            if ("websocket".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Upgrade"))) {
                send(ex, 200, JSON, "{}"); // fabric8 then falls back to an HTTP watch
                return;
            }
            Optional<ApiPath> p = Resources.parse(path);
            String watch = Query.param(query, "watch");
            if (p.isPresent() && p.get().resource() != null && ("true".equals(watch) || "1".equals(watch))) {
                watch(ex, p.get(), query);
                return;
            }
        }
        ObjectStore.Response res = store.handle(method, path + (query.isEmpty() ? "" : "?" + query),
                ex.getRequestHeaders().getFirst("Content-Type"), body);
        send(ex, res.code(), JSON, res.body());
    }

    private void watch(HttpExchange ex, ApiPath p, String query) throws IOException {
        String fieldSelector = Query.param(query, "fieldSelector");
        String labelSelector = Query.param(query, "labelSelector");
        String resourceVersion = Query.param(query, "resourceVersion");
        boolean initialEventsEnd = "true".equals(Query.param(query, "sendInitialEvents"));
        boolean bookmarks = "true".equals(Query.param(query, "allowWatchBookmarks"));
        boolean initialEvents = initialEventsEnd || resourceVersion == null || resourceVersion.isEmpty()
                || resourceVersion.equals("0");
        String timeout = Query.param(query, "timeoutSeconds");
        long deadline = System.nanoTime() + (timeout != null ? Duration.ofSeconds(Long.parseLong(timeout))
                : DEFAULT_WATCH_TIMEOUT).toNanos();

        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        java.util.function.Predicate<JsonNode> matches = o -> (p.namespace() == null || p.namespace().equals(ObjectStore.namespaceOf(o)))
                && (p.name() == null || p.name().equals(ObjectStore.nameOf(o)))
                && (fieldSelector == null || Query.fieldsMatch(fieldSelector, o))
                && (labelSelector == null || Query.labelsMatch(labelSelector, o.path("metadata").path("labels")));
        Consumer<Event> listener = e -> {
            if (e.resource().equals(p.resource()) && matches.test(e.object())) {
                events.add(e);
            }
        };
        List<ObjectNode> initial = store.locked(() -> {
            store.addListener(listener);
            return store.list(p.resource(), p.namespace()).stream().filter(matches).toList();
        });
        try {
            ex.getResponseHeaders().set("Content-Type", JSON);
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            if (initialEvents) {
                for (ObjectNode o : initial) {
                    write(out, "ADDED", o);
                }
            }
            if (initialEventsEnd) {
                write(out, "BOOKMARK", bookmark(p, true));
            }
            out.flush();
            while (!closed && System.nanoTime() < deadline) {
                Event e = events.poll(500, TimeUnit.MILLISECONDS);
                if (e != null) {
                    write(out, e.type().name(), e.object());
                } else if (bookmarks) {
                    write(out, "BOOKMARK", bookmark(p, false)); // also finds out when the client has gone
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            store.removeListener(listener);
        }
    }

    private ObjectNode bookmark(ApiPath p, boolean initialEventsEnd) {
        ObjectNode o = Json.object().put("kind", p.resource().kind()).put("apiVersion", p.resource().groupVersion());
        ObjectNode meta = o.putObject("metadata").put("resourceVersion", Long.toString(store.resourceVersion()));
        if (initialEventsEnd) {
            meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
        }
        return o;
    }

    private static void write(OutputStream out, String type, ObjectNode object) throws IOException {
        ObjectNode event = Json.object().put("type", type);
        event.set("object", object);
        out.write((event + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
