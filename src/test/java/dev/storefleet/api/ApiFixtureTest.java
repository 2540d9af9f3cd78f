package dev.storefleet.api;

import dev.storefleet.persistence.DatabaseTarget;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the API test classes: one running server (real services, test cluster) per class,
 * emptied of stores before each test so tests do not see each other's stores. One instance per
 * class, so that a subclass can choose the database the server runs on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiFixtureTest {
    @TempDir
    static Path dir;
    static ApiFixture fx;

    /** The database the server runs on: an H2 file under {@link #dir}; PostgreSQL in the subclasses that say so. */
    protected DatabaseTarget database() {
        return DatabaseTarget.h2(dir.resolve("data"));
    }

    @BeforeAll
    void startApi() throws Exception {
        fx = new ApiFixture(dir, database());
    }

    @AfterAll
    void stopApi() {
        fx.close();
    }

    @BeforeEach
    void emptyConsole() throws Exception {
        fx.deleteAllStores();
    }
}
