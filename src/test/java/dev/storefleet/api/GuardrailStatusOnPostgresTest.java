package dev.storefleet.api;

import dev.storefleet.persistence.DatabaseTarget;
import dev.storefleet.testing.TestPostgres;

/** {@link GuardrailStatusTest} with the server on a real PostgreSQL, the team database. */
class GuardrailStatusOnPostgresTest extends GuardrailStatusTest {
    @Override
    protected DatabaseTarget database() {
        return TestPostgres.freshDatabase();
    }
}
