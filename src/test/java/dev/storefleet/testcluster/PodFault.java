package dev.storefleet.testcluster;

/**
 * A fault injected into the simulated cluster's pods, volumes or workload controllers (see the
 * methods of {@link TestKubernetesApi} that return one). {@link #lift()} ends it, as fixing the
 * cause would on a real cluster: the pods recover at the next kubelet ticks, nothing is reset
 * (restart counts and events stay as they got).
 */
public final class PodFault {

    private final String description;
    private final Runnable onLift;
    private volatile boolean lifted;

    PodFault(String description, Runnable onLift) {
        this.description = description;
        this.onLift = onLift;
    }

    /** Ends the fault; lifting twice does nothing more. */
    public void lift() {
        if (!lifted) {
            lifted = true;
            onLift.run();
        }
    }

    public boolean lifted() {
        return lifted;
    }

    @Override
    public String toString() {
        return description + (lifted ? " (lifted)" : "");
    }
}
