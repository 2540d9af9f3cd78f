package dev.storefleet.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * Counts each audit row per action and outcome in {@code audit_count}, in the transaction that
 * inserts it (migration V4), so the metrics read a handful of counters instead of the whole log.
 */
public final class AuditCountTrigger implements Trigger {
    private static final String DUPLICATE_KEY = "23505";

    /** Where action and outcome sit in the rows H2 hands over, read from the schema, not assumed. */
    private int action = -1;
    private int outcome = -1;

    @Override
    public void init(Connection connection, String schema, String trigger, String table, boolean before, int type)
            throws SQLException {
        try (PreparedStatement columns = connection.prepareStatement("SELECT COLUMN_NAME, ORDINAL_POSITION"
                + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            columns.setString(1, schema);
            columns.setString(2, table);
            try (ResultSet rs = columns.executeQuery()) {
                while (rs.next()) {
                    switch (rs.getString(1)) {
                        case "ACTION" -> action = rs.getInt(2) - 1;
                        case "OUTCOME" -> outcome = rs.getInt(2) - 1;
                        default -> { }
                    }
                }
            }
        }
        if (action < 0 || outcome < 0) {
            throw new SQLException("audit_count trigger: " + schema + "." + table + " has no ACTION or OUTCOME column");
        }
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if (increment(connection, newRow[action], newRow[outcome]) > 0) {
            return;
        }
        try (PreparedStatement first = connection.prepareStatement(
                "INSERT INTO audit_count (action, outcome, events) VALUES (?, ?, 1)")) {
            first.setObject(1, newRow[action]);
            first.setObject(2, newRow[outcome]);
            first.executeUpdate();
        } catch (SQLException e) {
            // Another transaction counted the first row of this kind at the same moment: its
            // counter row is committed now, so count this one on it.
            if (!DUPLICATE_KEY.equals(e.getSQLState()) || increment(connection, newRow[action], newRow[outcome]) == 0) {
                throw e;
            }
        }
    }

    private static int increment(Connection connection, Object action, Object outcome) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "UPDATE audit_count SET events = events + 1 WHERE action = ? AND outcome = ?")) {
            count.setObject(1, action);
            count.setObject(2, outcome);
            return count.executeUpdate();
        }
    }
}
