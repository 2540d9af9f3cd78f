package dev.storefleet.persistence;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StoreMetrics;
import dev.storefleet.service.port.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.query.SelectionQuery;

/** The audit log in H2: appended, paged newest first, and summed by one aggregate query. */
final class JpaAuditLog implements AuditLog {
    private final Transactions tx;

    JpaAuditLog(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public AuditEvent append(AuditEvent event) {
        return tx.inTransaction("writing the audit log", session -> JpaStoreRepository.appendIn(session, event, tx.processId()));
    }

    @Override
    public List<AuditEvent> page(AuditQuery query) {
        return tx.inTransaction("reading the audit log", session -> {
            Filter filter = Filter.of(query);
            SelectionQuery<AuditEventEntity> select = session.createSelectionQuery(
                    "from AuditEventEntity a" + filter.where + " order by a.id desc", AuditEventEntity.class);
            filter.bind(select);
            return select.setFirstResult(query.offset()).setMaxResults(query.limit())
                    .getResultList().stream().map(AuditEventEntity::toDomain).toList();
        });
    }

    @Override
    public long count(AuditQuery query) {
        return tx.inTransaction("counting the audit log", session -> {
            Filter filter = Filter.of(query);
            SelectionQuery<Long> select = session.createSelectionQuery(
                    "select count(a) from AuditEventEntity a" + filter.where, Long.class);
            filter.bind(select);
            return select.getSingleResult();
        });
    }

    @Override
    public List<Followed> after(long afterId, int limit) {
        return tx.inTransaction("following the audit log", session -> session.createSelectionQuery(
                "from AuditEventEntity a where a.id > :after order by a.id", AuditEventEntity.class)
                .setParameter("after", afterId).setMaxResults(limit)
                .getResultList().stream()
                .map(row -> new Followed(row.toDomain(), tx.processId().equals(row.origin))).toList());
    }

    @Override
    public long latestId() {
        return tx.inTransaction("reading the audit log", session -> session.createSelectionQuery(
                "select coalesce(max(a.id), 0) from AuditEventEntity a", Long.class).getSingleResult());
    }

    /**
     * The counters per action and outcome that the database keeps (migration V4), and the
     * time-to-ready figures of the successful provisionings: never a pass over the whole log.
     */
    @Override
    public long count(ActionType action, Outcome outcome) {
        return tx.inTransaction("counting " + action + " rows", session -> {
            var query = session.createNativeQuery("SELECT COALESCE(SUM(events), 0) FROM audit_count WHERE action = :action"
                    + " AND (:outcome = '' OR outcome = :outcome)", Object.class);
            return query.setParameter("action", action.name()).setParameter("outcome", outcome == null ? "" : outcome.name())
                    .getSingleResult() instanceof Number n ? n.longValue() : 0L;
        });
    }

    @Override
    public StoreMetrics summarize() {
        Object[][] read = tx.inTransaction("summing the audit log", session -> new Object[][] {
            session.createNativeQuery("SELECT action, outcome, events FROM audit_count", Object[].class)
                    .getResultList().toArray(Object[][]::new),
            session.createNativeQuery("""
                    SELECT COUNT(duration_ms), AVG(CAST(duration_ms AS DOUBLE PRECISION)),
                           PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_ms),
                           PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY duration_ms),
                           MAX(duration_ms)
                    FROM audit_event
                    WHERE action = 'PROVISION_SUCCEEDED' AND outcome = 'SUCCESS' AND duration_ms IS NOT NULL
                    """, Object[].class).getSingleResult()});
        Map<ActionType, Map<Outcome, Long>> counts = new EnumMap<>(ActionType.class);
        for (Object row : read[0]) {
            Object[] r = (Object[]) row;
            counts.computeIfAbsent(ActionType.valueOf((String) r[0]), a -> new EnumMap<>(Outcome.class))
                    .put(Outcome.valueOf((String) r[1]), ((Number) r[2]).longValue());
        }
        Object[] stats = read[1];
        long timed = ((Number) stats[0]).longValue();
        StoreMetrics.TimeToReady timeToReady = timed == 0 ? StoreMetrics.TimeToReady.NONE
                : new StoreMetrics.TimeToReady(timed, number(stats[1]), number(stats[2]), number(stats[3]),
                        ((Number) stats[4]).longValue());
        Counts c = new Counts(counts);
        return new StoreMetrics(
                c.of(ActionType.CREATE, Outcome.SUCCESS) - c.all(ActionType.DELETED),
                c.of(ActionType.PROVISION_STARTED, Outcome.SUCCESS),
                c.of(ActionType.PROVISION_FAILED, Outcome.FAILURE) + c.of(ActionType.UPGRADE_FAILED, Outcome.FAILURE)
                        + c.of(ActionType.ROLLBACK_FAILED, Outcome.FAILURE),
                c.of(ActionType.UPGRADE, Outcome.SUCCESS),
                c.of(ActionType.ROLLBACK, Outcome.SUCCESS),
                c.of(ActionType.RETRY, Outcome.SUCCESS),
                c.of(ActionType.ORDER_PLACED, Outcome.SUCCESS),
                timeToReady);
    }

    /**
     * One GROUP BY over the provisioning results in the window; the bucket number is the whole
     * number of bucket lengths since {@code from} (EXTRACT(EPOCH …), which H2 and PostgreSQL both
     * know). Served by the index on (action, occurred_at).
     */
    @Override
    public List<OutcomeBucket> provisioningOutcomes(Instant from, Duration size, int buckets) {
        long sizeMs = size.toMillis();
        Instant to = from.plusMillis(sizeMs * buckets);
        List<Object[]> rows = tx.inTransaction("summing provisioning results over time", session -> session
                .createNativeQuery("""
                        SELECT bucket,
                               SUM(CASE WHEN action = 'PROVISION_SUCCEEDED' THEN 1 ELSE 0 END),
                               SUM(CASE WHEN action = 'PROVISION_FAILED' THEN 1 ELSE 0 END)
                        FROM (SELECT CAST(FLOOR((EXTRACT(EPOCH FROM occurred_at) * 1000 - CAST(:fromMs AS DOUBLE PRECISION))
                                                / CAST(:sizeMs AS DOUBLE PRECISION)) AS BIGINT)
                                         AS bucket,
                                     action
                              FROM audit_event
                              WHERE action IN ('PROVISION_SUCCEEDED', 'PROVISION_FAILED')
                                AND occurred_at >= :fromTime AND occurred_at < :toTime
                                AND ((action = 'PROVISION_SUCCEEDED' AND outcome = 'SUCCESS')
                                     OR (action = 'PROVISION_FAILED' AND outcome = 'FAILURE'))) results
                        GROUP BY bucket
                        ORDER BY bucket
                        """, Object[].class)
                .setParameter("fromTime", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .setParameter("toTime", OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .setParameter("fromMs", from.toEpochMilli())
                .setParameter("sizeMs", sizeMs)
                .getResultList());
        long[][] counts = new long[buckets][2];
        for (Object[] row : rows) {
            int bucket = (int) ((Number) row[0]).longValue();
            if (bucket >= 0 && bucket < buckets) {
                counts[bucket][0] = ((Number) row[1]).longValue();
                counts[bucket][1] = ((Number) row[2]).longValue();
            }
        }
        List<OutcomeBucket> result = new ArrayList<>(buckets);
        for (int k = 0; k < buckets; k++) {
            result.add(new OutcomeBucket(from.plusMillis(sizeMs * k), counts[k][0], counts[k][1]));
        }
        return result;
    }

    /** One GROUP BY over a CASE that numbers the histogram bucket of each successful provisioning. */
    @Override
    public List<DurationBucket> timeToReadyDistribution(List<Duration> upperBounds) {
        StringBuilder bucketOf = new StringBuilder("CASE");
        for (int i = 0; i < upperBounds.size(); i++) {
            // Numbers from Duration, not text: nothing user-supplied reaches the SQL.
            bucketOf.append(" WHEN duration_ms < ").append(upperBounds.get(i).toMillis()).append(" THEN ").append(i);
        }
        bucketOf.append(" ELSE ").append(upperBounds.size()).append(" END");
        List<Object[]> rows = tx.inTransaction("summing times to ready", session -> session.createNativeQuery(
                "SELECT bucket, COUNT(*) FROM (SELECT " + bucketOf + " AS bucket FROM audit_event"
                        + " WHERE action = 'PROVISION_SUCCEEDED' AND outcome = 'SUCCESS' AND duration_ms IS NOT NULL)"
                        + " durations GROUP BY bucket", Object[].class).getResultList());
        long[] counts = new long[upperBounds.size() + 1];
        for (Object[] row : rows) {
            counts[((Number) row[0]).intValue()] = ((Number) row[1]).longValue();
        }
        List<DurationBucket> result = new ArrayList<>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            result.add(new DurationBucket(i == 0 ? Duration.ZERO : upperBounds.get(i - 1),
                    i < upperBounds.size() ? upperBounds.get(i) : null, counts[i]));
        }
        return result;
    }

    private static double number(Object value) {
        return value == null ? 0 : ((Number) value).doubleValue();
    }

    private record Counts(Map<ActionType, Map<Outcome, Long>> byAction) {
        long of(ActionType action, Outcome outcome) {
            return byAction.getOrDefault(action, Map.of()).getOrDefault(outcome, 0L);
        }

        long all(ActionType action) {
            return byAction.getOrDefault(action, Map.of()).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The WHERE clause of a query and its parameters, built from the optional filters. */
    private record Filter(String where, List<Object[]> parameters) {
        static Filter of(AuditQuery query) {
            List<String> conditions = new ArrayList<>();
            List<Object[]> parameters = new ArrayList<>();
            if (query.storeId() != null) {
                conditions.add("a.storeId = :storeId");
                parameters.add(new Object[] {"storeId", query.storeId()});
            }
            if (query.storeNameContains() != null && !query.storeNameContains().isBlank()) {
                conditions.add("lower(a.storeName) like :name escape '\\'");
                parameters.add(new Object[] {"name", "%" + escapeLike(query.storeNameContains().strip()
                        .toLowerCase(Locale.ROOT)) + "%"});
            }
            if (query.action() != null) {
                conditions.add("a.action = :action");
                parameters.add(new Object[] {"action", query.action()});
            }
            return new Filter(conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions), parameters);
        }

        void bind(SelectionQuery<?> select) {
            for (Object[] parameter : parameters) {
                select.setParameter((String) parameter[0], parameter[1]);
            }
        }

        private static String escapeLike(String text) {
            return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        }
    }
}
