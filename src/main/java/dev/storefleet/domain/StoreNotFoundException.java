package dev.storefleet.domain;

/** No store with that id: it never existed or has been deleted. */
public final class StoreNotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreNotFoundException(long id) {
        super("Store " + id + " does not exist (it may have been deleted). Refresh the store list.");
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.NOT_FOUND;
    }
}
