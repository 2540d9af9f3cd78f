package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.service.ServiceFixture;
import dev.storefleet.service.port.AuditLog.DurationBucket;
import dev.storefleet.service.port.AuditLog.OutcomeBucket;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.FakeCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart queries of the metrics panel, on the real H2 file, with rows written at known times. */
class AuditLogChartQueriesTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    /** The database the queries run on: the H2 file; PostgreSQL in {@link AuditLogChartQueriesOnPostgresTest}. */
    protected DatabaseTarget database() {
        return DatabaseTarget.h2(dir);
    }

    private ServiceFixture fixture() {
        return new ServiceFixture(database(), new FakeCluster(), EngineSettings.DEFAULTS, null);
    }

    @Test
    void provisioningOutcomesAreCountedPerBucketWithEmptyBucketsFilledIn() throws Exception {
        try (ServiceFixture fx = fixture()) {
            try (Connection c = fx.jdbc()) {
                insert(c, T0.minusMillis(1), "PROVISION_SUCCEEDED", "SUCCESS", 10L);          // before the window
                insert(c, T0, "PROVISION_SUCCEEDED", "SUCCESS", 10L);                         // bucket 0, first instant
                insert(c, T0.plusSeconds(3599), "PROVISION_FAILED", "FAILURE", null);         // bucket 0
                insert(c, T0.plusSeconds(3599).plusMillis(999), "PROVISION_SUCCEEDED", "SUCCESS", 10L); // bucket 0
                insert(c, T0.plusSeconds(3600), "PROVISION_FAILED", "FAILURE", null);         // bucket 1
                insert(c, T0.plusSeconds(3600 * 3 + 5), "PROVISION_SUCCEEDED", "SUCCESS", 10L); // bucket 3
                insert(c, T0.plusSeconds(3600 * 3 + 6), "PROVISION_STARTED", "SUCCESS", null);  // not a result
                insert(c, T0.plusSeconds(3600 * 3 + 7), "UPGRADE_FAILED", "FAILURE", null);     // not provisioning
                insert(c, T0.plusSeconds(3600 * 4), "PROVISION_FAILED", "FAILURE", null);      // after the window
            }
            List<OutcomeBucket> buckets = fx.app().metrics().provisioningOutcomes(T0, Duration.ofHours(1), 4);
            assertEquals(List.of(
                    new OutcomeBucket(T0, 2, 1),
                    new OutcomeBucket(T0.plusSeconds(3600), 0, 1),
                    new OutcomeBucket(T0.plusSeconds(7200), 0, 0),
                    new OutcomeBucket(T0.plusSeconds(10800), 1, 0)), buckets);

            List<OutcomeBucket> daily = fx.app().metrics().provisioningOutcomes(T0.minus(Duration.ofDays(1)),
                    Duration.ofDays(1), 2);
            assertEquals(new OutcomeBucket(T0.minus(Duration.ofDays(1)), 1, 0), daily.get(0), "the row 1 ms before T0");
            assertEquals(new OutcomeBucket(T0, 3, 3), daily.get(1));
        }
    }

    @Test
    void timeToReadyHistogramCountsSuccessfulProvisioningsOnly() throws Exception {
        try (ServiceFixture fx = fixture()) {
            try (Connection c = fx.jdbc()) {
                insert(c, T0, "PROVISION_SUCCEEDED", "SUCCESS", 0L);
                insert(c, T0, "PROVISION_SUCCEEDED", "SUCCESS", 9_999L);
                insert(c, T0, "PROVISION_SUCCEEDED", "SUCCESS", 10_000L);     // lower bound is inclusive
                insert(c, T0, "PROVISION_SUCCEEDED", "SUCCESS", 59_999L);
                insert(c, T0, "PROVISION_SUCCEEDED", "SUCCESS", 3_600_000L);  // the open bucket
                insert(c, T0, "UPGRADE_SUCCEEDED", "SUCCESS", 5L);            // not a provisioning
                insert(c, T0, "PROVISION_SUCCEEDED", "SUCCESS", null);        // no duration recorded
            }
            List<Duration> bounds = List.of(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5));
            List<DurationBucket> histogram = fx.app().metrics().timeToReadyDistribution(bounds);
            assertEquals(List.of(
                    new DurationBucket(Duration.ZERO, Duration.ofSeconds(10), 2),
                    new DurationBucket(Duration.ofSeconds(10), Duration.ofSeconds(60), 2),
                    new DurationBucket(Duration.ofSeconds(60), Duration.ofMinutes(5), 0),
                    new DurationBucket(Duration.ofMinutes(5), null, 1)), histogram);
            assertThrows(IllegalArgumentException.class, () -> fx.app().metrics()
                    .timeToReadyDistribution(List.of(Duration.ofSeconds(60), Duration.ofSeconds(10))));
        }
    }

    @Test
    void realProvisioningsLandInTheCurrentBucket() {
        try (ServiceFixture fx = fixture()) {
            // The window is placed around the start, not the end: a wall clock that NTP steps by a
            // few seconds mid-test must not move a row across a bucket edge. A time-zone or unit
            // error in the query would still move the rows by hours or out of the window.
            Instant started = Instant.now();
            fx.create("One", "alice");
            fx.create("Two", "bob");
            fx.settle();
            Instant from = started.minus(Duration.ofMinutes(29));
            List<OutcomeBucket> buckets = fx.app().metrics().provisioningOutcomes(from, Duration.ofMinutes(30), 3);
            assertEquals(2, buckets.get(0).succeeded(), () -> "both finished in the bucket that holds the start; "
                    + "started " + started + ", buckets " + buckets + ", audit " + fx.auditNewestFirst());
            assertEquals(2, buckets.stream().mapToLong(OutcomeBucket::succeeded).sum());
            long histogramTotal = fx.app().metrics().timeToReadyDistribution(List.of(Duration.ofSeconds(10)))
                    .stream().mapToLong(DurationBucket::count).sum();
            assertEquals(fx.app().metrics().snapshot().timeToReady().count(), histogramTotal);
        }
    }

    /** The counters the metrics read agree with the log, whoever wrote the rows: the app or plain SQL. */
    @Test
    void theCountersAgreeWithAGroupByOverTheWholeLog() throws Exception {
        try (ServiceFixture fx = fixture()) {
            fx.create("One", "alice");
            fx.create("Two", "alice");
            fx.settle();
            try (Connection c = fx.jdbc()) {
                insert(c, T0, "PROVISION_SUCCEEDED", "SUCCESS", 1_000L);
                insert(c, T0, "PROVISION_FAILED", "FAILURE", null);
                insert(c, T0, "ORDER_PLACED", "SUCCESS", 5L);
                java.util.Map<String, Long> logged = new java.util.TreeMap<>();
                java.util.Map<String, Long> counted = new java.util.TreeMap<>();
                try (java.sql.Statement s = c.createStatement()) {
                    try (java.sql.ResultSet rs = s.executeQuery(
                            "SELECT action, outcome, COUNT(*) FROM audit_event GROUP BY action, outcome")) {
                        while (rs.next()) {
                            logged.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
                        }
                    }
                    try (java.sql.ResultSet rs = s.executeQuery("SELECT action, outcome, events FROM audit_count")) {
                        while (rs.next()) {
                            counted.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
                        }
                    }
                }
                assertEquals(logged, counted);
                assertEquals(3L, counted.get("PROVISION_SUCCEEDED/SUCCESS"), "two real, one inserted");
            }
            var metrics = fx.app().metrics().snapshot();
            assertEquals(3, metrics.timeToReady().count());
            assertEquals(1, metrics.ordersPlaced());
            assertEquals(1, metrics.failureCount());
        }
    }

    /**
     * Rows of a kind the log has never seen, written by many transactions at once: each trigger
     * finds no counter row, and all but one find the row the first one inserted.
     */
    @Test
    void concurrentFirstRowsOfOneKindAreAllCounted() throws Exception {
        try (ServiceFixture fx = fixture()) {
            int writers = 16;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < writers; i++) {
                    int n = i;
                    done.add(pool.submit(() -> {
                        start.await();
                        return fx.app().audit().append(new dev.storefleet.domain.AuditEvent(null, Instant.now(),
                                dev.storefleet.domain.ActionType.RECONCILED, dev.storefleet.domain.Outcome.FAILURE,
                                (long) n, "Shop " + n, "tester", "first of its kind", null));
                    }));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get(30, java.util.concurrent.TimeUnit.SECONDS); // a duplicate-key failure would surface here
                }
            } finally {
                pool.shutdownNow();
            }
            try (Connection c = fx.jdbc(); java.sql.Statement s = c.createStatement();
                    java.sql.ResultSet rs = s.executeQuery("SELECT events FROM audit_count"
                            + " WHERE action = 'RECONCILED' AND outcome = 'FAILURE'")) {
                assertTrue(rs.next());
                assertEquals(writers, rs.getLong(1));
            }
        }
    }

    static void insert(Connection c, Instant at, String action, String outcome, Long durationMs) throws Exception {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_event (occurred_at, action, outcome,"
                + " store_id, store_name, actor, detail, duration_ms) VALUES (?, ?, ?, 1, 'Shop', 'tester', 'x', ?)")) {
            s.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            s.setString(2, action);
            s.setString(3, outcome);
            s.setObject(4, durationMs);
            s.executeUpdate();
        }
    }
}
