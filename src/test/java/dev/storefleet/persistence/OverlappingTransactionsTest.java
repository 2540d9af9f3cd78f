package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.ConflictException;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.Store;
import dev.storefleet.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the repository makes of another transaction's work, step by step: a name another
 * transaction took and commits while this create waits is a conflict in words (the database's
 * unique constraint, recognised by name), and a create that waits on its owner's row longer than
 * the lock timeout is told that the database is busy and that nothing was saved. On the H2 file
 * here, on PostgreSQL in {@link OverlappingTransactionsOnPostgresTest}.
 */
@Timeout(60)
class OverlappingTransactionsTest {
    @TempDir
    Path dir;
    private DatabaseTarget target;
    private Database db;

    /** The database the tests run on: the H2 file; PostgreSQL in the subclass. */
    protected DatabaseTarget database() {
        return DatabaseTarget.h2(dir);
    }

    @BeforeEach
    void open() {
        target = database();
        db = Database.open(target);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aNameAnotherTransactionTookIsAConflictOnceItCommits() throws Exception {
        try (Connection other = jdbc()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.execute("INSERT INTO store_owner VALUES ('alice')");
                s.execute("INSERT INTO store (name, name_key, slug, store_type, owner, owner_key, status, k8s_namespace,"
                        + " release_name, created_at, updated_at) VALUES ('Same Shop', 'same shop', 'same-shop',"
                        + " 'WOOCOMMERCE', 'alice', 'alice', 'CREATED', 'store-same-shop', 'store-same-shop',"
                        + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            }
            // Not committed yet: the create cannot see the row, and its insert waits on the unique key.
            CompletableFuture<Object> create = CompletableFuture.supplyAsync(() -> {
                try {
                    return insert("Same Shop", "bob");
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Thread.sleep(500);
            assertFalse(create.isDone(), "the create waits for the other transaction: " + create.getNow(null));
            other.commit();
            Object outcome = create.get(20, TimeUnit.SECONDS);
            ConflictException conflict = assertInstanceOf(ConflictException.class, outcome);
            assertTrue(conflict.getMessage().contains("was just created. Choose another name."), conflict.getMessage());
        }
        assertEquals(1, db.stores().findAll().size(), "only the other transaction's store");
        assertEquals(0, db.auditLog().latestId(), "the refused create left no audit row");
    }

    @Test
    void aCreateThatWaitsTooLongOnItsOwnerIsToldTheDatabaseIsBusy() throws Exception {
        insert("First", "alice");
        try (Connection other = jdbc()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.executeQuery("SELECT owner_key FROM store_owner WHERE owner_key = 'alice' FOR UPDATE").close();
            }
            long started = System.nanoTime();
            StorageException busy = assertThrows(StorageException.class, () -> insert("Second", "alice"));
            long waitedMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(busy.getMessage().endsWith("is busy (creating store 'Second' waited too long for a lock)."
                    + " Nothing was saved; try again."), busy.getMessage());
            assertTrue(busy.getMessage().startsWith(target.shared() ? "The team database" : "The local database"),
                    busy.getMessage());
            assertTrue(waitedMs >= 5_000, "it queued on the owner's row before giving up: " + waitedMs + " ms");
            other.rollback();
        }
        assertEquals("Second", insert("Second", "alice").name(), "once the lock is gone the create goes through");
        assertEquals(2, db.stores().findAll().size());
    }

    private Store insert(String name, String owner) {
        Store draft = Store.accepted(new NewStoreRequest(name, owner, null, null).validate(), Instant.now());
        return db.stores().insert(draft, 3, s -> AuditEvent.of(Instant.now(), ActionType.CREATE, Outcome.SUCCESS, s,
                "tester", "created")).store();
    }

    private Connection jdbc() throws SQLException {
        return target.shared() ? TestPostgres.connect(target)
                : DriverManager.getConnection(Database.jdbcUrl(dir), "storefleet", "");
    }
}
