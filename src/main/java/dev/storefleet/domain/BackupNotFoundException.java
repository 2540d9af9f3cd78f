package dev.storefleet.domain;

/** No backup of that id belongs to the store (never taken, deleted, or another store's). */
public final class BackupNotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    public BackupNotFoundException(Store store, String backupId) {
        super("Store '" + store.name() + "' has no backup '" + backupId + "'. List its backups and pick one of those.");
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.NOT_FOUND;
    }
}
