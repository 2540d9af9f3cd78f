package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.ConflictException;
import dev.storefleet.domain.ErrorKind;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.QuotaExceededException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreException;
import dev.storefleet.domain.StoreNotFoundException;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every row of docs/design.md's guardrail table, on the real H2 file database: each refusal is
 * its typed error with its HTTP status, changes no store, and leaves exactly one audit row
 * saying it was refused.
 */
class GuardrailTest extends ServiceFixtureTest {
    @Test
    void missingNameOrOwnerIsAValidationError() {
        refusedWithNothingWritten(ErrorKind.VALIDATION, 400, ValidationException.class,
                () -> fx.stores().create(new NewStoreRequest(null, "alice", null, null), "api"));
        refusedWithNothingWritten(ErrorKind.VALIDATION, 400, ValidationException.class,
                () -> fx.stores().create(new NewStoreRequest("Shop", "  ", null, null), "api"));
    }

    @Test
    void nameWithoutUsableCharactersOrTooLongIsAValidationError() {
        refusedWithNothingWritten(ErrorKind.VALIDATION, 400, ValidationException.class, () -> fx.create("???", "alice"));
        refusedWithNothingWritten(ErrorKind.VALIDATION, 400, ValidationException.class,
                () -> fx.create("n".repeat(64), "alice"));
    }

    @Test
    void aRefusedNameIsAuditedWithItsInvisibleCharactersWrittenOut() {
        refusedWithNothingWritten(ErrorKind.VALIDATION, 400, ValidationException.class,
                () -> fx.create("Shop\u0085\u202Eevil", "alice"));
        assertEquals("Shop<U+0085><U+202E>evil", fx.auditNewestFirst().get(0).storeName(),
                "nothing invisible reaches the activity feed or its CSV");
    }

    @Test
    void duplicateNameIsAConflictIgnoringCaseAndPunctuation() {
        fx.create("My Store", "alice");
        fx.settle();
        StoreException exact = refusedWithNothingWritten(ErrorKind.CONFLICT, 400, ConflictException.class,
                () -> fx.create("MY STORE", "bob"));
        assertTrue(exact.getMessage().contains("A store named 'My Store' already exists"), exact.getMessage());
        StoreException sameSlug = refusedWithNothingWritten(ErrorKind.CONFLICT, 400, ConflictException.class,
                () -> fx.create("my-store", "bob"));
        assertTrue(sameSlug.getMessage().contains("namespace store-my-store"), sameSlug.getMessage());
    }

    @Test
    void fourthStoreOfAnOwnerIsAQuotaError() {
        fx.create("One", "alice");
        fx.create("Two", "alice");
        fx.create("Three", "ALICE"); // owners compare without case: no way around the quota
        fx.settle();
        StoreException e = refusedWithNothingWritten(ErrorKind.QUOTA, 403, QuotaExceededException.class,
                () -> fx.create("Four", "alice"));
        assertTrue(e.getMessage().contains("already has 3 stores"), e.getMessage());
        fx.create("Bobs", "bob"); // other owners are not affected
    }

    @Test
    void unknownStoreIsNotFoundForEveryAction() {
        long missing = 987_654;
        long auditRows = fx.countRows("audit_event");
        StoreNotFoundException read = assertThrows(StoreNotFoundException.class, () -> fx.stores().get(missing));
        assertEquals(404, read.kind().httpStatus());
        assertEquals(auditRows, fx.countRows("audit_event"), "a read is not an action: not audited");
        refusedWithNothingWritten(ErrorKind.NOT_FOUND, 404, StoreNotFoundException.class,
                () -> fx.stores().retry(missing, "api"));
        refusedWithNothingWritten(ErrorKind.NOT_FOUND, 404, StoreNotFoundException.class,
                () -> fx.stores().upgrade(missing, Map.of(), "api"));
        refusedWithNothingWritten(ErrorKind.NOT_FOUND, 404, StoreNotFoundException.class,
                () -> fx.stores().rollback(missing, 1, "api"));
        refusedWithNothingWritten(ErrorKind.NOT_FOUND, 404, StoreNotFoundException.class,
                () -> fx.stores().delete(missing, "api"));
    }

    @Test
    void retryOfAStoreThatIsNotFailedIsAnInvalidStateError() {
        Store store = fx.create("Shop", "alice");
        fx.settle();
        assertEquals(StoreStatus.READY, fx.stores().get(store.id()).status());
        StoreException e = refusedWithNothingWritten(ErrorKind.INVALID_STATE, 400, InvalidStateException.class,
                () -> fx.stores().retry(store.id(), "api"));
        assertTrue(e.getMessage().contains("only a failed store can be retried"), e.getMessage());
    }

    @Test
    void helmOrKubernetesFailureMakesTheStoreFailedWithItsErrorAudited() {
        fx.cluster().failNext(FakeCluster.Step.INSTALL, 1);
        Store store = fx.create("Shop", "alice");
        fx.settle();
        Store failed = fx.stores().get(store.id());
        assertEquals(StoreStatus.FAILED, failed.status());
        assertTrue(failed.lastError().contains("installing release store-shop in namespace store-shop"),
                failed.lastError());
        AuditEvent last = fx.auditNewestFirst().get(0);
        assertEquals(ActionType.PROVISION_FAILED, last.action());
        assertEquals(Outcome.FAILURE, last.outcome());
        assertEquals(failed.lastError(), last.detail());
    }

    /**
     * Runs a refused request and checks: its type, kind and status; the stores are as they
     * were; exactly one new audit row, REJECTED, carrying the same words.
     */
    private StoreException refusedWithNothingWritten(ErrorKind kind, int status, Class<? extends StoreException> type,
            Supplier<?> request) {
        fx.settle();
        List<Store> storesBefore = fx.stores().list();
        long auditBefore = fx.countRows("audit_event");
        StoreException e = assertThrows(type, request::get);
        assertEquals(kind, e.kind());
        assertEquals(status, e.kind().httpStatus());
        fx.settle();
        assertEquals(storesBefore, fx.stores().list(), "stores must not change");
        assertEquals(auditBefore + 1, fx.countRows("audit_event"), "exactly one audit row for the refusal");
        AuditEvent row = fx.auditNewestFirst().get(0);
        assertEquals(Outcome.REJECTED, row.outcome());
        assertEquals(e.getMessage(), row.detail());
        assertTrue(List.of(ServiceFixture.ACTOR, "api").contains(row.actor()), row.actor());
        return e;
    }
}
