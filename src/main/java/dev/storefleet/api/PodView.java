package dev.storefleet.api;

import dev.storefleet.service.port.ContainerSummary;
import dev.storefleet.service.port.PodSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A pod of a store's release as the API shows it, {@code kubectl get pods} style: phase, the
 * reason word when it says more (CrashLoopBackOff, Completed), ready containers as {@code "1/1"},
 * restarts, how the last ended container instance ended, age; and its containers, whose names
 * are what {@code /logs?container=} takes.
 */
record PodView(String name, String phase, String reason, String message, String ready, int restarts,
        String lastState, String created, Long ageSeconds, String owner, List<ContainerView> containers) {

    record ContainerView(String name, boolean init, String image, boolean ready, int restarts, String state,
            String reason, String message, String lastState, boolean previousLog) {

        static ContainerView of(ContainerSummary c) {
            return new ContainerView(c.name(), c.init(), c.image(), c.ready(), c.restarts(), c.state(), c.reason(),
                    c.message(), c.lastState(), c.hasPreviousLog());
        }
    }

    static PodView of(PodSummary pod, Instant now) {
        Instant created = pod.created();
        return new PodView(pod.name(), pod.phase(), pod.reason(), pod.message(), pod.readyText(), pod.restarts(),
                pod.lastState(), created == null ? null : created.toString(),
                created == null ? null : Math.max(0, Duration.between(created, now).toSeconds()), pod.owner(),
                pod.containers().stream().map(ContainerView::of).toList());
    }
}
