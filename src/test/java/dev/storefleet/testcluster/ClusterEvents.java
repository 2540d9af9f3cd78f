package dev.storefleet.testcluster;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.node.ObjectNode;

/**
 * Writes core/v1 Events as the kubelet, scheduler and controllers of a real cluster do: an
 * {@code involvedObject}, reason, message, type and source, named {@code <object>.<hex>}. A
 * repeat of the same event (same object, type, reason and message, or the same aggregation key)
 * raises {@code count} and moves {@code lastTimestamp} instead of adding an Event, as the event
 * recorder's correlator does.
 */
final class ClusterEvents {

    /** What an Event is about. {@code fieldPath} names a container ({@code spec.containers{web}}) or is null. */
    record Involved(String apiVersion, String kind, String namespace, String name, String uid, String fieldPath) {
        static Involved of(ObjectNode object) {
            return new Involved(Json.text(object, "apiVersion"), Json.text(object, "kind"), ObjectStore.namespaceOf(object),
                    ObjectStore.nameOf(object), Json.text(object, "metadata", "uid"), null);
        }

        Involved container(String container, boolean init) {
            return new Involved(apiVersion, kind, namespace, name, uid,
                    (init ? "spec.initContainers{" : "spec.containers{") + container + "}");
        }
    }

    static final String KUBELET = "kubelet";
    static final String SCHEDULER = "default-scheduler";
    static final String NODE = "test-node";

    private static final Resources.Resource EVENTS = Resources.require("v1", "Event");

    private final ObjectStore store;
    private final Map<String, String> nameByKey = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

    ClusterEvents(ObjectStore store) {
        this.store = store;
    }

    void warning(Involved about, String reason, String message, String component) {
        record(about, "Warning", reason, message, component, null);
    }

    /**
     * Records an event; {@code aggregateKey} (or, when null, the message) decides what counts as a
     * repeat. A namespace being deleted refuses new Events; they are dropped, as a recorder would.
     */
    void record(Involved about, String type, String reason, String message, String component, String aggregateKey) {
        String key = about.uid() + "|" + about.fieldPath() + "|" + type + "|" + reason + "|"
                + (aggregateKey != null ? aggregateKey : message);
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        store.locked(() -> {
            String existing = nameByKey.get(key);
            ObjectNode event = existing == null ? null : store.get(EVENTS, about.namespace(), existing);
            if (event != null) {
                event.put("count", Json.number(event, 1, "count") + 1).put("lastTimestamp", now).put("message", message);
                store.replace(event);
                return null;
            }
            ObjectNode e = Json.object().put("apiVersion", "v1").put("kind", "Event");
            String name = about.name() + "." + Long.toHexString(sequence.incrementAndGet());
            e.putObject("metadata").put("name", name).put("namespace", about.namespace());
            ObjectNode involved = e.putObject("involvedObject").put("apiVersion", about.apiVersion())
                    .put("kind", about.kind()).put("namespace", about.namespace()).put("name", about.name())
                    .put("uid", about.uid());
            if (about.fieldPath() != null) {
                involved.put("fieldPath", about.fieldPath());
            }
            e.put("reason", reason).put("message", message).put("type", type);
            ObjectNode source = e.putObject("source").put("component", component);
            if (KUBELET.equals(component)) {
                source.put("host", NODE);
            }
            e.put("count", 1).put("firstTimestamp", now).put("lastTimestamp", now)
                    .put("reportingComponent", component).put("reportingInstance", KUBELET.equals(component) ? NODE : "");
            if (store.tryCreate(e).ok()) {
                nameByKey.put(key, name);
            }
            return null;
        });
    }
}
