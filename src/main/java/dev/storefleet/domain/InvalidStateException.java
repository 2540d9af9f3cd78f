package dev.storefleet.domain;

/** The action is not allowed in the store's current state (the state machine says no). */
public final class InvalidStateException extends StoreException {
    private static final long serialVersionUID = 1L;

    public InvalidStateException(String message) {
        super(message);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.INVALID_STATE;
    }
}
