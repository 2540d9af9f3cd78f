package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.persistence.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Following the others' audit rows on a real database: rows another process wrote (played by
 * plain JDBC inserts stamped with another origin) reach the listeners once each, with the stores
 * they changed read again, and a row whose transaction commits after a later one is not lost.
 */
@Timeout(60)
class OtherConsolesTest {
    @TempDir
    Path dir;
    private Database db;
    private StoreRecords records;
    private OtherConsoles follower;
    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    private final List<Store> changed = new CopyOnWriteArrayList<>();
    private final List<Long> removed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        db = Database.open(dir);
        StoreEvents events = new StoreEvents();
        events.subscribe(new StoreEvents.Listener() {
            @Override
            public void audited(AuditEvent event) {
                audited.add(event);
            }

            @Override
            public void storeChanged(Store store) {
                changed.add(store);
            }

            @Override
            public void storeRemoved(long storeId) {
                removed.add(storeId);
            }
        });
        records = new StoreRecords(db.stores(), new AuditService(db.auditLog(), events), events, Clock.systemUTC());
        follower = new OtherConsoles(db.auditLog(), records, events, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        follower.close();
        db.close();
    }

    @Test
    void theOthersRowsArriveOnceEachWithTheirStoresReadAgainAndOwnRowsAreSkipped() throws Exception {
        Store shop = records.insert(Store.accepted(new NewStoreRequest("Followed Shop", "ann", null, null).validate(),
                records.now()), 3, s -> records.audit(ActionType.CREATE, Outcome.SUCCESS, s, "ann", "created"));
        follower.start(java.time.Duration.ofHours(1)); // polled by hand below
        audited.clear();
        changed.clear();

        records.append(records.audit(ActionType.CANCEL, Outcome.REJECTED, shop, "ann", "written here"));
        try (Connection other = DriverManager.getConnection(Database.jdbcUrl(dir), "storefleet", "")) {
            insertAsOtherProcess(other, shop.id(), "Followed Shop", "upgraded elsewhere");
            insertAsOtherProcess(other, 9_999L, "Gone Shop", "deleted elsewhere");
        }
        audited.clear(); // what records.append told the listeners itself

        follower.poll();
        assertEquals(List.of("upgraded elsewhere", "deleted elsewhere"), audited.stream().map(AuditEvent::detail).toList());
        assertEquals(List.of(shop.id()), changed.stream().map(Store::id).toList(), "the store read again once");
        assertEquals(List.of(9_999L), removed, "a store no longer there is removed");

        follower.poll();
        assertEquals(2, audited.size(), "nothing twice");
    }

    @Test
    void aRowThatCommitsAfterALaterOneIsStillFollowed() throws Exception {
        follower.start(java.time.Duration.ofHours(1));
        try (Connection slow = DriverManager.getConnection(Database.jdbcUrl(dir), "storefleet", "");
                Connection quick = DriverManager.getConnection(Database.jdbcUrl(dir), "storefleet", "")) {
            slow.setAutoCommit(false);
            insertAsOtherProcess(slow, null, null, "first id, committed last"); // holds the lower id, uncommitted
            insertAsOtherProcess(quick, "ROLLBACK", null, null, "second id, committed first");

            follower.poll();
            assertEquals(List.of("second id, committed first"), audited.stream().map(AuditEvent::detail).toList());

            slow.commit();
            follower.poll();
            assertEquals(List.of("second id, committed first", "first id, committed last"),
                    audited.stream().map(AuditEvent::detail).toList());
            assertTrue(audited.get(1).id() < audited.get(0).id(), "the late one has the lower id");
        }
    }

    private static void insertAsOtherProcess(Connection connection, Long storeId, String storeName, String detail)
            throws SQLException {
        insertAsOtherProcess(connection, "UPGRADE", storeId, storeName, detail);
    }

    /** Rows of one action count on one counter row, locked until commit: the overtaking row is of another action. */
    private static void insertAsOtherProcess(Connection connection, String action, Long storeId, String storeName,
            String detail) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_event (occurred_at, action,"
                + " outcome, store_id, store_name, actor, detail, origin) VALUES (?, ?, 'SUCCESS', ?, ?, 'bob@laptop-2', ?,"
                + " 'another-process')")) {
            insert.setObject(1, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
            insert.setString(2, action);
            insert.setObject(3, storeId);
            insert.setString(4, storeName);
            insert.setString(5, detail);
            insert.executeUpdate();
        }
    }
}
