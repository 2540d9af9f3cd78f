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
    private static final String DUPLICATE_KEY = "23505";

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if (increment(connection, newRow) > 0) {
            return;
        }
        try (PreparedStatement first = connection.prepareStatement(
                "INSERT INTO audit_count (action, outcome, events) VALUES (?, ?, 1)")) {
            first.setObject(1, newRow[ACTION]);
            first.setObject(2, newRow[OUTCOME]);
            first.executeUpdate();
        } catch (SQLException e) {
            // Another transaction counted the first row of this kind at the same moment: its
            // counter row is committed now, so count this one on it.
            if (!DUPLICATE_KEY.equals(e.getSQLState()) || increment(connection, newRow) == 0) {
                throw e;
            }
        }
    }

    private static int increment(Connection connection, Object[] row) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "UPDATE audit_count SET events = events + 1 WHERE action = ? AND outcome = ?")) {
            count.setObject(1, row[ACTION]);
            count.setObject(2, row[OUTCOME]);
            return count.executeUpdate();
        }
    }
}
