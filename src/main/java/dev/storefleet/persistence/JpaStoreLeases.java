package dev.storefleet.persistence;

import dev.storefleet.service.port.StoreLeases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Leases in the store table's lease columns and the fleet_lease table (migration V6). Every take
 * and renewal is one UPDATE guarded by the holder and the expiry, so two processes racing for a
 * lease cannot both win, whatever the isolation level; expiry is the database's CURRENT_TIMESTAMP,
 * so laptops whose clocks differ agree on it. The same SQL runs on H2 and PostgreSQL.
 */
final class JpaStoreLeases implements StoreLeases {
    /** The expiry a take or renewal sets: the database's now plus the lease's time to live. */
    private static final String EXPIRY = "CURRENT_TIMESTAMP + CAST(? AS INTEGER) * INTERVAL '1' SECOND";
    private static final String FREE_OR_OURS = "(lease_holder IS NULL OR lease_holder = ? OR lease_expires_at < CURRENT_TIMESTAMP)";

    private final Transactions tx;
    private final Holder self;
    private final int ttlSeconds;

    JpaStoreLeases(Transactions tx, Holder self, Duration ttl) {
        this.tx = tx;
        this.self = self;
        this.ttlSeconds = (int) Math.max(1, ttl.toSeconds());
    }

    @Override
    public Holder self() {
        return self;
    }

    @Override
    public Optional<Lease> acquire(long storeId, String operation, String holderName) {
        return work("taking the lease on store " + storeId, connection -> {
            int taken = update(connection, "UPDATE store SET lease_holder = ?, lease_holder_name = ?, lease_operation = ?,"
                    + " lease_expires_at = " + EXPIRY + " WHERE id = ? AND " + FREE_OR_OURS,
                    self.id(), clip(holderName, 255), clip(operation, 32), ttlSeconds, storeId, self.id());
            return taken == 1 ? Optional.<Lease>empty() : liveStoreLease(connection, storeId);
        });
    }

    @Override
    public Optional<Lease> current(long storeId) {
        return work("reading the lease on store " + storeId, connection -> liveStoreLease(connection, storeId));
    }

    @Override
    public void release(long storeId) {
        work("giving up the lease on store " + storeId, connection -> update(connection,
                "UPDATE store SET lease_holder = NULL, lease_holder_name = NULL, lease_operation = NULL,"
                        + " lease_expires_at = NULL WHERE id = ? AND lease_holder = ?", storeId, self.id()));
    }

    @Override
    public Set<Long> renew(Collection<Long> storeIds) {
        if (storeIds.isEmpty()) {
            return Set.of();
        }
        List<Object> ours = new ArrayList<>();
        ours.add(self.id());
        ours.addAll(storeIds);
        String in = String.join(",", Collections.nCopies(storeIds.size(), "?"));
        return work("renewing store leases", connection -> {
            List<Object> renewal = new ArrayList<>(ours);
            renewal.add(0, ttlSeconds);
            update(connection, "UPDATE store SET lease_expires_at = " + EXPIRY + " WHERE lease_holder = ? AND id IN (" + in + ")",
                    renewal.toArray());
            Set<Long> held = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id FROM store WHERE lease_holder = ? AND id IN (" + in + ")")) {
                bind(select, ours.toArray());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        held.add(rows.getLong(1));
                    }
                }
            }
            return held;
        });
    }

    @Override
    public Optional<Lease> acquireFleet(String name) {
        return work("taking the fleet lease " + name, connection -> {
            int taken = update(connection, "UPDATE fleet_lease SET holder = ?, holder_name = ?, expires_at = " + EXPIRY
                    + " WHERE name = ? AND (holder IS NULL OR holder = ? OR expires_at < CURRENT_TIMESTAMP)",
                    self.id(), clip(self.name(), 255), ttlSeconds, name, self.id());
            if (taken == 1) {
                return Optional.<Lease>empty();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT holder, holder_name, expires_at FROM fleet_lease"
                    + " WHERE name = ? AND holder IS NOT NULL AND expires_at >= CURRENT_TIMESTAMP")) {
                bind(select, name);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        // No such lease row, or it expired between the two statements: not held by anyone.
                        return Optional.<Lease>empty();
                    }
                    return Optional.of(new Lease(null, row.getString(1), row.getString(2), name,
                            row.getObject(3, OffsetDateTime.class).toInstant()));
                }
            }
        });
    }

    @Override
    public void releaseFleet(String name) {
        work("giving up the fleet lease " + name, connection -> update(connection,
                "UPDATE fleet_lease SET holder = NULL, holder_name = NULL, expires_at = NULL WHERE name = ? AND holder = ?",
                name, self.id()));
    }

    @Override
    public void releaseAll() {
        work("giving up this console's leases", connection -> {
            update(connection, "UPDATE store SET lease_holder = NULL, lease_holder_name = NULL, lease_operation = NULL,"
                    + " lease_expires_at = NULL WHERE lease_holder = ?", self.id());
            return update(connection, "UPDATE fleet_lease SET holder = NULL, holder_name = NULL, expires_at = NULL"
                    + " WHERE holder = ?", self.id());
        });
    }

    /**
     * Forgets every lease, whoever held it: only for a database no other process can have open
     * (the H2 file, under its file lock), where a lease left behind is a killed console's.
     */
    static void forgetAll(Transactions tx) {
        tx.inTransaction("clearing leases a stopped console left", session -> session.doReturningWork(connection -> {
            update(connection, "UPDATE store SET lease_holder = NULL, lease_holder_name = NULL, lease_operation = NULL,"
                    + " lease_expires_at = NULL WHERE lease_holder IS NOT NULL");
            return update(connection, "UPDATE fleet_lease SET holder = NULL, holder_name = NULL, expires_at = NULL"
                    + " WHERE holder IS NOT NULL");
        }));
    }

    private static Optional<Lease> liveStoreLease(Connection connection, long storeId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT lease_holder, lease_holder_name, lease_operation,"
                + " lease_expires_at FROM store WHERE id = ? AND lease_holder IS NOT NULL AND lease_expires_at >= CURRENT_TIMESTAMP")) {
            bind(select, storeId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Lease(storeId, row.getString(1), row.getString(2), row.getString(3),
                        row.getObject(4, OffsetDateTime.class).toInstant()));
            }
        }
    }

    /** Plain JDBC on the session's connection, inside one transaction of {@link Transactions}. */
    private <T> T work(String what, JdbcWork<T> work) {
        return tx.inTransaction(what, session -> session.doReturningWork(work::run));
    }

    private static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            return statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    @FunctionalInterface
    private interface JdbcWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
