package dev.storefleet.api;

import dev.storefleet.persistence.DatabaseTarget;
import dev.storefleet.testing.TestPostgres;

/** {@link ConcurrentCreateTest} with the server on a real PostgreSQL, the team database. */
class ConcurrentCreateOnPostgresTest extends ConcurrentCreateTest {
    @Override
    protected DatabaseTarget database() {
        return TestPostgres.freshDatabase();
    }
}
