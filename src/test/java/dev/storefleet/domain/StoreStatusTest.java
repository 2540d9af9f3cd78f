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
    private static final Map<StoreStatus, Set<StoreStatus>> DESIGN = Map.of(
            CREATED, EnumSet.of(PROVISIONING, DELETING),
            PROVISIONING, EnumSet.of(READY, FAILED, DELETING),
            READY, EnumSet.of(PROVISIONING, UPGRADING, ROLLING_BACK, DELETING),
            UPGRADING, EnumSet.of(READY, FAILED, DELETING),
            ROLLING_BACK, EnumSet.of(READY, FAILED, DELETING),
            FAILED, EnumSet.of(PROVISIONING, ROLLING_BACK, DELETING),
            DELETING, EnumSet.of(DELETING));

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
