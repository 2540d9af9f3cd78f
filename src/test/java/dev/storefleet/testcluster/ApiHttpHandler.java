package dev.storefleet.testcluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.storefleet.testcluster.ObjectStore.Event;
import dev.storefleet.testcluster.ObjectStore.EventType;
import dev.storefleet.testcluster.Resources.ApiPath;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP front of the fixture (JDK HttpServer): logs each request (a watch once, when it opens),
 * applies injected faults, answers discovery, {@code /version} and OpenAPI, streams watches as
 * chunked JSON events (what client-go inside Helm expects, including the {@code sendInitialEvents}
 * bookmark; a watch resuming from a resourceVersion gets the changes since, or 410 Gone when they
 * are no longer known), serves pod logs through {@link PodLogEndpoint}, and passes everything else
 * to the {@link ObjectStore}. Any exception becomes a 500 Status: without an answer client-go
 * would wait forever. {@link #breakWatches()} and {@link #down(boolean)} play an API server
 * restarting and a cluster out of reach.
 */
final class ApiHttpHandler implements HttpHandler {

    private static final String JSON = "application/json";
    private static final Duration DEFAULT_WATCH_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Bodies are written in slices: the JDK HttpServer grows a connection's write buffer to twice
     * the largest single write and keeps it while the connection lives (a 3,000-pod list left
     * 16 MB per connection, counted in the heap of whatever runs in this JVM).
     */
    private static final int WRITE_SLICE = 16 * 1024;
    /** Put into a watch's queue to end it now. */
    private static final Event BREAK = new Event(EventType.DELETED, null, null);

    private final ObjectStore store;
    private final Faults faults;
    private final PodLogEndpoint logs;
    private final ConcurrentLinkedQueue<TestKubernetesApi.Request> log = new ConcurrentLinkedQueue<>();
    private final Set<BlockingQueue<Event>> openWatches = ConcurrentHashMap.newKeySet();
    private volatile String serverAddress = "127.0.0.1:0";
    private volatile boolean closed;
    private volatile boolean down;

    ApiHttpHandler(ObjectStore store, Faults faults, PodLogEndpoint logs) {
        this.store = store;
        this.faults = faults;
        this.logs = logs;
    }

    /** Ends every open watch stream now; clients see the stream end, as when an API server restarts. */
    void breakWatches() {
        for (BlockingQueue<Event> q : openWatches) {
            q.add(BREAK);
        }
    }

    /** While down, every request's connection is closed without an answer; going down also ends open streams. */
    void down(boolean isDown) {
        down = isDown;
        if (isDown) {
            breakWatches();
            logs.endFollows();
        }
    }

    int openWatchCount() {
        return openWatches.size();
    }

    int openLogFollows() {
        return logs.openFollows();
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
        breakWatches();
        logs.endFollows();
    }

    @Override
    public void handle(HttpExchange ex) {
        try {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? authorization.substring(7).strip() : "";
            boolean upgrade = ex.getRequestHeaders().getFirst("Upgrade") != null;
            log.add(new TestKubernetesApi.Request(method, path, query, token, upgrade));
            if (down) {
                return; // closing an exchange before sending headers closes the connection
            }
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
            if (p.isPresent() && p.get().resource() != null && p.get().resource().kind().equals("Pod")
                    && p.get().name() != null && "log".equals(p.get().subresource())) {
                logs.serve(ex, p.get().namespace(), p.get().name(), query);
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
        boolean resume = !initialEventsEnd && resourceVersion != null && !resourceVersion.isEmpty()
                && !resourceVersion.equals("0");
        long from;
        try {
            from = resume ? Long.parseLong(resourceVersion) : 0;
        } catch (NumberFormatException e) {
            send(ex, 400, JSON, Json.status(400, "BadRequest", "invalid resource version: " + resourceVersion));
            return;
        }
        String timeout = Query.param(query, "timeoutSeconds");
        long deadline = System.nanoTime() + (timeout != null ? Duration.ofSeconds(Long.parseLong(timeout))
                : DEFAULT_WATCH_TIMEOUT).toNanos();

        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Predicate<JsonNode> matches = o -> (p.namespace() == null || p.namespace().equals(ObjectStore.namespaceOf(o)))
                && (p.name() == null || p.name().equals(ObjectStore.nameOf(o)))
                && (fieldSelector == null || Query.fieldsMatch(fieldSelector, o))
                && (labelSelector == null || Query.labelsMatch(labelSelector, o.path("metadata").path("labels")));
        Consumer<Event> listener = e -> {
            if (e.resource().equals(p.resource()) && matches.test(e.object())) {
                events.add(e);
            }
        };
        // Registering and reading what came before happen under the store's lock: nothing falls in between.
        record Start(List<Event> first, long resourceVersion, boolean gone) {
        }
        Start start = store.locked(() -> {
            List<Event> first = new ArrayList<>();
            if (resume) {
                List<WatchHistory.Change> changes = store.changesSince(from);
                if (changes == null) {
                    return new Start(first, store.resourceVersion(), true);
                }
                for (WatchHistory.Change c : changes) {
                    ObjectNode o = Json.parse(c.json());
                    if (c.resource().equals(p.resource()) && matches.test(o)) {
                        first.add(new Event(c.type(), c.resource(), o));
                    }
                }
            } else {
                for (ObjectNode o : store.list(p.resource(), p.namespace())) {
                    if (matches.test(o)) {
                        first.add(new Event(EventType.ADDED, p.resource(), o));
                    }
                }
            }
            store.addListener(listener);
            return new Start(first, store.resourceVersion(), false);
        });
        openWatches.add(events);
        try {
            ex.getResponseHeaders().set("Content-Type", JSON);
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            if (start.gone()) {
                ObjectNode status = Json.parse(Json.status(410, "Expired", "too old resource version: " + from
                        + " (" + store.oldestResumableVersion() + ")"));
                write(out, "ERROR", status);
                out.flush();
                return;
            }
            for (Event e : start.first()) { // the initial state as ADDED events, or the changes since a resourceVersion
                write(out, e.type().name(), e.object());
            }
            // A bookmark promises that everything up to its resourceVersion was sent on this watch.
            long sentUpTo = start.resourceVersion();
            if (initialEventsEnd) {
                write(out, "BOOKMARK", bookmark(p, sentUpTo, true));
            }
            out.flush();
            while (!closed && System.nanoTime() < deadline) {
                Event e = events.poll(500, TimeUnit.MILLISECONDS);
                if (e == BREAK) {
                    break;
                }
                if (e != null) {
                    write(out, e.type().name(), e.object());
                    sentUpTo = Math.max(sentUpTo, Json.number(e.object(), 0, "metadata", "resourceVersion"));
                } else if (bookmarks) {
                    write(out, "BOOKMARK", bookmark(p, sentUpTo, false)); // also finds out when the client has gone
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            store.removeListener(listener);
            openWatches.remove(events);
        }
    }

    private static ObjectNode bookmark(ApiPath p, long resourceVersion, boolean initialEventsEnd) {
        ObjectNode o = Json.object().put("kind", p.resource().kind()).put("apiVersion", p.resource().groupVersion());
        ObjectNode meta = o.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
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

    static void send(HttpExchange ex, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                for (int from = 0; from < bytes.length; from += WRITE_SLICE) {
                    out.write(bytes, from, Math.min(WRITE_SLICE, bytes.length - from));
                }
            }
        }
    }
}
