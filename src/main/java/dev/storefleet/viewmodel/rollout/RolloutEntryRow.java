package dev.storefleet.viewmodel.rollout;

import dev.storefleet.domain.RolloutEntry;
import dev.storefleet.domain.RolloutStoreStatus;

/** One store of one wave of a rollout, as the progress table shows it. */
public record RolloutEntryRow(String wave, long storeId, String store, RolloutStoreStatus status, String detail,
        String revisions) {

    static RolloutEntryRow of(String wave, RolloutEntry e) {
        String revisions = e.fromRevision() == null ? ""
                : e.toRevision() == null ? "rev " + e.fromRevision() : "rev " + e.fromRevision() + " → " + e.toRevision();
        return new RolloutEntryRow(wave, e.storeId(), e.storeName(), e.status(), e.detail() == null ? "" : e.detail(),
                revisions);
    }
}
