package dev.storefleet.persistence;

import dev.storefleet.testing.TestPostgres;

/** {@link AuditLogPagingTest} on a real PostgreSQL: its LIKE and its escape character. */
class AuditLogPagingOnPostgresTest extends AuditLogPagingTest {
    @Override
    protected DatabaseTarget database() {
        return TestPostgres.freshDatabase();
    }
}
