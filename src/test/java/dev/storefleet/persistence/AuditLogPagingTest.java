package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.service.port.AuditLog;
import dev.storefleet.service.port.AuditLog.AuditQuery;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The activity page's queries as the database answers them: newest first in pages, filtered by
 * store, by action and by a part of the store's name (ignoring case; '%' and '_' are letters
 * there, not wildcards), counted alike, and followed by id. On the H2 file here, on PostgreSQL
 * in {@link AuditLogPagingOnPostgresTest}.
 */
class AuditLogPagingTest {
    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    @TempDir
    Path dir;

    /** The database the queries run on: the H2 file; PostgreSQL in the subclass. */
    protected DatabaseTarget database() {
        return DatabaseTarget.h2(dir);
    }

    @Test
    void pagedFilteredCountedAndFollowed() {
        try (Database db = Database.open(database())) {
            AuditLog log = db.auditLog();
            String[] names = {"Summer Sale", "100% Cotton", "snake_case shop", "SUMMER CAMP", "Winter"};
            for (int i = 0; i < names.length; i++) {
                log.append(new AuditEvent(null, T0.plusSeconds(i), i % 2 == 0 ? ActionType.CREATE : ActionType.UPGRADE,
                        Outcome.SUCCESS, (long) (i + 1), names[i], "tester", "row " + i, null));
            }
            assertEquals(List.of("row 4", "row 3"), details(log.page(new AuditQuery(null, null, null, 0, 2))), "newest first");
            assertEquals(List.of("row 2", "row 1"), details(log.page(new AuditQuery(null, null, null, 2, 2))), "the next page");
            assertEquals(List.of("row 1"), details(log.page(new AuditQuery(2L, null, null, 0, 10))));
            assertEquals(List.of("row 4", "row 2", "row 0"), details(log.page(new AuditQuery(null, null, ActionType.CREATE, 0, 10))));

            assertEquals(List.of("row 3", "row 0"), details(log.page(new AuditQuery(null, "summer", null, 0, 10))),
                    "ignoring case");
            assertEquals(List.of("row 1"), details(log.page(new AuditQuery(null, "0% c", null, 0, 10))), "% is a letter");
            assertEquals(List.of("row 2"), details(log.page(new AuditQuery(null, "e_c", null, 0, 10))), "_ is a letter");
            assertEquals(List.of(), details(log.page(new AuditQuery(null, "e_x", null, 0, 10))));
            assertEquals(List.of("row 0"), details(log.page(new AuditQuery(null, "Summer", ActionType.CREATE, 0, 10))));
            assertEquals(2, log.count(new AuditQuery(null, "SUMMER", null, 0, 1)), "counted over every page");
            assertEquals(5, log.count(AuditQuery.latest(1)));

            long third = log.page(new AuditQuery(3L, null, null, 0, 1)).get(0).id();
            assertEquals(List.of("row 3", "row 4"), log.after(third, 10).stream().map(f -> f.event().detail()).toList());
            assertEquals(log.page(AuditQuery.latest(1)).get(0).id(), log.latestId());
        }
    }

    private static List<String> details(List<AuditEvent> events) {
        return events.stream().map(AuditEvent::detail).toList();
    }
}
