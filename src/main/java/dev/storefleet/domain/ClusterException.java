package dev.storefleet.domain;

/**
 * A Helm or Kubernetes call failed. The message names the operation and the object
 * ("installing release store-x in namespace store-x: ...") so it is enough to act on.
 */
public class ClusterException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.CLUSTER;
    }
}
