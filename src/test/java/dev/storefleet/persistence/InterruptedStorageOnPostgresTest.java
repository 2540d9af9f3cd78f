package dev.storefleet.persistence;

import dev.storefleet.testing.TestPostgres;

/** {@link InterruptedStorageTest} on a real PostgreSQL: an interrupt must not cost a pooled connection its work either. */
class InterruptedStorageOnPostgresTest extends InterruptedStorageTest {
    @Override
    protected DatabaseTarget database() {
        return TestPostgres.freshDatabase();
    }
}
