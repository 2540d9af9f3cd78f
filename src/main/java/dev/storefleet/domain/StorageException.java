package dev.storefleet.domain;

/** The database (the local H2 file or the shared PostgreSQL) failed; the action was not recorded and nothing was half-written. */
public final class StorageException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.STORAGE;
    }
}
