package dev.storefleet.api;

import dev.storefleet.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;

/** {@link ConcurrentCreateTest} over HTTP on a real PostgreSQL, the team database. */
class ConcurrentCreateOnPostgresTest extends ConcurrentCreateTest {
    /** Hides {@link ApiFixtureTest}'s start: the same server, on PostgreSQL. */
    @BeforeAll
    static void startApi() throws Exception {
        fx = new ApiFixture(dir, TestPostgres.freshDatabase());
    }
}
