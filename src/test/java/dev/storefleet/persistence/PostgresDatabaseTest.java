package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.Store;
import dev.storefleet.testing.TestPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The team database on a real PostgreSQL: migrated once and reopened without migrating, the audit
 * log append-only and counted by the database itself, and a server that is not there, a wrong
 * database or user told in words without the password.
 */
@Timeout(60)
class PostgresDatabaseTest {

    @Test
    void migratedReopenedAppendOnlyAndCounted() throws Exception {
        DatabaseTarget target = TestPostgres.freshDatabase();
        long id;
        try (Database db = Database.open(target)) {
            assertTrue(db.shared());
            id = create(db, "Team Shop");
            db.auditLog().append(AuditEvent.of(Instant.now(), ActionType.CANCEL, Outcome.REJECTED,
                    db.stores().find(id).orElseThrow(), "alice@laptop-1", "nothing was running"));
        }
        try (Database again = Database.open(target); Connection sql = TestPostgres.connect(target);
                Statement s = sql.createStatement()) {
            assertEquals("Team Shop", again.stores().find(id).orElseThrow().name(), "kept across a reopen");
            var history = s.executeQuery("SELECT COUNT(*), MAX(version::int) FROM flyway_schema_history WHERE success");
            history.next();
            assertEquals(Database.SCHEMA_VERSION, history.getInt(1), "each migration ran once");
            assertEquals(Database.SCHEMA_VERSION, history.getInt(2));

            SQLException update = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE audit_event SET detail = 'x'"));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM audit_event"));
            assertThrows(SQLException.class, () -> s.executeUpdate("TRUNCATE audit_event"));

            assertEquals(1L, again.auditLog().summarize().activeStores(), "the create counted by the trigger");
            var cancels = s.executeQuery("SELECT events FROM audit_count WHERE action = 'CANCEL' AND outcome = 'REJECTED'");
            assertTrue(cancels.next());
            assertEquals(1L, cancels.getLong(1));
        }
    }

    @Test
    void aServerThatIsNotThereIsToldInWordsWithoutThePassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DatabaseTarget nowhere = DatabaseTarget.of("postgresql://alice:s3cret-pw@127.0.0.1:" + closedPort + "/storefleet",
                null, null);
        long started = System.nanoTime();
        StorageException e = assertThrows(StorageException.class, () -> Database.open(nowhere));
        assertTrue(e.getMessage().startsWith("Cannot open the PostgreSQL database storefleet on 127.0.0.1:" + closedPort
                + " as alice: "), e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertTrue(e.getMessage().contains("Check DATABASE_URL"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
        assertTrue((System.nanoTime() - started) / 1_000_000_000 < 20, "told at once, not after retries");
    }

    @Test
    void aMissingDatabaseIsToldInTheServersWords() {
        DatabaseTarget fresh = TestPostgres.freshDatabase();
        DatabaseTarget missing = DatabaseTarget.of(fresh.jdbcUrl().replaceFirst("/[^/]+$", "/no_such_db") + "?user=postgres",
                null, null);
        StorageException e = assertThrows(StorageException.class, () -> Database.open(missing));
        assertTrue(e.getMessage().contains("\"no_such_db\" does not exist"), e.getMessage());
    }

    private static long create(Database db, String name) {
        Store draft = Store.accepted(new NewStoreRequest(name, "owner-" + name.hashCode(), null, null).validate(),
                Instant.now());
        return db.stores().insert(draft, 3, s -> AuditEvent.of(Instant.now(), ActionType.CREATE, Outcome.SUCCESS, s,
                "test", "created")).store().id();
    }
}
