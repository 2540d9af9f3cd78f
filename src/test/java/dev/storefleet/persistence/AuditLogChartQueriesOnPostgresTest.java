package dev.storefleet.persistence;

import dev.storefleet.testing.TestPostgres;

/** {@link AuditLogChartQueriesTest} on a real PostgreSQL: the same SQL must count the same. */
class AuditLogChartQueriesOnPostgresTest extends AuditLogChartQueriesTest {
    @Override
    protected DatabaseTarget database() {
        return TestPostgres.freshDatabase();
    }
}
