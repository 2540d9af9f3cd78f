package dev.storefleet.domain;

import static dev.storefleet.domain.StoreStatus.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreStatusTest {

    /** docs/design.md's lifecycle, written out once more by hand so the code cannot drift from it. */
    private static final Map<StoreStatus, Set<StoreStatus>> DESIGN = Map.ofEntries(
            Map.entry(CREATED, EnumSet.of(PROVISIONING, DELETING)),
            Map.entry(PROVISIONING, EnumSet.of(READY, FAILED, DELETING)),
            Map.entry(READY, EnumSet.of(PROVISIONING, UPGRADING, ROLLING_BACK, SUSPENDING, RESTORING, DELETING)),
            Map.entry(RESTORING, EnumSet.of(READY, FAILED, DELETING)),
            Map.entry(SUSPENDING, EnumSet.of(SUSPENDED, FAILED, DELETING)),
            Map.entry(SUSPENDED, EnumSet.of(RESUMING, DELETING)),
            Map.entry(RESUMING, EnumSet.of(READY, FAILED, DELETING)),
            Map.entry(UPGRADING, EnumSet.of(READY, FAILED, DELETING)),
            Map.entry(ROLLING_BACK, EnumSet.of(READY, FAILED, DELETING)),
            Map.entry(FAILED, EnumSet.of(PROVISIONING, ROLLING_BACK, DELETING)),
            Map.entry(DELETING, EnumSet.of(DELETING)));

    @Test
    void everyPairOfStatesFollowsTheDesign() {
        for (StoreStatus from : StoreStatus.values()) {
            for (StoreStatus to : StoreStatus.values()) {
                assertEquals(DESIGN.get(from).contains(to), from.canMoveTo(to), from + " -> " + to);
            }
        }
    }

    @Test
    void deleteIsAllowedFromEveryState() {
        for (StoreStatus from : StoreStatus.values()) {
            assertTrue(from.canMoveTo(DELETING), from + " must allow delete");
        }
    }

    @Test
    void illegalMoveIsATypedErrorInWords() {
        Store ready = store(READY, 1);
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> ready.startProvisioning(Instant.now()));
        assertEquals(ErrorKind.INVALID_STATE, e.kind());
        assertEquals(400, e.kind().httpStatus());
        assertTrue(e.getMessage().contains("while it is ready"), e.getMessage());
    }

    @Test
    void retryOnlyFromFailed() {
        for (StoreStatus status : StoreStatus.values()) {
            Store store = store(status, 1);
            if (status == FAILED) {
                assertEquals(PROVISIONING, store.retry(Instant.now()).status());
            } else {
                assertThrows(InvalidStateException.class, () -> store.retry(Instant.now()), status.name());
            }
        }
    }

    @Test
    void rollbackFromFailedNeedsADeployedRevision() {
        assertEquals(ROLLING_BACK, store(FAILED, 2).startRollback(Instant.now()).status());
        InvalidStateException e = assertThrows(InvalidStateException.class,
                () -> store(FAILED, null).startRollback(Instant.now()));
        assertTrue(e.getMessage().contains("never deployed"), e.getMessage());
        assertFalse(store(FAILED, null).canRollback());
        assertTrue(store(READY, 1).canRollback());
    }

    @Test
    void successClearsTheLastErrorAndFailureKeepsIt() {
        Store failed = store(PROVISIONING, null).failed("boom", Instant.now());
        assertEquals("boom", failed.lastError());
        Store ready = failed.retry(Instant.now()).ready(1, "http://x", Instant.now());
        assertNull(ready.lastError());
        assertEquals(1, ready.helmRevision());
    }

    @Test
    void suspendOnlyFromReadyAndResumeOnlyFromSuspended() {
        for (StoreStatus status : StoreStatus.values()) {
            Store store = store(status, 1);
            if (status == READY) {
                assertEquals(SUSPENDING, store.startSuspend(Instant.now()).status());
                assertTrue(store.canSuspend());
            } else {
                InvalidStateException e = assertThrows(InvalidStateException.class, () -> store.startSuspend(Instant.now()));
                assertTrue(e.getMessage().contains("only a ready store can be suspended"), e.getMessage());
                assertFalse(store.canSuspend(), status.name());
            }
            if (status == SUSPENDED) {
                assertEquals(RESUMING, store.startResume(Instant.now()).status());
                assertTrue(store.canResume());
            } else {
                assertThrows(InvalidStateException.class, () -> store.startResume(Instant.now()), status.name());
                assertFalse(store.canResume(), status.name());
            }
        }
    }

    @Test
    void aSuspendedStoreKeepsItsRevisionAndUrlAndRefusesOrdersInWords() {
        Instant now = Instant.parse("2026-01-02T00:00:00Z");
        Store ready = store(PROVISIONING, null).ready(3, "http://shop.test", now);
        Store suspended = ready.startSuspend(now).suspended(now);
        assertEquals(SUSPENDED, suspended.status());
        assertEquals(3, suspended.helmRevision());
        assertEquals("http://shop.test", suspended.url());
        assertFalse(suspended.status().isTransitional(), "nothing runs while a store is suspended");
        assertTrue(SUSPENDING.isTransitional() && RESUMING.isTransitional());
        InvalidStateException refused = assertThrows(InvalidStateException.class,
                () -> suspended.requireReadyFor("place a test order"));
        assertEquals("Cannot place a test order on store 'Shop' while it is suspended; only a ready store takes"
                + " orders. Resume it first.", refused.getMessage());
        assertEquals(READY, suspended.startResume(now).ready(3, "http://shop.test", now).status());
    }

    @Test
    void aRestoreOnlyFromReadyKeepsTheRevisionAndACutOneOfMariaDbFailsInWords() {
        for (StoreStatus status : StoreStatus.values()) {
            Store store = store(status, 1);
            if (status == READY) {
                assertEquals(RESTORING, store.startRestore(Instant.now()).status());
                assertTrue(store.canRestore());
            } else {
                InvalidStateException e = assertThrows(InvalidStateException.class, () -> store.startRestore(Instant.now()));
                assertTrue(e.getMessage().contains("only a ready store's data can be restored"), e.getMessage());
                assertFalse(store.canRestore(), status.name());
            }
        }
        Instant now = Instant.parse("2026-01-02T00:00:00Z");
        Store restoring = store(PROVISIONING, null).ready(3, "http://shop.test", now).startRestore(now);
        assertTrue(RESTORING.isTransitional(), "busy for every console while its data goes back");
        Store back = restoring.restored(now);
        assertEquals(READY, back.status());
        assertEquals(3, back.helmRevision());
        assertEquals("http://shop.test", back.url());
        assertEquals("restoring", RESTORING.label());
    }

    @Test
    void jsonSpellingIsLowerCase() {
        assertEquals("created", CREATED.code());
        assertEquals("rolling_back", ROLLING_BACK.code());
    }

    static Store store(StoreStatus status, Integer revision) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new Store(1L, "Shop", "shop", StoreType.WOOCOMMERCE, "alice", null, status, "store-shop", "store-shop",
                revision, null, null, now, now, now, null, null, null);
    }
}
