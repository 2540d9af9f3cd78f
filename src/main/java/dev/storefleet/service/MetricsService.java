package dev.storefleet.service;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.RolloutMetrics;
import dev.storefleet.domain.StoreMetrics;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.AuditLog;
import dev.storefleet.service.port.StoreRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The console's counters, derived from the audit log (so they survive restarts). */
public final class MetricsService {
    private final AuditLog log;
    private final StoreRepository stores;

    public MetricsService(AuditLog log, StoreRepository stores) {
        this.log = Objects.requireNonNull(log);
        this.stores = Objects.requireNonNull(stores);
    }

    /** Suspended stores now, and how many suspensions ever succeeded (the audit log's counter). */
    public Suspensions suspensions() {
        return new Suspensions(stores.countByStatus().getOrDefault(StoreStatus.SUSPENDED, 0L),
                count(ActionType.SUSPEND_SUCCEEDED, Outcome.SUCCESS));
    }

    /** {@code now}: stores SUSPENDED at this moment; {@code total}: suspensions that completed, ever. */
    public record Suspensions(long now, long total) {
    }

    public StoreMetrics snapshot() {
        return log.summarize();
    }

    /** The fleet rollouts' counters (started, passed, halted, aborted; stores upgraded and rolled back). */
    public RolloutMetrics rollouts() {
        return new RolloutMetrics(count(ActionType.ROLLOUT_STARTED, Outcome.SUCCESS),
                count(ActionType.ROLLOUT_FINISHED, Outcome.SUCCESS), count(ActionType.ROLLOUT_HALTED, null),
                count(ActionType.ROLLOUT_ABORTED, null), count(ActionType.ROLLOUT_STORE_UPGRADED, null),
                count(ActionType.ROLLOUT_STORE_ROLLED_BACK, null));
    }

    /** Rows of {@code action} (with {@code outcome}, or any when null): the audit_count counters, one small read. */
    private long count(ActionType action, Outcome outcome) {
        return log.count(action, outcome);
    }

    /** Succeeded and failed provisionings per time bucket, oldest first (see {@link AuditLog}). */
    public List<AuditLog.OutcomeBucket> provisioningOutcomes(Instant from, Duration size, int buckets) {
        if (size.isNegative() || size.isZero() || buckets < 0) {
            throw new IllegalArgumentException("bucket size must be positive and the count not negative");
        }
        return log.provisioningOutcomes(from, size, buckets);
    }

    /** Successful provisionings by time to ready (see {@link AuditLog}). */
    public List<AuditLog.DurationBucket> timeToReadyDistribution(List<Duration> upperBounds) {
        for (int i = 0; i < upperBounds.size(); i++) {
            if (upperBounds.get(i).isNegative() || i > 0 && upperBounds.get(i).compareTo(upperBounds.get(i - 1)) <= 0) {
                throw new IllegalArgumentException("upper bounds must be ascending and not negative: " + upperBounds);
            }
        }
        return log.timeToReadyDistribution(upperBounds);
    }
}
