package dev.storefleet.api;

import dev.storefleet.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;

/** {@link GuardrailStatusTest} over HTTP on a real PostgreSQL, the team database. */
class GuardrailStatusOnPostgresTest extends GuardrailStatusTest {
    /** Hides {@link ApiFixtureTest}'s start: the same server, on PostgreSQL. */
    @BeforeAll
    static void startApi() throws Exception {
        fx = new ApiFixture(dir, TestPostgres.freshDatabase());
    }
}
