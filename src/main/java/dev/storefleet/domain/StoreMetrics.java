package dev.storefleet.domain;

/**
 * The console's counters, all derived from the audit log so they survive restarts.
 *
 * @param activeStores      stores created minus stores deleted
 * @param provisioningCount provisioning runs started (first attempts, retries and restarts)
 * @param failureCount      operations that left a store FAILED (provision, upgrade, rollback)
 * @param upgradeCount      upgrades accepted
 * @param rollbackCount     rollbacks accepted
 * @param retryCount        retries accepted
 * @param ordersPlaced      test orders placed on stores
 * @param timeToReady       how long stores took from request to READY
 */
public record StoreMetrics(
        long activeStores,
        long provisioningCount,
        long failureCount,
        long upgradeCount,
        long rollbackCount,
        long retryCount,
        long ordersPlaced,
        TimeToReady timeToReady) {

    /** Time from a create or retry to READY, over every successful provisioning, in ms. */
    public record TimeToReady(long count, double averageMs, double medianMs, double p90Ms, long maxMs) {
        public static final TimeToReady NONE = new TimeToReady(0, 0, 0, 0, 0);
    }
}
