package dev.storefleet.api;

import static dev.storefleet.api.Role.ADMIN;
import static dev.storefleet.api.Role.VIEWER;

import dev.storefleet.domain.Rollout;
import dev.storefleet.service.RolloutService;
import java.util.Objects;

/**
 * {@code /api/rollouts}: fleet rollouts of {@link RolloutService}. Reading them is a viewer's;
 * starting, pausing, resuming and aborting one changes many stores at once, so it is an admin's.
 */
final class RolloutRoutes {
    private final RolloutService rollouts;

    RolloutRoutes(RolloutService rollouts) {
        this.rollouts = Objects.requireNonNull(rollouts);
    }

    void addTo(Router router) {
        router.add("POST", "/api/rollouts", ADMIN, "Starting a rollout", this::start)
                .add("GET", "/api/rollouts", VIEWER, "Listing rollouts",
                        request -> ApiResponse.ok(rollouts.list().stream().map(RolloutView::of).toList()))
                .add("GET", "/api/rollouts/{id}", VIEWER, "Reading a rollout",
                        request -> ApiResponse.ok(RolloutView.of(rollouts.get(request.id()))))
                .add("POST", "/api/rollouts/{id}/pause", ADMIN, "Pausing a rollout",
                        request -> ApiResponse.ok(RolloutView.of(rollouts.pause(request.id(), request.actor()))))
                .add("POST", "/api/rollouts/{id}/resume", ADMIN, "Resuming a rollout",
                        request -> ApiResponse.ok(RolloutView.of(rollouts.resume(request.id(), request.actor()))))
                .add("POST", "/api/rollouts/{id}/abort", ADMIN, "Aborting a rollout",
                        request -> ApiResponse.ok(RolloutView.of(rollouts.abort(request.id(), request.actor()))));
    }

    private ApiResponse start(ApiRequest request) {
        Rollout rollout = rollouts.start(request.body(RolloutBody.class).toPlan(), request.actor());
        return ApiResponse.created(RolloutView.of(rollout), "/api/rollouts/" + rollout.id());
    }
}
