package dev.storefleet.service;

import dev.storefleet.service.port.FleetWatch;
import java.util.List;

/**
 * A fleet watch a test speaks for: what it says reaches the observer at once, on the test's
 * thread. For the service's own rules (settling, unknown, wording); the informers themselves are
 * tested against the test cluster (FleetHealthWatchTest).
 */
public final class ScriptedFleetWatch implements FleetWatch {
    private volatile Observer observer;

    @Override
    public void start(Observer newObserver) {
        observer = newObserver;
    }

    @Override
    public void close() {
    }

    public ScriptedFleetWatch watching() {
        observer.connection(new WatchStatus(true, "watching"));
        return this;
    }

    public ScriptedFleetWatch lost(String words) {
        observer.connection(new WatchStatus(false, words));
        return this;
    }

    public ScriptedFleetWatch healthy(String namespace, String release) {
        observer.namespace(new NamespaceHealth(namespace, true, List.of(release), List.of()));
        return this;
    }

    public ScriptedFleetWatch degraded(String namespace, String release, String... problems) {
        observer.namespace(new NamespaceHealth(namespace, true, List.of(release), List.of(problems)));
        return this;
    }

    public ScriptedFleetWatch removed(String namespace) {
        observer.namespace(NamespaceHealth.removed(namespace));
        return this;
    }
}
