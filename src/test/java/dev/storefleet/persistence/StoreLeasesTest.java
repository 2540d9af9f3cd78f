package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.service.port.StoreLeases;
import dev.storefleet.service.port.StoreLeases.Holder;
import dev.storefleet.service.port.StoreLeases.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The leases' SQL, with two holders standing for two processes on one database. */
@Timeout(60)
class StoreLeasesTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private DatabaseTarget target;
    private Database db;
    private StoreLeases alice;
    private StoreLeases bob;
    private long storeId;

    /** The database the leases are tested on: the H2 file; PostgreSQL in {@link StoreLeasesOnPostgresTest}. */
    protected DatabaseTarget database() {
        return DatabaseTarget.h2(dir);
    }

    @BeforeEach
    void open() {
        target = database();
        db = Database.open(target);
        alice = db.leasesFor(new Holder("process-a", "alice@laptop-1"), TTL);
        bob = db.leasesFor(new Holder("process-b", "bob@laptop-2"), TTL);
        storeId = newStore("Lease Shop");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aStoreLeaseHeldByOneProcessIsRefusedToTheOtherWithItsHolder() {
        assertEquals(Optional.empty(), alice.acquire(storeId, "upgrade", "alice@laptop-1"));
        Lease held = bob.acquire(storeId, "delete", "bob@laptop-2").orElseThrow();
        assertEquals("process-a", held.holderId());
        assertEquals("alice@laptop-1", held.holderName());
        assertEquals("upgrade", held.operation(), "the refused take changed nothing");
        assertTrue(held.expiresAt().isAfter(Instant.now().plusSeconds(20)), "expires a lease time from now: " + held);

        assertEquals(Optional.empty(), alice.acquire(storeId, "rollback", "alice@laptop-1"), "the holder renews it");
        assertEquals("rollback", bob.current(storeId).orElseThrow().operation());

        bob.release(storeId); // not bob's: nothing happens
        assertTrue(alice.current(storeId).isPresent());
        alice.release(storeId);
        assertEquals(Optional.empty(), alice.current(storeId));
        assertEquals(Optional.empty(), bob.acquire(storeId, "delete", "bob@laptop-2"));
        assertEquals("bob@laptop-2", alice.current(storeId).orElseThrow().holderName());
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsFormerHolderCannotRenewIt() throws Exception {
        StoreLeases shortLived = db.leasesFor(new Holder("process-a", "alice@laptop-1"), Duration.ofSeconds(1));
        long other = newStore("Other Shop");
        assertEquals(Optional.empty(), shortLived.acquire(storeId, "provisioning", "alice@laptop-1"));
        assertEquals(Optional.empty(), shortLived.acquire(other, "provisioning", "alice@laptop-1"));
        assertTrue(bob.acquire(storeId, "reconcile", "bob@laptop-2").isPresent(), "alive: refused");

        Thread.sleep(1_500); // past the one-second lease, by the database's clock
        assertEquals(Optional.empty(), bob.current(storeId), "an expired lease is nobody's");
        assertEquals(Optional.empty(), bob.acquire(storeId, "reconcile", "bob@laptop-2"), "taken over");

        assertEquals(Set.of(other), shortLived.renew(List.of(storeId, other)),
                "the former holder renews only what is still its own");
        assertEquals("bob@laptop-2", bob.current(storeId).orElseThrow().holderName());
    }

    @Test
    void savingAStoreLeavesItsLeaseAlone() {
        alice.acquire(storeId, "upgrade", "alice@laptop-1");
        db.stores().update(storeId, s -> s.startProvisioning(Instant.now()),
                s -> AuditEvent.of(Instant.now(), ActionType.PROVISION_STARTED, Outcome.SUCCESS, s, "alice", "provisioning"));
        assertEquals("alice@laptop-1", bob.current(storeId).orElseThrow().holderName());
    }

    @Test
    void theFleetLeaseHasOneHolderAtATime() {
        assertEquals(Optional.empty(), alice.acquireFleet("reconciliation"));
        assertEquals("alice@laptop-1", bob.acquireFleet("reconciliation").orElseThrow().holderName());
        assertEquals(Optional.empty(), alice.acquireFleet("reconciliation"), "renewed by its holder");
        alice.releaseAll();
        assertEquals(Optional.empty(), bob.acquireFleet("reconciliation"));
        assertTrue(alice.acquireFleet("reconciliation").isPresent());
    }

    @Test
    void leasesOfAConsoleThatWasKilledOutliveItOnlyOnASharedDatabase() {
        alice.acquire(storeId, "provisioning", "alice@laptop-1");
        alice.acquireFleet("reconciliation");
        db.close(); // as a kill would: nothing given up
        db = Database.open(target);
        StoreLeases next = db.leases("alice@laptop-1", TTL);
        if (db.shared()) {
            // Another console may be alive and at work: its leases hold until they expire.
            assertEquals("alice@laptop-1", next.current(storeId).orElseThrow().holderName());
            assertTrue(next.acquireFleet("reconciliation").isPresent());
        } else {
            // The file lock says no other console has the file: what is left is a dead one's.
            assertEquals(Optional.empty(), next.current(storeId));
            assertEquals(Optional.empty(), next.acquireFleet("reconciliation"));
        }
    }

    @Test
    void auditRowsSayWhetherThisProcessWroteThem() {
        long before = db.auditLog().latestId();
        newStore("Audited Shop");
        var followed = db.auditLog().after(before, 10);
        assertEquals(1, followed.size());
        assertTrue(followed.get(0).fromThisProcess());
        db.close();
        db = Database.open(target); // a new process id
        var seen = db.auditLog().after(before, 10);
        assertEquals(followed.get(0).event().id(), seen.get(0).event().id());
        assertFalse(seen.get(0).fromThisProcess(), "written by another process");
        assertEquals(seen.get(0).event().id(), db.auditLog().latestId());
    }

    private long newStore(String name) {
        Store draft = Store.accepted(new NewStoreRequest(name, "owner-" + name.hashCode(), null, null).validate(),
                Instant.now());
        return db.stores().insert(draft, 3, s -> AuditEvent.of(Instant.now(), ActionType.CREATE, Outcome.SUCCESS, s,
                "test", "created")).store().id();
    }
}
