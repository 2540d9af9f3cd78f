package dev.storefleet.api;

import static dev.storefleet.api.ApiRequest.intParam;

import dev.storefleet.domain.ValidationException;
import dev.storefleet.service.PodService;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code /api/stores/{id}/pods}: the pods of a store's release and the tail of a container's log.
 * The API answers a tail and ends; it does not follow a log (an answer that never ends would hold
 * one of the server's few workers): ask again for newer lines, or follow it in the console.
 */
final class PodRoutes {
    private static final Set<String> LOG_PARAMS = Set.of("container", "tail", "previous");

    private final PodService pods;
    private final Clock clock;

    PodRoutes(PodService pods, Clock clock) {
        this.pods = Objects.requireNonNull(pods);
        this.clock = Objects.requireNonNull(clock);
    }

    void addTo(Router router) {
        router.add("GET", "/api/stores/{id}/pods", Role.VIEWER, "Listing a store's pods", this::list)
                .add("GET", "/api/stores/{id}/pods/{pod}/logs", Role.VIEWER, "Reading a pod's log", this::logs);
    }

    private ApiResponse list(ApiRequest request) {
        long storeId = request.id();
        request.query(Set.of());
        var now = clock.instant();
        return ApiResponse.ok(pods.pods(storeId).stream().map(p -> PodView.of(p, now)).toList());
    }

    /** {@code ?container=<name>&tail=1..10000&previous=true|false}; container needed when the pod has several. */
    private ApiResponse logs(ApiRequest request) {
        long storeId = request.id();
        Map<String, String> query = request.query(LOG_PARAMS);
        int tail = intParam(query, "tail", PodService.DEFAULT_TAIL, 1, PodService.MAX_TAIL);
        boolean previous = booleanParam(query, "previous");
        PodService.LogQuery wanted = new PodService.LogQuery(request.pathParam("pod"), query.get("container"), tail,
                previous);
        return ApiResponse.ok(LogView.of(storeId, pods.tail(storeId, wanted)));
    }

    static boolean booleanParam(Map<String, String> query, String name) {
        String text = query.get(name);
        if (text == null || text.equals("false")) {
            return false;
        }
        if (text.equals("true")) {
            return true;
        }
        throw ValidationException.of(name, "'" + name + "' is true or false, not " + Quoted.of(text) + ".");
    }
}
