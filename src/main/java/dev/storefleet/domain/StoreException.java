package dev.storefleet.domain;

/**
 * Base of the typed guardrail errors. Every failure a caller can act on is one of these,
 * with a message written for the operator (what happened and what to do next).
 */
public abstract class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected StoreException(String message) {
        super(message);
    }

    protected StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract ErrorKind kind();
}
