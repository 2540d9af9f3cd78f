package dev.storefleet.domain;

/**
 * One store in one wave of a rollout.
 *
 * @param fromRevision the revision the store was at before the rollout upgraded it (what a rollback returns to)
 * @param toRevision   the revision the rollout's upgrade deployed, null until it did
 * @param detail       what happened, in words (the gate that failed, why it was skipped…), null if nothing to say
 */
public record RolloutEntry(long storeId, String storeName, RolloutStoreStatus status, String detail,
        Integer fromRevision, Integer toRevision) {
}
