package dev.storefleet.service.port;

/**
 * One container of a pod.
 *
 * @param init       an init container (runs to its end before the others start)
 * @param state      running, waiting or terminated; "waiting" also before the kubelet reported anything
 * @param reason     why it waits or how it ended (ContainerCreating, CrashLoopBackOff, Completed, Error), or ""
 * @param message    the words that go with the reason, or ""
 * @param lastState  how its previous instance ended ("Error, exit code 1"), or "" if it never restarted
 * @param hasPreviousLog its previous instance ended, so Kubernetes keeps that instance's log ({@code previous=true})
 */
public record ContainerSummary(String name, boolean init, String image, boolean ready, int restarts, String state,
        String reason, String message, String lastState, boolean hasPreviousLog) {

    /** It has never run: no log to read yet (creating, pulling its image, waiting for an init container). */
    public boolean neverStarted() {
        return "waiting".equals(state) && restarts == 0 && !hasPreviousLog;
    }
}
