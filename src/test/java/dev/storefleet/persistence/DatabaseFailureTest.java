package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ErrorKind;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.ServiceFixtureTest;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A failing database surfaces as the storage error (500) and leaves no partial rows. On the H2 file
 * here, on PostgreSQL in {@link DatabaseFailureOnPostgresTest}.
 */
class DatabaseFailureTest extends ServiceFixtureTest {
    @Test
    void failureMidTransactionKeepsNeitherTheStoreNorItsAuditRow() throws Exception {
        // Make the database itself refuse the CREATE audit row: the store row was already
        // inserted in the same transaction and must be rolled back with it.
        try (Connection c = fx.jdbc(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_event ADD CONSTRAINT test_refuse_create CHECK (action <> 'CREATE')");
        }
        StorageException e = assertThrows(StorageException.class, () -> fx.create("Shop", "alice"));
        assertEquals(ErrorKind.STORAGE, e.kind());
        assertEquals(500, e.kind().httpStatus());
        assertTrue(e.getMessage().contains("Nothing was saved"), e.getMessage());
        assertEquals(0, fx.countRows("store"), "no store row without its audit row");
        assertEquals(0, fx.countRows("audit_event"));
    }

    @Test
    void failedStatusChangeLeavesTheStoreAsItWas() throws Exception {
        Store store = fx.create("Shop", "alice");
        fx.settle();
        try (Connection c = fx.jdbc(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_event ADD CONSTRAINT test_refuse_delete CHECK (action <> 'DELETE')");
        }
        assertThrows(StorageException.class, () -> fx.stores().delete(store.id(), "ops"));
        fx.settle();
        assertEquals(StoreStatus.READY, fx.stores().get(store.id()).status(), "status change rolled back");
    }

    @Test
    void databaseClosedUnderTheServiceIsAStorageError() throws Exception {
        fx.create("Before", "alice");
        fx.settle();
        long storesBefore = fx.countRows("store");
        takeTheDatabaseAway();
        StorageException e = assertThrows(StorageException.class, () -> fx.create("After", "alice"));
        assertTrue(e.getMessage().startsWith(fx.app().sharedDatabase() ? "The team database failed while"
                : "The local database failed while"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was saved"), e.getMessage());
        assertThrows(StorageException.class, () -> fx.stores().list());
        fx.close();
        bringTheDatabaseBack();
        fx.open();
        assertEquals(storesBefore, fx.stores().list().size(), "nothing of the failed create was kept");
        assertTrue(fx.stores().list().stream().noneMatch(s -> s.name().equals("After")));
    }

    /** Closes the database under the running services: H2's SHUTDOWN. */
    protected void takeTheDatabaseAway() throws Exception {
        try (Connection c = fx.jdbc(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    /** Makes the database reachable again, for the reopen (H2 reopens its file by itself). */
    protected void bringTheDatabaseBack() throws Exception {
    }
}
