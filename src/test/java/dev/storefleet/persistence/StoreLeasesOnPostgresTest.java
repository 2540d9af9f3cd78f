package dev.storefleet.persistence;

import dev.storefleet.testing.TestPostgres;

/** {@link StoreLeasesTest} on a real PostgreSQL, where leases are what several consoles share. */
class StoreLeasesOnPostgresTest extends StoreLeasesTest {
    @Override
    protected DatabaseTarget database() {
        return TestPostgres.freshDatabase();
    }
}
