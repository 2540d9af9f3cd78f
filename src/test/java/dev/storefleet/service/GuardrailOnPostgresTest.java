package dev.storefleet.service;

import dev.storefleet.persistence.DatabaseTarget;
import dev.storefleet.testing.TestPostgres;

/** {@link GuardrailTest} on a real PostgreSQL, the team database. */
class GuardrailOnPostgresTest extends GuardrailTest {
    @Override
    protected DatabaseTarget database() {
        return TestPostgres.freshDatabase();
    }
}
