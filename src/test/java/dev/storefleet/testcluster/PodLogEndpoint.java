package dev.storefleet.testcluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import dev.storefleet.testcluster.ContainerLogs.Line;
import dev.storefleet.testcluster.Resources.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/namespaces/{ns}/pods/{name}/log}: picks the container and the instance as
 * the API server and kubelet do (with their error messages), then answers with the lines, or
 * with {@code follow=true} streams them as they come until the container stops, the pod goes or
 * the client does. Parameters: {@code container}, {@code previous}, {@code tailLines},
 * {@code limitBytes}, {@code timestamps}, {@code sinceSeconds}, {@code sinceTime}, {@code follow}.
 */
final class PodLogEndpoint {

    private static final Resource PODS = Resources.require("v1", "Pod");
    private static final String JSON = "application/json";

    /** The container instance to read, or the 400 message that says why there is none. */
    record Choice(String containerId, String error) {
        static Choice error(String message) {
            return new Choice(null, message);
        }
    }

    private final ObjectStore store;
    private final ContainerLogs logs;
    private final AtomicLong followEpoch = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger openFollows = new java.util.concurrent.atomic.AtomicInteger();

    PodLogEndpoint(ObjectStore store, ContainerLogs logs) {
        this.store = store;
        this.logs = logs;
    }

    int openFollows() {
        return openFollows.get();
    }

    /** Ends every follow stream that is open now (the cluster went away, or the fixture closes). */
    void endFollows() {
        followEpoch.incrementAndGet();
    }

    void serve(HttpExchange ex, String namespace, String podName, String query) throws IOException {
        ObjectNode pod = store.get(PODS, namespace, podName);
        if (pod == null) {
            ApiHttpHandler.send(ex, 404, JSON, Json.status(404, "NotFound", "pods \"" + podName + "\" not found"));
            return;
        }
        boolean previous = "true".equals(Query.param(query, "previous"));
        String container = Query.param(query, "container");
        String error = validContainer(pod, container);
        if (error != null) {
            ApiHttpHandler.send(ex, 400, JSON, Json.status(400, "BadRequest", error));
            return;
        }
        if (container == null) {
            container = Json.text(pod.path("spec").path("containers").get(0), "name");
        }
        if (Json.text(pod, "spec", "nodeName") == null) {
            ApiHttpHandler.send(ex, 200, "text/plain", ""); // not scheduled: the API server has no kubelet to ask
            return;
        }
        Choice choice = choose(pod, container, previous);
        if (choice.error() != null) {
            ApiHttpHandler.send(ex, 400, JSON, Json.status(400, "BadRequest", choice.error()));
            return;
        }
        ContainerLogs.Log log = logs.get(choice.containerId());
        List<Line> lines = log == null ? List.of() : log.snapshot();
        long next = lines.isEmpty() ? 0 : lines.get(lines.size() - 1).sequence() + 1;
        lines = since(lines, query);
        String tail = Query.param(query, "tailLines");
        if (tail != null) {
            int n = Math.max(0, Integer.parseInt(tail));
            lines = lines.subList(Math.max(0, lines.size() - n), lines.size());
        }
        boolean timestamps = "true".equals(Query.param(query, "timestamps"));
        String limit = Query.param(query, "limitBytes");
        long limitBytes = limit == null ? Long.MAX_VALUE : Long.parseLong(limit);
        byte[] first = truncate(format(lines, timestamps), limitBytes);
        boolean follow = "true".equals(Query.param(query, "follow")) && log != null && !previous;
        if (!follow) {
            ApiHttpHandler.send(ex, 200, "text/plain", new String(first, StandardCharsets.UTF_8));
            return;
        }
        follow(ex, log, first, next, timestamps, limitBytes);
    }

