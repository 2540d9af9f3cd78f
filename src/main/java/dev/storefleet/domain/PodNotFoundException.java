package dev.storefleet.domain;

/** The pod is not one of the store's release: another store's, not Helm's, or gone (replaced, deleted). */
public final class PodNotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    public PodNotFoundException(Store store, String pod) {
        super("Pod '" + pod + "' is not one of the pods of store '" + store.name() + "' (release "
                + store.releaseName() + " in namespace " + store.namespace() + "); it may have been replaced."
                + " List the store's pods again and pick one of those.");
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.NOT_FOUND;
    }
}
