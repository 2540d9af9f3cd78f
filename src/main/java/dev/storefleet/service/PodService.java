package dev.storefleet.service;

import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.PodNotFoundException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.ValidationException;
import dev.storefleet.service.port.ContainerSummary;
import dev.storefleet.service.port.PodSummary;
import dev.storefleet.service.port.StorePods;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The pods of a store's release and their logs, for the console's Pods tab and the API. Every log
 * read is checked first against the store's own pods: the pod must be one of its release, the
 * container one of the pod's (required when the pod has several), a previous log must exist, and
 * a container that never started has no log yet. Read-only: nothing is audited.
 */
public final class PodService {
    public static final int DEFAULT_TAIL = 200;
    public static final int MAX_TAIL = 10_000;

    private final StoreService stores;
    private final StorePods pods;

    public PodService(StoreService stores, StorePods pods) {
        this.stores = Objects.requireNonNull(stores);
        this.pods = Objects.requireNonNull(pods);
    }

    /** What a log request asks for, as given: {@code container} may be null when the pod has one. */
    public record LogQuery(String pod, String container, int tailLines, boolean previous) {
    }

    /** A read log: which container (resolved) and instance, and its lines, oldest first. */
    public record PodLog(String pod, String container, boolean previous, int tailLines, List<String> lines) {
    }

    public List<PodSummary> pods(long storeId) {
        return pods.pods(stores.get(storeId));
    }

    public PodLog tail(long storeId, LogQuery query) {
        Store store = stores.get(storeId);
        StorePods.LogRequest request = checked(store, query);
        return new PodLog(request.pod(), request.container(), request.previous(), request.tailLines(),
                pods.tail(store, request));
    }

    /**
     * Follows a container's current log; see {@link StorePods#follow}. Blocks until the stream is
     * open: call it off the UI thread.
     */
    public StorePods.LogFollow follow(long storeId, LogQuery query, StorePods.LogSink sink) {
        if (query.previous()) {
            throw ValidationException.of("previous", "The log of a container's previous instance is complete:"
                    + " read it, there is nothing to follow.");
        }
        Store store = stores.get(storeId);
        return pods.follow(store, checked(store, query), sink);
    }

    private StorePods.LogRequest checked(Store store, LogQuery query) {
        if (query.tailLines() < 1 || query.tailLines() > MAX_TAIL) {
            throw ValidationException.of("tail", "A log tail is 1 to " + MAX_TAIL + " lines; " + query.tailLines()
                    + " is outside that.");
        }
        PodSummary pod = pods.pods(store).stream().filter(p -> p.name().equals(query.pod())).findFirst()
                .orElseThrow(() -> new PodNotFoundException(store, query.pod()));
        ContainerSummary container = container(pod, query.container());
        if (query.previous() && !container.hasPreviousLog()) {
            throw ValidationException.of("previous", "Container '" + container.name() + "' of pod '" + pod.name()
                    + "' has not restarted, so it has no previous log; read its current log instead.");
        }
        if (!query.previous() && container.neverStarted()) {
            throw new InvalidStateException("Container '" + container.name() + "' of pod '" + pod.name()
                    + "' has not started yet" + (container.reason().isEmpty() ? "" : " (" + container.reason()
                    + (container.message().isEmpty() ? "" : ": " + container.message()) + ")")
                    + ", so it has no log. Look at the store's recent events for why, and try again once it runs.");
        }
        return new StorePods.LogRequest(pod.name(), container.name(), query.tailLines(), query.previous());
    }

    /**
     * The named container, or the pod's only one (init containers aside, as kubectl defaults);
     * several and none named is a refusal that lists them.
     */
    private static ContainerSummary container(PodSummary pod, String name) {
        if (name == null || name.isEmpty()) {
            List<ContainerSummary> app = pod.appContainers();
            if (app.size() == 1) {
                return app.get(0);
            }
            throw ValidationException.of("container", "Pod '" + pod.name() + "' has " + pod.containers().size()
                    + " containers; name one of: " + names(pod.containers()) + ".");
        }
        return pod.container(name).orElseThrow(() -> ValidationException.of("container", "Pod '" + pod.name()
                + "' has no container '" + name + "'; its containers are: " + names(pod.containers()) + "."));
    }

    private static String names(List<ContainerSummary> containers) {
        return containers.stream().map(c -> c.init() ? c.name() + " (init)" : c.name())
                .collect(Collectors.joining(", "));
    }
}
