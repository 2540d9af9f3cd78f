package dev.storefleet.service.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One pod of a store's release as the operator reads it, {@code kubectl get pods} style.
 *
 * @param phase           Kubernetes' phase: Pending, Running, Succeeded, Failed or Unknown
 * @param reason          what is wrong or done in one word, when it says more than the phase
 *                        (CrashLoopBackOff, ImagePullBackOff, Init:0/1, Completed, Terminating); "" otherwise
 * @param message         the words that go with the reason (a waiting container's or the scheduler's message), or ""
 * @param readyContainers how many of the pod's (non-init) containers are ready
 * @param restarts        restarts of all its containers, init containers included
 * @param lastState       how the most recently ended container instance ended ("setup: Error, exit code 1"), or ""
 * @param created         when the pod was created, null if the cluster did not say
 * @param owner           what made the pod, "kind/name" ("job/store-x-setup"), or "" for a bare pod
 * @param containers      init containers first, in the pod's order, then the others
 */
public record PodSummary(String name, String phase, String reason, String message, int readyContainers,
        int restarts, String lastState, Instant created, String owner, List<ContainerSummary> containers) {

    public PodSummary {
        containers = List.copyOf(containers);
    }

    /** The pod's non-init containers: what "ready 1/2" counts. */
    public List<ContainerSummary> appContainers() {
        return containers.stream().filter(c -> !c.init()).toList();
    }

    public Optional<ContainerSummary> container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** "1/2": ready containers of all non-init ones. */
    public String readyText() {
        return readyContainers + "/" + appContainers().size();
    }
}
