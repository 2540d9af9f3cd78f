package dev.storefleet.api;

import dev.storefleet.domain.Store;

/**
 * A store as the API shows it: what an operator needs to follow and act on it, including its last
 * end-to-end check ({@code lastVerification}, null if it was never verified).
 */
record StoreView(long id, String name, String slug, String type, String owner, String email, String status,
        String namespace, String release, Integer revision, String url, String lastError, String createdAt,
        String updatedAt, VerificationView lastVerification) {

    static StoreView of(Store store) {
        return new StoreView(store.id(), store.name(), store.slug(), store.type().chartName(), store.owner(),
                store.email(), store.status().code(), store.namespace(), store.releaseName(), store.helmRevision(),
                store.url(), store.lastError(), store.createdAt().toString(), store.updatedAt().toString(),
                store.lastVerification() == null ? null : VerificationView.of(store.lastVerification()));
    }
}
