package dev.storefleet.domain;

/** No rollout with that id. */
public final class RolloutNotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    public RolloutNotFoundException(long id) {
        super("Rollout " + id + " does not exist. List the rollouts to see their ids.");
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.NOT_FOUND;
    }
}
