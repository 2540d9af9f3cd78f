package dev.storefleet.testcluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.storefleet.testcluster.Resources.ApiPath;
import dev.storefleet.testcluster.Resources.Resource;
import io.fabric8.zjsonpatch.JsonPatch;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The object store, with what Helm and a real API server need. The objects live in an
 * {@link ObjectIndex} (by kind, namespace and name, and by owner); this began as fabric8's
 * KubernetesCrudDispatcher (the CRUD mode of KubernetesMockServer), which scanned every object on
 * each write and made thousands of pods cost seconds per change. On top of storage:
 * <ul>
 *   <li>protobuf Secret bodies (Helm's release storage) decoded to JSON;</li>
 *   <li>typed list kinds ({@code SecretList}, not {@code List}) and list resource versions;</li>
 *   <li>409 AlreadyExists / Conflict, 404 for a missing object or namespace, 403 in a terminating one;</li>
 *   <li>merge, strategic merge and JSON patches computed here and stored with a PUT;</li>
 *   <li>uid, creationTimestamp, generation (bumped when the spec changes), status kept on updates,
 *       default replicas, Service cluster IPs;</li>
 *   <li>garbage collection of owned objects and namespace deletion (optionally delayed);</li>
 *   <li>change events for watches and the simulated controllers.</li>
 * </ul>
 * Every operation runs under one lock, so controllers' read-modify-write cycles are atomic.
 */
final class ObjectStore {

    enum EventType { ADDED, MODIFIED, DELETED }

    record Event(EventType type, Resource resource, ObjectNode object) {
    }

    record Response(int code, String body) {
        static Response error(int code, String message) {
            return new Response(code, Json.status(code, Json.reasonFor(code), message));
        }

        boolean ok() {
            return code < 300;
        }
    }

    private static final Resource NAMESPACES = Resources.require("v1", "Namespace");

    private final Object lock = new Object();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger nextClusterIp = new AtomicInteger(10);
    private final ObjectIndex index = new ObjectIndex();
    private final WatchHistory history = new WatchHistory(4096);
    /** The last resourceVersion handed out: every change takes the next one, as etcd's revision. */
    private volatile long resourceVersion;
    private volatile Duration namespaceDeletionDelay = Duration.ZERO;

    ObjectStore(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            ObjectNode n = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
            n.putObject("metadata").put("name", ns);
            create(n);
        }
    }

    void addListener(Consumer<Event> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<Event> listener) {
        listeners.remove(listener);
    }

    void namespaceDeletionDelay(Duration delay) {
        namespaceDeletionDelay = delay;
    }

    long resourceVersion() {
        return resourceVersion;
    }

    <T> T locked(Supplier<T> action) {
        synchronized (lock) {
            return action.get();
        }
    }

    // ---- the HTTP entry point -------------------------------------------------------------------

    /** Answers a resource request ({@code pathAndQuery} as sent); errors come back as Status bodies. */
    Response handle(String method, String pathAndQuery, String contentType, byte[] body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        ApiPath p = Resources.parse(path).orElse(null);
        if (p == null || p.resource() == null) {
            return Response.error(404, "the server could not find the requested resource (" + path + ")");
        }
        synchronized (lock) {
            return switch (method) {
                case "GET" -> p.isCollection() ? list(p, query) : getResponse(p);
                case "POST" -> p.isCollection() ? create(p, parseBody(p, contentType, body))
                        : Response.error(405, "POST needs a collection path");
                case "PUT" -> p.isCollection() ? Response.error(405, "PUT needs an object path")
                        : update(p, parseBody(p, contentType, body));
                case "PATCH" -> p.isCollection() ? Response.error(405, "PATCH needs an object path")
                        : patch(p, contentType, body);
                case "DELETE" -> p.isCollection() ? deleteCollection(p, query) : delete(p);
                default -> Response.error(405, method + " is not supported");
            };
        }
    }

    private static ObjectNode parseBody(ApiPath p, String contentType, byte[] body) {
        if (SecretProtobuf.isProtobuf(contentType)) {
            if (!p.plural().equals("secrets")) {
                throw new UnsupportedOperationException("protobuf bodies are decoded for Secrets only, not " + p.plural());
            }
            return SecretProtobuf.decodeSecret(body);
        }
        return Json.parse(new String(body, StandardCharsets.UTF_8));
    }

    // ---- reads ------------------------------------------------------------------------------------

    ObjectNode get(Resource r, String namespace, String name) {
        synchronized (lock) {
            String json = index.get(r, namespace, name);
            return json == null ? null : Json.parse(json);
        }
    }

    /** All objects of a kind, in one namespace or (namespace null) everywhere, sorted by namespace and name. */
    List<ObjectNode> list(Resource r, String namespace) {
        synchronized (lock) {
            List<ObjectNode> out = new ArrayList<>();
            for (String json : index.list(r, namespace)) {
                out.add(Json.parse(json));
            }
            return out;
        }
    }

    /** Objects whose ownerReferences name {@code uid} (any kind), oldest first. */
    List<ObjectNode> ownedBy(String uid) {
        synchronized (lock) {
            List<ObjectNode> out = new ArrayList<>();
            for (String json : index.ownedBy(uid)) {
                out.add(Json.parse(json));
            }
            return out;
        }
    }

    /** The changes after {@code fromResourceVersion}, or null when some of them are no longer known (410 Gone). */
    List<WatchHistory.Change> changesSince(long fromResourceVersion) {
        synchronized (lock) {
            return history.tooOld(fromResourceVersion) ? null : history.after(fromResourceVersion);
        }
    }

    /** The oldest resourceVersion a watch may still resume from. */
    long oldestResumableVersion() {
        synchronized (lock) {
            return history.oldestResumable();
        }
    }

    /**
     * As an etcd compaction does: a watch resuming from any resourceVersion handed out so far gets
     * 410 Gone, so its client must list again. Lists from now on carry a newer resourceVersion.
     */
    void expireResourceVersions() {
        synchronized (lock) {
            history.expireBelow(++resourceVersion);
        }
    }

    private Response getResponse(ApiPath p) {
        ObjectNode o = get(p.resource(), p.namespace(), p.name());
        return o == null ? notFound(p.resource(), p.name()) : new Response(200, o.toString());
    }

    private Response list(ApiPath p, String query) {
        ObjectNode list = Json.object();
        list.put("apiVersion", p.resource().groupVersion()).put("kind", p.resource().kind() + "List");
        ObjectNode metadata = list.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
        var items = list.putArray("items");
        String labelSelector = Query.param(query, "labelSelector");
        String fieldSelector = Query.param(query, "fieldSelector");
        // Paging as the API server does it (limit, continue), over the current objects rather than
        // a snapshot at the first page's resourceVersion: the token is the last key returned.
        String limitParam = Query.param(query, "limit");
        int limit = limitParam == null || limitParam.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(limitParam);
        String token = Query.param(query, "continue");
        String after = token == null || token.isEmpty() ? null
                : new String(java.util.Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8);
        String lastKey = null;
        for (String json : index.list(p.resource(), p.namespace())) {
            ObjectNode o = Json.parse(json);
            // The index's order: by namespace, then name (NUL sorts before every character of a name).
            String key = java.util.Objects.requireNonNullElse(namespaceOf(o), "") + "\u0000" + nameOf(o);
            if (after != null && key.compareTo(after) <= 0) {
                continue;
            }
            if ((labelSelector == null || Query.labelsMatch(labelSelector, o.path("metadata").path("labels")))
                    && (fieldSelector == null || Query.fieldsMatch(fieldSelector, o))) {
                if (items.size() == limit) {
                    metadata.put("continue", java.util.Base64.getUrlEncoder().withoutPadding()
                            .encodeToString(lastKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    break;
                }
                items.add(o);
                lastKey = key;
            }
        }
        return new Response(200, list.toString());
    }

    // ---- writes -----------------------------------------------------------------------------------

    /** Creates an object on behalf of the fixture itself (controllers, seeding). */
    ObjectNode create(ObjectNode object) {
        Response res = tryCreate(object);
        if (!res.ok()) {
            throw new IllegalStateException("create failed: " + res.body());
        }
        return Json.parse(res.body());
    }

    /**
     * Creates an object on behalf of the fixture and answers as the API would: controllers expect
     * 403 in a terminating namespace and 404 once it is gone, and carry on.
     */
    Response tryCreate(ObjectNode object) {
        Resource r = Resources.require(Json.text(object, "apiVersion"), Json.text(object, "kind"));
        String ns = Json.text(object, "metadata", "namespace");
        synchronized (lock) {
            return create(new ApiPath(r.groupVersion(), ns, r.plural(), null, null, r), object);
        }
    }

    /** Replaces an object on behalf of the fixture (status included). */
    ObjectNode replace(ObjectNode object) {
        synchronized (lock) {
            ObjectNode current = get(resourceOf(object), namespaceOf(object), nameOf(object));
            if (current == null) {
                return null;
            }
            ObjectNode next = object.deepCopy();
            next.withObject("metadata").put("resourceVersion", Json.text(current, "metadata", "resourceVersion"));
            return store(current, next);
        }
    }

    private Response create(ApiPath p, ObjectNode object) {
        ObjectNode meta = object.withObject("metadata");
        Resource r = p.resource();
        if (r.namespaced()) {
            String ns = p.namespace() != null ? p.namespace() : Json.text(meta, "namespace");
            if (ns == null) {
                ns = "default";
            }
            meta.put("namespace", ns);
            ObjectNode namespace = get(NAMESPACES, null, ns);
            if (namespace == null) {
                return notFound(NAMESPACES, ns);
            }
            if ("Terminating".equals(Json.text(namespace, "status", "phase"))) {
                return Response.error(403, r.plural() + " \"" + Json.text(meta, "name") + "\" is forbidden: unable to create "
                        + "new content in namespace " + ns + " because it is being terminated");
            }
        }
        if (Json.text(meta, "name") == null && Json.text(meta, "generateName") != null) {
            meta.put("name", Json.text(meta, "generateName") + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36));
        }
        String name = Json.text(meta, "name");
        if (name == null || name.isEmpty()) {
            return Response.error(422, r.kind() + " is invalid: metadata.name: Required value");
        }
        if (get(r, meta.path("namespace").asString(null), name) != null) {
            return new Response(409, Json.status(409, "AlreadyExists", r.plural() + " \"" + name + "\" already exists"));
        }
        object.put("apiVersion", r.groupVersion()).put("kind", r.kind());
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        meta.put("generation", 1);
        applyDefaults(r, object);
        meta.put("resourceVersion", Long.toString(++resourceVersion));
        String json = object.toString();
        index.changed(r, null, object, json);
        fire(EventType.ADDED, r, object, json);
        return new Response(201, json);
    }

    private void applyDefaults(Resource r, ObjectNode object) {
        switch (r.kind()) {
            case "Namespace" -> object.putObject("status").put("phase", "Active");
            case "Deployment", "StatefulSet", "ReplicaSet" -> {
                if (!object.path("spec").has("replicas")) {
                    object.withObject("spec").put("replicas", 1);
                }
                object.remove("status");
            }
            case "Job", "PersistentVolumeClaim" -> object.remove("status");
            case "Pod" -> object.putObject("status").put("phase", "Pending"); // the kubelet writes the rest
            case "Service" -> {
                ObjectNode spec = object.withObject("spec");
                if (!spec.has("type")) {
                    spec.put("type", "ClusterIP");
                }
                if (!"ExternalName".equals(Json.text(spec, "type")) && Json.text(spec, "clusterIP") == null) {
                    int n = nextClusterIp.getAndIncrement();
                    String ip = "10.43." + (n / 250) + "." + (n % 250 + 1);
                    spec.put("clusterIP", ip);
                    spec.putArray("clusterIPs").add(ip);
                }
                object.remove("status");
            }
            default -> {
            }
        }
    }

    private Response update(ApiPath p, ObjectNode body) {
        ObjectNode current = get(p.resource(), p.namespace(), p.name());
        if (current == null) {
            return notFound(p.resource(), p.name());
        }
        String expected = Json.text(body, "metadata", "resourceVersion");
        String actual = Json.text(current, "metadata", "resourceVersion");
        if (expected != null && !expected.isEmpty() && !expected.equals(actual)) {
            return new Response(409, Json.status(409, "Conflict", "Operation cannot be fulfilled on " + p.plural() + " \""
                    + p.name() + "\": the object has been modified; please apply your changes to the latest version and try again"));
        }
        ObjectNode next;
        if ("status".equals(p.subresource())) {
            next = current.deepCopy();
            if (body.has("status")) {
                next.set("status", body.get("status"));
            }
        } else {
            next = body.deepCopy();
            next.put("apiVersion", p.resource().groupVersion()).put("kind", p.resource().kind());
            if (current.has("status")) {
                next.set("status", current.get("status"));
            }
        }
        return new Response(200, store(current, next).toString());
    }

    /**
     * Stores {@code next} over {@code current}: keeps identity fields, bumps generation on spec
     * changes, and writes nothing (no resourceVersion, no event) when nothing changed.
     */
    private ObjectNode store(ObjectNode current, ObjectNode given) {
        ObjectNode next = given.deepCopy();
        ObjectNode meta = next.withObject("metadata");
        ObjectNode oldMeta = (ObjectNode) current.get("metadata");
        for (String keep : List.of("uid", "creationTimestamp", "namespace", "name", "deletionTimestamp")) {
            if (oldMeta.has(keep)) {
                meta.set(keep, oldMeta.get(keep));
            }
        }
        long generation = Json.number(current, 1, "metadata", "generation");
        meta.put("generation", Objects.equals(current.get("spec"), next.get("spec")) ? generation : generation + 1);
        Resource r = resourceOf(current);
        next.put("apiVersion", r.groupVersion()).put("kind", r.kind());
        meta.put("resourceVersion", Json.text(current, "metadata", "resourceVersion"));
        // Compared as read back from text: a number put as a long equals the same number parsed (an int node).
        next = Json.parse(next.toString());
        meta = next.withObject("metadata");
        if (next.equals(current)) {
            return current; // nothing changed: no new resourceVersion, no event, as the API server does
        }
        if (meta.has("deletionTimestamp") && meta.path("finalizers").isEmpty()) {
            remove(r, current); // the last finalizer is gone: the deletion completes
            return next;
        }
        meta.put("resourceVersion", Long.toString(++resourceVersion));
        String json = next.toString();
        index.changed(r, current, next, json);
        fire(EventType.MODIFIED, r, next, json);
        return next;
    }

    private Response patch(ApiPath p, String contentType, byte[] body) {
        ObjectNode current = get(p.resource(), p.namespace(), p.name());
        if (current == null) {
            return notFound(p.resource(), p.name());
        }
        JsonNode patch = Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        ObjectNode next = switch (type) {
            case "application/json-patch+json" -> (ObjectNode) JsonPatch.apply(patch, current);
            case "application/merge-patch+json", "application/apply-patch+yaml", "application/apply-patch+json" ->
                    Patches.mergePatch(current, patch);
            case "application/strategic-merge-patch+json" -> Patches.strategicMergePatch(current, patch);
            default -> null;
        };
        if (next == null) {
            return Response.error(415, "the body of the request was in an unknown format: " + contentType);
        }
        if (!"status".equals(p.subresource()) && current.has("status")) {
            next.set("status", current.get("status"));
        }
        return new Response(200, store(current, next).toString());
    }

    private Response delete(ApiPath p) {
        ObjectNode current = get(p.resource(), p.namespace(), p.name());
        if (current == null) {
            return notFound(p.resource(), p.name());
        }
        if (p.resource().equals(NAMESPACES)) {
            return new Response(200, deleteNamespace(current).toString());
        }
        deleteWithDependents(current);
        return new Response(200, current.toString());
    }

    private Response deleteCollection(ApiPath p, String query) {
        ObjectNode list = Json.parse(list(p, query).body());
        for (JsonNode item : list.path("items")) {
            deleteWithDependents((ObjectNode) item);
        }
        return new Response(200, list.toString());
    }

    /**
     * Deletes an object and, as the garbage collector would, everything it owns. An object with
     * finalizers only gets a deletionTimestamp; it goes when an update removes the last of them.
     */
    void deleteWithDependents(ObjectNode object) {
        synchronized (lock) {
            Resource r = resourceOf(object);
            ObjectNode current = get(r, namespaceOf(object), nameOf(object));
            if (current == null) {
                return;
            }
            if (!current.path("metadata").path("finalizers").isEmpty()) {
                if (!current.path("metadata").has("deletionTimestamp")) {
                    ObjectNode marked = current.deepCopy();
                    marked.withObject("metadata").put("deletionTimestamp",
                            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                    store(current, marked);
                }
                return;
            }
            remove(r, current);
            String uid = Json.text(object, "metadata", "uid");
            if (uid != null) {
                for (ObjectNode o : ownedBy(uid)) {
                    deleteWithDependents(o);
                }
            }
        }
    }

    private ObjectNode deleteNamespace(ObjectNode namespace) {
        String name = nameOf(namespace);
        ObjectNode terminating = namespace.deepCopy();
        terminating.withObject("status").put("phase", "Terminating");
        if (namespaceDeletionDelay.isZero()) {
            purgeNamespace(name);
        } else if (!"Terminating".equals(Json.text(namespace, "status", "phase"))) {
            // Only the phase is stored: the mock deletes at once an object whose deletionTimestamp is set.
            terminating = store(namespace, terminating);
            scheduler.schedule(() -> purgeNamespace(name), namespaceDeletionDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
        terminating.withObject("metadata").put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return terminating;
    }

    private void purgeNamespace(String name) {
        synchronized (lock) {
            for (Resource r : Resources.ALL) {
                if (r.namespaced()) {
                    for (ObjectNode o : list(r, name)) {
                        remove(r, o);
                    }
                }
            }
            ObjectNode namespace = get(NAMESPACES, null, name);
            if (namespace != null) {
                remove(NAMESPACES, namespace);
            }
        }
    }

    // ---- events -----------------------------------------------------------------------------------

    /** Removes a stored object, whatever its finalizers (namespace purge, garbage collection). */
    private void remove(Resource r, ObjectNode current) {
        index.changed(r, current, null, null);
        ObjectNode gone = current.deepCopy();
        gone.withObject("metadata").put("resourceVersion", Long.toString(++resourceVersion));
        fire(EventType.DELETED, r, gone, gone.toString());
    }

    /** Records a change for resuming watches and tells the listeners (watches, controllers), under the lock. */
    private void fire(EventType type, Resource r, ObjectNode object, String json) {
        long version = Json.number(object, 0, "metadata", "resourceVersion");
        history.add(new WatchHistory.Change(version, type, r, json));
        Event event = new Event(type, r, object.deepCopy()); // listeners share one copy and only read it
        listeners.forEach(l -> l.accept(event));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static Response notFound(Resource r, String name) {
        return new Response(404, Json.status(404, "NotFound", r.plural() + " \"" + name + "\" not found"));
    }

    static Resource resourceOf(JsonNode object) {
        return Resources.require(Json.text(object, "apiVersion"), Json.text(object, "kind"));
    }

    static String namespaceOf(JsonNode object) {
        return Json.text(object, "metadata", "namespace");
    }

    static String nameOf(JsonNode object) {
        return Json.text(object, "metadata", "name");
    }
}
