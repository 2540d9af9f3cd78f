package dev.storefleet.persistence;

import dev.storefleet.testing.TestPostgres;

/** {@link OverlappingTransactionsTest} on a real PostgreSQL: its own errors for a taken name and a lock wait. */
class OverlappingTransactionsOnPostgresTest extends OverlappingTransactionsTest {
    @Override
    protected DatabaseTarget database() {
        return TestPostgres.freshDatabase();
    }
}
