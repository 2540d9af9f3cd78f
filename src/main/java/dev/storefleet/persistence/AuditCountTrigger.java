package dev.storefleet.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * Counts each audit row per action and outcome in {@code audit_count}, in the transaction that
 * inserts it (migration V4), so the metrics read a handful of counters instead of the whole log.
 */
public final class AuditCountTrigger implements Trigger {
    private static final int ACTION = 2;
    private static final int OUTCOME = 3;

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("""
                MERGE INTO audit_count c
                USING (VALUES (CAST(? AS VARCHAR(32)), CAST(? AS VARCHAR(16)))) AS e(action, outcome)
                ON c.action = e.action AND c.outcome = e.outcome
                WHEN MATCHED THEN UPDATE SET c.events = c.events + 1
                WHEN NOT MATCHED THEN INSERT (action, outcome, events) VALUES (e.action, e.outcome, 1)
                """)) {
            count.setObject(1, newRow[ACTION]);
            count.setObject(2, newRow[OUTCOME]);
            count.executeUpdate();
        }
    }
}
