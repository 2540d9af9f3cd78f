package dev.storefleet.api;

import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreStatus;

/**
 * A store as the API shows it: what an operator needs to follow and act on it, including its last
 * end-to-end check ({@code lastVerification}, null if it was never verified) and, for a READY store,
 * what the fleet watch sees of it now ({@code health}, null for any other status).
 */
record StoreView(long id, String name, String slug, String type, String owner, String email, String status,
        String namespace, String release, Integer revision, String url, String lastError, String createdAt,
        String updatedAt, VerificationView lastVerification, HealthView health, String chart, String chartVersion,
        String appVersion, boolean outdated) {

    /**
     * @param health  the store's health from the fleet watch; shown only while the store is READY
     * @param bundled the chart this console upgrades the store's type to: {@code outdated} when the
     *                deployed chart's version is known and differs from it (unknown: not outdated)
     */
    static StoreView of(Store store, StoreHealth health, ChartVersion bundled) {
        String version = store.chartVersion();
        boolean outdated = version != null && bundled != null && !version.equals(bundled.version());
        return new StoreView(store.id(), store.name(), store.slug(), store.type().chartName(), store.owner(),
                store.email(), store.status().code(), store.namespace(), store.releaseName(), store.helmRevision(),
                store.url(), store.lastError(), store.createdAt().toString(), store.updatedAt().toString(),
                store.lastVerification() == null ? null : VerificationView.of(store.lastVerification()),
                store.status() == StoreStatus.READY ? HealthView.of(health) : null, store.chart(), version,
                store.appVersion(), outdated);
    }
}
