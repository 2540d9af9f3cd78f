package dev.storefleet.domain;

/** The owner already has as many stores as one owner may have. */
public final class QuotaExceededException extends StoreException {
    private static final long serialVersionUID = 1L;

    public QuotaExceededException(String owner, int limit) {
        super("Owner '" + owner + "' already has " + limit + " stores, the most one owner may have."
                + " Delete one of them before creating another.");
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.QUOTA;
    }
}
