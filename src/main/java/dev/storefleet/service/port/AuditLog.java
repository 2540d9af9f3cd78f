package dev.storefleet.service.port;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.StoreMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The append-only audit log: rows are added, read and summed, never changed or removed. */
public interface AuditLog {

    AuditEvent append(AuditEvent event);

    /** Newest first. */
    List<AuditEvent> page(AuditQuery query);

    long count(AuditQuery query);

    /**
     * Rows with an id above {@code afterId}, oldest first, at most {@code limit}, each saying whether
     * this process wrote it: to follow what other consoles on a shared database write.
     */
    List<Followed> after(long afterId, int limit);

    /** The highest id in the log; 0 when it is empty. */
    long latestId();

    /** The counters and time-to-ready figures, computed by one aggregate query. */
    StoreMetrics summarize();

    /** How many rows of {@code action} there are with {@code outcome} (any outcome when null), from the counters. */
    long count(ActionType action, Outcome outcome);

    /**
     * Provisioning results over time: PROVISION_SUCCEEDED and PROVISION_FAILED rows counted per
     * bucket by one GROUP BY. Bucket {@code k} covers {@code [from + k*size, from + (k+1)*size)};
     * all {@code buckets} are returned, oldest first, empty ones with zeroes.
     */
    List<OutcomeBucket> provisioningOutcomes(Instant from, Duration size, int buckets);

    /**
     * How long successful provisionings took, as a histogram counted by one GROUP BY: with
     * ascending {@code upperBounds} b0 < b1 < …, bucket 0 is [0, b0), bucket i is [b(i-1), bi)
     * and the last, open one is [b(n-1), ∞). Always upperBounds.size() + 1 buckets.
     */
    List<DurationBucket> timeToReadyDistribution(List<Duration> upperBounds);

    /** A row of the log as followed, and whether this process wrote it. */
    record Followed(AuditEvent event, boolean fromThisProcess) {
    }

    /** Provisionings that ended in one time bucket. */
    record OutcomeBucket(Instant start, long succeeded, long failed) {
    }

    /** Successful provisionings that took at least {@code from} and less than {@code to} (null: no limit). */
    record DurationBucket(Duration from, Duration to, long count) {
    }

    /** Filters for reading the log; null means "any". */
    record AuditQuery(Long storeId, String storeNameContains, ActionType action, int offset, int limit) {
        public static AuditQuery latest(int limit) {
            return new AuditQuery(null, null, null, 0, limit);
        }

        public AuditQuery {
            if (offset < 0 || limit < 0) {
                throw new IllegalArgumentException("offset and limit must not be negative");
            }
        }
    }
}
