package dev.storefleet.service;

import dev.storefleet.persistence.DatabaseTarget;
import dev.storefleet.testing.TestPostgres;

/** {@link ConcurrencyTest} on a real PostgreSQL, the team database. */
class ConcurrencyOnPostgresTest extends ConcurrencyTest {
    @Override
    protected DatabaseTarget database() {
        return TestPostgres.freshDatabase();
    }
}
