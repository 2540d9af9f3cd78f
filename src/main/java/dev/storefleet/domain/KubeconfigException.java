package dev.storefleet.domain;

/**
 * The kubeconfig is missing, unreadable, invalid, or lacks the chosen context. The console
 * shows this as its "no cluster" state, with the message saying which file and what to do.
 */
public final class KubeconfigException extends ClusterException {
    private static final long serialVersionUID = 1L;

    public KubeconfigException(String message) {
        super(message);
    }

    public KubeconfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
