package dev.storefleet.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** H2 trigger (see migration V2) that refuses every UPDATE and DELETE of an audit row. */
public final class AuditAppendOnlyTrigger implements Trigger {
    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("audit_event is append-only: audit rows are never updated or deleted", "42000");
    }
}
