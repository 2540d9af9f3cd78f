package dev.storefleet.viewmodel.storetable;

/** The store an action acts on, read on the FX thread when the action runs. */
record StoreTarget(long id, String name) {
    static StoreTarget of(StoreRow row) {
        return new StoreTarget(row.id(), row.store().name());
    }
}
