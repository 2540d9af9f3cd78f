package dev.storefleet.persistence;

import dev.storefleet.testing.TestPostgres;

/** {@link RestartAndMigrationTest} on a real PostgreSQL: the same history, migrated from version 1 by its own scripts. */
class RestartAndMigrationOnPostgresTest extends RestartAndMigrationTest {
    @Override
    protected DatabaseTarget database() {
        return TestPostgres.freshDatabase();
    }
}
