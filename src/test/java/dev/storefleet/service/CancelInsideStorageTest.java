package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.testing.Eventually;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cancel that arrives while the operation's worker is inside a database call: the worker is
 * held on a row lock taken through a second connection, the operator cancels, the lock goes.
 * The database stays open, the write the worker was making lands whole, later requests work,
 * and nothing acknowledged is lost across a restart. Before, the cancel's interrupt turned the
 * lock wait into "the local database is busy", or closed H2's file for every thread.
 */
@Timeout(60)
class CancelInsideStorageTest extends ServiceFixtureTest {

    @Test
    void aCancelWhileTheWorkerWaitsForARowLockLeavesTheDatabaseOpenAndLosesNothing() throws Exception {
        fx.cluster().slowDown(Duration.ofMillis(300));
        Store store = fx.create("Locked Shop", "alice");
        try (Connection holder = fx.jdbc()) {
            holder.setAutoCommit(false);
            awaitStatus(store.id(), StoreStatus.PROVISIONING);
            try (Statement s = holder.createStatement()) {
                s.executeQuery("SELECT * FROM store WHERE id = " + store.id() + " FOR UPDATE").close();
            }
            awaitBlockedBy(holder); // the worker is now inside its update, waiting for the row

            assertTrue(fx.stores().cancel(store.id(), "ops"), "an operation was running");
            Thread.sleep(300); // time for an interrupt to land in H2's lock wait, were one sent
            holder.rollback();
        }
        fx.settle();

        Store after = fx.stores().get(store.id());
        assertEquals(StoreStatus.READY, after.status(), "the write it was making went through: " + after.lastError());
        Store next = fx.create("Next Shop", "bob");
        fx.settle();
        assertEquals(StoreStatus.READY, fx.stores().get(next.id()).status(), "the database is still open");
        List<ActionType> actions = fx.auditNewestFirst().stream().map(AuditEvent::action).toList();

        fx.close();
        fx.open();
        assertEquals(List.of(StoreStatus.READY, StoreStatus.READY),
                fx.stores().list().stream().map(Store::status).toList(), "both stores, as acknowledged");
        assertEquals(actions, fx.auditNewestFirst().stream().map(AuditEvent::action).toList(), "every audit row kept");
        assertTrue(actions.contains(ActionType.CANCEL));
    }

    @Test
    void aCancelStopsAWaitOnTheClusterAtOnceAndTheFailureIsRecorded() throws Exception {
        fx.cluster().slowDown(Duration.ofSeconds(20)); // inside the cluster until interrupted
        Store store = fx.create("Slow Shop", "alice");
        awaitStatus(store.id(), StoreStatus.PROVISIONING);
        Thread.sleep(100);
        long cancelled = System.nanoTime();
        assertTrue(fx.stores().cancel(store.id(), "ops"));
        fx.settle();
        assertTrue(System.nanoTime() - cancelled < Duration.ofSeconds(5).toNanos(), "stopped well before the call ended");
        Store after = fx.stores().get(store.id());
        assertEquals(StoreStatus.FAILED, after.status());
        assertTrue(after.lastError().startsWith("cancelled by the operator"), after.lastError());
    }

    private void awaitStatus(long id, StoreStatus status) {
        assertEquals(status, Eventually.until(() -> fx.stores().get(id).status(), s -> s == status,
                Duration.ofSeconds(5)));
    }

    /** Waits until another session of the database waits for a lock {@code holder} holds. */
    private static void awaitBlockedBy(Connection holder) throws Exception {
        try (Statement s = holder.createStatement()) {
            Eventually.await("a session to wait for the held row", Duration.ofSeconds(10), () -> {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                        + " WHERE BLOCKER_ID = SESSION_ID()")) {
                    rs.next();
                    return rs.getInt(1) > 0;
                }
            });
        }
    }
}
