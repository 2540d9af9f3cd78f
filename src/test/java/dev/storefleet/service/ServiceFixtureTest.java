package dev.storefleet.service;

import dev.storefleet.persistence.DatabaseTarget;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of tests that want a fresh {@link ServiceFixture} (real services, a real database) per test. */
public abstract class ServiceFixtureTest {
    @TempDir
    protected Path dir;
    protected ServiceFixture fx;

    @BeforeEach
    void openServiceFixture() {
        fx = new ServiceFixture(database(), new FakeCluster(), EngineSettings.DEFAULTS, null);
    }

    /** The database the tests run on: the H2 file in {@link #dir}; PostgreSQL in the subclasses that say so. */
    protected DatabaseTarget database() {
        return DatabaseTarget.h2(dir);
    }

    @AfterEach
    void closeServiceFixture() {
        fx.close();
    }
}
