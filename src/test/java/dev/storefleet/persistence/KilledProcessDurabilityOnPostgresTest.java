package dev.storefleet.persistence;

import dev.storefleet.testing.TestPostgres;

/** {@link KilledProcessDurabilityTest} with the killed process writing to a real PostgreSQL. */
class KilledProcessDurabilityOnPostgresTest extends KilledProcessDurabilityTest {
    @Override
    protected String database() {
        return TestPostgres.freshDatabaseUrl();
    }

    /** The server, not the killed client, makes a commit durable: two kills show the client holds nothing back. */
    @Override
    protected int rounds() {
        return 2;
    }
}
