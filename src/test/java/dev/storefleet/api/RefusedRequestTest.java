package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.storefleet.domain.StoreStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the API tests whose every request is refused: after each test the shared store is as
 * it was, and no store, audit row, Helm revision or call to a store's API was made.
 */
abstract class RefusedRequestTest extends SharedStoreApiTest {
    private long auditRows;

    @BeforeEach
    void countAuditRows() {
        auditRows = fx.countRows("audit_event");
    }

    @AfterEach
    void nothingChanged() throws Exception {
        fx.settle();
        assertEquals(1, fx.countRows("store"), "no store created or removed");
        assertEquals(auditRows, fx.countRows("audit_event"), "no audit row: the request never reached a service");
        assertEquals(StoreStatus.READY, fx.store(storeId).status());
        assertEquals(1, fx.store(storeId).helmRevision());
        assertEquals(List.of(), fx.storeOrders.calls, "no store's API was called");
    }
}
