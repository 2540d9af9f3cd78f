package dev.storefleet.api;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the API test classes: one running server (real services, test cluster) per class,
 * emptied of stores before each test so tests do not see each other's stores.
 */
abstract class ApiFixtureTest {
    @TempDir
    static Path dir;
    static ApiFixture fx;

    @BeforeAll
    static void startApi() throws Exception {
        fx = new ApiFixture(dir);
    }

    @AfterAll
    static void stopApi() {
        fx.close();
    }

    @BeforeEach
    void emptyConsole() throws Exception {
        fx.deleteAllStores();
    }
}