    private void follow(HttpExchange ex, ContainerLogs.Log log, byte[] first, long next, boolean timestamps,
                        long limitBytes) throws IOException {
        long epoch = followEpoch.get();
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        openFollows.incrementAndGet();
        try {
            out.write(first);
            out.flush();
            long sent = first.length;
            while (sent < limitBytes && followEpoch.get() == epoch) {
                boolean ended = log.ended(); // read before the lines: a line written just before the end is still sent
                List<Line> more = log.from(next);
                if (!more.isEmpty()) {
                    byte[] bytes = truncate(format(more, timestamps), limitBytes - sent);
                    out.write(bytes);
                    out.flush(); // a client gone shows here, as an IOException
                    sent += bytes.length;
                    next = more.get(more.size() - 1).sequence() + 1;
                } else if (ended) {
                    break;
                } else {
                    log.awaitAfter(next, 500);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            openFollows.decrementAndGet();
        }
    }

    /** The API server's check of the {@code container} parameter, or null when it is fine. */
    static String validContainer(JsonNode pod, String container) {
        List<String> containers = names(pod.path("spec").path("containers"));
        List<String> inits = names(pod.path("spec").path("initContainers"));
        String name = ObjectStore.nameOf(pod);
        if (container == null || container.isEmpty()) {
            if (containers.size() == 1) {
                return null;
            }
            if (containers.isEmpty()) {
                return "a container name must be specified for pod " + name;
            }
            String message = "a container name must be specified for pod " + name + ", choose one of: ["
                    + String.join(" ", containers) + "]";
            return inits.isEmpty() ? message : message + " or one of the init containers: [" + String.join(" ", inits) + "]";
        }
        return containers.contains(container) || inits.contains(container) ? null
                : "container " + container + " is not valid for pod " + name;
    }

    /** The kubelet's choice of container instance from the pod's status (validateContainerLogStatus). */
    static Choice choose(JsonNode pod, String container, boolean previous) {
        String podName = ObjectStore.nameOf(pod);
        JsonNode status = find(pod.path("status").path("containerStatuses"), container);
        if (status == null) {
            status = find(pod.path("status").path("initContainerStatuses"), container);
        }
        String quoted = "container \"" + container + "\" in pod \"" + podName + "\"";
        if (status == null) {
            return Choice.error(quoted + " is not available");
        }
        JsonNode state = status.path("state");
        JsonNode last = status.path("lastState").path("terminated");
        String lastId = last.isObject() ? Json.text(last, "containerID") : null;
        if (previous) {
            return lastId == null ? Choice.error("previous terminated " + quoted + " not found") : new Choice(lastId, null);
        }
        if (state.has("running")) {
            return new Choice(Json.text(status, "containerID"), null);
        }
        if (state.has("terminated")) {
            String id = Json.text(state.path("terminated"), "containerID");
            return id != null ? new Choice(id, null) : lastId != null ? new Choice(lastId, null)
                    : Choice.error(quoted + " is terminated");
        }
        if (lastId != null) {
            return new Choice(lastId, null);
        }
        if (state.has("waiting")) {
            String reason = Json.text(state.path("waiting"), "reason");
            return Choice.error(quoted + " is waiting to start: " + switch (reason == null ? "" : reason) {
                case "ErrImagePull" -> "image can't be pulled";
                case "ImagePullBackOff" -> "trying and failing to pull image";
                default -> reason;
            });
        }
        return Choice.error(quoted + " is waiting to start - no logs yet");
    }

    private static List<Line> since(List<Line> lines, String query) {
        String seconds = Query.param(query, "sinceSeconds");
        String time = Query.param(query, "sinceTime");
        Instant from = seconds != null ? Instant.now().minusSeconds(Long.parseLong(seconds))
                : time != null ? Instant.parse(time) : null;
        if (from == null) {
            return lines;
        }
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
            if (!l.time().isBefore(from)) {
                out.add(l);
            }
        }
        return out;
    }

    private static byte[] format(List<Line> lines, boolean timestamps) {
        StringBuilder b = new StringBuilder();
        for (Line l : lines) {
            if (timestamps) {
                b.append(l.time()).append(' ');
            }
            b.append(l.text()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] truncate(byte[] bytes, long limit) {
        return bytes.length <= limit ? bytes : java.util.Arrays.copyOf(bytes, (int) Math.max(0, limit));
    }

    private static JsonNode find(JsonNode statuses, String name) {
        for (JsonNode s : statuses) {
            if (name.equals(Json.text(s, "name"))) {
                return s;
            }
        }
        return null;
    }

    private static List<String> names(JsonNode containers) {
        List<String> out = new ArrayList<>();
        containers.forEach(c -> out.add(Json.text(c, "name")));
        return out;
    }
}
