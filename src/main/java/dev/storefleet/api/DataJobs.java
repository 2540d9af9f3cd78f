package dev.storefleet.api;

import dev.storefleet.service.DataJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backups, restores and clones asked through the API, by id, so a client that got 202 can
 * follow one ({@code GET /api/jobs/{jobId}}) and cancel it ({@code DELETE}). Kept in memory: a
 * finished job is kept for an hour, then forgotten (its result stays in the audit log, and a
 * backup in the store's list).
 */
final class DataJobs {
    static final Duration KEPT = Duration.ofHours(1);

    /** One job: the store it is about, what it is ({@code backup}, {@code restore}, {@code clone}), when it ended. */
    static final class Tracked {
        final String id;
        final long storeId;
        final String kind;
        final DataJob<?> job;
        private volatile Instant ended;

        Tracked(String id, long storeId, String kind, DataJob<?> job) {
            this.id = id;
            this.storeId = storeId;
            this.kind = kind;
            this.job = job;
        }
    }

    private final Map<String, Tracked> jobs = new ConcurrentHashMap<>();
    private final Clock clock;

    DataJobs(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    Tracked track(long storeId, String kind, DataJob<?> job) {
        Instant horizon = clock.instant().minus(KEPT);
        jobs.values().removeIf(t -> t.ended != null && t.ended.isBefore(horizon));
        Tracked tracked = new Tracked(UUID.randomUUID().toString(), storeId, kind, job);
        jobs.put(tracked.id, tracked);
        job.result().whenComplete((r, e) -> tracked.ended = clock.instant());
        return tracked;
    }

    Optional<Tracked> find(String id) {
        return Optional.ofNullable(id == null ? null : jobs.get(id));
    }
}
